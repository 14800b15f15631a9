//! `compare --scenarios`: every policy under every scenario (scenario_metrics.csv) and the
//! spread of each metric (robustness.csv and its section of compare.md).

use super::compare::{METRICS, values};
use super::num;
use super::table::{finish, rec, writer};
use super::text::pct;
use crate::Result;
use crate::policy::run::ScenarioPolicy;
use std::fmt::Write;

pub fn scenario_metrics_csv(rows: &[ScenarioPolicy]) -> Result<String> {
    let mut w = writer();
    let mut head: Vec<String> = ["scenario", "policy", "status", "reason"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    head.extend(METRICS.iter().map(|s| s.to_string()));
    rec(&mut w, head)?;
    for r in rows {
        let mut cells = vec![r.scenario.clone(), r.policy.clone()];
        match &r.result {
            Ok(m) => {
                cells.extend(["ok".to_string(), String::new()]);
                cells.extend(values(m).map(num));
            }
            Err(e) => {
                cells.extend(["failed".to_string(), e.clone()]);
                cells.extend(std::iter::repeat_n(String::new(), METRICS.len()));
            }
        }
        rec(&mut w, cells)?;
    }
    finish(w)
}

/// Per policy and metric: min, max and spread over scenarios; and a compare.md section.
pub fn robustness_csv(rows: &[ScenarioPolicy]) -> Result<(String, String)> {
    let mut policies: Vec<&str> = Vec::new();
    for r in rows {
        if !policies.contains(&r.policy.as_str()) {
            policies.push(&r.policy);
        }
    }
    let mut w = writer();
    rec(
        &mut w,
        [
            "policy",
            "metric",
            "min",
            "max",
            "spread",
            "scenarios",
            "failed",
        ],
    )?;
    let mut md = String::from(
        "## Which policy holds up when budgets move\n\nOver every scenario: the range of each policy's weighted coverage and lowest Party coverage (robustness.csv has every metric).\n\n| Policy | Weighted coverage (min - max) | Lowest Party coverage (min - max) | Failed scenarios |\n|---|---:|---:|---:|\n",
    );
    for p in policies {
        let (ranges, solved, failed) = spread(rows, p);
        for (name, (lo, hi)) in METRICS.iter().zip(&ranges) {
            let (lo, hi) = (*lo, *hi);
            rec(
                &mut w,
                [
                    p,
                    name,
                    &num(lo),
                    &num(hi),
                    &num(hi - lo),
                    &solved.to_string(),
                    &failed.to_string(),
                ],
            )?;
        }
        let _ = writeln!(
            md,
            "| {p} | {} - {} | {} - {} | {failed} |",
            pct(ranges[1].0),
            pct(ranges[1].1),
            pct(ranges[3].0),
            pct(ranges[3].1)
        );
    }
    md.push('\n');
    Ok((finish(w)?, md))
}

/// Policy `p`'s (min, max) of every metric over the scenarios it solved ((0, 0) when none),
/// how many it solved and how many failed.
fn spread(rows: &[ScenarioPolicy], p: &str) -> (Vec<(f64, f64)>, usize, usize) {
    let ok: Vec<[f64; 17]> = rows
        .iter()
        .filter(|r| r.policy == p)
        .filter_map(|r| r.result.as_ref().ok().map(values))
        .collect();
    let failed = rows
        .iter()
        .filter(|r| r.policy == p && r.result.is_err())
        .count();
    let ranges = (0..METRICS.len())
        .map(|k| {
            let (lo, hi) = ok
                .iter()
                .map(|v| v[k])
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                    (a.min(x), b.max(x))
                });
            if ok.is_empty() { (0.0, 0.0) } else { (lo, hi) }
        })
        .collect();
    (ranges, ok.len(), failed)
}
