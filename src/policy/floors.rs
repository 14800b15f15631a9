//! LP policies that add coverage floors to the coverage model (regional balance, LDC/SIDS
//! priority), with an elastic run that meets conflicting floors as far as possible.

use super::PolicyOutcome;
use crate::dataset::Dataset;
use crate::model::{self, ColTag, CoverageIndex, LinearProgram, LpBuilder, ModelExtension, RowTag};
use crate::plan::{self, Plan};
use crate::solver::sifting;
use crate::solver::{Basis, BasisStatus, LpSolution, SolveContext, SolveOptions, SolveStatus};
use crate::{Error, Result};

/// A linear floor: sum of coef x over `terms` >= rhs.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub name: String,
    pub terms: Vec<(usize, f64)>,
    pub rhs: f64,
}

/// How far an elastic run fell short of a floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub constraint: String,
    pub required: f64,
    pub achieved: f64,
    pub shortfall: f64,
}

/// The allocation columns of each group of needs (`group_of(need)` -> group index or None).
pub fn group_cols(
    ds: &Dataset,
    index: &CoverageIndex,
    groups: usize,
    group_of: impl Fn(usize) -> Option<usize>,
) -> Vec<Vec<usize>> {
    let mut cols = vec![Vec::new(); groups];
    for (j, &(_, n)) in index.pairs.iter().enumerate() {
        if let Some(g) = group_of(n.index()) {
            cols[g].push(j);
        }
        let _ = ds;
    }
    cols
}

/// Floors (and optionally elastic slacks with a penalty) as a model extension.
struct FloorRows<'a> {
    floors: &'a [Floor],
    penalty: Option<f64>,
}

impl ModelExtension for FloorRows<'_> {
    fn extend(&self, _ds: &Dataset, _index: &CoverageIndex, lp: &mut LpBuilder) {
        for f in self.floors {
            let mut terms = f.terms.clone();
            if let Some(p) = self.penalty {
                terms.push((lp.add_col(-p, 0.0, f64::INFINITY, ColTag::Aux), 1.0));
            }
            lp.add_row(f.rhs, f64::INFINITY, RowTag::Extra, terms);
        }
    }
}

/// Solve `lp` cold with the context's back end.
pub fn solve_lp(cx: &SolveContext, lp: &LinearProgram) -> Result<LpSolution> {
    cx.backend().solve(lp, &cx.options(false))
}

/// Solve `lp`, a coverage model of `ds` with rows and columns appended by an extension, starting
/// from the coverage optimum's basis (new columns at zero, new rows basic). Where the policy's
/// constraints already hold at the coverage optimum, its plan is that optimum; otherwise the
/// simplex moves from it only as far as the policy requires, instead of landing on an arbitrary
/// one of several equally good vertices.
pub fn solve_from_coverage(
    cx: &SolveContext,
    ds: &Dataset,
    lp: &LinearProgram,
) -> Result<LpSolution> {
    solve_from_coverage_with(cx, ds, lp, &[])
}

/// [`solve_from_coverage`] by column generation: the working set starts with the coverage
/// basis and `support` (columns known to make the policy's rows feasible, e.g. a previous
/// stage's plan); every other column enters only if its reduced cost says so.
pub fn solve_from_coverage_with(
    cx: &SolveContext,
    ds: &Dataset,
    lp: &LinearProgram,
    support: &[usize],
) -> Result<LpSolution> {
    let base = coverage_basis(cx, ds)?;
    solve_from_basis(cx, lp, base.as_ref(), support)
}

/// The optimal basis of the coverage model of `ds` (None if the solve gives none).
pub fn coverage_basis(cx: &SolveContext, ds: &Dataset) -> Result<Option<Basis>> {
    Ok(plan::solve(ds, &[], cx.backend(), &cx.options(false))?
        .solution
        .basis)
}

