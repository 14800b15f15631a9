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
    let t0 = std::time::Instant::now();
    let mut sens = sensitivity::sensitivity(ds, solved);
    if let Some(s) = sens.as_mut() {
        sensitivity::rank_extra_money(cx, ds, solved, s)?;
    }
    let t1 = std::time::Instant::now();
    let curve = if sens.is_some() {
        budget_curve::budget_curve(cx, ds, solved, scopes)?
    } else {
        Vec::new()
    };
    Ok(Analysis {
        sensitivity: sens,
        curve,
        seconds: t0.elapsed().as_secs_f64(),
        curve_seconds: t1.elapsed().as_secs_f64(),
    })
}
