//! Turns raw rows into a typed [`Dataset`], collecting every problem with a stable code.

pub mod codes;
mod entities;
mod flows;
mod table;
mod warnings;

pub use table::{FRAGILE_RATIO, MAX_AMOUNT, MAX_FACTOR, MIN_AMOUNT, MIN_FACTOR};

use crate::dataset::{Dataset, PlanMeta};
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::input::{RawDataset, RawPlan, read_source};
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
    if !(dir.is_dir() || workbook && dir.is_file()) {
        let d = Diagnostic::error(
            "E0001",
            dir.display().to_string(),
            "not a dataset; expected a folder with plan.toml and the five CSV files, or an .xlsx workbook",
        );
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
        Some(dataset) if errors.is_empty() => Ok(Loaded {
            dataset,
            warnings: warnings
                .into_iter()
                .filter(|d| d.severity == Severity::Warning)
                .collect(),
        }),
        _ => {
            // Notes explain what was not checked; they travel with the errors.
            let notes = warnings
                .into_iter()
                .filter(|d| d.severity == Severity::Note);
            Err(Error::Invalid(errors.into_iter().chain(notes).collect()))
        }
    }
}

/// Validate every table of `raw`; returns the dataset only if no error was found. A row that
/// exists but is invalid keeps its id known, so references to it report nothing more; when
/// plan.toml has errors, period references are not checked and one note says so.
pub fn validate(raw: &RawDataset, diags: &mut Vec<Diagnostic>) -> Option<Dataset> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let (meta, periods, declared_regions) = match &raw.plan {
        Some(p) => plan_meta(p, diags),
        None => (None, None, None),
    };
    if periods.is_none() && (raw.needs.is_some() || raw.offers.is_some()) {
        let msg = format!(
            "periods in needs and offers were not checked, because {} has errors",
            raw.plan_file
        );
        diags.push(Diagnostic::note("N0001", &raw.plan_file, msg));
    }
    let (regions, parties, themes, partners, known) =
        reference_tables(raw, declared_regions, diags);
    let ids = Ids::new(
        periods.as_deref(),
        &regions,
        &parties,
        &themes,
        &partners,
        known,
    );
    let ids = unreadable_tables(raw, ids, diags);
    let (needs, need_lines) = raw
        .needs
        .as_ref()
        .map(|t| flows::needs(t, &ids, diags))
        .unwrap_or_default();
    let (offers, offer_lines) = raw
        .offers
        .as_ref()
        .map(|t| flows::offers(t, &ids, diags))
        .unwrap_or_default();

    let errors_after = diags.iter().filter(|d| d.is_error()).count();
    let (meta, periods) = (meta?, periods?);
    if errors_after != errors_before {
        return None;
    }
    let ds = Dataset {
        meta,
        periods,
        regions,
        parties,
        themes,
        partners,
        needs,
        offers,
    };
    warnings::dataset_warnings(&ds, raw, (&need_lines, &offer_lines), diags);
    Some(ds)
}

type References = (
    Vec<String>,
    Vec<crate::dataset::Party>,
    Vec<crate::dataset::Theme>,
    Vec<crate::dataset::Partner>,
    Known,
);

/// The regions (declared, or those the Parties use), Parties, themes and partners, and the ids
/// of rows that exist but are invalid.
fn reference_tables(
    raw: &RawDataset,
    declared: Option<Vec<String>>,
    diags: &mut Vec<Diagnostic>,
) -> References {
    let mut known = Known::default();
    let (regions, parties) = match &raw.parties {
        Some(t) => entities::parties(t, declared.as_deref(), &mut known.parties, diags),
        None => (declared.unwrap_or_default(), Vec::new()),
    };
    let themes = raw
        .themes
        .as_ref()
        .map(|t| entities::themes(t, &mut known.themes, diags))
        .unwrap_or_default();
    let partners = raw
        .partners
        .as_ref()
        .map(|t| entities::partners(t, &mut known.partners, diags))
        .unwrap_or_default();
    (regions, parties, themes, partners, known)
}

/// Mark the id spaces whose table is missing or lacks a required column as unchecked, with one
/// note each (N0002), so that every reference to them is not reported again.
fn unreadable_tables(raw: &RawDataset, mut ids: Ids, diags: &mut Vec<Diagnostic>) -> Ids {
    let usable = |t: &Option<crate::input::RawTable>, cols: &[&str]| {
        t.as_ref()
            .is_some_and(|t| cols.iter().all(|c| t.column(c).is_some()))
    };
    let spaces = [
        (
            usable(&raw.parties, &["party", "name", "region"]),
            &mut ids.parties,
            "Party",
            "parties.csv",
        ),
        (
            usable(&raw.themes, &["theme", "name"]),
            &mut ids.themes,
            "theme",
            "themes.csv",
        ),
        (
            usable(&raw.partners, &["partner", "name", "kind"]),
            &mut ids.partners,
            "partner",
            "partners.csv",
        ),
    ];
    for (ok, map, what, file) in spaces {
        if !ok {
            map.insert(UNCHECKED.to_string(), INVALID_ROW);
            let msg = format!(
                "{what} references in needs and offers were not checked, because {file} could not be read"
            );
            diags.push(Diagnostic::note("N0002", file, msg));
        }
    }
    ids
}

