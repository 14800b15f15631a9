//! Re-solves after bound and cost changes (exact marginal gains, budget curves, what-if
//! scenarios), warm from a previous basis: [`SiftModel`] keeps one LP loaded for column
//! generation, and [`ResolveModel`] splits an LP into blocks, one `SiftModel` each, and re-solves
//! only the blocks that changed.

use super::blocks::{Block, merge, scatter, split};
use super::sifting::{WorkingSet, attach_ranging, expand, initial_set};
use super::{Basis, LpSolution, SolveStatus};
use crate::Result;
use crate::model::LinearProgram;
use std::time::Instant;

/// Pricing rounds in one solve after which columns at reduced cost zero enter too. 20, not the
/// earlier 200, once the leximin model shrinks its working set after such a solve: stage B's
/// first round at M took 92 rounds of a few pivots each (0.5 s); canonical stage BRS 1.25 s to
/// 1.14 s, dense M 2.6 s to 2.3 s, L 25.3 s to 20.5 s, `fair` at M 4.8 s to 4.0 s (single runs).
const TAILING_LOOPS: usize = 20;

/// A column-generation model kept loaded for a series of re-solves after bound or cost changes
/// (exact marginal gains, budget curves, what-if scenarios): the working set starts from a basis
/// and only grows; each re-solve continues from the previous basis (dual simplex after bound
/// changes, primal after cost changes) followed by pricing rounds over every column.
pub struct SiftModel {
    lp: LinearProgram,
    set: WorkingSet,
}

impl SiftModel {
    /// Take `lp` and load its working set at `basis` when given (columns basic or at an upper bound,
    /// plus every row's most valuable column).
    pub fn new(lp: LinearProgram, basis: Option<&Basis>, time_limit: Option<f64>) -> Result<Self> {
        let set = WorkingSet::load(&lp, initial_set(&lp, basis), basis, time_limit)?;
        Ok(SiftModel { lp, set })
    }

    /// [`SiftModel::new`] with the working set `member` (e.g. a known feasible support plus
    /// columns that must stay in).
    pub fn with_set(lp: LinearProgram, member: Vec<bool>, time_limit: Option<f64>) -> Result<Self> {
        let set = WorkingSet::load(&lp, member, None, time_limit)?;
        Ok(SiftModel { lp, set })
    }

    /// Set HiGHS's primal feasibility tolerance (default 1e-7) for every later solve.
    pub fn set_primal_tolerance(&mut self, tol: f64) -> Result<()> {
        self.set
            .model
            .set_double_option("primal_feasibility_tolerance", tol)
    }

    /// Turn off HiGHS's random bound perturbation in primal simplex. A re-solve of a few pivots
    /// then ends without the perturbation's cleanup, which is most of its cost when the LP is
    /// re-solved hundreds of times (the leximin stages: BRS 2.4 s to 1.5 s).
    pub fn without_perturbation(&mut self) -> Result<()> {
        self.set
            .model
            .set_double_option("primal_simplex_bound_perturbation_multiplier", 0.0)
    }

    /// Shrink the working set after a solve `sol` of this model: columns nonbasic at a zero
    /// lower bound leave it (they re-enter by pricing if they become attractive again). Returns
    /// how many left. Each later re-solve then works on a model the size of the basis, not of
    /// every column that ever entered.
    pub fn shrink(&mut self, sol: &LpSolution) -> Result<usize> {
        let Some(basis) = sol.basis.as_ref() else {
            return Ok(0);
        };
        let lp = &self.lp;
        self.set.remove(|j| {
            basis.col_status[j] == super::BasisStatus::Lower
                && lp.col_lower[j] == 0.0
                && sol.x[j] == 0.0
        })
    }

    /// The bounds of row `i` as the model holds them.
    pub fn row_bounds(&self, i: usize) -> (f64, f64) {
        (self.lp.row_lower[i], self.lp.row_upper[i])
    }

    /// The bounds of column `j` as the model holds them.
    pub fn col_bounds(&self, j: usize) -> (f64, f64) {
        (self.lp.col_lower[j], self.lp.col_upper[j])
    }

