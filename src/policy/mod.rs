//! Allocation policies: each is a `Send + Sync` [`Policy`] read from a TOML file in `models/`.
//! LP policies extend the coverage model; rule-based baselines allocate without an optimiser.

mod fair;
mod floors;
mod four_year;
mod maxmin;
mod rules;
pub mod run;
mod star;

pub use fair::Fair;
pub use floors::{FloorPolicy, Shortfall};
pub use four_year::FourYear;
pub use rules::{Greedy, Proportional};
pub use star::StarLike;

use crate::dataset::Dataset;
use crate::error::Diagnostic;
use crate::plan::{Plan, Solved};
use crate::solver::{SolveContext, SolveStatus};
use crate::{Error, Result};
use serde::Deserialize;
use std::path::Path;

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
        }
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
        let solved = crate::plan::solve(ds, &[], cx.backend(), &cx.options(true))?;
        if solved.plan.status != SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(solved.plan.status.as_str().into()));
        }
        let mut out = PolicyOutcome::from_plan(solved.plan.clone());
        out.solved = Some(solved);
        Ok(out)
    }
}

/// A policy file: `kind` and the parameters of that kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    kind: toml::Spanned<String>,
    name: Option<toml::Spanned<String>>,
    #[serde(default)]
    elastic: bool,
    tolerance: Option<f64>,
    alpha: Option<f64>,
    min_coverage: Option<f64>,
    ratio: Option<f64>,
    carry_over_share: Option<f64>,
    deferral_discount: Option<f64>,
    continuity_share: Option<f64>,
    need_exponent: Option<f64>,
    weight_exponent: Option<f64>,
    floor: Option<f64>,
    ceiling_share: Option<f64>,
}

/// Read a policy TOML file (errors name the file and line).
pub fn read_policy(path: &Path) -> Result<Box<dyn Policy>> {
    let file = path.display().to_string();
    let text =
        crate::input::bounded::read_text(path, "E0601", "check the --policy / --policies path")
            .map_err(|d| Error::Invalid(vec![d]))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "policy".into());
    parse_policy(&file, &stem, &text)
}

pub fn parse_policy(file: &str, default_name: &str, text: &str) -> Result<Box<dyn Policy>> {
    let at = |offset: usize| crate::input::bounded::line_col(text, offset);
    let coded = |code: &'static str, pos: Option<(usize, usize)>, msg: String| {
        let d = Diagnostic::error(code, file, msg);
        Error::Invalid(vec![match pos {
            Some((l, c)) => d.at(l, c.to_string()),
            None => d,
        }])
    };
    let bad = |pos: Option<(usize, usize)>, msg: String| coded("E0602", pos, msg);
    // The line and column of `key = ...` (parameters are plain top-level keys).
    let line_of = |key: &str| {
        text.lines()
            .enumerate()
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|(i, l)| (i + 1, l.len() - l.trim_start().len() + 1))
    };
    let p: PolicyFile = toml::from_str(text).map_err(|e| {
        bad(
            e.span().map(|s| at(s.start)),
            format!("malformed policy file: {}", e.message().replace('\n', " ")),
        )
    })?;
    let name = p
        .name
        .as_ref()
        .map(|n| n.get_ref().clone())
        .unwrap_or_else(|| default_name.to_string());
    if let Some(problem) = crate::names::folder_name_problem(&name) {
        let pos = p
            .name
            .as_ref()
            .map(|n| at(n.span().start))
            .unwrap_or((1, 1));
        return Err(coded(
            "E0603",
            Some(pos),
            format!("policy {problem} (a policy's name names its folder in `compare`)"),
        ));
    }
    let unit = |v: Option<f64>, d: f64, what: &str| -> Result<f64> {
        let x = v.unwrap_or(d);
        if (0.0..=1.0).contains(&x) {
            Ok(x)
        } else {
            Err(bad(
                line_of(what),
                format!("`{what}` is {x}; expected a number from 0 to 1"),
            ))
        }
    };
    let positive = |v: Option<f64>, d: f64, what: &str| -> Result<f64> {
        let x = v.unwrap_or(d);
        if (0.0..=crate::validate::MAX_FACTOR).contains(&x) {
            Ok(x)
        } else {
            Err(bad(
                line_of(what),
                format!(
                    "`{what}` is {x}; expected a number from 0 to {:e}",
                    crate::validate::MAX_FACTOR
                ),
            ))
        }
    };
    Ok(match p.kind.get_ref().as_str() {
        "coverage" => Box::new(Coverage { name }),
        "fair" => Box::new(Fair {
            name,
            tolerance: positive(p.tolerance, 1e-6, "tolerance")?,
        }),
        "regional_balance" => Box::new(FloorPolicy::regional(
            name,
            unit(p.alpha, 0.8, "alpha")?,
            p.min_coverage
                .map(|m| unit(Some(m), 0.0, "min_coverage"))
                .transpose()?,
            p.elastic,
        )),
        "ldc_sids" => Box::new(FloorPolicy::ldc_sids(
            name,
            positive(p.ratio, 1.0, "ratio")?,
            p.min_coverage
                .map(|m| unit(Some(m), 0.0, "min_coverage"))
                .transpose()?,
            p.elastic,
        )),
        "four_year" => Box::new(FourYear {
            name,
            carry_over_share: unit(p.carry_over_share, 0.5, "carry_over_share")?,
            deferral_discount: unit(p.deferral_discount, 0.8, "deferral_discount")?,
            continuity_share: unit(p.continuity_share, 0.5, "continuity_share")?,
        }),
        "proportional" => Box::new(Proportional { name }),
        "greedy" => Box::new(Greedy { name }),
        "star_like" => Box::new(StarLike {
            name,
            need_exponent: positive(p.need_exponent, 0.8, "need_exponent")?,
            weight_exponent: positive(p.weight_exponent, 1.0, "weight_exponent")?,
            floor: positive(p.floor, 0.0, "floor")?,
            ceiling_share: unit(p.ceiling_share, 0.1, "ceiling_share")?,
        }),
        other => {
            return Err(bad(
                Some(at(p.kind.span().start)),
                format!(
                    "unknown policy kind \"{other}\"; expected coverage, fair, regional_balance, ldc_sids, four_year, proportional, greedy or star_like"
                ),
            ));
        }
    })
}

/// The policies bundled in `models/`, compiled in (used when no `--policies` are given and
/// there is no `models/` folder in the working directory).
pub const BUILTIN: &[(&str, &str)] = &[
    ("coverage", include_str!("../../models/coverage.toml")),
    ("fair", include_str!("../../models/fair.toml")),
    ("four-year", include_str!("../../models/four-year.toml")),
    ("greedy", include_str!("../../models/greedy.toml")),
    ("ldc-sids", include_str!("../../models/ldc-sids.toml")),
    (
        "proportional",
        include_str!("../../models/proportional.toml"),
    ),
    (
        "regional-balance",
        include_str!("../../models/regional-balance.toml"),
    ),
    ("star-like", include_str!("../../models/star-like.toml")),
];

pub fn builtin_policies() -> Result<Vec<Box<dyn Policy>>> {
    BUILTIN
        .iter()
        .map(|(name, text)| parse_policy(&format!("models/{name}.toml"), name, text))
        .collect()
}

/// Every `*.toml` in `dir`, sorted by file name.
pub fn read_policy_dir(dir: &Path) -> Result<Vec<Box<dyn Policy>>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_policy(p)).collect()
}
