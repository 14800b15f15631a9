//! Leximin over groups of face columns (Parties in stage A, needs in stage B), by successive
//! max-min LPs on one HiGHS model re-solved warm.
//!
//! A group g has value s_g = (sum of its columns) / d_g. One LP holds the face, a column t per
//! stage (>= -1, below any value, so that a new stage's link rows hold at the current plan), and
//! per group of every stage a link row `sum_g - d_g t >= 0`, active while the group's stage runs
//! and the group is not fixed, and something to hold the group at its level once fixed: a face
//! row whose activity is already sum_g (a need's own row, for stage B's needs), the column
//! itself for a group of one column, or else a level row `sum_g >= d_g level_g`, free until the
//! group is fixed (fewer rows make every re-solve cheaper). Each round maximises t and fixes the groups it proves **saturated**: a group
//! whose link row has a nonzero dual. By complementary slackness with that dual, every plan
//! reaching t* gives the group exactly t*, so it can never rise above t* while the others keep
//! their levels (a group at t* in one solution with a zero dual is not fixed: it may rise in a
//! later round). The link duals, times d_g, sum to 1 (t's reduced cost is zero), so some group is
//! saturated in every round, and a group whose value cannot exceed t* (its cap, e.g. a need's
//! full amount, within [`CAP_TOLERANCE`]) is saturated too. A fixed group's level row (or
//! column) keeps `s_g >= t*` (less [`FIX_TOLERANCE`]; when a later stage starts, its value in
//! the plan at hand less as much) and its link row is freed: every change is a bound change
//! that keeps the current plan feasible, so each round continues by primal simplex from it,
//! with column generation over the face's columns. (No column per group: fewer columns make
//! each of the hundreds of re-solves cheaper.)

use super::face::Face;
use crate::model::{ColTag, LinearProgram, LpBuilder, RowTag};
use crate::solver::resolve::SiftModel;
use crate::solver::{LpSolution, SolveStatus};
use crate::{Error, Result};

/// A group counts as saturated when its share of the round's dual weight exceeds this.
pub const SATURATION_TOLERANCE: f64 = 1e-9;

/// A group whose value the round's t brings within this of its cap (relative) is saturated, at
/// its value. Near full funding the levels drift by HiGHS's tolerances: without it, needs short
/// of their amount by 1e-8 to 1e-7 took a round each (41 of stage B's 97 rounds at the M
/// preset), and their fundings move by at most this much of their amount.
pub const CAP_TOLERANCE: f64 = 1e-7;

/// HiGHS's primal feasibility tolerance in the leximin model (its default is 1e-7). A round's
/// plan may break a fixed group's bound by this much, so the levels read from it may drift by
/// this much per round.
pub const PRIMAL_TOLERANCE: f64 = 1e-9;

/// A fixed group's value may fall short of its level by this much, relative to max(1, level):
/// ten times [`PRIMAL_TOLERANCE`], so that the drift never makes a later round infeasible (a
/// margin of 1 did at the M preset).
pub const FIX_TOLERANCE: f64 = 1e-8;

/// After a round whose column generation left more columns in the model than this many times
/// its rows (a face full of ties can pull in every column: `fair` at M, 46,548), the columns
/// nonbasic at zero leave it, so that later rounds work on a model the size of the basis.
const SHRINK_AT: usize = 2;

/// Groups of face columns, each with its denominator d_g > 0 and the most its value can be.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    pub cols: Vec<Vec<usize>>,
    /// Each group's Party or need index.
    pub id: Vec<usize>,
    pub denom: Vec<f64>,
    pub cap: Vec<f64>,
}

/// Where a stage's groups sit in the leximin model.
struct StageAt {
    /// The stage's own t.
    t: usize,
    /// Each group's link row.
    links: Vec<usize>,
    /// What holds each group at its level once fixed.
    levels: Vec<Level>,
}

/// What holds a fixed group at its level: a row whose activity is the group's sum (its own
/// level row, or a face row with exactly the group's columns, such as a need's row), or, for a
/// group of one column that the face made a bound, that column. Fixing raises its lower bound
/// to the level, if it is not already higher.
#[derive(Debug, Clone, Copy)]
enum Level {
    Row(usize),
    Col(usize),
}

/// The leximin model: the face, every stage's t, level and link rows (inactive ones free),
/// re-solved by column generation over the face columns.
pub struct Leximin {
    model: SiftModel,
    num_rows: usize,
    num_face_cols: usize,
    stages: Vec<StageAt>,
    /// Face values of the last solve.
    x: Option<Vec<f64>>,
    rounds: Vec<usize>,
    /// Every group fixed in a stage that another follows: what holds it and its columns.
    held: Vec<(Level, Vec<usize>)>,
}

