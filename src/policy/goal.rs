//! The inverse question: the least extra money, from named partners, with which some plan gives
//! a group of Parties at least a target coverage (funded / reachable need). One LP, solved
//! exactly (docs/goal.md):
//!
//! ```text
//! min  sum_o e(o)                    over the offers o of the named partners
//! s.t. the coverage model's rows, with offer o's capacity raised to amount(o) + e(o)
//!      sum over the group's needs of x >= target x the group's reachable need
//!      (every-party: one such row per Party with reachable need)
//!      x, e >= 0
//! ```
//!
//! Among the ways to spend that least amount, a second stage keeps the one with the most
//! weighted funding. When no amount reaches the target, a third LP finds the best coverage any
//! amount reaches, and the report says which eligibility rules stop it.

use super::floors::Floor;
use crate::dataset::{Dataset, RegionId};
use crate::error::Diagnostic;
use crate::model::{self, ColTag, CoverageIndex, LinearProgram, LpBuilder, ModelExtension, RowTag};
use crate::solver::resolve::SiftModel;
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};

/// The Parties a target applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetGroup {
    Ldc,
    Sids,
    Region(usize),
    Theme(usize),
    /// Every Party with reachable need, each on its own.
    EveryParty,
}

/// `--target GROUP=SHARE`, validated against the dataset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub group: TargetGroup,
    /// The coverage to reach, in (0, 1].
    pub share: f64,
}

impl Target {
    /// Parse `ldc=0.8`, `sids=0.5`, `region:ID=0.7`, `theme:ID=0.6` or `every-party=0.4`.
    pub fn parse(text: &str, ds: &Dataset) -> std::result::Result<Target, Diagnostic> {
        let bad = |code: &'static str, msg: String| Diagnostic::error(code, "--target", msg);
        let Some((group, share)) = text.split_once('=') else {
            return Err(bad(
                "E1001",
                format!("\"{text}\" is not GROUP=SHARE, e.g. ldc=0.8"),
            ));
        };
        let share = match share.trim().parse::<f64>() {
            Ok(s) if s > 0.0 && s <= 1.0 => s,
            _ => {
                let msg = format!("the share \"{share}\" is not a number above 0 and at most 1");
                return Err(bad("E1001", msg));
            }
        };
        let find = |what: &str, id: &str, codes: Vec<&str>| {
            codes
                .iter()
                .position(|c| *c == id)
                .ok_or_else(|| bad("E1002", format!("unknown {what} \"{id}\" in --target")))
        };
        let group = match group.trim() {
            "ldc" => TargetGroup::Ldc,
            "sids" => TargetGroup::Sids,
            "every-party" => TargetGroup::EveryParty,
            g => match g.split_once(':') {
                Some(("region", id)) => TargetGroup::Region(find(
                    "region",
                    id,
                    ds.regions.iter().map(String::as_str).collect(),
                )?),
                Some(("theme", id)) => TargetGroup::Theme(find(
                    "theme",
                    id,
                    ds.themes.iter().map(|t| t.code.as_str()).collect(),
                )?),
                _ => {
                    let msg = format!(
                        "unknown group \"{g}\"; use ldc, sids, region:ID, theme:ID or every-party"
                    );
                    return Err(bad("E1001", msg));
                }
            },
        };
        Ok(Target { group, share })
    }

    /// The group in words, for reports.
    pub fn label(&self, ds: &Dataset) -> String {
        match self.group {
            TargetGroup::Ldc => "the LDCs".into(),
            TargetGroup::Sids => "the SIDS".into(),
            TargetGroup::Region(r) => format!("the region {}", ds.region_label(RegionId(r as u32))),
            TargetGroup::Theme(t) => format!("the theme {}", ds.themes[t].name),
            TargetGroup::EveryParty => "every Party".into(),
        }
    }

    /// Whether need `n` counts towards group `g`'s coverage; for every-party, `g` is a Party.
    fn member(&self, ds: &Dataset, n: usize) -> Option<usize> {
        let need = &ds.needs[n];
        let party = ds.party(need.party);
        match self.group {
            TargetGroup::Ldc => party.ldc.then_some(0),
            TargetGroup::Sids => party.sids.then_some(0),
            TargetGroup::Region(r) => (party.region.index() == r).then_some(0),
            TargetGroup::Theme(t) => (need.theme.index() == t).then_some(0),
            TargetGroup::EveryParty => Some(need.party.index()),
        }
    }

