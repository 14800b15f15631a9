//! plan.xlsx's `sensitivity` sheet, laid out like Excel Solver's Sensitivity Report, which
//! planners know: "Variable Cells" (one per offer-need pair: final value, reduced cost,
//! objective coefficient, allowable increase and decrease), then "Constraints" (offers, needs
//! and per-Party caps: final value, shadow price, right-hand side, allowable increase and
//! decrease). Infinite ranges are written 1E+30, as Solver does.

use super::write_number;
use crate::Result;
use crate::analysis::sensitivity::{EdgeSens, RowSens, Sensitivity};
use crate::dataset::Dataset;
use rust_xlsxwriter::{Format, Worksheet};

/// The most rows a worksheet holds.
pub const SHEET_ROWS: usize = 1_048_576;
/// Solver's infinity.
const INFINITY: f64 = 1e30;

/// The pairs to list when not all fit in `room` rows: every pair with money, then the unused
/// pairs with the highest reduced cost (the nearest to entering), in their original order.
pub fn pick_pairs(edges: &[EdgeSens], room: usize) -> Vec<usize> {
    if edges.len() <= room {
        return (0..edges.len()).collect();
    }
    let used = |e: &EdgeSens| e.amount > crate::plan::ZERO_TOLERANCE;
    let mut keep: Vec<usize> = (0..edges.len()).filter(|&i| used(&edges[i])).collect();
    let mut unused: Vec<usize> = (0..edges.len()).filter(|&i| !used(&edges[i])).collect();
    unused.sort_by(|&a, &b| {
        edges[b]
            .reduced_cost
            .total_cmp(&edges[a].reduced_cost)
            .then(a.cmp(&b))
    });
    keep.extend(unused.into_iter().take(room.saturating_sub(keep.len())));
    keep.truncate(room);
    keep.sort_unstable();
    keep
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else if x.is_nan() {
        0.0
    } else {
        INFINITY.copysign(x)
    }
}

/// Allowable increase and decrease of `value` within [low, high].
fn allowable(value: f64, low: f64, high: f64) -> (f64, f64) {
    (finite(high - value), finite(value - low))
}

/// Write the report on `ws`.
pub fn solver_sheet(ws: &mut Worksheet, ds: &Dataset, s: &Sensitivity) -> Result<()> {
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("0.000");
    let amount = Format::new().set_num_format("#,##0.0");
    ws.write_string_with_format(0, 0, "taplan Sensitivity Report", &bold)?;
    ws.write_string(1, 0, "Laid out like Excel Solver's Sensitivity Report. Objective: maximise weighted coverage (Party x theme x priority weight x effectiveness per unit). Final values are the canonical plan's; reduced costs, shadow prices and allowable ranges describe the first stage's optimal basis (docs/canonical-plan.md). 1E+30 means no limit.")?;
    let constraints = constraint_rows(ds, s);
    let room = SHEET_ROWS - constraints.len() - 12;
    let picked = pick_pairs(&s.edges, room);
    let mut row = 3u32;
    if picked.len() < s.edges.len() {
        ws.write_string(2, 0, format!("{} of {} offer-need pairs shown: every pair with money, then the unused pairs nearest to entering (highest reduced cost); sensitivity/edges.csv has them all.", picked.len(), s.edges.len()))?;
    }
    ws.write_string_with_format(row, 0, "Variable Cells", &bold)?;
    row += 1;
    let var_head = [
        "Cell",
        "Name",
        "Final Value",
        "Reduced Cost",
        "Objective Coefficient",
        "Allowable Increase",
        "Allowable Decrease",
    ];
    heading(ws, row, &var_head, &bold)?;
    for &i in &picked {
        row += 1;
        let e = &s.edges[i];
        let n = ds.need(e.need);
        let o = ds.offer(e.offer);
        let (party, theme) = (&ds.party(n.party).code, &ds.theme(n.theme).code);
        let period = ds.period_name(n.period);
        ws.write_string(row, 0, format!("x({}, {party}, {theme}, {period})", o.code))?;
        ws.write_string(
            row,
            1,
            format!(
                "{} to {} for {} in {period}",
                o.code,
                ds.party(n.party).name,
                ds.theme(n.theme).name
            ),
        )?;
        let (up, down) = allowable(e.value, e.obj_low, e.obj_high);
        let final_value = if e.amount > crate::plan::ZERO_TOLERANCE {
            e.amount
        } else {
            0.0
        };
        write_number(ws, row, 2, final_value, Some(&amount))?;
        for (c, x) in [(3, e.reduced_cost), (4, e.value), (5, up), (6, down)] {
            write_number(ws, row, c, x, Some(&num))?;
        }
    }
    row += 2;
    ws.write_string_with_format(row, 0, "Constraints", &bold)?;
    row += 1;
    let con_head = [
        "Cell",
        "Name",
        "Final Value",
        "Shadow Price",
        "Constraint R.H. Side",
        "Allowable Increase",
        "Allowable Decrease",
    ];
    heading(ws, row, &con_head, &bold)?;
    for (cell, name, r) in constraints {
        row += 1;
        ws.write_string(row, 0, cell)?;
        ws.write_string(row, 1, name)?;
        let (up, down) = allowable(r.bound, r.rhs_low, r.rhs_high);
        write_number(ws, row, 2, r.activity, Some(&amount))?;
        write_number(ws, row, 3, r.shadow_price, Some(&num))?;
        write_number(ws, row, 4, r.bound, Some(&amount))?;
        write_number(ws, row, 5, up, Some(&amount))?;
        write_number(ws, row, 6, down, Some(&amount))?;
    }
    for (c, w) in [
        (0, 40.0),
        (1, 60.0),
        (2, 14.0),
        (3, 14.0),
        (4, 20.0),
        (5, 18.0),
        (6, 18.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    Ok(())
}

fn heading(ws: &mut Worksheet, row: u32, cols: &[&str], bold: &Format) -> Result<()> {
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, bold)?;
    }
    Ok(())
}

