//! `four-year`: the biennia as one plan. Unspent capacity may carry into the same partner's
//! offers in the next biennium (up to a share of the offer), unmet need may be met in the next
//! biennium at a discounted value, and a Party funded on a theme keeps at least a share of that
//! support in the next biennium while it still has need there.

use super::{CarryOver, Deferred, Policy, PolicyOutcome};
use crate::dataset::{Dataset, NeedId, OfferId, PartyId, PeriodId};
use crate::model::{self, ColTag, CoverageIndex, LpBuilder, ModelExtension, RowTag};
use crate::plan;
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};
use std::collections::HashMap;

pub struct FourYear {
    pub name: String,
    /// Share of an offer's capacity that may carry into the next biennium (0 = none).
    pub carry_over_share: f64,
    /// Value of meeting a need one biennium late, relative to on time (0 = no deferral).
    pub deferral_discount: f64,
    /// Share of a Party-theme's funding that must continue into the next biennium (0 = none).
    pub continuity_share: f64,
}

/// Eligible ignoring the period: theme, region and Party selected by the offer.
fn eligible_late(ds: &Dataset, o: OfferId, n: NeedId) -> bool {
    let (offer, need) = (ds.offer(o), ds.need(n));
    offer.themes.contains(need.theme.index())
        && offer.regions.contains(ds.party(need.party).region.index())
        && offer.parties.contains(need.party.index())
}

impl ModelExtension for FourYear {
    fn extend(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder) {
        let mut rows = Rows {
            need: index.need_row.clone(),
            offer: index.offer_row.clone(),
            cap: index
                .cap_rows
                .iter()
                .map(|&(o, p, r)| ((o, p), r))
                .collect(),
        };
        if self.carry_over_share > 0.0 {
            self.carry_over(ds, &mut rows, lp);
        }
        if self.deferral_discount > 0.0 {
            self.deferral(ds, &mut rows, lp);
        }
        if self.continuity_share > 0.0 {
            self.continuity(ds, index, lp);
        }
    }
}

/// The coverage model's rows by need, offer and (offer, Party) cap, extended as the
/// four-year columns need rows the biennial model did not.
struct Rows {
    need: Vec<Option<usize>>,
    offer: Vec<Option<usize>>,
    cap: HashMap<(OfferId, PartyId), usize>,
}

/// The biennium after `p`, if there is one.
fn next(ds: &Dataset, p: PeriodId) -> Option<PeriodId> {
    (p.index() + 1 < ds.periods.len()).then(|| PeriodId(p.0 + 1))
}

impl FourYear {
    /// Carry-over columns: up to `carry_over_share` of an offer moves to the same partner's
    /// offers of the next biennium.
    fn carry_over(&self, ds: &Dataset, rows: &mut Rows, lp: &mut LpBuilder) {
        for o in ds.offer_ids() {
            let Some(np) = next(ds, ds.offer(o).period) else {
                continue;
            };
            let targets: Vec<OfferId> = ds
                .offer_ids()
                .filter(|&t| {
                    ds.offer(t).partner == ds.offer(o).partner
                        && ds.offer(t).period == np
                        && rows.offer[t.index()].is_some()
                })
                .collect();
            if targets.is_empty() {
                continue;
            }
            let from_row = *rows.offer[o.index()].get_or_insert_with(|| {
                lp.add_row(f64::NEG_INFINITY, ds.offer(o).amount, RowTag::Offer(o), [])
            });
            let mut carried = Vec::new();
            for t in targets {
                let c = lp.add_col(0.0, 0.0, f64::INFINITY, ColTag::Carry(o, t));
                lp.add_entry(from_row, c, 1.0);
                lp.add_entry(rows.offer[t.index()].unwrap_or(from_row), c, -1.0);
                carried.push((c, 1.0));
            }
            lp.add_row(
                f64::NEG_INFINITY,
                self.carry_over_share * ds.offer(o).amount,
                RowTag::Extra,
                carried,
            );
        }
    }

