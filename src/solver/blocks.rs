//! Structure-aware solving: an LP whose constraint matrix splits into independent blocks
//! (e.g. one per period, or per connected component of the offer-need eligibility graph) is
//! solved block by block in parallel and merged exactly. This is the one place where solves run
//! in parallel; results are merged in block order, so they do not depend on the thread count.

use super::sifting::SiftModel;
use super::{Backend, Basis, LpSolution, Ranging, SolveOptions, SolveStatus};
use crate::Result;
use crate::model::LinearProgram;
use petgraph::unionfind::UnionFind;
use rayon::prelude::*;

/// One independent block: a sub-LP and where its columns and rows sit in the full LP.
#[derive(Debug, Clone)]
pub struct Block {
    pub lp: LinearProgram,
    pub cols: Vec<usize>,
    pub rows: Vec<usize>,
}

/// Split `lp` into the connected components of its row-column graph, ordered by their first
/// column. Empty rows become their own blocks with no columns.
pub fn split(lp: &LinearProgram) -> Vec<Block> {
    let (n, m) = (lp.num_cols(), lp.num_rows());
    let mut uf = UnionFind::<usize>::new(n + m);
    for j in 0..n {
        for (i, _) in lp.column(j) {
            uf.union(j, n + i);
        }
    }
    let mut block_of_root = vec![usize::MAX; n + m];
    let mut blocks: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for v in 0..n + m {
        let root = uf.find(v);
        if block_of_root[root] == usize::MAX {
            block_of_root[root] = blocks.len();
            blocks.push((Vec::new(), Vec::new()));
        }
        let b = &mut blocks[block_of_root[root]];
        if v < n { b.0.push(v) } else { b.1.push(v - n) }
    }
    blocks
        .into_iter()
        .map(|(cols, rows)| Block {
            lp: sub_lp(lp, &cols, &rows),
            cols,
            rows,
        })
        .collect()
}

/// The sub-LP of columns `cols` and rows `rows` (entries outside `rows` must not occur).
pub(super) fn sub_lp(lp: &LinearProgram, cols: &[usize], rows: &[usize]) -> LinearProgram {
    let mut local_row = std::collections::HashMap::with_capacity(rows.len());
    for (k, &r) in rows.iter().enumerate() {
        local_row.insert(r, k);
    }
    let mut a_start = Vec::with_capacity(cols.len() + 1);
    let (mut a_index, mut a_value) = (Vec::new(), Vec::new());
    a_start.push(0);
    for &j in cols {
        for (i, v) in lp.column(j) {
            a_index.push(local_row[&i]);
            a_value.push(v);
        }
        a_start.push(a_index.len());
    }
    let pick = |v: &[f64], idx: &[usize]| idx.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    LinearProgram {
        col_cost: pick(&lp.col_cost, cols),
        col_lower: pick(&lp.col_lower, cols),
        col_upper: pick(&lp.col_upper, cols),
        col_tag: cols.iter().map(|&j| lp.col_tag[j]).collect(),
        row_lower: pick(&lp.row_lower, rows),
        row_upper: pick(&lp.row_upper, rows),
        row_tag: rows.iter().map(|&i| lp.row_tag[i]).collect(),
        a_start,
        a_index,
        a_value,
    }
}

/// A back end that splits the LP into blocks and solves them in parallel with `inner`.
pub struct Blocks<B: Backend>(pub B);

impl<B: Backend> Backend for Blocks<B> {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn solve(&self, lp: &LinearProgram, opts: &SolveOptions) -> Result<LpSolution> {
        let blocks = split(lp);
        let solutions: Vec<Result<LpSolution>> = blocks
            .par_iter()
            .map(|b| {
                let mut o = opts.clone();
                o.warm_start = opts.warm_start.as_ref().map(|w| Basis {
                    col_status: b.cols.iter().map(|&j| w.col_status[j]).collect(),
                    row_status: b.rows.iter().map(|&i| w.row_status[i]).collect(),
                });
                self.0.solve(&b.lp, &o)
            })
            .collect();
        let solutions: Vec<LpSolution> = solutions.into_iter().collect::<Result<_>>()?;
        Ok(merge(lp.num_cols(), lp.num_rows(), &blocks, solutions))
    }
}

