//! Reading a plan folder's files for verification: allocation rows, summary and shadow prices.

use crate::dataset::Dataset;
use std::collections::HashMap;
use std::path::Path;

/// One allocation.csv row resolved to dataset indices.
pub struct AllocRow {
    pub line: usize,
    pub offer: usize,
    pub need: usize,
    pub amount: f64,
}

pub struct Summary {
    pub objective: f64,
    /// The policy kind (`policy_kind`), or `None` when the summary names none.
    pub kind: Option<String>,
}

/// Shadow prices from sensitivity/.
pub struct Duals {
    pub offer: Vec<f64>,
    pub need: Vec<f64>,
    pub cap: HashMap<(usize, usize), f64>,
}

/// One record of a CSV file with its header positions.
struct Row<'a> {
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

/// The records of a CSV file (line number, row), sharing one header map.
struct Table {
    columns: HashMap<String, usize>,
    records: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    fn rows(&self) -> impl Iterator<Item = (usize, Row<'_>)> {
        self.records.iter().map(|(line, record)| {
            (
                *line,
                Row {
                    columns: &self.columns,
                    record,
                },
            )
        })
    }
}

fn read_csv(path: &Path) -> Result<Table, String> {
    // A plan folder is read with the same bounds as a dataset: a regular file of at most 64 MiB.
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() || meta.len() > crate::input::bounded::MAX_FILE_BYTES {
        return Err(format!(
            "{}: not a regular file of at most 64 MiB",
            path.display()
        ));
    }
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let columns = rdr
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    let mut records = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        records.push((rec.position().map(|p| p.line() as usize).unwrap_or(0), rec));
    }
    Ok(Table { columns, records })
}

fn field<'a>(row: &'a Row, name: &str, file: &str, line: usize) -> Result<&'a str, String> {
    row.columns
        .get(name)
        .and_then(|&i| row.record.get(i))
        .ok_or_else(|| format!("{file} line {line}: no `{name}` column"))
}

fn number(row: &Row, name: &str, file: &str, line: usize) -> Result<f64, String> {
    let v = field(row, name, file, line)?;
    v.parse::<f64>()
        .map_err(|_| format!("{file} line {line}: `{name}` is \"{v}\", not a number"))
}

fn position<T>(
    items: &[T],
    key: impl Fn(&T) -> &str,
    code: &str,
    what: &str,
    line: usize,
) -> Result<usize, String> {
    items
        .iter()
        .position(|x| key(x) == code)
        .ok_or_else(|| format!("allocation.csv line {line}: unknown {what} \"{code}\""))
}

pub fn read_summary(dir: &Path) -> Result<Summary, String> {
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let objective = v["objective"]
        .as_f64()
        .ok_or("summary.json has no numeric `objective`")?;
    let kind = v["policy_kind"].as_str().map(String::from);
    Ok(Summary { objective, kind })
}

/// Rows of allocation.csv (or deferred.csv, same columns) resolved to dataset indices.
pub fn read_allocation(ds: &Dataset, dir: &Path, file: &str) -> Result<Vec<AllocRow>, String> {
    let needs: HashMap<(usize, usize, usize), usize> = ds
        .needs
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.party.index(), n.theme.index(), n.period.index()), i))
        .collect();
    let mut out = Vec::new();
    let table = read_csv(&dir.join(file))?;
    for (line, row) in table.rows() {
        let f = |name| field(&row, name, file, line);
        let offer = position(&ds.offers, |o| &o.code, f("offer")?, "offer", line)?;
        let partner = &ds.partners[ds.offers[offer].partner.index()].code;
        if f("partner")? != partner {
            return Err(format!(
                "{file} line {line}: partner \"{}\" is not the partner of offer {} ({partner})",
                f("partner")?,
                ds.offers[offer].code
            ));
        }
        let party = position(&ds.parties, |p| &p.code, f("party")?, "party", line)?;
        let theme = position(&ds.themes, |t| &t.code, f("theme")?, "theme", line)?;
        let period = position(&ds.periods, |p| p, f("period")?, "period", line)?;
        let need = *needs
            .get(&(party, theme, period))
            .ok_or_else(|| format!("{file} line {line}: no such need"))?;
        out.push(AllocRow {
            line,
            offer,
            need,
            amount: number(&row, "amount", file, line)?,
        });
    }
    Ok(out)
}

pub fn read_duals(ds: &Dataset, dir: &Path) -> Result<Duals, String> {
    let s = dir.join("sensitivity");
    Ok(Duals {
        offer: offer_duals(ds, &s)?,
        need: need_duals(ds, &s)?,
        cap: cap_duals(ds, &s)?,
    })
}

fn offer_duals(ds: &Dataset, s: &Path) -> Result<Vec<f64>, String> {
    let file = "sensitivity/offers.csv";
    let mut offer = vec![0.0; ds.offers.len()];
    for (line, r) in read_csv(&s.join("offers.csv"))?.rows() {
        let o = position(
            &ds.offers,
            |o| &o.code,
            field(&r, "offer", file, line)?,
            "offer",
            line,
        )?;
        offer[o] = number(&r, "shadow_price", file, line)?;
    }
    Ok(offer)
}

