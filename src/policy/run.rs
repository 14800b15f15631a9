//! Running policies: every policy on one dataset, priced against its reference optimum, and
//! every policy under every scenario (what `taplan compare` reports).

use super::{Coverage, Policy, PolicyOutcome};
use crate::Result;
use crate::analysis::metrics::{PlanMetrics, metrics};
use crate::dataset::Dataset;
use crate::parallel::par_map;
use crate::scenario::{Scenario, edit::apply};
use crate::solver::SolveContext;

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
    /// Whether the policy's rules change the plan: its canonical plan funds some need
    /// differently from the coverage plan's (beyond [`FUNDING_TOLERANCE`]), or its price is
    /// not zero. A policy whose constraints do not bind is reported as such, not as a change.
    pub binds: bool,
}

/// Two canonical plans fund a need alike within this, relative to max(1, amount) (the issue's
/// tolerance; the leximin stages hold each level to 1e-8 of coverage, `canonical::FIX_TOLERANCE`).
pub const FUNDING_TOLERANCE: f64 = 1e-6;

/// Prices within this of zero (relative to the reference optimum) are solver tolerance: 0.
pub const PRICE_TOLERANCE: f64 = 1e-9;

/// Run every policy on `ds` in parallel. Prices are against the coverage optimum, taken from
/// the `coverage` run when it is in the list (solved separately only when it is not), or
/// against the policy's own [`Policy::price_reference`] when it names one.
pub fn run_policies(
    cx: &SolveContext,
    ds: &Dataset,
    policies: &[Box<dyn Policy>],
    jobs: Option<usize>,
) -> Result<Vec<PolicyRun>> {
    let runs = par_map(jobs, policies, |p| run_one(cx, ds, p.as_ref()))?;
    let listed = runs
        .iter()
        .find(|(r, _)| r.kind == "coverage")
        .and_then(|(r, _)| r.result.as_ref().ok())
        .map(|(o, _)| o.plan.clone());
    let coverage_plan = match listed {
        Some(plan) => plan,
        None => {
            Coverage {
                name: "coverage".into(),
            }
            .allocate(ds, cx)?
            .plan
        }
    };
    let coverage = coverage_plan.objective;
    let coverage_funding = coverage_plan.funded_by_need(ds);
    let mut out = Vec::with_capacity(runs.len());
    for (mut r, own) in runs {
        if let Ok((o, _)) = &r.result {
            r.vs_coverage = price(coverage, o.plan.objective);
            r.price = match own {
                Some((name, reference)) => {
                    r.price_reference = name;
                    price(reference?, o.value)
                }
                None => r.vs_coverage,
            };
            r.binds = r.kind != "coverage"
                && (r.price != 0.0 || changes_funding(ds, &coverage_funding, &o.plan));
        }
        out.push(r);
    }
    Ok(out)
}

/// One policy's plan and metrics, and its own price reference's optimum when it names one.
fn run_one(
    cx: &SolveContext,
    ds: &Dataset,
    p: &dyn Policy,
) -> (PolicyRun, Option<(String, Result<f64>)>) {
    let result = p.allocate(ds, cx).map(|o| {
        let m = metrics(ds, &o.plan);
        (o, m)
    });
    let own = p
        .price_reference()
        .map(|r| (r.name().to_string(), r.allocate(ds, cx).map(|o| o.value)));
    let run = PolicyRun {
        policy: p.name().to_string(),
        kind: p.kind().to_string(),
        result: result.map_err(|e| e.to_string()),
        price: 0.0,
        price_reference: "coverage".into(),
        vs_coverage: 0.0,
        binds: false,
    };
    (run, own)
}

/// (reference - value) / reference: the share of the reference optimum a plan gives up (0
/// within [`PRICE_TOLERANCE`]).
fn price(reference: f64, value: f64) -> f64 {
    let p = if reference > 0.0 {
        (reference - value) / reference
    } else {
        0.0
    };
    if p.abs() <= PRICE_TOLERANCE { 0.0 } else { p }
}

/// Whether `plan` funds some need differently from `base` (need-level funding, the part of a
/// canonical plan that is unique), beyond [`FUNDING_TOLERANCE`].
fn changes_funding(ds: &Dataset, base: &[f64], plan: &crate::plan::Plan) -> bool {
    let funded = plan.funded_by_need(ds);
    ds.needs
        .iter()
        .zip(base.iter().zip(&funded))
        .any(|(n, (a, b))| (a - b).abs() > FUNDING_TOLERANCE * n.amount.max(1.0))
}

/// One (scenario, policy) result: metrics or the failure reason.
pub struct ScenarioPolicy {
    pub scenario: String,
    pub policy: String,
    pub result: std::result::Result<PlanMetrics, String>,
}

/// Every policy under every scenario, in parallel; `tick` is called once per finished pair
/// (for a progress bar).
pub fn run_under_scenarios(
    cx: &SolveContext,
    base: &Dataset,
    policies: &[Box<dyn Policy>],
    scenarios: &[Scenario],
    jobs: Option<usize>,
    tick: &(dyn Fn() + Sync),
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
                .allocate(&ds, cx)
                .map(|o| metrics(&ds, &o.plan))
                .map_err(|e| e.to_string())
        });
        tick();
        ScenarioPolicy {
            scenario: sc.name.clone(),
            policy: policies[p].name().to_string(),
            result,
        }
    })
}
