//! Column generation ("sifting") over HiGHS: solve the LP on a small working set of columns,
//! price every column left out with the row duals, add the attractive ones and re-solve from
//! the same basis, until no column outside the set has a positive reduced cost. The answer is
//! optimal for the whole LP: its duals price every column, which `taplan verify` re-checks.
//!
//! Coverage LPs have many more columns (eligible offer-need pairs) than any basis can use (at
//! most one per row), so most columns never enter; HiGHS then works on a fraction of the model.

use super::highs::{Highs, HighsModel};
use super::{Backend, Basis, BasisStatus, LpSolution, SolveOptions, SolveStatus};
use crate::Result;
use crate::model::LinearProgram;
use std::time::Instant;

/// A column outside the working set enters when its reduced cost exceeds this (HiGHS's own
/// default dual feasibility tolerance), so the final duals are feasible for every column
/// within it.
pub const PRICING_TOLERANCE: f64 = 1e-7;

/// LPs with fewer columns than this many times their rows are solved whole.
const MIN_COLS_PER_ROW: usize = 4;

/// HiGHS with column generation; solves small LPs whole.
pub struct Sifting;

impl Backend for Sifting {
    fn name(&self) -> &'static str {
        "highs"
    }

    fn solve(&self, lp: &LinearProgram, opts: &SolveOptions) -> Result<LpSolution> {
        // A cold start begins from the greedy plan where the LP has the packing shape.
        let crashed = match opts.warm_start {
            None => super::crash::greedy_basis(lp).map(|basis| SolveOptions {
                warm_start: Some(basis),
                ..opts.clone()
            }),
            Some(_) => None,
        };
        let opts = crashed.as_ref().unwrap_or(opts);
        if !worth_sifting(lp) {
            return Highs.solve(lp, opts);
        }
        let initial = initial_set(lp, opts.warm_start.as_ref());
        sift(lp, opts, initial, false)
    }
}

/// Column generation pays off when columns outnumber rows several times over.
pub fn worth_sifting(lp: &LinearProgram) -> bool {
    lp.num_cols() >= MIN_COLS_PER_ROW * lp.num_rows().max(1)
}

/// Solve `lp` by column generation from the working set `start` (columns whose lower bound
/// is not 0 are always added). Falls back to the whole LP when the set is most of it or when
/// the restricted LP is infeasible (a column left out may be needed for feasibility).
/// `dual_first`: the warm start is dual feasible (new rows or tighter bounds), so the first
/// solve uses dual simplex; later rounds add columns to an optimal basis and use primal.
pub fn sift(
    lp: &LinearProgram,
    opts: &SolveOptions,
    mut start: Vec<bool>,
    dual_first: bool,
) -> Result<LpSolution> {
    let t0 = Instant::now();
    let n = lp.num_cols();
    for (s, lower) in start.iter_mut().zip(&lp.col_lower) {
        *s |= *lower != 0.0;
    }
    if start.iter().filter(|&&s| s).count() * 2 > n {
        return whole(lp, opts, dual_first);
    }
    let mut set = WorkingSet::load(lp, start, opts.warm_start.as_ref(), opts.time_limit)?;
    if dual_first && opts.warm_start.is_some() {
        set.model.prefer_dual()?;
    }
    let mut iterations = 0;
    loop {
        if let Some(limit) = opts.time_limit {
            set.model
                .set_double_option("time_limit", (limit - t0.elapsed().as_secs_f64()).max(0.0))?;
        }
        let sol = set.model.run(false)?;
        iterations += sol.iterations;
        match sol.status {
            SolveStatus::Optimal => {}
            SolveStatus::Infeasible => return whole(lp, opts, dual_first),
            _ => {
                return Ok(LpSolution {
                    seconds: t0.elapsed().as_secs_f64(),
                    ..sol
                });
            }
        }
        if !set.add_entering(lp, sol.row_dual.as_deref().unwrap_or(&[]))? {
            let full = expand(lp, &set.in_set, sol, iterations, t0);
            return if opts.ranging {
                with_ranging(lp, full)
            } else {
                Ok(full)
            };
        }
    }
}

