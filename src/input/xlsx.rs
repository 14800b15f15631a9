//! Reads a dataset workbook (.xlsx, the layout `taplan template` writes) into raw rows. Cells
//! are turned into text exactly as the CSV reader would see them; diagnostics name the
//! workbook and sheet as the file (`book.xlsx[needs]`) and the sheet row as the line.

use super::{RawDataset, RawPlan, RawRow, RawTable};
use crate::error::Diagnostic;
use calamine::{open_workbook_auto, Data, Range, Reader};
use std::path::Path;

/// The sheets of a dataset workbook, in the order of the contract.
pub const TABLE_SHEETS: [&str; 5] = ["parties", "themes", "partners", "needs", "offers"];

/// Text of a cell as the CSV reader would see it: numbers in shortest form, booleans as
/// true/false, empty as "".
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn sheet_label(path: &Path, sheet: &str) -> String {
    format!("{}[{sheet}]", path.display())
}

fn table(path: &Path, sheet: &str, range: &Range<Data>) -> Result<RawTable, Diagnostic> {
    let file = sheet_label(path, sheet);
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut rows = range.rows().enumerate();
    let Some((_, header)) = rows.next() else {
        return Err(Diagnostic::error("E0002", &file, "the sheet is empty; expected a header row").at_line(1));
    };
    // Cells left of the used range are empty; keep column positions aligned with a padded header.
    let mut headers: Vec<String> = vec![String::new(); first_col];
    headers.extend(header.iter().map(cell_text));
    let mut out = Vec::new();
    for (i, row) in rows {
        let mut cells: Vec<String> = vec![String::new(); first_col];
        cells.extend(row.iter().map(cell_text));
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        out.push(RawRow { line: first_row + i + 1, cells });
    }
    let headers: Vec<String> = headers.into_iter().collect();
    Ok(RawTable { file, headers, rows: out })
}

/// The plan sheet: key/value pairs in columns A:B (name, currency, unit), the periods listed
/// under a `periods` header and the regions under a `regions` header (columns D and E).
fn plan(path: &Path, range: &Range<Data>) -> Result<RawPlan, Diagnostic> {
    let file = sheet_label(path, "plan");
    let t = table(path, "plan", range)?;
    let col = |name: &str| t.headers.iter().position(|h| h == name);
    let (Some(k), Some(v)) = (col("key"), col("value")) else {
        return Err(Diagnostic::error("E0010", &file, "the plan sheet needs `key` and `value` columns (and `periods`, optional `regions`)").at_line(1));
    };
    let get = |key: &str| t.rows.iter().find(|r| r.cells.get(k).map(|c| c == key).unwrap_or(false)).and_then(|r| r.cells.get(v).cloned()).filter(|s| !s.is_empty());
    let list = |name: &str| col(name).map(|c| t.rows.iter().filter_map(|r| r.cells.get(c).cloned()).filter(|s| !s.is_empty()).collect::<Vec<_>>());
    let name = get("name").ok_or_else(|| Diagnostic::error("E0010", &file, "missing `name` row in the plan sheet").at(1, "key"))?;
    let unit = match get("unit") {
        None => None,
        Some(u) => Some(u.parse::<f64>().map_err(|_| {
            let line = t.rows.iter().find(|r| r.cells.get(k).map(|c| c == "unit").unwrap_or(false)).map(|r| r.line).unwrap_or(1);
            Diagnostic::error("E0010", &file, format!("`unit` is \"{u}\"; expected a number such as 1000")).at(line, "value")
        })?),
    };
    let periods = list("periods").ok_or_else(|| Diagnostic::error("E0010", &file, "missing `periods` column in the plan sheet").at_line(1))?;
    Ok(RawPlan { name, currency: get("currency"), unit, periods, regions: list("regions").filter(|r| !r.is_empty()) })
}

/// Read a dataset workbook; unreadable sheets are `None` with their problem in `diags`.
pub fn read_workbook(path: &Path, diags: &mut Vec<Diagnostic>) -> RawDataset {
    let mut empty = RawDataset { plan: None, parties: None, themes: None, partners: None, needs: None, offers: None };
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error("E0001", path.display().to_string(), format!("cannot read the workbook ({e})")));
            return empty;
        }
    };
    let mut sheet = |name: &str, diags: &mut Vec<Diagnostic>| match book.worksheet_range(name) {
        Ok(r) => Some(r),
        Err(_) => {
            diags.push(Diagnostic::error("E0001", sheet_label(path, name), format!("the workbook has no `{name}` sheet; `taplan template` shows the layout")));
            None
        }
    };
    empty.plan = sheet("plan", diags).and_then(|r| plan(path, &r).map_err(|d| diags.push(d)).ok());
    let mut tables: Vec<Option<RawTable>> = Vec::new();
    for name in TABLE_SHEETS {
        tables.push(sheet(name, diags).and_then(|r| table(path, name, &r).map_err(|d| diags.push(d)).ok()));
    }
    let mut it = tables.into_iter();
    empty.parties = it.next().flatten();
    empty.themes = it.next().flatten();
    empty.partners = it.next().flatten();
    empty.needs = it.next().flatten();
    empty.offers = it.next().flatten();
    empty
}
