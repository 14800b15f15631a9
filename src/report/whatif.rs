//! What-if comparison outputs: comparison.csv, deltas.csv and comparison.md (comparison.html
//! in `whatif_html`).

use super::table::{finish, rec, writer};
use super::text::{money, pct};
use super::{difference, num};
use crate::Result;
use crate::analysis::metrics::PlanMetrics;
use crate::dataset::Dataset;
use std::fmt::Write;

/// One row of the comparison: a named plan (base or scenario) and its metrics, or its failure.
pub struct Compared {
    pub name: String,
    pub description: String,
    pub edits: Vec<String>,
    pub path: &'static str,
    pub result: std::result::Result<(PlanMetrics, Funding), String>,
    pub same_shape: bool,
    /// The scenario sets weights or priorities: its objective is in other units than the
    /// base's, so only coverage figures compare.
    pub reweights: bool,
}

/// Funded amounts by Party, region and theme (dataset order of the base).
#[derive(Debug, Clone, PartialEq)]
pub struct Funding {
    pub party: Vec<f64>,
    pub region: Vec<f64>,
    pub theme: Vec<f64>,
}

impl Funding {
    pub fn of(ds: &Dataset, plan: &crate::plan::Plan) -> Self {
        let g = crate::analysis::stats::GroupSums::of(ds, &plan.funded_by_need(ds));
        Funding {
            party: g.party,
            region: g.region,
            theme: g.theme,
        }
    }
}

pub fn comparison_csv(base: &Dataset, rows: &[Compared]) -> Result<String> {
    let mut w = writer();
    let mut head: Vec<String> = [
        "scenario",
        "status",
        "path",
        "reason",
        "objective",
        "total_allocated",
        "weighted_coverage",
        "share_of_need_met",
        "min_party_coverage",
        "ldc_coverage",
        "sids_coverage",
        "same_shape",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(base.regions.iter().map(|r| format!("coverage_{r}")));
    rec(&mut w, head)?;
    for r in rows {
        let mut cells = vec![r.name.clone()];
        match &r.result {
            Ok((m, _)) => {
                cells.extend(["optimal".to_string(), r.path.to_string(), String::new()]);
                cells.extend(
                    [
                        m.objective,
                        m.total_allocated,
                        m.weighted_coverage,
                        m.share_of_need_met,
                        m.min_party_coverage,
                        m.ldc_coverage,
                        m.sids_coverage,
                    ]
                    .map(num),
                );
                cells.push(r.same_shape.to_string());
                cells.extend(m.region_coverage.iter().map(|&c| num(c)));
            }
            Err(reason) => {
                cells.extend(["failed".to_string(), String::new(), reason.clone()]);
                cells.extend(std::iter::repeat_n(String::new(), 8 + base.regions.len()));
            }
        }
        rec(&mut w, cells)?;
    }
    finish(w)
}

/// One level of deltas.csv: its name, the ids, base funding and scenario funding.
type Level<'a> = (&'a str, Vec<&'a str>, &'a Vec<f64>, &'a Vec<f64>);

/// Per scenario and Party / region / theme: funded in the base, in the scenario, the change.
pub fn deltas_csv(base: &Dataset, base_funding: &Funding, rows: &[Compared]) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        ["scenario", "level", "id", "base_funded", "funded", "delta"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    )?;
    for r in rows {
        let Ok((_, f)) = &r.result else { continue };
        let levels: [Level; 3] = [
            (
                "party",
                base.parties.iter().map(|p| p.code.as_str()).collect(),
                &base_funding.party,
                &f.party,
            ),
            (
                "region",
                base.regions.iter().map(|s| s.as_str()).collect(),
                &base_funding.region,
                &f.region,
            ),
            (
                "theme",
                base.themes.iter().map(|t| t.code.as_str()).collect(),
                &base_funding.theme,
                &f.theme,
            ),
        ];
        for (level, ids, b, s) in levels {
            for (i, id) in ids.iter().enumerate() {
                rec(
                    &mut w,
                    vec![
                        r.name.clone(),
                        level.into(),
                        id.to_string(),
                        num(b[i]),
                        num(s[i]),
                        num(difference(s[i], b[i])),
                    ],
                )?;
            }
        }
    }
    finish(w)
}

