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

/// The face as an LP of its own: the original rows with tight ones fixed, and the columns that
/// may still move or are fixed away from zero (a column fixed at zero is dropped).
pub struct Face {
    pub lp: LinearProgram,
    /// Face column k is column `cols[k]` of the original LP.
    pub cols: Vec<usize>,
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
        let rows: Vec<usize> = (0..lp.num_rows()).collect();
        Face {
            lp: fixed.sub_lp(&cols, &rows),
            cols,
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
        self.lp.row_lower[i] == self.lp.row_upper[i]
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
