//! The `taplan` binary: parse arguments, call the library, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = taplan::cli::Cli::parse();
    if let Err(e) = taplan::commands::run(cli.command) {
        eprintln!("{e}");
        std::process::exit(e.exit_code());
    }
}