pub fn comparison_md(
    base: &Dataset,
    base_metrics: &PlanMetrics,
    base_funding: &Funding,
    rows: &[Compared],
) -> String {
    let mut r = format!(
        "# What-if comparison: {}\n\nBase plan: objective {:.2}, {} allocated, weighted coverage {}, lowest Party coverage {}.\n\n",
        base.meta.name,
        base_metrics.objective,
        money(base_metrics.total_allocated),
        pct(base_metrics.weighted_coverage),
        pct(base_metrics.min_party_coverage)
    );
    scenario_table(&mut r, base_metrics, rows);
    r.push('\n');
    if rows.iter().any(|c| c.reweights) {
        r.push_str("Scenarios that set weights or priorities value the same money differently, so their objective does not compare with the base's (\"n/a\"): compare their coverage columns.\n\n");
    }
    for c in rows {
        let _ = writeln!(r, "## {}\n", c.name);
        if !c.description.is_empty() {
            let _ = writeln!(r, "{}\n", c.description);
        }
        for e in &c.edits {
            let _ = writeln!(r, "- {e}");
        }
        r.push('\n');
        match &c.result {
            Err(reason) => {
                let _ = writeln!(r, "**Failed:** {reason}\n");
            }
            Ok((_, f)) => winners_losers(&mut r, base, base_funding, f, c.same_shape),
        }
    }
    r
}

/// One row per scenario: its headline figures against the base, or why it failed.
fn scenario_table(r: &mut String, base_metrics: &PlanMetrics, rows: &[Compared]) {
    let _ = writeln!(
        r,
        "| Scenario | Weighted funding | vs base | Allocated | Weighted coverage | Min Party coverage | LDC | SIDS | Same shape |\n|---|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    for c in rows {
        match &c.result {
            Ok((m, _)) => {
                let _ = writeln!(
                    r,
                    "| {} | {:.2} | {} | {} | {} | {} | {} | {} | {} |",
                    c.name,
                    m.objective,
                    vs_base(c, m, base_metrics),
                    money(m.total_allocated),
                    pct(m.weighted_coverage),
                    pct(m.min_party_coverage),
                    pct(m.ldc_coverage),
                    pct(m.sids_coverage),
                    if c.same_shape { "yes" } else { "no" }
                );
            }
            Err(reason) => {
                let _ = writeln!(
                    r,
                    "| {} | failed | | | | | | | {} |",
                    c.name,
                    reason.replace('|', "/")
                );
            }
        }
    }
}

/// The objective's change against the base, or why it does not compare.
pub fn vs_base(c: &Compared, m: &PlanMetrics, base: &PlanMetrics) -> String {
    if c.reweights {
        "n/a (weights changed)".into()
    } else {
        format!(
            "{:+.2}%",
            100.0 * (m.objective / base.objective.max(1e-12) - 1.0)
        )
    }
}

fn winners_losers(r: &mut String, base: &Dataset, b: &Funding, f: &Funding, same_shape: bool) {
    let mut d: Vec<(f64, usize)> = (0..base.parties.len())
        .map(|p| (f.party[p] - b.party[p], p))
        .filter(|x| x.0.abs() > 1e-6)
        .collect();
    if d.is_empty() {
        let _ = writeln!(
            r,
            "No Party's funding changes{}.\n",
            if same_shape {
                "; the plan's shape is unchanged"
            } else {
                ""
            }
        );
        return;
    }
    d.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let gains: Vec<String> = d
        .iter()
        .take(5)
        .filter(|x| x.0 > 0.0)
        .map(|(v, p)| format!("{} (+{})", base.parties[*p].name, money(*v)))
        .collect();
    let losses: Vec<String> = d
        .iter()
        .rev()
        .take(5)
        .filter(|x| x.0 < 0.0)
        .map(|(v, p)| format!("{} ({})", base.parties[*p].name, money(*v)))
        .collect();
    if !gains.is_empty() {
        let _ = writeln!(r, "Gains most: {}.", gains.join(", "));
    }
    if !losses.is_empty() {
        let _ = writeln!(r, "Loses most: {}.", losses.join(", "));
    }
    let _ = writeln!(
        r,
        "{}\n",
        if same_shape {
            "The plan's shape (which offer funds which need) is unchanged; only amounts move."
        } else {
            "The plan's shape changes: some offer-need pairings appear or disappear."
        }
    );
}
