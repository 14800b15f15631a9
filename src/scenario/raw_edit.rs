//! One `[[scenario.edit]]` table as written, turned into concrete edits: fields checked against
//! their ranges, sweeps counted before they are expanded.

use super::types::{Edit, NewNeed, NewOffer, OneOrMany, PlacedEdit, Select};
use crate::error::Diagnostic;
use serde::Deserialize;

/// One `[[scenario.edit]]` table as written; `kind` says which fields apply.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEdit {
    kind: String,
    offer: Option<OneOrMany>,
    partner: Option<OneOrMany>,
    partner_kind: Option<OneOrMany>,
    partner_name: Option<String>,
    party: Option<OneOrMany>,
    region: Option<OneOrMany>,
    theme: Option<OneOrMany>,
    period: Option<OneOrMany>,
    ldc: Option<bool>,
    sids: Option<bool>,
    factor: Option<f64>,
    factors: Option<Vec<f64>>,
    sweep: Option<[f64; 3]>,
    weight: Option<f64>,
    priority: Option<f64>,
    amount: Option<f64>,
    themes: Option<OneOrMany>,
    regions: Option<OneOrMany>,
    parties: Option<OneOrMany>,
    max_per_party: Option<f64>,
    effectiveness: Option<f64>,
}

impl RawEdit {
    fn select(&self) -> Select {
        let l = |v: &Option<OneOrMany>| v.as_ref().map(|x| x.items());
        Select {
            offer: l(&self.offer),
            partner: l(&self.partner),
            partner_kind: l(&self.partner_kind),
            party: l(&self.party),
            region: l(&self.region),
            theme: l(&self.theme),
            period: l(&self.period),
            ldc: self.ldc,
            sids: self.sids,
        }
    }
}

/// The most scenarios one file may expand to (sweeps and factor lists included).
pub const MAX_SCENARIOS: usize = 10_000;
/// Scale factors lie in [MIN_SCALE, MAX_SCALE].
pub const MIN_SCALE: f64 = 1e-6;
pub const MAX_SCALE: f64 = 1e6;

/// A position in the scenarios file, for diagnostics.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    file: &'a str,
    pub(super) line: usize,
    pub(super) col: usize,
}

impl At<'_> {
    pub(super) fn of<'a>(file: &'a str, text: &str, offset: usize) -> At<'a> {
        let (line, col) = crate::input::bounded::line_col(text, offset);
        At { file, line, col }
    }
    pub(super) fn err(&self, code: &'static str, message: String) -> Diagnostic {
        Diagnostic::error(code, self.file, message).at(self.line, self.col.to_string())
    }
}

/// The factors of a scaling edit: exactly one of factor, factors or sweep [from, to, step].
/// A sweep's length is counted before anything is allocated; every factor must lie in
/// [MIN_SCALE, MAX_SCALE].
fn factors(
    at: &At,
    factor: Option<f64>,
    list: Option<&[f64]>,
    sweep: Option<[f64; 3]>,
) -> Result<Vec<f64>, Diagnostic> {
    let bad = |m: String| at.err("E0504", m);
    let in_range = |f: f64| (MIN_SCALE..=MAX_SCALE).contains(&f);
    let fs = match (factor, list, sweep) {
        (Some(f), None, None) => vec![f],
        (None, Some(l), None) if !l.is_empty() => {
            if l.len() > MAX_SCENARIOS {
                return Err(at.err(
                    "E0509",
                    format!(
                        "{} factors; at most {MAX_SCENARIOS} scenarios per file",
                        l.len()
                    ),
                ));
            }
            l.to_vec()
        }
        (None, None, Some([from, to, step])) => {
            if !(in_range(from) && in_range(to) && step.is_normal() && step > 0.0 && to >= from) {
                return Err(bad(format!(
                    "sweep [{from}, {to}, {step}] needs from and to in [{MIN_SCALE:e}, {MAX_SCALE:e}], to >= from, and a step > 0"
                )));
            }
            let steps = ((to - from) / step + 1e-9).floor();
            if steps.is_nan() || steps >= MAX_SCENARIOS as f64 {
                return Err(at.err("E0509", format!("sweep [{from}, {to}, {step}] has more than {MAX_SCENARIOS} factors; use a coarser step")));
            }
            (0..=steps as usize)
                .map(|i| ((from + step * i as f64) * 1e9).round() / 1e9)
                .collect()
        }
        _ => {
            return Err(bad(
                "a scaling edit needs exactly one of factor, factors or sweep = [from, to, step]"
                    .into(),
            ));
        }
    };
    if let Some(f) = fs.iter().find(|f| !in_range(**f)) {
        return Err(bad(format!(
            "scale factor {f} must be a number from {MIN_SCALE:e} to {MAX_SCALE:e} (use remove_offers to drop offers)"
        )));
    }
    Ok(fs)
}

fn one(at: &At, v: &Option<OneOrMany>, field: &str, kind: &str) -> Result<String, Diagnostic> {
    match v {
        Some(OneOrMany::One(s)) => Ok(s.clone()),
        _ => Err(at.err("E0504", format!("{kind} needs `{field}` = one id"))),
    }
}

