//! `fair`: lexicographic max-min fairness. Stage 1 maximises the smallest Party coverage
//! (funded / reachable need); stage 2 maximises weighted coverage while no Party falls below
//! that floor (less a relative tolerance).

use super::floors::group_cols;
use super::{Policy, PolicyOutcome};
use crate::dataset::Dataset;
use crate::model::{self, ColTag, CoverageIndex, LpBuilder, ModelExtension, RowTag};
use crate::plan;
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};

pub struct Fair {
    pub name: String,
    /// Stage 2 keeps every Party's coverage >= t* (1 - tolerance).
    pub tolerance: f64,
}

/// The Party rows of `fair`, over every Party with reachable need R_p.
/// Stage 1 (`floor` None, used by the flat reference only): a share variable t, rows
/// sum of p's x - R_p t >= 0, objective t. Stage 2 (`floor` Some(f)): rows sum of p's x >= f R_p
/// with the coverage objective (no t column: a column in every Party row makes the simplex
/// bases denser, and stage 2 took 7,169 instead of 9,270 iterations at M without it).
struct MaxMin {
    floor: Option<f64>,
}

impl ModelExtension for MaxMin {
    fn extend(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder) {
        let party_need = ds.reachable_by_party();
        let cols = group_cols(ds, index, ds.parties.len(), |n| {
            Some(ds.needs[n].party.index())
        });
        let parties = (0..cols.len()).filter(|&p| party_need[p] > 0.0);
        match self.floor {
            None => {
                for j in 0..lp.num_cols() {
                    lp.set_cost(j, 0.0);
                }
                let t = lp.add_col(1.0, 0.0, 1.0, ColTag::Aux);
                for p in parties {
                    lp.add_row(
                        0.0,
                        f64::INFINITY,
                        RowTag::Extra,
                        cols[p]
                            .iter()
                            .map(|&j| (j, 1.0))
                            .chain([(t, -party_need[p])]),
                    );
                }
            }
            Some(f) => {
                for p in parties {
                    lp.add_row(
                        f * party_need[p],
                        f64::INFINITY,
                        RowTag::Extra,
                        cols[p].iter().map(|&j| (j, 1.0)),
                    );
                }
            }
        }
    }
}

impl Policy for Fair {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        "fair"
    }
    /// Stage 1 by Newton's method on a parametric max-flow LP (`maxmin`: a few warm re-solves
    /// of a packing LP, no t column); stage 2 by column generation, dual simplex first, from the
    /// coverage optimum's basis and stage 1's plan (see docs/performance.md for the
    /// measurements behind this).
    fn allocate(&self, ds: &Dataset, cx: &SolveContext) -> Result<PolicyOutcome> {
        // Stage 1 and the coverage optimum (stage 2's starting basis) are independent.
        let (s1, base) = crate::parallel::join(
            || super::maxmin::max_min_share(ds, cx.time_limit),
            || super::floors::coverage_basis(cx, ds),
        );
        let (s1, base) = (s1?, base?);
        let t_star = s1.share;
        let floor = (t_star * (1.0 - self.tolerance)).max(0.0);
        let (lp2, _) = model::build(ds, &[&MaxMin { floor: Some(floor) }]);
        // Stage 1's plan meets the stage-2 floors: its columns start the working set, so the
        // restricted LP is feasible from the first round.
        let support: Vec<usize> = (0..s1.x.len()).filter(|&j| s1.x[j] > 0.0).collect();
        let s2 = super::floors::solve_from_basis(cx, &lp2, base.as_ref(), &support)?;
        if s2.status != SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(format!(
                "{} stage 2: {}",
                self.name,
                s2.status.as_str()
            )));
        }
        let (mut out, _) = PolicyOutcome::settled(ds, lp2, s2, cx)?;
        out.notes.push(format!("Max-min stage: every Party with reachable need gets at least {:.4}% of it (tolerance {:e}); stage 2 maximises weighted coverage above that floor.", 100.0 * t_star, self.tolerance));
        Ok(out)
    }
}

impl Fair {
    /// The same two stages, each solved from scratch as one flat LP through good_lp's HiGHS:
    /// the reference the structured solve is measured against (benches, docs/performance.md).
    pub fn allocate_flat(&self, ds: &Dataset) -> Result<PolicyOutcome> {
        self.flat_stages(ds).map(|(_, out)| out)
    }

    /// [`Fair::allocate_flat`] with the max-min share t* of its stage 1.
    pub fn flat_stages(&self, ds: &Dataset) -> Result<(f64, PolicyOutcome)> {
        use crate::solver::{Backend, SolveOptions, good_lp::FlatHighs};
        let (lp1, _) = model::build(ds, &[&MaxMin { floor: None }]);
        let s1 = FlatHighs.solve(&lp1, &SolveOptions::default())?;
        if s1.status != SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(format!(
                "{} stage 1: {}",
                self.name,
                s1.status.as_str()
            )));
        }
        let t_star = s1.objective.max(0.0);
        let floor = (t_star * (1.0 - self.tolerance)).max(0.0);
        let (lp2, _) = model::build(ds, &[&MaxMin { floor: Some(floor) }]);
        let s2 = FlatHighs.solve(&lp2, &SolveOptions::default())?;
        if s2.status != SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(format!(
                "{} stage 2: {}",
                self.name,
                s2.status.as_str()
            )));
        }
        Ok((
            t_star,
            PolicyOutcome::from_plan(plan::extract(ds, &lp2, &s2, "highs-good-lp", 0.0)),
        ))
    }
}
