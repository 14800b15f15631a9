//! `taplan verify`: an independent proof of a plan folder against its dataset. It shares no
//! model-building code with the solver path: eligibility, feasibility, the objective and the
//! dual certificate are recomputed here from the dataset and the files alone.

mod read;

use crate::dataset::{Dataset, Selection};
use read::{
    AllocRow, Carry, Duals, read_allocation, read_duals, read_figures, read_four_year, read_summary,
};
use std::collections::HashMap;
use std::path::Path;

/// Relative tolerance of capacity, need and cap checks, dual feasibility and the duality gap.
pub const TOLERANCE: f64 = 1e-6;
/// Relative tolerance between the objective recomputed from allocation.csv and summary.json.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-9;

/// One named check and, when it failed, why.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: &'static str,
    pub failures: Vec<String>,
}

/// The outcome of verifying one plan folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub checks: Vec<Check>,
    /// Whether a dual certificate was checked (coverage plans with sensitivity/).
    pub certified: bool,
    pub objective: f64,
    pub dual_bound: Option<f64>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.failures.is_empty())
    }
    /// One line per failure, prefixed by its check's name.
    pub fn failures(&self) -> Vec<String> {
        self.checks
            .iter()
            .flat_map(|c| c.failures.iter().map(move |f| format!("{}: {f}", c.name)))
            .collect()
    }
}

fn within(value: f64, bound: f64) -> bool {
    value <= bound + TOLERANCE * bound.abs().max(1.0)
}

/// Verify the plan in `dir` against `ds`. With `require_certificate`, a coverage plan without
/// shadow prices fails; otherwise only feasibility and the objective are checked then.
pub fn verify(ds: &Dataset, dir: &Path, require_certificate: bool) -> Verdict {
    let mut checks = Vec::new();
    let mut read_check = Check {
        name: "files",
        failures: Vec::new(),
    };
    let summary = read_summary(dir)
        .map_err(|e| read_check.failures.push(e))
        .ok();
    let rows = read_allocation(ds, dir, "allocation.csv")
        .map_err(|e| read_check.failures.push(e))
        .unwrap_or_default();
    let (deferred, carries) = read_four_year(ds, dir)
        .map_err(|e| read_check.failures.push(e))
        .unwrap_or_default();
    checks.push(read_check);
    let index = NeedIndex::new(ds);
    checks.push(eligibility(ds, &rows, &deferred, &carries));
    checks.extend(feasibility(ds, &rows, &deferred, &carries));
    let objective: f64 = rows
        .iter()
        .map(|r| r.amount * value(ds, r.offer, r.need))
        .sum();
    let mut obj_check = Check {
        name: "objective",
        failures: Vec::new(),
    };
    if let Some(s) = &summary
        && (objective - s.objective).abs() > OBJECTIVE_TOLERANCE * s.objective.abs().max(1.0)
    {
        obj_check.failures.push(format!(
            "recomputed objective {objective} differs from summary.json {}",
            s.objective
        ));
    }
    checks.push(obj_check);
    checks.push(policy_check(summary.as_ref()));
    checks.push(tables_agree(ds, dir, &rows));
    let coverage = summary
        .as_ref()
        .is_some_and(|s| s.kind.as_deref() == Some("coverage"));
    let mut dual_bound = None;
    let mut certified = false;
    if coverage && dir.join("sensitivity").is_dir() {
        let mut cert = Check {
            name: "certificate",
            failures: Vec::new(),
        };
        match read_duals(ds, dir) {
            Ok(duals) => {
                let bound = certificate(ds, &index, &duals, objective, &mut cert.failures);
                dual_bound = Some(bound);
                certified = cert.failures.is_empty();
            }
            Err(e) => cert.failures.push(e),
        }
        checks.push(cert);
    } else if coverage && require_certificate {
        checks.push(Check {
            name: "certificate",
            failures: vec!["no sensitivity/ folder: optimality cannot be proven".into()],
        });
    }
    Verdict {
        checks,
        certified,
        objective,
        dual_bound,
    }
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
];

/// summary.json must name a known policy kind: an unknown or missing one cannot be verified.
fn policy_check(summary: Option<&read::Summary>) -> Check {
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
        Some(Some(_)) => {}
    }
    c
}

/// The plan's own needs.csv (`funded`), parties.csv (`funded`) and offers.csv (`used`) must
/// agree with allocation.csv within [`TOLERANCE`]: planners read those tables.
fn tables_agree(ds: &Dataset, dir: &Path, rows: &[AllocRow]) -> Check {
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

fn compare_figures(
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
            Some(f) if (f.value - want).abs() > TOLERANCE * want.abs().max(1.0) => {
                failures.push(format!(
                    "{file} line {}: {column} {} but allocation.csv gives {want}",
                    f.line, f.value
                ));
            }
            Some(_) => {}
        }
    }
}

/// w(n) x effectiveness(o), recomputed from the dataset.
fn value(ds: &Dataset, o: usize, n: usize) -> f64 {
    let need = &ds.needs[n];
    ds.parties[need.party.index()].weight
        * ds.themes[need.theme.index()].weight
        * need.priority
        * ds.offers[o].effectiveness
}

fn selects(sel: &Selection, i: usize) -> bool {
    match sel {
        Selection::All => true,
        Selection::Some(mask) => mask.get(i).copied().unwrap_or(false),
    }
}

/// Needs by period, for enumerating candidate pairs.
struct NeedIndex {
    by_period: Vec<Vec<usize>>,
}

impl NeedIndex {
    fn new(ds: &Dataset) -> Self {
        let mut by_period = vec![Vec::new(); ds.periods.len()];
        for (i, n) in ds.needs.iter().enumerate() {
            by_period[n.period.index()].push(i);
        }
        NeedIndex { by_period }
    }
}

