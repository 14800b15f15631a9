//! The summary sheet of plan.xlsx (and the source line of the folder workbooks): summary.json's
//! figures under human labels, each a number in the format that fits it or a text.

use super::{header, write_number};
use crate::Result;
use rust_xlsxwriter::{Format, Worksheet};
use serde_json::Value;

/// One figure of the summary sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Text(String),
    /// In the plan's unit (`#,##0.0`).
    Amount(f64),
    /// A fraction shown as a percentage (`0.0%`).
    Share(f64),
    /// A whole number (`#,##0`).
    Count(f64),
    /// Any other number, as it is (`General`).
    Number(f64),
}

/// Labels and kinds of summary.json's keys (nested keys as `outer.inner`); a key not listed
/// gets its name with spaces and the kind of its value.
const LABELS: &[(&str, &str, Kind)] = &[
    ("dataset", "Dataset", Kind::Text),
    ("policy", "Policy", Kind::Text),
    ("policy_kind", "Policy kind", Kind::Text),
    ("status", "Solver status", Kind::Text),
    ("currency", "Currency", Kind::Text),
    (
        "unit",
        "Plan unit (currency units per amount)",
        Kind::Number,
    ),
    ("total_need", "Total need", Kind::Amount),
    ("reachable_need", "Need some offer can reach", Kind::Amount),
    ("total_capacity", "Assistance available", Kind::Amount),
    ("total_allocated", "Allocated", Kind::Amount),
    ("share_of_need_met", "Share of need met", Kind::Share),
    ("weighted_coverage", "Weighted coverage", Kind::Share),
    (
        "objective",
        "Objective (weighted funding x effectiveness)",
        Kind::Amount,
    ),
    (
        "solver_objective",
        "Objective as the solver reported it",
        Kind::Amount,
    ),
    ("solver.name", "Solver", Kind::Text),
    ("solver.iterations", "Simplex iterations", Kind::Count),
    ("taplan_version", "taplan version", Kind::Text),
    ("counts.allocations", "Allocation rows", Kind::Count),
    ("counts.needs", "Needs", Kind::Count),
    ("counts.offers", "Offers", Kind::Count),
    ("counts.parties", "Parties", Kind::Count),
    ("counts.partners", "Partners", Kind::Count),
    ("counts.periods", "Biennia", Kind::Count),
    ("counts.themes", "Themes", Kind::Count),
    ("counts.warnings", "Input warnings", Kind::Count),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Amount,
    Share,
    Count,
    Number,
}

/// summary.json's figures (without the wall-clock `times`, so the workbook is the same bytes
/// on every run), labelled and typed.
pub fn figures(summary: &Value) -> Vec<(String, Figure)> {
    let mut flat: Vec<(String, &Value)> = Vec::new();
    if let Some(obj) = summary.as_object() {
        for (k, v) in obj.iter().filter(|(k, _)| *k != "times") {
            match v {
                Value::Object(inner) => {
                    flat.extend(inner.iter().map(|(ik, iv)| (format!("{k}.{ik}"), iv)))
                }
                other => flat.push((k.clone(), other)),
            }
        }
    }
    flat.into_iter().map(|(k, v)| figure(&k, v)).collect()
}

fn figure(key: &str, v: &Value) -> (String, Figure) {
    let known = LABELS.iter().find(|(k, _, _)| *k == key);
    let label = known.map_or_else(|| plain_label(key), |(_, l, _)| l.to_string());
    let kind = known.map_or(
        if v.is_number() {
            Kind::Number
        } else {
            Kind::Text
        },
        |(_, _, kind)| *kind,
    );
    let fig = match (kind, v.as_f64()) {
        (Kind::Amount, Some(x)) => Figure::Amount(x),
        (Kind::Share, Some(x)) => Figure::Share(x),
        (Kind::Count, Some(x)) => Figure::Count(x),
        (Kind::Number, Some(x)) => Figure::Number(x),
        _ => Figure::Text(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
    };
    (label, fig)
}

/// `outer.inner_key` as "Outer inner key".
fn plain_label(key: &str) -> String {
    let spaced = key.replace(['.', '_'], " ");
    let mut c = spaced.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Write the figures under a header, numbers as numbers in their formats.
pub fn summary_sheet(
    ws: &mut Worksheet,
    figures: &[(String, Figure)],
    unit_label: &str,
) -> Result<()> {
    header(
        ws,
        &[
            "figure".to_string(),
            format!("value ({unit_label} where an amount)"),
        ],
    )?;
    let amount = Format::new().set_num_format("#,##0.0");
    let share = Format::new().set_num_format("0.0%");
    let count = Format::new().set_num_format("#,##0");
    let widest = figures
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    ws.set_column_width(0, (widest as f64 + 2.0).clamp(20.0, 60.0))?;
    ws.set_column_width(1, 60)?;
    for (i, (label, fig)) in figures.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, label)?;
        match fig {
            Figure::Text(s) => {
                ws.write_string(row, 1, s)?;
            }
            Figure::Amount(x) => write_number(ws, row, 1, *x, Some(&amount))?,
            Figure::Share(x) => write_number(ws, row, 1, *x, Some(&share))?,
            Figure::Count(x) => write_number(ws, row, 1, *x, Some(&count))?,
            Figure::Number(x) => write_number(ws, row, 1, *x, None)?,
        }
    }
    Ok(())
}