impl Leximin {
    /// `support`: face columns of a known optimal plan (it meets the face's fixed rows, so the
    /// first working set is feasible).
    pub fn new(
        face: &Face,
        stages: &[&Groups],
        support: &[usize],
        time_limit: Option<f64>,
    ) -> Result<Leximin> {
        let (lp, at) = leximin_lp(&face.lp, stages);
        let lp_rows = lp.num_rows();
        let n = face.lp.num_cols();
        let mut member = vec![false; lp.num_cols()];
        member[n..].iter_mut().for_each(|m| *m = true);
        for &k in support {
            member[k] = true;
        }
        let mut model = SiftModel::with_set(lp, member, time_limit)?;
        model.set_primal_tolerance(PRIMAL_TOLERANCE)?;
        model.without_perturbation()?;
        Ok(Leximin {
            model,
            num_rows: lp_rows,
            num_face_cols: face.lp.num_cols(),
            stages: at,
            x: None,
            rounds: Vec::new(),
            held: Vec::new(),
        })
    }

    /// Leximin over the groups of `stage`: each group's level (its value at the end).
    pub fn run_stage(&mut self, stage: usize, groups: &Groups) -> Result<Vec<f64>> {
        let t_col = self.stages[stage].t;
        let links = self.stages[stage].links.clone();
        let holds = self.stages[stage].levels.clone();
        let k = groups.denom.len();
        if stage > 0 && k > 0 {
            self.hold_at_current()?;
            // The stage's own t starts at its lower bound -1, below every value, so the new link
            // rows hold at the current plan and primal simplex continues from it (activating
            // them against the previous stage's t cost 78 s of phase 1 at the L preset).
            let mut cost = vec![0.0; self.model.costs().len()];
            cost[t_col] = 1.0;
            self.model.set_costs(&cost)?;
            self.model
                .set_row_bounds(&links, &vec![0.0; k], &vec![f64::INFINITY; k])?;
        }
        let mut levels = vec![0.0; k];
        let mut active: Vec<usize> = (0..k).collect();
        let mut rounds = 0;
        while !active.is_empty() {
            let sol = self.solve()?;
            rounds += 1;
            let t = sol.x[t_col];
            let y = sol.row_dual.as_deref().unwrap_or(&[]);
            let mut fixed = vec![false; k];
            // Each link row's share of t's unit cost: -y_g d_g, summing to 1.
            for g in saturated(&active, |g| -y[links[g]] * groups.denom[g]) {
                fixed[g] = true;
            }
            for &g in &active {
                fixed[g] |= at_cap(t, groups.cap[g]);
            }
            let now: Vec<usize> = active.iter().copied().filter(|&g| fixed[g]).collect();
            // Each fixed group is held at its level, and its link row is freed. The level is the
            // group's own value, not t: the link row holds it >= t only to HiGHS's feasibility
            // tolerance, and the plan at hand must stay feasible.
            let mut changes = Changes::default();
            for &g in &now {
                let value = groups.cols[g].iter().map(|&c| sol.x[c]).sum::<f64>() / groups.denom[g];
                let level = value.min(t);
                levels[g] = level;
                let floor = groups.denom[g] * (level - FIX_TOLERANCE * level.abs().max(1.0));
                changes.hold(&self.model, holds[g], floor);
                changes
                    .rows
                    .push(links[g], f64::NEG_INFINITY, f64::INFINITY);
                if stage + 1 < self.stages.len() {
                    self.held.push((holds[g], groups.cols[g].clone()));
                }
            }
            changes.apply(&mut self.model)?;
            if self.model.working_set_len() > SHRINK_AT * self.num_rows {
                self.model.shrink(&sol)?;
            }
            active.retain(|&g| !fixed[g]);
            self.x = Some(sol.x[..self.num_face_cols].to_vec());
        }
        self.rounds.push(rounds);
        Ok(levels)
    }

    /// Face values of the last round's plan.
    #[cfg(test)]
    pub fn plan(&self) -> Option<&[f64]> {
        self.x.as_deref()
    }

