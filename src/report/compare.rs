//! Policy comparison outputs: metrics.csv, compare.md, scenario_metrics.csv, robustness.csv.

use super::num;
use super::table::{finish, rec, writer};
use super::text::pct;
use crate::Result;
use crate::analysis::frontier::FrontierPoint;
use crate::analysis::metrics::PlanMetrics;
use crate::dataset::{Dataset, RegionId};
use crate::policy::PolicyOutcome;
use crate::policy::run::PolicyRun;
use std::fmt::Write;

pub(super) const METRICS: [&str; 17] = [
    "objective",
    "weighted_coverage",
    "share_of_need_met",
    "min_party_coverage",
    "p10_party_coverage",
    "gini",
    "theil",
    "ldc_coverage",
    "sids_coverage",
    "ldc_share_of_funds",
    "ldc_share_of_need",
    "sids_share_of_funds",
    "sids_share_of_need",
    "parties_at_zero",
    "fragmentation",
    "unused_capacity",
    "total_allocated",
];

pub(super) fn values(m: &PlanMetrics) -> [f64; 17] {
    [
        m.objective,
        m.weighted_coverage,
        m.share_of_need_met,
        m.min_party_coverage,
        m.p10_party_coverage,
        m.gini,
        m.theil,
        m.ldc_coverage,
        m.sids_coverage,
        m.ldc_share_of_funds,
        m.ldc_share_of_need,
        m.sids_share_of_funds,
        m.sids_share_of_need,
        m.parties_at_zero as f64,
        m.fragmentation,
        m.unused_capacity,
        m.total_allocated,
    ]
}

