//! Primal checks: eligibility, capacities, needs and caps, the policy kind, and the plan's own
//! tables against allocation.csv.

use super::read::{self, AllocRow, Carry, read_figures};
use super::{Check, TOLERANCE, within};
use crate::dataset::{Dataset, Selection};
use std::collections::HashMap;
use std::path::Path;

/// w(n) x effectiveness(o), recomputed from the dataset.
pub(super) fn value(ds: &Dataset, o: usize, n: usize) -> f64 {
    let need = &ds.needs[n];
    ds.parties[need.party.index()].weight
        * ds.themes[need.theme.index()].weight
        * need.priority
        * ds.offers[o].effectiveness
}

pub(super) fn selects(sel: &Selection, i: usize) -> bool {
    match sel {
        Selection::All => true,
        Selection::Some(mask) => mask.get(i).copied().unwrap_or(false),
    }
}

pub(super) fn eligible(ds: &Dataset, o: usize, n: usize) -> bool {
    let (offer, need) = (&ds.offers[o], &ds.needs[n]);
    let party = need.party.index();
    offer.period == need.period
        && selects(&offer.themes, need.theme.index())
        && selects(&offer.regions, ds.parties[party].region.index())
        && selects(&offer.parties, party)
}

pub(super) fn eligibility(
    ds: &Dataset,
    rows: &[AllocRow],
    deferred: &[AllocRow],
    carries: &[Carry],
) -> Check {
    let mut c = Check {
        name: "eligibility",
        failures: Vec::new(),
    };
    for r in rows {
        if !eligible(ds, r.offer, r.need) {
            c.failures.push(format!(
                "allocation.csv line {}: offer {} is not eligible for this need",
                r.line, ds.offers[r.offer].code
            ));
        }
    }
    for r in deferred {
        let (o, n) = (&ds.offers[r.offer], &ds.needs[r.need]);
        let late = o.period.index() == n.period.index() + 1;
        let party = n.party.index();
        if !(late
            && selects(&o.themes, n.theme.index())
            && selects(&o.regions, ds.parties[party].region.index())
            && selects(&o.parties, party))
        {
            c.failures.push(format!(
                "deferred.csv line {}: offer {} cannot meet this need one biennium late",
                r.line, o.code
            ));
        }
    }
    for k in carries {
        let (a, b) = (&ds.offers[k.from], &ds.offers[k.to]);
        let moves_forward = a.partner == b.partner && b.period.index() == a.period.index() + 1;
        if !moves_forward || k.amount.is_nan() || k.amount < 0.0 {
            c.failures.push(format!("carry_over.csv line {}: {} -> {} is not a carry-over to the same partner's next biennium", k.line, a.code, b.code));
        }
    }
    for r in rows.iter().chain(deferred) {
        if !(r.amount.is_finite() && r.amount >= 0.0) {
            c.failures.push(format!(
                "line {}: amount {} is not a non-negative number",
                r.line, r.amount
            ));
        }
    }
    c
}

/// Offer capacities, need amounts and per-Party caps, each within [`TOLERANCE`].
pub(super) fn feasibility(
    ds: &Dataset,
    rows: &[AllocRow],
    deferred: &[AllocRow],
    carries: &[Carry],
) -> Vec<Check> {
    let t = Totals::of(ds, rows, deferred, carries);
    let mut cap = Check {
        name: "offer capacity",
        failures: Vec::new(),
    };
    for (o, offer) in ds.offers.iter().enumerate() {
        if !within(t.used[o], t.capacity[o]) {
            cap.failures.push(format!(
                "offer {} gives {} > capacity {}",
                offer.code, t.used[o], t.capacity[o]
            ));
        }
    }
    let mut need = Check {
        name: "need amount",
        failures: Vec::new(),
    };
    for (n, nd) in ds.needs.iter().enumerate() {
        if !within(t.funded[n], nd.amount) {
            need.failures.push(format!(
                "need {} {} {} funded {} > amount {}",
                ds.parties[nd.party.index()].code,
                ds.themes[nd.theme.index()].code,
                ds.periods[nd.period.index()],
                t.funded[n],
                nd.amount
            ));
        }
    }
    vec![cap, need, party_caps(ds, &t.per_party)]
}

/// What the rows add up to: per offer (with carry-over moved), per need, per (offer, Party).
struct Totals {
    used: Vec<f64>,
    capacity: Vec<f64>,
    funded: Vec<f64>,
    per_party: HashMap<(usize, usize), f64>,
}

impl Totals {
    fn of(ds: &Dataset, rows: &[AllocRow], deferred: &[AllocRow], carries: &[Carry]) -> Self {
        let mut t = Totals {
            used: vec![0.0; ds.offers.len()],
            capacity: ds.offers.iter().map(|o| o.amount).collect(),
            funded: vec![0.0; ds.needs.len()],
            per_party: HashMap::new(),
        };
        for k in carries {
            t.used[k.from] += k.amount;
            t.capacity[k.to] += k.amount;
        }
        for r in rows.iter().chain(deferred) {
            t.used[r.offer] += r.amount;
            t.funded[r.need] += r.amount;
            *t.per_party
                .entry((r.offer, ds.needs[r.need].party.index()))
                .or_default() += r.amount;
        }
        t
    }
}