/// The plan's metadata, periods and declared regions, each `None` when it has errors (a bad
/// `unit` does not hide the periods).
fn plan_meta(
    p: &RawPlan,
    diags: &mut Vec<Diagnostic>,
) -> (Option<PlanMeta>, Option<Vec<String>>, Option<Vec<String>>) {
    let at = &p.at;
    let periods_ok = periods_ok(p, diags);
    let regions_ok = p
        .regions
        .as_ref()
        .is_none_or(|r| no_repeats(r, "E0102", "regions", (&at.file, at.regions), diags));
    let unit = p.unit.unwrap_or(1000.0);
    let region_names = region_names(p, diags);
    let meta = if let Some(region_names) = region_names
        && (table::MIN_AMOUNT..=table::MAX_AMOUNT).contains(&unit)
    {
        let currency = p.currency.clone().unwrap_or_else(|| "USD".into());
        Some(PlanMeta {
            name: p.name.clone(),
            currency,
            unit,
            region_names,
        })
    } else if !(table::MIN_AMOUNT..=table::MAX_AMOUNT).contains(&unit) {
        let msg = format!("`unit` is {unit}; expected a number from 1e-6 to 1e12, such as 1000");
        diags.push(Diagnostic::error("E0012", &at.file, msg).at(at.unit, "unit"));
        None
    } else {
        None
    };
    let regions = if regions_ok { p.regions.clone() } else { None };
    (meta, periods_ok.then(|| p.periods.clone()), regions)
}

/// The display names of the declared regions: one non-empty name per region, in the same
/// order (E0013); empty when plan.toml gives none.
fn region_names(p: &RawPlan, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let Some(names) = &p.region_names else {
        return Some(Vec::new());
    };
    let regions = p.regions.as_ref().map_or(0, Vec::len);
    let problem = if names.len() != regions {
        Some(format!(
            "`region_names` lists {} names for {regions} declared regions; give one name per region in `regions`, in the same order",
            names.len()
        ))
    } else {
        names
            .iter()
            .position(|n| n.trim().is_empty())
            .map(|i| format!("`region_names` item {} is empty; name every region", i + 1))
    };
    match problem {
        Some(msg) => {
            let at = &p.at;
            diags.push(
                Diagnostic::error("E0013", &at.file, msg).at(at.region_names, "region_names"),
            );
            None
        }
        None => Some(names.clone()),
    }
}

/// The periods are listed, named and listed once each (E0011).
fn periods_ok(p: &RawPlan, diags: &mut Vec<Diagnostic>) -> bool {
    let at = &p.at;
    let mut ok = true;
    let mut fail = |msg: &str, diags: &mut Vec<Diagnostic>| {
        diags.push(Diagnostic::error("E0011", &at.file, msg).at(at.periods, "periods"));
        ok = false;
    };
    if p.periods.is_empty() {
        fail(
            "`periods` is empty; list at least one period, e.g. [\"2026-2027\"]",
            diags,
        );
    }
    if p.periods.iter().any(|x| x.trim().is_empty()) {
        fail(
            "`periods` has an empty name; give every period a name such as \"2026-2027\"",
            diags,
        );
    }
    let unique = no_repeats(
        &p.periods,
        "E0011",
        "periods",
        (&at.file, at.periods),
        diags,
    );
    ok && unique
}

fn no_repeats(
    items: &[String],
    code: &'static str,
    what: &str,
    (file, line): (&str, usize),
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut seen = HashMap::new();
    let mut ok = true;
    for item in items {
        if seen.insert(item.as_str(), ()).is_some() {
            diags.push(
                Diagnostic::error(
                    code,
                    file,
                    format!("`{what}` lists \"{item}\" twice; list each once"),
                )
                .at(line, what),
            );
            ok = false;
        }
    }
    ok
}

/// Ids of rows that exist but failed validation: references to them are not reported again.
#[derive(Default)]
pub(crate) struct Known {
    pub parties: Vec<String>,
    pub themes: Vec<String>,
    pub partners: Vec<String>,
}

/// The key that marks an id space whose table could not be read: references to it are not
/// checked (one note says so) rather than each reported as unknown.
pub(crate) const UNCHECKED: &str = "\u{0}unchecked";

/// The index that marks an id whose row exists but is invalid (see [`Known`]).
pub(crate) const INVALID_ROW: u32 = u32::MAX;

/// Name-to-index maps for every id space, used to resolve references. `periods` is `None` when
/// plan.toml has errors.
pub(crate) struct Ids {
    pub periods: Option<HashMap<String, u32>>,
    pub regions: HashMap<String, u32>,
    pub parties: HashMap<String, u32>,
    pub themes: HashMap<String, u32>,
    pub partners: HashMap<String, u32>,
    pub n_regions: usize,
    pub n_parties: usize,
    pub n_themes: usize,
}

impl Ids {
    fn new(
        periods: Option<&[String]>,
        regions: &[String],
        parties: &[crate::dataset::Party],
        themes: &[crate::dataset::Theme],
        partners: &[crate::dataset::Partner],
        known: Known,
    ) -> Self {
        fn index<'a>(
            names: impl Iterator<Item = &'a String>,
            invalid: Vec<String>,
        ) -> HashMap<String, u32> {
            let mut map: HashMap<String, u32> =
                invalid.into_iter().map(|s| (s, INVALID_ROW)).collect();
            map.extend(names.enumerate().map(|(i, s)| (s.clone(), i as u32)));
            map
        }
        Ids {
            periods: periods.map(|p| index(p.iter(), Vec::new())),
            regions: index(regions.iter(), Vec::new()),
            parties: index(parties.iter().map(|p| &p.code), known.parties),
            themes: index(themes.iter().map(|t| &t.code), known.themes),
            partners: index(partners.iter().map(|p| &p.code), known.partners),
            n_regions: regions.len(),
            n_parties: parties.len(),
            n_themes: themes.len(),
        }
    }
}