fn need_duals(ds: &Dataset, s: &Path) -> Result<Vec<f64>, String> {
    let file = "sensitivity/needs.csv";
    let code = |n: &crate::dataset::Need| {
        (
            ds.parties[n.party.index()].code.as_str(),
            ds.themes[n.theme.index()].code.as_str(),
            ds.periods[n.period.index()].as_str(),
        )
    };
    let needs: HashMap<(&str, &str, &str), usize> = ds
        .needs
        .iter()
        .enumerate()
        .map(|(i, n)| (code(n), i))
        .collect();
    let mut need = vec![0.0; ds.needs.len()];
    for (line, r) in read_csv(&s.join("needs.csv"))?.rows() {
        let f = |name| field(&r, name, file, line);
        let key = (f("party")?, f("theme")?, f("period")?);
        let n = *needs
            .get(&key)
            .ok_or_else(|| format!("{file} line {line}: no such need"))?;
        need[n] = number(&r, "shadow_price", file, line)?;
    }
    Ok(need)
}

fn cap_duals(ds: &Dataset, s: &Path) -> Result<HashMap<(usize, usize), f64>, String> {
    let mut cap = HashMap::new();
    for (line, r) in read_csv(&s.join("party_caps.csv"))?.rows() {
        let o = position(
            &ds.offers,
            |o| &o.code,
            field(&r, "offer", "party_caps.csv", line)?,
            "offer",
            line,
        )?;
        let p = position(
            &ds.parties,
            |p| &p.code,
            field(&r, "party", "party_caps.csv", line)?,
            "party",
            line,
        )?;
        if ds.offers[o].max_per_party.is_none() {
            return Err(format!(
                "party_caps.csv line {line}: offer {} has no max_per_party, so no cap row",
                ds.offers[o].code
            ));
        }
        cap.insert(
            (o, p),
            number(&r, "shadow_price", "sensitivity/party_caps.csv", line)?,
        );
    }
    Ok(cap)
}

/// A carry-over row: capacity moved from one offer to the same partner's next-biennium offer.
pub struct Carry {
    pub line: usize,
    pub from: usize,
    pub to: usize,
    pub amount: f64,
}

/// deferred.csv and carry_over.csv, when the plan has them (four-year policy).
pub fn read_four_year(ds: &Dataset, dir: &Path) -> Result<(Vec<AllocRow>, Vec<Carry>), String> {
    let deferred = if dir.join("deferred.csv").is_file() {
        read_allocation(ds, dir, "deferred.csv")?
    } else {
        Vec::new()
    };
    let mut carries = Vec::new();
    if dir.join("carry_over.csv").is_file() {
        let table = read_csv(&dir.join("carry_over.csv"))?;
        for (line, r) in table.rows() {
            let from = position(
                &ds.offers,
                |o| &o.code,
                field(&r, "from_offer", "carry_over.csv", line)?,
                "offer",
                line,
            )?;
            let to = position(
                &ds.offers,
                |o| &o.code,
                field(&r, "to_offer", "carry_over.csv", line)?,
                "offer",
                line,
            )?;
            carries.push(Carry {
                line,
                from,
                to,
                amount: number(&r, "amount", "carry_over.csv", line)?,
            });
        }
    }
    Ok((deferred, carries))
}

/// One figure per row of a plan table: the row's key cells and the number in `value`.
pub struct Figure {
    pub line: usize,
    pub key: Vec<String>,
    pub value: f64,
}

/// Every row of `dir/file`: its line, its `key` cells and what `value` makes of the row.
fn keyed_rows<T>(
    dir: &Path,
    file: &str,
    key: &[&str],
    value: impl Fn(&Row, usize) -> Result<T, String>,
) -> Result<Vec<(usize, Vec<String>, T)>, String> {
    let table = read_csv(&dir.join(file))?;
    let mut out = Vec::with_capacity(table.records.len());
    for (line, row) in table.rows() {
        let cells = key
            .iter()
            .map(|k| field(&row, k, file, line).map(String::from))
            .collect::<Result<Vec<_>, _>>()?;
        out.push((line, cells, value(&row, line)?));
    }
    Ok(out)
}

/// A row's key cells and its optional numbers.
pub type OptionalFigures = (Vec<String>, Vec<Option<f64>>);

/// The numbers in columns `values` of `dir/file`, keyed by `key` columns; None where a cell is
/// empty or its column absent (parties.csv `funded_low`/`funded_high` without `--ranges`).
pub fn read_optional_figures(
    dir: &Path,
    file: &str,
    key: &[&str],
    values: &[&str],
) -> Result<Vec<OptionalFigures>, String> {
    let rows = keyed_rows(dir, file, key, |row, line| {
        values
            .iter()
            .map(|&v| match row.columns.get(v) {
                Some(_) if !field(row, v, file, line)?.is_empty() => {
                    number(row, v, file, line).map(Some)
                }
                _ => Ok(None),
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(rows.into_iter().map(|(_, k, v)| (k, v)).collect())
}

/// The `value` column of `dir/file` keyed by `key` columns (needs.csv, parties.csv, offers.csv).
pub fn read_figures(
    dir: &Path,
    file: &str,
    key: &[&str],
    value: &str,
) -> Result<Vec<Figure>, String> {
    let rows = keyed_rows(dir, file, key, |row, line| number(row, value, file, line))?;
    Ok(rows
        .into_iter()
        .map(|(line, key, value)| Figure { line, key, value })
        .collect())
}
