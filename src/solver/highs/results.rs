//! Running a loaded HiGHS model and reading back its solution: values, duals, basis (HiGHS's
//! status codes stay here) and ranging.

use super::{HighsModel, check};
use crate::Result;
use crate::solver::{Basis, BasisStatus, LpSolution, Ranging, SolveStatus};
use highs_sys::*;
use std::ffi::CString;
use std::time::Instant;

impl HighsModel {
    /// Solve and extract the solution; with `ranging`, also cost and bound ranging.
    pub fn run(&mut self, ranging: bool) -> Result<LpSolution> {
        let t0 = Instant::now();
        if self.num_cols == 0 {
            return Ok(empty_solution(self.num_rows, t0.elapsed().as_secs_f64()));
        }
        check(unsafe { Highs_run(self.ptr) }, "run")?;
        let status = match unsafe { Highs_getModelStatus(self.ptr) } {
            MODEL_STATUS_OPTIMAL => SolveStatus::Optimal,
            MODEL_STATUS_INFEASIBLE => SolveStatus::Infeasible,
            MODEL_STATUS_UNBOUNDED | MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE => SolveStatus::Unbounded,
            MODEL_STATUS_REACHED_TIME_LIMIT => SolveStatus::TimeLimit,
            other => SolveStatus::Other(format!("highs_status_{other}")),
        };
        if status != SolveStatus::Optimal {
            return Ok(LpSolution::without_values(
                status,
                t0.elapsed().as_secs_f64(),
            ));
        }
        let (x, col_dual, row_dual) = self.solution();
        let basis = self.basis()?;
        let ranging = if ranging { Some(self.ranging()?) } else { None };
        let iterations = self.int_info("simplex_iteration_count");
        Ok(LpSolution {
            status,
            objective: unsafe { Highs_getObjectiveValue(self.ptr) },
            x,
            row_dual: Some(row_dual),
            col_dual: Some(col_dual),
            basis: Some(basis),
            ranging,
            iterations,
            seconds: t0.elapsed().as_secs_f64(),
        })
    }

    fn int_info(&self, name: &str) -> i64 {
        let Ok(key) = CString::new(name) else {
            return 0;
        };
        let mut v: HighsInt = 0;
        unsafe { Highs_getIntInfoValue(self.ptr, key.as_ptr(), &mut v) };
        v as i64
    }

    /// Primal values, reduced costs and row duals. For a maximisation HiGHS reports duals of
    /// the original objective, which is the planner's sign convention (see [`LpSolution`]).
    fn solution(&self) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let mut x = vec![0.0; self.num_cols];
        let mut col_dual = vec![0.0; self.num_cols];
        let mut row_value = vec![0.0; self.num_rows];
        let mut row_dual = vec![0.0; self.num_rows];
        unsafe {
            Highs_getSolution(
                self.ptr,
                x.as_mut_ptr(),
                col_dual.as_mut_ptr(),
                row_value.as_mut_ptr(),
                row_dual.as_mut_ptr(),
            )
        };
        (x, col_dual, row_dual)
    }

    fn basis(&self) -> Result<Basis> {
        let mut cols: Vec<HighsInt> = vec![0; self.num_cols];
        let mut rows: Vec<HighsInt> = vec![0; self.num_rows];
        check(
            unsafe { Highs_getBasis(self.ptr, cols.as_mut_ptr(), rows.as_mut_ptr()) },
            "getBasis",
        )?;
        Ok(Basis {
            col_status: cols.into_iter().map(from_highs).collect(),
            row_status: rows.into_iter().map(from_highs).collect(),
        })
    }

    fn ranging(&self) -> Result<Ranging> {
        let (nc, nr) = (self.num_cols, self.num_rows);
        let f = |n: usize| vec![0.0f64; n];
        let i = |n: usize| vec![0 as HighsInt; n];
        let (mut cuv, mut cuo, mut cui, mut cuu) = (f(nc), f(nc), i(nc), i(nc));
        let (mut cdv, mut cdo, mut cdi, mut cdu) = (f(nc), f(nc), i(nc), i(nc));
        let (mut buv, mut buo, mut bui, mut buu) = (f(nc), f(nc), i(nc), i(nc));
        let (mut bdv, mut bdo, mut bdi, mut bdu) = (f(nc), f(nc), i(nc), i(nc));
        let (mut ruv, mut ruo, mut rui, mut ruu) = (f(nr), f(nr), i(nr), i(nr));
        let (mut rdv, mut rdo, mut rdi, mut rdu) = (f(nr), f(nr), i(nr), i(nr));
        let status = unsafe {
            Highs_getRanging(
                self.ptr,
                cuv.as_mut_ptr(),
                cuo.as_mut_ptr(),
                cui.as_mut_ptr(),
                cuu.as_mut_ptr(),
                cdv.as_mut_ptr(),
                cdo.as_mut_ptr(),
                cdi.as_mut_ptr(),
                cdu.as_mut_ptr(),
                buv.as_mut_ptr(),
                buo.as_mut_ptr(),
                bui.as_mut_ptr(),
                buu.as_mut_ptr(),
                bdv.as_mut_ptr(),
                bdo.as_mut_ptr(),
                bdi.as_mut_ptr(),
                bdu.as_mut_ptr(),
                ruv.as_mut_ptr(),
                ruo.as_mut_ptr(),
                rui.as_mut_ptr(),
                ruu.as_mut_ptr(),
                rdv.as_mut_ptr(),
                rdo.as_mut_ptr(),
                rdi.as_mut_ptr(),
                rdu.as_mut_ptr(),
            )
        };
        check(status, "getRanging")?;
        Ok(Ranging {
            col_cost_low: cdv,
            col_cost_high: cuv,
            row_bound_low: rdv,
            row_bound_high: ruv,
        })
    }
}

/// A model with no columns: every row slack, objective 0.
fn empty_solution(num_rows: usize, seconds: f64) -> LpSolution {
    LpSolution {
        status: SolveStatus::Optimal,
        objective: 0.0,
        x: Vec::new(),
        row_dual: Some(vec![0.0; num_rows]),
        col_dual: Some(Vec::new()),
        basis: Some(Basis {
            col_status: Vec::new(),
            row_status: vec![BasisStatus::Basic; num_rows],
        }),
        ranging: None,
        iterations: 0,
        seconds,
    }
}

/// HiGHS's basis status codes (`HighsBasisStatus`): 0 lower, 1 basic, 2 upper, 3 zero, 4 nonbasic.
pub(super) fn to_highs(s: BasisStatus) -> HighsInt {
    match s {
        BasisStatus::Lower => 0,
        BasisStatus::Basic => 1,
        BasisStatus::Upper => 2,
        BasisStatus::Zero => 3,
        BasisStatus::Nonbasic => 4,
    }
}

fn from_highs(code: HighsInt) -> BasisStatus {
    match code {
        0 => BasisStatus::Lower,
        1 => BasisStatus::Basic,
        2 => BasisStatus::Upper,
        3 => BasisStatus::Zero,
        _ => BasisStatus::Nonbasic,
    }
}
