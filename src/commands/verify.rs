//! `taplan verify`: load the dataset, read the plan folder and prove it independently.

use crate::Result;
use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::validate::load;
use crate::verify::verify;

pub fn run(args: VerifyArgs) -> Result<()> {
    let loaded = load(&args.dataset)?;
    let verdict = verify(&loaded.dataset, &args.plan, true);
    if !verdict.ok() {
        return Err(Error::VerifyFailed(verdict.failures()));
    }
    let proof = match verdict.dual_bound {
        Some(b) => format!("optimal: dual bound {b} equals the objective"),
        None => "feasible (no optimality certificate for this policy)".into(),
    };
    println!(
        "{}: verified, {proof} ({} checks passed)",
        args.plan.display(),
        verdict.checks.len()
    );
    Ok(())
}
