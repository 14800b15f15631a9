//! The HTML pages: a plan's report.html, a what-if comparison.html and a compare.html.

use super::PlanOutput;
use super::html::{bars, cards, esc, lines, lines_marked, lorenz, m, p, page, t, table};
use super::text::{money, pct};
use crate::analysis::budget_curve::CurvePoint;
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use crate::plan::Plan;
use std::fmt::Write;

/// report.html of a plan folder.
pub fn plan_html(out: &PlanOutput, s: &PlanStats) -> String {
    let mut b = live_sections(out.ds, out.plan, out.policy, s);
    b.push_str(&super::groups::ldc_sids_html(out.ds, s));
    // Every other section of report.md, from the same text.
    let drawn = [
        "Coverage by",
        "LDCs and SIDS",
        "One plan among",
        "The 10 worst-off",
    ];
    b.push_str(&super::md_html::sections_html(
        &super::full_report_md(out, s),
        &drawn,
    ));
    budget_curve_section(&mut b, out);
    if out.canonical.is_some() {
        b.push_str(&super::ranges::canonical_html(out.ds, s, out.ranges()));
    }
    b.push_str(&super::accounts::accounts_html(out, s));
    b.push_str(&parties_table(out, s));
    b.push_str(&offers_table(out, s));
    page(
        &format!("Technical assistance plan: {}", out.ds.meta.name),
        &b,
    )
}

/// The sections `taplan serve`'s page re-renders after each change, as report.html shows them:
/// the headline cards, coverage by region and theme, the Party ranking and the Lorenz curve.
pub fn live_sections(ds: &Dataset, plan: &Plan, policy: &str, s: &PlanStats) -> String {
    let mut b = headline(ds, plan, policy, s);
    coverage_section(&mut b, ds, s);
    b
}

/// The headline cards and the note on policy, solver and unit.
fn headline(ds: &Dataset, plan: &Plan, policy: &str, s: &PlanStats) -> String {
    let share = if s.total_need > 0.0 {
        s.total_allocated / s.total_need
    } else {
        0.0
    };
    let mut b = cards(&[
        ("Need", money(s.total_need)),
        ("Available", money(s.total_capacity)),
        ("Allocated", money(s.total_allocated)),
        ("Share of need met", pct(share)),
        ("Weighted coverage", pct(s.weighted_coverage)),
    ]);
    let _ = write!(
        b,
        "<p class=\"note\">Policy <code>{}</code>, solver {}, status {}. Amounts in the plan's unit ({} {}). Figures are illustrative where the dataset says so.</p>",
        esc(policy),
        plan.solver,
        plan.status.as_str(),
        ds.meta.unit,
        esc(&ds.meta.currency)
    );
    b
}

/// Coverage by region and theme, the Party ranking and the Lorenz curve.
fn coverage_section(b: &mut String, ds: &Dataset, s: &PlanStats) {
    b.push_str("<h2>Coverage by region and theme</h2>");
    let regions: Vec<(String, f64)> = ds
        .region_labels()
        .zip(&s.by_region)
        .map(|(r, g)| (r.to_string(), g.coverage()))
        .collect();
    b.push_str(&bars("Coverage by region (funded / need)", &regions, true));
    let themes: Vec<(String, f64)> = ds
        .themes
        .iter()
        .zip(&s.by_theme)
        .map(|(th, g)| (th.name.clone(), g.coverage()))
        .collect();
    b.push_str(&bars("Coverage by theme (funded / need)", &themes, true));
    let cov: Vec<(usize, f64)> = (0..ds.parties.len())
        .filter(|&i| s.by_party[i].reachable_need > 0.0)
        .map(|i| (i, s.by_party[i].funded / s.by_party[i].reachable_need))
        .collect();
    let mut ranked = cov.clone();
    ranked.sort_by(|a, c| c.1.total_cmp(&a.1).then(a.0.cmp(&c.0)));
    b.push_str("<h2>Party ranking, by region</h2><p class=\"note\">Coverage is funded over reachable need; (LDC) and (SIDS) mark least developed countries and small island developing States.</p>");
    for (r, region) in ds.region_labels().enumerate() {
        let rank: Vec<(String, f64)> = ranked
            .iter()
            .filter(|&&(i, _)| ds.parties[i].region.index() == r)
            .map(|&(i, c)| (party_label(&ds.parties[i]), c))
            .collect();
        if !rank.is_empty() {
            let title = format!("Party coverage in {region}, highest first");
            b.push_str(&bars(&title, &rank, true));
        }
    }
    b.push_str("<h2>Distribution</h2>");
    let values: Vec<f64> = cov.iter().map(|x| x.1).collect();
    b.push_str(&lines(
        "Lorenz curve of Party coverage",
        "share of Parties",
        "share of total coverage",
        &[
            ("this plan".into(), lorenz(&values)),
            ("equality".into(), vec![(0.0, 0.0), (1.0, 1.0)]),
        ],
    ));
}

