//! Turns raw rows into a typed [`Dataset`], collecting every problem with a stable code.

pub mod codes;
mod entities;
mod flows;
mod table;

use crate::dataset::{Dataset, PlanMeta};
use crate::error::{Diagnostic, Error, Result};
use crate::input::{read_source, RawDataset, RawPlan};
use std::collections::HashMap;
use std::path::Path;

/// A validated dataset and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Diagnostic>,
}

/// Read and validate the dataset folder `dir`. Every error found is returned at once as
/// [`Error::Invalid`]; warnings travel with the dataset.
pub fn load(dir: &Path) -> Result<Loaded> {
    let mut diags = Vec::new();
    let workbook = crate::input::is_workbook(dir);
    if !dir.is_dir() && !(workbook && dir.is_file()) {
        let d = Diagnostic::error("E0001", dir.display().to_string(), "not a dataset; expected a folder with plan.toml and the five CSV files, or an .xlsx workbook");
        return Err(Error::Invalid(vec![d]));
    }
    let raw = read_source(dir, &mut diags);
    let dataset = validate(&raw, &mut diags);
    finish(dataset, diags)
}

/// Split findings into errors and warnings; any error fails the load.
pub fn finish(dataset: Option<Dataset>, diags: Vec<Diagnostic>) -> Result<Loaded> {
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(|d| d.is_error());
    match dataset {
        Some(dataset) if errors.is_empty() => {
            let mut warnings = warnings;
            warnings.extend(reach_warnings(&dataset));
            Ok(Loaded { dataset, warnings })
        }
        _ => Err(Error::Invalid(errors)),
    }
}

/// Validate every table of `raw`; returns the dataset only if no error was found.
pub fn validate(raw: &RawDataset, diags: &mut Vec<Diagnostic>) -> Option<Dataset> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let plan = raw.plan.as_ref().and_then(|p| plan_meta(p, diags));
    let periods = plan.as_ref().map(|p| p.1.clone()).unwrap_or_default();
    let declared_regions = plan.as_ref().and_then(|p| p.2.clone());

    let (regions, parties) = match &raw.parties {
        Some(t) => entities::parties(t, declared_regions.as_deref(), diags),
        None => (declared_regions.clone().unwrap_or_default(), Vec::new()),
    };
    let themes = raw.themes.as_ref().map(|t| entities::themes(t, diags)).unwrap_or_default();
    let partners = raw.partners.as_ref().map(|t| entities::partners(t, diags)).unwrap_or_default();

    let ids = Ids::new(&periods, &regions, &parties, &themes, &partners);
    let needs = raw.needs.as_ref().map(|t| flows::needs(t, &ids, diags)).unwrap_or_default();
    let offers = raw.offers.as_ref().map(|t| flows::offers(t, &ids, diags)).unwrap_or_default();

    let errors_after = diags.iter().filter(|d| d.is_error()).count();
    let (meta, _, _) = plan?;
    (errors_after == errors_before).then_some(Dataset { meta, periods, regions, parties, themes, partners, needs, offers })
}

type PlanParts = (PlanMeta, Vec<String>, Option<Vec<String>>);

fn plan_meta(p: &RawPlan, diags: &mut Vec<Diagnostic>) -> Option<PlanParts> {
    let file = "plan.toml";
    let mut ok = true;
    if p.periods.is_empty() {
        diags.push(Diagnostic::error("E0011", file, "`periods` is empty; list at least one period, e.g. [\"2026-2027\"]"));
        ok = false;
    }
    ok &= no_repeats(&p.periods, "E0011", "periods", diags);
    if let Some(regions) = &p.regions {
        ok &= no_repeats(regions, "E0102", "regions", diags);
    }
    let unit = p.unit.unwrap_or(1000.0);
    if !(unit.is_finite() && unit > 0.0) {
        diags.push(Diagnostic::error("E0012", file, format!("`unit` is {unit}; expected a number > 0 such as 1000")));
        ok = false;
    }
    let meta = PlanMeta { name: p.name.clone(), currency: p.currency.clone().unwrap_or_else(|| "USD".into()), unit };
    ok.then(|| (meta, p.periods.clone(), p.regions.clone()))
}

fn no_repeats(items: &[String], code: &'static str, what: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let mut seen = HashMap::new();
    let mut ok = true;
    for item in items {
        if seen.insert(item.as_str(), ()).is_some() {
            diags.push(Diagnostic::error(code, "plan.toml", format!("`{what}` lists \"{item}\" twice; list each once")));
            ok = false;
        }
    }
    ok
}

/// Name-to-index maps for every id space, used to resolve references.
pub(crate) struct Ids {
    pub periods: HashMap<String, u32>,
    pub regions: HashMap<String, u32>,
    pub parties: HashMap<String, u32>,
    pub themes: HashMap<String, u32>,
    pub partners: HashMap<String, u32>,
    pub n_regions: usize,
    pub n_parties: usize,
    pub n_themes: usize,
}

impl Ids {
    fn new(periods: &[String], regions: &[String], parties: &[crate::dataset::Party], themes: &[crate::dataset::Theme], partners: &[crate::dataset::Partner]) -> Self {
        let index = |names: Vec<&String>| names.into_iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
        Ids {
            periods: index(periods.iter().collect()),
            regions: index(regions.iter().collect()),
            parties: index(parties.iter().map(|p| &p.code).collect()),
            themes: index(themes.iter().map(|t| &t.code).collect()),
            partners: index(partners.iter().map(|p| &p.code).collect()),
            n_regions: regions.len(),
            n_parties: parties.len(),
            n_themes: themes.len(),
        }
    }
}

/// Warnings about reach: needs no offer can fund (W0201) and offers nobody can use (W0202).
fn reach_warnings(ds: &Dataset) -> Vec<Diagnostic> {
    let pairs = ds.eligible_pairs();
    let mut need_reached = vec![false; ds.needs.len()];
    let mut offer_used = vec![false; ds.offers.len()];
    for (o, n) in &pairs {
        need_reached[n.index()] = true;
        offer_used[o.index()] = true;
    }
    let mut out = Vec::new();
    for (i, reached) in need_reached.iter().enumerate() {
        if !reached {
            let n = &ds.needs[i];
            out.push(Diagnostic::warning("W0201", "needs.csv", format!(
                "no offer can reach the need of {} for {} in {}; it will stay unmet",
                ds.party(n.party).code, ds.theme(n.theme).code, ds.period_name(n.period))));
        }
    }
    for (i, used) in offer_used.iter().enumerate() {
        if !used {
            out.push(Diagnostic::warning("W0202", "offers.csv", format!("no need is eligible for offer {}; its capacity will stay unused", ds.offers[i].code)));
        }
    }
    out
}
