//! Rule-based baselines, what planners do by hand today: `proportional` and `greedy`.
//! Both respect offer capacities, need amounts and per-Party caps; neither uses a solver.

use super::floors::rule_plan;
use super::{Policy, PolicyOutcome};
use crate::Result;
use crate::dataset::{Dataset, NeedId, OfferId};
use crate::plan::Allocation;
use crate::solver::SolveContext;
use std::collections::BTreeMap;

const EPS: f64 = 1e-9;

/// Remaining room while allocating by hand: needs, offers and per-Party caps.
pub(super) struct Ledger<'a> {
    ds: &'a Dataset,
    need_left: Vec<f64>,
    offer_left: Vec<f64>,
    cap_used: BTreeMap<(OfferId, u32), f64>,
    given: BTreeMap<(OfferId, NeedId), f64>,
}

impl<'a> Ledger<'a> {
    pub(super) fn new(ds: &'a Dataset) -> Self {
        Ledger {
            ds,
            need_left: ds.needs.iter().map(|n| n.amount).collect(),
            offer_left: ds.offers.iter().map(|o| o.amount).collect(),
            cap_used: BTreeMap::new(),
            given: BTreeMap::new(),
        }
    }

    /// The most `o` can still give `n`.
    pub(super) fn room(&self, o: OfferId, n: NeedId) -> f64 {
        let party = self.ds.need(n).party.0;
        let cap = self
            .ds
            .offer(o)
            .max_per_party
            .map(|c| c - self.cap_used.get(&(o, party)).copied().unwrap_or(0.0))
            .unwrap_or(f64::INFINITY);
        self.need_left[n.index()]
            .min(self.offer_left[o.index()])
            .min(cap)
            .max(0.0)
    }

    pub(super) fn give(&mut self, o: OfferId, n: NeedId, amount: f64) -> f64 {
        let a = amount.min(self.room(o, n));
        if a <= EPS {
            return 0.0;
        }
        self.need_left[n.index()] -= a;
        self.offer_left[o.index()] -= a;
        *self
            .cap_used
            .entry((o, self.ds.need(n).party.0))
            .or_default() += a;
        *self.given.entry((o, n)).or_default() += a;
        a
    }

    pub(super) fn need_left(&self, n: NeedId) -> f64 {
        self.need_left[n.index()]
    }

    pub(super) fn allocations(self) -> Vec<Allocation> {
        self.given
            .into_iter()
            .filter(|(_, a)| *a > EPS)
            .map(|((offer, need), amount)| Allocation {
                offer,
                need,
                amount,
            })
            .collect()
    }
}

/// Eligible needs of each offer.
pub(super) fn needs_by_offer(ds: &Dataset) -> Vec<Vec<NeedId>> {
    let mut by_offer = vec![Vec::new(); ds.offers.len()];
    for (o, n) in ds.eligible_pairs() {
        by_offer[o.index()].push(n);
    }
    by_offer
}

/// Every offer shared among its eligible needs in proportion to their (remaining) amounts;
/// what caps or full needs leave over is shared again among the rest.
pub struct Proportional {
    pub name: String,
}

impl Policy for Proportional {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        "proportional"
    }
    fn solves_lp(&self) -> bool {
        false
    }
    fn allocate(&self, ds: &Dataset, _cx: &SolveContext) -> Result<PolicyOutcome> {
        let mut ledger = Ledger::new(ds);
        for (i, eligible) in needs_by_offer(ds).into_iter().enumerate() {
            let o = OfferId(i as u32);
            for _round in 0..1000 {
                let open: Vec<NeedId> = eligible
                    .iter()
                    .copied()
                    .filter(|&n| ledger.room(o, n) > EPS)
                    .collect();
                let cap = ledger.offer_left[i];
                if open.is_empty() || cap <= EPS {
                    break;
                }
                let total: f64 = open.iter().map(|&n| ledger.need_left(n)).sum();
                let shares: Vec<(NeedId, f64)> = open
                    .iter()
                    .map(|&n| (n, cap * ledger.need_left(n) / total))
                    .collect();
                let given: f64 = shares.into_iter().map(|(n, s)| ledger.give(o, n, s)).sum();
                if given <= EPS {
                    break;
                }
            }
        }
        Ok(PolicyOutcome::from_plan(rule_plan(
            ds,
            ledger.allocations(),
            "proportional",
        )))
    }
}

/// Needs in order of weight (highest first), each filled from its eligible offers, most
/// specific offer (fewest eligible needs) first.
pub struct Greedy {
    pub name: String,
}

impl Policy for Greedy {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        "greedy"
    }
    fn solves_lp(&self) -> bool {
        false
    }
    fn allocate(&self, ds: &Dataset, _cx: &SolveContext) -> Result<PolicyOutcome> {
        let mut ledger = Ledger::new(ds);
        greedy_fill(ds, &mut ledger, |_| f64::INFINITY);
        Ok(PolicyOutcome::from_plan(rule_plan(
            ds,
            ledger.allocations(),
            "greedy",
        )))
    }
}

/// Fill needs by weight from their most specific offers; `party_room(p)` limits each Party.
pub(super) fn greedy_fill(ds: &Dataset, ledger: &mut Ledger, party_room: impl Fn(usize) -> f64) {
    let by_offer = needs_by_offer(ds);
    let mut offers_of_need: Vec<Vec<OfferId>> = vec![Vec::new(); ds.needs.len()];
    for (o, needs) in by_offer.iter().enumerate() {
        for n in needs {
            offers_of_need[n.index()].push(OfferId(o as u32));
        }
    }
    let mut order: Vec<NeedId> = ds.need_ids().collect();
    order.sort_by(|a, b| {
        ds.need_weight(*b)
            .total_cmp(&ds.need_weight(*a))
            .then(a.cmp(b))
    });
    let mut party_given = vec![0.0; ds.parties.len()];
    for n in order {
        let mut offers = offers_of_need[n.index()].clone();
        offers.sort_by_key(|o| (by_offer[o.index()].len(), *o));
        let p = ds.need(n).party.index();
        for o in offers {
            let left = party_room(p) - party_given[p];
            if left <= EPS {
                break;
            }
            party_given[p] += ledger.give(o, n, left);
        }
    }
}
