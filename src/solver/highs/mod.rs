//! The HiGHS back end, reached through highs-sys: column-form model loading, dual simplex,
//! duals, basis, ranging, in-place bound changes and warm starts.

use super::{Backend, Basis, LpSolution, SolveOptions};
use crate::model::LinearProgram;
use crate::{Error, Result};
use highs_sys::*;
use results::to_highs;
use std::ffi::{CString, c_void};

pub(super) const SIMPLEX_DUAL: i32 = 1;
pub(super) const SIMPLEX_PRIMAL: i32 = 4;
const DUAL_EDGE_DEVEX: i32 = 1;

/// HiGHS as a [`Backend`].
pub struct Highs;

impl Backend for Highs {
    fn name(&self) -> &'static str {
        "highs"
    }

    fn solve(&self, lp: &LinearProgram, opts: &SolveOptions) -> Result<LpSolution> {
        HighsModel::with_options(lp, opts)?.run(opts.ranging)
    }
}

/// One loaded HiGHS instance. It can be re-solved after in-place bound or cost changes,
/// starting from the previous basis.
pub struct HighsModel {
    ptr: *mut c_void,
    num_cols: usize,
    num_rows: usize,
}

// The HiGHS instance is owned exclusively by this value and never shared between threads.
unsafe impl Send for HighsModel {}

impl Drop for HighsModel {
    fn drop(&mut self) {
        unsafe { Highs_destroy(self.ptr) }
    }
}

pub(super) fn to_int(v: usize) -> Result<HighsInt> {
    HighsInt::try_from(v).map_err(|_| Error::Solver(format!("model too large for HiGHS ({v})")))
}

pub(super) fn check(status: HighsInt, what: &str) -> Result<()> {
    if status == STATUS_ERROR {
        Err(Error::Solver(format!("HiGHS {what} failed")))
    } else {
        Ok(())
    }
}

impl HighsModel {
    /// Load `lp` (maximisation) into a fresh, quiet, deterministic simplex instance (primal
    /// simplex from scratch; see `prefer_dual` for re-solves).
    pub fn new(lp: &LinearProgram) -> Result<Self> {
        let ptr = unsafe { Highs_create() };
        if ptr.is_null() {
            return Err(Error::Solver("HiGHS could not be created".into()));
        }
        let model = HighsModel {
            ptr,
            num_cols: lp.num_cols(),
            num_rows: lp.num_rows(),
        };
        model.set_bool_option("output_flag", false)?;
        model.set_string_option("solver", "simplex")?;
        model.set_string_option("presolve", "on")?;
        // Primal simplex is markedly faster than dual on these transportation-like LPs from
        // scratch (see docs/performance.md); re-solves after bound changes switch to dual.
        model.set_int_option("simplex_strategy", SIMPLEX_PRIMAL)?;
        let start: Vec<HighsInt> = lp.a_start[..lp.num_cols()]
            .iter()
            .map(|&s| to_int(s))
            .collect::<Result<_>>()?;
        let index: Vec<HighsInt> = lp
            .a_index
            .iter()
            .map(|&i| to_int(i))
            .collect::<Result<_>>()?;
        let status = unsafe {
            Highs_passLp(
                ptr,
                to_int(lp.num_cols())?,
                to_int(lp.num_rows())?,
                to_int(lp.num_nonzeros())?,
                MATRIX_FORMAT_COLUMN_WISE,
                OBJECTIVE_SENSE_MAXIMIZE,
                0.0,
                lp.col_cost.as_ptr(),
                lp.col_lower.as_ptr(),
                lp.col_upper.as_ptr(),
                lp.row_lower.as_ptr(),
                lp.row_upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                lp.a_value.as_ptr(),
            )
        };
        check(status, "passLp")?;
        Ok(model)
    }

    /// Load `lp` with the warm start and time limit of `opts`.
    pub fn with_options(lp: &LinearProgram, opts: &SolveOptions) -> Result<Self> {
        let mut model = HighsModel::new(lp)?;
        if let Some(basis) = &opts.warm_start {
            model.set_basis(basis)?;
        }
        if let Some(t) = opts.time_limit {
            model.set_double_option("time_limit", t)?;
        }
        Ok(model)
    }

