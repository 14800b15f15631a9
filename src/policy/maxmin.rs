//! Stage 1 of `fair`: the largest share t such that every Party can receive t of its reachable
//! need at once, found by Newton's method on a parametric max-flow LP solved by HiGHS.
//!
//! For a share t, F(t) is the most money the offers can move to needs when no Party takes more
//! than t R_p (R_p: its reachable need). This is a packing LP (the coverage rows plus one
//! ceiling row per Party, every allocation worth 1), so it starts from the greedy crash basis and
//! is solved by column generation like the coverage model. t is feasible for the max-min problem
//! exactly when F(t) = t R (R = sum of R_p), and t* is the largest such t.
//!
//! The optimal duals y of the LP at t give a line that bounds F everywhere, because they stay
//! dual feasible when only the ceilings move: F(t') <= C + t' R_y, with C the dual value of the
//! coverage rows and R_y = sum_p R_p y_p. So no t' above C / (R - R_y) is feasible; that ratio
//! is the next trial share. The trial shares fall strictly and reach t* after finitely many steps
//! (F is concave and piecewise linear); at t* the LP's flow is the plan that proves t* feasible
//! and its duals the line that proves nothing larger is. Each step changes only Party row bounds,
//! so it restarts from the previous basis by dual simplex.

use crate::dataset::Dataset;
use crate::model::{self, CoverageIndex, LinearProgram, LpBuilder, ModelExtension, RowTag};
use crate::solver::sifting::{self, Sifting, initial_set};
use crate::solver::{Backend, LpSolution, SolveOptions, SolveStatus};
use crate::{Error, Result};

/// Relative tolerance of the stopping test F(t) >= t R (1 - FLOW_TOLERANCE).
pub const FLOW_TOLERANCE: f64 = 1e-9;

/// Newton steps allowed before giving up (each is one warm LP re-solve; a handful is typical).
const MAX_STEPS: usize = 50;

/// The max-min share and the evidence for it.
#[derive(Debug, Clone)]
pub struct MaxMinShare {
    /// t*: every Party with reachable need can get this share of it at once, and no larger one.
    pub share: f64,
    /// Allocation (coverage-model columns) giving every such Party at least `share` of its need.
    pub x: Vec<f64>,
    /// Newton steps spent (the unit tests check the step count of a hand case).
    #[cfg_attr(not(test), allow(dead_code))]
    pub steps: usize,
}

/// Every allocation worth 1 and a ceiling R_p (share 1) on each Party's total.
struct Ceilings;

impl ModelExtension for Ceilings {
    fn extend(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder) {
        for j in 0..lp.num_cols() {
            lp.set_cost(j, 1.0);
        }
        let need = ds.reachable_by_party();
        let cols = super::floors::group_cols(ds, index, ds.parties.len(), |n| {
            Some(ds.needs[n].party.index())
        });
        for (p, c) in cols.iter().enumerate() {
            if need[p] > 0.0 {
                lp.add_row(
                    f64::NEG_INFINITY,
                    need[p],
                    RowTag::Extra,
                    c.iter().map(|&j| (j, 1.0)),
                );
            }
        }
    }
}

/// Reachable need per Party (R_p).
/// t* for `ds` (0 when no Party has reachable need).
pub fn max_min_share(ds: &Dataset, time_limit: Option<f64>) -> Result<MaxMinShare> {
    let (mut lp, _) = model::build(ds, &[&Ceilings]);
    let ceilings: Vec<usize> = (0..lp.num_rows())
        .filter(|&i| lp.row_tag[i] == RowTag::Extra)
        .collect();
    let r_p: Vec<f64> = ceilings.iter().map(|&i| lp.row_upper[i]).collect();
    let total: f64 = r_p.iter().sum();
    if total <= 0.0 {
        return Ok(MaxMinShare {
            share: 0.0,
            x: vec![0.0; lp.num_cols()],
            steps: 0,
        });
    }
    // No Party can get more than all of its need, nor all Parties more than the offers hold.
    let supply: f64 = (0..lp.num_rows())
        .filter(|&i| matches!(lp.row_tag[i], RowTag::Offer(_)))
        .map(|i| lp.row_upper[i])
        .sum();
    let mut share = (supply / total).min(1.0);
    set_ceilings(&mut lp, &ceilings, &r_p, share);
    let mut sol = Sifting.solve(
        &lp,
        &SolveOptions {
            time_limit,
            ..Default::default()
        },
    )?;
    for step in 1..=MAX_STEPS {
        check(&sol)?;
        let bound = next_share(&lp, &ceilings, &r_p, &sol, total);
        if sol.objective >= share * total * (1.0 - FLOW_TOLERANCE) || bound >= share {
            return Ok(MaxMinShare {
                share,
                x: sol.x,
                steps: step,
            });
        }
        share = bound.max(0.0);
        set_ceilings(&mut lp, &ceilings, &r_p, share);
        sol = resolve(&lp, &sol, time_limit)?;
    }
    Err(Error::Solver(format!(
        "max-min share: no convergence in {MAX_STEPS} Newton steps"
    )))
}

fn set_ceilings(lp: &mut LinearProgram, ceilings: &[usize], r_p: &[f64], share: f64) {
    for (&i, r) in ceilings.iter().zip(r_p) {
        lp.row_upper[i] = share * r;
    }
}

