//! The commands: each takes parsed arguments, calls the library and returns a result or an [`Error`].

use crate::cli::Command;
use crate::generate::{GenSpec, write_generated};
use crate::pipeline::{PlanSettings, plan_to_dir};
use crate::report::check_output;
use crate::solver::backend;
use crate::validate::load;
use crate::verify::verify;
use crate::{Error, Result};
use std::time::Instant;

/// Run one command; what it prints on success goes to stdout, warnings to stderr.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Plan {
            policy: Some(policy),
            dataset,
            out,
            xlsx,
            ..
        } => {
            check_output(&out, &[&dataset, &policy])?;
            let loaded = load(&dataset)?;
            let policy = crate::policy::read_policy(&policy)?;
            let outcome = policy.allocate(&loaded.dataset)?;
            let stats = crate::report::write_dir_atomically(&out, |dir| {
                let stats = crate::pipeline::write_policy_dir(
                    dir,
                    &loaded.dataset,
                    &loaded.warnings,
                    (policy.name(), policy.kind()),
                    &outcome,
                )?;
                if xlsx {
                    crate::report::xlsx::write_plan_workbook(dir)?;
                }
                Ok(stats)
            })?;
            println!(
                "plan written to {} (policy {}, weighted coverage objective {:.6}, allocated {:.1} of {:.1} need)",
                out.display(),
                policy.name(),
                outcome.plan.objective,
                stats.total_allocated,
                stats.total_need
            );
            Ok(())
        }
        Command::Plan {
            dataset,
            out,
            solver,
            time_limit,
            no_budget_curve,
            policy: None,
            xlsx,
            export_model,
        } => {
            check_output(&out, &[&dataset])?;
            if let Some(path) = &export_model {
                crate::pipeline::check_model_path(path)?;
            }
            let t0 = Instant::now();
            let loaded = load(&dataset)?;
            let load_seconds = t0.elapsed().as_secs_f64();
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let backend = backend(&solver)?;
            let settings = PlanSettings {
                time_limit,
                budget_curve: !no_budget_curve,
                xlsx,
                export_model,
            };
            let stats = plan_to_dir(&loaded, backend.as_ref(), &settings, load_seconds, &out)?;
            println!(
                "plan written to {} (objective {:.6}, allocated {:.1} of {:.1} need, {} warnings)",
                out.display(),
                stats.objective,
                stats.stats.total_allocated,
                stats.stats.total_need,
                loaded.warnings.len()
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
            println!(
                "{}: verified, {proof} ({} checks passed)",
                plan.display(),
                verdict.checks.len()
            );
            Ok(())
        }
        Command::Whatif {
            dataset,
            scenarios,
            out,
            jobs,
            xlsx,
        } => {
            check_output(&out, &[&dataset, &scenarios])?;
            let loaded = load(&dataset)?;
            let list =
                crate::scenario::read_scenarios(&scenarios).map_err(|d| Error::Invalid(vec![d]))?;
            crate::scenario::edit::check_all(&loaded.dataset, &list)?;
            let s = crate::pipeline::whatif_to_dir(&loaded, &list, jobs, xlsx, &out)?;
            println!(
                "what-if written to {} ({} scenarios, {} failed; base objective {:.6})",
                out.display(),
                s.scenarios,
                s.failed,
                s.base_objective
            );
            Ok(())
        }
        Command::Compare {
            dataset,
            policies,
            scenarios,
            out,
            jobs,
            xlsx,
        } => {
            let mut inputs: Vec<&std::path::Path> = vec![&dataset];
            inputs.extend(policies.iter().map(|p| p.as_path()));
            inputs.extend(scenarios.as_deref());
            check_output(&out, &inputs)?;
            let loaded = load(&dataset)?;
            let list = if !policies.is_empty() {
                policies
                    .iter()
                    .map(|p| crate::policy::read_policy(p))
                    .collect::<Result<Vec<_>>>()?
            } else if std::path::Path::new("models").is_dir() {
                crate::policy::read_policy_dir(std::path::Path::new("models"))?
            } else {
                crate::policy::builtin_policies()?
            };
            crate::compare::check_policy_names(&list)?;
            let sc = scenarios
                .map(|f| crate::scenario::read_scenarios(&f).map_err(|d| Error::Invalid(vec![d])))
                .transpose()?;
            if let Some(sc) = &sc {
                crate::scenario::edit::check_all(&loaded.dataset, sc)?;
            }
            let s =
                crate::compare::compare_to_dir(&loaded, &list, sc.as_deref(), jobs, xlsx, &out)?;
            println!(
                "comparison written to {} ({} policies, {} without a plan)",
                out.display(),
                s.policies,
                s.failed
            );
            Ok(())
        }
        Command::Template { out } => {
            check_new_file(&out)?;
            crate::report::xlsx::write_template(&out)?;
            println!("template written to {}", out.display());
            Ok(())
        }
        Command::Convert { from, to } => {
            if crate::input::is_workbook(&to) {
                check_new_file(&to)?;
            } else {
                check_output(&to, &[&from])?;
            }
            let mut diags = Vec::new();
            let raw = crate::input::read_source(&from, &mut diags);
            let errors: Vec<_> = diags.into_iter().filter(|d| d.is_error()).collect();
            if !errors.is_empty() {
                return Err(Error::Invalid(errors));
            }
            if crate::input::is_workbook(&to) {
                crate::report::xlsx::write_dataset_workbook(&raw, &to)?;
            } else {
                crate::report::write_dir_atomically(&to, |dir| {
                    crate::report::xlsx::write_dataset_folder(&raw, dir)
                })?;
            }
            println!("{} converted to {}", from.display(), to.display());
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
                dataset.display(),
                ds.parties.len(),
                ds.themes.len(),
                ds.partners.len(),
                ds.periods.len(),
                ds.needs.len(),
                ds.offers.len(),
                loaded.warnings.len()
            );
            Ok(())
        }
        Command::Generate {
            scale,
            parties,
            themes,
            partners,
            periods,
            seed,
            out,
        } => {
            let base = match scale.as_deref() {
                Some(s) => GenSpec::preset(s, seed).ok_or_else(|| {
                    Error::Other(format!("unknown scale \"{s}\"; expected S, M or L"))
                })?,
                None => GenSpec {
                    parties: 20,
                    themes: 8,
                    partners: 10,
                    periods: 2,
                    seed,
                },
            };
            let spec = GenSpec {
                parties: parties.unwrap_or(base.parties),
                themes: themes.unwrap_or(base.themes),
                partners: partners.unwrap_or(base.partners),
                periods: periods.unwrap_or(base.periods),
                seed,
            };
            if spec.parties == 0 || spec.themes == 0 || spec.partners == 0 || spec.periods == 0 {
                return Err(Error::Other(
                    "--parties, --themes, --partners and --periods must be at least 1".into(),
                ));
            }
            check_output(&out, &[])?;
            write_generated(&spec, &out)?;
            println!("dataset written to {}", out.display());
            Ok(())
        }
    }
}

/// A workbook taplan is asked to create must not replace an existing file (E0704): taplan
/// cannot tell a workbook it wrote from one a planner filled in.
fn check_new_file(path: &std::path::Path) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        let d = crate::error::Diagnostic::error(
            "E0704",
            path.display().to_string(),
            "the file exists; taplan does not overwrite workbooks: choose a new name or move the file away",
        );
        return Err(Error::Invalid(vec![d]));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !parent.is_dir() {
        let d = crate::error::Diagnostic::error(
            "E0704",
            path.display().to_string(),
            format!(
                "the folder {} does not exist; create it first",
                parent.display()
            ),
        );
        return Err(Error::Invalid(vec![d]));
    }
    Ok(())
}