    /// Deferral columns: a need met one biennium late by an offer eligible for it, at a
    /// discounted value, within the offer's capacity and cap and the need's amount.
    fn deferral(&self, ds: &Dataset, rows: &mut Rows, lp: &mut LpBuilder) {
        for n in ds.need_ids() {
            let Some(np) = next(ds, ds.need(n).period) else {
                continue;
            };
            for o in ds
                .offer_ids()
                .filter(|&o| ds.offer(o).period == np && eligible_late(ds, o, n))
            {
                let y = lp.add_col(
                    self.deferral_discount * ds.pair_value(o, n),
                    0.0,
                    f64::INFINITY,
                    ColTag::Deferred(o, n),
                );
                let nr = *rows.need[n.index()].get_or_insert_with(|| {
                    lp.add_row(f64::NEG_INFINITY, ds.need(n).amount, RowTag::Need(n), [])
                });
                lp.add_entry(nr, y, 1.0);
                let or = *rows.offer[o.index()].get_or_insert_with(|| {
                    lp.add_row(f64::NEG_INFINITY, ds.offer(o).amount, RowTag::Offer(o), [])
                });
                lp.add_entry(or, y, 1.0);
                if let Some(cap) = ds.offer(o).max_per_party {
                    let party = ds.need(n).party;
                    let cr = *rows.cap.entry((o, party)).or_insert_with(|| {
                        lp.add_row(f64::NEG_INFINITY, cap, RowTag::PartyCap(o, party), [])
                    });
                    lp.add_entry(cr, y, 1.0);
                }
            }
        }
    }
}

impl FourYear {
    /// funded(p, t, k+1) >= share x funded(p, t, k) for every Party-theme with need in both,
    /// counting same-period allocations.
    fn continuity(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder) {
        let mut cols_of_need: Vec<Vec<usize>> = vec![Vec::new(); ds.needs.len()];
        for (j, &(_, n)) in index.pairs.iter().enumerate() {
            cols_of_need[n.index()].push(j);
        }
        let key: HashMap<(u32, u32, u32), usize> = ds
            .needs
            .iter()
            .enumerate()
            .map(|(i, n)| ((n.party.0, n.theme.0, n.period.0), i))
            .collect();
        for (i, n) in ds.needs.iter().enumerate() {
            let Some(&later) = key.get(&(n.party.0, n.theme.0, n.period.0 + 1)) else {
                continue;
            };
            if cols_of_need[i].is_empty() || cols_of_need[later].is_empty() {
                continue; // nothing to continue, or the later need cannot be served
            }
            let mut terms: Vec<(usize, f64)> =
                cols_of_need[later].iter().map(|&j| (j, 1.0)).collect();
            terms.extend(cols_of_need[i].iter().map(|&j| (j, -self.continuity_share)));
            lp.add_row(0.0, f64::INFINITY, RowTag::Extra, terms);
        }
    }
}

impl Policy for FourYear {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        "four_year"
    }
    fn allocate(&self, ds: &Dataset, cx: &SolveContext) -> Result<PolicyOutcome> {
        let (lp, _) = model::build(ds, &[self]);
        let sol = super::floors::solve_from_coverage(cx, ds, &lp)?;
        if sol.status != SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(format!(
                "{}: {}",
                self.name,
                sol.status.as_str()
            )));
        }
        let (mut out, sol) = PolicyOutcome::settled(ds, lp, sol, cx)?;
        out.value = sol.objective;
        let lp = out.lp.take().unwrap_or_default();
        for (j, tag) in lp.col_tag.iter().enumerate() {
            let v = sol.x[j];
            if v <= plan::ZERO_TOLERANCE {
                continue;
            }
            match *tag {
                ColTag::Carry(from, to) => out.carry_over.push(CarryOver {
                    from,
                    to,
                    amount: v,
                }),
                ColTag::Deferred(offer, need) => out.deferred.push(Deferred {
                    offer,
                    need,
                    amount: v,
                }),
                _ => {}
            }
        }
        let carried: f64 = out.carry_over.iter().map(|c| c.amount).sum();
        let deferred: f64 = out.deferred.iter().map(|d| d.amount).sum();
        out.notes.push(format!(
            "Four-year plan (carry-over share {}, deferral value {}, continuity share {}): {:.1} carried into the next biennium, {:.1} of need met one biennium late; policy objective {:.6}.",
            self.carry_over_share, self.deferral_discount, self.continuity_share, carried, deferred, sol.objective
        ));
        out.lp = Some(lp);
        Ok(out)
    }
    fn price_reference(&self) -> Option<Box<dyn Policy>> {
        Some(Box::new(FourYear {
            name: format!("{} without continuity", self.name),
            continuity_share: 0.0,
            ..*self
        }))
    }
}
