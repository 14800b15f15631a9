//! `taplan serve`: load → solve the base plan → serve the page and the API until stopped.

use crate::cli::ServeArgs;
use crate::serve::State;
use crate::solver::SolveContext;
use crate::validate::load;
use crate::{Error, Result};
use std::sync::Arc;

pub fn run(args: ServeArgs) -> Result<()> {
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
