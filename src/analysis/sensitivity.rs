//! Sensitivity of a solved coverage plan: shadow prices, reduced costs and ranging, mapped from
//! LP rows and columns back to offers, needs, per-Party caps and offer-need pairs.

use crate::dataset::{Dataset, NeedId, OfferId, PartyId};
use crate::model::{ColTag, RowTag};
use crate::plan::{Solved, ZERO_TOLERANCE};
use crate::solver::{Basis, BasisStatus};

/// Duals below this magnitude are reported as 0 (solver noise); stated in docs.
pub const DUAL_TOLERANCE: f64 = 1e-9;

const BASIC: BasisStatus = BasisStatus::Basic;

/// A capacity or need row: its dual and the bound range over which that dual holds.
#[derive(Debug, Clone, PartialEq)]
pub struct RowSens {
    pub bound: f64,
    pub activity: f64,
    pub shadow_price: f64,
    pub rhs_low: f64,
    pub rhs_high: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapSens {
    pub offer: OfferId,
    pub party: PartyId,
    pub row: RowSens,
}

/// One eligible offer-need pair.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeSens {
    pub offer: OfferId,
    pub need: NeedId,
    pub amount: f64,
    /// The objective coefficient w(n) x effectiveness(o).
    pub value: f64,
    /// c_j - a_j'y: 0 on used pairs, <= 0 on unused ones (minus the extra weight needed).
    pub reduced_cost: f64,
    /// Coefficient range within which the optimal basis (the allocation pattern) stays optimal.
    pub obj_low: f64,
    pub obj_high: f64,
}

/// The whole sensitivity report of one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub offers: Vec<RowSens>,
    pub needs: Vec<RowSens>,
    pub caps: Vec<CapSens>,
    pub edges: Vec<EdgeSens>,
    /// Basic columns or rows at a bound: the duals are then not unique.
    pub primal_degenerate: usize,
    /// Nonbasic columns with zero reduced cost: other allocations are equally optimal.
    pub dual_degenerate: usize,
    /// The offers where 100,000 currency units more does most good, with the exact gain
    /// (filled by [`rank_extra_money`]; empty until then).
    pub best_offers: Vec<(OfferId, f64)>,
}

fn clean(v: f64) -> f64 {
    if v.abs() < DUAL_TOLERANCE { 0.0 } else { v }
}

/// Build the report from a HiGHS solve with duals and ranging; None if the solve lacks them.
pub fn sensitivity(ds: &Dataset, solved: &Solved) -> Option<Sensitivity> {
    let sol = &solved.solution;
    let (duals, reduced) = (sol.row_dual.as_ref()?, sol.col_dual.as_ref()?);
    // Row activities of the plan as written: columns at or below the plan's zero tolerance are
    // no allocation (a need the plan leaves unfunded shows 0, not a sum of float noise).
    let x: Vec<f64> = sol
        .x
        .iter()
        .map(|&v| if v > ZERO_TOLERANCE { v } else { 0.0 })
        .collect();
    let rows = Rows {
        solved,
        duals,
        activity: solved.lp.row_activity(&x),
    };
    let offers = ds
        .offers
        .iter()
        .enumerate()
        .map(|(i, o)| rows.get(solved.index.offer_row[i], o.amount))
        .collect();
    let needs = ds
        .needs
        .iter()
        .enumerate()
        .map(|(i, n)| rows.get(solved.index.need_row[i], n.amount))
        .collect();
    let caps = solved
        .index
        .cap_rows
        .iter()
        .map(|&(offer, party, r)| CapSens {
            offer,
            party,
            row: rows.get(Some(r), ds.offer(offer).max_per_party.unwrap_or(0.0)),
        })
        .collect();
    let (primal_degenerate, dual_degenerate) = sol
        .basis
        .as_ref()
        .map(|b| {
            degeneracy(
                b,
                &sol.x,
                reduced,
                &rows.activity,
                &solved.lp.row_upper,
                duals,
            )
        })
        .unwrap_or((0, 0));
    Some(Sensitivity {
        offers,
        needs,
        caps,
        edges: edges(solved, reduced),
        primal_degenerate,
        dual_degenerate,
        best_offers: Vec::new(),
    })
}

/// The rows of a solved LP, read as capacity, need and cap rows.
struct Rows<'a> {
    solved: &'a Solved,
    duals: &'a [f64],
    activity: Vec<f64>,
}

