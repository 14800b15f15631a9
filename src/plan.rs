//! Solving a dataset: build the model, run a back end, and turn the solution into a [`Plan`].

use crate::Result;
use crate::canonical::Canonical;
use crate::dataset::{Dataset, NeedId, OfferId};
use crate::model::{self, ColTag, CoverageIndex, LinearProgram, ModelExtension};
use crate::solver::{Backend, LpSolution, SolveContext, SolveOptions, SolveStatus};
use std::time::Instant;

/// Allocations below this are solver noise and are dropped (stated in docs/data-format.md).
pub const ZERO_TOLERANCE: f64 = 1e-9;

/// One positive amount from an offer to a need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allocation {
    pub offer: OfferId,
    pub need: NeedId,
    pub amount: f64,
}

/// A solved plan: allocations and the objective recomputed from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub status: SolveStatus,
    pub allocations: Vec<Allocation>,
    /// sum over allocations of amount x w(n) x effectiveness(o), in allocation order.
    pub objective: f64,
    /// The objective the solver reported.
    pub solver_objective: f64,
    pub solver: &'static str,
    pub iterations: i64,
    pub build_seconds: f64,
    pub solve_seconds: f64,
}

/// A plan with the model and raw solution it came from (needed for sensitivity).
#[derive(Debug, Clone)]
pub struct Solved {
    pub plan: Plan,
    pub lp: LinearProgram,
    pub index: CoverageIndex,
    /// The first stage's solution (duals, basis, ranging), with `x` the canonical plan once
    /// settled ([`settle`]).
    pub solution: LpSolution,
    /// What the canonical stage found, once settled.
    pub canonical: Option<Canonical>,
}

/// Build the coverage model (with `extensions`), solve it with `backend`, and extract the plan.
pub fn solve(
    ds: &Dataset,
    extensions: &[&dyn ModelExtension],
    backend: &dyn Backend,
    opts: &SolveOptions,
) -> Result<Solved> {
    let t0 = Instant::now();
    let (lp, index) = model::build(ds, extensions);
    let build_seconds = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let solution = backend.solve(&lp, opts)?;
    let mut plan = extract(ds, &lp, &solution, backend.name(), build_seconds);
    // Wall clock: block solves run in parallel, so the sum of their times would overstate it.
    plan.solve_seconds = t1.elapsed().as_secs_f64();
    Ok(Solved {
        plan,
        lp,
        index,
        solution,
        canonical: None,
    })
}

/// [`solve`] the coverage model with the back end of `cx`, then settle on the canonical plan.
pub fn solve_canonical(ds: &Dataset, cx: &SolveContext, ranging: bool) -> Result<Solved> {
    let mut solved = solve(ds, &[], cx.backend(), &cx.options(ranging))?;
    settle(ds, &mut solved, cx)?;
    Ok(solved)
}

/// Replace an optimal `solved`'s plan by the canonical plan of its optimal face; duals, basis
/// and ranging stay the first stage's (they certify every optimal plan).
pub fn settle(ds: &Dataset, solved: &mut Solved, cx: &SolveContext) -> Result<()> {
    if solved.plan.status != SolveStatus::Optimal {
        return Ok(());
    }
    let canonical = settle_lp(ds, &solved.lp, &mut solved.solution, cx)?;
    adopt(ds, solved, canonical);
    Ok(())
}

/// Make `solved`'s plan the one its solution now holds (the canonical plan `canonical` found).
pub fn adopt(ds: &Dataset, solved: &mut Solved, canonical: Canonical) {
    let mut plan = extract(ds, &solved.lp, &solved.solution, solved.plan.solver, 0.0);
    plan.build_seconds = solved.plan.build_seconds;
    plan.solve_seconds = solved.plan.solve_seconds;
    solved.plan = plan;
    solved.canonical = Some(canonical);
}

/// Settle any LP policy's optimum `solution` of `lp`: its `x` becomes the canonical plan.
pub fn settle_lp(
    ds: &Dataset,
    lp: &LinearProgram,
    solution: &mut LpSolution,
    cx: &SolveContext,
) -> Result<Canonical> {
    let (x, canonical) = crate::canonical::settle(ds, lp, solution, cx)?;
    solution.x = x;
    Ok(canonical)
}

/// The plan of `solution`: allocation columns above [`ZERO_TOLERANCE`], in column order.
pub fn extract(
    ds: &Dataset,
    lp: &LinearProgram,
    solution: &LpSolution,
    solver: &'static str,
    build_seconds: f64,
) -> Plan {
    let mut allocations = Vec::new();
    if solution.status == SolveStatus::Optimal {
        for (j, &v) in solution.x.iter().enumerate() {
            if let ColTag::Alloc(offer, need) = lp.col_tag[j]
                && v > ZERO_TOLERANCE
            {
                allocations.push(Allocation {
                    offer,
                    need,
                    amount: v,
                });
            }
        }
    }
    let objective = objective_of(ds, &allocations);
    Plan {
        status: solution.status.clone(),
        allocations,
        objective,
        solver_objective: solution.objective + 0.0, // + 0.0 turns a -0 optimum into +0
        solver,
        iterations: solution.iterations,
        build_seconds,
        solve_seconds: solution.seconds,
    }
}

/// The coverage objective of a list of allocations (+0 when there are none: a plain f64 `sum`
/// of nothing is -0, which reports would print as "-0").
pub fn objective_of(ds: &Dataset, allocations: &[Allocation]) -> f64 {
    allocations
        .iter()
        .map(|a| a.amount * ds.pair_value(a.offer, a.need))
        .fold(0.0, |s, v| s + v)
}

impl Plan {
    pub fn funded_by_need(&self, ds: &Dataset) -> Vec<f64> {
        let mut v = vec![0.0; ds.needs.len()];
        for a in &self.allocations {
            v[a.need.index()] += a.amount;
        }
        v
    }

    pub fn used_by_offer(&self, ds: &Dataset) -> Vec<f64> {
        let mut v = vec![0.0; ds.offers.len()];
        for a in &self.allocations {
            v[a.offer.index()] += a.amount;
        }
        v
    }

    pub fn total_allocated(&self) -> f64 {
        self.allocations
            .iter()
            .map(|a| a.amount)
            .fold(0.0, |s, v| s + v)
    }
}