/// The columns HiGHS currently holds, loaded into a live model.
pub(super) struct WorkingSet {
    pub(super) model: HighsModel,
    /// member[j]: column j of the full LP is in the set.
    member: Vec<bool>,
    /// The set's columns in the order HiGHS holds them.
    pub(super) in_set: Vec<usize>,
    /// position[j]: where column j sits in the model (usize::MAX when out of the set).
    position: Vec<usize>,
    /// With every strictly attractive column, also add those at reduced cost zero.
    pub(super) with_ties: bool,
}

impl WorkingSet {
    /// Load the columns marked in `member`, at `warm` (a basis of the full LP) when given.
    pub(super) fn load(
        lp: &LinearProgram,
        member: Vec<bool>,
        warm: Option<&Basis>,
        time_limit: Option<f64>,
    ) -> Result<Self> {
        let in_set: Vec<usize> = (0..lp.num_cols()).filter(|&j| member[j]).collect();
        let mut model = HighsModel::new(&restrict(lp, &in_set))?;
        // A working set is re-solved warm many times, each a short run.
        model.devex_dual()?;
        if let Some(t) = time_limit {
            model.set_double_option("time_limit", t)?;
        }
        if let Some(b) = warm {
            model.set_basis(&b.slice(&in_set, &(0..lp.num_rows()).collect::<Vec<_>>()))?;
        }
        let mut position = vec![usize::MAX; lp.num_cols()];
        for (k, &j) in in_set.iter().enumerate() {
            position[j] = k;
        }
        Ok(WorkingSet {
            model,
            member,
            in_set,
            position,
            with_ties: false,
        })
    }

    /// Where column j of the full LP sits in the model, if it is in the set.
    pub(super) fn position(&self, j: usize) -> Option<usize> {
        Some(self.position[j]).filter(|&k| k != usize::MAX)
    }

    /// Take out of the model every column of the set that `drop` picks (the caller picks only
    /// columns nonbasic at a zero lower bound, so the basis stays valid and the plan unchanged).
    pub(super) fn remove(&mut self, drop: impl Fn(usize) -> bool) -> Result<usize> {
        let gone: Vec<usize> = (0..self.in_set.len())
            .filter(|&k| drop(self.in_set[k]))
            .collect();
        self.model.delete_cols(&gone)?;
        for &k in &gone {
            let j = self.in_set[k];
            self.member[j] = false;
            self.position[j] = usize::MAX;
        }
        self.in_set.retain(|&j| self.member[j]);
        for (k, &j) in self.in_set.iter().enumerate() {
            self.position[j] = k;
        }
        Ok(gone.len())
    }

    /// Price the columns left out with the row duals `y` and add the attractive ones (the next
    /// solve continues by primal simplex); false when none prices out.
    pub(super) fn add_entering(&mut self, lp: &LinearProgram, y: &[f64]) -> Result<bool> {
        let mut entering = price(
            lp,
            y,
            &self.member,
            lp.num_rows().max(1000),
            PRICING_TOLERANCE,
        );
        if entering.is_empty() {
            return Ok(false);
        }
        if self.with_ties {
            // Also the columns at reduced cost zero: on a face full of ties they are the ones
            // the next pivots need, and adding them a few at a time costs a HiGHS run each.
            let ties = price(
                lp,
                y,
                &self.member,
                lp.num_rows().max(1000),
                -PRICING_TOLERANCE,
            );
            entering.extend(ties);
            entering.sort_unstable();
            entering.dedup();
        }
        self.model.add_cols(lp, &entering)?;
        self.model.prefer_primal()?;
        for &j in &entering {
            self.member[j] = true;
            self.position[j] = self.in_set.len();
            self.in_set.push(j);
        }
        Ok(true)
    }
}

/// Solve the whole LP in one HiGHS instance.
fn whole(lp: &LinearProgram, opts: &SolveOptions, dual_first: bool) -> Result<LpSolution> {
    let mut model = HighsModel::with_options(lp, opts)?;
    if dual_first && opts.warm_start.is_some() {
        model.prefer_dual()?;
    }
    model.run(opts.ranging)
}

