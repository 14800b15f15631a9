//! What-if scenarios: edits on the base dataset read from a TOML file, solved in parallel with
//! warm starts from the base plan, and compared with it.

pub mod edit;
pub mod file;
mod raw_edit;
pub mod run;
pub(crate) mod spares;
mod types;

pub use file::{Edit, Scenario, Select, read_scenarios};
pub use run::{Outcome, ScenarioRun, WhatIf, run_scenarios, solve_base, solve_each};
