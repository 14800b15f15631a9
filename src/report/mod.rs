//! Rendering: every output of a plan, what-if or comparison folder is rendered in memory
//! ([`Files`]) from the solved plan and its analysis, then written, atomically, by the command.

mod accounts;
mod atomic;
pub(crate) mod compare;
mod drivers;
pub(crate) mod frontier;
mod groups;
mod html;
pub(crate) mod html_pages;
mod markdown;
pub(crate) mod md_html;
pub(crate) mod model_file;
mod partners;
mod policy_files;
pub(crate) mod programme;
mod ranges;
pub(crate) mod robustness;
mod sensitivity;
mod sensitivity_md;
mod table;
mod tables;
mod text;
pub(crate) mod whatif;
pub(crate) mod whatif_html;
pub(crate) mod xlsx;

pub use atomic::{MARKER, check_new_file, check_output, check_replaceable, write_dir_atomically};
pub use markdown::report_md;
pub use model_file::solve_model_file;
pub use sensitivity_md::sensitivity_md;
pub use table::{Cell, Table};
pub use tables::{allocation_table, needs_table, offers_table, parties_table};
pub use text::{md, money, pct};
pub use xlsx::{write_dataset_folder, write_dataset_workbook, write_template};

use crate::analysis::budget_curve::CurvePoint;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use crate::error::Diagnostic;
use crate::plan::Plan;
use crate::policy::PolicyOutcome;
use crate::{Error, Result};
use std::path::Path;

/// Significant digits every number in a CSV file or a workbook sheet is rounded to
/// (documented in docs/data-format.md, section 5). Twelve digits remove the float noise of
/// sums and solver arithmetic (`12.699999999999818` is written `12.7`) and keep every figure
/// far inside verify's tolerances: a rounded value is within [`ROUNDING`] of the exact one,
/// relative to its size.
pub const SIGNIFICANT_DIGITS: usize = 12;

/// The largest relative change [`rounded`] makes: half a unit in the last kept digit.
pub const ROUNDING: f64 = 5e-12;

/// `x` rounded to [`SIGNIFICANT_DIGITS`] significant digits (infinities and NaN unchanged,
/// `-0` becomes `0`).
pub fn rounded(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x + 0.0;
    }
    let text = format!("{:.*e}", SIGNIFICANT_DIGITS - 1, x);
    text.parse::<f64>().unwrap_or(x) + 0.0
}

/// `a - b` as the difference of the two figures as written ([`rounded`] each), exactly in
/// decimal (then [`rounded`] again when written): so that a column that is the difference of
/// two others reads as their difference, float noise far below the last kept digit of both (a
/// need funded to 1e-11 of its amount) is 0, not 2.66e-11, and `90 - 89.9999999999` is
/// `0.0000000001`, not `0.000000000100001784631`.
pub fn difference(a: f64, b: f64) -> f64 {
    let (a, b) = (rounded(a), rounded(b));
    let finer = [a.abs(), b.abs()]
        .into_iter()
        .filter(|&x| x > 0.0)
        .fold(f64::INFINITY, f64::min);
    if a == b || !finer.is_finite() || !(a - b).is_finite() {
        return a - b + 0.0;
    }
    // The last kept digit of the smaller figure: both are whole multiples of it, and so is
    // their difference, read back as the float nearest that decimal.
    let last = finer.log10().floor() as i32 + 1 - SIGNIFICANT_DIGITS as i32;
    let steps = ((a - b) / 10f64.powi(last)).round();
    format!("{steps}e{last}").parse::<f64>().unwrap_or(a - b) + 0.0
}

/// `a / b` as the ratio of the two figures as written ([`rounded`] each), so that a share
/// column reads as the quotient of its neighbours: a need whose funding is written as its
/// amount has coverage `1`, not `0.999999999999`. 0 when `b` is 0.
pub fn ratio(a: f64, b: f64) -> f64 {
    let b = rounded(b);
    if b == 0.0 { 0.0 } else { rounded(a) / b }
}

