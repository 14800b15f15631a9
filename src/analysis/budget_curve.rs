//! The budget curve: the optimal objective as a function of a scale on offer capacities
//! (all offers together, or one partner kind's), computed exactly at its breakpoints.
//!
//! The optimum v(s) of the coverage LP with offer capacities `s · amount` is piecewise linear and
//! concave in `s`, and it is the sum of the blocks' own curves (blocks share no row). Each
//! block's curve is traced by the sandwich method (Eisner and Severance): every warm re-solve at
//! a scale gives v(s) and, from its row duals, a line above the whole curve (the dual plan stays
//! feasible when capacities move, so v(t) ≤ v(s) + slope · (t − s) with slope = Σ dual · amount
//! over the scaled rows). Between two solved scales whose lines differ, the lines cross at one
//! scale; solving there either meets the crossing (the curve is the two lines, with one
//! breakpoint) or gives a new line, and both halves are traced again. The evaluated scales hold
//! every breakpoint; those where the curve does not bend are dropped.

use super::sandwich::{Eval, SCALE_TOLERANCE, agree, sandwich};
use crate::dataset::{Dataset, OfferId};
use crate::model::RowTag;
use crate::plan::Solved;
use crate::solver::resolve::{ResolveModel, SiftModel};
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};

/// The curve runs from scale 0 to this (200% of every scaled capacity).
pub const MAX_SCALE: f64 = 2.0;
pub use super::sandwich::VALUE_TOLERANCE;
/// The curve is traced between this many evenly spaced scales, in order (more seeds mean more
/// re-solves but shorter moves between them: 16, 64 and 128 took 16.3 s, 12.9 s and 11.9 s at
/// dense M, 8.2 s and 6.2 s at M for 16 and 128, and 0.62 s and 0.76 s on BRS; single runs).
const SEEDS: usize = 128;

/// Which scopes the budget curve covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CurveScopes {
    /// No curve (what-if scenario and policy folders).
    #[default]
    None,
    /// All offers scaled together (`taplan plan`'s default).
    All,
    /// All offers, then each partner kind alone.
    AllAndKinds,
}

/// One breakpoint of a curve.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    /// "all", or "kind:`partner kind`" when only that kind's offers are scaled.
    pub scope: String,
    pub scale: f64,
    /// Total capacity of all offers at this point.
    pub budget: f64,
    pub objective: f64,
    /// Objective gained per plan unit of budget from this breakpoint to the next (None on the
    /// last point of a scope, or when the scope has no capacity to scale).
    pub slope: Option<f64>,
}

/// The objective of a scope's curve at `scale`, interpolated exactly between its breakpoints
/// (None outside [0, MAX_SCALE] or for an unknown scope).
pub fn value_at(curve: &[CurvePoint], scope: &str, scale: f64) -> Option<f64> {
    let pts: Vec<&CurvePoint> = curve.iter().filter(|p| p.scope == scope).collect();
    let k = pts
        .iter()
        .rposition(|p| p.scale <= scale + SCALE_TOLERANCE)?;
    let p = pts[k];
    if (p.scale - scale).abs() <= SCALE_TOLERANCE {
        return Some(p.objective);
    }
    let q = pts.get(k + 1)?;
    Some(p.objective + (q.objective - p.objective) * (scale - p.scale) / (q.scale - p.scale))
}

/// The curves of `scopes`, scope by scope ("all", then partner kinds alphabetically).
pub fn budget_curve(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    scopes: CurveScopes,
) -> Result<Vec<CurvePoint>> {
    let mut kinds: Vec<Option<&str>> = vec![None];
    match scopes {
        CurveScopes::None => return Ok(Vec::new()),
        CurveScopes::All => {}
        CurveScopes::AllAndKinds => {
            let mut k: Vec<&str> = ds.partners.iter().map(|p| p.kind.as_str()).collect();
            k.sort();
            k.dedup();
            kinds.extend(k.into_iter().map(Some));
        }
    }
    let mut out = Vec::new();
    for kind in kinds {
        out.extend(scope_curve(cx, ds, solved, kind)?);
    }
    Ok(out)
}

