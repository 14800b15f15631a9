//! The sensitivity/ folder: offers.csv, needs.csv, party_caps.csv, edges.csv, budget_curve.csv.

use super::difference;
use super::table::{Cell, Table};
use super::table::{finish, rec, writer};
use crate::Result;
use crate::analysis::budget_curve::CurvePoint;
use crate::analysis::sensitivity::{EdgeSens, RowSens, Sensitivity};
use crate::dataset::Dataset;

/// The shadow price and its range of a row: shadow_price, rhs_low, rhs_high.
fn priced(r: &RowSens) -> [Cell; 3] {
    [
        Cell::Num(r.shadow_price),
        Cell::Num(r.rhs_low),
        Cell::Num(r.rhs_high),
    ]
}

pub fn offers_table(ds: &Dataset, s: &Sensitivity) -> Table {
    let head = [
        "offer",
        "partner",
        "period",
        "amount",
        "used",
        "slack",
        "shadow_price",
        "rhs_low",
        "rhs_high",
    ];
    let mut t = Table::new(&head);
    for (o, r) in ds.offers.iter().zip(&s.offers) {
        let mut row = vec![
            Cell::text(&o.code),
            Cell::text(&ds.partner(o.partner).code),
            Cell::text(ds.period_name(o.period)),
            Cell::Num(o.amount),
            Cell::Num(r.activity),
            Cell::Num(difference(o.amount, r.activity).max(0.0)),
        ];
        row.extend(priced(r));
        t.push(row);
    }
    t
}

pub fn needs_table(ds: &Dataset, s: &Sensitivity) -> Table {
    let mut t = Table::new(&[
        "party",
        "theme",
        "period",
        "amount",
        "funded",
        "shadow_price",
        "rhs_low",
        "rhs_high",
    ]);
    for (n, r) in ds.needs.iter().zip(&s.needs) {
        let mut row = vec![
            Cell::text(&ds.party(n.party).code),
            Cell::text(&ds.theme(n.theme).code),
            Cell::text(ds.period_name(n.period)),
            Cell::Num(n.amount),
            Cell::Num(r.activity),
        ];
        row.extend(priced(r));
        t.push(row);
    }
    t
}

pub fn party_caps_table(ds: &Dataset, s: &Sensitivity) -> Table {
    let mut t = Table::new(&[
        "offer",
        "party",
        "cap",
        "used",
        "shadow_price",
        "rhs_low",
        "rhs_high",
    ]);
    for c in &s.caps {
        let mut row = vec![
            Cell::text(&ds.offer(c.offer).code),
            Cell::text(&ds.party(c.party).code),
            Cell::Num(c.row.bound),
            Cell::Num(c.row.activity),
        ];
        row.extend(priced(&c.row));
        t.push(row);
    }
    t
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

pub fn budget_curve_table(points: &[CurvePoint]) -> Table {
    let head = ["scope", "scale", "budget", "objective", "slope"];
    let mut t = Table::new(&head);
    for p in points {
        t.push(vec![
            Cell::text(&p.scope),
            Cell::Num(p.scale),
            Cell::Num(p.budget),
            Cell::Num(p.objective),
            p.slope.map_or_else(|| Cell::text(""), Cell::Num),
        ]);
    }
    t
}
