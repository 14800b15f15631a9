//! Excel workbooks (rust_xlsxwriter): the tables workbook sink (plan.xlsx, comparison.xlsx,
//! compare.xlsx) built in memory from the CSV tables just rendered, and the dataset workbooks in
//! `dataset`. Every workbook carries a fixed creation time, so the same input gives the same bytes.

mod dataset;
mod solver;
mod summary;

pub use dataset::{write_dataset_folder, write_dataset_workbook, write_template};

use super::table::{Cell, Table};
use crate::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use summary::{Figure, figures, summary_sheet};

/// A workbook with fixed document properties (creation time 2000-01-01T00:00:00Z): no clock
/// in the bytes.
fn new_book() -> Workbook {
    let mut book = Workbook::new();
    if let Ok(epoch) = ExcelDateTime::from_ymd(2000, 1, 1) {
        book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    }
    book
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    num: Option<&Format>,
) -> Result<()> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && format!("{v}") == text => write_number(ws, row, col, v, num),
        _ => {
            ws.write_string(row, col, text)?;
            Ok(())
        }
    }
}

fn header(ws: &mut Worksheet, cols: &[String]) -> Result<()> {
    let bold = Format::new().set_bold();
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
        ws.set_column_width(c as u16, (h.len() as f64 + 4.0).max(12.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The number formats of the tables' columns.
struct Formats {
    amount: Format,
    share: Format,
    price: Format,
    factor: Format,
    count: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            amount: Format::new().set_num_format("#,##0.0"),
            share: Format::new().set_num_format("0.0%"),
            price: Format::new().set_num_format("0.000"),
            factor: Format::new().set_num_format("0.00"),
            count: Format::new().set_num_format("#,##0"),
        }
    }

    /// A column's format, by its name, first match wins: shadow prices, reduced costs, cost
    /// ranges and slopes (objective per plan unit) and Gini and Theil as `0.000`; counts as
    /// `#,##0`; shares (coverage, shares, utilisation, a policy's price) as `0.0%`; weights,
    /// priorities, effectiveness and scale factors as `0.00`; amounts as `#,##0.0`.
    fn of(&self, header: &str) -> &Format {
        const PRICES: [&str; 7] = [
            "shadow_price",
            "reduced_cost",
            "cost_low",
            "cost_high",
            "slope",
            "gini",
            "theil",
        ];
        const FACTORS: [&str; 5] = ["weight", "priority", "effectiveness", "scale", "factor"];
        const SHARES: [&str; 5] = ["coverage", "share", "utilisation", "price", "vs_coverage"];
        const COUNTS: [&str; 4] = ["parties", "partners", "iterations", "parties_at_zero"];
        let has = |list: &[&str]| list.iter().any(|k| header.contains(k));
        if has(&PRICES) {
            &self.price
        } else if COUNTS.contains(&header) {
            &self.count
        } else if has(&SHARES) {
            &self.share
        } else if has(&FACTORS) {
            &self.factor
        } else {
            &self.amount
        }
    }
}

/// Column widths from the content: the longest text in the column (header included), between
/// 8 and 60 characters.
fn fit_columns(ws: &mut Worksheet, t: &Table) -> Result<()> {
    for (c, h) in t.headers.iter().enumerate() {
        let longest = t
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|cell| match cell {
                Cell::Num(x) => format!("{x:.1}").len().min(16),
                other => other.csv().chars().count(),
            })
            .chain(std::iter::once(h.chars().count() + 2))
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (longest as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    Ok(())
}

/// plan.xlsx: a summary sheet of summary.json's figures, then the plan's tables (the same
/// typed tables the CSV files are written from): allocation, Parties, offers, needs, unmet
/// needs, sensitivity, budget curve and policy files where present.
pub fn plan_workbook(
    tables: &[(&str, &str, Table)],
    summary: &serde_json::Value,
    solver_report: Option<(
        &crate::dataset::Dataset,
        &crate::analysis::sensitivity::Sensitivity,
    )>,
) -> Result<Vec<u8>> {
    let figures = figures(summary);
    let unit = match (summary["unit"].as_f64(), summary["currency"].as_str()) {
        (Some(1000.0), Some(c)) => format!("thousand {c}"),
        (Some(u), Some(c)) => format!("{c} x {u}"),
        _ => "plan unit".into(),
    };
    let table = |file: &str| {
        tables
            .iter()
            .find(|(f, _, _)| *f == file)
            .map(|(_, _, t)| t)
    };
    let mut sheets: Vec<(&str, Table)> = Vec::new();
    for (sheet, file) in [
        ("allocation", "allocation.csv"),
        ("parties", "parties.csv"),
        ("offers", "offers.csv"),
        ("needs", "needs.csv"),
    ] {
        sheets.extend(table(file).map(|t| (sheet, t.clone())));
    }
    sheets.extend(table("needs.csv").map(|t| ("unmet needs", t.filtered("unmet", 1e-9))));
    for (sheet, file) in [
        ("programme", "programme.csv"),
        ("ranges", "ranges.csv"),
        ("sensitivity offers", "sensitivity/offers.csv"),
        ("sensitivity needs", "sensitivity/needs.csv"),
        ("party caps", "sensitivity/party_caps.csv"),
        ("budget curve", "sensitivity/budget_curve.csv"),
        ("shortfalls", "shortfalls.csv"),
        ("carry over", "carry_over.csv"),
        ("deferred", "deferred.csv"),
    ] {
        sheets.extend(table(file).map(|t| (sheet, t.clone())));
    }
    let mut book = typed_book(&figures, &sheets, &unit)?;
    if let Some((ds, s)) = solver_report {
        solver::solver_sheet(book.add_worksheet().set_name("sensitivity")?, ds, s)?;
    }
    Ok(book.save_to_buffer()?)
}

/// A workbook of typed tables after a summary sheet (the sink of [`Table`]s), as bytes.
fn typed_workbook(
    summary: &[(String, Figure)],
    sheets: &[(&str, Table)],
    unit_label: &str,
) -> Result<Vec<u8>> {
    Ok(typed_book(summary, sheets, unit_label)?.save_to_buffer()?)
}

/// The workbook of [`typed_workbook`], open for more sheets.
fn typed_book(
    summary: &[(String, Figure)],
    sheets: &[(&str, Table)],
    unit_label: &str,
) -> Result<Workbook> {
    let mut book = new_book();
    let formats = Formats::new();
    summary_sheet(
        book.add_worksheet().set_name("summary")?,
        summary,
        unit_label,
    )?;
    for (name, t) in sheets {
        let ws = book.add_worksheet().set_name(*name)?;
        header(ws, &t.headers)?;
        fit_columns(ws, t)?;
        let columns: Vec<&Format> = t.headers.iter().map(|h| formats.of(h)).collect();
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let fmt = match cell {
                    Cell::Count(_) => &formats.count,
                    _ => columns[c],
                };
                write_typed(ws, 1 + r as u32, c as u16, cell, Some(fmt))?;
            }
        }
        if !t.headers.is_empty() {
            ws.autofilter(
                0,
                0,
                (t.rows.len() as u32).max(1),
                t.headers.len() as u16 - 1,
            )?;
        }
    }
    Ok(book)
}