    pub fn set_bool_option(&self, name: &str, value: bool) -> Result<()> {
        let key = CString::new(name).map_err(|e| Error::Solver(e.to_string()))?;
        check(
            unsafe { Highs_setBoolOptionValue(self.ptr, key.as_ptr(), value as HighsInt) },
            name,
        )
    }

    pub fn set_string_option(&self, name: &str, value: &str) -> Result<()> {
        let key = CString::new(name).map_err(|e| Error::Solver(e.to_string()))?;
        let val = CString::new(value).map_err(|e| Error::Solver(e.to_string()))?;
        check(
            unsafe { Highs_setStringOptionValue(self.ptr, key.as_ptr(), val.as_ptr()) },
            name,
        )
    }

    pub fn set_int_option(&self, name: &str, value: i32) -> Result<()> {
        let key = CString::new(name).map_err(|e| Error::Solver(e.to_string()))?;
        check(
            unsafe { Highs_setIntOptionValue(self.ptr, key.as_ptr(), value as HighsInt) },
            name,
        )
    }

    pub fn set_double_option(&self, name: &str, value: f64) -> Result<()> {
        let key = CString::new(name).map_err(|e| Error::Solver(e.to_string()))?;
        check(
            unsafe { Highs_setDoubleOptionValue(self.ptr, key.as_ptr(), value) },
            name,
        )
    }