impl Rows<'_> {
    /// Row `r` (or a row the model did not need) with bound `bound`. A basic (slack) row keeps its
    /// zero dual for any bound down to its activity; HiGHS's bound ranging describes nonbasic
    /// (binding) rows, so it is used only for those.
    fn get(&self, r: Option<usize>, bound: f64) -> RowSens {
        let sol = &self.solved.solution;
        let Some(r) = r else {
            return RowSens {
                bound,
                activity: 0.0,
                shadow_price: 0.0,
                rhs_low: 0.0,
                rhs_high: f64::INFINITY,
            };
        };
        let activity = self.activity[r];
        if sol.basis.as_ref().is_some_and(|b| b.row_status[r] == BASIC) {
            return RowSens {
                bound,
                activity,
                shadow_price: 0.0,
                rhs_low: activity.max(0.0),
                rhs_high: f64::INFINITY,
            };
        }
        let ranging = sol.ranging.as_ref();
        RowSens {
            bound,
            activity,
            shadow_price: clean(self.duals[r]),
            rhs_low: ranging
                .map(|g| g.row_bound_low[r])
                .unwrap_or(f64::NAN)
                .max(0.0),
            rhs_high: ranging.map(|g| g.row_bound_high[r]).unwrap_or(f64::NAN),
        }
    }
}

/// Every offer-need pair of the LP: amount, value, reduced cost and cost range.
fn edges(solved: &Solved, reduced: &[f64]) -> Vec<EdgeSens> {
    let (lp, sol) = (&solved.lp, &solved.solution);
    let ranging = sol.ranging.as_ref();
    lp.col_tag
        .iter()
        .enumerate()
        .filter_map(|(j, tag)| match *tag {
            ColTag::Alloc(offer, need) => Some(EdgeSens {
                offer,
                need,
                amount: sol.x[j],
                value: lp.col_cost[j],
                reduced_cost: clean(reduced[j]),
                obj_low: ranging.map(|g| g.col_cost_low[j]).unwrap_or(f64::NAN),
                obj_high: ranging.map(|g| g.col_cost_high[j]).unwrap_or(f64::NAN),
            }),
            _ => None,
        })
        .collect()
}

/// Count primal degeneracy (basic at a bound) and dual degeneracy (nonbasic, zero reduced cost).
fn degeneracy(
    b: &Basis,
    x: &[f64],
    reduced: &[f64],
    activity: &[f64],
    row_upper: &[f64],
    duals: &[f64],
) -> (usize, usize) {
    let mut primal = 0;
    let mut dual = 0;
    for (j, &s) in b.col_status.iter().enumerate() {
        if s == BASIC && x[j].abs() <= 1e-9 {
            primal += 1;
        }
        if s != BASIC && reduced[j].abs() <= DUAL_TOLERANCE {
            dual += 1;
        }
    }
    for (i, &s) in b.row_status.iter().enumerate() {
        if s == BASIC && (row_upper[i] - activity[i]).abs() <= 1e-9 {
            primal += 1;
        }
        if s != BASIC && duals[i].abs() <= DUAL_TOLERANCE {
            dual += 1;
        }
    }
    (primal, dual)
}

/// Fill `best_offers`: the five offers among the 15 with the highest shadow prices where
/// 100,000 currency units more does most good. Where ranging shows the shadow price holds for
/// the whole step the gain is shadow price x step, exactly; only the others are re-solved.
pub fn rank_extra_money(
    cx: &crate::solver::SolveContext,
    ds: &Dataset,
    solved: &Solved,
    s: &mut Sensitivity,
) -> crate::Result<()> {
    let step = 100_000.0 / ds.meta.unit;
    let mut idx: Vec<usize> = (0..ds.offers.len())
        .filter(|&i| s.offers[i].shadow_price > 0.0)
        .collect();
    idx.sort_by(|&a, &b| {
        s.offers[b]
            .shadow_price
            .total_cmp(&s.offers[a].shadow_price)
            .then(a.cmp(&b))
    });
    idx.truncate(15);
    let holds = |i: usize| s.offers[i].rhs_high - ds.offers[i].amount >= step;
    let resolve: Vec<OfferId> = idx
        .iter()
        .filter(|&&i| !holds(i))
        .map(|&i| OfferId(i as u32))
        .collect();
    let gains = crate::analysis::marginal::extra_money_gains(cx, ds, solved, &resolve, step)?;
    let mut exact = resolve.into_iter().zip(gains);
    let mut ranked: Vec<(OfferId, f64)> = idx
        .iter()
        .map(|&i| {
            if holds(i) {
                (OfferId(i as u32), s.offers[i].shadow_price * step)
            } else {
                exact.next().unwrap_or((OfferId(i as u32), 0.0))
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(5);
    s.best_offers = ranked;
    Ok(())
}

/// Which dataset object a row belongs to (for reports).
pub fn describe_row(ds: &Dataset, tag: RowTag) -> String {
    match tag {
        RowTag::Need(n) => {
            let need = ds.need(n);
            format!(
                "need {} {} {}",
                ds.party(need.party).code,
                ds.theme(need.theme).code,
                ds.period_name(need.period)
            )
        }
        RowTag::Offer(o) => format!("capacity of offer {}", ds.offer(o).code),
        RowTag::PartyCap(o, p) => format!(
            "per-Party cap of offer {} for {}",
            ds.offer(o).code,
            ds.party(p).code
        ),
        RowTag::Extra => "policy constraint".into(),
    }
}
