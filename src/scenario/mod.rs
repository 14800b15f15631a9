//! What-if scenarios: edits on the base dataset read from a TOML file, solved in parallel with
//! warm starts from the base plan, and compared with it.

pub mod edit;
pub mod file;
pub mod run;

pub use file::{read_scenarios, Edit, Scenario, Select};
pub use run::{run_scenarios, Outcome, ScenarioRun, WhatIf};
