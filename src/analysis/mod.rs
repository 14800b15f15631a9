//! Analysis of solved plans: coverage statistics by Party, region and theme, policy metrics,
//! sensitivity (shadow prices, ranging, exact gains) and the budget curve.

pub mod budget_curve;
pub mod explain;
pub mod frontier;
pub(crate) mod marginal;
pub mod metrics;
pub(crate) mod sandwich;
pub mod sensitivity;
pub mod stats;

use crate::Result;
use crate::dataset::Dataset;
use crate::plan::Solved;
use crate::solver::SolveContext;
use budget_curve::{CurvePoint, CurveScopes};
use sensitivity::Sensitivity;

/// What the analysis of a coverage plan adds to it.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Shadow prices, ranging and the best extra money, when the solve returned duals.
    pub sensitivity: Option<Sensitivity>,
    /// The budget curve (empty when not asked for or without duals).
    pub curve: Vec<CurvePoint>,
    /// Wall-clock time of the whole analysis, and of the budget curve alone.
    pub seconds: f64,
    pub curve_seconds: f64,
}

/// Sensitivity, exact extra-money gains and the budget curve of `solved` over `scopes`.
pub fn analyse(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    scopes: CurveScopes,
) -> Result<Analysis> {
    let curve = timed_curve(cx, ds, solved, scopes)?;
    analyse_with(cx, ds, solved, curve)
}

/// The canonical plan of a first-stage coverage optimum `first`, and its analysis. The budget
/// curve runs alongside the canonical stage: it re-solves the first stage's LP from its basis
/// and needs nothing the canonical stage finds (the curve is a property of the optimum, not of
/// the plan chosen among equally good ones).
pub fn settle_and_analyse(
    cx: &SolveContext,
    ds: &Dataset,
    first: Solved,
    scopes: CurveScopes,
) -> Result<(Solved, Analysis)> {
    if first.plan.status != crate::solver::SolveStatus::Optimal {
        let analysis = analyse(cx, ds, &first, scopes)?;
        return Ok((first, analysis));
    }
    // The canonical stage changes only the solution's values: it works on a copy of them while
    // the curve reads the LP and the basis.
    let (settled, curve) = crate::parallel::join(
        || {
            let mut solution = first.solution.clone();
            crate::plan::settle_lp(ds, &first.lp, &mut solution, cx).map(|c| (solution, c))
        },
        || timed_curve(cx, ds, &first, scopes),
    );
    let (solution, canonical) = settled?;
    let mut settled = first;
    settled.solution = solution;
    crate::plan::adopt(ds, &mut settled, canonical);
    let analysis = analyse_with(cx, ds, &settled, curve?)?;
    Ok((settled, analysis))
}

/// The budget curve of `solved` (empty without duals, as the sensitivity is) and its wall time.
fn timed_curve(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    scopes: CurveScopes,
) -> Result<(Vec<CurvePoint>, f64)> {
    let t0 = std::time::Instant::now();
    let sol = &solved.solution;
    let curve = if sol.row_dual.is_some() && sol.col_dual.is_some() {
        budget_curve::budget_curve(cx, ds, solved, scopes)?
    } else {
        Vec::new()
    };
    Ok((curve, t0.elapsed().as_secs_f64()))
}

/// Sensitivity and exact extra-money gains of `solved`, with its budget curve already traced.
fn analyse_with(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    (curve, curve_seconds): (Vec<CurvePoint>, f64),
) -> Result<Analysis> {
    let t0 = std::time::Instant::now();
    let mut sens = sensitivity::sensitivity(ds, solved);
    if let Some(s) = sens.as_mut() {
        sensitivity::rank_extra_money(cx, ds, solved, s)?;
    }
    Ok(Analysis {
        sensitivity: sens,
        curve,
        seconds: t0.elapsed().as_secs_f64() + curve_seconds,
        curve_seconds,
    })
}