/// Put block solutions back into full-LP positions; the first non-optimal status wins.
pub fn merge(n: usize, m: usize, blocks: &[Block], solutions: Vec<LpSolution>) -> LpSolution {
    let seconds = solutions.iter().map(|s| s.seconds).sum();
    if let Some(bad) = solutions.iter().find(|s| s.status != SolveStatus::Optimal) {
        return LpSolution::without_values(bad.status.clone(), seconds);
    }
    let mut out = LpSolution {
        status: SolveStatus::Optimal,
        objective: solutions.iter().map(|s| s.objective).sum(),
        x: vec![0.0; n],
        row_dual: Some(vec![0.0; m]),
        col_dual: Some(vec![0.0; n]),
        basis: Some(Basis {
            col_status: vec![0; n],
            row_status: vec![1; m],
        }),
        ranging: Some(Ranging {
            col_cost_low: vec![0.0; n],
            col_cost_high: vec![0.0; n],
            row_bound_low: vec![0.0; m],
            row_bound_high: vec![0.0; m],
        }),
        iterations: solutions.iter().map(|s| s.iterations).sum(),
        seconds,
    };
    for (b, s) in blocks.iter().zip(solutions) {
        scatter(&mut out.x, &b.cols, &s.x);
        match (&mut out.row_dual, &s.row_dual) {
            (Some(d), Some(src)) => scatter(d, &b.rows, src),
            (d, _) => *d = None,
        }
        match (&mut out.col_dual, &s.col_dual) {
            (Some(d), Some(src)) => scatter(d, &b.cols, src),
            (d, _) => *d = None,
        }
        match (&mut out.basis, &s.basis) {
            (Some(d), Some(src)) => {
                scatter(&mut d.col_status, &b.cols, &src.col_status);
                scatter(&mut d.row_status, &b.rows, &src.row_status);
            }
            (d, _) => *d = None,
        }
        match (&mut out.ranging, &s.ranging) {
            (Some(d), Some(src)) => {
                scatter(&mut d.col_cost_low, &b.cols, &src.col_cost_low);
                scatter(&mut d.col_cost_high, &b.cols, &src.col_cost_high);
                scatter(&mut d.row_bound_low, &b.rows, &src.row_bound_low);
                scatter(&mut d.row_bound_high, &b.rows, &src.row_bound_high);
            }
            (Some(d), None) if b.cols.is_empty() => {
                // A block of empty rows: slack, zero dual, any bound >= 0 keeps it so.
                for &r in &b.rows {
                    d.row_bound_low[r] = 0.0;
                    d.row_bound_high[r] = f64::INFINITY;
                }
            }
            (d, _) => *d = None,
        }
    }
    out
}

fn scatter<T: Copy>(dest: &mut [T], idx: &[usize], src: &[T]) {
    for (&i, &v) in idx.iter().zip(src) {
        dest[i] = v;
    }
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
    pub fn new(lp: &LinearProgram, basis: Option<&Basis>) -> Result<Self> {
        let mut blocks = split(lp);
        let mut row_home = vec![(0, 0); lp.num_rows()];
        let mut models = Vec::with_capacity(blocks.len());
        for (k, b) in blocks.iter_mut().enumerate() {
            for (local, &r) in b.rows.iter().enumerate() {
                row_home[r] = (k, local);
            }
            let local = basis.map(|w| Basis {
                col_status: b.cols.iter().map(|&j| w.col_status[j]).collect(),
                row_status: b.rows.iter().map(|&i| w.row_status[i]).collect(),
            });
            // The model keeps the block's LP; the block keeps only its column and row maps.
            models.push(SiftModel::new(std::mem::take(&mut b.lp), local.as_ref())?);
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

    /// Re-solve the changed blocks (in parallel) and return the merged solution: primal values
    /// only, or with `full` also duals, basis and ranging (then every block is re-run once).
    pub fn run(&mut self, full: bool) -> Result<LpSolution> {
        if full {
            self.dirty.iter_mut().for_each(|d| *d = true);
        }
        let work: Vec<(usize, &mut SiftModel)> = self
            .models
            .iter_mut()
            .enumerate()
            .filter(|(k, _)| self.dirty[*k])
            .collect();
        let solved: Vec<(usize, Result<LpSolution>)> = work
            .into_par_iter()
            .map(|(k, m)| (k, m.solve(full)))
            .collect();
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
