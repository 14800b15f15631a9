//! Excel workbooks: the dataset template, CSV folder <-> workbook conversion, and the plan
//! workbook built from a plan folder's CSV files (rust_xlsxwriter).

use crate::input::{RawDataset, RawPlan, RawTable};
use crate::{Error, Result};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, Worksheet};
use std::path::Path;

fn xerr(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Other(format!("xlsx: {e}"))
}

/// The contract's columns, in template order.
pub const COLUMNS: [(&str, &[&str]); 5] = [
    (
        "parties",
        &["party", "name", "region", "ldc", "sids", "weight"],
    ),
    ("themes", &["theme", "name", "weight"]),
    ("partners", &["partner", "name", "kind"]),
    ("needs", &["party", "theme", "period", "amount", "priority"]),
    (
        "offers",
        &[
            "offer",
            "partner",
            "period",
            "amount",
            "themes",
            "regions",
            "parties",
            "max_per_party",
            "effectiveness",
        ],
    ),
];

const INSTRUCTIONS: &[&str] = &[
    "taplan dataset workbook",
    "",
    "Fill one sheet per contract file; docs/data-format.md in the taplan repository documents every column.",
    "plan: name, currency (default USD) and unit (1000 = amounts in thousands) as key/value rows; list the periods (biennia) in order under `periods` and, optionally, the allowed regions under `regions`.",
    "parties: one row per Party receiving assistance: ISO3 code, name, region, ldc and sids (true/false), optional weight (> 0, default 1).",
    "themes: theme id, name, optional weight. partners: partner id, name, kind (financial_mechanism, bilateral, regional_centre, igo, secretariat, ...).",
    "needs: party, theme, period, amount (> 0), optional priority (> 0). One row per (party, theme, period).",
    "offers: offer id, partner, period, amount (> 0), themes and regions (';'-separated ids, * for all), optional parties list, max_per_party, effectiveness.",
    "Drop-downs check ids against the other sheets. Then run: taplan validate plan.xlsx, and taplan plan plan.xlsx --out my-plan",
];

/// Write `text` as a number when it reads back to the same text, else as a string.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    num: Option<&Format>,
) -> Result<()> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && format!("{v}") == text => match num {
            Some(f) => ws.write_number_with_format(row, col, v, f).map(|_| ()),
            None => ws.write_number(row, col, v).map(|_| ()),
        },
        _ => ws.write_string(row, col, text).map(|_| ()),
    }
    .map_err(xerr)
}

fn header(ws: &mut Worksheet, cols: &[String]) -> Result<()> {
    let bold = Format::new().set_bold();
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(xerr)?;
        ws.set_column_width(c as u16, (h.len() as f64 + 4.0).max(12.0))
            .map_err(xerr)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    Ok(())
}

fn list_validation(ws: &mut Worksheet, col: u16, source: &str) -> Result<()> {
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(source))
        .ignore_blank(true);
    ws.add_data_validation(1, col, 5000, col, &dv)
        .map_err(xerr)?;
    Ok(())
}

fn dataset_sheets(
    book: &mut Workbook,
    plan: Option<&RawPlan>,
    tables: &[Option<&RawTable>; 5],
) -> Result<()> {
    let ws = book.add_worksheet().set_name("plan").map_err(xerr)?;
    header(
        ws,
        &["key", "value", "", "periods", "regions"].map(String::from),
    )?;
    let p = plan.cloned().unwrap_or(RawPlan {
        name: String::new(),
        currency: Some("USD".into()),
        unit: Some(1000.0),
        periods: Vec::new(),
        regions: None,
        at: Default::default(),
    });
    ws.write_string(1, 0, "name").map_err(xerr)?;
    ws.write_string(1, 1, &p.name).map_err(xerr)?;
    ws.write_string(2, 0, "currency").map_err(xerr)?;
    ws.write_string(2, 1, p.currency.as_deref().unwrap_or("USD"))
        .map_err(xerr)?;
    ws.write_string(3, 0, "unit").map_err(xerr)?;
    ws.write_number(3, 1, p.unit.unwrap_or(1000.0))
        .map_err(xerr)?;
    for (i, per) in p.periods.iter().enumerate() {
        ws.write_string(1 + i as u32, 3, per).map_err(xerr)?;
    }
    for (i, r) in p.regions.iter().flatten().enumerate() {
        ws.write_string(1 + i as u32, 4, r).map_err(xerr)?;
    }
    for ((name, cols), table) in COLUMNS.iter().zip(tables) {
        let ws = book.add_worksheet().set_name(*name).map_err(xerr)?;
        let headers: Vec<String> = match table {
            Some(t) => t.headers.clone(),
            None => cols.iter().map(|s| s.to_string()).collect(),
        };
        header(ws, &headers)?;
        if let Some(t) = table {
            for (r, row) in t.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    write_cell(ws, 1 + r as u32, c as u16, cell, None)?;
                }
            }
        }
        let at = |c: &str| headers.iter().position(|h| h == c).map(|i| i as u16);
        let lists: [(&str, &str); 7] = [
            ("party", "=parties!$A$2:$A$5000"),
            ("theme", "=themes!$A$2:$A$5000"),
            ("partner", "=partners!$A$2:$A$5000"),
            ("period", "=plan!$D$2:$D$100"),
            ("region", "=plan!$E$2:$E$100"),
            ("ldc", ""),
            ("sids", ""),
        ];
        for (col, src) in lists {
            let Some(c) = at(col) else { continue };
            if (col == "party" && *name == "parties")
                || (col == "theme" && *name == "themes")
                || (col == "partner" && *name == "partners")
            {
                continue; // the id column itself
            }
            if src.is_empty() {
                let dv = DataValidation::new()
                    .allow_list_strings(&["true", "false"])
                    .map_err(xerr)?
                    .ignore_blank(true);
                ws.add_data_validation(1, c, 5000, c, &dv).map_err(xerr)?;
            } else {
                list_validation(ws, c, src)?;
            }
        }
    }
    let ws = book
        .add_worksheet()
        .set_name("instructions")
        .map_err(xerr)?;
    ws.set_column_width(0, 120).map_err(xerr)?;
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        ws.write_string(i as u32, 0, *line).map_err(xerr)?;
    }
    Ok(())
}

