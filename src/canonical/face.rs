//! The optimal face of a solved LP, by complementary slackness with its certificate: a column
//! with a nonzero reduced cost stays at its bound, a row with a nonzero dual stays tight. For
//! any optimal dual y, a feasible plan is optimal exactly when it meets these conditions with
//! y, so the face does not depend on which optimal dual the back end returned, and no tolerance
//! on the objective is involved.

use crate::dataset::NeedId;
use crate::model::{ColTag, LinearProgram};

/// A dual value or reduced cost counts as nonzero above this, relative to the largest objective
/// coefficient (HiGHS's dual feasibility tolerance, the precision the duals carry).
pub const DUAL_TOLERANCE: f64 = 1e-7;

/// The face as an LP of its own: the columns that may still move or are fixed away from zero (a
/// column fixed at zero is dropped), and the rows they touch, tight ones fixed.
pub struct Face {
    pub lp: LinearProgram,
    /// Face column k is column `cols[k]` of the original LP.
    pub cols: Vec<usize>,
    /// Whether the face fixes each original row at a bound.
    fixed_row: Vec<bool>,
}

impl Face {
    /// Restrict `lp` to its optimal face given an optimal certificate (planner's sign: a binding
    /// `<=` row has a dual > 0, a column held at its lower bound a reduced cost < 0).
    pub fn new(lp: &LinearProgram, row_dual: &[f64], col_dual: &[f64]) -> Face {
        let scale = lp.col_cost.iter().fold(1.0f64, |m, c| m.max(c.abs()));
        let tol = DUAL_TOLERANCE * scale;
        let mut fixed = lp.clone();
        for (j, &d) in col_dual.iter().enumerate() {
            if d < -tol {
                fixed.col_upper[j] = fixed.col_lower[j];
            } else if d > tol && fixed.col_upper[j].is_finite() {
                fixed.col_lower[j] = fixed.col_upper[j];
            }
        }
        for (i, &d) in row_dual.iter().enumerate() {
            if d > tol && fixed.row_upper[i].is_finite() {
                fixed.row_lower[i] = fixed.row_upper[i];
            } else if d < -tol && fixed.row_lower[i].is_finite() {
                fixed.row_upper[i] = fixed.row_lower[i];
            }
        }
        let cols: Vec<usize> = (0..lp.num_cols())
            .filter(|&j| !(fixed.col_lower[j] == 0.0 && fixed.col_upper[j] == 0.0))
            .collect();
        // A row no face column touches holds at zero activity for every face plan (the first
        // stage's plan meets it), so it is left out: fewer rows make every re-solve cheaper.
        let mut touched = vec![false; lp.num_rows()];
        for &j in &cols {
            for (i, _) in lp.column(j) {
                touched[i] = true;
            }
        }
        let rows: Vec<usize> = (0..lp.num_rows()).filter(|&i| touched[i]).collect();
        let fixed_row = (0..lp.num_rows())
            .map(|i| fixed.row_lower[i] == fixed.row_upper[i])
            .collect();
        Face {
            lp: fixed.sub_lp(&cols, &rows),
            cols,
            fixed_row,
        }
    }

    /// The need a face column funds, if any (same-period and deferred allocations).
    pub fn need_of(&self, k: usize) -> Option<NeedId> {
        match self.lp.col_tag[k] {
            ColTag::Alloc(_, n) | ColTag::Deferred(_, n) => Some(n),
            _ => None,
        }
    }

    /// Whether the face fixes row `i` at its upper bound (a need row: the need is fully funded
    /// in every optimal plan).
    pub fn row_fixed(&self, i: usize) -> bool {
        self.fixed_row[i]
    }

    /// Full-LP values from face values (columns off the face are at zero).
    pub fn expand(&self, n: usize, face_x: &[f64]) -> Vec<f64> {
        let mut x = vec![0.0; n];
        for (&j, &v) in self.cols.iter().zip(face_x) {
            x[j] = v;
        }
        x
    }
}