/// [`solve_from_coverage_with`] given the coverage basis.
pub fn solve_from_basis(
    cx: &SolveContext,
    lp: &LinearProgram,
    basis: Option<&Basis>,
    support: &[usize],
) -> Result<LpSolution> {
    let Some(basis) = basis else {
        return solve_lp(cx, lp);
    };
    let mut col_status = basis.col_status.clone();
    col_status.resize(lp.num_cols(), BasisStatus::Lower);
    let mut row_status = basis.row_status.clone();
    row_status.resize(lp.num_rows(), BasisStatus::Basic);
    let warm = Basis {
        col_status,
        row_status,
    };
    // With a support that meets the policy's rows, the basis columns and the support make a
    // feasible working set; the best column of every row is then left to pricing (at M this
    // took fair's stage 2 from ~8,000 to ~7,000 iterations and cheaper ones). Without one, those
    // columns give the restricted LP its best chance of being feasible.
    let mut start = if !sifting::worth_sifting(lp) {
        vec![true; lp.num_cols()]
    } else if support.is_empty() {
        sifting::initial_set(lp, Some(&warm))
    } else {
        warm.col_status.iter().map(|s| s.is_active()).collect()
    };
    for &j in support {
        start[j] = true;
    }
    let opts = SolveOptions {
        warm_start: Some(warm),
        ..cx.options(false)
    };
    sifting::sift(lp, &opts, start, true)
}

/// Solve coverage + floors; on infeasibility run the elastic version to find which floors
/// conflict and by how much. With `elastic`, that elastic plan is the result.
pub fn solve_with_floors(
    cx: &SolveContext,
    ds: &Dataset,
    name: &str,
    floors: &[Floor],
    elastic: bool,
) -> Result<PolicyOutcome> {
    let (lp, _) = model::build(
        ds,
        &[&FloorRows {
            floors,
            penalty: None,
        }],
    );
    let sol = solve_from_coverage(cx, ds, &lp)?;
    if sol.status == SolveStatus::Optimal {
        return Ok(PolicyOutcome::settled(ds, lp, sol, cx)?.0);
    }
    if sol.status != SolveStatus::Infeasible {
        return Err(Error::NoOptimalPlan(format!(
            "{name}: {}",
            sol.status.as_str()
        )));
    }
    let max_cost = lp.col_cost.iter().copied().fold(1.0, f64::max);
    elastic_run(cx, ds, name, floors, 1e3 * max_cost, elastic)
}

/// The floors made elastic (each may fall short at `penalty` per unit): the plan that meets them
/// as far as possible when `elastic`, otherwise an error naming the conflicting floors.
fn elastic_run(
    cx: &SolveContext,
    ds: &Dataset,
    name: &str,
    floors: &[Floor],
    penalty: f64,
    elastic: bool,
) -> Result<PolicyOutcome> {
    let (elp, _) = model::build(
        ds,
        &[&FloorRows {
            floors,
            penalty: Some(penalty),
        }],
    );
    let esol = solve_from_coverage(cx, ds, &elp)?;
    if esol.status != SolveStatus::Optimal {
        return Err(Error::NoOptimalPlan(format!(
            "{name}: elastic run {}",
            esol.status.as_str()
        )));
    }
    let shortfalls = shortfalls(floors, &esol.x);
    if !elastic {
        let list: Vec<String> = shortfalls
            .iter()
            .map(|s| format!("{} (short by {:.6})", s.constraint, s.shortfall))
            .collect();
        return Err(Error::NoOptimalPlan(format!(
            "{name}: the floors conflict: {}; set elastic = true to meet them as far as possible",
            list.join("; ")
        )));
    }
    // The canonical plan's shortfalls (the elastic optimum may leave a choice of which floor
    // falls short).
    let (mut out, esol) = PolicyOutcome::settled(ds, elp, esol, cx)?;
    let shortfalls = self::shortfalls(floors, &esol.x);
    out.notes.push(format!(
        "Elastic run: {} floors could not be met in full; see shortfalls.csv.",
        shortfalls.len()
    ));
    out.shortfalls = shortfalls;
    Ok(out)
}

fn shortfalls(floors: &[Floor], x: &[f64]) -> Vec<Shortfall> {
    floors
        .iter()
        .filter_map(|f| {
            let achieved: f64 = f.terms.iter().map(|&(j, a)| a * x[j]).sum();
            let short = f.rhs - achieved;
            (short > 1e-7 * f.rhs.abs().max(1.0)).then(|| Shortfall {
                constraint: f.name.clone(),
                required: f.rhs,
                achieved,
                shortfall: short,
            })
        })
        .collect()
}

/// A plan from a rule-based allocation (no solver).
pub fn rule_plan(
    ds: &Dataset,
    allocations: Vec<crate::plan::Allocation>,
    solver: &'static str,
) -> Plan {
    let objective = plan::objective_of(ds, &allocations);
    Plan {
        status: SolveStatus::Optimal,
        allocations,
        objective,
        solver_objective: objective,
        solver,
        iterations: 0,
        build_seconds: 0.0,
        solve_seconds: 0.0,
    }
}