/// Every offer, need and per-Party cap row: (cell, name, figures).
fn constraint_rows<'a>(ds: &Dataset, s: &'a Sensitivity) -> Vec<(String, String, &'a RowSens)> {
    let mut out = Vec::with_capacity(s.offers.len() + s.needs.len() + s.caps.len());
    for (o, r) in ds.offers.iter().zip(&s.offers) {
        out.push((
            format!("offer({})", o.code),
            format!("capacity of {} ({})", o.code, ds.partner(o.partner).name),
            r,
        ));
    }
    for (n, r) in ds.needs.iter().zip(&s.needs) {
        let (p, t) = (ds.party(n.party), ds.theme(n.theme));
        let period = ds.period_name(n.period);
        out.push((
            format!("need({}, {}, {period})", p.code, t.code),
            format!("need of {} for {} in {period}", p.name, t.name),
            r,
        ));
    }
    for c in &s.caps {
        let (o, p) = (ds.offer(c.offer), ds.party(c.party));
        out.push((
            format!("cap({}, {})", o.code, p.code),
            format!("most {} may give {}", o.code, p.name),
            &c.row,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pick_pairs;
    use crate::analysis::sensitivity::EdgeSens;
    use crate::dataset::{NeedId, OfferId};

    fn edge(amount: f64, reduced_cost: f64) -> EdgeSens {
        EdgeSens {
            offer: OfferId(0),
            need: NeedId(0),
            amount,
            value: 1.0,
            reduced_cost,
            obj_low: 0.0,
            obj_high: 2.0,
        }
    }

    #[test]
    fn a_full_sheet_keeps_every_allocation_then_the_nearest_unused_pairs() {
        let edges = [
            edge(0.0, -3.0),
            edge(5.0, 0.0),
            edge(0.0, -0.5),
            edge(0.0, -1.0),
            edge(2.0, 0.0),
        ];
        assert_eq!(pick_pairs(&edges, 10), vec![0, 1, 2, 3, 4]);
        assert_eq!(pick_pairs(&edges, 3), vec![1, 2, 4]);
        assert_eq!(pick_pairs(&edges, 4), vec![1, 2, 3, 4]);
    }
}
