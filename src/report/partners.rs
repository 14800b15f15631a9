//! report.md's per-partner summary (report.html renders it from the same text): what each
//! partner offers, what the plan uses and leaves, its delivery channel, and what one more unit
//! of its money is worth where its offers are fully used.

use super::PlanOutput;
use super::programme::channel;
use super::text::{md, money, pct};
use crate::analysis::stats::PlanStats;
use std::fmt::Write;

/// The `## Partners` section.
pub fn partners_md(out: &PlanOutput, s: &PlanStats) -> String {
    let ds = out.ds;
    let k = ds.partners.len();
    let (mut offered, mut used, mut price) = (vec![0.0; k], vec![0.0; k], vec![0.0f64; k]);
    for (i, o) in ds.offers.iter().enumerate() {
        let p = o.partner.index();
        offered[p] += o.amount;
        used[p] += s.used[i];
        if let Some(sens) = out.sensitivity {
            price[p] = price[p].max(sens.offers[i].shadow_price);
        }
    }
    let mut r = String::from("## Partners\n\n");
    let priced = out.sensitivity.is_some();
    let _ = writeln!(
        r,
        "| Partner | Channel | Offered | Used | Unused | Used share |{}\n|---|---|---:|---:|---:|---:|{}",
        if priced { " Best shadow price |" } else { "" },
        if priced { "---:|" } else { "" }
    );
    for (p, partner) in ds.partners.iter().enumerate() {
        let unused = (offered[p] - used[p]).max(0.0);
        let share = if offered[p] > 0.0 {
            used[p] / offered[p]
        } else {
            0.0
        };
        let _ = write!(
            r,
            "| {} | {} | {} | {} | {} | {} |",
            md(&partner.name),
            channel(&partner.kind),
            money(offered[p]),
            money(used[p]),
            money(unused),
            pct(share)
        );
        if priced {
            let _ = write!(r, " {:.4} |", price[p]);
        }
        r.push('\n');
    }
    if priced {
        let _ = writeln!(
            r,
            "\nThe best shadow price is the weighted funding that one more unit of the partner's most valuable offer adds (0 when none of its offers is used up; like every shadow price here it comes from the solver's first answer, see the sensitivity section); times 100,000 / {} it is what an extra 100,000 {} of that offer buys while the price holds (sensitivity/offers.csv gives the range; \"Where an extra 100,000 ... does most good\" below has exact re-solves for the best offers).",
            ds.meta.unit,
            md(&ds.meta.currency)
        );
    }
    r.push('\n');
    r
}