/// `taplan template`: a blank dataset workbook with headers, drop-downs and instructions.
pub fn write_template(path: &Path) -> Result<()> {
    let mut book = Workbook::new();
    dataset_sheets(&mut book, None, &[None, None, None, None, None])?;
    book.save(path).map_err(xerr)
}

/// A raw dataset (read from CSV or a workbook) as a workbook.
pub fn write_dataset_workbook(raw: &RawDataset, path: &Path) -> Result<()> {
    let mut book = Workbook::new();
    let tables = [
        raw.parties.as_ref(),
        raw.themes.as_ref(),
        raw.partners.as_ref(),
        raw.needs.as_ref(),
        raw.offers.as_ref(),
    ];
    dataset_sheets(&mut book, raw.plan.as_ref(), &tables)?;
    book.save(path).map_err(xerr)
}

/// A raw dataset as a CSV folder (plan.toml and the five tables), files written into `dir`.
pub fn write_dataset_folder(raw: &RawDataset, dir: &Path) -> Result<()> {
    let plan = raw
        .plan
        .as_ref()
        .ok_or_else(|| Error::Other("the workbook has no readable plan sheet".into()))?;
    let toml = toml::to_string(plan).map_err(|e| Error::Other(e.to_string()))?;
    super::write_file(dir, "plan.toml", &toml)?;
    let tables = [
        raw.parties.as_ref(),
        raw.themes.as_ref(),
        raw.partners.as_ref(),
        raw.needs.as_ref(),
        raw.offers.as_ref(),
    ];
    for ((name, _), t) in COLUMNS.iter().zip(tables) {
        let t =
            t.ok_or_else(|| Error::Other(format!("the workbook has no readable {name} sheet")))?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let keep: Vec<usize> = (0..t.headers.len())
            .filter(|&i| !t.headers[i].is_empty())
            .collect();
        w.write_record(keep.iter().map(|&i| &t.headers[i]))
            .map_err(|e| Error::Other(e.to_string()))?;
        for row in &t.rows {
            w.write_record(
                keep.iter()
                    .map(|&i| row.cells.get(i).map(|s| s.as_str()).unwrap_or("")),
            )
            .map_err(|e| Error::Other(e.to_string()))?;
        }
        let text = String::from_utf8(w.into_inner().map_err(|e| Error::Other(e.to_string()))?)
            .map_err(|e| Error::Other(e.to_string()))?;
        super::write_file(dir, &format!("{name}.csv"), &text)?;
    }
    Ok(())
}

