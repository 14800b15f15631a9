//! `taplan compare`: every policy on the same data (and, optionally, under every scenario),
//! with metrics, a plan folder per policy and a plain-language reading.

use crate::Result;
use crate::analysis::metrics::{PlanMetrics, metrics};
use crate::dataset::Dataset;
use crate::parallel::par_map;
use crate::pipeline::write_policy_dir;
use crate::policy::{Coverage, Policy, PolicyOutcome};
use crate::report::compare_policies::{
    compare_md, metrics_csv, robustness_csv, scenario_metrics_csv,
};
use crate::report::{write_dir_atomically, write_file};
use crate::scenario::{Scenario, edit::apply};
use crate::validate::Loaded;
use std::path::Path;

/// One policy's result on one dataset.
pub struct PolicyRun {
    pub policy: String,
    pub kind: String,
    pub result: std::result::Result<(PolicyOutcome, PlanMetrics), String>,
    /// (reference optimum - this policy's value) / reference optimum: what the policy's rules
    /// cost against the best plan with the same freedoms (>= 0 up to solver tolerance).
    pub price: f64,
    /// The policy whose optimum is the price reference (`coverage` for all but `four_year`).
    pub price_reference: String,
    /// (coverage optimum - this plan's weighted coverage) / coverage optimum; negative when a
    /// policy has more money to spend than the biennial plans (four-year carry-over).
    pub vs_coverage: f64,
}

/// Run every policy on `ds` in parallel. Prices are against the coverage optimum, taken from
/// the `coverage` run when it is in the list (solved separately only when it is not), or
/// against the policy's own [`Policy::price_reference`] when it names one.
pub fn run_policies(
    ds: &Dataset,
    policies: &[Box<dyn Policy>],
    jobs: Option<usize>,
) -> Result<Vec<PolicyRun>> {
    let mut runs = par_map(jobs, policies, |p| {
        let result = p.allocate(ds).map(|o| {
            let m = metrics(ds, &o.plan);
            (o, m)
        });
        let own = p
            .price_reference()
            .map(|r| (r.name().to_string(), r.allocate(ds).map(|o| o.value)));
        let run = PolicyRun {
            policy: p.name().to_string(),
            kind: p.kind().to_string(),
            result: result.map_err(|e| e.to_string()),
            price: 0.0,
            price_reference: "coverage".into(),
            vs_coverage: 0.0,
        };
        (run, own)
    })?;
    let listed = runs
        .iter()
        .find(|(r, _)| r.kind == "coverage")
        .and_then(|(r, _)| r.result.as_ref().ok())
        .map(|(o, _)| o.plan.objective);
    let coverage = match listed {
        Some(obj) => obj,
        None => {
            Coverage {
                name: "coverage".into(),
            }
            .allocate(ds)?
            .plan
            .objective
        }
    };
    let share = |reference: f64, value: f64| {
        if reference > 0.0 {
            (reference - value) / reference
        } else {
            0.0
        }
    };
    let mut out = Vec::with_capacity(runs.len());
    for (mut r, own) in runs.drain(..) {
        if let Ok((o, _)) = &r.result {
            r.vs_coverage = share(coverage, o.plan.objective);
            r.price = match own {
                Some((name, reference)) => {
                    r.price_reference = name;
                    share(reference?, o.value)
                }
                None => r.vs_coverage,
            };
        }
        out.push(r);
    }
    Ok(out)
}

/// What a comparison produced, in brief.
pub struct CompareSummary {
    pub policies: usize,
    pub failed: usize,
}