    /// The coverage floors on the model of `ds`: one per group (per Party for every-party) with
    /// reachable need, `share` x that need.
    pub fn floors(&self, ds: &Dataset, index: &CoverageIndex) -> Vec<Floor> {
        let groups = match self.group {
            TargetGroup::EveryParty => ds.parties.len(),
            _ => 1,
        };
        let reach = ds.reachable_amounts();
        let mut need = vec![0.0; groups];
        for (i, r) in reach.iter().enumerate() {
            if let Some(g) = self.member(ds, i) {
                need[g] += r;
            }
        }
        let mut terms = vec![Vec::new(); groups];
        for (j, &(_, n)) in index.pairs.iter().enumerate() {
            if let Some(g) = self.member(ds, n.index()) {
                terms[g].push((j, 1.0));
            }
        }
        (0..groups)
            .filter(|&g| need[g] > 0.0)
            .map(|g| Floor {
                name: match self.group {
                    TargetGroup::EveryParty => format!("coverage of {}", ds.parties[g].code),
                    _ => format!("coverage of {}", self.label(ds)),
                },
                terms: std::mem::take(&mut terms[g]),
                rhs: self.share * need[g] * (1.0 - TARGET_TOLERANCE),
            })
            .collect()
    }
}

/// The offers that may grow: those of the partners `from` names (`ID` or `kind:KIND`, the ids
/// and kinds of partners.csv); every offer when `from` is empty.
pub fn growing_offers(ds: &Dataset, from: &[String]) -> std::result::Result<Vec<bool>, Diagnostic> {
    if from.is_empty() {
        return Ok(vec![true; ds.offers.len()]);
    }
    let mut partners = vec![false; ds.partners.len()];
    for f in from {
        let hits: Vec<usize> = match f.strip_prefix("kind:") {
            Some(kind) => (0..ds.partners.len())
                .filter(|&p| ds.partners[p].kind == kind)
                .collect(),
            None => (0..ds.partners.len())
                .filter(|&p| ds.partners[p].code == *f)
                .collect(),
        };
        if hits.is_empty() {
            let msg = format!(
                "\"{f}\" names no partner (an id of partners.csv) and no partner kind (kind:KIND)"
            );
            return Err(Diagnostic::error("E1002", "--from", msg));
        }
        for p in hits {
            partners[p] = true;
        }
    }
    Ok(ds
        .offers
        .iter()
        .map(|o| partners[o.partner.index()])
        .collect())
}

/// The goal's constraints beyond the coverage model.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub target: Target,
    /// The offers whose capacity may grow.
    pub grow: Vec<bool>,
    /// With `--no-losers`: per Party, the least it must keep (its funding in the canonical
    /// coverage plan); empty otherwise.
    pub keep: Vec<f64>,
}

/// The target floors are met to this relative tolerance: the least money makes the floor LP
/// only just feasible, and this much room keeps every back end's solve (and the canonical
/// stage's certificate on HiGHS) clear of the solvers' feasibility tolerances.
pub const TARGET_TOLERANCE: f64 = 1e-9;

/// Keep floors are met to this relative tolerance (so a plan that gives a Party exactly its
/// funding of the canonical plan is never refused for a rounding difference).
pub const KEEP_TOLERANCE: f64 = 1e-9;

impl Goal {
    /// The target's floors, then one "keeps its funding" floor per Party with funding to keep.
    pub fn floors(&self, ds: &Dataset, index: &CoverageIndex) -> Vec<Floor> {
        let mut floors = self.target.floors(ds, index);
        floors.extend(self.keep_floors(ds, index));
        floors
    }

    fn keep_floors(&self, ds: &Dataset, index: &CoverageIndex) -> Vec<Floor> {
        if self.keep.is_empty() {
            return Vec::new();
        }
        let mut terms = vec![Vec::new(); ds.parties.len()];
        for (j, &(_, n)) in index.pairs.iter().enumerate() {
            terms[ds.need(n).party.index()].push((j, 1.0));
        }
        (0..ds.parties.len())
            .filter(|&p| self.keep[p] > 0.0)
            .map(|p| Floor {
                name: format!("{} keeps its funding", ds.parties[p].code),
                terms: std::mem::take(&mut terms[p]),
                rhs: self.keep[p] * (1.0 - KEEP_TOLERANCE),
            })
            .collect()
    }
}

