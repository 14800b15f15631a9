//! Ranges over the optimal face: the least and the most each Party (and each region, theme, and
//! the LDCs and SIDS together) receives in any plan that reaches the same optimum. Two warm
//! re-solves of the face per group, block by block ([`ResolveModel`]: only the blocks holding
//! the group's columns, or the previous group's, are re-solved).

use super::face::Face;
use crate::Result;
use crate::dataset::Dataset;
use crate::solver::SolveStatus;
use crate::solver::resolve::{ResolveModel, Want};
use std::time::Instant;

/// The least and the most a group receives over the optimal face (money).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Range {
    /// Whether the figure is a choice among equally good plans: the range is wider than the
    /// stated tolerance, 1e-6 x max(1, high).
    pub fn is_choice(&self) -> bool {
        self.high - self.low > 1e-6 * self.high.abs().max(1.0)
    }
}

/// Ranges of every Party, region and theme, and of the LDCs and SIDS as groups.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranges {
    pub party: Vec<Range>,
    pub region: Vec<Range>,
    pub theme: Vec<Range>,
    pub ldc: Range,
    pub sids: Range,
}

/// Compute the ranges of `ds`'s groups over `face`.
/// `plan`: face values of an optimal plan (its support keeps the first working sets feasible).
pub fn compute(
    ds: &Dataset,
    face: &Face,
    plan: &[f64],
    time_limit: Option<f64>,
) -> Result<(Ranges, f64)> {
    let t0 = Instant::now();
    let n = face.lp.num_cols();
    let need_of: Vec<Option<usize>> = (0..n).map(|k| face.need_of(k).map(|x| x.index())).collect();
    let support: Vec<bool> = plan.iter().map(|&v| v > 0.0).collect();
    let mut model = ResolveModel::with_support(&face.lp, &support, time_limit)?;
    let mut range_of = |member: &dyn Fn(usize) -> bool| -> Result<Range> {
        let cols: Vec<usize> = (0..n).filter(|&k| need_of[k].is_some_and(member)).collect();
        if cols.is_empty() {
            return Ok(Range::default());
        }
        let high = extreme(&mut model, n, &cols, 1.0)?;
        let low = -extreme(&mut model, n, &cols, -1.0)?;
        Ok(Range {
            low: low.max(0.0),
            high: high.max(low.max(0.0)),
        })
    };
    let needs = &ds.needs;
    let party = (0..ds.parties.len())
        .map(|p| range_of(&|i| needs[i].party.index() == p))
        .collect::<Result<Vec<_>>>()?;
    let region = (0..ds.regions.len())
        .map(|r| range_of(&|i| ds.party(needs[i].party).region.index() == r))
        .collect::<Result<Vec<_>>>()?;
    let theme = (0..ds.themes.len())
        .map(|t| range_of(&|i| needs[i].theme.index() == t))
        .collect::<Result<Vec<_>>>()?;
    let ldc = range_of(&|i| ds.party(needs[i].party).ldc)?;
    let sids = range_of(&|i| ds.party(needs[i].party).sids)?;
    let ranges = Ranges {
        party,
        region,
        theme,
        ldc,
        sids,
    };
    Ok((ranges, t0.elapsed().as_secs_f64()))
}

/// max sign x (sum of `cols`) over the face.
fn extreme(model: &mut ResolveModel, n: usize, cols: &[usize], sign: f64) -> Result<f64> {
    let mut cost = vec![0.0; n];
    for &k in cols {
        cost[k] = sign;
    }
    model.set_costs(&cost)?;
    let sol = model.run(Want::Primal)?;
    if sol.status != SolveStatus::Optimal {
        return Err(crate::Error::Solver(format!(
            "face ranges: the face LP ended {}",
            sol.status.as_str()
        )));
    }
    Ok(cols.iter().map(|&k| sol.x[k]).sum::<f64>() * sign)
}
