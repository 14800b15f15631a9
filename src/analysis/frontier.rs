//! The price-of-fairness frontier: the best weighted funding (the coverage objective) as a
//! floor on coverage rises from 0 to the most any plan can give, for two floors: every Party's
//! coverage (funded / reachable need) at least t, and the LDCs' coverage at least t.
//!
//! With the floor rows `sum over the group's needs of x >= t x reachable need`, the optimum F(t)
//! is concave, non-increasing and piecewise linear in t (the floor moves the right-hand side
//! along a direction), so its breakpoints are found exactly by the sandwich method
//! ([`super::sandwich`]) with warm HiGHS re-solves of one loaded model, by column generation
//! from the coverage optimum's basis. Each floor row has a slack column with a large penalty,
//! so the restricted LP of column generation is always feasible; at a floor any plan can meet,
//! the slacks end at zero (checked at every point), and the penalised LP's optimum is the
//! floor LP's.

use super::sandwich::{Eval, SCALE_TOLERANCE, agree, sandwich};
use crate::dataset::Dataset;
use crate::model::{self, ColTag, CoverageIndex, LinearProgram, LpBuilder, ModelExtension, RowTag};
use crate::solver::resolve::SiftModel;
use crate::solver::sifting::initial_set;
use crate::solver::{Basis, BasisStatus, SolveContext, SolveStatus};
use crate::{Error, Result};

/// Evenly spaced floors the trace starts from, visited in order.
const SEEDS: usize = 16;
/// The floor slacks' penalty, times the largest pair value.
const PENALTY: f64 = 1e4;

/// The floor a frontier raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorKind {
    /// Every Party with reachable need, each on its own (the worst-off Party's coverage).
    WorstParty,
    /// The LDCs together.
    Ldc,
}

impl FloorKind {
    /// The name in frontier.csv's `floor` column.
    pub fn name(self) -> &'static str {
        match self {
            FloorKind::WorstParty => "worst_party",
            FloorKind::Ldc => "ldc",
        }
    }

    /// The groups of needs the floor applies to, with their reachable need (groups without
    /// reachable need left out).
    fn groups(self, ds: &Dataset) -> Vec<(Vec<usize>, f64)> {
        let reach = ds.reachable_amounts();
        let mut groups: Vec<(Vec<usize>, f64)> = match self {
            FloorKind::WorstParty => vec![(Vec::new(), 0.0); ds.parties.len()],
            FloorKind::Ldc => vec![(Vec::new(), 0.0)],
        };
        for (n, need) in ds.needs.iter().enumerate() {
            let g = match self {
                FloorKind::WorstParty => Some(need.party.index()),
                FloorKind::Ldc => ds.party(need.party).ldc.then_some(0),
            };
            if let Some(g) = g {
                groups[g].0.push(n);
                groups[g].1 += reach[n];
            }
        }
        groups.retain(|g| g.1 > 0.0);
        groups
    }
}

/// One breakpoint of a frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    pub floor: FloorKind,
    /// The floor: the coverage every Party (or the LDCs) gets at least.
    pub coverage: f64,
    /// The best weighted funding with that floor.
    pub objective: f64,
    /// `objective` over the best weighted funding without a floor.
    pub share_of_best: f64,
}

/// Floor rows (`sum of x - rhs >= 0`, rhs set per evaluation), and with `level` a column t
/// with `sum of x - reachable x t >= 0` instead (the most coverage any plan reaches).
struct FloorRows<'a> {
    groups: &'a [(Vec<usize>, f64)],
    level: bool,
    /// The penalty of each floor row's slack column (None: no slacks).
    slack: Option<f64>,
}

impl ModelExtension for FloorRows<'_> {
    fn extend(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder) {
        let mut group_of = vec![usize::MAX; ds.needs.len()];
        for (g, (needs, _)) in self.groups.iter().enumerate() {
            for &n in needs {
                group_of[n] = g;
            }
        }
        let mut terms = vec![Vec::new(); self.groups.len()];
        for (j, &(_, n)) in index.pairs.iter().enumerate() {
            if let Some(t) = terms.get_mut(group_of[n.index()]) {
                t.push((j, 1.0));
            }
        }
        let level = self.level.then(|| {
            for j in 0..index.pairs.len() {
                lp.set_cost(j, 0.0);
            }
            lp.add_col(1.0, 0.0, 1.0, ColTag::Aux)
        });
        for (g, mut t) in terms.into_iter().enumerate() {
            if let Some(c) = level {
                t.push((c, -self.groups[g].1));
            }
            if let Some(p) = self.slack {
                t.push((lp.add_col(-p, 0.0, f64::INFINITY, ColTag::Aux), 1.0));
            }
            lp.add_row(0.0, f64::INFINITY, RowTag::Extra, t);
        }
    }
}

