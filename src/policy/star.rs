//! `star-like`: a formula baseline modelled on (not identical to) the GEF's STAR. Each Party
//! gets an envelope from an index of its need and weight, with a floor and a ceiling; offers
//! are then matched greedily within the envelopes.
//!
//! index(p) = R(p)^need_exponent x weight(p)^weight_exponent, R(p) = reachable need;
//! envelope(p) = total capacity x index(p) / sum of indices, then clamped to
//! [min(floor, R(p)), min(ceiling_share x total capacity, R(p))], the difference redistributed
//! among unclamped Parties in proportion to their index until no envelope moves.

use super::floors::rule_plan;
use super::rules::{Ledger, greedy_fill};
use super::{Policy, PolicyOutcome};
use crate::Result;
use crate::dataset::Dataset;
use crate::solver::SolveContext;

pub struct StarLike {
    pub name: String,
    pub need_exponent: f64,
    pub weight_exponent: f64,
    /// Minimum envelope, in the plan's unit.
    pub floor: f64,
    /// Maximum envelope as a share of the total capacity.
    pub ceiling_share: f64,
}

impl StarLike {
    /// The envelope of every Party (0 for Parties without reachable need).
    pub fn envelopes(&self, ds: &Dataset) -> Vec<f64> {
        let r = ds.reachable_by_party();
        let idx: Vec<f64> = (0..r.len())
            .map(|p| {
                if r[p] > 0.0 {
                    r[p].powf(self.need_exponent) * ds.parties[p].weight.powf(self.weight_exponent)
                } else {
                    0.0
                }
            })
            .collect();
        let total = ds.total_capacity();
        let lo: Vec<f64> = r.iter().map(|&rp| self.floor.min(rp)).collect();
        let hi: Vec<f64> = r
            .iter()
            .map(|&rp| (self.ceiling_share * total).min(rp))
            .collect();
        let mut env = vec![0.0; r.len()];
        let mut fixed = vec![false; r.len()];
        for _ in 0..100 {
            let left = total
                - (0..r.len())
                    .filter(|&p| fixed[p])
                    .map(|p| env[p])
                    .sum::<f64>();
            let free_idx: f64 = (0..r.len()).filter(|&p| !fixed[p]).map(|p| idx[p]).sum();
            if free_idx <= 0.0 {
                break;
            }
            let mut moved = false;
            for p in 0..r.len() {
                if fixed[p] {
                    continue;
                }
                env[p] = left.max(0.0) * idx[p] / free_idx;
                if env[p] > hi[p] || env[p] < lo[p] {
                    env[p] = env[p].clamp(lo[p], hi[p].max(lo[p]));
                    fixed[p] = true;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        env
    }
}

impl Policy for StarLike {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        "star_like"
    }
    fn solves_lp(&self) -> bool {
        false
    }
    fn allocate(&self, ds: &Dataset, _cx: &SolveContext) -> Result<PolicyOutcome> {
        let env = self.envelopes(ds);
        let mut ledger = Ledger::new(ds);
        greedy_fill(ds, &mut ledger, |p| env[p]);
        let mut out = PolicyOutcome::from_plan(rule_plan(ds, ledger.allocations(), "star_like"));
        out.notes.push(format!(
            "STAR-like envelopes (modelled on, not identical to, the GEF's STAR): index = need^{} x weight^{}, floor {}, ceiling {}% of capacity.",
            self.need_exponent, self.weight_exponent, self.floor, 100.0 * self.ceiling_share
        ));
        Ok(out)
    }
}