    /// Hold every group fixed so far at its value in the current plan, less [`FIX_TOLERANCE`] of
    /// that value (before, of its denominator: for a Party, of its reachable need), so that a new
    /// stage spends at most that much of each: stage B had moved Parties' totals by up to 1.4e-6
    /// of them and needs by up to 5.9e-6 of their amounts (dense M preset). The margin itself
    /// stays: it lets stage B's first rounds lift every need that can get nothing to the same
    /// tiny level at once (held at their totals to 1e-12, stage B at the L preset took 136
    /// rounds at t = 0 and 150 s instead of 20 s).
    fn hold_at_current(&mut self) -> Result<()> {
        let Some(x) = self.x.as_ref() else {
            return Ok(());
        };
        let mut changes = Changes::default();
        for (hold, members) in &self.held {
            let value: f64 = members.iter().map(|&c| x[c]).sum();
            changes.hold(
                &self.model,
                *hold,
                value - FIX_TOLERANCE * value.abs().max(1.0),
            );
        }
        changes.apply(&mut self.model)
    }

    /// Face values of the final plan (one feasibility solve if no stage had a group), and the
    /// rounds of each stage.
    pub fn finish(mut self) -> Result<(Vec<f64>, Vec<usize>)> {
        if let Some(x) = self.x.take() {
            return Ok((x, self.rounds));
        }
        let zero = vec![0.0; self.model.costs().len()];
        self.model.set_costs(&zero)?;
        let sol = self.solve()?;
        Ok((sol.x[..self.num_face_cols].to_vec(), self.rounds))
    }

    fn solve(&mut self) -> Result<LpSolution> {
        let sol = self.model.solve(false)?;
        match sol.status {
            SolveStatus::Optimal => Ok(sol),
            SolveStatus::TimeLimit => Err(Error::NoOptimalPlan(
                "canonical stage: time limit reached".into(),
            )),
            ref s => Err(Error::Solver(format!(
                "canonical stage: the optimal face LP ended {}",
                s.as_str()
            ))),
        }
    }
}

/// The active groups the round's duals prove saturated: weight above the tolerance, or else
/// the heaviest (the weights sum to 1, so it carries at least 1/|active|).
fn saturated(active: &[usize], weight: impl Fn(usize) -> f64) -> Vec<usize> {
    let found: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&g| weight(g) > SATURATION_TOLERANCE)
        .collect();
    if !found.is_empty() {
        return found;
    }
    let best = active
        .iter()
        .copied()
        .max_by(|&a, &b| weight(a).total_cmp(&weight(b)).then(b.cmp(&a)));
    best.into_iter().collect()
}

/// Whether the round's t brings a group within [`CAP_TOLERANCE`] of its cap: it cannot rise
/// further, and is saturated.
fn at_cap(t: f64, cap: f64) -> bool {
    t >= cap * (1.0 - CAP_TOLERANCE)
}

/// Bound changes to rows or columns, gathered for one call.
#[derive(Default)]
struct Bounds {
    at: Vec<usize>,
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Bounds {
    fn push(&mut self, at: usize, lower: f64, upper: f64) {
        self.at.push(at);
        self.lower.push(lower);
        self.upper.push(upper);
    }
}

/// Bound changes to the model's rows and columns, gathered for one call each.
#[derive(Default)]
struct Changes {
    rows: Bounds,
    cols: Bounds,
}

impl Changes {
    /// Hold a group at `floor` or above: raise the lower bound of the row or column that holds
    /// it, unless it is already higher.
    fn hold(&mut self, model: &SiftModel, hold: Level, floor: f64) {
        match hold {
            Level::Row(r) => {
                let (lower, upper) = model.row_bounds(r);
                self.rows.push(r, lower.max(floor), upper);
            }
            Level::Col(c) => {
                let (lower, upper) = model.col_bounds(c);
                self.cols.push(c, lower.max(floor), upper);
            }
        }
    }

