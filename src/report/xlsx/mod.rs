//! Excel workbooks (rust_xlsxwriter): the tables workbook sink (plan.xlsx, comparison.xlsx,
//! compare.xlsx) built in memory from the CSV tables just rendered, and the dataset workbooks in
//! `dataset`. Every workbook carries a fixed creation time, so the same input gives the same bytes.

mod dataset;

pub use dataset::{write_dataset_folder, write_dataset_workbook, write_template};

use super::table::{Cell, Table};
use crate::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

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
        Ok(v) if v.is_finite() && format!("{v}") == text => match num {
            Some(f) => ws.write_number_with_format(row, col, v, f)?,
            None => ws.write_number(row, col, v)?,
        },
        _ => ws.write_string(row, col, text)?,
    };
    Ok(())
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

/// The summary sheet: figure and value pairs.
fn summary_sheet(
    ws: &mut Worksheet,
    summary: &[(String, String)],
    unit_label: &str,
    amount: &Format,
) -> Result<()> {
    header(
        ws,
        &[
            "figure".to_string(),
            format!("value ({unit_label} where an amount)"),
        ],
    )?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 40)?;
    for (i, (k, v)) in summary.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, k)?;
        write_cell(ws, 1 + i as u32, 1, v, Some(amount))?;
    }
    Ok(())
}

/// Each column's number format, by its name: shares as percentages, amounts with thousands
/// separators, Gini and Theil as plain numbers.
fn column_formats<'f>(
    headers: &[String],
    (amount, share): (&'f Format, &'f Format),
) -> Vec<Option<&'f Format>> {
    let shares = [
        "coverage",
        "share",
        "utilisation",
        "scale",
        "price",
        "gini",
        "theil",
    ];
    headers
        .iter()
        .map(|h| match h.as_str() {
            "gini" | "theil" => None,
            h if shares.iter().any(|k| h.contains(k)) => Some(share),
            _ => Some(amount),
        })
        .collect()
}

/// plan.xlsx: a summary sheet of summary.json's figures, then the plan's tables (the same
/// typed tables the CSV files are written from): allocation, Parties, offers, needs, unmet
/// needs, sensitivity, budget curve and policy files where present.
pub fn plan_workbook(
    tables: &[(&str, &str, Table)],
    summary: &serde_json::Value,
) -> Result<Vec<u8>> {
    let mut figures = Vec::new();
    if let Some(obj) = summary.as_object() {
        // Wall-clock times stay in summary.json: the workbook is the same bytes on every run.
        for (k, v) in obj.iter().filter(|(k, _)| *k != "times") {
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
    typed_workbook(&figures, &sheets, &unit)
}

/// A workbook of typed tables after a summary sheet (the sink of [`Table`]s).
fn typed_workbook(
    summary: &[(String, String)],
    sheets: &[(&str, Table)],
    unit_label: &str,
) -> Result<Vec<u8>> {
    let mut book = new_book();
    let amount = Format::new().set_num_format("#,##0.0");
    let share = Format::new().set_num_format("0.0%");
    summary_sheet(
        book.add_worksheet().set_name("summary")?,
        summary,
        unit_label,
        &amount,
    )?;
    for (name, t) in sheets {
        let ws = book.add_worksheet().set_name(*name)?;
        header(ws, &t.headers)?;
        let formats = column_formats(&t.headers, (&amount, &share));
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                write_typed(ws, 1 + r as u32, c as u16, cell, formats[c])?;
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
    Ok(book.save_to_buffer()?)
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

fn write_number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: f64,
    fmt: Option<&Format>,
) -> Result<()> {
    match fmt {
        Some(f) => ws.write_number_with_format(row, col, x, f)?,
        None => ws.write_number(row, col, x)?,
    };
    Ok(())
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
        &[("source".into(), sources.join(", "))],
        &tables,
        "plan unit",
    )
}
