//! `taplan whatif`: load → check every scenario → solve the base and every scenario (warm where
//! the model's structure allows) → a plan folder each, comparison tables → write → verify.

use super::folder::{FolderSettings, coverage_folder};
use crate::Result;
use crate::analysis::metrics::metrics;
use crate::cli::WhatifArgs;
use crate::dataset::Dataset;
use crate::plan::Plan;
use crate::report::whatif::{Compared, Funding, comparison_csv, comparison_md, deltas_csv};
use crate::report::whatif_html::comparison_html;
use crate::report::{Files, check_output, write_dir_atomically, xlsx};
use crate::scenario::{Edit, Outcome, ScenarioRun, solve_base, solve_each};
use crate::solver::SolveContext;
use crate::validate::load;
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(args: WhatifArgs) -> Result<()> {
    check_output(&args.out, &[&args.dataset, &args.scenarios])?;
    let loaded = load(&args.dataset)?;
    let list = crate::scenario::read_scenarios(&args.scenarios)
        .map_err(|d| crate::Error::Invalid(vec![d]))?;
    crate::scenario::edit::check_all(&loaded.dataset, &list)?;
    let cx = args.solve.context();
    let ds = &loaded.dataset;
    let settings = FolderSettings::default();
    let scenario_settings = FolderSettings {
        without_edges: !args.pair_sensitivity,
        ..settings
    };
    let bar = super::progress(list.len());
    let tick = || bar.inc(1);
    // Each scenario's folder is written as soon as it is solved, so only the scenarios in
    // progress are held in memory.
    let (rows, base_objective) = write_dir_atomically(&args.out, |dir| {
        let base = solve_base(&cx, ds, args.jobs)?;
        coverage_folder(
            &cx,
            &dir.join("base"),
            ds,
            &loaded.warnings,
            &base,
            settings,
        )?;
        let base_shape = shape(ds, &base.plan);
        let rows = solve_each(&cx, ds, &base, &list, args.jobs, &tick, |run| {
            scenario_folder(&cx, dir, &run, &base_shape, scenario_settings)
        })?;
        bar.finish_and_clear();
        let base_metrics = metrics(ds, &base.plan);
        let base_funding = Funding::of(ds, &base.plan);
        let mut files = Files::default();
        let csv = comparison_csv(ds, &rows)?;
        let deltas = deltas_csv(ds, &base_funding, &rows)?;
        if args.xlsx {
            let sheets = [
                ("comparison", "comparison.csv", csv.as_str()),
                ("deltas", "deltas.csv", deltas.as_str()),
            ];
            files.add("comparison.xlsx", xlsx::folder_workbook(&sheets)?);
        }
        files.add("comparison.csv", csv);
        files.add("deltas.csv", deltas);
        files.add(
            "comparison.md",
            comparison_md(ds, &base_metrics, &base_funding, &rows),
        );
        files.add(
            "comparison.html",
            comparison_html(ds, &base_metrics, &base_funding, &rows),
        );
        files.write_into(dir)?;
        Ok((rows, base_metrics.objective))
    })?;
    let failed = rows.iter().filter(|r| r.result.is_err()).count();
    println!(
        "what-if written to {} ({} scenarios, {failed} failed; base objective {base_objective:.6})",
        args.out.display(),
        rows.len()
    );
    Ok(())
}

/// One scenario's plan folder (under `scenarios/NAME`, a checked folder name) and its row of
/// comparison.csv.
fn scenario_folder(
    cx: &SolveContext,
    dir: &Path,
    run: &ScenarioRun,
    base_shape: &Shape,
    settings: FolderSettings,
) -> Compared {
    let sc = &run.scenario;
    let mut row = Compared {
        name: sc.name.clone(),
        description: sc.description.clone(),
        edits: sc.edits.iter().map(|(_, e)| e.describe()).collect(),
        path: "",
        result: Err(String::new()),
        same_shape: false,
        reweights: sc.edits.iter().any(|(_, e)| {
            matches!(
                e,
                Edit::SetPartyWeight(..) | Edit::SetThemeWeight(..) | Edit::SetPriority(..)
            )
        }),
    };
    match &run.outcome {
        Outcome::Failed(reason) => row.result = Err(reason.clone()),
        Outcome::Solved { ds, solved, path } => {
            let folder = dir.join("scenarios").join(&sc.name);
            row.path = path.as_str();
            row.result = coverage_folder(cx, &folder, ds, &[], solved, settings)
                .map(|_| (metrics(ds, &solved.plan), Funding::of(ds, &solved.plan)))
                .map_err(|e| e.to_string());
            row.same_shape = shape(ds, &solved.plan) == *base_shape;
        }
    }
    row
}

/// Which (offer, Party, theme, period) pairs carry money, by code.
type Shape = BTreeSet<(String, String, String, String)>;

fn shape(ds: &Dataset, plan: &Plan) -> Shape {
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
