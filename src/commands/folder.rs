//! One plan folder, the step every solving command shares: analyse (for a coverage plan) →
//! render in memory → write into the (temporary) folder → verify what was written. A plan that
//! fails verification is an error, so it never reaches its final name.

use crate::Result;
use crate::analysis::budget_curve::CurveScopes;
use crate::analysis::stats::PlanStats;
use crate::analysis::{Analysis, analyse, settle_and_analyse};
use crate::dataset::Dataset;
use crate::error::{Diagnostic, Error};
use crate::plan::Solved;
use crate::policy::PolicyOutcome;
use crate::report::{PlanOutput, render_plan, write_dir_atomically};
use crate::solver::{SolveContext, SolveStatus};
use crate::validate::Loaded;
use crate::verify::verify;
use std::path::Path;

/// What a plan folder holds beyond the plan itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct FolderSettings {
    /// The scopes of sensitivity/budget_curve.csv.
    pub budget_curve: CurveScopes,
    /// Also write plan.xlsx.
    pub xlsx: bool,
    /// Leave out sensitivity/edges.csv (what-if scenario folders, unless asked for).
    pub without_edges: bool,
    pub load_seconds: f64,
}

/// Solve the coverage model of `loaded` and write its plan folder to `out`, atomically and
/// verified before it is renamed into place.
pub fn plan_to_dir(
    cx: &SolveContext,
    loaded: &Loaded,
    out: &Path,
    settings: FolderSettings,
) -> Result<(Solved, PlanStats)> {
    let ds = &loaded.dataset;
    let first = crate::plan::solve(ds, &[], cx.backend(), &cx.options(true))?;
    optimal(&first)?;
    let (solved, analysis) = settle_and_analyse(cx, ds, first, settings.budget_curve)?;
    let stats = write_dir_atomically(out, |dir| {
        write_coverage(dir, ds, &loaded.warnings, &solved, &analysis, settings)
    })?;
    Ok((solved, stats))
}

fn optimal(solved: &Solved) -> Result<()> {
    match solved.plan.status {
        SolveStatus::Optimal => Ok(()),
        ref s => Err(Error::NoOptimalPlan(s.as_str().to_string())),
    }
}

/// A coverage plan's folder: sensitivity (and the budget curve when asked), then every file.
pub fn coverage_folder(
    cx: &SolveContext,
    dir: &Path,
    ds: &Dataset,
    warnings: &[Diagnostic],
    solved: &Solved,
    settings: FolderSettings,
) -> Result<PlanStats> {
    optimal(solved)?;
    let analysis = analyse(cx, ds, solved, settings.budget_curve)?;
    write_coverage(dir, ds, warnings, solved, &analysis, settings)
}

/// Render, write and verify a coverage plan's folder from its analysis.
fn write_coverage(
    dir: &Path,
    ds: &Dataset,
    warnings: &[Diagnostic],
    solved: &Solved,
    analysis: &Analysis,
    settings: FolderSettings,
) -> Result<PlanStats> {
    let out = PlanOutput {
        ds,
        plan: &solved.plan,
        warnings,
        policy: "coverage",
        policy_kind: "coverage",
        load_seconds: settings.load_seconds,
        analysis_seconds: analysis.seconds,
        curve_seconds: analysis.curve_seconds,
        sensitivity: analysis.sensitivity.as_ref(),
        curve: &analysis.curve,
        policy_outcome: None,
        canonical: solved.canonical.as_ref(),
        edges: !settings.without_edges,
    };
    write_and_verify(dir, ds, &out, settings.xlsx, analysis.sensitivity.is_some())
}

/// A policy's plan folder; a `coverage` policy's gets the coverage plan's sensitivity too.
pub fn policy_folder(
    cx: &SolveContext,
    dir: &Path,
    ds: &Dataset,
    warnings: &[Diagnostic],
    (name, kind): (&str, &str),
    outcome: &PolicyOutcome,
    settings: FolderSettings,
) -> Result<PlanStats> {
    if let Some(solved) = &outcome.solved {
        return coverage_folder(cx, dir, ds, warnings, solved, settings);
    }
    let out = PlanOutput {
        ds,
        plan: &outcome.plan,
        warnings,
        policy: name,
        policy_kind: kind,
        load_seconds: settings.load_seconds,
        analysis_seconds: 0.0,
        curve_seconds: 0.0,
        sensitivity: None,
        curve: &[],
        policy_outcome: Some(outcome),
        canonical: outcome.canonical.as_ref(),
        edges: false,
    };
    write_and_verify(dir, ds, &out, settings.xlsx, false)
}

/// Render `out` in memory, write it into `dir`, and check the written folder independently.
fn write_and_verify(
    dir: &Path,
    ds: &Dataset,
    out: &PlanOutput,
    xlsx: bool,
    certificate: bool,
) -> Result<PlanStats> {
    let (files, stats) = render_plan(out, xlsx)?;
    files.write_into(dir)?;
    let verdict = verify(ds, dir, certificate);
    if !verdict.ok() {
        return Err(Error::VerifyFailed(verdict.failures()));
    }
    Ok(stats)
}