fn eligible(ds: &Dataset, o: usize, n: usize) -> bool {
    let (offer, need) = (&ds.offers[o], &ds.needs[n]);
    let party = need.party.index();
    offer.period == need.period
        && selects(&offer.themes, need.theme.index())
        && selects(&offer.regions, ds.parties[party].region.index())
        && selects(&offer.parties, party)
}

fn eligibility(ds: &Dataset, rows: &[AllocRow], deferred: &[AllocRow], carries: &[Carry]) -> Check {
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
fn feasibility(
    ds: &Dataset,
    rows: &[AllocRow],
    deferred: &[AllocRow],
    carries: &[Carry],
) -> Vec<Check> {
    let mut used = vec![0.0; ds.offers.len()];
    let mut funded = vec![0.0; ds.needs.len()];
    let mut capacity: Vec<f64> = ds.offers.iter().map(|o| o.amount).collect();
    for k in carries {
        used[k.from] += k.amount;
        capacity[k.to] += k.amount;
    }
    let mut per_party: HashMap<(usize, usize), f64> = HashMap::new();
    for r in rows.iter().chain(deferred) {
        used[r.offer] += r.amount;
        funded[r.need] += r.amount;
        *per_party
            .entry((r.offer, ds.needs[r.need].party.index()))
            .or_default() += r.amount;
    }
    let mut cap = Check {
        name: "offer capacity",
        failures: Vec::new(),
    };
    for (o, offer) in ds.offers.iter().enumerate() {
        if !within(used[o], capacity[o]) {
            cap.failures.push(format!(
                "offer {} gives {} > capacity {}",
                offer.code, used[o], capacity[o]
            ));
        }
    }
    let mut need = Check {
        name: "need amount",
        failures: Vec::new(),
    };
    for (n, nd) in ds.needs.iter().enumerate() {
        if !within(funded[n], nd.amount) {
            need.failures.push(format!(
                "need {} {} {} funded {} > amount {}",
                ds.parties[nd.party.index()].code,
                ds.themes[nd.theme.index()].code,
                ds.periods[nd.period.index()],
                funded[n],
                nd.amount
            ));
        }
    }
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
    vec![cap, need, caps]
}

/// Dual feasibility (y >= 0 and y_o + y_n + y_cap >= value on every eligible pair) and a zero
/// duality gap; returns the dual bound b'y.
/// The eligible pairs of offer `o` whose prices fall short of their value: (need, prices, value).
fn dual_infeasible_pairs(
    ds: &Dataset,
    index: &NeedIndex,
    d: &Duals,
    o: usize,
) -> Vec<(usize, f64, f64)> {
    let mut out = Vec::new();
    for &n in &index.by_period[ds.offers[o].period.index()] {
        if !eligible(ds, o, n) {
            continue;
        }
        let c = value(ds, o, n);
        let y = d.offer[o]
            + d.need[n]
            + d.cap
                .get(&(o, ds.needs[n].party.index()))
                .copied()
                .unwrap_or(0.0);
        if y < c - TOLERANCE * c.abs().max(1.0) {
            out.push((n, y, c));
        }
    }
    out
}

fn certificate(
    ds: &Dataset,
    index: &NeedIndex,
    d: &Duals,
    objective: f64,
    failures: &mut Vec<String>,
) -> f64 {
    for (what, ys) in [("offer", &d.offer), ("need", &d.need)] {
        for (i, &y) in ys.iter().enumerate() {
            if !(y.is_finite() && y >= -TOLERANCE) {
                failures.push(format!("{what} {i}: shadow price {y} is negative"));
            }
        }
    }
    for (&(o, p), &y) in &d.cap {
        if !(y.is_finite() && y >= -TOLERANCE) {
            failures.push(format!(
                "cap of {} for {}: shadow price {y} is negative",
                ds.offers[o].code, ds.parties[p].code
            ));
        }
    }
    // Every eligible pair, offer by offer in parallel; the first ten in offer order are named.
    let offers: Vec<usize> = (0..ds.offers.len()).collect();
    let per_offer = match crate::parallel::par_map(None, &offers, |&o| {
        dual_infeasible_pairs(ds, index, d, o)
    }) {
        Ok(pairs) => pairs,
        Err(e) => {
            failures.push(format!("dual feasibility not checked: {e}"));
            Vec::new()
        }
    };
    let mut violations = 0usize;
    for (o, pairs) in per_offer.into_iter().enumerate() {
        for (n, y, c) in pairs {
            violations += 1;
            if violations <= 10 {
                let party = ds.needs[n].party.index();
                failures.push(format!(
                    "pair {} -> {} {} {}: prices {y} < value {c} (dual infeasible)",
                    ds.offers[o].code,
                    ds.parties[party].code,
                    ds.themes[ds.needs[n].theme.index()].code,
                    ds.periods[ds.needs[n].period.index()]
                ));
            }
        }
    }
    if violations > 10 {
        failures.push(format!(
            "... {} more dual-infeasible pairs",
            violations - 10
        ));
    }
    let mut bound: f64 = ds
        .offers
        .iter()
        .zip(&d.offer)
        .map(|(o, y)| o.amount * y)
        .sum();
    bound += ds
        .needs
        .iter()
        .zip(&d.need)
        .map(|(n, y)| n.amount * y)
        .sum::<f64>();
    bound += d
        .cap
        .iter()
        .map(|(&(o, _), y)| ds.offers[o].max_per_party.unwrap_or(0.0) * y)
        .sum::<f64>();
    if (bound - objective).abs() > TOLERANCE * objective.abs().max(1.0) {
        failures.push(format!(
            "duality gap: dual bound {bound} vs objective {objective} (relative {:e})",
            (bound - objective).abs() / objective.abs().max(1.0)
        ));
    }
    bound
}
