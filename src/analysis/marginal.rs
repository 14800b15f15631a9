//! Exact value of extra money: re-solve with one offer's capacity raised by a step.

use crate::dataset::{Dataset, OfferId};
use crate::plan::Solved;
use crate::solver::blocks::split;
use crate::solver::resolve::SiftModel;
use crate::solver::{Basis, SolveContext, SolveStatus};
use crate::{Error, Result};

/// The objective gained when each offer in `offers` gets `step` more capacity, one at a time,
/// by warm-started HiGHS re-solves (exact, also where the shadow price changes within the step).
///
/// An offer's row lies in one block of the LP, so only that block is re-solved: blocks run in
/// parallel, each with one column-generation model that takes its offers in the given order
/// (dual simplex from the previous basis, then pricing), so the result does not depend on the
/// number of threads.
pub fn extra_money_gains(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    offers: &[OfferId],
    step: f64,
) -> Result<Vec<f64>> {
    let Some(basis) = solved.solution.basis.as_ref() else {
        return Err(Error::Solver("exact gains need the optimal basis".into()));
    };
    let blocks = split(&solved.lp);
    let mut home = vec![(0, 0); solved.lp.num_rows()];
    for (k, b) in blocks.iter().enumerate() {
        for (local, &r) in b.rows.iter().enumerate() {
            home[r] = (k, local);
        }
    }
    // (position in `offers`, offer, local row) per block.
    let mut work: Vec<Vec<(usize, OfferId, usize)>> = vec![Vec::new(); blocks.len()];
    for (pos, &o) in offers.iter().enumerate() {
        if let Some(row) = solved.index.offer_row[o.index()] {
            let (k, local) = home[row];
            work[k].push((pos, o, local));
        }
    }
    let jobs: Vec<usize> = (0..blocks.len()).filter(|&k| !work[k].is_empty()).collect();
    let per_block = crate::parallel::par_map(None, &jobs, |&k| {
        let b = &blocks[k];
        let local = basis.slice(&b.cols, &b.rows);
        block_gains(cx, ds, &b.lp, &local, &work[k], step)
    })?;
    let mut gains = vec![0.0; offers.len()];
    for result in per_block {
        for (pos, gain) in result? {
            gains[pos] = gain;
        }
    }
    Ok(gains)
}

/// Gains of one block's offers, in order: raise, re-solve, restore.
fn block_gains(
    cx: &SolveContext,
    ds: &Dataset,
    lp: &crate::model::LinearProgram,
    basis: &Basis,
    offers: &[(usize, OfferId, usize)],
    step: f64,
) -> Result<Vec<(usize, f64)>> {
    let mut model = SiftModel::new(lp.clone(), Some(basis), cx.time_limit)?;
    let base = model.solve(false)?.objective;
    let mut out = Vec::with_capacity(offers.len());
    for &(pos, o, row) in offers {
        let amount = ds.offer(o).amount;
        model.set_row_uppers(&[row], &[amount + step])?;
        let sol = model.solve(false)?;
        if sol.status != SolveStatus::Optimal {
            return Err(Error::Solver(format!(
                "re-solve with more money in {}: {}",
                ds.offer(o).code,
                sol.status.as_str()
            )));
        }
        out.push((pos, sol.objective - base));
        model.set_row_uppers(&[row], &[amount])?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    /// The block-parallel column-generation re-solves give every offer's exact gain, whatever the
    /// step does to the basis: checked against fresh solves for every offer of a generated
    /// dataset, with a step large enough to cross several basis changes.
    #[test]
    fn extra_money_gains_of_every_offer_equal_fresh_solves() {
        let (_tmp, ds) = testkit::generated(crate::generate::GenSpec {
            parties: 25,
            themes: 6,
            partners: 8,
            periods: 2,
            seed: 21,
        });
        let solved = crate::plan::solve(
            &ds,
            &[],
            crate::solver::structured(),
            &crate::solver::SolveOptions::default(),
        )
        .unwrap();
        let offers: Vec<OfferId> = (0..ds.offers.len()).map(|i| OfferId(i as u32)).collect();
        let step = 500.0;
        let gains =
            extra_money_gains(&SolveContext::default(), &ds, &solved, &offers, step).unwrap();
        let base = solved.plan.solver_objective;
        for (o, gain) in offers.iter().zip(gains) {
            let mut edited = ds.clone();
            edited.offers[o.index()].amount += step;
            let fresh = crate::plan::solve(
                &edited,
                &[],
                crate::solver::Solver::HighsFlat.backend(),
                &Default::default(),
            )
            .unwrap()
            .plan
            .solver_objective
                - base;
            assert!(
                (fresh - gain).abs() <= 1e-7 * base,
                "{}: reported {gain}, fresh {fresh}",
                ds.offers[o.index()].code
            );
        }
    }
}