/// A Party's name in the ranking, marked (LDC) and/or (SIDS).
fn party_label(p: &crate::dataset::Party) -> String {
    let mut label = p.name.clone();
    if p.ldc {
        label.push_str(" (LDC)");
    }
    if p.sids {
        label.push_str(" (SIDS)");
    }
    label
}

/// The budget curve, one line per scope, when it was computed.
fn budget_curve_section(b: &mut String, out: &PlanOutput) {
    b.push_str(&curve_chart(out.curve));
}

/// The budget curve's section: a heading and one line per scope (nothing without points).
pub fn curve_chart(curve: &[CurvePoint]) -> String {
    if curve.is_empty() {
        return String::new();
    }
    let mut scopes: Vec<&str> = Vec::new();
    for pt in curve {
        if !scopes.contains(&pt.scope.as_str()) {
            scopes.push(&pt.scope);
        }
    }
    let series: Vec<(String, Vec<(f64, f64)>)> = scopes
        .iter()
        .map(|sc| {
            let pts = curve.iter().filter(|x| x.scope == *sc);
            (
                sc.to_string(),
                pts.map(|x| (x.scale, x.objective)).collect(),
            )
        })
        .collect();
    let chart = lines_marked(
        "Weighted funding of the best plan as available assistance is scaled (0-200%)",
        (
            "scale of available assistance (1 = the plan's)",
            "weighted funding",
        ),
        &series,
        Some((1.0, "100%: the plan")),
    );
    format!("<h2>Budget curve</h2>{chart}")
}

fn parties_table(out: &PlanOutput, s: &PlanStats) -> String {
    let ds = out.ds;
    let rows: Vec<Vec<(String, Option<f64>)>> = ds
        .parties
        .iter()
        .enumerate()
        .map(|(i, pa)| {
            let g = &s.by_party[i];
            let partners = s.partners_by_party[i];
            vec![
                t(pa.code.clone()),
                t(pa.name.clone()),
                t(ds.region_label(pa.region)),
                m(g.need),
                m(g.funded),
                p(g.coverage()),
                (partners.to_string(), Some(partners as f64)),
            ]
        })
        .collect();
    let head = [
        "Party", "Name", "Region", "Need", "Funded", "Coverage", "Partners",
    ];
    format!("<h2>Parties</h2>{}", table(&head, &rows))
}

fn offers_table(out: &PlanOutput, s: &PlanStats) -> String {
    let ds = out.ds;
    let rows: Vec<Vec<(String, Option<f64>)>> = ds
        .offers
        .iter()
        .enumerate()
        .map(|(i, o)| {
            vec![
                t(o.code.clone()),
                t(ds.partner(o.partner).name.clone()),
                t(ds.period_name(o.period)),
                m(o.amount),
                m(s.used[i]),
                m((o.amount - s.used[i]).max(0.0)),
            ]
        })
        .collect();
    let head = ["Offer", "Partner", "Period", "Capacity", "Used", "Unused"];
    format!("<h2>Offers</h2>{}", table(&head, &rows))
}

/// A simple page of a headline table and bars, for what-if and compare outputs.
pub fn summary_page(
    title: &str,
    intro: &str,
    charts: &[String],
    headers: &[&str],
    rows: &[Vec<(String, Option<f64>)>],
) -> String {
    let mut b = format!("<p>{}</p>", esc(intro));
    for c in charts {
        b.push_str(c);
    }
    b.push_str(&table(headers, rows));
    page(title, &b)
}
