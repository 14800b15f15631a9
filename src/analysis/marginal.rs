//! Exact value of extra money: re-solve with one offer's capacity raised by a step.

use crate::dataset::{Dataset, OfferId};
use crate::plan::Solved;
use crate::solver::blocks::ResolveModel;
use crate::solver::SolveStatus;
use crate::{Error, Result};

/// The objective gained when each offer in `offers` gets `step` more capacity, one at a time,
/// by warm-started HiGHS re-solves (exact, also where the shadow price changes within the step).
pub fn extra_money_gains(ds: &Dataset, solved: &Solved, offers: &[OfferId], step: f64) -> Result<Vec<f64>> {
    let mut model = ResolveModel::new(&solved.lp, solved.solution.basis.as_ref())?;
    let base = solved.solution.objective;
    let mut gains = Vec::with_capacity(offers.len());
    for &o in offers {
        let Some(row) = solved.index.offer_row[o.index()] else {
            gains.push(0.0);
            continue;
        };
        let amount = ds.offer(o).amount;
        model.set_row_uppers(&[row], &[amount + step])?;
        let sol = model.run(false)?;
        if sol.status != SolveStatus::Optimal {
            return Err(Error::Solver(format!("re-solve with more money in {}: {}", ds.offer(o).code, sol.status.as_str())));
        }
        gains.push(sol.objective - base);
        model.set_row_uppers(&[row], &[amount])?;
    }
    Ok(gains)
}
