//! The typed tables of a plan folder. Every table is built once, in memory, with a type per
//! cell; the CSV file and the workbook sheet are two sinks of the same table.

use super::num;
use crate::Result;

/// One cell: text (ids, names), a number (amounts, shares, prices), a flag or a count.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num(f64),
    Flag(bool),
    Count(usize),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as the CSV file writes it (numbers as [`num`] does).
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(x) => num(*x),
            Cell::Flag(b) => (if *b { "true" } else { "false" }).to_string(),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// A table: its column names and rows of typed cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// A table rendered as CSV text, typed back cell by cell: a cell that is the shortest text
    /// of a finite number is a number, anything else is text (what-if and compare tables, whose
    /// columns follow the dataset's regions and the metric list).
    pub fn from_csv(text: &str) -> Result<Table> {
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = rdr.headers()?.iter().map(String::from).collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            rows.push(rec?.iter().map(typed).collect());
        }
        Ok(Table { headers, rows })
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// Sort the rows by their CSV text, cell by cell (the order allocation.csv promises).
    pub fn sort_by_text(&mut self) {
        self.rows
            .sort_by_cached_key(|r| r.iter().map(Cell::csv).collect::<Vec<_>>());
    }

    /// The rows whose number in `column` is above `threshold` (e.g. needs with unmet > 0).
    pub fn filtered(&self, column: &str, threshold: f64) -> Table {
        let c = self.headers.iter().position(|h| h == column);
        let keep = |r: &&Vec<Cell>| matches!(c.and_then(|c| r.get(c)), Some(Cell::Num(x)) if *x > threshold);
        Table {
            headers: self.headers.clone(),
            rows: self.rows.iter().filter(keep).cloned().collect(),
        }
    }

    /// The CSV sink: a header row, then one record per row.
    pub fn csv(&self) -> Result<String> {
        let mut w = writer();
        rec(&mut w, &self.headers)?;
        for r in &self.rows {
            rec(&mut w, r.iter().map(Cell::csv))?;
        }
        finish(w)
    }
}

fn typed(text: &str) -> Cell {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && format!("{v}") == text => Cell::Num(v),
        _ => Cell::text(text),
    }
}

pub(super) fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Result<String> {
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Write one record of any cells (the one CSV record helper of the report writers).
pub(super) fn rec<I, T>(w: &mut csv::Writer<Vec<u8>>, cells: I) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    Ok(w.write_record(cells)?)
}
