//! Reads a scenarios TOML file into named scenarios of edits, expanding sweeps, with the line
//! of every scenario and edit kept for error messages.

use crate::error::Diagnostic;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A cell that may be one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Selects offers or needs: every selector given must match (a list matches any of its items).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Select {
    pub offer: Option<Vec<String>>,
    pub partner: Option<Vec<String>>,
    pub partner_kind: Option<Vec<String>>,
    pub party: Option<Vec<String>>,
    pub region: Option<Vec<String>>,
    pub theme: Option<Vec<String>>,
    pub period: Option<Vec<String>>,
    pub ldc: Option<bool>,
    pub sids: Option<bool>,
}

impl Select {
    /// The selectors given, as `name=value` text for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let lists = [("offer", &self.offer), ("partner", &self.partner), ("partner_kind", &self.partner_kind), ("party", &self.party), ("region", &self.region), ("theme", &self.theme), ("period", &self.period)];
        for (name, v) in lists {
            if let Some(v) = v {
                parts.push(format!("{name}={}", v.join("|")));
            }
        }
        for (name, v) in [("ldc", self.ldc), ("sids", self.sids)] {
            if let Some(v) = v {
                parts.push(format!("{name}={v}"));
            }
        }
        if parts.is_empty() { "everything".into() } else { parts.join(", ") }
    }
}

/// A new offer, in offers.csv's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOffer {
    pub offer: String,
    pub partner: String,
    pub period: String,
    pub amount: f64,
    pub themes: Vec<String>,
    pub regions: Vec<String>,
    pub parties: Vec<String>,
    pub max_per_party: Option<f64>,
    pub effectiveness: Option<f64>,
    /// Creates the partner when it does not exist yet.
    pub partner_name: Option<String>,
    pub partner_kind: Option<String>,
}

/// A new need, in needs.csv's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNeed {
    pub party: String,
    pub theme: String,
    pub period: String,
    pub amount: f64,
    pub priority: Option<f64>,
}

/// One `[[scenario.edit]]` table as written; `kind` says which fields apply.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdit {
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

/// A concrete edit: sweeps are expanded, so each scaling edit has exactly one factor.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    ScaleOffers(Select, f64),
    RemoveOffers(Select),
    AddOffer(NewOffer),
    ScaleNeeds(Select, f64),
    AddNeed(NewNeed),
    SetPartyWeight(Vec<String>, f64),
    SetThemeWeight(Vec<String>, f64),
    SetPriority(Select, f64),
}

/// A named scenario of edits applied in order; `line` is where it was defined.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub policy: Option<String>,
    pub edits: Vec<(usize, Edit)>,
    pub file: String,
    pub line: usize,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Read and expand `path`. Errors carry the file and line.
pub fn read_scenarios(path: &Path) -> Result<Vec<Scenario>, Diagnostic> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Diagnostic::error("E0501", &file, format!("cannot read the scenarios file ({e})")))?;
    parse_scenarios(&file, &text)
}

pub fn parse_scenarios(file: &str, text: &str) -> Result<Vec<Scenario>, Diagnostic> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::error("E0502", file, format!("malformed scenarios file: {}", e.message().replace('\n', " ")));
        match e.span() {
            Some(s) => d.at_line(line_of(text, s.start)),
            None => d,
        }
    })?;
    let mut out = Vec::new();
    let mut names = std::collections::HashSet::new();
    for sc in raw.scenario {
        let line = line_of(text, sc.name.span().start);
        let name = sc.name.get_ref().clone();
        if !names.insert(name.clone()) || name == "base" {
            return Err(Diagnostic::error("E0503", file, format!("scenario name \"{name}\" is used twice or is reserved (base)")).at_line(line));
        }
        let mut variants: Vec<(String, Vec<(usize, Edit)>)> = vec![(name.clone(), Vec::new())];
        for e in sc.edit {
            let eline = line_of(text, e.span().start);
            variants = expand(file, eline, e.into_inner(), variants)?;
        }
        for (vname, edits) in variants {
            names.insert(vname.clone());
            out.push(Scenario { name: vname, description: sc.description.clone().unwrap_or_default(), policy: sc.policy.clone(), edits, file: file.into(), line });
        }
    }
    Ok(out)
}

/// The factors of a scaling edit: exactly one of factor, factors or sweep [from, to, step].
fn factors(file: &str, line: usize, factor: Option<f64>, list: Option<Vec<f64>>, sweep: Option<[f64; 3]>) -> Result<Vec<f64>, Diagnostic> {
    let bad = |m: String| Diagnostic::error("E0504", file, m).at_line(line);
    let fs = match (factor, list, sweep) {
        (Some(f), None, None) => vec![f],
        (None, Some(l), None) if !l.is_empty() => l,
        (None, None, Some([from, to, step])) => {
            if !(step > 0.0 && to >= from) {
                return Err(bad(format!("sweep [{from}, {to}, {step}] needs step > 0 and to >= from")));
            }
            let n = ((to - from) / step + 1e-9).floor() as usize;
            (0..=n).map(|i| ((from + step * i as f64) * 1e9).round() / 1e9).collect()
        }
        _ => return Err(bad("a scaling edit needs exactly one of factor, factors or sweep = [from, to, step]".into())),
    };
    if let Some(f) = fs.iter().find(|f| !(f.is_finite() && **f > 0.0)) {
        return Err(bad(format!("scale factor {f} must be a finite number > 0 (use remove_offers to drop offers)")));
    }
    Ok(fs)
}