pub fn metrics_csv(ds: &Dataset, runs: &[PolicyRun]) -> Result<String> {
    let mut w = writer();
    let mut head: Vec<String> = [
        "policy",
        "kind",
        "status",
        "reason",
        "price",
        "price_reference",
        "vs_coverage",
        "binds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(METRICS.iter().map(|s| s.to_string()));
    for r in &ds.regions {
        head.extend([
            format!("coverage_{r}"),
            format!("share_of_funds_{r}"),
            format!("share_of_need_{r}"),
        ]);
    }
    rec(&mut w, head)?;
    for r in runs {
        let mut cells = vec![r.policy.clone(), r.kind.clone()];
        match &r.result {
            Ok((_, m)) => {
                cells.extend([
                    "ok".to_string(),
                    String::new(),
                    num(r.price),
                    r.price_reference.clone(),
                    num(r.vs_coverage),
                    r.binds.to_string(),
                ]);
                cells.extend(values(m).map(num));
                for i in 0..ds.regions.len() {
                    cells.extend([
                        num(m.region_coverage[i]),
                        num(m.region_share_of_funds[i]),
                        num(m.region_share_of_need[i]),
                    ]);
                }
            }
            Err(e) => {
                cells.extend(["failed".to_string(), e.clone()]);
                cells.extend(std::iter::repeat_n(
                    String::new(),
                    4 + METRICS.len() + 3 * ds.regions.len(),
                ));
            }
        }
        rec(&mut w, cells)?;
    }
    finish(w)
}

pub fn compare_md(ds: &Dataset, runs: &[PolicyRun]) -> String {
    let mut r = format!("# Allocation policies compared: {}\n\n", ds.meta.name);
    headline_table(&mut r, runs);
    let _ = writeln!(
        r,
        "\nThe price of a policy is the share of its reference optimum's value it gives up: the coverage optimum, or for a four-year policy the four-year optimum with the same carry-over and deferral and no continuity rule (metrics.csv: `price_reference`; `vs_coverage` compares every plan with the biennial coverage optimum). Party coverage is funded / reachable need.\n\n## Reading\n"
    );
    for line in reading_lines(ds, runs) {
        let _ = writeln!(r, "{line}");
    }
    r.push('\n');
    r
}

/// The reading of every policy against the coverage optimum, one Markdown bullet each (or why
/// there is none); compare.md and compare.html both carry it.
fn reading_lines(ds: &Dataset, runs: &[PolicyRun]) -> Vec<String> {
    let base = runs
        .iter()
        .find(|x| x.kind == "coverage")
        .and_then(|x| x.result.as_ref().ok().map(|(_, m)| m.clone()));
    let Some(b) = base else {
        return vec!["Add the coverage policy to read the others against the optimum.".into()];
    };
    runs.iter()
        .filter(|x| x.kind != "coverage")
        .map(|run| match &run.result {
            Ok((o, m)) => reading(ds, run, o, m, &b),
            Err(e) => format!("- **{}** has no plan: {e}", run.policy),
        })
        .collect()
}

/// Reading lines as an HTML list (`**bold**` kept as bold, everything else escaped).
fn reading_html(lines: &[String]) -> String {
    let mut h = String::from("<h2>Reading</h2><ul class=\"reading\">");
    for line in lines {
        let text = super::html::esc(line.trim_start_matches("- "));
        let mut out = String::new();
        for (i, part) in text.split("**").enumerate() {
            if i % 2 == 1 {
                let _ = write!(out, "<b>{part}</b>");
            } else {
                out.push_str(part);
            }
        }
        let _ = write!(h, "<li>{out}</li>");
    }
    h.push_str("</ul>");
    h
}

/// One row per policy: its headline metrics, or why it has no plan.
fn headline_table(r: &mut String, runs: &[PolicyRun]) {
    let _ = writeln!(
        r,
        "| Policy | Weighted coverage | Price | Lowest Party | 10th pct | Gini | LDC | SIDS | Parties at zero | Unused capacity |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for run in runs {
        let _ = match &run.result {
            Ok((_, m)) => writeln!(
                r,
                "| {} | {} | {} | {} | {} | {:.3} | {} | {} | {} | {} |",
                run.policy,
                pct(m.weighted_coverage),
                pct(run.price),
                pct(m.min_party_coverage),
                pct(m.p10_party_coverage),
                m.gini,
                pct(m.ldc_coverage),
                pct(m.sids_coverage),
                m.parties_at_zero,
                super::text::money(m.unused_capacity)
            ),
            Err(e) => writeln!(
                r,
                "| {} | failed: {} | | | | | | | | |",
                run.policy,
                e.replace('|', "/")
            ),
        };
    }
}

/// How one policy reads against the coverage optimum `b`, in one sentence or three.
fn reading(
    ds: &Dataset,
    run: &PolicyRun,
    o: &PolicyOutcome,
    m: &PlanMetrics,
    b: &PlanMetrics,
) -> String {
    if !run.binds {
        return format!(
            "- **{}**: its rules do not bind on this dataset; its plan is the coverage plan (the same funding for every need).",
            run.policy
        );
    }
    let mut s = format!(
        "- **{}** gives up {} of weighted coverage; the lowest Party coverage goes from {} to {}, LDC coverage from {} to {}, SIDS from {} to {}",
        run.policy,
        pct(run.price),
        pct(b.min_party_coverage),
        pct(m.min_party_coverage),
        pct(b.ldc_coverage),
        pct(m.ldc_coverage),
        pct(b.sids_coverage),
        pct(m.sids_coverage)
    );
    let (gain, lose) = region_moves(ds, b, m);
    if let Some((name, d)) = gain {
        let _ = write!(
            s,
            "; {name} gains most ({:+.1} points of the funds)",
            100.0 * d
        );
    }
    if let Some((name, d)) = lose {
        let _ = write!(s, ", {name} loses most ({:+.1} points)", 100.0 * d);
    }
    s.push('.');
    if run.price_reference != "coverage" {
        let direction = if run.vs_coverage < 0.0 {
            "higher"
        } else {
            "lower"
        };
        let _ = write!(
            s,
            " Its price is measured against {} (the same freedoms to move money between biennia, none of its rules); against the biennial coverage optimum its weighted coverage is {} {direction}.",
            run.price_reference,
            pct(run.vs_coverage.abs()),
        );
    }
    if !o.shortfalls.is_empty() {
        let _ = write!(
            s,
            " {} floors could not be met in full (shortfalls.csv).",
            o.shortfalls.len()
        );
    }
    s
}

/// A region's name and its change in share of funds.
type RegionMove = Option<(String, f64)>;

fn region_moves(ds: &Dataset, b: &PlanMetrics, m: &PlanMetrics) -> (RegionMove, RegionMove) {
    let d: Vec<(f64, usize)> = (0..ds.regions.len())
        .map(|i| (m.region_share_of_funds[i] - b.region_share_of_funds[i], i))
        .collect();
    let max = d
        .iter()
        .copied()
        .filter(|x| x.0 > 1e-4)
        .max_by(|a, c| a.0.total_cmp(&c.0));
    let min = d
        .iter()
        .copied()
        .filter(|x| x.0 < -1e-4)
        .min_by(|a, c| a.0.total_cmp(&c.0));
    (
        max.map(|(v, i)| (ds.region_label(RegionId(i as u32)).to_string(), v)),
        min.map(|(v, i)| (ds.region_label(RegionId(i as u32)).to_string(), v)),
    )
}

/// compare.html: price bars, the Lorenz curve of Party coverage per policy, the metrics table.
pub fn compare_html(ds: &Dataset, runs: &[PolicyRun], frontier: &[FrontierPoint]) -> String {
    use super::html::{bars, m, p, t};
    let ok: Vec<Solved> = runs
        .iter()
        .filter_map(|r| r.result.as_ref().ok().map(|(o, m)| (r, o, m)))
        .collect();
    let coverage: Vec<(String, f64)> = ok
        .iter()
        .map(|(r, _, m)| (r.policy.clone(), m.weighted_coverage))
        .collect();
    let price = bars("Weighted coverage by policy", &coverage, true);
    let rows: Vec<Vec<(String, Option<f64>)>> = ok
        .iter()
        .map(|(r, _, mm)| {
            vec![
                t(r.policy.clone()),
                t(r.kind.clone()),
                m(mm.objective),
                p(r.price),
                p(mm.weighted_coverage),
                p(mm.min_party_coverage),
                (format!("{:.3}", mm.gini), Some(mm.gini)),
                p(mm.ldc_coverage),
                p(mm.sids_coverage),
                m(mm.unused_capacity),
            ]
        })
        .collect();
    let head = [
        "Policy",
        "Kind",
        "Weighted funding",
        "Price",
        "Weighted coverage",
        "Lowest Party",
        "Gini",
        "LDC",
        "SIDS",
        "Unused capacity",
    ];
    super::html_pages::summary_page(
        &format!("Allocation policies compared: {}", ds.meta.name),
        "Price: the share of its reference optimum (coverage, or four-year without continuity) a policy gives up. Party coverage: funded / reachable need.",
        &[
            reading_html(&reading_lines(ds, runs)),
            price,
            super::frontier::frontier_chart(frontier),
            lorenz_chart(ds, &ok),
        ],
        &head,
        &rows,
    )
}

/// A policy run that produced a plan: the run, its outcome and its metrics.
type Solved<'a> = (&'a PolicyRun, &'a PolicyOutcome, &'a PlanMetrics);

