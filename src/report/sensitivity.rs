//! The sensitivity/ folder: offers.csv, needs.csv, party_caps.csv, edges.csv, budget_curve.csv.

use super::num;
use super::tables::{finish, rec, writer};
use crate::Result;
use crate::analysis::budget_curve::CurvePoint;
use crate::analysis::sensitivity::{EdgeSens, RowSens, Sensitivity};
use crate::dataset::Dataset;

fn range(r: &RowSens) -> [String; 2] {
    [num(r.rhs_low), num(r.rhs_high)]
}

pub fn offers_csv(ds: &Dataset, s: &Sensitivity) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        [
            "offer",
            "partner",
            "period",
            "amount",
            "used",
            "slack",
            "shadow_price",
            "rhs_low",
            "rhs_high",
        ],
    )?;
    for (o, r) in ds.offers.iter().zip(&s.offers) {
        let [lo, hi] = range(r);
        rec(
            &mut w,
            &[
                o.code.clone(),
                ds.partner(o.partner).code.clone(),
                ds.period_name(o.period).into(),
                num(o.amount),
                num(r.activity),
                num((o.amount - r.activity).max(0.0)),
                num(r.shadow_price),
                lo,
                hi,
            ],
        )?;
    }
    finish(w)
}

pub fn needs_csv(ds: &Dataset, s: &Sensitivity) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        [
            "party",
            "theme",
            "period",
            "amount",
            "funded",
            "shadow_price",
            "rhs_low",
            "rhs_high",
        ],
    )?;
    for (n, r) in ds.needs.iter().zip(&s.needs) {
        let [lo, hi] = range(r);
        rec(
            &mut w,
            &[
                ds.party(n.party).code.clone(),
                ds.theme(n.theme).code.clone(),
                ds.period_name(n.period).into(),
                num(n.amount),
                num(r.activity),
                num(r.shadow_price),
                lo,
                hi,
            ],
        )?;
    }
    finish(w)
}

pub fn party_caps_csv(ds: &Dataset, s: &Sensitivity) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        [
            "offer",
            "party",
            "cap",
            "used",
            "shadow_price",
            "rhs_low",
            "rhs_high",
        ],
    )?;
    for c in &s.caps {
        let [lo, hi] = range(&c.row);
        rec(
            &mut w,
            &[
                ds.offer(c.offer).code.clone(),
                ds.party(c.party).code.clone(),
                num(c.row.bound),
                num(c.row.activity),
                num(c.row.shadow_price),
                lo,
                hi,
            ],
        )?;
    }
    finish(w)
}

/// Every eligible pair: used pairs carry obj_low/obj_high, unused ones their reduced cost and
/// `extra_weight_needed` (= -reduced cost). The largest file of a plan (one row per eligible
/// pair), so it is rendered in chunks in parallel, without a string per cell, and joined in order.
pub fn edges_csv(ds: &Dataset, s: &Sensitivity) -> Result<String> {
    const CHUNK: usize = 8192;
    let mut w = writer();
    rec(
        &mut w,
        [
            "offer",
            "party",
            "theme",
            "period",
            "amount",
            "value",
            "reduced_cost",
            "extra_weight_needed",
            "obj_low",
            "obj_high",
        ],
    )?;
    let mut out = finish(w)?;
    let chunks: Vec<&[EdgeSens]> = s.edges.chunks(CHUNK).collect();
    for part in crate::parallel::par_map(None, &chunks, |edges| edge_rows(ds, edges))? {
        out.push_str(&part?);
    }
    Ok(out)
}

fn edge_rows(ds: &Dataset, edges: &[EdgeSens]) -> Result<String> {
    let mut w = writer();
    let mut cells: [String; 6] = Default::default();
    for e in edges {
        let n = ds.need(e.need);
        let used = e.amount > crate::plan::ZERO_TOLERANCE;
        let numbers = [
            if used { e.amount } else { 0.0 },
            e.value,
            e.reduced_cost,
            (-e.reduced_cost).max(0.0),
            e.obj_low,
            e.obj_high,
        ];
        for (k, (cell, x)) in cells.iter_mut().zip(numbers).enumerate() {
            cell.clear();
            if k < 4 || used {
                super::push_num(cell, x);
            }
        }
        let codes = [
            ds.offer(e.offer).code.as_str(),
            ds.party(n.party).code.as_str(),
            ds.theme(n.theme).code.as_str(),
            ds.period_name(n.period),
        ];
        w.write_record(codes.into_iter().chain(cells.iter().map(String::as_str)))?;
    }
    finish(w)
}

pub fn budget_curve_csv(points: &[CurvePoint]) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        [
            "scope",
            "scale",
            "budget",
            "objective",
            "allocated",
            "weighted_coverage",
            "marginal_value",
        ],
    )?;
    for p in points {
        rec(
            &mut w,
            &[
                p.scope.clone(),
                num(p.scale),
                num(p.budget),
                num(p.objective),
                num(p.allocated),
                num(p.weighted_coverage),
                num(p.marginal_value),
            ],
        )?;
    }
    finish(w)
}
