//! `taplan serve`: load → solve the base plan → serve the page and the API until stopped.

use crate::cli::ServeArgs;
use crate::serve::State;
use crate::solver::SolveContext;
use crate::validate::load;
use crate::{Error, Result};
use std::sync::Arc;

pub fn run(args: ServeArgs) -> Result<()> {
    if let Some(path) = &args.scenarios_out {
        check_scenarios_out(path)?;
    }
    let loaded = load(&args.dataset)?;
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
    let extra = args
        .policy
        .as_deref()
        .map(crate::policy::read_policy)
        .transpose()?;
    let cx = SolveContext::new(args.solver, Some(args.time_limit));
    let state = State::new(loaded.dataset, cx, extra, args.scenarios_out)?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| Error::Server(format!("could not start the server: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.bind, args.port))
            .await
            .map_err(|e| {
                Error::Server(format!("cannot listen on {}:{}: {e}", args.bind, args.port))
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Server(e.to_string()))?;
        println!("taplan serve: http://{addr}/ (Ctrl-C stops)");
        crate::serve::run(listener, Arc::new(state)).await
    })
}

/// `--scenarios-out` only ever grows a scenarios file: a missing file is created at the first
/// save; an existing one must be a regular file that reads as a scenarios file (E0906), so a
/// dataset file or any other file is never appended to.
fn check_scenarios_out(path: &std::path::Path) -> Result<()> {
    let refuse = |why: String| {
        Error::Invalid(vec![crate::Diagnostic::error(
            "E0906",
            path.display().to_string(),
            why,
        )])
    };
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_file() => crate::scenario::read_scenarios(path)
            .map(|_| ())
            .map_err(|d| {
                refuse(format!(
                    "--scenarios-out names a file that is not a scenarios file ({}); saved scenarios are only appended to scenarios files",
                    d.message
                ))
            }),
        Ok(_) => Err(refuse(
            "--scenarios-out must name a regular file, not a folder or a link".into(),
        )),
    }
}