fn one(file: &str, line: usize, v: &Option<OneOrMany>, field: &str, kind: &str) -> Result<String, Diagnostic> {
    match v {
        Some(OneOrMany::One(s)) => Ok(s.clone()),
        _ => Err(Diagnostic::error("E0504", file, format!("{kind} needs `{field}` = one id")).at_line(line)),
    }
}

fn required(file: &str, line: usize, v: Option<f64>, field: &str, kind: &str) -> Result<f64, Diagnostic> {
    match v {
        Some(x) if x.is_finite() && x > 0.0 => Ok(x),
        Some(x) => Err(Diagnostic::error("E0504", file, format!("{kind}: `{field}` is {x}; expected a number > 0")).at_line(line)),
        None => Err(Diagnostic::error("E0504", file, format!("{kind} needs `{field}`")).at_line(line)),
    }
}

/// The concrete edits of one raw edit (several for a sweep).
fn concrete(file: &str, line: usize, e: &RawEdit) -> Result<Vec<Edit>, Diagnostic> {
    let k = e.kind.as_str();
    let list = |v: &Option<OneOrMany>| v.as_ref().map(|x| x.items()).unwrap_or_else(|| vec!["*".into()]);
    Ok(match k {
        "scale_offers" => factors(file, line, e.factor, e.factors.clone(), e.sweep)?.into_iter().map(|f| Edit::ScaleOffers(e.select(), f)).collect(),
        "scale_needs" => factors(file, line, e.factor, e.factors.clone(), e.sweep)?.into_iter().map(|f| Edit::ScaleNeeds(e.select(), f)).collect(),
        "remove_offers" => vec![Edit::RemoveOffers(e.select())],
        "set_priority" => vec![Edit::SetPriority(e.select(), required(file, line, e.priority, "priority", k)?)],
        "set_party_weight" => vec![Edit::SetPartyWeight(e.select().party.unwrap_or_default(), required(file, line, e.weight, "weight", k)?)],
        "set_theme_weight" => vec![Edit::SetThemeWeight(e.select().theme.unwrap_or_default(), required(file, line, e.weight, "weight", k)?)],
        "add_need" => vec![Edit::AddNeed(NewNeed {
            party: one(file, line, &e.party, "party", k)?,
            theme: one(file, line, &e.theme, "theme", k)?,
            period: one(file, line, &e.period, "period", k)?,
            amount: required(file, line, e.amount, "amount", k)?,
            priority: e.priority,
        })],
        "add_offer" => vec![Edit::AddOffer(NewOffer {
            offer: one(file, line, &e.offer, "offer", k)?,
            partner: one(file, line, &e.partner, "partner", k)?,
            period: one(file, line, &e.period, "period", k)?,
            amount: required(file, line, e.amount, "amount", k)?,
            themes: list(&e.themes),
            regions: list(&e.regions),
            parties: e.parties.as_ref().map(|x| x.items()).unwrap_or_default(),
            max_per_party: e.max_per_party,
            effectiveness: e.effectiveness,
            partner_name: e.partner_name.clone(),
            partner_kind: e.partner_kind.as_ref().map(|x| x.items().join(";")),
        })],
        other => {
            return Err(Diagnostic::error("E0504", file, format!(
                "unknown edit kind \"{other}\"; expected scale_offers, remove_offers, add_offer, scale_needs, add_need, set_party_weight, set_theme_weight or set_priority"
            )).at_line(line))
        }
    })
}

/// Append one edit to every variant; a multi-factor edit multiplies the variants.
fn expand(file: &str, line: usize, edit: RawEdit, variants: Vec<(String, Vec<(usize, Edit)>)>) -> Result<Vec<(String, Vec<(usize, Edit)>)>, Diagnostic> {
    let concrete = concrete(file, line, &edit)?;
    let multi = concrete.len() > 1;
    let mut out = Vec::new();
    for (vname, edits) in variants {
        for e in &concrete {
            let name = match (multi, e) {
                (true, Edit::ScaleOffers(_, f) | Edit::ScaleNeeds(_, f)) => format!("{vname}@{f}"),
                _ => vname.clone(),
            };
            let mut edits = edits.clone();
            edits.push((line, e.clone()));
            out.push((name, edits));
        }
    }
    Ok(out)
}

impl Edit {
    /// The edit in words, for comparison.md.
    pub fn describe(&self) -> String {
        match self {
            Edit::ScaleOffers(s, f) => format!("scale offers ({}) by {f}", s.describe()),
            Edit::RemoveOffers(s) => format!("remove offers ({})", s.describe()),
            Edit::AddOffer(o) => format!("add offer {} from {} in {}: {} for themes {} in regions {}", o.offer, o.partner, o.period, o.amount, o.themes.join(";"), o.regions.join(";")),
            Edit::ScaleNeeds(s, f) => format!("scale needs ({}) by {f}", s.describe()),
            Edit::AddNeed(n) => format!("add need {} {} {}: {}", n.party, n.theme, n.period, n.amount),
            Edit::SetPartyWeight(p, w) => format!("set the weight of {} to {w}", p.join(", ")),
            Edit::SetThemeWeight(t, w) => format!("set the weight of theme {} to {w}", t.join(", ")),
            Edit::SetPriority(s, p) => format!("set the priority of needs ({}) to {p}", s.describe()),
        }
    }
}
