//! The dual certificate: shadow prices feasible on every eligible pair, and a zero duality gap.

use super::TOLERANCE;
use super::primal::{eligible, value};
use super::read::Duals;
use crate::dataset::Dataset;

/// Needs by period, for enumerating candidate pairs.
pub(super) struct NeedIndex {
    pub(super) by_period: Vec<Vec<usize>>,
}

impl NeedIndex {
    pub(super) fn new(ds: &Dataset) -> Self {
        let mut by_period = vec![Vec::new(); ds.periods.len()];
        for (i, n) in ds.needs.iter().enumerate() {
            by_period[n.period.index()].push(i);
        }
        NeedIndex { by_period }
    }
}

/// The eligible pairs of offer `o` whose prices fall short of their value: (need, prices, value).
pub(super) fn dual_infeasible_pairs(
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

/// Dual feasibility (y >= 0 and y_o + y_n + y_cap >= value on every eligible pair) and a zero
/// duality gap; returns the dual bound b'y.
pub(super) fn certificate(
    ds: &Dataset,
    index: &NeedIndex,
    d: &Duals,
    objective: f64,
    failures: &mut Vec<String>,
) -> f64 {
    signs(ds, d, failures);
    pair_prices(ds, index, d, failures);
    let bound = dual_bound(ds, d);
    if (bound - objective).abs() > TOLERANCE * objective.abs().max(1.0) {
        failures.push(format!(
            "duality gap: dual bound {bound} vs objective {objective} (relative {:e})",
            (bound - objective).abs() / objective.abs().max(1.0)
        ));
    }
    bound
}

/// Every shadow price is finite and >= 0 (within tolerance).
fn signs(ds: &Dataset, d: &Duals, failures: &mut Vec<String>) {
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
}

/// Every eligible pair is priced at least at its value, offer by offer in parallel; the first
/// ten violations in offer order are named.
fn pair_prices(ds: &Dataset, index: &NeedIndex, d: &Duals, failures: &mut Vec<String>) {
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
                let need = &ds.needs[n];
                failures.push(format!(
                    "pair {} -> {} {} {}: prices {y} < value {c} (dual infeasible)",
                    ds.offers[o].code,
                    ds.parties[need.party.index()].code,
                    ds.themes[need.theme.index()].code,
                    ds.periods[need.period.index()]
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
}

/// b'y: capacities, need amounts and caps weighted by their shadow prices.
fn dual_bound(ds: &Dataset, d: &Duals) -> f64 {
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
    bound
}
