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

/// Read `path`. Errors: E0001 missing/unreadable file, E0004 not a regular file, E0005 too
/// large, E0002 malformed CSV (with its physical line).
pub fn read_table(path: &Path) -> Result<RawTable, Diagnostic> {
    let text = super::bounded::read_text(path, "E0001", "a dataset folder needs this file")?;
    parse_table(&path.display().to_string(), &text)
}

/// Parse CSV text; `file` is used only in diagnostics. Line numbers are physical lines of the
/// text (header = 1) whatever the line ends (LF or CRLF) and however many lines a quoted cell
/// spans.
pub fn parse_table(file: &str, text: &str) -> Result<RawTable, Diagnostic> {
    let lines = LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(csv_diag(file, text, &e, &lines)),
    };
    if headers.iter().all(|h| h.is_empty()) {
        return Err(
            Diagnostic::error("E0002", file, "the file is empty; expected a header row").at(1, "1"),
        );
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_diag(file, text, &e, &lines))?;
        let line = record
            .position()
            .map(|p| lines.line_of(first_byte(text, p.byte() as usize)))
            .unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines carry nothing
        }
        rows.push(RawRow {
            line,
            cells: record.iter().map(|c| c.trim().to_string()).collect(),
        });
    }
    Ok(RawTable {
        file: file.to_string(),
        headers,
        rows,
    })
}

/// The record's first byte: csv reports a record as starting at the line break before it when
/// lines end in CRLF, so skip line-break bytes.
fn first_byte(text: &str, mut offset: usize) -> usize {
    let bytes = text.as_bytes();
    while offset < bytes.len() && (bytes[offset] == b'\r' || bytes[offset] == b'\n') {
        offset += 1;
    }
    offset
}

/// Byte offsets of line starts, to turn a byte position into a physical line.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }
    /// The 1-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

fn csv_diag(file: &str, text: &str, e: &csv::Error, lines: &LineIndex) -> Diagnostic {
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} cells and the header {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
        _ => e.to_string().replace('\n', " "),
    };
    let d = Diagnostic::error(
        "E0002",
        file,
        format!("malformed CSV: {what}; every row needs as many cells as the header"),
    );
    let Some(p) = e.position() else {
        return d;
    };
    let start = first_byte(text, p.byte() as usize);
    // The first cell beyond the shorter of the row and the header, or where the reader stopped.
    let column = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("column {}", (*len).min(*expected_len) + 1),
        _ => super::bounded::line_col(text, start).1.to_string(),
    };
    d.at(lines.line_of(start), column)
}