/// Format a float for CSV/JSON: [`rounded`], then the shortest text that reads back to it.
pub fn num(x: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, x);
    s
}

/// Append [`num`]'s text for `x` to `out`.
pub fn push_num(out: &mut String, x: f64) {
    use std::fmt::Write;
    let x = rounded(x);
    let _ = if x == 0.0 {
        out.write_str("0")
    } else {
        write!(out, "{x}")
    };
}

/// Write `contents` to `dir/name`, creating folders on the way.
pub fn write_file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))
}

/// A folder's files rendered in memory, in the order they are written: every output format is
/// rendered here once, and written (or read by the workbook sink) from here, never read back
/// from disk.
#[derive(Debug, Default, Clone)]
pub struct Files(Vec<(String, Vec<u8>)>);

impl Files {
    pub fn add(&mut self, path: &str, contents: impl Into<Vec<u8>>) {
        self.0.push((path.to_string(), contents.into()));
    }

    /// The text of the file at `path`, if it was rendered.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .and_then(|(_, b)| std::str::from_utf8(b).ok())
    }

    /// The bytes of the file at `path`, if it was rendered.
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.as_slice())
    }

    /// Write every file into `dir`, in order.
    pub fn write_into(&self, dir: &Path) -> Result<()> {
        for (path, bytes) in &self.0 {
            write_file(dir, path, bytes)?;
        }
        Ok(())
    }
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
    /// The budget curve's share of `analysis_seconds`.
    pub curve_seconds: f64,
    /// Shadow prices and ranging, when the solver provided them.
    pub sensitivity: Option<&'a Sensitivity>,
    /// Budget curve points (empty when not computed).
    pub curve: &'a [CurvePoint],
    /// A policy's notes, shortfalls, carry-over and deferrals (none for `taplan plan`).
    pub policy_outcome: Option<&'a PolicyOutcome>,
    /// What the canonical stage found (and the ranges, when computed); None for rule-based plans.
    pub canonical: Option<&'a crate::canonical::Canonical>,
    /// Write sensitivity/edges.csv (with the sensitivity): every pair's reduced cost and cost
    /// range, the folder's largest file.
    pub edges: bool,
}

impl PlanOutput<'_> {
    /// The plan's ranges over its optimal face, when computed.
    pub fn ranges(&self) -> Option<&crate::canonical::Ranges> {
        self.canonical.and_then(|c| c.ranges.as_ref())
    }
}

/// Render every file of a plan folder in memory: the typed tables (written as CSV, and with
/// `xlsx` as plan.xlsx from the same tables), summary.json, report.md, report.html and
/// sensitivity/edges.csv.
pub fn render_plan(out: &PlanOutput, xlsx: bool) -> Result<(Files, PlanStats)> {
    let stats = PlanStats::new(out.ds, out.plan);
    let tables = plan_tables(out, &stats);
    let mut files = render_files(out, &stats, &tables)?;
    if xlsx {
        files.add(
            "plan.xlsx",
            xlsx::plan_workbook(
                &tables,
                &summary_value(out, &stats),
                out.sensitivity.map(|s| (out.ds, s)),
            )?,
        );
    }
    Ok((files, stats))
}

