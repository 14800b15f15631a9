//! Reads one CSV file into a header and rows of trimmed string cells, with line numbers.

use crate::error::Diagnostic;
use std::path::Path;

/// One data row: its 1-based line in the file (the header is line 1) and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A CSV file as read: header names (BOM stripped, trimmed) and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
}

impl RawTable {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// Read `path`. Errors: E0001 missing/unreadable file, E0002 malformed CSV (with its line).
pub fn read_table(path: &Path) -> Result<RawTable, Diagnostic> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("E0001", &file, format!("cannot read the file ({e}); a dataset folder needs this file"))
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Diagnostic::error("E0002", &file, format!("not UTF-8 text ({e}); save the file as UTF-8 CSV"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_table(&file, text)
}

/// Parse CSV text; `file` is used only in diagnostics.
pub fn parse_table(file: &str, text: &str) -> Result<RawTable, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(csv_diag(file, &e)),
    };
    if headers.iter().all(|h| h.is_empty()) {
        return Err(Diagnostic::error("E0002", file, "the file is empty; expected a header row").at_line(1));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_diag(file, &e))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines carry nothing
        }
        rows.push(RawRow { line, cells: record.iter().map(|c| c.trim().to_string()).collect() });
    }
    Ok(RawTable { file: file.to_string(), headers, rows })
}

fn csv_diag(file: &str, e: &csv::Error) -> Diagnostic {
    let d = Diagnostic::error("E0002", file, format!("malformed CSV: {e}; every row needs as many cells as the header"));
    match e.position() {
        Some(p) => d.at_line(p.line() as usize),
        None => d,
    }
}
