//! The account of the ten worst-off Parties in report.md and report.html: the same sentences
//! `taplan explain` prints, built from the plan in memory.

use super::PlanOutput;
use super::text::{md, money, pct};
use crate::analysis::explain::{Certificate, Inputs, Reason, explain_party, sentence};
use crate::analysis::stats::PlanStats;
use crate::dataset::PartyId;
use std::fmt::Write;

/// How many Parties the account covers.
const WORST: usize = 10;

/// (Party, coverage, sentences for its needs that are not fully funded), worst-off first.
fn accounts(out: &PlanOutput, s: &PlanStats) -> Vec<(PartyId, f64, Vec<String>)> {
    let ds = out.ds;
    let certificate = out.sensitivity.map(|sens| Certificate {
        offer: sens.offers.iter().map(|r| r.shadow_price).collect(),
        need: sens.needs.iter().map(|r| r.shadow_price).collect(),
        cap: sens
            .caps
            .iter()
            .map(|c| ((c.offer.index(), c.party.index()), c.row.shadow_price))
            .collect(),
    });
    let ranges = out.ranges().map(|r| r.party.as_slice());
    let inputs = Inputs {
        ds,
        funded: &s.funded,
        certificate: certificate.as_ref(),
        ranges,
    };
    let mut worst: Vec<(usize, f64)> = (0..ds.parties.len())
        .filter(|&p| s.by_party[p].reachable_need > 0.0)
        .map(|p| (p, s.by_party[p].funded / s.by_party[p].reachable_need))
        .collect();
    worst.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    worst
        .into_iter()
        .take(WORST)
        .map(|(p, cov)| {
            let party = PartyId(p as u32);
            let lines = explain_party(&inputs, party, None, None)
                .iter()
                .filter(|a| a.reason != Reason::FullyFunded)
                .map(|a| sentence(ds, a, &money))
                .collect();
            (party, cov, lines)
        })
        .collect()
}

const INTRO: &str = "Why the Parties with the lowest coverage (funded over reachable need) got what they got, need by need (fully funded needs left out); `taplan explain DATASET PLAN_DIR --party CODE` gives the same account for any Party.";

pub fn accounts_md(out: &PlanOutput, s: &PlanStats) -> String {
    let mut r = format!("## The {WORST} worst-off Parties: why\n\n{INTRO}\n\n");
    for (p, cov, lines) in accounts(out, s) {
        let party = out.ds.party(p);
        let _ = writeln!(
            r,
            "**{}** ({}), {} of reachable need:\n",
            md(&party.name),
            md(&party.code),
            pct(cov)
        );
        for l in lines {
            let _ = writeln!(r, "- {}", md(&l));
        }
        r.push('\n');
    }
    r
}

pub fn accounts_html(out: &PlanOutput, s: &PlanStats) -> String {
    use super::html::esc;
    let mut h = format!(
        "<h2>The {WORST} worst-off Parties: why</h2><p>{}</p>",
        esc(INTRO)
    );
    for (p, cov, lines) in accounts(out, s) {
        let party = out.ds.party(p);
        let _ = write!(
            h,
            "<h3>{} ({}), {} of reachable need</h3><ul>",
            esc(&party.name),
            esc(&party.code),
            pct(cov)
        );
        for l in lines {
            let _ = write!(h, "<li>{}</li>", esc(&l));
        }
        h.push_str("</ul>");
    }
    h
}
