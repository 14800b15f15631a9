//! Reads plan.toml into its raw fields, reporting syntax and type errors with line and column.

use crate::error::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// plan.toml as written; defaults and checks are applied in validation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<f64>,
    pub periods: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// Display names of `regions`, one per region in the same order (reports use them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_names: Option<Vec<String>>,
    /// Where each field was written, for diagnostics (not part of the file's contract).
    #[serde(skip)]
    pub at: PlanLines,
}

/// The file label and the line of each plan field (1 when the field is absent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanLines {
    pub file: String,
    pub name: usize,
    pub unit: usize,
    pub periods: usize,
    pub regions: usize,
    pub region_names: usize,
}

/// Field spans, read in a second pass (the first pass denies unknown fields).
#[derive(Deserialize)]
struct Spans {
    name: Option<toml::Spanned<toml::Value>>,
    unit: Option<toml::Spanned<toml::Value>>,
    periods: Option<toml::Spanned<toml::Value>>,
    regions: Option<toml::Spanned<toml::Value>>,
    region_names: Option<toml::Spanned<toml::Value>>,
}

pub fn read_plan(path: &Path) -> Result<RawPlan, Diagnostic> {
    let file = path.display().to_string();
    let text = super::bounded::read_text(path, "E0001", "a dataset folder needs plan.toml")?;
    parse_plan(&file, &text)
}

pub fn parse_plan(file: &str, text: &str) -> Result<RawPlan, Diagnostic> {
    let mut plan = toml::from_str::<RawPlan>(text).map_err(|e| {
        let msg = e.message().replace('\n', " ");
        let d = Diagnostic::error(
            "E0010",
            file,
            format!("malformed plan.toml: {msg}; expected name, periods (a list of strings) and optional currency, unit, regions, region_names"),
        );
        match e.span() {
            Some(span) => {
                let (line, col) = super::bounded::line_col(text, span.start);
                d.at(line, col.to_string())
            }
            None => d,
        }
    })?;
    let spans: Option<Spans> = toml::from_str(text).ok();
    let line = |v: Option<&toml::Spanned<toml::Value>>| {
        v.map(|v| super::bounded::line_col(text, v.span().start).0)
            .unwrap_or(1)
    };
    plan.at = match &spans {
        Some(s) => PlanLines {
            file: file.into(),
            name: line(s.name.as_ref()),
            unit: line(s.unit.as_ref()),
            periods: line(s.periods.as_ref()),
            regions: line(s.regions.as_ref()),
            region_names: line(s.region_names.as_ref()),
        },
        None => PlanLines {
            file: file.into(),
            name: 1,
            unit: 1,
            periods: 1,
            regions: 1,
            region_names: 1,
        },
    };
    Ok(plan)
}
