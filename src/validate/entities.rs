//! Validation of the reference tables: parties (and their regions), themes and partners.

use super::table::{NumberRule, Table};
use crate::dataset::{Partner, Party, RegionId, Theme};
use crate::error::Diagnostic;
use crate::input::RawTable;
use std::collections::HashMap;

/// Checks a row's id is new; E0102 names the line of the first definition.
pub(super) struct Unique(HashMap<String, usize>);

impl Unique {
    pub(super) fn new() -> Self {
        Unique(HashMap::new())
    }
    pub(super) fn check(
        &mut self,
        t: &Table,
        row: &crate::input::RawRow,
        column: &str,
        id: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        if let Some(first) = self.0.get(id) {
            diags.push(t.diag("E0102", row, column, format!("duplicate {column} \"{id}\" (first defined on line {first}); keep one row per {column}")));
            false
        } else {
            self.0.insert(id.to_string(), row.line);
            true
        }
    }
}

/// Parties and the region list: the regions declared in plan.toml, or else those used here in
/// order of first appearance.
pub fn parties(
    raw: &RawTable,
    declared: Option<&[String]>,
    invalid: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<Party>) {
    let mut regions: Vec<String> = declared.map(|d| d.to_vec()).unwrap_or_default();
    let Some(t) = Table::new(
        raw,
        &["party", "name", "region"],
        &["ldc", "sids", "weight"],
        diags,
    ) else {
        return (regions, Vec::new());
    };
    let mut unique = Unique::new();
    let mut out = Vec::new();
    for row in t.rows() {
        let code = t.text(row, "party", diags);
        let name = t.text(row, "name", diags);
        let region = t
            .text(row, "region", diags)
            .and_then(|r| region_id(&t, row, r, &mut regions, declared.is_some(), diags));
        let ldc = t.flag(row, "ldc", diags);
        let sids = t.flag(row, "sids", diags);
        let weight = t.number(row, "weight", NumberRule::WEIGHT, diags);
        let Some(code) = code else { continue };
        if !unique.check(&t, row, "party", code, diags) {
            continue;
        }
        match (name, region, ldc, sids, weight) {
            (Some(name), Some(region), Some(ldc), Some(sids), Some(weight)) => out.push(Party {
                code: code.into(),
                name: name.into(),
                region,
                ldc,
                sids,
                weight,
            }),
            _ => invalid.push(code.into()),
        }
    }
    (regions, out)
}

fn region_id(
    t: &Table,
    row: &crate::input::RawRow,
    r: &str,
    regions: &mut Vec<String>,
    fixed: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<RegionId> {
    if let Some(i) = regions.iter().position(|x| x == r) {
        return Some(RegionId(i as u32));
    }
    if fixed {
        diags.push(t.diag(
            "E0305",
            row,
            "region",
            format!(
                "unknown region \"{r}\"; plan.toml allows {}",
                regions.join(", ")
            ),
        ));
        return None;
    }
    regions.push(r.to_string());
    Some(RegionId((regions.len() - 1) as u32))
}

pub fn themes(
    raw: &RawTable,
    invalid: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Theme> {
    let Some(t) = Table::new(raw, &["theme", "name"], &["weight"], diags) else {
        return Vec::new();
    };
    let mut unique = Unique::new();
    let mut out = Vec::new();
    for row in t.rows() {
        let code = t.text(row, "theme", diags);
        let name = t.text(row, "name", diags);
        let weight = t.number(row, "weight", NumberRule::WEIGHT, diags);
        let Some(code) = code else { continue };
        if unique.check(&t, row, "theme", code, diags) {
            match (name, weight) {
                (Some(name), Some(weight)) => out.push(Theme {
                    code: code.into(),
                    name: name.into(),
                    weight,
                }),
                _ => invalid.push(code.into()),
            }
        }
    }
    out
}

pub fn partners(
    raw: &RawTable,
    invalid: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Partner> {
    let Some(t) = Table::new(raw, &["partner", "name", "kind"], &[], diags) else {
        return Vec::new();
    };
    let mut unique = Unique::new();
    let mut out = Vec::new();
    for row in t.rows() {
        let code = t.text(row, "partner", diags);
        let name = t.text(row, "name", diags);
        let kind = t.text(row, "kind", diags);
        let Some(code) = code else { continue };
        if unique.check(&t, row, "partner", code, diags) {
            match (name, kind) {
                (Some(name), Some(kind)) => out.push(Partner {
                    code: code.into(),
                    name: name.into(),
                    kind: kind.into(),
                }),
                _ => invalid.push(code.into()),
            }
        }
    }
    out
}
