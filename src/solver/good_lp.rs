//! Back ends through good_lp: the LP is rebuilt as good_lp expressions (the "flat"
//! formulation, one variable per column) and handed to Clarabel (interior point, pure Rust;
//! used to cross-check HiGHS) or to HiGHS (the reference for structure-aware speed-ups).
//! They return primal values only (no basis, no ranging).

use super::{Backend, LpSolution, SolveOptions, SolveStatus};
use crate::Result;
use crate::model::LinearProgram;
use good_lp::solvers::clarabel::clarabel;
use good_lp::solvers::highs::highs;
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, Solver, SolverModel, Variable,
    variable,
};
use std::time::Instant;

/// Clarabel through good_lp.
pub struct Clarabel;

/// HiGHS through good_lp's expression API, one LP: the flat formulation.
pub struct FlatHighs;

impl Backend for Clarabel {
    fn name(&self) -> &'static str {
        "clarabel"
    }
    fn solve(&self, lp: &LinearProgram, _opts: &SolveOptions) -> Result<LpSolution> {
        solve_with(lp, clarabel)
    }
}

impl Backend for FlatHighs {
    fn name(&self) -> &'static str {
        "highs-good-lp"
    }
    fn solve(&self, lp: &LinearProgram, _opts: &SolveOptions) -> Result<LpSolution> {
        solve_with(lp, highs)
    }
}

/// Build `lp` with good_lp expressions and solve it with `solver`.
fn solve_with<S: Solver>(lp: &LinearProgram, solver: S) -> Result<LpSolution>
where
    S::Model: SolverModel<Error = ResolutionError>,
{
    let t0 = Instant::now();
    let mut vars = ProblemVariables::new();
    let xs: Vec<Variable> = (0..lp.num_cols())
        .map(|j| vars.add(bounded(lp.col_lower[j], lp.col_upper[j])))
        .collect();
    let objective: Expression = xs.iter().zip(&lp.col_cost).map(|(&v, &c)| c * v).sum();
    let mut problem = vars.maximise(objective).using(solver);
    for (i, row) in lp.rows().iter().enumerate() {
        if row.is_empty() {
            continue;
        }
        let expr: Expression = row.iter().map(|&(j, a)| a * xs[j]).sum();
        if lp.row_upper[i].is_finite() {
            problem = problem.with(expr.clone().leq(lp.row_upper[i]));
        }
        if lp.row_lower[i].is_finite() {
            problem = problem.with(expr.geq(lp.row_lower[i]));
        }
    }
    let solved = problem.solve();
    let seconds = t0.elapsed().as_secs_f64();
    match solved {
        Ok(sol) => {
            let x: Vec<f64> = xs.iter().map(|&v| sol.value(v)).collect();
            let objective = lp.objective(&x);
            Ok(LpSolution {
                status: SolveStatus::Optimal,
                objective,
                x,
                row_dual: None,
                col_dual: None,
                basis: None,
                ranging: None,
                iterations: 0,
                seconds,
            })
        }
        Err(ResolutionError::Infeasible) => {
            Ok(LpSolution::without_values(SolveStatus::Infeasible, seconds))
        }
        Err(ResolutionError::Unbounded) => {
            Ok(LpSolution::without_values(SolveStatus::Unbounded, seconds))
        }
        Err(e) => Ok(LpSolution::without_values(
            SolveStatus::Other(format!("good_lp: {e}")),
            seconds,
        )),
    }
}

fn bounded(lower: f64, upper: f64) -> good_lp::VariableDefinition {
    let mut v = variable();
    if lower.is_finite() {
        v = v.min(lower);
    }
    if upper.is_finite() {
        v = v.max(upper);
    }
    v
}
