//! The plan pipeline shared by every command: solve, analyse, write, verify.

use crate::analysis::budget_curve::budget_curve;
use crate::analysis::sensitivity::{rank_extra_money, sensitivity};
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use crate::error::Diagnostic;
use crate::plan::{self, Solved};
use crate::report::{PlanOutput, write_dir_atomically, write_plan_files};
use crate::solver::{Backend, SolveOptions, SolveStatus};
use crate::validate::Loaded;
use crate::verify::verify;
use crate::{Error, Result};
use std::path::Path;

/// What a plan folder holds beyond the plan itself.
#[derive(Debug, Clone)]
pub struct PlanSettings {
    pub time_limit: Option<f64>,
    /// Compute sensitivity/budget_curve.csv (41 points per scope).
    pub budget_curve: bool,
    /// Also write plan.xlsx into the plan folder.
    pub xlsx: bool,
    /// Write the exact LP that was solved to this file (.mps or .lp).
    pub export_model: Option<std::path::PathBuf>,
}

impl PlanSettings {
    /// Plan folder files only: no budget curve, no workbook, no model export.
    pub fn basic() -> Self {
        PlanSettings {
            time_limit: None,
            budget_curve: false,
            xlsx: false,
            export_model: None,
        }
    }
}

/// What a written plan folder holds, in brief.
pub struct Written {
    pub objective: f64,
    pub stats: PlanStats,
}

/// Solve the coverage model of `ds` with duals and ranging.
pub fn solve_plan(ds: &Dataset, backend: &dyn Backend, settings: &PlanSettings) -> Result<Solved> {
    let opts = SolveOptions {
        time_limit: settings.time_limit,
        ranging: true,
        ..SolveOptions::default()
    };
    plan::solve(ds, &[], backend, &opts)
}

/// Write the plan folder of `solved` into `dir` (sensitivity when the solve has duals), then
/// verify it independently; a plan that fails verification is an error.
pub fn write_plan_dir(
    dir: &Path,
    ds: &Dataset,
    warnings: &[Diagnostic],
    solved: &Solved,
    settings: &PlanSettings,
    load_seconds: f64,
) -> Result<PlanStats> {
    if solved.plan.status != SolveStatus::Optimal {
        return Err(Error::NoOptimalPlan(
            solved.plan.status.as_str().to_string(),
        ));
    }
    let t0 = std::time::Instant::now();
    let mut sens = sensitivity(ds, solved);
    if let Some(s) = sens.as_mut() {
        rank_extra_money(ds, solved, s)?;
    }
    let curve = if sens.is_some() && settings.budget_curve {
        budget_curve(ds, solved)?
    } else {
        Vec::new()
    };
    let analysis_seconds = t0.elapsed().as_secs_f64();
    let output = PlanOutput {
        ds,
        plan: &solved.plan,
        warnings,
        policy: "coverage",
        policy_kind: "coverage",
        load_seconds,
        analysis_seconds,
        sensitivity: sens.as_ref(),
        curve: &curve,
    };
    let stats = write_plan_files(dir, &output)?;
    let verdict = verify(ds, dir, sens.is_some());
    if !verdict.ok() {
        return Err(Error::VerifyFailed(verdict.failures()));
    }
    if settings.xlsx {
        crate::report::xlsx::write_plan_workbook(dir)?;
    }
    Ok(stats)
}

/// The first line of every model file taplan writes: a comment in both formats' syntax, so an
/// existing file with it may be replaced and any other file is left alone.
fn model_signature(path: &Path) -> &'static str {
    if is_lp_file(path) {
        "\\ written by taplan\n"
    } else {
        "* written by taplan\n"
    }
}

fn is_lp_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("lp"))
}

