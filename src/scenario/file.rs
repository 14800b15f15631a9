//! Reads a scenarios TOML file into named scenarios of edits, expanding sweeps, with the line
//! of every scenario and edit kept for error messages.

use crate::error::Diagnostic;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

use super::raw_edit::{At, RawEdit, concrete, expand};
pub use super::raw_edit::{MAX_SCALE, MAX_SCENARIOS, MIN_SCALE};

/// The most edits one file may expand to, over all its scenarios (a sweep copies every other
/// edit of its scenario into each of its variants).
pub const MAX_EDIT_COPIES: usize = 1_000_000;
pub use super::types::{Edit, NewNeed, NewOffer, OneOrMany, PlacedEdit, Select};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    edit: Vec<Spanned<RawEdit>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    scenario: Vec<RawScenario>,
}

/// A named scenario of edits applied in order, each with the line and column of its
/// `[[scenario.edit]]` table; `line` is where the scenario was defined.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub policy: Option<String>,
    pub edits: Vec<PlacedEdit>,
    pub file: String,
    pub line: usize,
}

/// Read and expand `path`. Errors carry the file, line and column.
pub fn read_scenarios(path: &Path) -> Result<Vec<Scenario>, Diagnostic> {
    let text = crate::input::bounded::read_text(path, "E0501", "check the --scenarios path")?;
    parse_scenarios(&path.display().to_string(), &text)
}

pub fn parse_scenarios(file: &str, text: &str) -> Result<Vec<Scenario>, Diagnostic> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::error(
            "E0502",
            file,
            format!(
                "malformed scenarios file: {}",
                e.message().replace('\n', " ")
            ),
        );
        match e.span() {
            Some(s) => {
                let (line, col) = crate::input::bounded::line_col(text, s.start);
                d.at(line, col.to_string())
            }
            None => d,
        }
    })?;
    let mut out = Vec::new();
    let mut folders = crate::names::FolderNames::default();
    // Scenarios and edits (each variant copies every edit) are counted before any is built.
    let (mut total, mut copies) = (0usize, 0usize);
    for sc in raw.scenario {
        let at = At::of(file, text, sc.name.span().start);
        let name = sc.name.get_ref().clone();
        check_name(&at, &name, &mut folders)?;
        let mut edits = Vec::new();
        let mut count = 1usize;
        for e in sc.edit {
            let eat = At::of(file, text, e.span().start);
            let concrete = concrete(&eat, e.get_ref())?;
            count = count.saturating_mul(concrete.len());
            if total.saturating_add(count) > MAX_SCENARIOS {
                return Err(eat.err("E0509", format!("the file expands to more than {MAX_SCENARIOS} scenarios; use fewer factors or a coarser sweep step")));
            }
            edits.push((eat, concrete));
        }
        total += count;
        copies = copies.saturating_add(count.saturating_mul(edits.len()));
        if total > MAX_SCENARIOS || copies > MAX_EDIT_COPIES {
            return Err(at.err("E0509", format!("the file expands to more than {MAX_SCENARIOS} scenarios or {MAX_EDIT_COPIES} edits in all; split it or use fewer factors")));
        }
        for (vname, edits) in expand(&name, &edits) {
            if vname != name {
                check_name(&at, &vname, &mut folders)?;
            }
            out.push(Scenario {
                name: vname,
                description: sc.description.clone().unwrap_or_default(),
                policy: sc.policy.clone(),
                edits,
                file: file.into(),
                line: at.line,
            });
        }
    }
    Ok(out)
}

/// A scenario or sweep name must be a folder name of its own: E0508 otherwise (E0503 for a
/// repeated name or the reserved `base`).
fn check_name(
    at: &At,
    name: &str,
    folders: &mut crate::names::FolderNames,
) -> Result<(), Diagnostic> {
    if let Some(problem) = crate::names::folder_name_problem(name) {
        return Err(at.err("E0508", format!("scenario {problem}")));
    }
    if name.eq_ignore_ascii_case("base") {
        return Err(at.err(
            "E0503",
            "scenario name \"base\" is reserved for the base plan; choose another".into(),
        ));
    }
    if let Some(first) = folders.insert(name) {
        return Err(at.err("E0503", format!("scenario name \"{name}\" is used twice (or differs from \"{first}\" only in letter case); give every scenario its own name")));
    }
    Ok(())
}
