//! `taplan compare`: load → every policy (and, with `--scenarios`, every policy under every
//! scenario) → a plan folder per policy, metrics and a plain-language reading → write → verify.

use super::folder::{FolderSettings, policy_folder};
use crate::analysis::frontier::{FloorKind, FrontierPoint, frontier};
use crate::cli::CompareArgs;
use crate::error::{Diagnostic, Error};
use crate::policy::run::{PolicyRun, ScenarioPolicy, run_policies, run_under_scenarios};
use crate::policy::{Policy, builtin_policies, read_policy, read_policy_dir};
use crate::report::compare::{compare_html, compare_md, metrics_csv};
use crate::report::frontier::{frontier_csv, frontier_md};
use crate::report::robustness::{robustness_csv, scenario_metrics_csv};
use crate::report::{Files, check_output, write_dir_atomically, xlsx};
use crate::validate::{Loaded, load};
use crate::{Result, names::FolderNames};
use std::path::Path;

/// The files `compare` writes beside the policy folders: no policy may be named like one.
pub const COMPARE_FILES: &[&str] = &[
    "metrics.csv",
    "compare.md",
    "frontier.csv",
    "compare.html",
    "compare.xlsx",
    "scenario_metrics.csv",
    "robustness.csv",
];

pub fn run(args: CompareArgs) -> Result<()> {
    let mut inputs: Vec<&Path> = vec![&args.dataset];
    inputs.extend(args.policies.iter().map(|p| p.as_path()));
    inputs.extend(args.scenarios.as_deref());
    check_output(&args.out, &inputs)?;
    let loaded = load(&args.dataset)?;
    let policies = policies(&args.policies)?;
    check_policy_names(&policies)?;
    let scenarios = match &args.scenarios {
        Some(f) => Some(crate::scenario::read_scenarios(f).map_err(|d| Error::Invalid(vec![d]))?),
        None => None,
    };
    if let Some(sc) = &scenarios {
        crate::scenario::edit::check_all(&loaded.dataset, sc)?;
    }
    let cx = args.solve.context();
    let pairs = scenarios.as_ref().map_or(0, |l| l.len() * policies.len());
    let bar = super::progress(policies.len() + pairs);
    let runs = run_policies(&cx, &loaded.dataset, &policies, args.jobs)?;
    bar.inc(policies.len() as u64);
    let tick = || bar.inc(1);
    let spread = match &scenarios {
        Some(list) => Some(run_under_scenarios(
            &cx,
            &loaded.dataset,
            &policies,
            list,
            args.jobs,
            &tick,
        )?),
        None => None,
    };
    let frontier = if args.no_frontier {
        Vec::new()
    } else {
        fairness_frontier(&cx, &loaded.dataset)?
    };
    bar.finish_and_clear();
    write_dir_atomically(&args.out, |dir| {
        policy_folders(&cx, dir, &loaded, &runs, args.jobs)?;
        let analysis = Analysis {
            runs: &runs,
            spread: spread.as_deref(),
            frontier: &frontier,
        };
        tables(&loaded, &analysis, args.xlsx)?.write_into(dir)
    })?;
    let failed = runs.iter().filter(|r| r.result.is_err()).count();
    println!(
        "comparison written to {} ({} policies, {failed} without a plan)",
        args.out.display(),
        runs.len()
    );
    Ok(())
}

/// What compare found, for its tables: the policy runs, their spread under scenarios, and the
/// price-of-fairness frontiers.
struct Analysis<'a> {
    runs: &'a [PolicyRun],
    spread: Option<&'a [ScenarioPolicy]>,
    frontier: &'a [FrontierPoint],
}

/// Both price-of-fairness frontiers: every Party's floor, then the LDCs'.
fn fairness_frontier(
    cx: &crate::solver::SolveContext,
    ds: &crate::dataset::Dataset,
) -> Result<Vec<FrontierPoint>> {
    let mut out = frontier(cx, ds, FloorKind::WorstParty)?;
    out.extend(frontier(cx, ds, FloorKind::Ldc)?);
    Ok(out)
}

/// The policies named, or every file in ./models, or the bundled ones.
fn policies(files: &[std::path::PathBuf]) -> Result<Vec<Box<dyn Policy>>> {
    if !files.is_empty() {
        files.iter().map(|p| read_policy(p)).collect()
    } else if Path::new("models").is_dir() {
        read_policy_dir(Path::new("models"))
    } else {
        builtin_policies()
    }
}

/// Policy names become folder names: refuse two that would share a folder, or one named like
/// a file of the comparison (E0603).
pub fn check_policy_names(policies: &[Box<dyn Policy>]) -> Result<()> {
    let mut folders = FolderNames::default();
    let mut errors = Vec::new();
    for p in policies {
        let name = p.name();
        let clash = if COMPARE_FILES.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            Some(format!(
                "policy name \"{name}\" is the name of a file compare writes; rename the policy"
            ))
        } else {
            folders.insert(name).map(|first| {
                format!("policy name \"{name}\" is used twice (or differs from \"{first}\" only in letter case); give every policy its own name")
            })
        };
        if let Some(msg) = clash {
            errors.push(Diagnostic::error("E0603", "--policies", msg));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// A plan folder per policy that produced a plan, written in parallel.
fn policy_folders(
    cx: &crate::solver::SolveContext,
    dir: &Path,
    loaded: &Loaded,
    runs: &[PolicyRun],
    jobs: Option<usize>,
) -> Result<()> {
    let written = crate::parallel::par_map(jobs, runs, |r| match &r.result {
        Ok((o, _)) => {
            let kind = (r.policy.as_str(), r.kind.as_str());
            let folder = dir.join(&r.policy);
            policy_folder(
                cx,
                &folder,
                &loaded.dataset,
                &loaded.warnings,
                kind,
                o,
                FolderSettings::default(),
            )
            .map(|_| ())
        }
        Err(_) => Ok(()),
    })?;
    written.into_iter().collect()
}

/// metrics.csv, compare.md and compare.html (with scenarios also scenario_metrics.csv and
/// robustness.csv), and with `xlsx` compare.xlsx from those tables.
fn tables(loaded: &Loaded, a: &Analysis, with_xlsx: bool) -> Result<Files> {
    let (runs, spread) = (a.runs, a.spread);
    let ds = &loaded.dataset;
    let metrics = metrics_csv(ds, runs)?;
    let mut md = compare_md(ds, runs);
    let mut sheets: Vec<(&str, &str, String)> = vec![("metrics", "metrics.csv", metrics)];
    if !a.frontier.is_empty() {
        md.push_str(&frontier_md(a.frontier));
        sheets.push(("frontier", "frontier.csv", frontier_csv(a.frontier)));
    }
    if let Some(rows) = spread {
        sheets.push((
            "scenario metrics",
            "scenario_metrics.csv",
            scenario_metrics_csv(rows)?,
        ));
        let (csv, section) = robustness_csv(rows)?;
        sheets.push(("robustness", "robustness.csv", csv));
        md.push_str(&section);
    }
    let mut files = Files::default();
    for (_, file, text) in &sheets {
        files.add(file, text.as_str());
    }
    files.add("compare.md", md);
    files.add("compare.html", compare_html(ds, runs, a.frontier));
    if with_xlsx {
        let refs: Vec<(&str, &str, &str)> = sheets
            .iter()
            .map(|(s, f, t)| (*s, *f, t.as_str()))
            .collect();
        files.add("compare.xlsx", xlsx::folder_workbook(&refs)?);
    }
    Ok(files)
}
