//! The sandwich method (Eisner and Severance) for a concave piecewise-linear function of one
//! parameter, such as the optimum of an LP whose right-hand side moves along a direction: every
//! evaluation gives the value and, from the row duals, a line above the whole function (the dual
//! plan stays feasible when the right-hand side moves). Between two evaluated points whose lines
//! differ, the lines cross at one point; evaluating there either meets the crossing (the function
//! is the two lines, with one breakpoint) or gives a new line, and both halves are traced again.
//! The evaluated points hold every breakpoint. Used by the budget curve and the price-of-fairness
//! frontier.

use crate::{Error, Result};

/// Two values agree when they differ by at most this times max(1, |value|): the relative
/// accuracy of a HiGHS optimum (its feasibility and optimality tolerances are 1e-7 absolute).
pub const VALUE_TOLERANCE: f64 = 1e-9;
/// Breakpoints closer than this in the parameter are one.
pub const SCALE_TOLERANCE: f64 = 1e-12;
/// A trace that needs more evaluations than this stops with an error (never seen: the number
/// of evaluations is about twice the number of breakpoints).
const MAX_SOLVES: usize = 100_000;

/// One evaluated point: the parameter, the optimum there and the slope of a dual line through it.
#[derive(Debug, Clone, Copy)]
pub struct Eval {
    pub scale: f64,
    pub value: f64,
    pub slope: f64,
}

pub fn agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= VALUE_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// Every breakpoint strictly between the evaluated points `a` and `b` joins `out` (with the
/// other points evaluated on the way).
pub fn sandwich(
    eval: &mut dyn FnMut(f64) -> Result<Eval>,
    a: Eval,
    b: Eval,
    out: &mut Vec<Eval>,
) -> Result<()> {
    let mut todo = vec![(a, b)];
    while let Some((a, b)) = todo.pop() {
        if out.len() > MAX_SOLVES {
            return Err(Error::Solver("too many breakpoints in one trace".into()));
        }
        let width = b.scale - a.scale;
        if width <= SCALE_TOLERANCE
            || agree(a.value + a.slope * width, b.value)
            || agree(b.value - b.slope * width, a.value)
        {
            continue; // linear on [a, b]
        }
        // The two dual lines cross strictly inside (a, b) when the function bends there.
        let cross =
            (b.value - a.value + a.slope * a.scale - b.slope * b.scale) / (a.slope - b.slope);
        if !(cross > a.scale && cross < b.scale) {
            continue; // the lines agree to the tolerance: no bend left to find
        }
        let c = eval(cross)?;
        out.push(c);
        if !agree(c.value, a.value + a.slope * (cross - a.scale)) {
            todo.push((c, b));
            todo.push((a, c));
        }
    }
    Ok(())
}
