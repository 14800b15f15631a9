//! The optimal face of a solved LP, by complementary slackness with its certificate: a column
//! with a nonzero reduced cost stays at its bound, a row with a nonzero dual stays tight. For
//! any optimal dual y, a feasible plan is optimal exactly when it meets these conditions with
//! y, so the face does not depend on which optimal dual the back end returned, and no tolerance
//! on the objective is involved.

use crate::dataset::NeedId;
use crate::model::{ColTag, LinearProgram, RowTag};

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
        let fixed_row = (0..lp.num_rows())
            .map(|i| fixed.row_lower[i] == fixed.row_upper[i])
            .collect();
        let rows = kept_rows(&mut fixed, &cols);
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

/// The rows of `lp` the face needs over its columns `cols`; the others are implied. Every row
/// left out makes each re-solve cheaper (HiGHS refactors the whole basis at each run):
/// - a row no face column touches holds at zero activity for every face plan (the first stage's
///   plan meets it);
/// - a row with one face column is a bound on that column, and becomes one (most per-Party caps:
///   an offer reaching a single need of the Party);
/// - a per-Party cap at least the sum of the amounts of the needs its face columns fund can
///   never bind (each column is at most its need's amount).
fn kept_rows(lp: &mut LinearProgram, cols: &[usize]) -> Vec<usize> {
    let mut entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); lp.num_rows()];
    for &j in cols {
        for (i, a) in lp.column(j) {
            entries[i].push((j, a));
        }
    }
    let mut rows = Vec::with_capacity(lp.num_rows());
    for (i, row) in entries.iter().enumerate() {
        match row.as_slice() {
            [] => {}
            &[(j, a)] if a != 0.0 => {
                let (lo, hi) = (lp.row_lower[i] / a, lp.row_upper[i] / a);
                let (lo, hi) = if a > 0.0 { (lo, hi) } else { (hi, lo) };
                lp.col_lower[j] = lp.col_lower[j].max(lo);
                lp.col_upper[j] = lp.col_upper[j].min(hi);
            }
            _ if never_binds(lp, i, row) => {}
            _ => rows.push(i),
        }
    }
    rows
}

/// Whether per-Party cap row `i` can never bind: its columns all fund needs, with coefficient
/// 1, and their needs' amounts (the upper bounds of their need rows) add up to no more than the
/// cap.
fn never_binds(lp: &LinearProgram, i: usize, row: &[(usize, f64)]) -> bool {
    if !matches!(lp.row_tag[i], RowTag::PartyCap(..)) || lp.row_lower[i] > 0.0 {
        return false;
    }
    let mut reach = 0.0;
    for &(j, a) in row {
        if a != 1.0 || !matches!(lp.col_tag[j], ColTag::Alloc(..) | ColTag::Deferred(..)) {
            return false;
        }
        reach += lp
            .column(j)
            .filter(|&(r, v)| v == 1.0 && matches!(lp.row_tag[r], RowTag::Need(_)))
            .fold(lp.col_upper[j], |m, (r, _)| m.min(lp.row_upper[r]));
    }
    reach <= lp.row_upper[i]
}

#[cfg(test)]
mod tests {
    use super::Face;
    use crate::dataset::{NeedId, OfferId, PartyId};
    use crate::model::{ColTag, LinearProgram, LpBuilder, RowTag};

    /// Needs n0 (5) and n1 (4) of Party 0, n2 (10) of Party 1; offer 0 (8) reaches all three,
    /// offer 1 (4) reaches n2; offer 0 gives Party 0 at most `cap0` and Party 1 at most 2.
    fn lp(cap0: f64) -> LinearProgram {
        let (n, o, p) = (NeedId, OfferId, PartyId);
        let mut b = LpBuilder::default();
        let pairs = [(0, 0), (0, 1), (0, 2), (1, 2)];
        for (oi, ni) in pairs {
            b.add_col(1.0, 0.0, f64::INFINITY, ColTag::Alloc(o(oi), n(ni)));
        }
        let inf = f64::NEG_INFINITY;
        b.add_row(inf, 5.0, RowTag::Need(n(0)), [(0, 1.0)]);
        b.add_row(inf, 4.0, RowTag::Need(n(1)), [(1, 1.0)]);
        b.add_row(inf, 10.0, RowTag::Need(n(2)), [(2, 1.0), (3, 1.0)]);
        b.add_row(
            inf,
            8.0,
            RowTag::Offer(o(0)),
            [(0, 1.0), (1, 1.0), (2, 1.0)],
        );
        b.add_row(inf, 4.0, RowTag::Offer(o(1)), [(3, 1.0)]);
        b.add_row(
            inf,
            cap0,
            RowTag::PartyCap(o(0), p(0)),
            [(0, 1.0), (1, 1.0)],
        );
        b.add_row(inf, 2.0, RowTag::PartyCap(o(0), p(1)), [(2, 1.0)]);
        b.finish()
    }

    #[test]
    fn single_column_rows_become_bounds_and_caps_that_cannot_bind_are_left_out() {
        let face = Face::new(&lp(9.0), &[0.0; 7], &[0.0; 4]);
        assert_eq!(face.lp.col_upper, vec![5.0, 4.0, 2.0, 4.0]);
        let tags = &face.lp.row_tag;
        assert_eq!(tags, &[RowTag::Need(NeedId(2)), RowTag::Offer(OfferId(0))]);
        // A cap below the needs' 9 can bind, and stays.
        let face = Face::new(&lp(8.0), &[0.0; 7], &[0.0; 4]);
        assert_eq!(face.lp.num_rows(), 3);
        assert_eq!(face.lp.row_tag[2], RowTag::PartyCap(OfferId(0), PartyId(0)));
    }

    #[test]
    fn a_fixed_single_column_row_fixes_its_column() {
        // Need n2's row tight (dual > 0) with offer 0's column at zero cost: only offer 1 funds
        // it, so its row has one face column and fixes it at 10 (beyond offer 1's 4: the face
        // LP is then infeasible, which the face does not hide).
        let mut dual = [0.0; 7];
        dual[2] = 1.0;
        let face = Face::new(&lp(9.0), &dual, &[0.0, 0.0, -1.0, 0.0]);
        assert_eq!(face.cols, vec![0, 1, 3]);
        assert_eq!((face.lp.col_lower[2], face.lp.col_upper[2]), (10.0, 4.0));
    }
}