/// The frontier of `floor`: every breakpoint from floor 0 to the most any plan reaches (empty
/// when no group has reachable need).
pub fn frontier(cx: &SolveContext, ds: &Dataset, floor: FloorKind) -> Result<Vec<FrontierPoint>> {
    let groups = floor.groups(ds);
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let top = most_coverage(cx, ds, &groups)?;
    let coverage = crate::plan::solve(ds, &[], cx.backend(), &cx.options(false))?;
    let penalty = PENALTY * coverage.lp.col_cost.iter().fold(1.0, |m, c| c.abs().max(m));
    let floors = FloorRows {
        groups: &groups,
        level: false,
        slack: Some(penalty),
    };
    let (lp, _) = model::build(ds, &[&floors]);
    let rows: Vec<usize> = (lp.num_rows() - groups.len()..lp.num_rows()).collect();
    let slacks: Vec<usize> = (lp.num_cols() - groups.len()..lp.num_cols()).collect();
    let need: Vec<f64> = groups.iter().map(|g| g.1).collect();
    let member = working_set(&lp, coverage.solution.basis.as_ref(), &slacks);
    let mut m = SiftModel::with_set(lp, member, cx.time_limit)?;
    let floor_rows = Floors {
        rows: &rows,
        slacks: &slacks,
        need: &need,
    };
    let mut eval = |t: f64| evaluate(&mut m, &floor_rows, t);
    let first = eval(0.0)?;
    let mut out = vec![first];
    let mut a = first;
    for k in 1..=SEEDS {
        let b = eval(top * k as f64 / SEEDS as f64)?;
        out.push(b);
        sandwich(&mut eval, a, b, &mut out)?;
        a = b;
    }
    out.sort_by(|p, q| p.scale.total_cmp(&q.scale));
    Ok(bends(&out)
        .into_iter()
        .map(|e| FrontierPoint {
            floor,
            coverage: e.scale,
            objective: e.value,
            share_of_best: if first.value > 0.0 {
                e.value / first.value
            } else {
                1.0
            },
        })
        .collect())
}

/// The most coverage every group can get at once, just inside what the solver calls feasible.
fn most_coverage(cx: &SolveContext, ds: &Dataset, groups: &[(Vec<usize>, f64)]) -> Result<f64> {
    let (lp, _): (LinearProgram, _) = model::build(
        ds,
        &[&FloorRows {
            groups,
            level: true,
            slack: None,
        }],
    );
    let sol = cx.backend().solve(&lp, &cx.options(false))?;
    if sol.status != SolveStatus::Optimal {
        return Err(Error::NoOptimalPlan(format!(
            "frontier: the most coverage: {}",
            sol.status.as_str()
        )));
    }
    // Shrunk by the solver's relative accuracy, so the floor at the end stays feasible.
    Ok((sol.x.last().copied().unwrap_or(0.0) * (1.0 - 1e-9)).max(0.0))
}

/// The columns column generation starts from: the coverage optimum's basis (every column when
/// the back end gave none), each row's most valuable column, and every slack.
fn working_set(lp: &LinearProgram, basis: Option<&Basis>, slacks: &[usize]) -> Vec<bool> {
    let mut member = match basis {
        Some(b) => {
            let mut col_status = b.col_status.clone();
            col_status.resize(lp.num_cols(), BasisStatus::Lower);
            let warm = Basis {
                col_status,
                row_status: b.row_status.clone(),
            };
            initial_set(lp, Some(&warm))
        }
        None => vec![true; lp.num_cols()],
    };
    for &j in slacks {
        member[j] = true;
    }
    member
}

/// The floor rows of the loaded model, their slack columns and their groups' reachable need.
struct Floors<'a> {
    rows: &'a [usize],
    slacks: &'a [usize],
    need: &'a [f64],
}

/// Re-solve with every floor at `t` x the group's reachable need.
fn evaluate(m: &mut SiftModel, f: &Floors, t: f64) -> Result<Eval> {
    let (rows, need) = (f.rows, f.need);
    let lower: Vec<f64> = need.iter().map(|r| t * r).collect();
    m.move_row_bounds(rows, &lower, &vec![f64::INFINITY; rows.len()])?;
    let sol = m.solve(false)?;
    if sol.status != SolveStatus::Optimal {
        return Err(Error::Solver(format!(
            "frontier at floor {t}: {}",
            sol.status.as_str()
        )));
    }
    for (&j, r) in f.slacks.iter().zip(need) {
        if sol.x[j] > 1e-9 * (t * r).max(1.0) {
            return Err(Error::Solver(format!(
                "frontier at floor {t}: a floor is met only by its slack ({}); the penalty is too small",
                sol.x[j]
            )));
        }
    }
    let y = sol.row_dual.as_deref().unwrap_or(&[]);
    let slope = rows
        .iter()
        .zip(need)
        .map(|(&r, a)| y.get(r).copied().unwrap_or(0.0) * a)
        .sum();
    Ok(Eval {
        scale: t,
        value: sol.objective,
        slope,
    })
}

/// The evaluated points where the frontier bends, with both ends.
fn bends(points: &[Eval]) -> Vec<Eval> {
    let mut pts: Vec<Eval> = points.to_vec();
    pts.dedup_by(|b, a| b.scale - a.scale <= SCALE_TOLERANCE);
    let mut out: Vec<Eval> = Vec::with_capacity(pts.len());
    for (k, &p) in pts.iter().enumerate() {
        let keep = match (out.last(), pts.get(k + 1)) {
            (Some(a), Some(b)) => !agree(
                a.value + (b.value - a.value) * (p.scale - a.scale) / (b.scale - a.scale),
                p.value,
            ),
            _ => true,
        };
        if keep {
            out.push(p);
        }
    }
    out
}
