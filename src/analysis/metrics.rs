//! Plan metrics for comparing scenarios and policies, computed with ndarray over the
//! Party x theme x period arrays of need and funding.

use super::stats::GroupSums;
use crate::dataset::Dataset;
use crate::plan::Plan;
use ndarray::Array1;

/// The headline metrics of one plan. Party coverage is funded / reachable need, over Parties
/// with reachable need (need some offer can reach).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanMetrics {
    pub objective: f64,
    pub total_allocated: f64,
    pub weighted_coverage: f64,
    pub share_of_need_met: f64,
    pub min_party_coverage: f64,
    pub p10_party_coverage: f64,
    pub gini: f64,
    pub theil: f64,
    pub ldc_coverage: f64,
    pub sids_coverage: f64,
    pub ldc_share_of_funds: f64,
    pub ldc_share_of_need: f64,
    pub sids_share_of_funds: f64,
    pub sids_share_of_need: f64,
    /// Per region (dataset order): coverage, share of funds, share of need.
    pub region_coverage: Vec<f64>,
    pub region_share_of_funds: Vec<f64>,
    pub region_share_of_need: Vec<f64>,
    pub parties_at_zero: usize,
    /// Average number of partners per funded Party-theme-period.
    pub fragmentation: f64,
    pub unused_capacity: f64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// Gini index of non-negative values: 0 when all equal, (n-1)/n when one value holds all.
pub fn gini(x: &Array1<f64>) -> f64 {
    let n = x.len() as f64;
    let mean = x.mean().unwrap_or(0.0);
    if n == 0.0 || mean <= 0.0 {
        return 0.0;
    }
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    // sum_i sum_j |xi - xj| = 2 sum_i (2i - n + 1) x_(i) for sorted values (0-based i).
    let s: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, v)| (2.0 * i as f64 - n + 1.0) * v)
        .sum();
    s / (n * n * mean)
}

/// Theil T index: 0 when all equal, ln(n) when one value holds all.
pub fn theil(x: &Array1<f64>) -> f64 {
    let n = x.len() as f64;
    let mean = x.mean().unwrap_or(0.0);
    if n == 0.0 || mean <= 0.0 {
        return 0.0;
    }
    x.iter()
        .map(|&v| {
            if v > 0.0 {
                (v / mean) * (v / mean).ln()
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / n
}

/// The value below which 10% of values lie (nearest rank).
pub fn p10(x: &Array1<f64>) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    v[((0.1 * v.len() as f64).ceil() as usize).saturating_sub(1)]
}

/// Partners per funded (Party, theme, period): how many sources a need is split over.
fn fragmentation(ds: &Dataset, plan: &Plan) -> f64 {
    let mut partners: std::collections::BTreeMap<
        (usize, usize, usize),
        std::collections::BTreeSet<usize>,
    > = Default::default();
    for a in &plan.allocations {
        let n = ds.need(a.need);
        partners
            .entry((n.party.index(), n.theme.index(), n.period.index()))
            .or_default()
            .insert(ds.offer(a.offer).partner.index());
    }
    ratio(
        partners.values().map(|s| s.len() as f64).sum(),
        partners.len() as f64,
    )
}

pub fn metrics(ds: &Dataset, plan: &Plan) -> PlanMetrics {
    let funded_by_need = plan.funded_by_need(ds);
    let amounts: Vec<f64> = ds.needs.iter().map(|n| n.amount).collect();
    let (wneed, wfund) = ds
        .needs
        .iter()
        .enumerate()
        .fold((0.0, 0.0), |(wn, wf), (i, n)| {
            let w = ds.need_weight(crate::dataset::NeedId(i as u32));
            (wn + w * n.amount, wf + w * funded_by_need[i])
        });
    let party_need = GroupSums::of(ds, &amounts).party;
    let party_reach = GroupSums::of(ds, &ds.reachable_amounts()).party;
    let party_fund = GroupSums::of(ds, &funded_by_need).party;
    let with_need: Vec<usize> = (0..ds.parties.len())
        .filter(|&p| party_reach[p] > 0.0)
        .collect();
    let coverage = Array1::from_iter(with_need.iter().map(|&p| party_fund[p] / party_reach[p]));
    let group = |f: &dyn Fn(usize) -> bool| {
        let idx: Vec<usize> = (0..ds.parties.len()).filter(|&p| f(p)).collect();
        (
            idx.iter().map(|&p| party_fund[p]).sum::<f64>(),
            idx.iter().map(|&p| party_need[p]).sum::<f64>(),
            idx.iter().map(|&p| party_reach[p]).sum::<f64>(),
        )
    };
    let (tot_f, tot_n) = (
        party_fund.iter().sum::<f64>(),
        party_need.iter().sum::<f64>(),
    );
    let (ldc_f, ldc_n, ldc_r) = group(&|p| ds.parties[p].ldc);
    let (sids_f, sids_n, sids_r) = group(&|p| ds.parties[p].sids);
    let regions: Vec<(f64, f64, f64)> = (0..ds.regions.len())
        .map(|r| group(&|p| ds.parties[p].region.index() == r))
        .collect();
    let fragmentation = fragmentation(ds, plan);
    PlanMetrics {
        objective: plan.objective,
        total_allocated: plan.total_allocated(),
        weighted_coverage: ratio(wfund, wneed),
        share_of_need_met: ratio(tot_f, tot_n),
        min_party_coverage: coverage.iter().copied().reduce(f64::min).unwrap_or(0.0),
        p10_party_coverage: p10(&coverage),
        gini: gini(&coverage),
        theil: theil(&coverage),
        ldc_coverage: ratio(ldc_f, ldc_r),
        sids_coverage: ratio(sids_f, sids_r),
        ldc_share_of_funds: ratio(ldc_f, tot_f),
        ldc_share_of_need: ratio(ldc_n, tot_n),
        sids_share_of_funds: ratio(sids_f, tot_f),
        sids_share_of_need: ratio(sids_n, tot_n),
        region_coverage: regions.iter().map(|g| ratio(g.0, g.2)).collect(),
        region_share_of_funds: regions.iter().map(|g| ratio(g.0, tot_f)).collect(),
        region_share_of_need: regions.iter().map(|g| ratio(g.1, tot_n)).collect(),
        parties_at_zero: with_need.iter().filter(|&&p| party_fund[p] <= 1e-9).count(),
        fragmentation,
        unused_capacity: ds.total_capacity() - plan.total_allocated(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn equal_values_have_zero_inequality() {
        let x = array![0.4, 0.4, 0.4, 0.4];
        assert_eq!(gini(&x), 0.0);
        assert!(theil(&x).abs() < 1e-15);
    }

    #[test]
    fn one_party_taking_all_gives_the_known_maxima() {
        for n in [2usize, 5, 10] {
            let mut x = Array1::zeros(n);
            x[n - 1] = 1.0;
            assert!(
                (gini(&x) - (n as f64 - 1.0) / n as f64).abs() < 1e-12,
                "gini n={n}"
            );
            assert!((theil(&x) - (n as f64).ln()).abs() < 1e-12, "theil n={n}");
        }
    }

    #[test]
    fn gini_of_a_known_distribution() {
        // Values 1, 2, 3, 4: mean 2.5, sum |xi - xj| over ordered pairs = 20, G = 20 / (2 * 16 * 2.5) = 0.25.
        assert!((gini(&array![1.0, 2.0, 3.0, 4.0]) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn p10_is_nearest_rank() {
        let x = Array1::from_iter((1..=20).map(|v| v as f64));
        assert_eq!(p10(&x), 2.0);
        assert_eq!(p10(&array![0.7]), 0.7);
    }
}
