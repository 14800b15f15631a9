//! `regional_balance` and `ldc_sids`: the coverage model plus floors on regions' shares or on
//! LDC and SIDS coverage (Article 12(5)), solved from the coverage optimum.

use super::floors::{Floor, group_cols, solve_with_floors};
use super::{Policy, PolicyOutcome};
use crate::Result;
use crate::dataset::Dataset;
use crate::model::{self, CoverageIndex};
use crate::solver::SolveContext;

/// Which floors a [`FloorPolicy`] adds.
#[derive(Debug, Clone)]
enum Rule {
    /// Each region gets at least alpha x its share of reachable need, of all funds allocated;
    /// optionally every region's coverage >= min_coverage.
    Regional {
        alpha: f64,
        min_coverage: Option<f64>,
    },
    /// LDC and SIDS coverage >= ratio x the others' coverage; optionally >= min_coverage.
    LdcSids {
        ratio: f64,
        min_coverage: Option<f64>,
    },
}

/// `regional_balance` and `ldc_sids`: coverage plus floors.
pub struct FloorPolicy {
    name: String,
    rule: Rule,
    elastic: bool,
}

impl FloorPolicy {
    pub fn regional(name: String, alpha: f64, min_coverage: Option<f64>, elastic: bool) -> Self {
        FloorPolicy {
            name,
            rule: Rule::Regional {
                alpha,
                min_coverage,
            },
            elastic,
        }
    }
    pub fn ldc_sids(name: String, ratio: f64, min_coverage: Option<f64>, elastic: bool) -> Self {
        FloorPolicy {
            name,
            rule: Rule::LdcSids {
                ratio,
                min_coverage,
            },
            elastic,
        }
    }

    /// The floors of this policy on `ds`.
    pub fn floors(&self, ds: &Dataset) -> Vec<Floor> {
        let (_, index) = model::build_coverage(ds);
        let reach = ds.reachable_amounts();
        match self.rule {
            Rule::Regional {
                alpha,
                min_coverage,
            } => regional_floors(ds, &index, &reach, alpha, min_coverage),
            Rule::LdcSids {
                ratio,
                min_coverage,
            } => ldc_sids_floors(ds, &index, &reach, ratio, min_coverage),
        }
    }
}

impl Policy for FloorPolicy {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        match self.rule {
            Rule::Regional { .. } => "regional_balance",
            Rule::LdcSids { .. } => "ldc_sids",
        }
    }
    fn allocate(&self, ds: &Dataset, cx: &SolveContext) -> Result<PolicyOutcome> {
        solve_with_floors(cx, ds, &self.name, &self.floors(ds), self.elastic)
    }
}

/// Each region's share of the funds >= alpha x its share of reachable need (and with
/// `min_coverage`, its coverage >= that).
fn regional_floors(
    ds: &Dataset,
    index: &CoverageIndex,
    reach: &[f64],
    alpha: f64,
    min_coverage: Option<f64>,
) -> Vec<Floor> {
    let cols = group_cols(ds, index, ds.regions.len(), |n| {
        Some(ds.party(ds.needs[n].party).region.index())
    });
    let mut r_need = vec![0.0; ds.regions.len()];
    for (i, n) in ds.needs.iter().enumerate() {
        r_need[ds.party(n.party).region.index()] += reach[i];
    }
    let total: f64 = r_need.iter().sum();
    let mut floors = Vec::new();
    for (r, c) in cols.iter().enumerate() {
        if r_need[r] <= 0.0 || total <= 0.0 {
            continue;
        }
        let share = alpha * r_need[r] / total;
        let mut coef = vec![-share; index.pairs.len()];
        for &j in c {
            coef[j] += 1.0;
        }
        floors.push(Floor {
            name: format!(
                "region {} share >= {alpha} x its share of need",
                ds.regions[r]
            ),
            terms: coef
                .into_iter()
                .enumerate()
                .filter(|(_, c)| *c != 0.0)
                .collect(),
            rhs: 0.0,
        });
        if let Some(m) = min_coverage {
            floors.push(Floor {
                name: format!("region {} coverage >= {m}", ds.regions[r]),
                terms: c.iter().map(|&j| (j, 1.0)).collect(),
                rhs: m * r_need[r],
            });
        }
    }
    floors
}

/// LDC and SIDS coverage >= ratio x the others' (and with `min_coverage`, >= that).
fn ldc_sids_floors(
    ds: &Dataset,
    index: &CoverageIndex,
    reach: &[f64],
    ratio: f64,
    min_coverage: Option<f64>,
) -> Vec<Floor> {
    let special = |n: usize| {
        let p = ds.party(ds.needs[n].party);
        p.ldc || p.sids
    };
    let cols = group_cols(ds, index, 2, |n| Some(if special(n) { 0 } else { 1 }));
    let (mut rg, mut ro) = (0.0, 0.0);
    for (i, r) in reach.iter().enumerate() {
        if special(i) { rg += r } else { ro += r }
    }
    let mut floors = Vec::new();
    if rg > 0.0 && ro > 0.0 {
        let mut terms: Vec<(usize, f64)> = cols[0].iter().map(|&j| (j, 1.0 / rg)).collect();
        terms.extend(cols[1].iter().map(|&j| (j, -ratio / ro)));
        floors.push(Floor {
            name: format!("LDC/SIDS coverage >= {ratio} x others' coverage"),
            terms,
            rhs: 0.0,
        });
    }
    if let (Some(m), true) = (min_coverage, rg > 0.0) {
        floors.push(Floor {
            name: format!("LDC/SIDS coverage >= {m}"),
            terms: cols[0].iter().map(|&j| (j, 1.0)).collect(),
            rhs: m * rg,
        });
    }
    floors
}
