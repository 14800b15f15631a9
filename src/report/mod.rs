//! Writers for the plan folder: CSV tables, summary.json and report.md, written atomically.

mod atomic;
pub mod compare;
pub mod compare_policies;
pub mod html;
pub mod html_pages;
mod markdown;
pub mod policy_files;
mod sensitivity;
mod sensitivity_md;
mod tables;
pub mod xlsx;

pub use atomic::{MARKER, check_output, check_replaceable, write_dir_atomically};
pub use markdown::{md, money, pct, report_md};
pub use sensitivity_md::sensitivity_md;
pub use tables::{allocation_csv, needs_csv, offers_csv, parties_csv};

use crate::analysis::budget_curve::CurvePoint;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use crate::error::Diagnostic;
use crate::plan::Plan;
use crate::{Error, Result};
use std::path::Path;

/// Format a float for CSV/JSON: shortest representation that reads back to the same f64.
pub fn num(x: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, x);
    s
}

/// Append [`num`]'s text for `x` to `out` (no allocation when `out` has room).
pub fn push_num(out: &mut String, x: f64) {
    use std::fmt::Write;
    let _ = if x == 0.0 {
        out.write_str("0")
    } else {
        write!(out, "{x}")
    };
}

/// Write `contents` to `dir/name`.
pub fn write_file(dir: &Path, name: &str, contents: &str) -> Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))
}

/// What a plan folder is made from.
pub struct PlanOutput<'a> {
    pub ds: &'a Dataset,
    pub plan: &'a Plan,
    pub warnings: &'a [Diagnostic],
    pub policy: &'a str,
    /// The policy's kind (`coverage`, `fair`, ...), which `verify` checks.
    pub policy_kind: &'a str,
    pub load_seconds: f64,
    /// Sensitivity, exact extra-money gains and budget curve (re-solves included).
    pub analysis_seconds: f64,
    /// Shadow prices and ranging, when the solver provided them.
    pub sensitivity: Option<&'a Sensitivity>,
    /// Budget curve points (empty when not computed).
    pub curve: &'a [CurvePoint],
}

/// Write allocation.csv, needs.csv, parties.csv, offers.csv, summary.json and report.md into `dir`.
pub fn write_plan_files(dir: &Path, out: &PlanOutput) -> Result<PlanStats> {
    let stats = PlanStats::new(out.ds, out.plan);
    render_and_write(dir, out, &stats)?;
    Ok(stats)
}

/// Render every file of the plan folder in parallel (they are independent) and write them in a
/// fixed order.
fn render_and_write(dir: &Path, out: &PlanOutput, stats: &PlanStats) -> Result<()> {
    let ds = out.ds;
    type Render<'a> = Box<dyn Fn() -> Result<String> + Send + Sync + 'a>;
    let mut files: Vec<(&str, Render)> = vec![
        ("allocation.csv", Box::new(|| allocation_csv(ds, out.plan))),
        ("needs.csv", Box::new(|| needs_csv(ds, stats))),
        ("parties.csv", Box::new(|| parties_csv(ds, stats))),
        ("offers.csv", Box::new(|| offers_csv(ds, stats))),
        ("summary.json", Box::new(|| Ok(summary_json(out, stats)))),
        (
            "report.md",
            Box::new(|| {
                Ok(report_md(out, stats)
                    + &out
                        .sensitivity
                        .map(|s| sensitivity_md(ds, s, out.curve))
                        .unwrap_or_default())
            }),
        ),
        (
            "report.html",
            Box::new(|| Ok(html_pages::plan_html(out, stats))),
        ),
    ];
    if let Some(sens) = out.sensitivity {
        files.push((
            "sensitivity/offers.csv",
            Box::new(move || sensitivity::offers_csv(ds, sens)),
        ));
        files.push((
            "sensitivity/needs.csv",
            Box::new(move || sensitivity::needs_csv(ds, sens)),
        ));
        files.push((
            "sensitivity/party_caps.csv",
            Box::new(move || sensitivity::party_caps_csv(ds, sens)),
        ));
        files.push((
            "sensitivity/edges.csv",
            Box::new(move || sensitivity::edges_csv(ds, sens)),
        ));
        if !out.curve.is_empty() {
            files.push((
                "sensitivity/budget_curve.csv",
                Box::new(|| sensitivity::budget_curve_csv(out.curve)),
            ));
        }
    }
    let rendered = crate::parallel::par_map(None, &files, |(_, render)| render())?;
    for ((name, _), text) in files.iter().zip(rendered) {
        write_file(dir, name, &text?)?;
    }
    Ok(())
}

/// summary.json: headline figures, solver and times.
pub fn summary_json(out: &PlanOutput, stats: &PlanStats) -> String {
    let plan = out.plan;
    let value = serde_json::json!({
        "dataset": out.ds.meta.name,
        "policy": out.policy,
        "policy_kind": out.policy_kind,
        "status": plan.status.as_str(),
        "objective": plan.objective,
        "solver_objective": plan.solver_objective,
        "weighted_coverage": stats.weighted_coverage,
        "currency": out.ds.meta.currency,
        "unit": out.ds.meta.unit,
        "total_need": stats.total_need,
        "reachable_need": stats.reachable_need,
        "total_capacity": stats.total_capacity,
        "total_allocated": stats.total_allocated,
        "share_of_need_met": if stats.total_need > 0.0 { stats.total_allocated / stats.total_need } else { 0.0 },
        "counts": {
            "parties": out.ds.parties.len(), "themes": out.ds.themes.len(), "partners": out.ds.partners.len(),
            "periods": out.ds.periods.len(), "needs": out.ds.needs.len(), "offers": out.ds.offers.len(),
            "allocations": plan.allocations.len(), "warnings": out.warnings.len(),
        },
        "solver": { "name": plan.solver, "iterations": plan.iterations },
        "times": { "load_seconds": out.load_seconds, "build_seconds": plan.build_seconds, "solve_seconds": plan.solve_seconds, "analysis_seconds": out.analysis_seconds },
        "taplan_version": env!("CARGO_PKG_VERSION"),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