/// Run the comparison and write DIR/<policy>/, metrics.csv, compare.md (and with scenarios
/// scenario_metrics.csv and robustness.csv) atomically.
pub fn compare_to_dir(
    loaded: &Loaded,
    policies: &[Box<dyn Policy>],
    scenarios: Option<&[Scenario]>,
    jobs: Option<usize>,
    xlsx: bool,
    out: &Path,
) -> Result<CompareSummary> {
    let ds = &loaded.dataset;
    let runs = run_policies(ds, policies, jobs)?;
    let spread = match scenarios {
        Some(list) => Some(run_under_scenarios(ds, policies, list, jobs)?),
        None => None,
    };
    write_dir_atomically(out, |dir| {
        let written = par_map(jobs, &runs, |r| match &r.result {
            Ok((o, _)) => write_policy_dir(
                &dir.join(&r.policy),
                ds,
                &loaded.warnings,
                (&r.policy, &r.kind),
                o,
            )
            .map(|_| ()),
            Err(_) => Ok(()),
        })?;
        written.into_iter().collect::<Result<Vec<()>>>()?;
        write_file(dir, "metrics.csv", &metrics_csv(ds, &runs)?)?;
        let mut md = compare_md(ds, &runs);
        if let Some(rows) = &spread {
            write_file(dir, "scenario_metrics.csv", &scenario_metrics_csv(rows)?)?;
            let (csv, section) = robustness_csv(rows)?;
            write_file(dir, "robustness.csv", &csv)?;
            md.push_str(&section);
        }
        write_file(dir, "compare.md", &md)?;
        write_file(
            dir,
            "compare.html",
            &crate::report::compare_policies::compare_html(ds, &runs),
        )?;
        if xlsx {
            crate::report::xlsx::write_folder_workbook(
                dir,
                "compare.xlsx",
                &[
                    ("metrics", "metrics.csv"),
                    ("scenario metrics", "scenario_metrics.csv"),
                    ("robustness", "robustness.csv"),
                ],
            )?;
        }
        Ok(CompareSummary {
            policies: runs.len(),
            failed: runs.iter().filter(|r| r.result.is_err()).count(),
        })
    })
}

/// The files `compare` writes beside the policy folders: no policy may be named like one.
pub const COMPARE_FILES: &[&str] = &[
    "metrics.csv",
    "compare.md",
    "compare.html",
    "compare.xlsx",
    "scenario_metrics.csv",
    "robustness.csv",
];

/// Policy names become folder names: refuse two that would share a folder, or one named like
/// a file of the comparison (E0603).
pub fn check_policy_names(policies: &[Box<dyn Policy>]) -> Result<()> {
    let mut folders = crate::names::FolderNames::default();
    let mut errors = Vec::new();
    for p in policies {
        let name = p.name();
        let clash = if COMPARE_FILES.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            Some(format!(
                "policy name \"{name}\" is the name of a file compare writes; rename the policy"
            ))
        } else {
            folders.insert(name).map(|first| format!("policy name \"{name}\" is used twice (or differs from \"{first}\" only in letter case); give every policy its own name"))
        };
        if let Some(msg) = clash {
            errors.push(crate::error::Diagnostic::error("E0603", "--policies", msg));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Invalid(errors))
    }
}

/// One (scenario, policy) result: metrics or the failure reason.
pub struct ScenarioPolicy {
    pub scenario: String,
    pub policy: String,
    pub result: std::result::Result<PlanMetrics, String>,
}

fn run_under_scenarios(
    base: &Dataset,
    policies: &[Box<dyn Policy>],
    scenarios: &[Scenario],
    jobs: Option<usize>,
) -> Result<Vec<ScenarioPolicy>> {
    let mut pairs = Vec::new();
    for s in 0..scenarios.len() {
        for p in 0..policies.len() {
            pairs.push((s, p));
        }
    }
    par_map(jobs, &pairs, |&(s, p)| {
        let sc = &scenarios[s];
        let result = apply(base, sc).map_err(|d| d.to_string()).and_then(|ds| {
            policies[p]
                .allocate(&ds)
                .map(|o| metrics(&ds, &o.plan))
                .map_err(|e| e.to_string())
        });
        ScenarioPolicy {
            scenario: sc.name.clone(),
            policy: policies[p].name().to_string(),
            result,
        }
    })
}
