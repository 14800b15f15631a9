//! comparison.html: every scenario with what it changes (as Excel's Scenario Manager shows a
//! scenario's changing cells beside its results), the comparison table and chart, and each
//! scenario's winners and losers by Party, region and theme, in amounts and percent.

use super::html::{bars, esc, m, p, t, table};
use super::text::{money, pct};
use super::whatif::{Compared, Funding, vs_base};
use crate::analysis::metrics::PlanMetrics;
use crate::dataset::Dataset;
use std::fmt::Write;

/// How many Parties gain and lose most are listed per scenario.
const TOP_PARTIES: usize = 10;

pub fn comparison_html(
    base: &Dataset,
    base_metrics: &PlanMetrics,
    base_funding: &Funding,
    rows: &[Compared],
) -> String {
    let rel: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|c| {
            let m = &c.result.as_ref().ok()?.0;
            Some((c.name.clone(), m.weighted_coverage))
        })
        .collect();
    let mut body = format!(
        "<p>Base plan: weighted coverage {}, {} allocated, lowest Party coverage {}.</p>",
        pct(base_metrics.weighted_coverage),
        money(base_metrics.total_allocated),
        pct(base_metrics.min_party_coverage)
    );
    body.push_str(&bars("Weighted coverage by scenario", &rel, true));
    body.push_str(&scenario_table(base_metrics, rows));
    if rows.iter().any(|c| c.reweights) {
        body.push_str("<p class=\"note\">Scenarios that set weights or priorities value the same money differently, so their objective does not compare with the base's (n/a): compare their coverage columns.</p>");
    }
    for c in rows {
        body.push_str(&scenario_section(base, base_funding, c));
    }
    super::html::page(&format!("What-if comparison: {}", base.meta.name), &body)
}

/// One row per scenario: what it changes beside its results.
fn scenario_table(base_metrics: &PlanMetrics, rows: &[Compared]) -> String {
    let head = [
        "Scenario",
        "Changes",
        "Path",
        "Objective vs base",
        "Allocated",
        "Weighted coverage",
        "Lowest Party",
        "LDC",
        "SIDS",
        "Same shape",
    ];
    let cells: Vec<Vec<(String, Option<f64>)>> = rows
        .iter()
        .map(|c| {
            let changes = changes(c);
            match &c.result {
                Ok((mm, _)) => vec![
                    t(c.name.clone()),
                    t(changes),
                    t(c.path),
                    t(vs_base(c, mm, base_metrics)),
                    m(mm.total_allocated),
                    p(mm.weighted_coverage),
                    p(mm.min_party_coverage),
                    p(mm.ldc_coverage),
                    p(mm.sids_coverage),
                    t(if c.same_shape { "yes" } else { "no" }),
                ],
                Err(e) => [t(c.name.clone()), t(changes), t("failed"), t(e.clone())]
                    .into_iter()
                    .chain(std::iter::repeat_with(|| t("")).take(6))
                    .collect(),
            }
        })
        .collect();
    table(&head, &cells)
}

/// The scenario's description and its edits in words.
fn changes(c: &Compared) -> String {
    let mut parts = Vec::new();
    if !c.description.is_empty() {
        parts.push(c.description.clone());
    }
    parts.extend(c.edits.iter().cloned());
    parts.join("; ")
}

/// A scenario's winners and losers against the base.
fn scenario_section(base: &Dataset, b: &Funding, c: &Compared) -> String {
    let mut h = format!("<h2>{}</h2><p>{}</p>", esc(&c.name), esc(&changes(c)));
    let Ok((_, f)) = &c.result else {
        return h;
    };
    let parties: Vec<&str> = base.parties.iter().map(|p| p.name.as_str()).collect();
    let themes: Vec<&str> = base.themes.iter().map(|t| t.name.as_str()).collect();
    let regions: Vec<&str> = base.region_labels().collect();
    let mut party = moves(&parties, &b.party, &f.party);
    if party.len() > 2 * TOP_PARTIES {
        // The most gained and the most lost.
        let losers = party.split_off(party.len() - TOP_PARTIES);
        party.truncate(TOP_PARTIES);
        party.extend(losers);
    }
    let any = !party.is_empty();
    for (title, rows) in [
        ("Parties that gain and lose most", party),
        ("Regions", moves(&regions, &b.region, &f.region)),
        ("Themes", moves(&themes, &b.theme, &f.theme)),
    ] {
        if !rows.is_empty() {
            let _ = write!(h, "<h3>{title}</h3>");
            h.push_str(&table(
                &["", "Base", "Scenario", "Change", "Change %"],
                &rows,
            ));
        }
    }
    if !any {
        h.push_str("<p>No Party's funding changes.</p>");
    }
    h
}

/// Rows of groups whose funding changed (by more than 1e-6), largest gain first.
fn moves(names: &[&str], base: &[f64], now: &[f64]) -> Vec<Vec<(String, Option<f64>)>> {
    let mut d: Vec<(f64, usize)> = (0..names.len().min(base.len()).min(now.len()))
        .map(|i| (now[i] - base[i], i))
        .filter(|x| x.0.abs() > 1e-6)
        .collect();
    d.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    d.into_iter()
        .map(|(delta, i)| {
            let percent = if base[i] > 0.0 {
                p(delta / base[i])
            } else {
                t("new")
            };
            vec![t(names[i]), m(base[i]), m(now[i]), m(delta), percent]
        })
        .collect()
}
