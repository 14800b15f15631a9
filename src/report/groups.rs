//! The LDC and SIDS section of report.md and report.html: Article 12(5) asks for the needs of
//! least developed countries and small island developing States to be taken into full account,
//! so the plan shows their need, funding, coverage and share of all funding beside the others.

use super::html::{m, p, t, table};
use super::text::{money, pct};
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use std::fmt::Write;

/// One row: a group of Parties and its figures.
struct Row {
    name: &'static str,
    parties: usize,
    need: f64,
    reachable: f64,
    funded: f64,
}

/// Whether a Party with the (LDC, SIDS) flags belongs to a group.
type Member = fn(bool, bool) -> bool;

fn rows(ds: &Dataset, s: &PlanStats) -> (Vec<Row>, f64) {
    let groups: [(&'static str, Member); 4] = [
        ("LDCs", |ldc, _| ldc),
        ("SIDS", |_, sids| sids),
        ("Other Parties (neither)", |ldc, sids| !ldc && !sids),
        ("All Parties", |_, _| true),
    ];
    let total: f64 = s.by_party.iter().map(|g| g.funded).sum();
    let rows = groups
        .iter()
        .map(|(name, member)| {
            let mut row = Row {
                name,
                parties: 0,
                need: 0.0,
                reachable: 0.0,
                funded: 0.0,
            };
            for (party, g) in ds.parties.iter().zip(&s.by_party) {
                if member(party.ldc, party.sids) {
                    row.parties += 1;
                    row.need += g.need;
                    row.reachable += g.reachable_need;
                    row.funded += g.funded;
                }
            }
            row
        })
        .collect();
    (rows, total)
}

fn share(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

const INTRO: &str = "Article 12(5) of the Convention asks that the specific needs of least developed countries and small island developing States be taken fully into account. Coverage here is funded over reachable need (need that some offer may fund); a Party can be both an LDC and a SIDS.";

/// The section as Markdown.
pub fn ldc_sids_md(ds: &Dataset, s: &PlanStats) -> String {
    let (rows, total) = rows(ds, s);
    let mut r = format!(
        "## LDCs and SIDS\n\n{INTRO}\n\n| Group | Parties | Need | Reachable need | Funded | Coverage | Share of all funding |\n|---|---:|---:|---:|---:|---:|---:|\n"
    );
    for x in &rows {
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {} | {} | {} |",
            x.name,
            x.parties,
            money(x.need),
            money(x.reachable),
            money(x.funded),
            pct(share(x.funded, x.reachable)),
            pct(share(x.funded, total))
        );
    }
    r.push('\n');
    r
}

/// The section as HTML.
pub fn ldc_sids_html(ds: &Dataset, s: &PlanStats) -> String {
    let (rows, total) = rows(ds, s);
    let cells: Vec<Vec<(String, Option<f64>)>> = rows
        .iter()
        .map(|x| {
            vec![
                t(x.name),
                (x.parties.to_string(), Some(x.parties as f64)),
                m(x.need),
                m(x.reachable),
                m(x.funded),
                p(share(x.funded, x.reachable)),
                p(share(x.funded, total)),
            ]
        })
        .collect();
    let head = [
        "Group",
        "Parties",
        "Need",
        "Reachable need",
        "Funded",
        "Coverage",
        "Share of all funding",
    ];
    format!(
        "<h2>LDCs and SIDS</h2><p>{}</p>{}",
        super::html::esc(INTRO),
        table(&head, &cells)
    )
}