    /// The number of columns in the working set.
    pub fn working_set_len(&self) -> usize {
        self.set.in_set.len()
    }

    /// Set both bounds of `rows`; the next solve continues by primal simplex.
    pub fn set_row_bounds(&mut self, rows: &[usize], lower: &[f64], upper: &[f64]) -> Result<()> {
        self.store_row_bounds(rows, lower, upper)?;
        self.set.model.prefer_primal()
    }

    /// Set both bounds of `rows` after a right-hand-side move (the basis stays dual feasible);
    /// the next solve continues by dual simplex.
    pub fn move_row_bounds(&mut self, rows: &[usize], lower: &[f64], upper: &[f64]) -> Result<()> {
        self.store_row_bounds(rows, lower, upper)?;
        self.set.model.prefer_dual()
    }

    /// Both bounds of `rows`, in the held LP and in HiGHS.
    fn store_row_bounds(&mut self, rows: &[usize], lower: &[f64], upper: &[f64]) -> Result<()> {
        for ((&r, &l), &u) in rows.iter().zip(lower).zip(upper) {
            self.lp.row_lower[r] = l;
            self.lp.row_upper[r] = u;
        }
        self.set.model.set_row_bounds(rows, lower, upper)
    }

    /// Set both bounds of columns `cols`; the next solve continues by primal simplex.
    pub fn set_cols_bounds(&mut self, cols: &[usize], lower: &[f64], upper: &[f64]) -> Result<()> {
        let mut held = (Vec::new(), Vec::new(), Vec::new());
        for ((&j, &l), &u) in cols.iter().zip(lower).zip(upper) {
            self.lp.col_lower[j] = l;
            self.lp.col_upper[j] = u;
            if let Some(k) = self.set.position(j) {
                held.0.push(k);
                held.1.push(l);
                held.2.push(u);
            }
        }
        self.set.model.set_cols_bounds(&held.0, &held.1, &held.2)?;
        self.set.model.prefer_primal()
    }

    /// Set the upper bounds of `rows` (lower bounds -inf) for the next solve.
    pub fn set_row_uppers(&mut self, rows: &[usize], upper: &[f64]) -> Result<()> {
        for (&r, &u) in rows.iter().zip(upper) {
            self.lp.row_upper[r] = u;
        }
        self.set.model.set_row_uppers(rows, upper)
    }

    /// Set every column's objective coefficient for the next solve.
    pub fn set_costs(&mut self, cost: &[f64]) -> Result<()> {
        self.lp.col_cost.copy_from_slice(cost);
        let held: Vec<f64> = self.set.in_set.iter().map(|&j| cost[j]).collect();
        self.set.model.set_costs(&held)
    }

    /// The objective coefficients the model holds.
    pub fn costs(&self) -> &[f64] {
        &self.lp.col_cost
    }

    /// Re-solve to optimality over every column: values, duals and basis of the whole LP, with
    /// cost and bound ranging when `ranging` is set.
    pub fn solve(&mut self, ranging: bool) -> Result<LpSolution> {
        let t0 = Instant::now();
        let mut iterations = 0;
        let mut loops = 0;
        self.set.with_ties = false;
        loop {
            let sol = self.set.model.run(false)?;
            loops += 1;
            iterations += sol.iterations;
            // Tailing: columns entering a few at a time, a HiGHS run each (a face full of ties
            // at the L preset: 1,362 rounds of pricing in one solve; at M, 92). For the rest of
            // this solve, columns at reduced cost zero enter with the attractive ones.
            if loops == TAILING_LOOPS {
                self.set.with_ties = true;
            }
            if sol.status != SolveStatus::Optimal {
                return Ok(LpSolution { iterations, ..sol });
            }
            if !self
                .set
                .add_entering(&self.lp, sol.row_dual.as_deref().unwrap_or(&[]))?
            {
                let full = expand(&self.lp, &self.set.in_set, sol, iterations, t0);
                return if ranging {
                    attach_ranging(&self.lp, full)
                } else {
                    Ok(full)
                };
            }
        }
    }
}

/// What a re-solve returns besides the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Values only.
    Primal,
    /// Also duals and the basis: an optimality certificate.
    Duals,
    /// Also cost and bound ranging (sensitivity files).
    Ranging,
}

