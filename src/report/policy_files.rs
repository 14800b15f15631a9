//! Extra files of a policy plan folder: shortfalls.csv, carry_over.csv, deferred.csv.

use super::table::{Cell, Table};
use crate::dataset::Dataset;
use crate::policy::PolicyOutcome;

/// A policy's extra tables (file, sheet, table): shortfalls.csv when floors were not met,
/// carry_over.csv and deferred.csv when money moved between biennia.
pub fn tables(ds: &Dataset, o: &PolicyOutcome) -> Vec<(&'static str, &'static str, Table)> {
    let mut out = Vec::new();
    if !o.shortfalls.is_empty() {
        out.push(("shortfalls.csv", "shortfalls", shortfalls_table(o)));
    }
    if !o.carry_over.is_empty() || !o.deferred.is_empty() {
        out.push(("carry_over.csv", "carry over", carry_over_table(ds, o)));
        out.push(("deferred.csv", "deferred", deferred_table(ds, o)));
    }
    out
}

pub fn shortfalls_table(o: &PolicyOutcome) -> Table {
    let mut t = Table::new(&["constraint", "required", "achieved", "shortfall"]);
    for s in &o.shortfalls {
        t.push(vec![
            Cell::text(&s.constraint),
            Cell::Num(s.required),
            Cell::Num(s.achieved),
            Cell::Num(s.shortfall),
        ]);
    }
    t
}

pub fn carry_over_table(ds: &Dataset, o: &PolicyOutcome) -> Table {
    let mut t = Table::new(&["from_offer", "to_offer", "partner", "amount"]);
    for c in &o.carry_over {
        t.push(vec![
            Cell::text(&ds.offer(c.from).code),
            Cell::text(&ds.offer(c.to).code),
            Cell::text(&ds.partner(ds.offer(c.from).partner).code),
            Cell::Num(c.amount),
        ]);
    }
    t
}

/// deferred.csv: the need's own period; the offer is from the next one.
pub fn deferred_table(ds: &Dataset, o: &PolicyOutcome) -> Table {
    let mut t = Table::new(&["offer", "partner", "party", "theme", "period", "amount"]);
    for d in &o.deferred {
        let (of, n) = (ds.offer(d.offer), ds.need(d.need));
        t.push(vec![
            Cell::text(&of.code),
            Cell::text(&ds.partner(of.partner).code),
            Cell::text(&ds.party(n.party).code),
            Cell::text(&ds.theme(n.theme).code),
            Cell::text(ds.period_name(n.period)),
            Cell::Num(d.amount),
        ]);
    }
    t.sort_by_text();
    t
}