/// C / (R - R_y): the largest share the duals of `sol` allow (infinite when they bound nothing).
fn next_share(
    lp: &LinearProgram,
    ceilings: &[usize],
    r_p: &[f64],
    sol: &LpSolution,
    total: f64,
) -> f64 {
    let y = sol.row_dual.as_deref().unwrap_or(&[]);
    let mut is_ceiling = vec![false; lp.num_rows()];
    for &i in ceilings {
        is_ceiling[i] = true;
    }
    let c: f64 = (0..lp.num_rows())
        .filter(|&i| !is_ceiling[i])
        .map(|i| lp.row_upper[i] * y[i].max(0.0))
        .sum();
    let r_y: f64 = ceilings
        .iter()
        .zip(r_p)
        .map(|(&i, r)| r * y[i].max(0.0))
        .sum();
    if total - r_y <= FLOW_TOLERANCE * total {
        f64::INFINITY
    } else {
        c / (total - r_y)
    }
}

/// Re-solve after the ceilings moved: the previous optimal basis stays dual feasible.
fn resolve(lp: &LinearProgram, prev: &LpSolution, time_limit: Option<f64>) -> Result<LpSolution> {
    let opts = SolveOptions {
        warm_start: prev.basis.clone(),
        time_limit,
        ..Default::default()
    };
    let mut start = initial_set(lp, opts.warm_start.as_ref());
    for (j, &v) in prev.x.iter().enumerate() {
        start[j] |= v > 0.0;
    }
    sifting::sift(lp, &opts, start, true)
}

fn check(sol: &LpSolution) -> Result<()> {
    match sol.status {
        SolveStatus::Optimal => Ok(()),
        ref s => Err(Error::NoOptimalPlan(format!(
            "max-min share: flow LP {}",
            s.as_str()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::plan::Plan;
    use crate::policy::{Fair, Policy};
    use crate::solver::SolveContext;
    use crate::testkit;

    fn funded(ds: &Dataset, plan: &Plan, party: &str, period: &str) -> f64 {
        plan.allocations
            .iter()
            .filter(|a| {
                ds.party(ds.need(a.need).party).code == party
                    && ds.period_name(ds.need(a.need).period) == period
            })
            .map(|a| a.amount)
            .sum()
    }

    /// Two Parties that need 100 each; offer X (10) reaches only A, offer Y (100) only B. The
    /// offers' bound (110 / 200) is not the answer: A can get at most 10, so t* = 0.1, which the
    /// Newton steps must find from the duals of the first flow (the cut {X, B's ceiling}).
    #[test]
    fn max_min_share_follows_the_cut_below_the_supply_bound() {
        let ds = testkit::one_period(
            &["A", "B"],
            &["t"],
            "party,theme,period,amount\nA,t,P1,100\nB,t,P1,100\n",
            "offer,partner,period,amount,themes,regions,parties\nX,g,P1,10,*,*,A\nY,g,P1,100,*,*,B\n",
        );
        let m = max_min_share(&ds, None).unwrap();
        assert!((m.share - 0.1).abs() < 1e-12, "t* = {}", m.share);
        assert_eq!(
            m.steps, 2,
            "one step at the supply bound 0.55, one at the cut's 0.1"
        );
        let fair = Fair {
            name: "fair".into(),
            tolerance: 1e-6,
        }
        .allocate(&ds, &SolveContext::default())
        .unwrap();
        assert!((funded(&ds, &fair.plan, "A", "P1") - 10.0).abs() < 1e-6);
        // Stage 2 gives B everything Y has: the floor binds only A.
        assert!((funded(&ds, &fair.plan, "B", "P1") - 100.0).abs() < 1e-6);
    }

    /// On generated datasets the Newton max-min share equals the optimum of the flat max-min LP
    /// (t as a variable, one row per Party), its plan meets every Party's share and the offers',
    /// needs' and caps' rows, and the structured fair plan has the flat fair plan's objective.
    #[test]
    fn max_min_share_matches_the_flat_lp_and_its_plan_proves_it() {
        for spec in testkit::shapes() {
            let (_tmp, ds) = testkit::generated(spec);
            let m = max_min_share(&ds, None).unwrap();
            let fair = Fair {
                name: "fair".into(),
                tolerance: 1e-6,
            };
            let (flat_share, flat_plan) = fair.flat_stages(&ds).unwrap();
            assert!(
                (m.share - flat_share).abs() <= 1e-7,
                "{spec:?}: Newton {} vs flat {flat_share}",
                m.share
            );
            let (lp, index) = crate::model::build(&ds, &[]);
            let act = lp.row_activity(&m.x);
            for (i, (a, upper)) in act.iter().zip(&lp.row_upper).enumerate() {
                assert!(
                    *a <= upper * (1.0 + 1e-9) + 1e-9,
                    "{spec:?}: row {i} over its bound"
                );
            }
            let need = ds.reachable_by_party();
            let mut got = vec![0.0; ds.parties.len()];
            for (j, &(_, n)) in index.pairs.iter().enumerate() {
                got[ds.need(n).party.index()] += m.x[j];
            }
            for p in 0..ds.parties.len() {
                assert!(
                    got[p] >= m.share * need[p] * (1.0 - 1e-7) - 1e-7,
                    "{spec:?}: Party {p} gets {} < {} x {}",
                    got[p],
                    m.share,
                    need[p]
                );
            }
            let structured = fair.allocate(&ds, &SolveContext::default()).unwrap();
            let (a, b) = (structured.plan.objective, flat_plan.plan.objective);
            assert!(
                (a - b).abs() <= 1e-7 * a.abs().max(1.0),
                "{spec:?}: fair structured {a} vs flat {b}"
            );
        }
    }
}
