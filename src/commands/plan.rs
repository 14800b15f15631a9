//! `taplan plan`: load → solve (coverage, or a policy) → analyse → render → write → verify.

use super::folder::{FolderSettings, plan_to_dir, policy_folder};
use crate::Result;
use crate::cli::PlanArgs;
use crate::error::{Diagnostic, Error};
use crate::model::LinearProgram;
use crate::report::{check_output, model_file, write_dir_atomically};
use crate::solver::SolveContext;
use crate::validate::{Loaded, load};
use std::path::Path;
use std::time::Instant;

pub fn run(args: PlanArgs) -> Result<()> {
    let mut inputs = vec![args.dataset.as_path()];
    inputs.extend(args.policy.as_deref());
    check_output(&args.out, &inputs)?;
    if let Some(path) = &args.export_model {
        model_file::check_model_path(path)?;
        // Inside the output folder the model would be a file the folder's marker does not list.
        check_output(&args.out, &[path.as_path()]).map_err(|_| {
            let msg = "the model file would be inside the output folder; write it beside it";
            Error::Invalid(vec![Diagnostic::error(
                "E0703",
                path.display().to_string(),
                msg,
            )])
        })?;
    }
    let t0 = Instant::now();
    let loaded = load(&args.dataset)?;
    let settings = FolderSettings {
        budget_curve: args.curve_scopes(),
        xlsx: args.xlsx,
        load_seconds: t0.elapsed().as_secs_f64(),
        ..FolderSettings::default()
    };
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
    let cx = args.solve.context();
    let (summary, lp) = match &args.policy {
        None => {
            let (solved, stats) = plan_to_dir(&cx, &loaded, &args.out, settings)?;
            let line = format!(
                "objective {:.6}, allocated {:.1} of {:.1} need, {} warnings",
                solved.plan.objective,
                stats.total_allocated,
                stats.total_need,
                loaded.warnings.len()
            );
            (line, Some(solved.lp))
        }
        Some(file) => with_policy(&args, file, &loaded, &cx, settings)?,
    };
    if let (Some(path), Some(lp)) = (&args.export_model, &lp) {
        model_file::export_model(lp, path)?;
    }
    println!("plan written to {} ({summary})", args.out.display());
    Ok(())
}

/// `plan --policy FILE`: the policy's plan folder; its summary line and the LP it solved.
fn with_policy(
    args: &PlanArgs,
    file: &Path,
    loaded: &Loaded,
    cx: &SolveContext,
    settings: FolderSettings,
) -> Result<(String, Option<LinearProgram>)> {
    let policy = crate::policy::read_policy(file)?;
    if args.export_model.is_some() && !policy.solves_lp() {
        let msg = format!(
            "policy {} allocates by rule and solves no LP; drop --export-model",
            policy.name()
        );
        return Err(Error::Invalid(vec![Diagnostic::error(
            "E0703",
            file.display().to_string(),
            msg,
        )]));
    }
    let ds = &loaded.dataset;
    let outcome = policy.allocate(ds, cx)?;
    let stats = write_dir_atomically(&args.out, |dir| {
        let kind = (policy.name(), policy.kind());
        policy_folder(cx, dir, ds, &loaded.warnings, kind, &outcome, settings)
    })?;
    let line = format!(
        "policy {}, weighted coverage objective {:.6}, allocated {:.1} of {:.1} need",
        policy.name(),
        outcome.plan.objective,
        stats.total_allocated,
        stats.total_need
    );
    Ok((line, outcome.model().cloned()))
}
