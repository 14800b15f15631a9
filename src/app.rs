//! The commands: each takes parsed arguments, calls the library and returns a result or an [`Error`].

use crate::cli::Command;
use crate::generate::{write_generated, GenSpec};
use crate::report::{write_dir_atomically, write_plan_files, PlanOutput};
use crate::solver::{backend, SolveOptions, SolveStatus};
use crate::analysis::{budget_curve::budget_curve, sensitivity::{rank_extra_money, sensitivity}, stats::PlanStats};
use crate::solver::Backend;
use crate::validate::{load, Loaded};
use crate::verify::verify;
use crate::{plan, Error, Result};
use std::path::Path;
use std::time::Instant;

/// What `plan_to_dir` computes beyond the plan itself.
#[derive(Debug, Clone)]
pub struct PlanSettings {
    pub time_limit: Option<f64>,
    pub budget_curve: bool,
}

/// What a written plan folder holds, in brief.
pub struct Written {
    pub objective: f64,
    pub stats: PlanStats,
}

/// Solve `loaded` with `backend`, compute sensitivity (when the back end gives duals), write
/// the plan folder to `out` atomically, and verify it before it is renamed into place.
pub fn plan_to_dir(loaded: &Loaded, backend: &dyn Backend, settings: &PlanSettings, load_seconds: f64, out: &Path) -> Result<Written> {
    let ds = &loaded.dataset;
    let opts = SolveOptions { time_limit: settings.time_limit, ranging: true, ..SolveOptions::default() };
    let solved = plan::solve(ds, &[], backend, &opts)?;
    if solved.plan.status != SolveStatus::Optimal {
        return Err(Error::NoOptimalPlan(solved.plan.status.as_str().to_string()));
    }
    let mut sens = sensitivity(ds, &solved);
    if let Some(s) = sens.as_mut() {
        rank_extra_money(ds, &solved, s)?;
    }
    let curve = if sens.is_some() && settings.budget_curve { budget_curve(ds, &solved)? } else { Vec::new() };
    let output = PlanOutput { ds, plan: &solved.plan, warnings: &loaded.warnings, policy: "coverage", load_seconds, sensitivity: sens.as_ref(), curve: &curve };
    let stats = write_dir_atomically(out, |dir| {
        let stats = write_plan_files(dir, &output)?;
        let verdict = verify(ds, dir, sens.is_some());
        if verdict.ok() { Ok(stats) } else { Err(Error::VerifyFailed(verdict.failures())) }
    })?;
    Ok(Written { objective: solved.plan.objective, stats })
}

/// Run one command; what it prints on success goes to stdout, warnings to stderr.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Plan { dataset, out, solver, time_limit, no_budget_curve } => {
            let t0 = Instant::now();
            let loaded = load(&dataset)?;
            let load_seconds = t0.elapsed().as_secs_f64();
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let backend = backend(&solver)?;
            let settings = PlanSettings { time_limit, budget_curve: !no_budget_curve };
            let stats = plan_to_dir(&loaded, backend.as_ref(), &settings, load_seconds, &out)?;
            println!(
                "plan written to {} (objective {:.6}, allocated {:.1} of {:.1} need, {} warnings)",
                out.display(), stats.objective, stats.stats.total_allocated, stats.stats.total_need, loaded.warnings.len()
            );
            Ok(())
        }
        Command::Verify { dataset, plan } => {
            let loaded = load(&dataset)?;
            let verdict = verify(&loaded.dataset, &plan, true);
            if !verdict.ok() {
                return Err(Error::VerifyFailed(verdict.failures()));
            }
            let proof = match verdict.dual_bound {
                Some(b) => format!("optimal: dual bound {b} equals the objective"),
                None => "feasible (no optimality certificate for this policy)".into(),
            };
            println!("{}: verified, {proof} ({} checks passed)", plan.display(), verdict.checks.len());
            Ok(())
        }
        Command::Validate { dataset } => {
            let loaded = load(&dataset)?;
            for w in &loaded.warnings {
                println!("{w}");
            }
            let ds = &loaded.dataset;
            println!(
                "{}: valid ({} parties, {} themes, {} partners, {} periods, {} needs, {} offers, {} warnings)",
                dataset.display(), ds.parties.len(), ds.themes.len(), ds.partners.len(), ds.periods.len(), ds.needs.len(), ds.offers.len(), loaded.warnings.len()
            );
            Ok(())
        }
        Command::Generate { scale, parties, themes, partners, periods, seed, out } => {
            let base = match scale.as_deref() {
                Some(s) => GenSpec::preset(s, seed).ok_or_else(|| Error::Other(format!("unknown scale \"{s}\"; expected S, M or L")))?,
                None => GenSpec { parties: 20, themes: 8, partners: 10, periods: 2, seed },
            };
            let spec = GenSpec {
                parties: parties.unwrap_or(base.parties),
                themes: themes.unwrap_or(base.themes),
                partners: partners.unwrap_or(base.partners),
                periods: periods.unwrap_or(base.periods),
                seed,
            };
            if spec.parties == 0 || spec.themes == 0 || spec.partners == 0 || spec.periods == 0 {
                return Err(Error::Other("--parties, --themes, --partners and --periods must be at least 1".into()));
            }
            write_generated(&spec, &out)?;
            println!("dataset written to {}", out.display());
            Ok(())
        }
    }
}