/// What the goal LP found.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalOutcome {
    /// The least extra money, by offer (0 for offers that do not grow), and its total.
    Reached { extra: Vec<f64>, total: f64 },
    /// No amount reaches the target: the best coverage any amount reaches (for every-party,
    /// the lowest Party's), and the share of the group's reachable need that the named
    /// partners' offers may fund at all.
    Unreachable { best: f64, eligible_share: f64 },
}

/// The extra-money columns and the floors, as a model extension.
struct GoalRows<'a> {
    goal: &'a Goal,
    stage: Stage,
}

/// Which of the three LPs to build.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// min sum e subject to the floors.
    LeastMoney,
    /// max weighted funding subject to the floors and sum e <= budget.
    BestUse(f64),
    /// max t subject to (group funding) >= t x (reachable need), e free of charge.
    BestReach,
    /// The split's stage: sum e <= budget and weighted funding >= value; costs set per solve.
    Split { budget: f64, value: f64 },
}

impl ModelExtension for GoalRows<'_> {
    fn extend(&self, ds: &Dataset, index: &CoverageIndex, lp: &mut LpBuilder) {
        if let Stage::Split { value, .. } = self.stage {
            let terms: Vec<(usize, f64)> =
                (0..index.pairs.len()).map(|j| (j, lp.cost(j))).collect();
            lp.add_row(value, f64::INFINITY, RowTag::Extra, terms);
        }
        if !matches!(self.stage, Stage::BestUse(_)) {
            for j in 0..index.pairs.len() {
                lp.set_cost(j, 0.0);
            }
        }
        let cost = if self.stage == Stage::LeastMoney {
            -1.0
        } else {
            0.0
        };
        let mut extra = Vec::new();
        for (o, row) in index.offer_row.iter().enumerate() {
            if let (Some(row), true) = (row, self.goal.grow[o]) {
                let e = lp.add_col(cost, 0.0, f64::INFINITY, ColTag::Aux);
                lp.add_entry(*row, e, -1.0);
                extra.push(e);
            }
        }
        if let Stage::BestUse(budget) | Stage::Split { budget, .. } = self.stage {
            lp.add_row(
                f64::NEG_INFINITY,
                budget,
                RowTag::Extra,
                extra.iter().map(|&e| (e, 1.0)),
            );
        }
        if self.stage == Stage::BestReach {
            let t = lp.add_col(1.0, 0.0, 1.0, ColTag::Aux);
            for f in self.goal.target.floors(ds, index) {
                let mut terms = f.terms;
                terms.push((t, -f.rhs / self.goal.target.share));
                lp.add_row(0.0, f64::INFINITY, RowTag::Extra, terms);
            }
            for f in self.goal.keep_floors(ds, index) {
                lp.add_row(f.rhs, f64::INFINITY, RowTag::Extra, f.terms);
            }
        } else {
            for f in self.goal.floors(ds, index) {
                lp.add_row(f.rhs, f64::INFINITY, RowTag::Extra, f.terms);
            }
        }
    }
}