/// The first working set: every column basic or at its upper bound in `warm` when given, and
/// for every row the most valuable column touching it (ties to the lowest index).
pub fn initial_set(lp: &LinearProgram, warm: Option<&Basis>) -> Vec<bool> {
    let n = lp.num_cols();
    let mut start = vec![false; n];
    if let Some(b) = warm {
        for (s, status) in start.iter_mut().zip(&b.col_status) {
            *s = status.is_active();
        }
    }
    let mut best: Vec<Option<usize>> = vec![None; lp.num_rows()];
    for j in 0..n {
        if lp.col_upper[j] <= 0.0 {
            continue;
        }
        for (i, _) in lp.column(j) {
            if best[i].is_none_or(|k| lp.col_cost[j] > lp.col_cost[k]) {
                best[i] = Some(j);
            }
        }
    }
    for j in best.into_iter().flatten() {
        start[j] = true;
    }
    start
}

/// Up to `limit` columns outside the set with reduced cost c_j - a_j'y above the tolerance,
/// most attractive first (ties to the lowest index), returned in index order.
fn price(lp: &LinearProgram, y: &[f64], in_set: &[bool], limit: usize, above: f64) -> Vec<usize> {
    let mut cand: Vec<(f64, usize)> = (0..lp.num_cols())
        .filter(|&j| !in_set[j] && lp.col_upper[j] > 0.0)
        .filter_map(|j| {
            let d = reduced_cost(lp, y, j);
            (d > above).then_some((d, j))
        })
        .collect();
    if cand.len() > limit {
        cand.select_nth_unstable_by(limit, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        cand.truncate(limit);
    }
    let mut cols: Vec<usize> = cand.into_iter().map(|(_, j)| j).collect();
    cols.sort_unstable();
    cols
}

fn reduced_cost(lp: &LinearProgram, y: &[f64], j: usize) -> f64 {
    lp.col_cost[j] - lp.column(j).map(|(i, a)| a * y[i]).sum::<f64>()
}

/// The sub-LP of the columns `cols` (all rows).
fn restrict(lp: &LinearProgram, cols: &[usize]) -> LinearProgram {
    lp.sub_lp(cols, &(0..lp.num_rows()).collect::<Vec<_>>())
}

/// The restricted solution in full-LP positions: columns left out are 0, nonbasic at their
/// lower bound, with their reduced costs computed from the row duals.
pub(super) fn expand(
    lp: &LinearProgram,
    in_set: &[usize],
    sol: LpSolution,
    iterations: i64,
    t0: Instant,
) -> LpSolution {
    let n = lp.num_cols();
    let y = sol.row_dual.clone().unwrap_or_default();
    let mut x = vec![0.0; n];
    let mut col_dual: Vec<f64> = (0..n).map(|j| reduced_cost(lp, &y, j)).collect();
    let mut col_status = vec![BasisStatus::Lower; n];
    let basis = sol.basis.as_ref();
    for (k, &j) in in_set.iter().enumerate() {
        x[j] = sol.x[k];
        if let Some(d) = &sol.col_dual {
            col_dual[j] = d[k];
        }
        if let Some(b) = basis {
            col_status[j] = b.col_status[k];
        }
    }
    LpSolution {
        status: SolveStatus::Optimal,
        objective: sol.objective,
        x,
        row_dual: Some(y),
        col_dual: Some(col_dual),
        basis: basis.map(|b| Basis {
            col_status,
            row_status: b.row_status.clone(),
        }),
        ranging: None,
        iterations,
        seconds: t0.elapsed().as_secs_f64(),
    }
}

/// The whole LP run with ranging from `sol`'s basis (ranging needs every column: a basic
/// column's cost range depends on all reduced costs). The basis is optimal over every column
/// (pricing found none to enter), so HiGHS confirms it without iterating but in cases of
/// rounding. Iterations and time are counted with `sol`'s.
fn reload_at_basis(lp: &LinearProgram, sol: &LpSolution) -> Result<LpSolution> {
    let t0 = Instant::now();
    let mut model = HighsModel::new(lp)?;
    if let Some(b) = &sol.basis {
        model.set_basis(b)?;
    }
    let full = model.run(true)?;
    Ok(LpSolution {
        iterations: sol.iterations + full.iterations,
        seconds: sol.seconds + t0.elapsed().as_secs_f64(),
        ..full
    })
}

/// The whole LP's solution at `sol`'s basis, with ranging.
pub(super) fn with_ranging(lp: &LinearProgram, sol: LpSolution) -> Result<LpSolution> {
    reload_at_basis(lp, &sol)
}

/// `sol` with the ranging of its basis; its values, duals and basis stay `sol`'s, so that a
/// re-solve's plan does not depend on whether ranging was asked for (`serve` answers without
/// it, `whatif` writes it). Where rounding makes the whole LP pivot, the ranging is that of the
/// basis it ends at.
pub(super) fn attach_ranging(lp: &LinearProgram, sol: LpSolution) -> Result<LpSolution> {
    let full = reload_at_basis(lp, &sol)?;
    Ok(LpSolution {
        ranging: full.ranging,
        iterations: full.iterations,
        seconds: full.seconds,
        ..sol
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    /// Column generation from an empty working set or from the greedy crash basis reaches the flat optimum, and its duals price
    /// every column: no reduced cost above the pricing tolerance, dual bound = objective.
    #[test]
    fn sifting_from_an_empty_set_or_the_greedy_crash_matches_the_flat_optimum_with_a_full_certificate()
     {
        for spec in testkit::shapes() {
            let (_tmp, ds) = testkit::generated(spec);
            let (lp, _) = crate::model::build(&ds, &[]);
            let flat = super::super::highs::Highs
                .solve(&lp, &SolveOptions::default())
                .unwrap();
            let opts = SolveOptions {
                ranging: true,
                ..SolveOptions::default()
            };
            let from_empty = sift(&lp, &opts, vec![false; lp.num_cols()], false).unwrap();
            // The default path: the greedy crash basis and its working set.
            let from_crash = Sifting.solve(&lp, &opts).unwrap();
            for s in [from_empty, from_crash] {
                assert_certified(&spec, &lp, &s, flat.objective);
            }
        }
    }

    /// `s` is optimal for `lp` with objective `best`, and its duals certify it: no column prices out
    /// above the pricing tolerance and the dual bound equals the objective.
    fn assert_certified(
        spec: &crate::generate::GenSpec,
        lp: &LinearProgram,
        s: &LpSolution,
        best: f64,
    ) {
        assert_eq!(s.status, SolveStatus::Optimal, "{spec:?}");
        assert!(
            (s.objective - best).abs() <= 1e-9 * best.abs().max(1.0),
            "{spec:?}: sift {} vs flat {best}",
            s.objective
        );
        assert!(
            (lp.objective(&s.x) - s.objective).abs() <= 1e-6 * s.objective.abs().max(1.0),
            "{spec:?}: x gives the objective"
        );
        let y = s.row_dual.as_ref().unwrap();
        for j in 0..lp.num_cols() {
            let d = lp.col_cost[j] - lp.column(j).map(|(i, a)| a * y[i]).sum::<f64>();
            assert!(
                d <= PRICING_TOLERANCE * 10.0,
                "{spec:?}: column {j} prices out at {d}"
            );
        }
        let bound: f64 = lp.row_upper.iter().zip(y).map(|(u, y)| u * y).sum();
        assert!(
            (bound - s.objective).abs() <= 1e-6 * s.objective.abs().max(1.0),
            "{spec:?}: dual bound {bound} vs {}",
            s.objective
        );
        assert!(s.ranging.is_some(), "{spec:?}: ranging on request");
    }

    #[test]
    fn block_split_separates_periods() {
        for spec in testkit::shapes() {
            let (_tmp, ds) = testkit::generated(spec);
            let (lp, _) = crate::model::build(&ds, &[]);
            assert!(
                super::super::blocks::split(&lp).len() >= spec.periods,
                "{spec:?}: periods must split"
            );
        }
    }
}