/// A workbook with one sheet per (sheet name, CSV text), plus a summary sheet of key/value
/// pairs first: frozen headers, filters, amounts in the plan's unit, shares as percentages.
pub fn write_tables_workbook(
    path: &Path,
    summary: &[(String, String)],
    sheets: &[(&str, String)],
    unit_label: &str,
) -> Result<()> {
    let mut book = Workbook::new();
    let amount = Format::new().set_num_format("#,##0.0");
    let share = Format::new().set_num_format("0.0%");
    let ws = book.add_worksheet().set_name("summary").map_err(xerr)?;
    header(
        ws,
        &[
            "figure".to_string(),
            format!("value ({unit_label} where an amount)"),
        ],
    )?;
    ws.set_column_width(0, 30).map_err(xerr)?;
    ws.set_column_width(1, 40).map_err(xerr)?;
    for (i, (k, v)) in summary.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, k).map_err(xerr)?;
        write_cell(ws, 1 + i as u32, 1, v, Some(&amount))?;
    }
    for (name, csv_text) in sheets {
        let mut rdr = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::Other(e.to_string()))?
            .iter()
            .map(String::from)
            .collect();
        let ws = book.add_worksheet().set_name(*name).map_err(xerr)?;
        header(ws, &headers)?;
        let formats: Vec<Option<&Format>> = headers
            .iter()
            .map(|h| {
                if [
                    "coverage",
                    "share",
                    "utilisation",
                    "scale",
                    "price",
                    "gini",
                    "theil",
                ]
                .iter()
                .any(|k| h.contains(k))
                {
                    Some(&share)
                } else {
                    Some(&amount)
                }
            })
            .collect();
        let mut n = 0u32;
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::Other(e.to_string()))?;
            n += 1;
            for (c, cell) in rec.iter().enumerate() {
                let fmt = if matches!(headers[c].as_str(), "gini" | "theil") {
                    None
                } else {
                    formats[c]
                };
                write_cell(ws, n, c as u16, cell, fmt)?;
            }
        }
        if !headers.is_empty() {
            ws.autofilter(0, 0, n.max(1), headers.len() as u16 - 1)
                .map_err(xerr)?;
        }
    }
    book.save(path).map_err(xerr)
}

/// plan.xlsx from a written plan folder: summary, allocation, per Party, per offer, unmet
/// needs, and sensitivity and budget curve where present.
pub fn write_plan_workbook(dir: &Path) -> Result<()> {
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
    let summary: serde_json::Value = read("summary.json")
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let mut figures = Vec::new();
    if let Some(obj) = summary.as_object() {
        for (k, v) in obj {
            match v {
                serde_json::Value::Object(inner) => figures.extend(
                    inner
                        .iter()
                        .map(|(ik, iv)| (format!("{k}.{ik}"), scalar(iv))),
                ),
                other => figures.push((k.clone(), scalar(other))),
            }
        }
    }
    let unit = match (summary["unit"].as_f64(), summary["currency"].as_str()) {
        (Some(1000.0), Some(c)) => format!("thousand {c}"),
        (Some(u), Some(c)) => format!("{c} x {u}"),
        _ => "plan unit".into(),
    };
    let mut sheets: Vec<(&str, String)> = Vec::new();
    for (sheet, file) in [
        ("allocation", "allocation.csv"),
        ("parties", "parties.csv"),
        ("offers", "offers.csv"),
        ("needs", "needs.csv"),
    ] {
        if let Some(t) = read(file) {
            sheets.push((sheet, t));
        }
    }
    if let Some(t) = read("needs.csv") {
        sheets.push(("unmet needs", unmet_only(&t)?));
    }
    for (sheet, file) in [
        ("sensitivity offers", "sensitivity/offers.csv"),
        ("sensitivity needs", "sensitivity/needs.csv"),
        ("party caps", "sensitivity/party_caps.csv"),
        ("budget curve", "sensitivity/budget_curve.csv"),
        ("shortfalls", "shortfalls.csv"),
        ("carry over", "carry_over.csv"),
        ("deferred", "deferred.csv"),
    ] {
        if let Some(t) = read(file) {
            sheets.push((sheet, t));
        }
    }
    write_tables_workbook(&dir.join("plan.xlsx"), &figures, &sheets, &unit)
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rows of needs.csv with a positive `unmet`.
fn unmet_only(needs_csv: &str) -> Result<String> {
    let mut rdr = csv::Reader::from_reader(needs_csv.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::Other(e.to_string()))?
        .clone();
    let col = headers
        .iter()
        .position(|h| h == "unmet")
        .ok_or_else(|| Error::Other("needs.csv has no unmet column".into()))?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(&headers)
        .map_err(|e| Error::Other(e.to_string()))?;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(e.to_string()))?;
        if rec
            .get(col)
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|u| u > 1e-9)
        {
            w.write_record(&rec)
                .map_err(|e| Error::Other(e.to_string()))?;
        }
    }
    String::from_utf8(w.into_inner().map_err(|e| Error::Other(e.to_string()))?)
        .map_err(|e| Error::Other(e.to_string()))
}

/// A workbook of the CSV files `files` found in `dir` (what-if and compare outputs).
pub fn write_folder_workbook(dir: &Path, out_name: &str, files: &[(&str, &str)]) -> Result<()> {
    let mut sheets = Vec::new();
    let mut sources = Vec::new();
    for (sheet, file) in files {
        if let Ok(t) = std::fs::read_to_string(dir.join(file)) {
            sheets.push((*sheet, t));
            sources.push(*file);
        }
    }
    // The source is named by its files, not its path: the folder is still a temporary one here,
    // and the same input must give the same workbook.
    write_tables_workbook(
        &dir.join(out_name),
        &[("source".into(), sources.join(", "))],
        &sheets,
        "plan unit",
    )
}
