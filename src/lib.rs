//! # taplan
//!
//! taplan turns the technical assistance needs reported by developing country Parties and
//! Parties with economies in transition under Article 12 of the Stockholm Convention, and the
//! assistance partners make available, into an optimised, verified allocation over Parties,
//! themes, partners and biennia.
//!
//! ## From dataset to plan
//!
//! Every command composes the same steps; here they are by hand, on the bundled tiny dataset:
//!
//! ```
//! use taplan::{analysis, plan, report, solver::SolveContext, validate, verify};
//! # fn main() -> taplan::Result<()> {
//! // Load: read the files and validate them into a typed dataset (bad input is Error::Invalid).
//! let loaded = validate::load(std::path::Path::new("datasets/tiny"))?;
//! let ds = &loaded.dataset;
//! // Solve: the coverage LP on the default back end (blocks, greedy crash, column generation),
//! // then settle on the canonical plan among the equally good ones (docs/canonical-plan.md).
//! let cx = SolveContext::default();
//! let solved = plan::solve_canonical(ds, &cx, true)?;
//! assert_eq!(solved.plan.status, taplan::solver::SolveStatus::Optimal);
//! assert!((solved.plan.objective - 869.0).abs() < 1e-6); // the hand-solved optimum
//! // Analyse: shadow prices, ranging, exact gains and the exact budget curve.
//! let scopes = analysis::budget_curve::CurveScopes::All;
//! let analysis = analysis::analyse(&cx, ds, &solved, scopes)?;
//! // Render every file in memory, write them, and prove what was written.
//! let out = report::PlanOutput {
//!     ds,
//!     plan: &solved.plan,
//!     warnings: &loaded.warnings,
//!     policy: "coverage",
//!     policy_kind: "coverage",
//!     load_seconds: 0.0,
//!     analysis_seconds: analysis.seconds,
//!     curve_seconds: analysis.curve_seconds,
//!     sensitivity: analysis.sensitivity.as_ref(),
//!     curve: &analysis.curve,
//!     policy_outcome: None,
//!     canonical: solved.canonical.as_ref(),
//!     edges: true,
//! };
//! let (files, _stats) = report::render_plan(&out, false)?;
//! let dir = std::env::temp_dir().join(format!("taplan-tour-{}", std::process::id()));
//! files.write_into(&dir)?;
//! assert!(verify::verify(ds, &dir, true).ok());
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok(())
//! # }
//! ```
//!
//! [`commands::plan_to_dir`] does the same into an output folder written atomically (a
//! temporary sibling renamed into place, never over a folder taplan did not write).
//!
//! ## The public API, stage by stage
//!
//! | stage | module | what it offers |
//! |---|---|---|
//! | load | [`input`], [`validate`] | files to raw rows ([`input::parse_table`], ...), raw rows to a typed [`dataset::Dataset`] with every problem coded ([`validate::load`]) |
//! | model | [`model`] | the `coverage` LP ([`model::build`]), open to [`model::ModelExtension`]s |
//! | solve | [`solver`] | [`solver::Solver`] (the back ends), [`solver::SolveContext`], [`solver::Backend`], statuses and solutions |
//! | plan | [`plan`] | [`plan::solve`]: model, solve and the [`plan::Plan`] with its recomputed objective |
//! | policies | [`policy`] | [`policy::Policy`] read from TOML ([`policy::read_policy`]), [`policy::run::run_policies`] |
//! | what-if | [`scenario`] | scenario files ([`scenario::read_scenarios`]), edits, [`scenario::run_scenarios`] |
//! | analyse | [`analysis`] | [`analysis::analyse`], statistics, metrics, sensitivity, the budget curve |
//! | render | [`report`] | [`report::render_plan`] into in-memory [`report::Files`]; atomic output folders |
//! | verify | [`verify`] | [`verify::verify`]: an independent proof of a plan folder |
//! | commands | [`cli`], [`commands`] | the command line; [`commands::plan_to_dir`] and the plan-folder steps |
//!
//! [`generate`] writes seeded synthetic datasets. Errors are [`Error`] (a failed run) and
//! [`Diagnostic`] (one coded finding in an input file).

pub mod analysis;
pub mod canonical;
pub mod cli;
pub mod commands;
pub mod dataset;
pub mod error;
pub mod generate;
pub mod input;
pub mod model;
pub(crate) mod names;
pub(crate) mod parallel;
pub mod plan;
pub mod policy;
pub mod report;
pub mod scenario;
pub(crate) mod serve;
pub mod solver;
#[cfg(test)]
pub(crate) mod testkit;
pub mod validate;
pub mod verify;

pub use error::{Diagnostic, Error, Result};
