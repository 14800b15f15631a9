//! The canonical `coverage` model: weighted bipartite matching of needs to offers.

use super::lp::{ColTag, LinearProgram, LpBuilder, RowTag};
use crate::dataset::{Dataset, NeedId, OfferId, PartyId};

/// Where each dataset object sits in the coverage LP.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageIndex {
    /// Column j is x(`pairs[j].0`, `pairs[j].1`).
    pub pairs: Vec<(OfferId, NeedId)>,
    /// The need row of each need, None when no offer can reach it.
    pub need_row: Vec<Option<usize>>,
    /// The capacity row of each offer, None when no need is eligible.
    pub offer_row: Vec<Option<usize>>,
    /// (offer, party, row) for each max_per_party constraint.
    pub cap_rows: Vec<(OfferId, PartyId, usize)>,
}

/// max sum x(o,n) w(n) eff(o)  s.t.  need rows, offer rows, per-party caps; x >= 0.
pub fn build_coverage(ds: &Dataset) -> (LinearProgram, CoverageIndex) {
    let (b, index) = coverage_builder(ds);
    (b.finish(), index)
}

pub(super) fn coverage_builder(ds: &Dataset) -> (LpBuilder, CoverageIndex) {
    let pairs = ds.eligible_pairs();
    let mut b = LpBuilder::default();
    let mut by_need: Vec<Vec<usize>> = vec![Vec::new(); ds.needs.len()];
    let mut by_offer: Vec<Vec<usize>> = vec![Vec::new(); ds.offers.len()];
    for (j, &(o, n)) in pairs.iter().enumerate() {
        b.add_col(ds.pair_value(o, n), 0.0, f64::INFINITY, ColTag::Alloc(o, n));
        by_need[n.index()].push(j);
        by_offer[o.index()].push(j);
    }
    let need_row = by_need
        .iter()
        .enumerate()
        .map(|(i, cols)| {
            let amount = ds.needs[i].amount;
            (!cols.is_empty()).then(|| {
                b.add_row(
                    f64::NEG_INFINITY,
                    amount,
                    RowTag::Need(NeedId(i as u32)),
                    cols.iter().map(|&j| (j, 1.0)),
                )
            })
        })
        .collect();
    let offer_row = by_offer
        .iter()
        .enumerate()
        .map(|(i, cols)| {
            let amount = ds.offers[i].amount;
            (!cols.is_empty()).then(|| {
                b.add_row(
                    f64::NEG_INFINITY,
                    amount,
                    RowTag::Offer(OfferId(i as u32)),
                    cols.iter().map(|&j| (j, 1.0)),
                )
            })
        })
        .collect();
    let cap_rows = party_caps(ds, &pairs, &by_offer, &mut b);
    (
        b,
        CoverageIndex {
            pairs,
            need_row,
            offer_row,
            cap_rows,
        },
    )
}

/// One row per (offer with max_per_party, Party it can reach).
fn party_caps(
    ds: &Dataset,
    pairs: &[(OfferId, NeedId)],
    by_offer: &[Vec<usize>],
    b: &mut LpBuilder,
) -> Vec<(OfferId, PartyId, usize)> {
    let mut rows = Vec::new();
    for (i, cols) in by_offer.iter().enumerate() {
        let Some(cap) = ds.offers[i].max_per_party else {
            continue;
        };
        let mut by_party: std::collections::BTreeMap<PartyId, Vec<usize>> = Default::default();
        for &j in cols {
            by_party
                .entry(ds.need(pairs[j].1).party)
                .or_default()
                .push(j);
        }
        for (party, cols) in by_party {
            let o = OfferId(i as u32);
            let row = b.add_row(
                f64::NEG_INFINITY,
                cap,
                RowTag::PartyCap(o, party),
                cols.iter().map(|&j| (j, 1.0)),
            );
            rows.push((o, party, row));
        }
    }
    rows
}