    /// Append the columns `cols` of `lp` (whose rows this model shares). HiGHS keeps the current
    /// basis, with the new columns nonbasic at their lower bounds, so the next solve continues
    /// from it (column generation).
    pub fn add_cols(&mut self, lp: &LinearProgram, cols: &[usize]) -> Result<()> {
        let mut start = Vec::with_capacity(cols.len());
        let (mut index, mut value) = (Vec::new(), Vec::new());
        for &j in cols {
            start.push(to_int(index.len())?);
            for (i, v) in lp.column(j) {
                index.push(to_int(i)?);
                value.push(v);
            }
        }
        let pick = |v: &[f64]| cols.iter().map(|&j| v[j]).collect::<Vec<f64>>();
        let (cost, lower, upper) = (pick(&lp.col_cost), pick(&lp.col_lower), pick(&lp.col_upper));
        let status = unsafe {
            Highs_addCols(
                self.ptr,
                to_int(cols.len())?,
                cost.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                to_int(index.len())?,
                start.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        check(status, "addCols")?;
        self.num_cols += cols.len();
        Ok(())
    }

    /// Start the next solve from `basis` (a warm start).
    pub fn set_basis(&mut self, basis: &Basis) -> Result<()> {
        if basis.col_status.len() != self.num_cols || basis.row_status.len() != self.num_rows {
            return Err(Error::Solver("warm-start basis has the wrong shape".into()));
        }
        let cols: Vec<HighsInt> = basis.col_status.iter().map(|&s| to_highs(s)).collect();
        let rows: Vec<HighsInt> = basis.row_status.iter().map(|&s| to_highs(s)).collect();
        check(
            unsafe { Highs_setBasis(self.ptr, cols.as_ptr(), rows.as_ptr()) },
            "setBasis",
        )
    }

    /// Use primal simplex for the next solve (after changes that keep the basis primal feasible).
    pub fn prefer_primal(&mut self) -> Result<()> {
        self.set_int_option("simplex_strategy", SIMPLEX_PRIMAL)
    }

    /// Delete the model's columns at positions `cols` (ascending); the others move down in
    /// order. Deleting only nonbasic columns keeps the basis valid.
    pub fn delete_cols(&mut self, cols: &[usize]) -> Result<()> {
        if cols.is_empty() {
            return Ok(());
        }
        let set: Vec<HighsInt> = cols.iter().map(|&c| to_int(c)).collect::<Result<_>>()?;
        check(
            unsafe { Highs_deleteColsBySet(self.ptr, to_int(set.len())?, set.as_ptr()) },
            "deleteCols",
        )?;
        self.num_cols -= cols.len();
        Ok(())
    }

    /// Price dual simplex with Devex weights instead of HiGHS's default, dual steepest edge. A
    /// warm re-solve of a few dozen pivots does not repay steepest edge's weights, which HiGHS
    /// sets up afresh at every run: the budget curve, ~1,200 such re-solves at the M preset,
    /// went from 13.7-14.0 s to 11.4-11.5 s at dense M, 7.1 s to 6.4 s at M and 1.2-1.3 s to 1.1 s
    /// on BRS (two runs each; Dantzig pricing did the same).
    pub fn devex_dual(&mut self) -> Result<()> {
        self.set_int_option("simplex_dual_edge_weight_strategy", DUAL_EDGE_DEVEX)
    }

    /// Use dual simplex for the next solve (after changes that keep the basis dual feasible).
    pub fn prefer_dual(&mut self) -> Result<()> {
        self.set_int_option("simplex_strategy", SIMPLEX_DUAL)
    }

    /// Change the upper bounds of `rows` in place (lower bounds set to -inf). The basis stays
    /// dual feasible, so the next solve uses dual simplex from it.
    pub fn set_row_uppers(&mut self, rows: &[usize], upper: &[f64]) -> Result<()> {
        self.set_int_option("simplex_strategy", SIMPLEX_DUAL)?;
        self.set_row_bounds(rows, &vec![f64::NEG_INFINITY; rows.len()], upper)
    }

    /// Set both bounds of `rows` in place (the leximin stages fix groups this way).
    pub fn set_row_bounds(&mut self, rows: &[usize], lower: &[f64], upper: &[f64]) -> Result<()> {
        let set: Vec<HighsInt> = rows.iter().map(|&r| to_int(r)).collect::<Result<_>>()?;
        check(
            unsafe {
                Highs_changeRowsBoundsBySet(
                    self.ptr,
                    to_int(rows.len())?,
                    set.as_ptr(),
                    lower.as_ptr(),
                    upper.as_ptr(),
                )
            },
            "changeRowsBounds",
        )
    }

    /// Set both bounds of columns `cols` in place.
    pub fn set_cols_bounds(&mut self, cols: &[usize], lower: &[f64], upper: &[f64]) -> Result<()> {
        if cols.is_empty() {
            return Ok(());
        }
        let set: Vec<HighsInt> = cols.iter().map(|&c| to_int(c)).collect::<Result<_>>()?;
        check(
            unsafe {
                Highs_changeColsBoundsBySet(
                    self.ptr,
                    to_int(cols.len())?,
                    set.as_ptr(),
                    lower.as_ptr(),
                    upper.as_ptr(),
                )
            },
            "changeColsBounds",
        )
    }

    /// Change every column's objective coefficient in place. The basis stays primal feasible,
    /// so the next solve uses primal simplex from it.
    pub fn set_costs(&mut self, cost: &[f64]) -> Result<()> {
        self.set_int_option("simplex_strategy", SIMPLEX_PRIMAL)?;
        if cost.len() != self.num_cols || cost.is_empty() {
            return Ok(());
        }
        check(
            unsafe {
                Highs_changeColsCostByRange(self.ptr, 0, to_int(cost.len() - 1)?, cost.as_ptr())
            },
            "changeColsCost",
        )
    }

    /// Load a model file (.mps or .lp) into a fresh quiet instance, e.g. to check an export.
    pub fn read_model(path: &std::path::Path) -> Result<Self> {
        let ptr = unsafe { Highs_create() };
        if ptr.is_null() {
            return Err(Error::Solver("HiGHS could not be created".into()));
        }
        let mut model = HighsModel {
            ptr,
            num_cols: 0,
            num_rows: 0,
        };
        model.set_bool_option("output_flag", false)?;
        let p =
            CString::new(path.display().to_string()).map_err(|e| Error::Solver(e.to_string()))?;
        check(unsafe { Highs_readModel(ptr, p.as_ptr()) }, "readModel")?;
        model.num_cols = unsafe { Highs_getNumCol(ptr) } as usize;
        model.num_rows = unsafe { Highs_getNumRow(ptr) } as usize;
        Ok(model)
    }

    /// Write the loaded model to `path` (.mps or .lp, by extension).
    pub fn write_model(&self, path: &std::path::Path) -> Result<()> {
        let p =
            CString::new(path.display().to_string()).map_err(|e| Error::Solver(e.to_string()))?;
        check(
            unsafe { Highs_writeModel(self.ptr, p.as_ptr()) },
            "writeModel",
        )
    }
}

mod results;