/// The plan's typed tables: (file, sheet, table).
fn plan_tables(out: &PlanOutput, stats: &PlanStats) -> Vec<(&'static str, &'static str, Table)> {
    let ds = out.ds;
    let mut t = vec![
        (
            "allocation.csv",
            "allocation",
            allocation_table(ds, out.plan),
        ),
        ("needs.csv", "needs", needs_table(ds, stats)),
        (
            "parties.csv",
            "parties",
            parties_table(ds, stats, out.ranges()),
        ),
        ("offers.csv", "offers", offers_table(ds, stats)),
        (
            "programme.csv",
            "programme",
            programme::programme_table(ds, out.plan),
        ),
    ];
    if let Some(r) = out.ranges() {
        t.push(("ranges.csv", "ranges", ranges::ranges_table(ds, stats, r)));
    }
    if let Some(sens) = out.sensitivity {
        t.push((
            "sensitivity/offers.csv",
            "sensitivity offers",
            sensitivity::offers_table(ds, sens),
        ));
        t.push((
            "sensitivity/needs.csv",
            "sensitivity needs",
            sensitivity::needs_table(ds, sens),
        ));
        t.push((
            "sensitivity/party_caps.csv",
            "party caps",
            sensitivity::party_caps_table(ds, sens),
        ));
        if !out.curve.is_empty() {
            t.push((
                "sensitivity/budget_curve.csv",
                "budget curve",
                sensitivity::budget_curve_table(out.curve),
            ));
        }
    }
    if let Some(o) = out.policy_outcome {
        t.extend(policy_files::tables(ds, o));
    }
    t
}

/// Every file of the folder, rendered in parallel (they are independent), in a fixed order.
fn render_files(
    out: &PlanOutput,
    stats: &PlanStats,
    tables: &[(&str, &str, Table)],
) -> Result<Files> {
    type Render<'a> = Box<dyn Fn() -> Result<String> + Send + Sync + 'a>;
    let mut list: Vec<(&str, Render)> = Vec::new();
    for (file, _, table) in tables {
        list.push((file, Box::new(move || table.csv())));
    }
    list.push(("summary.json", Box::new(|| Ok(summary_json(out, stats)))));
    list.push(("report.md", Box::new(|| Ok(full_report_md(out, stats)))));
    list.push((
        "report.html",
        Box::new(|| Ok(html_pages::plan_html(out, stats))),
    ));
    if let Some(sens) = out.sensitivity.filter(|_| out.edges) {
        list.push((
            "sensitivity/edges.csv",
            Box::new(move || sensitivity::edges_csv(out.ds, sens)),
        ));
    }
    let rendered = crate::parallel::par_map(None, &list, |(_, render)| render())?;
    let mut files = Files::default();
    for ((name, _), text) in list.iter().zip(rendered) {
        files.add(name, text?);
    }
    Ok(files)
}

/// report.md: the plan report, its sensitivity section and a policy's notes.
fn full_report_md(out: &PlanOutput, stats: &PlanStats) -> String {
    let mut md = report_md(out, stats);
    if out.canonical.is_some() {
        md.push_str(&ranges::canonical_md(out.ds, stats, out.ranges()));
    }
    md.push_str(&accounts::accounts_md(out, stats));
    if let Some(s) = out.sensitivity {
        md.push_str(&sensitivity_md(out.ds, s, out.curve));
    }
    if let Some(o) = out.policy_outcome.filter(|o| !o.notes.is_empty()) {
        md.push_str("## Policy notes\n\n");
        for n in &o.notes {
            md.push_str(&format!("- {n}\n"));
        }
    }
    md
}

/// summary.json: headline figures, solver and times.
pub fn summary_json(out: &PlanOutput, stats: &PlanStats) -> String {
    serde_json::to_string_pretty(&summary_value(out, stats)).unwrap_or_default() + "\n"
}

/// summary.json's content.
fn summary_value(out: &PlanOutput, stats: &PlanStats) -> serde_json::Value {
    let plan = out.plan;
    serde_json::json!({
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
        "canonical_method": out.canonical.map(|c| c.method.as_str()),
        "times": { "load_seconds": out.load_seconds, "build_seconds": plan.build_seconds, "solve_seconds": plan.solve_seconds, "canonical_seconds": out.canonical.map_or(0.0, |c| c.seconds), "ranges_seconds": out.canonical.map_or(0.0, |c| c.ranges_seconds), "analysis_seconds": out.analysis_seconds, "budget_curve_seconds": out.curve_seconds },
        "taplan_version": env!("CARGO_PKG_VERSION"),
    })
}
