//! The scenario file's vocabulary: selectors, new offers and needs, and concrete edits.

use serde::Deserialize;

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

/// An edit with the line and column of its `[[scenario.edit]]` table.
pub type PlacedEdit = ((usize, usize), Edit);