/// A block-split model for repeated re-solves after bound and cost changes (budget curves,
/// what-if edits): only blocks that changed are re-solved, each by column generation from its
/// previous basis ([`SiftModel`]).
pub struct ResolveModel {
    blocks: Vec<Block>,
    models: Vec<SiftModel>,
    /// (block, local row) of every full-LP row.
    row_home: Vec<(usize, usize)>,
    last: Vec<Option<LpSolution>>,
    dirty: Vec<bool>,
    num_cols: usize,
}

impl ResolveModel {
    /// Load `lp`, split into blocks; `basis` (of the full LP) warm-starts every block.
    pub fn new(lp: &LinearProgram, basis: Option<&Basis>, time_limit: Option<f64>) -> Result<Self> {
        Self::load(lp, basis, None, time_limit)
    }

    /// Load `lp` with every column of `support` (a feasible plan's, e.g. for an LP with
    /// equality rows) in each block's first working set.
    pub fn with_support(
        lp: &LinearProgram,
        support: &[bool],
        time_limit: Option<f64>,
    ) -> Result<Self> {
        Self::load(lp, None, Some(support), time_limit)
    }

    fn load(
        lp: &LinearProgram,
        basis: Option<&Basis>,
        support: Option<&[bool]>,
        time_limit: Option<f64>,
    ) -> Result<Self> {
        let mut blocks = split(lp);
        let mut row_home = vec![(0, 0); lp.num_rows()];
        let mut models = Vec::with_capacity(blocks.len());
        for (k, b) in blocks.iter_mut().enumerate() {
            for (local, &r) in b.rows.iter().enumerate() {
                row_home[r] = (k, local);
            }
            let local = basis.map(|w| w.slice(&b.cols, &b.rows));
            // The model keeps the block's LP; the block keeps only its column and row maps.
            let block_lp = std::mem::take(&mut b.lp);
            models.push(match support {
                None => SiftModel::new(block_lp, local.as_ref(), time_limit)?,
                Some(s) => {
                    let mut member = initial_set(&block_lp, None);
                    for (m, &j) in member.iter_mut().zip(&b.cols) {
                        *m |= s[j];
                    }
                    SiftModel::with_set(block_lp, member, time_limit)?
                }
            });
        }
        let n = blocks.len();
        Ok(ResolveModel {
            blocks,
            models,
            row_home,
            last: vec![None; n],
            dirty: vec![true; n],
            num_cols: lp.num_cols(),
        })
    }

    /// Run `f` on every block's model in parallel, with the full-LP rows of the block (in the
    /// order of the model's rows); the results come in block order, and every block is re-solved
    /// at the next [`ResolveModel::run`].
    pub fn par_blocks<R: Send>(
        &mut self,
        f: impl Fn(&[usize], &mut SiftModel) -> R + Sync + Send,
    ) -> Result<Vec<R>> {
        let work: Vec<(&Block, &mut SiftModel)> =
            self.blocks.iter().zip(self.models.iter_mut()).collect();
        let out = crate::parallel::par_map_owned(None, work, |(b, m)| f(&b.rows, m))?;
        self.dirty.iter_mut().for_each(|d| *d = true);
        Ok(out)
    }

    /// Set the upper bounds of full-LP `rows`.
    pub fn set_row_uppers(&mut self, rows: &[usize], upper: &[f64]) -> Result<()> {
        let mut per_block: Vec<(Vec<usize>, Vec<f64>)> =
            vec![(Vec::new(), Vec::new()); self.blocks.len()];
        for (&r, &u) in rows.iter().zip(upper) {
            let (k, local) = self.row_home[r];
            per_block[k].0.push(local);
            per_block[k].1.push(u);
        }
        for (k, (locals, values)) in per_block.into_iter().enumerate() {
            if !locals.is_empty() {
                self.models[k].set_row_uppers(&locals, &values)?;
                self.dirty[k] = true;
            }
        }
        Ok(())
    }

