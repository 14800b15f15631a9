//! Allocation policies: each is a `Send + Sync` [`Policy`] read from a TOML file in `models/`.
//! LP policies extend the coverage model; rule-based baselines allocate without an optimiser.

mod balance;
mod fair;
mod file;
pub(crate) mod floors;
mod four_year;
pub mod goal;
pub(crate) mod maxmin;
mod rules;
pub mod run;
mod star;

pub use balance::FloorPolicy;
pub use fair::Fair;
pub use file::{BUILTIN, builtin_policies, parse_policy, read_policy, read_policy_dir};
pub use floors::Shortfall;
pub use four_year::FourYear;
pub use rules::{Greedy, Proportional};
pub use star::StarLike;

use crate::dataset::Dataset;
use crate::plan::{Plan, Solved};
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};

/// Money moved between biennia by the four-year policy.
#[derive(Debug, Clone, PartialEq)]
pub struct CarryOver {
    pub from: crate::dataset::OfferId,
    pub to: crate::dataset::OfferId,
    pub amount: f64,
}

/// Need of one biennium met in the next, at a discounted value.
#[derive(Debug, Clone, PartialEq)]
pub struct Deferred {
    pub offer: crate::dataset::OfferId,
    pub need: crate::dataset::NeedId,
    pub amount: f64,
}

/// What a policy produced: a plan (same-period allocations), or why it has none.
#[derive(Debug, Clone)]
pub struct PolicyOutcome {
    pub plan: Plan,
    /// The policy's own objective: the plan's weighted coverage, plus for `four-year` the
    /// discounted value of need met one biennium late. Prices compare this value.
    pub value: f64,
    /// The coverage solve, when the policy is `coverage` (for sensitivity).
    pub solved: Option<Solved>,
    /// The LP a policy solved (for `--export-model`); `None` for rule-based policies.
    pub lp: Option<crate::model::LinearProgram>,
    /// Floors that could not be met (elastic runs).
    pub shortfalls: Vec<Shortfall>,
    pub carry_over: Vec<CarryOver>,
    pub deferred: Vec<Deferred>,
    /// Plain-language notes for the report.
    pub notes: Vec<String>,
    /// What the canonical stage found (LP policies).
    pub canonical: Option<crate::canonical::Canonical>,
}

impl PolicyOutcome {
    pub fn from_plan(plan: Plan) -> Self {
        PolicyOutcome {
            value: plan.objective,
            plan,
            solved: None,
            lp: None,
            shortfalls: Vec::new(),
            carry_over: Vec::new(),
            deferred: Vec::new(),
            notes: Vec::new(),
            canonical: None,
        }
    }

    /// The canonical plan of an LP policy's optimum `sol` of `lp` (see [`crate::canonical`]);
    /// the optimum itself with [`SolveContext::first_stage_only`].
    pub fn settled(
        ds: &Dataset,
        lp: crate::model::LinearProgram,
        mut sol: crate::solver::LpSolution,
        cx: &SolveContext,
    ) -> Result<(Self, crate::solver::LpSolution)> {
        let canonical = if cx.first_stage_only {
            None
        } else {
            Some(crate::plan::settle_lp(ds, &lp, &mut sol, cx)?)
        };
        let mut out = PolicyOutcome::from_plan(crate::plan::extract(
            ds,
            &lp,
            &sol,
            cx.backend().name(),
            0.0,
        ));
        out.canonical = canonical;
        out.lp = Some(lp);
        Ok((out, sol))
    }

    /// The LP behind the plan, if the policy solved one.
    pub fn model(&self) -> Option<&crate::model::LinearProgram> {
        self.solved.as_ref().map(|s| &s.lp).or(self.lp.as_ref())
    }
}

/// An allocation policy. A policy that cannot produce a plan (floors that conflict without an
/// elastic run) returns [`Error::NoOptimalPlan`] naming the conflicting constraints.
pub trait Policy: Send + Sync {
    fn name(&self) -> &str;
    fn kind(&self) -> &'static str;
    fn allocate(&self, ds: &Dataset, cx: &SolveContext) -> Result<PolicyOutcome>;
    /// The policy whose optimum prices this one; `None` means `coverage`. A policy that changes
    /// what money can do (four-year's carry-over and deferral) is priced against the optimum
    /// with the same freedoms and none of its rules, so its price is what its rules cost.
    fn price_reference(&self) -> Option<Box<dyn Policy>> {
        None
    }
    /// Whether the policy solves an LP (false for the rule-based baselines).
    fn solves_lp(&self) -> bool {
        true
    }
}

/// The canonical coverage model as a policy.
pub struct Coverage {
    pub name: String,
}

impl Policy for Coverage {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &'static str {
        "coverage"
    }
    fn allocate(&self, ds: &Dataset, cx: &SolveContext) -> Result<PolicyOutcome> {
        let solved = crate::plan::solve_canonical(ds, cx, true)?;
        if solved.plan.status != SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(solved.plan.status.as_str().into()));
        }
        let mut out = PolicyOutcome::from_plan(solved.plan.clone());
        out.canonical = solved.canonical.clone();
        out.solved = Some(solved);
        Ok(out)
    }
}
