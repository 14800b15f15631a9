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
        let lists = [
            ("offer", &self.offer),
            ("partner", &self.partner),
            ("partner_kind", &self.partner_kind),
            ("party", &self.party),
            ("region", &self.region),
            ("theme", &self.theme),
            ("period", &self.period),
        ];
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
        if parts.is_empty() {
            "everything".into()
        } else {
            parts.join(", ")
        }
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

/// The most scenarios one file may expand to (sweeps and factor lists included).
pub const MAX_SCENARIOS: usize = 10_000;
/// Scale factors lie in [MIN_SCALE, MAX_SCALE].
pub const MIN_SCALE: f64 = 1e-6;
pub const MAX_SCALE: f64 = 1e6;

/// A position in the scenarios file, for diagnostics.
#[derive(Clone, Copy)]
struct At<'a> {
    file: &'a str,
    line: usize,
    col: usize,
}

impl At<'_> {
    fn of<'a>(file: &'a str, text: &str, offset: usize) -> At<'a> {
        let (line, col) = crate::input::bounded::line_col(text, offset);
        At { file, line, col }
    }
    fn err(&self, code: &'static str, message: String) -> Diagnostic {
        Diagnostic::error(code, self.file, message).at(self.line, self.col.to_string())
    }
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
    let mut total = 0usize;
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
fn concrete(at: &At, e: &RawEdit) -> Result<Vec<Edit>, Diagnostic> {
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
fn expand(name: &str, edits: &[(At, Vec<Edit>)]) -> Vec<(String, Vec<(usize, Edit)>)> {
    let mut variants: Vec<(String, Vec<(usize, Edit)>)> = vec![(name.to_string(), Vec::new())];
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
                done.push((at.line, e.clone()));
                next.push((name, done));
            }
        }
        variants = next;
    }
    variants
}

impl Edit {
    /// The edit in words, for comparison.md.
    pub fn describe(&self) -> String {
        match self {
            Edit::ScaleOffers(s, f) => format!("scale offers ({}) by {f}", s.describe()),
            Edit::RemoveOffers(s) => format!("remove offers ({})", s.describe()),
            Edit::AddOffer(o) => format!(
                "add offer {} from {} in {}: {} for themes {} in regions {}",
                o.offer,
                o.partner,
                o.period,
                o.amount,
                o.themes.join(";"),
                o.regions.join(";")
            ),
            Edit::ScaleNeeds(s, f) => format!("scale needs ({}) by {f}", s.describe()),
            Edit::AddNeed(n) => format!(
                "add need {} {} {}: {}",
                n.party, n.theme, n.period, n.amount
            ),
            Edit::SetPartyWeight(p, w) => format!("set the weight of {} to {w}", p.join(", ")),
            Edit::SetThemeWeight(t, w) => {
                format!("set the weight of theme {} to {w}", t.join(", "))
            }
            Edit::SetPriority(s, p) => {
                format!("set the priority of needs ({}) to {p}", s.describe())
            }
        }
    }
}
