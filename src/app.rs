//! The commands: each takes parsed arguments, calls the library and returns a result or an [`Error`].

use crate::cli::Command;
use crate::generate::{write_generated, GenSpec};
use crate::report::{write_dir_atomically, write_plan_files, PlanOutput};
use crate::solver::{backend, SolveOptions, SolveStatus};
use crate::validate::load;
use crate::{plan, Error, Result};
use std::time::Instant;

/// Run one command; what it prints on success goes to stdout, warnings to stderr.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Plan { dataset, out, solver, time_limit } => {
            let t0 = Instant::now();
            let loaded = load(&dataset)?;
            let load_seconds = t0.elapsed().as_secs_f64();
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let backend = backend(&solver)?;
            let opts = SolveOptions { time_limit, ..SolveOptions::default() };
            let solved = plan::solve(&loaded.dataset, &[], backend.as_ref(), &opts)?;
            if solved.plan.status != SolveStatus::Optimal {
                return Err(Error::NoOptimalPlan(solved.plan.status.as_str().to_string()));
            }
            let output = PlanOutput { ds: &loaded.dataset, plan: &solved.plan, warnings: &loaded.warnings, policy: "coverage", load_seconds };
            let stats = write_dir_atomically(&out, |dir| write_plan_files(dir, &output))?;
            println!(
                "plan written to {} (objective {:.6}, allocated {:.1} of {:.1} need, {} warnings)",
                out.display(), solved.plan.objective, stats.total_allocated, stats.total_need, loaded.warnings.len()
            );
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
