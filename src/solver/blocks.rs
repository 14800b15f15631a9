//! Structure-aware solving: an LP whose constraint matrix splits into independent blocks
//! (e.g. one per period, or per connected component of the offer-need eligibility graph) is
//! solved block by block in parallel (through `crate::parallel`) and merged exactly, in block
//! order, so results do not depend on the thread count.

use super::{Backend, Basis, BasisStatus, LpSolution, Ranging, SolveOptions, SolveStatus};
use crate::Result;
use crate::model::LinearProgram;
use petgraph::unionfind::UnionFind;

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
            lp: lp.sub_lp(&cols, &rows),
            cols,
            rows,
        })
        .collect()
}

/// A back end that splits the LP into blocks and solves them in parallel with `inner`.
pub struct Blocks<B: Backend>(pub B);

impl<B: Backend> Backend for Blocks<B> {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn solve(&self, lp: &LinearProgram, opts: &SolveOptions) -> Result<LpSolution> {
        let blocks = split(lp);
        let solutions = crate::parallel::par_map(None, &blocks, |b| {
            let mut o = opts.clone();
            o.warm_start = opts.warm_start.as_ref().map(|w| w.slice(&b.cols, &b.rows));
            self.0.solve(&b.lp, &o)
        })?;
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
            col_status: vec![BasisStatus::Lower; n],
            row_status: vec![BasisStatus::Basic; m],
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

pub(super) fn scatter<T: Copy>(dest: &mut [T], idx: &[usize], src: &[T]) {
    for (&i, &v) in idx.iter().zip(src) {
        dest[i] = v;
    }
}
