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

/// Sums of a per-need quantity by Party, region and theme, added in need order: the one place
/// funding (and need) by group is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSums {
    pub party: Vec<f64>,
    pub region: Vec<f64>,
    pub theme: Vec<f64>,
}

impl GroupSums {
    pub fn of(ds: &Dataset, per_need: &[f64]) -> Self {
        let mut g = GroupSums {
            party: vec![0.0; ds.parties.len()],
            region: vec![0.0; ds.regions.len()],
            theme: vec![0.0; ds.themes.len()],
        };
        for (need, v) in ds.needs.iter().zip(per_need) {
            g.party[need.party.index()] += v;
            g.region[ds.party(need.party).region.index()] += v;
            g.theme[need.theme.index()] += v;
        }
        g
    }
}

/// Need, funded and reachable need of every group of one kind.
fn groups(need: &[f64], funded: &[f64], reach: &[f64]) -> Vec<Group> {
    need.iter()
        .zip(funded)
        .zip(reach)
        .map(|((&need, &funded), &reachable_need)| Group {
            need,
            funded,
            reachable_need,
        })
        .collect()
}

impl PlanStats {
    pub fn new(ds: &Dataset, plan: &Plan) -> Self {
        let funded = plan.funded_by_need(ds);
        let used = plan.used_by_offer(ds);
        let (reachable, _) = ds.reach();
        let amounts: Vec<f64> = ds.needs.iter().map(|n| n.amount).collect();
        let reach: Vec<f64> = ds
            .needs
            .iter()
            .zip(&reachable)
            .map(|(n, r)| if *r { n.amount } else { 0.0 })
            .collect();
        let (need, fund, rch) = (
            GroupSums::of(ds, &amounts),
            GroupSums::of(ds, &funded),
            GroupSums::of(ds, &reach),
        );
        let by_party = groups(&need.party, &fund.party, &rch.party);
        let by_region = groups(&need.region, &fund.region, &rch.region);
        let by_theme = groups(&need.theme, &fund.theme, &rch.theme);
        let (mut wneed, mut wfunded) = (0.0, 0.0);
        for (i, need) in ds.needs.iter().enumerate() {
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