/// Check `--export-model PATH` before anything is solved: a `.mps` or `.lp` name in a folder
/// that exists, and not a file that taplan did not write (E0703).
pub fn check_model_path(path: &Path) -> Result<()> {
    let refuse = |msg: String| {
        Error::Invalid(vec![Diagnostic::error(
            "E0703",
            path.display().to_string(),
            msg,
        )])
    };
    let ext_ok = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mps") || e.eq_ignore_ascii_case("lp"));
    if !ext_ok {
        return Err(refuse(
            "the model file needs the extension .mps or .lp".into(),
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(refuse(format!(
            "the folder {} does not exist; create it first or choose another path",
            parent.display()
        )));
    }
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_file() && starts_with_signature(path) => Ok(()),
        Ok(_) => Err(refuse("a file or folder of this name exists and was not written by taplan; choose another name".into())),
    }
}

fn starts_with_signature(path: &Path) -> bool {
    use std::io::Read;
    let sig = model_signature(path);
    let mut head = vec![0u8; sig.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == sig.as_bytes()
}

/// Write the LP of `solved` to `path` (format by extension: .mps or .lp), atomically, with
/// taplan's signature line first.
pub fn export_model(solved: &Solved, path: &Path) -> Result<()> {
    check_model_path(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model.mps".into());
    let ext = if is_lp_file(path) { "lp" } else { "mps" };
    let tmp = path.with_file_name(format!(".{name}.tmp-{}.{ext}", std::process::id()));
    let written = crate::solver::highs::HighsModel::new(&solved.lp)?
        .write_model(&tmp)
        .and_then(|_| {
            let body = std::fs::read(&tmp).map_err(|e| Error::io(&tmp, e))?;
            let mut signed = model_signature(path).as_bytes().to_vec();
            signed.extend_from_slice(&body);
            std::fs::write(&tmp, signed).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Solve `loaded`, write its plan folder to `out` atomically, verified before it is renamed.
pub fn plan_to_dir(
    loaded: &Loaded,
    backend: &dyn Backend,
    settings: &PlanSettings,
    load_seconds: f64,
    out: &Path,
) -> Result<Written> {
    let solved = solve_plan(&loaded.dataset, backend, settings)?;
    if solved.plan.status != SolveStatus::Optimal {
        return Err(Error::NoOptimalPlan(
            solved.plan.status.as_str().to_string(),
        ));
    }
    let stats = write_dir_atomically(out, |dir| {
        write_plan_dir(
            dir,
            &loaded.dataset,
            &loaded.warnings,
            &solved,
            settings,
            load_seconds,
        )
    })?;
    if let Some(path) = &settings.export_model {
        export_model(&solved, path)?;
    }
    Ok(Written {
        objective: solved.plan.objective,
        stats,
    })
}

/// Run the scenarios of `scenarios_file` against `loaded` and write DIR/base, DIR/scenarios/*,
/// comparison.csv, deltas.csv and comparison.md atomically.
pub fn whatif_to_dir(
    loaded: &Loaded,
    scenarios: &[crate::scenario::Scenario],
    jobs: Option<usize>,
    xlsx: bool,
    out: &Path,
) -> Result<WhatIfSummary> {
    use crate::analysis::metrics::metrics;
    use crate::report::compare::{Compared, Funding, comparison_csv, comparison_md, deltas_csv};
    use crate::report::write_file;
    use crate::scenario::{Outcome, run_scenarios};
    use std::io::IsTerminal;

    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(scenarios.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let whatif = run_scenarios(&loaded.dataset, scenarios, jobs, &tick)?;
    bar.finish_and_clear();
    let ds = &loaded.dataset;
    let settings = PlanSettings::basic();
    let base_shape = shape(ds, &whatif.base.plan);
    write_dir_atomically(out, |dir| {
        write_plan_dir(
            &dir.join("base"),
            ds,
            &loaded.warnings,
            &whatif.base,
            &settings,
            0.0,
        )?;
        let rows = crate::parallel::par_map(jobs, &whatif.runs, |run| {
            let sc = &run.scenario;
            let mut row = Compared {
                name: sc.name.clone(),
                description: sc.description.clone(),
                edits: sc.edits.iter().map(|(_, e)| e.describe()).collect(),
                path: "",
                result: Err(String::new()),
                same_shape: false,
            };
            match &run.outcome {
                Outcome::Failed(reason) => row.result = Err(reason.clone()),
                Outcome::Solved {
                    ds: sds,
                    solved,
                    path,
                } => {
                    let folder = dir.join("scenarios").join(&sc.name); // a checked folder name
                    row.path = match path {
                        crate::scenario::run::Path::Reused => "reused",
                        crate::scenario::run::Path::Warm => "warm",
                        crate::scenario::run::Path::Cold => "cold",
                    };
                    row.result = write_plan_dir(&folder, sds, &[], solved, &settings, 0.0)
                        .map(|_| (metrics(sds, &solved.plan), Funding::of(sds, &solved.plan)))
                        .map_err(|e| e.to_string());
                    row.same_shape = shape(sds, &solved.plan) == base_shape;
                }
            }
            row
        })?;
        let base_metrics = metrics(ds, &whatif.base.plan);
        let base_funding = Funding::of(ds, &whatif.base.plan);
        write_file(dir, "comparison.csv", &comparison_csv(ds, &rows)?)?;
        write_file(dir, "deltas.csv", &deltas_csv(ds, &base_funding, &rows)?)?;
        write_file(
            dir,
            "comparison.md",
            &comparison_md(ds, &base_metrics, &base_funding, &rows),
        )?;
        write_file(
            dir,
            "comparison.html",
            &crate::report::compare::comparison_html(ds, &base_metrics, &rows),
        )?;
        if xlsx {
            crate::report::xlsx::write_folder_workbook(
                dir,
                "comparison.xlsx",
                &[("comparison", "comparison.csv"), ("deltas", "deltas.csv")],
            )?;
        }
        let failed = rows.iter().filter(|r| r.result.is_err()).count();
        Ok(WhatIfSummary {
            scenarios: rows.len(),
            failed,
            base_objective: base_metrics.objective,
        })
    })
}

/// What a what-if run produced, in brief.
pub struct WhatIfSummary {
    pub scenarios: usize,
    pub failed: usize,
    pub base_objective: f64,
}

/// The plan's shape: which (offer, need) pairs carry money, by code.
fn shape(
    ds: &Dataset,
    plan: &crate::plan::Plan,
) -> std::collections::BTreeSet<(String, String, String, String)> {
    plan.allocations
        .iter()
        .map(|a| {
            let n = ds.need(a.need);
            (
                ds.offer(a.offer).code.clone(),
                ds.party(n.party).code.clone(),
                ds.theme(n.theme).code.clone(),
                ds.period_name(n.period).to_string(),
            )
        })
        .collect()
}

/// Write the plan folder of a policy's outcome into `dir` and verify it (feasibility; the
/// optimality certificate too for `coverage`).
pub fn write_policy_dir(
    dir: &Path,
    ds: &Dataset,
    warnings: &[Diagnostic],
    (policy, policy_kind): (&str, &str),
    outcome: &crate::policy::PolicyOutcome,
) -> Result<PlanStats> {
    use crate::report::{policy_files, write_file};
    let settings = PlanSettings::basic();
    if let Some(solved) = &outcome.solved {
        return write_plan_dir(dir, ds, warnings, solved, &settings, 0.0);
    }
    let output = PlanOutput {
        ds,
        plan: &outcome.plan,
        warnings,
        policy,
        policy_kind,
        load_seconds: 0.0,
        analysis_seconds: 0.0,
        sensitivity: None,
        curve: &[],
    };
    let stats = write_plan_files(dir, &output)?;
    if !outcome.notes.is_empty() {
        let mut md = std::fs::read_to_string(dir.join("report.md"))
            .map_err(|e| Error::io(dir.join("report.md"), e))?;
        md.push_str("## Policy notes\n\n");
        for n in &outcome.notes {
            md.push_str(&format!("- {n}\n"));
        }
        write_file(dir, "report.md", &md)?;
    }
    if !outcome.shortfalls.is_empty() {
        write_file(
            dir,
            "shortfalls.csv",
            &policy_files::shortfalls_csv(outcome)?,
        )?;
    }
    if !outcome.carry_over.is_empty() || !outcome.deferred.is_empty() {
        write_file(
            dir,
            "carry_over.csv",
            &policy_files::carry_over_csv(ds, outcome)?,
        )?;
        write_file(
            dir,
            "deferred.csv",
            &policy_files::deferred_csv(ds, outcome)?,
        )?;
    }
    let verdict = verify(ds, dir, false);
    if verdict.ok() {
        Ok(stats)
    } else {
        Err(Error::VerifyFailed(verdict.failures()))
    }
}