/// One typed cell: numbers and counts as numbers (in the column's format), the rest as text.
fn write_typed(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    fmt: Option<&Format>,
) -> Result<()> {
    match cell {
        Cell::Num(x) if x.is_finite() => write_number(ws, row, col, *x + 0.0, fmt),
        Cell::Count(n) => write_number(ws, row, col, *n as f64, fmt),
        other => {
            ws.write_string(row, col, other.csv())?;
            Ok(())
        }
    }
}

/// Every number of every sheet goes through here: rounded like the CSV files ([`super::rounded`]).
pub(super) fn write_number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: f64,
    fmt: Option<&Format>,
) -> Result<()> {
    let x = super::rounded(x);
    match fmt {
        Some(f) => ws.write_number_with_format(row, col, x, f)?,
        None => ws.write_number(row, col, x)?,
    };
    Ok(())
}

/// A workbook of the CSV tables `sheets` (sheet name, file name, text) of a what-if or compare
/// folder, rendered in memory and typed back ([`Table::from_csv`]).
pub fn folder_workbook(sheets: &[(&str, &str, &str)]) -> Result<Vec<u8>> {
    let sources: Vec<&str> = sheets.iter().map(|(_, file, _)| *file).collect();
    let tables = sheets
        .iter()
        .map(|(sheet, _, text)| Ok((*sheet, Table::from_csv(text)?)))
        .collect::<Result<Vec<_>>>()?;
    // The source is named by its files: the same input gives the same workbook.
    typed_workbook(
        &[("source".into(), Figure::Text(sources.join(", ")))],
        &tables,
        "plan unit",
    )
}