    /// Set every column's objective coefficient; only blocks whose costs change are marked.
    pub fn set_costs(&mut self, cost: &[f64]) -> Result<()> {
        for (k, b) in self.blocks.iter().enumerate() {
            let local: Vec<f64> = b.cols.iter().map(|&j| cost[j]).collect();
            if local != self.models[k].costs() {
                self.models[k].set_costs(&local)?;
                self.dirty[k] = true;
            }
        }
        Ok(())
    }

    /// Re-solve the changed blocks (in parallel) and return the merged solution: what `want`
    /// asks for (with duals, every block is re-run once). The values do not depend on `want`.
    pub fn run(&mut self, want: Want) -> Result<LpSolution> {
        let full = want != Want::Primal;
        if full {
            self.dirty.iter_mut().for_each(|d| *d = true);
        }
        let work: Vec<(usize, &mut SiftModel)> = self
            .models
            .iter_mut()
            .enumerate()
            .filter(|(k, _)| self.dirty[*k])
            .collect();
        let ranging = want == Want::Ranging;
        let solved = crate::parallel::par_map_owned(None, work, |(k, m)| (k, m.solve(ranging)))?;
        for (k, s) in solved {
            self.last[k] = Some(s?);
            self.dirty[k] = false;
        }
        let sols: Vec<LpSolution> = self
            .last
            .iter()
            .map(|s| {
                s.clone().unwrap_or_else(|| {
                    LpSolution::without_values(SolveStatus::Other("unsolved".into()), 0.0)
                })
            })
            .collect();
        if full {
            Ok(merge(
                self.num_cols,
                self.row_home.len(),
                &self.blocks,
                sols,
            ))
        } else {
            Ok(merge_primal(self.num_cols, &self.blocks, sols))
        }
    }
}

/// Merge only primal values and objectives (re-solves need no duals).
fn merge_primal(num_cols: usize, blocks: &[Block], solutions: Vec<LpSolution>) -> LpSolution {
    let seconds = solutions.iter().map(|s| s.seconds).sum();
    if let Some(bad) = solutions.iter().find(|s| s.status != SolveStatus::Optimal) {
        return LpSolution::without_values(bad.status.clone(), seconds);
    }
    let mut x = vec![0.0; num_cols];
    for (b, s) in blocks.iter().zip(&solutions) {
        scatter(&mut x, &b.cols, &s.x);
    }
    LpSolution {
        status: SolveStatus::Optimal,
        objective: solutions.iter().map(|s| s.objective).sum(),
        x,
        row_dual: None,
        col_dual: None,
        basis: None,
        ranging: None,
        iterations: solutions.iter().map(|s| s.iterations).sum(),
        seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::SiftModel;
    use crate::solver::{Backend, SolveOptions, SolveStatus, highs::Highs};
    use crate::testkit;

    /// A shrunk working set re-solves to the same optimum, and after a change of costs the
    /// columns that left re-enter by pricing: the objective equals a fresh whole solve.
    #[test]
    fn a_shrunk_working_set_keeps_the_optimum_and_columns_re_enter_when_needed() {
        for spec in testkit::shapes() {
            let (_tmp, ds) = testkit::generated(spec);
            let (lp, _) = crate::model::build(&ds, &[]);
            let mut m = SiftModel::with_set(lp.clone(), vec![true; lp.num_cols()], None).unwrap();
            let first = m.solve(false).unwrap();
            let before = m.working_set_len();
            let gone = m.shrink(&first).unwrap();
            assert!(gone > 0 && m.working_set_len() == before - gone);
            let again = m.solve(false).unwrap();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
            assert!(close(again.objective, first.objective));
            // Reverse the weights: the best columns are now mostly ones that left.
            let max = lp.col_cost.iter().fold(0.0f64, |m, c| m.max(*c));
            let cost: Vec<f64> = lp.col_cost.iter().map(|c| max + 1.0 - c).collect();
            m.set_costs(&cost).unwrap();
            let moved = m.solve(false).unwrap();
            let mut fresh_lp = lp.clone();
            fresh_lp.col_cost = cost;
            let fresh = Highs.solve(&fresh_lp, &SolveOptions::default()).unwrap();
            assert_eq!(fresh.status, SolveStatus::Optimal);
            assert!(close(moved.objective, fresh.objective), "{spec:?}");
        }
    }
}
