//! # taplan
//!
//! taplan turns the technical assistance needs reported by developing country Parties and
//! Parties with economies in transition under Article 12 of the Stockholm Convention, and the
//! assistance partners make available, into an optimised allocation over Parties, themes,
//! partners and biennia.
//!
//! ## From dataset to plan
//!
//! ```
//! use taplan::{plan, solver::{structured, SolveOptions}, validate};
//! let loaded = validate::load(std::path::Path::new("datasets/tiny")).unwrap(); // ok: doc example
//! // The default back end: independent blocks in parallel, each from a greedy crash basis.
//! let solved = plan::solve(&loaded.dataset, &[], &structured(), &SolveOptions::default()).unwrap(); // ok: doc example
//! assert_eq!(solved.plan.status, taplan::solver::SolveStatus::Optimal);
//! assert!((solved.plan.objective - 869.0).abs() < 1e-6); // the hand-solved optimum
//! ```
//!
//! ## The data flow and its modules
//!
//! | stage | module | responsibility |
//! |---|---|---|
//! | load | [`input`] | CSV/TOML files to raw rows, no business rules |
//! | validate | [`validate`] | raw rows to a typed [`dataset::Dataset`], every problem coded |
//! | model | [`model`] | the `coverage` LP, open to [`model::ModelExtension`]s |
//! | solve | [`solver`] | the [`solver::Backend`] trait; HiGHS (blocks, crash, column generation) and Clarabel |
//! | plan | [`plan`] | solution to allocations and the recomputed objective |
//! | analyse | [`analysis`] | coverage statistics |
//! | report | [`report`] | plan folder files, written atomically |
//! | verify | [`verify`] | an independent proof of a plan folder |
//!
//! [`generate`] writes seeded synthetic datasets; [`cli`] and [`commands`] are the command line.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod dataset;
pub mod error;
pub mod generate;
pub mod input;
pub mod model;
pub mod names;
pub mod parallel;
pub mod plan;
pub mod policy;
pub mod report;
pub mod scenario;
pub mod solver;
pub mod validate;
pub mod verify;

pub use error::{Diagnostic, Error, Result};
