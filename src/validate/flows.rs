//! Validation of needs and offers: amounts, references into the reference tables, and lists.

use super::Ids;
use super::entities::Unique as UniqueIds;
use super::table::{ListCell, NumberRule, Table};
use crate::dataset::{Need, Offer, PartnerId, PartyId, PeriodId, Selection, ThemeId};
use crate::error::Diagnostic;
use crate::input::{RawRow, RawTable};
use std::collections::HashMap;

/// Resolve one id through `map`, or push `code` naming what would be accepted.
fn resolve(
    t: &Table,
    row: &RawRow,
    column: &str,
    value: &str,
    (map, code, what): (&HashMap<String, u32>, &'static str, &str),
    diags: &mut Vec<Diagnostic>,
) -> Option<u32> {
    match map.get(value) {
        Some(&super::INVALID_ROW) => None, // its own row is already reported
        None if map.contains_key(super::UNCHECKED) => None, // its table could not be read
        Some(&i) => Some(i),
        None => {
            let mut known: Vec<&String> = map.keys().collect();
            known.sort();
            let shown: Vec<&str> = known.iter().take(8).map(|s| s.as_str()).collect();
            let more = if known.len() > 8 { ", ..." } else { "" };
            diags.push(t.diag(
                code,
                row,
                column,
                format!(
                    "unknown {what} \"{value}\"; expected one of {}{more}",
                    shown.join(", ")
                ),
            ));
            None
        }
    }
}

/// A period reference; not checked (and `None`) when plan.toml has errors.
fn period(t: &Table, row: &RawRow, ids: &Ids, diags: &mut Vec<Diagnostic>) -> Option<u32> {
    let v = t.text(row, "period", diags)?;
    resolve(
        t,
        row,
        "period",
        v,
        (ids.periods.as_ref()?, "E0304", "period"),
        diags,
    )
}

/// The valid needs and the line each came from.
pub fn needs(raw: &RawTable, ids: &Ids, diags: &mut Vec<Diagnostic>) -> (Vec<Need>, Vec<usize>) {
    let Some(t) = Table::new(
        raw,
        &["party", "theme", "period", "amount"],
        &["priority"],
        diags,
    ) else {
        return Default::default();
    };
    let mut lines = Vec::new();
    let mut seen: HashMap<(u32, u32, u32), usize> = HashMap::new();
    let mut out = Vec::new();
    for row in t.rows() {
        let party = t
            .text(row, "party", diags)
            .and_then(|v| resolve(&t, row, "party", v, (&ids.parties, "E0301", "party"), diags));
        let theme = t
            .text(row, "theme", diags)
            .and_then(|v| resolve(&t, row, "theme", v, (&ids.themes, "E0302", "theme"), diags));
        let period = period(&t, row, ids, diags);
        let amount = t.number(row, "amount", NumberRule::AMOUNT, diags);
        let priority = t.number(row, "priority", NumberRule::WEIGHT, diags);
        let (Some(party), Some(theme), Some(period)) = (party, theme, period) else {
            continue;
        };
        if let Some(first) = seen.insert((party, theme, period), row.line) {
            diags.push(t.diag(
                "E0103",
                row,
                "party",
                format!(
                    "duplicate need for ({}, {}, {}) (first on line {first}); merge the rows",
                    t.cell(row, "party"),
                    t.cell(row, "theme"),
                    t.cell(row, "period")
                ),
            ));
            continue;
        }
        if let (Some(amount), Some(priority)) = (amount, priority) {
            out.push(Need {
                party: PartyId(party),
                theme: ThemeId(theme),
                period: PeriodId(period),
                amount,
                priority,
            });
            lines.push(row.line);
        }
    }
    (out, lines)
}

/// The valid offers and the line each came from.
pub fn offers(raw: &RawTable, ids: &Ids, diags: &mut Vec<Diagnostic>) -> (Vec<Offer>, Vec<usize>) {
    let required = ["offer", "partner", "period", "amount", "themes", "regions"];
    let optional = ["parties", "max_per_party", "effectiveness"];
    let Some(t) = Table::new(raw, &required, &optional, diags) else {
        return Default::default();
    };
    let mut unique = UniqueIds::new();
    let (mut out, mut lines) = (Vec::new(), Vec::new());
    for row in t.rows() {
        let code = t.text(row, "offer", diags);
        let offer = offer_fields(&t, row, ids, diags);
        let Some(code) = code else { continue };
        if !unique.check(&t, row, "offer", code, diags) {
            continue;
        }
        if let Some(offer) = offer {
            out.push(Offer {
                code: code.into(),
                ..offer
            });
            lines.push(row.line);
        }
    }
    (out, lines)
}

/// Every field of an offer row but its id, each checked (all problems reported); `None` when
/// any is invalid.
fn offer_fields(t: &Table, row: &RawRow, ids: &Ids, diags: &mut Vec<Diagnostic>) -> Option<Offer> {
    let partner = t.text(row, "partner", diags).and_then(|v| {
        resolve(
            t,
            row,
            "partner",
            v,
            (&ids.partners, "E0303", "partner"),
            diags,
        )
    });
    let period = period(t, row, ids, diags);
    let amount = t.number(row, "amount", NumberRule::AMOUNT, diags);
    let themes = selection(
        t,
        row,
        "themes",
        (&ids.themes, ids.n_themes),
        ("E0302", "theme"),
        diags,
    );
    let regions = selection(
        t,
        row,
        "regions",
        (&ids.regions, ids.n_regions),
        ("E0305", "region"),
        diags,
    );
    let parties = selection(
        t,
        row,
        "parties",
        (&ids.parties, ids.n_parties),
        ("E0301", "party"),
        diags,
    );
    let cap = match t.cell(row, "max_per_party") {
        "" => Some(None),
        _ => t
            .number(row, "max_per_party", NumberRule::CAP, diags)
            .map(Some),
    };
    let effectiveness = t.number(row, "effectiveness", NumberRule::WEIGHT, diags);
    Some(Offer {
        code: String::new(),
        partner: PartnerId(partner?),
        period: PeriodId(period?),
        amount: amount?,
        themes: themes?,
        regions: regions?,
        parties: parties?,
        max_per_party: cap?,
        effectiveness: effectiveness?,
    })
}

/// A `;`-list cell resolved to a selection of the id space `(map, size)`; every unknown item is
/// its own diagnostic `(code, what)`.
fn selection(
    t: &Table,
    row: &RawRow,
    column: &str,
    (map, size): (&HashMap<String, u32>, usize),
    (code, what): (&'static str, &str),
    diags: &mut Vec<Diagnostic>,
) -> Option<Selection> {
    match t.list(row, column) {
        ListCell::All => Some(Selection::All),
        ListCell::Items(items) => {
            let mut members = Vec::new();
            let mut ok = true;
            for item in items {
                match resolve(t, row, column, item, (map, code, what), diags) {
                    Some(i) => members.push(i as usize),
                    None => ok = false,
                }
            }
            ok.then(|| Selection::from_members(size, members))
        }
    }
}
