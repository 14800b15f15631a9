//! Reads a dataset workbook (.xlsx, the layout `taplan template` writes) into raw rows. Cells
//! are turned into text exactly as the CSV reader would see them; diagnostics name the
//! workbook and sheet as the file (`book.xlsx[needs]`) and the sheet row as the line.

use super::{PlanLines, RawDataset, RawPlan, RawRow, RawTable};
use crate::error::Diagnostic;
use calamine::{Data, Reader, Xlsx, XlsxCellReader};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

/// A dataset sheet has a handful of columns; a value beyond this one is refused (E0002), so that
/// no row costs more than this many cells.
pub const MAX_COLUMNS: usize = 256;
/// The most filled cells one sheet may hold (E0005): bounded memory, also for a workbook whose
/// compressed sheets unpack to far more than the file's size.
pub const MAX_CELLS: usize = 5_000_000;

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

/// A sheet read cell by cell: memory grows with the cells that exist, not with the sheet's
/// stated dimensions (a lone cell at XFD1048576 costs one row, not a dense 2^34-cell range).
fn table(
    file: String,
    sheet: &mut XlsxCellReader<'_, Cursor<Vec<u8>>>,
) -> Result<RawTable, Diagnostic> {
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut cells = 0usize;
    loop {
        let cell = sheet.next_cell().map_err(|e| {
            Diagnostic::error(
                "E0002",
                &file,
                format!("unreadable sheet ({e}); save it again with Excel or `taplan template`"),
            )
        })?;
        let Some(cell) = cell else { break };
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        if c as usize >= MAX_COLUMNS {
            let msg = format!(
                "a value beyond column {MAX_COLUMNS}; a dataset sheet has a few columns: clear the far cells"
            );
            return Err(Diagnostic::error("E0002", &file, msg)
                .at(r as usize + 1, format!("column {}", c + 1)));
        }
        cells += 1;
        if cells > MAX_CELLS {
            let msg =
                format!("more than {MAX_CELLS} filled cells; split the data or check the workbook");
            return Err(Diagnostic::error("E0005", &file, msg)
                .at(r as usize + 1, format!("column {}", c + 1)));
        }
        rows.entry(r).or_default().push((c, text));
    }
    let mut rows = rows.into_iter().map(|(r, cells)| RawRow {
        line: r as usize + 1,
        cells: dense(cells),
    });
    let Some(header) = rows.next() else {
        return Err(
            Diagnostic::error("E0002", &file, "the sheet is empty; expected a header row")
                .at(1, "column 1"),
        );
    };
    Ok(RawTable {
        file,
        headers: header.cells,
        rows: rows.collect(),
    })
}

/// Cells of one row by column, with empty text in the gaps.
fn dense(cells: Vec<(u32, String)>) -> Vec<String> {
    let width = cells
        .iter()
        .map(|(c, _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut out = vec![String::new(); width];
    for (c, text) in cells {
        out[c as usize] = text;
    }
    out
}

/// The plan sheet: key/value pairs in columns A:B (name, currency, unit), the periods listed
/// under a `periods` header, the regions under a `regions` header and their display names under
/// `region_names` (columns D, E and F).
fn plan(path: &Path, t: RawTable) -> Result<RawPlan, Diagnostic> {
    let file = sheet_label(path, "plan");
    let sheet = PlanSheet::new(&t).ok_or_else(|| {
        let msg =
            "the plan sheet needs `key` and `value` columns (and `periods`, optional `regions`)";
        Diagnostic::error("E0010", &file, msg).at(1, "key")
    })?;
    let name = sheet.get("name").ok_or_else(|| {
        Diagnostic::error("E0010", &file, "missing `name` row in the plan sheet").at(1, "key")
    })?;
    let unit = match sheet.get("unit") {
        None => None,
        Some(u) => Some(u.parse::<f64>().map_err(|_| {
            let msg = format!("`unit` is \"{u}\"; expected a number such as 1000");
            Diagnostic::error("E0010", &file, msg).at(sheet.line("unit"), "value")
        })?),
    };
    let periods = sheet.list("periods").ok_or_else(|| {
        Diagnostic::error("E0010", &file, "missing `periods` column in the plan sheet")
            .at(1, "periods")
    })?;
    let at = PlanLines {
        file: file.clone(),
        name: sheet.line("name"),
        unit: sheet.line("unit"),
        periods: 1,
        regions: 1,
        region_names: 1,
    };
    Ok(RawPlan {
        name,
        currency: sheet.get("currency"),
        unit,
        periods,
        regions: sheet.list("regions").filter(|r| !r.is_empty()),
        region_names: sheet.list("region_names").filter(|r| !r.is_empty()),
        at,
    })
}

/// The plan sheet: key/value rows, and lists in columns of their own.
struct PlanSheet<'a> {
    t: &'a RawTable,
    key: usize,
    value: usize,
}

impl<'a> PlanSheet<'a> {
    fn new(t: &'a RawTable) -> Option<Self> {
        Some(PlanSheet {
            t,
            key: t.column("key")?,
            value: t.column("value")?,
        })
    }

    fn row(&self, key: &str) -> Option<&'a RawRow> {
        self.t
            .rows
            .iter()
            .find(|r| r.cells.get(self.key).is_some_and(|c| c == key))
    }

    /// The value of `key`, if given and not empty.
    fn get(&self, key: &str) -> Option<String> {
        self.row(key)
            .and_then(|r| r.cells.get(self.value).cloned())
            .filter(|s| !s.is_empty())
    }

    /// The sheet row of `key` (1 when absent).
    fn line(&self, key: &str) -> usize {
        self.row(key).map(|r| r.line).unwrap_or(1)
    }

    /// The non-empty cells of column `name`, if the sheet has it.
    fn list(&self, name: &str) -> Option<Vec<String>> {
        let c = self.t.column(name)?;
        Some(
            self.t
                .rows
                .iter()
                .filter_map(|r| r.cells.get(c).cloned())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }
}

/// Read a dataset workbook; unreadable sheets are `None` with their problem in `diags`.
pub fn read_workbook(path: &Path, diags: &mut Vec<Diagnostic>) -> RawDataset {
    match super::bounded::read_bytes(path, "E0001", "check the workbook's path") {
        Ok(bytes) => read_workbook_bytes(path, bytes, diags),
        Err(d) => {
            diags.push(d);
            RawDataset::empty(sheet_label(path, "plan"))
        }
    }
}

/// Read a dataset workbook from its bytes; `path` names it in diagnostics.
pub fn read_workbook_bytes(path: &Path, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> RawDataset {
    let mut out = RawDataset::empty(sheet_label(path, "plan"));
    let mut book = match Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                "E0001",
                path.display().to_string(),
                format!("cannot read the workbook ({e}); save it as .xlsx"),
            ));
            return out;
        }
    };
    let mut sheet = |name: &str, diags: &mut Vec<Diagnostic>| {
        let file = sheet_label(path, name);
        let read = match book.worksheet_cells_reader(name) {
            Ok(mut cells) => table(file, &mut cells),
            Err(_) => Err(Diagnostic::error(
                "E0001",
                file,
                format!("the workbook has no `{name}` sheet; `taplan template` shows the layout"),
            )),
        };
        read.map_err(|d| diags.push(d)).ok()
    };
    out.plan = sheet("plan", diags).and_then(|t| plan(path, t).map_err(|d| diags.push(d)).ok());
    out.parties = sheet("parties", diags);
    out.themes = sheet("themes", diags);
    out.partners = sheet("partners", diags);
    out.needs = sheet("needs", diags);
    out.offers = sheet("offers", diags);
    out
}
