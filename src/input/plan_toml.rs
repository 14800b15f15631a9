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
}

pub fn read_plan(path: &Path) -> Result<RawPlan, Diagnostic> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error("E0001", &file, format!("cannot read the file ({e}); a dataset folder needs plan.toml"))
    })?;
    parse_plan(&file, text.strip_prefix('\u{feff}').unwrap_or(&text))
}

pub fn parse_plan(file: &str, text: &str) -> Result<RawPlan, Diagnostic> {
    toml::from_str::<RawPlan>(text).map_err(|e| {
        let msg = e.message().replace('\n', " ");
        let d = Diagnostic::error(
            "E0010",
            file,
            format!("malformed plan.toml: {msg}; expected name, periods (a list of strings) and optional currency, unit, regions"),
        );
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                d.at(line, col.to_string())
            }
            None => d,
        }
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}
