//! The coverage model's row sums as good_lp expressions, for the independent flat reference
//! LPs of the tests (frontier, goal): x(o, n) summed by need, by offer, and by (offer, Party)
//! for offers with a per-Party cap.

use good_lp::{Expression, Variable};
use taplan::dataset::{Dataset, NeedId, OfferId};

pub struct Sums {
    pub by_need: Vec<Expression>,
    pub by_offer: Vec<Expression>,
    /// (offer, the sum over one Party's needs), for offers with `max_per_party`.
    pub caps: Vec<(usize, Expression)>,
}

pub fn sums(ds: &Dataset, pairs: &[(OfferId, NeedId)], x: &[Variable]) -> Sums {
    let mut by_need = vec![Expression::default(); ds.needs.len()];
    let mut by_offer = vec![Expression::default(); ds.offers.len()];
    let mut caps = std::collections::BTreeMap::<(usize, usize), Expression>::new();
    for (j, &(o, n)) in pairs.iter().enumerate() {
        by_need[n.index()] += x[j];
        by_offer[o.index()] += x[j];
        if ds.offer(o).max_per_party.is_some() {
            *caps
                .entry((o.index(), ds.need(n).party.index()))
                .or_default() += x[j];
        }
    }
    Sums {
        by_need,
        by_offer,
        caps: caps.into_iter().map(|((o, _), e)| (o, e)).collect(),
    }
}