/// The Lorenz curve of Party coverage of every policy with a plan, as small multiples: one
/// small chart per policy, its curve against the line of equal coverage (eight curves on one
/// chart hide each other).
fn lorenz_chart(ds: &Dataset, ok: &[Solved]) -> String {
    use super::html::{lines, lorenz};
    let mut out = String::from(
        "<h2>Lorenz curves of Party coverage</h2><p class=\"note\">One chart per policy: the share of total coverage held by the lowest-covered share of Parties (coverage: funded / reachable need). The straighter the curve, the more even the coverage; the dashed line is perfect equality.</p><div class=\"multiples\">",
    );
    for (r, o, _) in ok {
        let s = crate::analysis::stats::PlanStats::new(ds, &o.plan);
        let cov: Vec<f64> = s
            .by_party
            .iter()
            .filter(|g| g.reachable_need > 0.0)
            .map(|g| g.funded / g.reachable_need)
            .collect();
        let series = [
            (r.policy.clone(), lorenz(&cov)),
            ("equality".to_string(), vec![(0.0, 0.0), (1.0, 1.0)]),
        ];
        out.push_str(&lines(
            &format!("Lorenz curve: {}", r.policy),
            "share of Parties",
            "share of total coverage",
            &series,
        ));
    }
    out.push_str("</div>");
    out
}