/// The curve of one scope: offers whose partner kind matches (or all) are scaled, others fixed.
pub fn scope_curve(
    cx: &SolveContext,
    ds: &Dataset,
    solved: &Solved,
    kind: Option<&str>,
) -> Result<Vec<CurvePoint>> {
    let lp = &solved.lp;
    let in_scope = |o: OfferId| kind.is_none_or(|k| ds.partner(ds.offer(o).partner).kind == k);
    // The capacity of every scaled row (0 for rows that stay as they are).
    let scaled: Vec<f64> = lp
        .row_tag
        .iter()
        .map(|t| match *t {
            RowTag::Offer(o) if in_scope(o) => ds.offer(o).amount,
            _ => 0.0,
        })
        .collect();
    let mut model = ResolveModel::new(lp, solved.solution.basis.as_ref(), cx.time_limit)?;
    let blocks = model.par_blocks(|rows, m| trace_block(rows, m, &scaled))?;
    let blocks: Vec<Vec<Eval>> = blocks.into_iter().collect::<Result<_>>()?;
    let scope = kind.map_or_else(|| "all".to_string(), |k| format!("kind:{k}"));
    let scoped: f64 = ds
        .offer_ids()
        .filter(|&o| in_scope(o))
        .map(|o| ds.offer(o).amount)
        .sum();
    let fixed = ds.total_capacity() - scoped;
    let points = sum_blocks(&blocks);
    let mut out: Vec<CurvePoint> = points
        .iter()
        .map(|&(scale, objective)| CurvePoint {
            scope: scope.clone(),
            scale,
            budget: fixed + scoped * scale,
            objective,
            slope: None,
        })
        .collect();
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        let step = b.budget - a.budget;
        let slope = (step > 0.0).then(|| (b.objective - a.objective) / step);
        out[k - 1].slope = slope;
    }
    Ok(out)
}

/// A block's scaled rows: the model's row positions and their capacities at scale 1.
struct Scaled<'a> {
    locals: &'a [usize],
    amounts: &'a [f64],
}

/// Re-solve a block at `scale` (capacities of its scaled rows set to scale · amount).
fn evaluate(m: &mut SiftModel, sc: &Scaled, scale: f64) -> Result<Eval> {
    let upper: Vec<f64> = sc.amounts.iter().map(|a| a * scale).collect();
    m.set_row_uppers(sc.locals, &upper)?;
    let sol = m.solve(false)?;
    if sol.status != SolveStatus::Optimal {
        return Err(Error::Solver(format!(
            "budget curve at scale {scale}: {}",
            sol.status.as_str()
        )));
    }
    let y = sol.row_dual.as_deref().unwrap_or(&[]);
    let slope = sc
        .locals
        .iter()
        .zip(sc.amounts)
        .map(|(&r, a)| y.get(r).copied().unwrap_or(0.0) * a)
        .sum();
    Ok(Eval {
        scale,
        value: sol.objective,
        slope,
    })
}

/// The breakpoints of one block's curve over [0, MAX_SCALE] (its rows are the full-LP `rows`).
fn trace_block(rows: &[usize], m: &mut SiftModel, scaled: &[f64]) -> Result<Vec<Eval>> {
    let (locals, amounts): (Vec<usize>, Vec<f64>) = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| scaled[**r] > 0.0)
        .map(|(k, r)| (k, scaled[*r]))
        .unzip();
    let sc = Scaled {
        locals: &locals,
        amounts: &amounts,
    };
    let first = evaluate(m, &sc, 0.0)?;
    if locals.is_empty() {
        // Nothing in this block scales: its curve is flat.
        let last = Eval {
            scale: MAX_SCALE,
            ..first
        };
        return Ok(vec![first, last]);
    }
    // Seeds 1/SEEDS apart, visited upwards, with the sandwich between each pair: every re-solve
    // starts near the last one, so the dual simplex has few pivots to make.
    let mut out = vec![first];
    let mut a = first;
    for k in 1..=SEEDS {
        let b = evaluate(m, &sc, MAX_SCALE * k as f64 / SEEDS as f64)?;
        out.push(b);
        sandwich(&mut |s| evaluate(m, &sc, s), a, b, &mut out)?;
        a = b;
    }
    out.sort_by(|p, q| p.scale.total_cmp(&q.scale));
    Ok(out)
}

/// The sum of the blocks' curves at every scale where one of them was solved, without the
/// scales where the sum does not bend.
fn sum_blocks(blocks: &[Vec<Eval>]) -> Vec<(f64, f64)> {
    let mut scales: Vec<f64> = blocks.iter().flatten().map(|e| e.scale).collect();
    scales.sort_by(f64::total_cmp);
    scales.dedup_by(|b, a| *b - *a <= SCALE_TOLERANCE);
    let sums: Vec<(f64, f64)> = scales
        .iter()
        .map(|&s| (s, blocks.iter().map(|b| interpolate(b, s)).sum()))
        .collect();
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(sums.len());
    for (k, &p) in sums.iter().enumerate() {
        let keep = match (out.last(), sums.get(k + 1)) {
            (Some(&a), Some(&b)) => !agree(a.1 + (b.1 - a.1) * (p.0 - a.0) / (b.0 - a.0), p.1),
            _ => true,
        };
        if keep {
            out.push(p);
        }
    }
    out
}

/// A block's curve at `scale`, between its solved scales.
fn interpolate(evals: &[Eval], scale: f64) -> f64 {
    let k = evals
        .iter()
        .rposition(|e| e.scale <= scale + SCALE_TOLERANCE)
        .unwrap_or(0);
    let a = evals[k];
    match evals.get(k + 1) {
        Some(b) if scale > a.scale + SCALE_TOLERANCE => {
            a.value + (b.value - a.value) * (scale - a.scale) / (b.scale - a.scale)
        }
        _ => a.value,
    }
}
