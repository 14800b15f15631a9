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

#[cfg(test)]
mod tests {
    use super::offers_table;
    use crate::analysis::stats::PlanStats;
    use crate::dataset::{NeedId, OfferId};
    use crate::plan::{Allocation, Plan};
    use crate::solver::SolveStatus;
    use crate::testkit;

    /// An offer of 3 used 2.000000000004 is written as used 2, so its utilisation reads 2 / 3 as
    /// written (0.666666666667), not the unrounded quotient's 0.666666666668.
    #[test]
    fn utilisation_is_the_quotient_of_the_figures_as_written() {
        let ds = testkit::one_period(
            &["A"],
            &["t"],
            "party,theme,period,amount\nA,t,P1,10\n",
            "offer,partner,period,amount,themes,regions,parties\nX,g,P1,3,*,*,A\n",
        );
        let plan = Plan {
            status: SolveStatus::Optimal,
            allocations: vec![Allocation {
                offer: OfferId(0),
                need: NeedId(0),
                amount: 2.000000000004,
            }],
            objective: 0.0,
            solver_objective: 0.0,
            solver: "test",
            iterations: 0,
            build_seconds: 0.0,
            solve_seconds: 0.0,
        };
        let t = offers_table(&ds, &PlanStats::new(&ds, &plan));
        let col = |name: &str| t.headers.iter().position(|h| h == name).unwrap();
        let row = &t.rows[0];
        assert_eq!(row[col("used")].csv(), "2");
        assert_eq!(row[col("utilisation")].csv(), "0.666666666667");
    }
}
