//! Dataset workbooks: the blank template, and a raw dataset as a workbook or as a CSV folder
//! (`taplan template`, `taplan convert`).

use super::{header, new_book, write_cell};
use crate::error::Diagnostic;
use crate::input::{RawDataset, RawPlan, RawTable};
use crate::{Error, Result};
use rust_xlsxwriter::{DataValidation, Formula, Workbook, Worksheet};
use std::path::Path;

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
fn list_validation(ws: &mut Worksheet, col: u16, source: &str) -> Result<()> {
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(source))
        .ignore_blank(true);
    ws.add_data_validation(1, col, 5000, col, &dv)?;
    Ok(())
}

fn dataset_sheets(
    book: &mut Workbook,
    plan: Option<&RawPlan>,
    tables: &[Option<&RawTable>; 5],
) -> Result<()> {
    plan_sheet(book.add_worksheet().set_name("plan")?, plan)?;
    for ((name, cols), table) in COLUMNS.iter().zip(tables) {
        let ws = book.add_worksheet().set_name(*name)?;
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
        validations(ws, name, &headers)?;
    }
    let ws = book.add_worksheet().set_name("instructions")?;
    ws.set_column_width(0, 120)?;
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        ws.write_string(i as u32, 0, *line)?;
    }
    Ok(())
}

/// The plan sheet: name, currency and unit as key/value rows; periods, regions and region
/// names as lists.
fn plan_sheet(ws: &mut Worksheet, plan: Option<&RawPlan>) -> Result<()> {
    header(
        ws,
        &["key", "value", "", "periods", "regions", "region_names"].map(String::from),
    )?;
    let p = plan.cloned().unwrap_or(RawPlan {
        name: String::new(),
        currency: Some("USD".into()),
        unit: Some(1000.0),
        periods: Vec::new(),
        regions: None,
        region_names: None,
        at: Default::default(),
    });
    ws.write_string(1, 0, "name")?;
    ws.write_string(1, 1, &p.name)?;
    ws.write_string(2, 0, "currency")?;
    ws.write_string(2, 1, p.currency.as_deref().unwrap_or("USD"))?;
    ws.write_string(3, 0, "unit")?;
    ws.write_number(3, 1, p.unit.unwrap_or(1000.0))?;
    for (i, per) in p.periods.iter().enumerate() {
        ws.write_string(1 + i as u32, 3, per)?;
    }
    for (i, r) in p.regions.iter().flatten().enumerate() {
        ws.write_string(1 + i as u32, 4, r)?;
    }
    for (i, r) in p.region_names.iter().flatten().enumerate() {
        ws.write_string(1 + i as u32, 5, r)?;
    }
    Ok(())
}

/// Drop-down lists on the columns that refer to another sheet, and true/false on the flags.
fn validations(ws: &mut Worksheet, sheet: &str, headers: &[String]) -> Result<()> {
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
        let Some(c) = headers.iter().position(|h| h == col).map(|i| i as u16) else {
            continue;
        };
        let own_id = matches!(
            (col, sheet),
            ("party", "parties") | ("theme", "themes") | ("partner", "partners")
        );
        if own_id {
            continue; // the id column itself
        }
        if src.is_empty() {
            let dv = DataValidation::new()
                .allow_list_strings(&["true", "false"])?
                .ignore_blank(true);
            ws.add_data_validation(1, c, 5000, c, &dv)?;
        } else {
            list_validation(ws, c, src)?;
        }
    }
    Ok(())
}

/// `taplan template`: a blank dataset workbook with headers, drop-downs and instructions.
pub fn write_template(path: &Path) -> Result<()> {
    let mut book = new_book();
    dataset_sheets(&mut book, None, &[None, None, None, None, None])?;
    crate::report::atomic::write_new_file(path, &book.save_to_buffer()?)
}

/// A raw dataset (read from CSV or a workbook) as a workbook.
pub fn write_dataset_workbook(raw: &RawDataset, path: &Path) -> Result<()> {
    let mut book = new_book();
    let tables = [
        raw.parties.as_ref(),
        raw.themes.as_ref(),
        raw.partners.as_ref(),
        raw.needs.as_ref(),
        raw.offers.as_ref(),
    ];
    dataset_sheets(&mut book, raw.plan.as_ref(), &tables)?;
    crate::report::atomic::write_new_file(path, &book.save_to_buffer()?)
}

/// A raw dataset as a CSV folder (plan.toml and the five tables), files written into `dir`.
pub fn write_dataset_folder(raw: &RawDataset, dir: &Path) -> Result<()> {
    let plan = raw.plan.as_ref().ok_or_else(|| missing_sheet("plan"))?;
    let toml = toml::to_string(plan)?;
    crate::report::write_file(dir, "plan.toml", &toml)?;
    let tables = [
        raw.parties.as_ref(),
        raw.themes.as_ref(),
        raw.partners.as_ref(),
        raw.needs.as_ref(),
        raw.offers.as_ref(),
    ];
    for ((name, _), t) in COLUMNS.iter().zip(tables) {
        let t = t.ok_or_else(|| missing_sheet(name))?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let keep: Vec<usize> = (0..t.headers.len())
            .filter(|&i| !t.headers[i].is_empty())
            .collect();
        w.write_record(keep.iter().map(|&i| &t.headers[i]))?;
        for row in &t.rows {
            w.write_record(
                keep.iter()
                    .map(|&i| row.cells.get(i).map(|s| s.as_str()).unwrap_or("")),
            )?;
        }
        let text = String::from_utf8(w.into_inner()?)?;
        crate::report::write_file(dir, &format!("{name}.csv"), &text)?;
    }
    Ok(())
}

/// A sheet the reader could not turn into a table (reported by the reader first; this is the
/// backstop when converting).
fn missing_sheet(name: &str) -> Error {
    Error::Invalid(vec![Diagnostic::error(
        "E0001",
        name,
        format!("the workbook has no readable {name} sheet"),
    )])
}
