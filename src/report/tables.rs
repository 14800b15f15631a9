//! The plan folder's CSV tables: allocation, needs, parties and offers.

use super::table::{Cell, Table};
use super::{difference, ratio};
use crate::analysis::stats::PlanStats;
use crate::canonical::Ranges;
use crate::dataset::Dataset;
use crate::plan::Plan;

/// allocation.csv: offer,partner,party,theme,period,amount, sorted by offer, party, theme, period.
pub fn allocation_table(ds: &Dataset, plan: &Plan) -> Table {
    let mut t = Table::new(&["offer", "partner", "party", "theme", "period", "amount"]);
    for a in &plan.allocations {
        let (o, n) = (ds.offer(a.offer), ds.need(a.need));
        t.push(vec![
            Cell::text(&o.code),
            Cell::text(&ds.partner(o.partner).code),
            Cell::text(&ds.party(n.party).code),
            Cell::text(&ds.theme(n.theme).code),
            Cell::text(ds.period_name(n.period)),
            Cell::Num(a.amount),
        ]);
    }
    t.sort_by_text();
    t
}

/// needs.csv: one row per need, in input order.
pub fn needs_table(ds: &Dataset, s: &PlanStats) -> Table {
    let mut t = Table::new(&[
        "party",
        "theme",
        "period",
        "amount",
        "priority",
        "weight",
        "reachable",
        "funded",
        "unmet",
        "coverage",
    ]);
    for (i, n) in ds.needs.iter().enumerate() {
        let funded = s.funded[i];
        t.push(vec![
            Cell::text(&ds.party(n.party).code),
            Cell::text(&ds.theme(n.theme).code),
            Cell::text(ds.period_name(n.period)),
            Cell::Num(n.amount),
            Cell::Num(n.priority),
            Cell::Num(ds.need_weight(crate::dataset::NeedId(i as u32))),
            Cell::Flag(s.reachable[i]),
            Cell::Num(funded),
            Cell::Num(difference(n.amount, funded).max(0.0)),
            Cell::Num(ratio(funded, n.amount)),
        ]);
    }
    t
}

/// parties.csv: one row per Party, in input order.
/// `funded_low`/`funded_high`: the Party's range over the optimal face (empty without ranges).
pub fn parties_table(ds: &Dataset, s: &PlanStats, ranges: Option<&Ranges>) -> Table {
    let head = [
        "party",
        "name",
        "region",
        "ldc",
        "sids",
        "need",
        "reachable_need",
        "funded",
        "unmet",
        "coverage",
        "partners",
        "funded_low",
        "funded_high",
    ];
    let mut t = Table::new(&head);
    for (i, p) in ds.parties.iter().enumerate() {
        let g = &s.by_party[i];
        let mut row = vec![
            Cell::text(&p.code),
            Cell::text(&p.name),
            Cell::text(ds.region_name(p.region)),
            Cell::Flag(p.ldc),
            Cell::Flag(p.sids),
            Cell::Num(g.need),
            Cell::Num(g.reachable_need),
            Cell::Num(g.funded),
            Cell::Num(difference(g.need, g.funded).max(0.0)),
            Cell::Num(ratio(g.funded, g.need)),
            Cell::Count(s.partners_by_party[i]),
        ];
        match ranges.map(|r| r.party[i]) {
            Some(r) => row.extend([Cell::Num(r.low), Cell::Num(r.high)]),
            None => row.extend([Cell::text(""), Cell::text("")]),
        }
        t.push(row);
    }
    t
}

/// offers.csv: one row per offer, in input order.
pub fn offers_table(ds: &Dataset, s: &PlanStats) -> Table {
    let mut t = Table::new(&[
        "offer",
        "partner",
        "kind",
        "period",
        "capacity",
        "used",
        "unused",
        "utilisation",
    ]);
    for (i, o) in ds.offers.iter().enumerate() {
        let p = ds.partner(o.partner);
        let used = s.used[i];
        t.push(vec![
            Cell::text(&o.code),
            Cell::text(&p.code),
            Cell::text(&p.kind),
            Cell::text(ds.period_name(o.period)),
            Cell::Num(o.amount),
            Cell::Num(used),
            Cell::Num(difference(o.amount, used).max(0.0)),
            Cell::Num(ratio(used, o.amount)),
        ]);
    }
    t
}