/// Each offer's `max_per_party`, Party by Party.
fn party_caps(ds: &Dataset, per_party: &HashMap<(usize, usize), f64>) -> Check {
    let mut caps = Check {
        name: "per-party cap",
        failures: Vec::new(),
    };
    let mut keys: Vec<_> = per_party.keys().copied().collect();
    keys.sort();
    for (o, p) in keys {
        if let Some(limit) = ds.offers[o].max_per_party
            && !within(per_party[&(o, p)], limit)
        {
            caps.failures.push(format!(
                "offer {} gives {} {} > max_per_party {limit}",
                ds.offers[o].code,
                ds.parties[p].code,
                per_party[&(o, p)]
            ));
        }
    }
    caps
}

/// The policy kinds a plan folder may name in summary.json's `policy_kind`.
pub const POLICY_KINDS: &[&str] = &[
    "coverage",
    "fair",
    "regional_balance",
    "ldc_sids",
    "four_year",
    "proportional",
    "greedy",
    "star_like",
    "goal",
];

/// summary.json must name a known policy kind: an unknown or missing one cannot be verified.
/// Money moved between biennia (carry_over.csv, deferred.csv) is a four-year plan's only.
pub(super) fn policy_check(summary: Option<&read::Summary>, moves_money: bool) -> Check {
    let mut c = Check {
        name: "policy",
        failures: Vec::new(),
    };
    match summary.map(|s| s.kind.as_deref()) {
        None => {} // the files check already failed
        Some(None) => c.failures.push(
            "summary.json names no `policy_kind`; a plan without its policy cannot be verified"
                .into(),
        ),
        Some(Some(k)) if !POLICY_KINDS.contains(&k) => c.failures.push(format!(
            "summary.json names an unknown policy kind \"{k}\"; expected one of {}",
            POLICY_KINDS.join(", ")
        )),
        Some(Some(k)) if moves_money && k != "four_year" => c.failures.push(format!(
            "carry_over.csv or deferred.csv in a plan of kind \"{k}\": only a four_year plan moves money between biennia"
        )),
        Some(Some(_)) => {}
    }
    c
}

/// The plan's own needs.csv (`funded`), parties.csv (`funded`) and offers.csv (`used`) must
/// agree with allocation.csv within [`TOLERANCE`]: planners read those tables.
pub(super) fn tables_agree(ds: &Dataset, dir: &Path, rows: &[AllocRow]) -> Check {
    let mut c = Check {
        name: "plan tables",
        failures: Vec::new(),
    };
    let mut funded = vec![0.0; ds.needs.len()];
    let mut by_party = vec![0.0; ds.parties.len()];
    let mut used = vec![0.0; ds.offers.len()];
    for r in rows {
        funded[r.need] += r.amount;
        by_party[ds.needs[r.need].party.index()] += r.amount;
        used[r.offer] += r.amount;
    }
    let need_key = |i: usize| {
        let n = &ds.needs[i];
        vec![
            ds.parties[n.party.index()].code.clone(),
            ds.themes[n.theme.index()].code.clone(),
            ds.periods[n.period.index()].clone(),
        ]
    };
    let tables: [Table; 3] = [
        (
            "needs.csv",
            &["party", "theme", "period"],
            "funded",
            (0..ds.needs.len())
                .map(|i| (need_key(i), funded[i]))
                .collect(),
        ),
        (
            "parties.csv",
            &["party"],
            "funded",
            ds.parties
                .iter()
                .zip(&by_party)
                .map(|(p, f)| (vec![p.code.clone()], *f))
                .collect(),
        ),
        (
            "offers.csv",
            &["offer"],
            "used",
            ds.offers
                .iter()
                .zip(&used)
                .map(|(o, u)| (vec![o.code.clone()], *u))
                .collect(),
        ),
    ];
    for (file, key, column, expected) in tables {
        match read_figures(dir, file, key, column) {
            Err(e) => c.failures.push(e),
            Ok(figures) => compare_figures(file, column, &figures, expected, &mut c.failures),
        }
    }
    c
}

/// A plan table to check: file, key columns, value column and the expected (key, value) rows.
type Table<'a> = (&'a str, &'a [&'a str], &'a str, Vec<(Vec<String>, f64)>);

pub(super) fn compare_figures(
    file: &str,
    column: &str,
    figures: &[read::Figure],
    expected: Vec<(Vec<String>, f64)>,
    failures: &mut Vec<String>,
) {
    let mut found: HashMap<&[String], &read::Figure> = HashMap::with_capacity(figures.len());
    for f in figures {
        if found.insert(&f.key, f).is_some() {
            failures.push(format!(
                "{file} line {}: {} is listed twice",
                f.line,
                f.key.join(" ")
            ));
        }
    }
    if figures.len() != expected.len() {
        failures.push(format!(
            "{file} has {} rows; the dataset has {}",
            figures.len(),
            expected.len()
        ));
    }
    for (key, want) in &expected {
        match found.get(key.as_slice()) {
            None => failures.push(format!("{file}: no row for {}", key.join(" "))),
            Some(f) if !agrees(f.value, *want) => {
                failures.push(format!(
                    "{file} line {}: {column} {} but allocation.csv gives {want}",
                    f.line, f.value
                ));
            }
            Some(_) => {}
        }
    }
}

/// `value` equals `want` within [`TOLERANCE`] (false for NaN).
fn agrees(value: f64, want: f64) -> bool {
    (value - want).abs() <= TOLERANCE * want.abs().max(1.0)
}