/// Solve the goal: the least extra money from the offers `goal.grow` marks, and how to spend it.
pub fn solve_goal(cx: &SolveContext, ds: &Dataset, goal: &Goal) -> Result<GoalOutcome> {
    let build = |stage| model::build(ds, &[&GoalRows { goal, stage }]);
    let (lp, index) = build(Stage::LeastMoney);
    let least = solved(cx, &lp, "least extra money")?;
    let Some(least) = least else {
        let (lp, _) = build(Stage::BestReach);
        let reach = solved(cx, &lp, "best reachable coverage")?
            .ok_or_else(|| Error::NoOptimalPlan("goal: best reachable coverage".into()))?;
        let best = *reach.last().unwrap_or(&0.0);
        return Ok(GoalOutcome::Unreachable {
            best,
            eligible_share: eligible_share(ds, &index, goal),
        });
    };
    let least: Vec<f64> = least[index.pairs.len()..].to_vec();
    // The least amount spent where it does most good; should the solver's tolerances refuse
    // exactly that budget, the least-money solution itself.
    let total: f64 = least.iter().sum();
    let (lp, _) = build(Stage::BestUse(total));
    let extra = match solved(cx, &lp, "best use of the extra money")? {
        Some(best) => {
            let split = Stage::Split {
                budget: total,
                value: lp.objective(&best) * (1.0 - SPLIT_TOLERANCE),
            };
            let first = index.pairs.len();
            first_offers_first(&build(split).0, first..first + least.len(), cx)?
                .unwrap_or_else(|| best[first..first + least.len()].to_vec())
        }
        None => least,
    };
    let extra = per_offer(&index, &goal.grow, &extra);
    let total = extra.iter().sum();
    Ok(GoalOutcome::Reached { extra, total })
}

/// The weighted funding the split keeps, relative to the best use's: the split gives up at
/// most this share of it.
pub const SPLIT_TOLERANCE: f64 = 1e-9;

/// Among the splits of the least money that keep the best weighted funding, the one that gives
/// the offers listed first in offers.csv as much as they can take, in order: each offer's
/// extra is maximised, then fixed (to 1e-9 of itself), on HiGHS whatever the back end, so the
/// split is the same on every back end. `None` if a step fails.
fn first_offers_first(
    lp: &LinearProgram,
    extra: std::ops::Range<usize>,
    cx: &SolveContext,
) -> Result<Option<Vec<f64>>> {
    let mut m = SiftModel::with_set(lp.clone(), vec![true; lp.num_cols()], cx.time_limit)?;
    let mut values = Vec::with_capacity(extra.len());
    for j in extra.clone() {
        let mut cost = vec![0.0; lp.num_cols()];
        cost[j] = 1.0;
        m.set_costs(&cost)?;
        let sol = m.solve(false)?;
        if sol.status != SolveStatus::Optimal {
            return Ok(None);
        }
        let v = sol.x[j].max(0.0);
        m.set_cols_bounds(&[j], &[v * (1.0 - 1e-9)], &[v])?;
        values.push(v);
    }
    Ok(Some(values))
}

/// The values of an optimal solve; `None` when infeasible. Always the whole LP on HiGHS,
/// whatever the back end: the least money is an edge of feasibility, and an interior-point
/// answer a hair below it would leave the floor plan infeasible.
fn solved(cx: &SolveContext, lp: &LinearProgram, what: &str) -> Result<Option<Vec<f64>>> {
    let sol = crate::solver::Solver::HighsFlat
        .backend()
        .solve(lp, &cx.options(false))?;
    match sol.status {
        SolveStatus::Optimal => Ok(Some(sol.x)),
        SolveStatus::Infeasible => Ok(None),
        s => Err(Error::NoOptimalPlan(format!(
            "goal: {what}: {}",
            s.as_str()
        ))),
    }
}

/// The extra columns' values spread back over the offers (0 where an offer does not grow).
fn per_offer(index: &CoverageIndex, grow: &[bool], values: &[f64]) -> Vec<f64> {
    let mut values = values.iter();
    index
        .offer_row
        .iter()
        .enumerate()
        .map(|(o, row)| match (row, grow[o]) {
            (Some(_), true) => values.next().copied().unwrap_or(0.0).max(0.0),
            _ => 0.0,
        })
        .collect()
}

/// The share of the group's reachable need that some growing offer may fund.
fn eligible_share(ds: &Dataset, index: &CoverageIndex, goal: &Goal) -> f64 {
    let (target, grow) = (&goal.target, &goal.grow);
    let mut by_growing = vec![false; ds.needs.len()];
    for &(o, n) in &index.pairs {
        by_growing[n.index()] |= grow[o.index()];
    }
    let reach = ds.reachable_amounts();
    let (mut eligible, mut all) = (0.0, 0.0);
    for (n, r) in reach.iter().enumerate() {
        if target.member(ds, n).is_some() {
            all += r;
            if by_growing[n] {
                eligible += r;
            }
        }
    }
    if all > 0.0 { eligible / all } else { 0.0 }
}