/// A required number within [min, max] (the ranges of docs/data-format.md).
fn required(
    at: &At,
    v: Option<f64>,
    field: &str,
    kind: &str,
    (min, max): (f64, f64),
) -> Result<f64, Diagnostic> {
    match v {
        Some(x) if (min..=max).contains(&x) => Ok(x),
        Some(x) => Err(at.err(
            "E0504",
            format!("{kind}: `{field}` is {x}; expected a number from {min:e} to {max:e}"),
        )),
        None => Err(at.err("E0504", format!("{kind} needs `{field}`"))),
    }
}

/// An optional number within [min, max].
fn optional(
    at: &At,
    v: Option<f64>,
    field: &str,
    kind: &str,
    range: (f64, f64),
) -> Result<Option<f64>, Diagnostic> {
    v.map(|x| required(at, Some(x), field, kind, range))
        .transpose()
}

const AMOUNTS: (f64, f64) = (crate::validate::MIN_AMOUNT, crate::validate::MAX_AMOUNT);
const FACTORS: (f64, f64) = (crate::validate::MIN_FACTOR, crate::validate::MAX_FACTOR);

/// The concrete edits of one raw edit (several for a sweep).
pub(super) fn concrete(at: &At, e: &RawEdit) -> Result<Vec<Edit>, Diagnostic> {
    let k = e.kind.as_str();
    let list = |v: &Option<OneOrMany>| {
        v.as_ref()
            .map(|x| x.items())
            .unwrap_or_else(|| vec!["*".into()])
    };
    let scale = || factors(at, e.factor, e.factors.as_deref(), e.sweep);
    Ok(match k {
        "scale_offers" => scale()?.into_iter().map(|f| Edit::ScaleOffers(e.select(), f)).collect(),
        "scale_needs" => scale()?.into_iter().map(|f| Edit::ScaleNeeds(e.select(), f)).collect(),
        "remove_offers" => vec![Edit::RemoveOffers(e.select())],
        "set_priority" => vec![Edit::SetPriority(e.select(), required(at, e.priority, "priority", k, FACTORS)?)],
        "set_party_weight" => vec![Edit::SetPartyWeight(e.select().party.unwrap_or_default(), required(at, e.weight, "weight", k, FACTORS)?)],
        "set_theme_weight" => vec![Edit::SetThemeWeight(e.select().theme.unwrap_or_default(), required(at, e.weight, "weight", k, FACTORS)?)],
        "add_need" => vec![Edit::AddNeed(NewNeed {
            party: one(at, &e.party, "party", k)?,
            theme: one(at, &e.theme, "theme", k)?,
            period: one(at, &e.period, "period", k)?,
            amount: required(at, e.amount, "amount", k, AMOUNTS)?,
            priority: optional(at, e.priority, "priority", k, FACTORS)?,
        })],
        "add_offer" => vec![Edit::AddOffer(NewOffer {
            offer: one(at, &e.offer, "offer", k)?,
            partner: one(at, &e.partner, "partner", k)?,
            period: one(at, &e.period, "period", k)?,
            amount: required(at, e.amount, "amount", k, AMOUNTS)?,
            themes: list(&e.themes),
            regions: list(&e.regions),
            parties: e.parties.as_ref().map(|x| x.items()).unwrap_or_default(),
            max_per_party: optional(at, e.max_per_party, "max_per_party", k, (0.0, crate::validate::MAX_AMOUNT))?,
            effectiveness: optional(at, e.effectiveness, "effectiveness", k, FACTORS)?,
            partner_name: e.partner_name.clone(),
            partner_kind: e.partner_kind.as_ref().map(|x| x.items().join(";")),
        })],
        other => {
            return Err(at.err("E0504", format!(
                "unknown edit kind \"{other}\"; expected scale_offers, remove_offers, add_offer, scale_needs, add_need, set_party_weight, set_theme_weight or set_priority"
            )))
        }
    })
}

/// Every combination of the edits' concrete choices, named `name@f` for each multi-factor
/// edit (the caller has bounded their number).
pub(super) fn expand(name: &str, edits: &[(At, Vec<Edit>)]) -> Vec<(String, Vec<PlacedEdit>)> {
    let mut variants: Vec<(String, Vec<PlacedEdit>)> = vec![(name.to_string(), Vec::new())];
    for (at, concrete) in edits {
        let multi = concrete.len() > 1;
        let mut next = Vec::with_capacity(variants.len() * concrete.len());
        for (vname, done) in &variants {
            for e in concrete {
                let name = match (multi, e) {
                    (true, Edit::ScaleOffers(_, f) | Edit::ScaleNeeds(_, f)) => {
                        format!("{vname}@{f}")
                    }
                    _ => vname.clone(),
                };
                let mut done = done.clone();
                done.push(((at.line, at.col), e.clone()));
                next.push((name, done));
            }
        }
        variants = next;
    }
    variants
}