    fn apply(self, model: &mut SiftModel) -> Result<()> {
        let (r, c) = (self.rows, self.cols);
        model.set_row_bounds(&r.at, &r.lower, &r.upper)?;
        model.set_cols_bounds(&c.at, &c.lower, &c.upper)
    }
}

/// The face with every objective coefficient 0; then each stage's t (bounds [-1, inf): every
/// value is >= 0, so an optimal t is never at its bound; cost 1 for the first stage, 0 until its
/// stage starts); then, stage by stage, a level row `sum_g >= d_g level_g` (free until the group
/// is fixed) for each group that has no face row or column to hold it ([`Level`]), followed by
/// a link row `sum_g - d_g t >= 0` per group (the first stage's active, the others free until
/// their stage starts).
fn leximin_lp(face: &LinearProgram, stages: &[&Groups]) -> (LinearProgram, Vec<StageAt>) {
    let mut b = LpBuilder::default();
    for j in 0..face.num_cols() {
        b.add_col(0.0, face.col_lower[j], face.col_upper[j], face.col_tag[j]);
    }
    let face_rows = face.rows();
    for (i, entries) in face_rows.iter().enumerate() {
        b.add_row(
            face.row_lower[i],
            face.row_upper[i],
            face.row_tag[i],
            entries.iter().copied(),
        );
    }
    let t_cols: Vec<usize> = (0..stages.len())
        .map(|s| {
            b.add_col(
                if s == 0 { 1.0 } else { 0.0 },
                -1.0,
                f64::INFINITY,
                ColTag::Aux,
            )
        })
        .collect();
    let own = own_rows(face, &face_rows);
    let (free, inf) = (f64::NEG_INFINITY, f64::INFINITY);
    let mut at = Vec::with_capacity(stages.len());
    for (stage, groups) in stages.iter().enumerate() {
        let t = t_cols[stage];
        let sum = |g: usize| groups.cols[g].iter().map(|&j| (j, 1.0));
        let levels: Vec<Level> = (0..groups.cols.len())
            .map(
                |g| match (groups.cols[g].as_slice(), own(&groups.cols[g])) {
                    (_, Some(row)) => Level::Row(row),
                    (&[col], None) => Level::Col(col),
                    _ => Level::Row(b.add_row(free, inf, RowTag::Extra, sum(g))),
                },
            )
            .collect();
        let link_lower = if stage == 0 { 0.0 } else { free };
        let links = (0..groups.cols.len())
            .map(|g| {
                let entries = sum(g).chain([(t, -groups.denom[g])]);
                b.add_row(link_lower, inf, RowTag::Extra, entries)
            })
            .collect();
        at.push(StageAt { t, links, levels });
    }
    (b.finish(), at)
}

/// For a group's columns, the face row whose entries are exactly those columns, each with
/// coefficient 1 (a need's row over its face columns), if there is one. `face_rows` is
/// [`LinearProgram::rows`] of `face`, whose entries come in ascending column order.
fn own_rows<'a>(
    face: &'a LinearProgram,
    face_rows: &'a [Vec<(usize, f64)>],
) -> impl Fn(&[usize]) -> Option<usize> + 'a {
    move |cols: &[usize]| {
        let mut want = cols.to_vec();
        want.sort_unstable();
        let first = *want.first()?;
        face.column(first).map(|(i, _)| i).find(|&i| {
            let row = &face_rows[i];
            row.len() == want.len()
                && row
                    .iter()
                    .zip(&want)
                    .all(|(&(j, a), &w)| j == w && a == 1.0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{at_cap, own_rows, saturated};
    use crate::model::{ColTag, LpBuilder, RowTag};

    /// A group's own row has exactly its columns, each with coefficient 1.
    #[test]
    fn a_group_is_held_by_the_face_row_with_exactly_its_columns() {
        let mut b = LpBuilder::default();
        for _ in 0..3 {
            b.add_col(0.0, 0.0, 1.0, ColTag::Aux);
        }
        b.add_row(0.0, 1.0, RowTag::Extra, [(0, 1.0), (1, 1.0), (2, 1.0)]);
        b.add_row(0.0, 1.0, RowTag::Extra, [(0, 2.0), (1, 1.0)]);
        b.add_row(0.0, 1.0, RowTag::Extra, [(1, 1.0), (0, 1.0)]);
        let lp = b.finish();
        let rows = lp.rows();
        let own = own_rows(&lp, &rows);
        assert_eq!(own(&[1, 0]), Some(2));
        assert_eq!(own(&[0, 2]), None);
        assert_eq!(own(&[0, 1, 2]), Some(0));
        assert_eq!(own(&[2]), None);
    }

    /// A need 5e-8 short of its amount is at its cap; one 2e-7 short is not.
    #[test]
    fn a_group_within_1e_7_of_its_cap_is_at_it() {
        assert!(at_cap(1.0 - 5e-8, 1.0) && at_cap(1.0, 1.0) && at_cap(0.62, 0.62));
        assert!(!at_cap(1.0 - 2e-7, 1.0) && !at_cap(0.5, 0.62));
    }

    #[test]
    fn saturation_takes_every_weighted_group_or_else_the_heaviest() {
        let w = [0.0, 0.6, 1e-12, 0.4];
        assert_eq!(saturated(&[0, 1, 2, 3], |g| w[g]), vec![1, 3]);
        let tiny = [1e-12, 3e-10, 2e-10];
        assert_eq!(saturated(&[0, 1, 2], |g| tiny[g]), vec![1]);
    }
}
