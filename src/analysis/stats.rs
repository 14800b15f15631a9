//! Coverage statistics of a plan, aggregated by need, Party, region, theme and offer.

use crate::dataset::Dataset;
use crate::plan::Plan;
use std::collections::BTreeSet;

/// Need and funding of one group (a Party, a region, a theme).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub need: f64,
    pub funded: f64,
    pub reachable_need: f64,
}

impl Group {
    pub fn coverage(&self) -> f64 {
        if self.need > 0.0 {
            self.funded / self.need
        } else {
            0.0
        }
    }
}

/// Everything reports need about a plan, computed once.
#[derive(Debug, Clone)]
pub struct PlanStats {
    pub funded: Vec<f64>,
    pub used: Vec<f64>,
    pub reachable: Vec<bool>,
    pub by_party: Vec<Group>,
    pub partners_by_party: Vec<usize>,
    pub by_region: Vec<Group>,
    pub by_theme: Vec<Group>,
    pub total_need: f64,
    pub reachable_need: f64,
    pub total_capacity: f64,
    pub total_allocated: f64,
    /// sum w(n) funded(n) / sum w(n) amount(n)
    pub weighted_coverage: f64,
}

impl PlanStats {
    pub fn new(ds: &Dataset, plan: &Plan) -> Self {
        let funded = plan.funded_by_need(ds);
        let used = plan.used_by_offer(ds);
        let mut reachable = vec![false; ds.needs.len()];
        for (_, n) in ds.eligible_pairs() {
            reachable[n.index()] = true;
        }
        let mut by_party = vec![Group::default(); ds.parties.len()];
        let mut by_region = vec![Group::default(); ds.regions.len()];
        let mut by_theme = vec![Group::default(); ds.themes.len()];
        let (mut wneed, mut wfunded) = (0.0, 0.0);
        for (i, need) in ds.needs.iter().enumerate() {
            let region = ds.party(need.party).region.index();
            for g in [
                &mut by_party[need.party.index()],
                &mut by_region[region],
                &mut by_theme[need.theme.index()],
            ] {
                g.need += need.amount;
                g.funded += funded[i];
                if reachable[i] {
                    g.reachable_need += need.amount;
                }
            }
            let w = ds.need_weight(crate::dataset::NeedId(i as u32));
            wneed += w * need.amount;
            wfunded += w * funded[i];
        }
        let mut partner_sets: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); ds.parties.len()];
        for a in &plan.allocations {
            partner_sets[ds.need(a.need).party.index()].insert(ds.offer(a.offer).partner.0);
        }
        let reachable_need = ds
            .needs
            .iter()
            .zip(&reachable)
            .filter(|(_, r)| **r)
            .map(|(n, _)| n.amount)
            .fold(0.0, |s, v| s + v);
        PlanStats {
            total_allocated: plan.total_allocated(),
            funded,
            used,
            reachable,
            by_party,
            partners_by_party: partner_sets.iter().map(|s| s.len()).collect(),
            by_region,
            by_theme,
            total_need: ds.total_need(),
            reachable_need,
            total_capacity: ds.total_capacity(),
            weighted_coverage: if wneed > 0.0 { wfunded / wneed } else { 0.0 },
        }
    }
}
