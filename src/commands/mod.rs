//! The commands, one file each. Every command composes the same steps from the layers below:
//! load (validate) → solve (solver, policy, scenario) → analyse (analysis) → render (report,
//! in memory) → write (an atomic output folder) → verify (the independent check of what was
//! written). Lower layers never call up into this one.

mod compare;
mod convert;
mod explain;
mod folder;
mod generate;
mod goal;
mod plan;
mod serve;
mod template;
mod validate;
mod verify;
mod whatif;

pub use folder::{FolderSettings, coverage_folder, plan_to_dir, policy_folder};

use crate::Result;
use crate::cli::Command;

/// A progress bar of `n` steps on stderr when it is a terminal, hidden otherwise (long runs:
/// `whatif`, `compare`).
fn progress(n: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(n as u64)
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Run one command; what it prints on success goes to stdout, warnings to stderr.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Plan(args) => plan::run(args),
        Command::Goal(args) => goal::run(args),
        Command::Template(args) => template::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Whatif(args) => whatif::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Generate(args) => generate::run(args),
    }
}
