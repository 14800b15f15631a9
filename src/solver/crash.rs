//! A greedy starting basis ("crash") for packing LPs such as the coverage model: fill columns in
//! order of decreasing objective coefficient as far as their rows allow, and hand the simplex the
//! basis of that plan instead of the all-slack one.
//!
//! A packing LP here is: maximise c'x subject to A x <= u with A >= 0, u >= 0, 0 <= x <= U (no
//! row lower bounds). Every greedy step raises one column until a row (or the column's own upper
//! bound) is exhausted. The column is made basic and the row that stopped it nonbasic at its
//! upper bound; a later column never uses an exhausted row, so the basic columns, read in greedy
//! order against the rows that stopped them, form a unit lower-triangular matrix. The basis is
//! therefore nonsingular and primal feasible, and its basic solution is exactly the greedy plan.

use super::{Basis, BasisStatus};
use crate::model::LinearProgram;

const LOWER: BasisStatus = BasisStatus::Lower;
const BASIC: BasisStatus = BasisStatus::Basic;
const UPPER: BasisStatus = BasisStatus::Upper;

/// Whether `lp` is a packing LP (see the module docs), the shape the greedy crash needs.
pub fn is_packing(lp: &LinearProgram) -> bool {
    lp.a_value.iter().all(|&a| a >= 0.0)
        && lp.row_lower.iter().all(|&l| l == f64::NEG_INFINITY)
        && lp.row_upper.iter().all(|&u| u >= 0.0)
        && lp.col_lower.iter().all(|&l| l == 0.0)
        && lp.col_upper.iter().all(|&u| u >= 0.0)
}

/// The greedy basis of a packing LP (ties between equal coefficients go to the lower column
/// index), or None when `lp` is not a packing LP.
pub fn greedy_basis(lp: &LinearProgram) -> Option<Basis> {
    if !is_packing(lp) {
        return None;
    }
    let mut order: Vec<usize> = (0..lp.num_cols())
        .filter(|&j| lp.col_cost[j] > 0.0)
        .collect();
    order.sort_unstable_by(|&a, &b| lp.col_cost[b].total_cmp(&lp.col_cost[a]).then(a.cmp(&b)));
    let mut room = lp.row_upper.clone();
    let mut col_status = vec![LOWER; lp.num_cols()];
    let mut row_status = vec![BASIC; lp.num_rows()];
    for j in order {
        let (amount, stop) = step(lp, &room, j);
        if amount <= 0.0 || !amount.is_finite() {
            continue;
        }
        for (i, a) in lp.column(j) {
            room[i] = (room[i] - a * amount).max(0.0);
        }
        match stop {
            Some(r) => {
                room[r] = 0.0;
                col_status[j] = BASIC;
                row_status[r] = UPPER;
            }
            None => col_status[j] = UPPER,
        }
    }
    Some(Basis {
        col_status,
        row_status,
    })
}

/// How far column j can rise given the rows' remaining room, and the row that stops it
/// (None when its own upper bound does; ties to the first row in the column).
fn step(lp: &LinearProgram, room: &[f64], j: usize) -> (f64, Option<usize>) {
    let mut amount = lp.col_upper[j];
    let mut stop = None;
    for (i, a) in lp.column(j) {
        if a > 0.0 && room[i] / a < amount {
            amount = room[i] / a;
            stop = Some(i);
        }
    }
    (amount, stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColTag, LpBuilder, RowTag};

    /// Two needs (rows 0, 1) and one offer (row 2) of 10: columns worth 3, 2, 1.
    fn small() -> LinearProgram {
        let mut b = LpBuilder::default();
        let c0 = b.add_col(3.0, 0.0, f64::INFINITY, ColTag::Aux);
        let c1 = b.add_col(2.0, 0.0, f64::INFINITY, ColTag::Aux);
        let c2 = b.add_col(1.0, 0.0, 4.0, ColTag::Aux);
        b.add_row(
            f64::NEG_INFINITY,
            6.0,
            RowTag::Extra,
            [(c0, 1.0), (c1, 1.0)],
        );
        b.add_row(f64::NEG_INFINITY, 8.0, RowTag::Extra, [(c2, 1.0)]);
        b.add_row(
            f64::NEG_INFINITY,
            10.0,
            RowTag::Extra,
            [(c0, 1.0), (c1, 1.0), (c2, 1.0)],
        );
        b.finish()
    }

    #[test]
    fn greedy_fills_best_columns_first_and_marks_stopping_rows() {
        let basis = greedy_basis(&small()).unwrap();
        // c0 = 6 exhausts row 0; c1 finds no room; c2 = 4 stops at its own bound.
        assert_eq!(basis.col_status, vec![BASIC, LOWER, UPPER]);
        assert_eq!(basis.row_status, vec![UPPER, BASIC, BASIC]);
        let basic = basis
            .col_status
            .iter()
            .chain(&basis.row_status)
            .filter(|&&s| s == BASIC)
            .count();
        assert_eq!(basic, 3, "one basic variable per row");
    }

    #[test]
    fn non_packing_lps_get_no_crash() {
        let mut lp = small();
        lp.row_lower[1] = 1.0;
        assert!(greedy_basis(&lp).is_none());
        let mut lp = small();
        lp.a_value[0] = -1.0;
        assert!(greedy_basis(&lp).is_none());
    }
}
