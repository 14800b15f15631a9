//! The price-of-fairness frontier in compare's outputs: frontier.csv (every breakpoint),
//! compare.md's reading of it, and one chart in compare.html with both floors.

use super::html::lines_marked;
use super::num;
use super::text::pct;
use crate::analysis::frontier::{FloorKind, FrontierPoint};
use std::fmt::Write;

/// frontier.csv: `floor, coverage, objective, share_of_best, price` per breakpoint.
pub fn frontier_csv(points: &[FrontierPoint]) -> String {
    let mut s = String::from("floor,coverage,objective,share_of_best,price\n");
    for p in points {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            p.floor.name(),
            num(p.coverage),
            num(p.objective),
            num(p.share_of_best),
            num(1.0 - p.share_of_best)
        );
    }
    s
}

fn label(floor: FloorKind) -> &'static str {
    match floor {
        FloorKind::WorstParty => "every Party (the worst-off Party's coverage)",
        FloorKind::Ldc => "the LDCs together",
    }
}

/// The frontier's value at floor `t`, interpolated between its breakpoints.
fn share_at(points: &[&FrontierPoint], t: f64) -> Option<f64> {
    let k = points.iter().rposition(|p| p.coverage <= t)?;
    let a = points[k];
    match points.get(k + 1) {
        Some(b) => Some(
            a.share_of_best
                + (b.share_of_best - a.share_of_best) * (t - a.coverage)
                    / (b.coverage - a.coverage),
        ),
        None => ((t - a.coverage).abs() < 1e-12).then_some(a.share_of_best),
    }
}

const INTRO: &str = "The best weighted funding any plan reaches when a floor on coverage (funded over reachable need) rises from 0 to the most any plan can give, as a share of the best without a floor; frontier.csv lists every point where the curve bends (it is exact, and straight between them).";

/// One sentence per floor: where it starts to cost, how far it goes, and what it keeps.
fn reading(points: &[FrontierPoint]) -> Vec<String> {
    let mut lines = Vec::new();
    for floor in [FloorKind::WorstParty, FloorKind::Ldc] {
        let pts: Vec<&FrontierPoint> = points.iter().filter(|p| p.floor == floor).collect();
        let (Some(first), Some(last)) = (pts.first(), pts.last()) else {
            continue;
        };
        // The floor reached before the curve starts to fall.
        let free = pts
            .iter()
            .take_while(|p| (p.share_of_best - first.share_of_best).abs() <= 1e-9)
            .last()
            .map_or(0.0, |p| p.coverage);
        let kept: Vec<String> = [0.25, 0.5, 0.75]
            .into_iter()
            .filter_map(|t| {
                share_at(&pts, t).map(|v| format!("{:.2}% at a {} floor", 100.0 * v, pct(t)))
            })
            .collect();
        lines.push(format!(
            "Floor for {}: free up to {}; at most {}, where {:.2}% of the best weighted funding remains (a price of {:.2}%); {} breakpoints.{}",
            label(floor),
            pct(free),
            pct(last.coverage),
            100.0 * last.share_of_best,
            100.0 * (1.0 - last.share_of_best),
            pts.len(),
            if kept.is_empty() { String::new() } else { format!(" Weighted funding kept: {}.", kept.join(", ")) }
        ));
    }
    lines
}

/// compare.md's section: how much weighted funding each floor costs.
pub fn frontier_md(points: &[FrontierPoint]) -> String {
    let mut r = format!("## The price of fairness\n\n{INTRO}\n\n");
    for line in reading(points) {
        let _ = writeln!(r, "- {line}");
    }
    r.push('\n');
    r
}

/// compare.html's chart: both frontiers, weighted funding kept against the floor.
pub fn frontier_chart(points: &[FrontierPoint]) -> String {
    let series: Vec<(String, Vec<(f64, f64)>)> = [FloorKind::WorstParty, FloorKind::Ldc]
        .into_iter()
        .map(|floor| {
            let pts = points
                .iter()
                .filter(|p| p.floor == floor)
                .map(|p| (p.coverage, p.share_of_best))
                .collect();
            (format!("floor for {}", label(floor)), pts)
        })
        .filter(|(_, pts): &(String, Vec<(f64, f64)>)| !pts.is_empty())
        .collect();
    if series.is_empty() {
        return String::new();
    }
    format!(
        "<h2>The price of fairness</h2><p>{}</p><ul>{}</ul>{}",
        super::html::esc(INTRO),
        reading(points)
            .iter()
            .map(|l| format!("<li>{}</li>", super::html::esc(l)))
            .collect::<String>(),
        lines_marked(
            "Weighted funding kept (share of the best) as a coverage floor rises",
            (
                "floor on coverage (funded / reachable need)",
                "share of the best weighted funding"
            ),
            &series,
            None,
        )
    )
}
