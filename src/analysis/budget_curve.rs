//! The budget curve: the optimal objective as available assistance is scaled from 0% to 200%,
//! for all offers together and for each partner kind, by warm-started HiGHS re-solves.

use crate::dataset::{Dataset, OfferId};
use crate::model::{ColTag, RowTag};
use crate::plan::Solved;
use crate::solver::resolve::ResolveModel;
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};

/// Grid steps from 0 to 200%: 41 points, 5% apart.
pub const STEPS: usize = 40;
pub const MAX_SCALE: f64 = 2.0;

/// One point of the curve.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    /// "all", or "kind:`partner kind`" when only that kind's offers are scaled.
    pub scope: String,
    pub scale: f64,
    /// Total capacity of all offers at this point.
    pub budget: f64,
    pub objective: f64,
    pub allocated: f64,
    pub weighted_coverage: f64,
    /// Objective gained per unit of budget on the segment ending at this point (first point: 0).
    pub marginal_value: f64,
}

/// The scale factors of the grid.
pub fn grid() -> Vec<f64> {
    (0..=STEPS)
        .map(|i| MAX_SCALE * i as f64 / STEPS as f64)
        .collect()
}

/// The curve for "all" and every partner kind, solved in parallel by scope.
pub fn budget_curve(cx: &SolveContext, ds: &Dataset, solved: &Solved) -> Result<Vec<CurvePoint>> {
    let mut kinds: Vec<&str> = ds.partners.iter().map(|p| p.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    let mut scopes: Vec<Option<&str>> = vec![None];
    scopes.extend(kinds.into_iter().map(Some));
    let curves =
        crate::parallel::par_map(None, &scopes, |scope| scope_curve(cx, ds, solved, *scope))?;
    let mut out = Vec::new();
    for c in curves {
        out.extend(c?);
    }
    Ok(out)
}

/// The curve of one scope: offers whose partner kind matches (or all) are scaled, others fixed.
pub fn scope_curve(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    kind: Option<&str>,
) -> Result<Vec<CurvePoint>> {
    let lp = &solved.lp;
    let mut model = ResolveModel::new(lp, solved.solution.basis.as_ref(), cx.time_limit)?;
    let in_scope = |o: OfferId| kind.is_none_or(|k| ds.partner(ds.offer(o).partner).kind == k);
    let offer_rows: Vec<(usize, f64, bool)> = lp
        .row_tag
        .iter()
        .enumerate()
        .filter_map(|(r, t)| match *t {
            RowTag::Offer(o) => Some((r, ds.offer(o).amount, in_scope(o))),
            _ => None,
        })
        .collect();
    let rows: Vec<usize> = offer_rows.iter().map(|x| x.0).collect();
    let fixed: f64 = ds
        .offer_ids()
        .filter(|&o| !in_scope(o))
        .map(|o| ds.offer(o).amount)
        .sum();
    let scale_point = Scale {
        scope: kind
            .map(|k| format!("kind:{k}"))
            .unwrap_or_else(|| "all".into()),
        fixed,
        scoped: ds.total_capacity() - fixed,
        weights: weights(ds, lp),
        wneed: ds
            .need_ids()
            .map(|n| ds.need_weight(n) * ds.need(n).amount)
            .sum(),
    };
    let mut points: Vec<CurvePoint> = Vec::new();
    for scale in grid() {
        let upper: Vec<f64> = offer_rows
            .iter()
            .map(|&(_, amount, s)| if s { amount * scale } else { amount })
            .collect();
        model.set_row_uppers(&rows, &upper)?;
        let sol = model.run(false)?;
        if sol.status != SolveStatus::Optimal {
            let scope = &scale_point.scope;
            return Err(Error::Solver(format!(
                "budget curve {scope} at scale {scale}: {}",
                sol.status.as_str()
            )));
        }
        points.push(scale_point.point(lp, &sol, scale, points.last()));
    }
    Ok(points)
}

/// Each column's need weight (0 for columns that are not allocations).
fn weights(ds: &Dataset, lp: &crate::model::LinearProgram) -> Vec<f64> {
    lp.col_tag
        .iter()
        .map(|t| {
            if let ColTag::Alloc(_, n) = t {
                ds.need_weight(*n)
            } else {
                0.0
            }
        })
        .collect()
}

/// What turns one re-solve of a scope's curve into a point.
struct Scale {
    scope: String,
    /// Capacity outside the scope (never scaled) and inside it.
    fixed: f64,
    scoped: f64,
    weights: Vec<f64>,
    wneed: f64,
}

impl Scale {
    fn point(
        &self,
        lp: &crate::model::LinearProgram,
        sol: &crate::solver::LpSolution,
        scale: f64,
        prev: Option<&CurvePoint>,
    ) -> CurvePoint {
        let allocated: f64 = sol
            .x
            .iter()
            .zip(&lp.col_tag)
            .filter(|(_, t)| matches!(t, ColTag::Alloc(..)))
            .map(|(x, _)| *x)
            .sum();
        let weighted: f64 = sol.x.iter().zip(&self.weights).map(|(x, w)| x * w).sum();
        let budget = self.fixed + self.scoped * scale;
        let marginal_value = match prev {
            Some(p) if budget > p.budget => (sol.objective - p.objective) / (budget - p.budget),
            _ => 0.0,
        };
        CurvePoint {
            scope: self.scope.clone(),
            scale,
            budget,
            objective: sol.objective,
            allocated,
            weighted_coverage: if self.wneed > 0.0 {
                weighted / self.wneed
            } else {
                0.0
            },
            marginal_value,
        }
    }
}
