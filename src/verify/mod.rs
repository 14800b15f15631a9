//! `taplan verify`: an independent proof of a plan folder against its dataset. It shares no
//! model-building code with the solver path: eligibility, feasibility, the objective and the
//! dual certificate are recomputed here from the dataset and the files alone.

mod dual;
mod primal;
pub(crate) mod read;

use crate::dataset::Dataset;
use dual::{NeedIndex, certificate};
use primal::{eligibility, feasibility, policy_check, tables_agree, value};
use read::{AllocRow, Summary, read_allocation, read_duals, read_four_year, read_summary};
use std::path::Path;

/// Relative tolerance of capacity, need and cap checks, dual feasibility and the duality gap.
pub const TOLERANCE: f64 = 1e-6;
/// Relative tolerance between the objective recomputed from allocation.csv and summary.json.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-9;

/// One named check and, when it failed, why.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: &'static str,
    pub failures: Vec<String>,
}

/// The outcome of verifying one plan folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub checks: Vec<Check>,
    /// Whether a dual certificate was checked (coverage plans with sensitivity/).
    pub certified: bool,
    pub objective: f64,
    pub dual_bound: Option<f64>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.failures.is_empty())
    }
    /// One line per failure, prefixed by its check's name.
    pub fn failures(&self) -> Vec<String> {
        self.checks
            .iter()
            .flat_map(|c| c.failures.iter().map(move |f| format!("{}: {f}", c.name)))
            .collect()
    }
}

pub(super) fn within(value: f64, bound: f64) -> bool {
    value <= bound + TOLERANCE * bound.abs().max(1.0)
}

/// Verify the plan in `dir` against `ds`. With `require_certificate`, a coverage plan without
/// shadow prices fails; otherwise only feasibility and the objective are checked then.
pub fn verify(ds: &Dataset, dir: &Path, require_certificate: bool) -> Verdict {
    let (files, summary, rows, deferred, carries) = read_files(ds, dir);
    let mut checks = vec![files];
    checks.push(eligibility(ds, &rows, &deferred, &carries));
    checks.extend(feasibility(ds, &rows, &deferred, &carries));
    let objective: f64 = rows
        .iter()
        .map(|r| r.amount * value(ds, r.offer, r.need))
        .sum();
    checks.push(objective_check(summary.as_ref(), objective));
    checks.push(policy_check(
        summary.as_ref(),
        !deferred.is_empty() || !carries.is_empty(),
    ));
    checks.push(tables_agree(ds, dir, &rows));
    let coverage = summary
        .as_ref()
        .is_some_and(|s| s.kind.as_deref() == Some("coverage"));
    let (cert, dual_bound) = match coverage {
        true => certificate_check(ds, dir, objective, require_certificate),
        false => (None, None),
    };
    let certified = cert.as_ref().is_some_and(|c| c.failures.is_empty()) && dual_bound.is_some();
    checks.extend(cert);
    Verdict {
        checks,
        certified,
        objective,
        dual_bound,
    }
}

/// The files a plan folder is checked from; what cannot be read is the `files` check's failure.
fn read_files(
    ds: &Dataset,
    dir: &Path,
) -> (
    Check,
    Option<Summary>,
    Vec<AllocRow>,
    Vec<AllocRow>,
    Vec<read::Carry>,
) {
    let mut check = Check {
        name: "files",
        failures: Vec::new(),
    };
    let summary = read_summary(dir).map_err(|e| check.failures.push(e)).ok();
    let rows = read_allocation(ds, dir, "allocation.csv")
        .map_err(|e| check.failures.push(e))
        .unwrap_or_default();
    let (deferred, carries) = read_four_year(ds, dir)
        .map_err(|e| check.failures.push(e))
        .unwrap_or_default();
    (check, summary, rows, deferred, carries)
}

/// The objective recomputed from allocation.csv equals summary.json's.
fn objective_check(summary: Option<&Summary>, objective: f64) -> Check {
    let mut check = Check {
        name: "objective",
        failures: Vec::new(),
    };
    if let Some(s) = summary
        && (objective - s.objective).abs() > OBJECTIVE_TOLERANCE * s.objective.abs().max(1.0)
    {
        check.failures.push(format!(
            "recomputed objective {objective} differs from summary.json {}",
            s.objective
        ));
    }
    check
}

/// A coverage plan's certificate from sensitivity/, and the dual bound when it could be read.
/// Without sensitivity/, a missing certificate fails only when one is required.
fn certificate_check(
    ds: &Dataset,
    dir: &Path,
    objective: f64,
    required: bool,
) -> (Option<Check>, Option<f64>) {
    let mut cert = Check {
        name: "certificate",
        failures: Vec::new(),
    };
    if !dir.join("sensitivity").is_dir() {
        if !required {
            return (None, None);
        }
        cert.failures
            .push("no sensitivity/ folder: optimality cannot be proven".into());
        return (Some(cert), None);
    }
    let bound = match read_duals(ds, dir) {
        Ok(duals) => Some(certificate(
            ds,
            &NeedIndex::new(ds),
            &duals,
            objective,
            &mut cert.failures,
        )),
        Err(e) => {
            cert.failures.push(e);
            None
        }
    };
    (Some(cert), bound)
}
