//! The rounds of a stage whose network has a free [`Hinge`] (docs/canonical-plan.md, "A share
//! floor held tight"): the level and the hinge's c are found together, and c is kept strictly inside the
//! values the level allows, so that the residual-cycle test of saturation stays exact.
//!
//! Every cut X is a line in (t, c): `room + slope c - t d >= 0`, where slope counts the hinge
//! arcs that cross X. The round's level is the most t over the polygon these lines bound: a
//! trial (t, c) is the polygon's top point over the cuts found so far; a rebalance that fails
//! at it returns a cut that cuts it off. At the level t*, c's interval [lo, hi] comes from
//! Newton's method on c from each side. When it is a single value the hinge is fixed there and
//! the network is an ordinary one from then on; otherwise c is set to its middle, where no cut
//! through a hinge arc is tight, so a group can rise exactly when a residual cycle passes
//! through its arc.

use super::{MAX_STEPS, Stage};
use crate::{Error, Result};

/// c's interval at the level counts as one value when it is at most this many of the
/// network's tolerance wide (times the larger coefficient).
const SINGLE: f64 = 100.0;

/// A cut as a line in (t, c): `room + slope c - t d >= 0`.
#[derive(Debug, Clone, Copy)]
struct Line {
    room: f64,
    slope: f64,
    d: f64,
}

impl Line {
    fn level_at(&self, c: f64) -> f64 {
        (self.room + self.slope * c) / self.d
    }
}

fn failed(what: &str, t: f64) -> Error {
    Error::Solver(format!("canonical stage (hinged): {what} at level {t}"))
}

impl Stage<'_> {
    /// The round's level with the hinge free; the network is left with a circulation at it,
    /// c strictly inside its interval or the hinge fixed.
    pub(super) fn level_free(&mut self, active: &[usize]) -> Result<f64> {
        self.tight.clear();
        let (t_lo, t_cap) = self.first_trial(active, f64::INFINITY);
        let mut excess = std::mem::take(&mut self.excess);
        let mut level = None;
        for _ in 0..MAX_STEPS {
            let (t, c) = self
                .top_point(t_lo, t_cap)
                .ok_or_else(|| failed("no point left", t_lo))?;
            self.set_c(c, &mut excess);
            self.raise(active, t, &mut excess);
            if self.fnet.net.rebalance(&mut excess) {
                level = Some(t);
                break;
            }
            self.add_cut(t, c)?;
        }
        let t = level.ok_or_else(|| failed("no level in the steps allowed", t_lo))?;
        let c_level = self.pivot.map_or(0.0, |p| p.c);
        let lo = self.c_end(active, t, false, c_level, &mut excess)?;
        let hi = self.c_end(active, t, true, c_level, &mut excess)?;
        let tol = self.fnet.net.tol;
        let Some(pivot) = self.pivot.as_mut() else {
            return Err(failed("no hinge", t));
        };
        let wide = (hi - lo) * pivot.hinge.coef[0].max(pivot.hinge.coef[1]);
        pivot.free = wide > SINGLE * tol;
        let c = if pivot.free { 0.5 * (lo + hi) } else { c_level };
        self.set_c(c, &mut excess);
        if !self.fnet.net.rebalance(&mut excess) {
            return Err(failed("no circulation inside c's interval", t));
        }
        self.excess = excess;
        Ok(t)
    }

    /// The cut the last failed rebalance (at (t, c)) found, kept if it cuts (t, c) off.
    fn add_cut(&mut self, t: f64, c: f64) -> Result<()> {
        let cut = self.cut(t);
        let (room, d) = self.line(&cut, c);
        if room - t * d >= -self.fnet.net.tol {
            // Rounding, which the hinge's rounds do not absorb: the LP rounds take over.
            return Err(failed("a cut that does not cut the trial off", t));
        }
        self.cuts.push(cut);
        Ok(())
    }

    /// How far apart two values of c may be and count as one: [`SINGLE`] times the network's
    /// tolerance in flow, over the larger coefficient.
    fn c_tolerance(&self) -> f64 {
        let h = self.pivot.map(|p| p.hinge);
        let most = h.map_or(1.0, |h| h.coef[0].max(h.coef[1]));
        SINGLE * self.fnet.net.tol / most
    }

    /// The known cuts as lines in (t, c) (with the floors fixed since taken off).
    fn lines(&self) -> Vec<Line> {
        self.cuts
            .iter()
            .map(|cut| {
                let (room, d) = self.line(cut, 0.0);
                Line {
                    room,
                    slope: cut.slope,
                    d,
                }
            })
            .collect()
    }

    /// c's range that the cuts allow at level t (without t, the cuts with no active group),
    /// within `[0, c_max]`.
    fn c_range(&self, lines: &[Line], t: Option<f64>) -> (f64, f64) {
        let (mut lo, mut hi) = (0.0f64, self.pivot.map_or(0.0, |p| p.hinge.c_max));
        for l in lines {
            let d = match t {
                Some(t) => t * l.d,
                None if l.d > 0.0 => continue,
                None => 0.0,
            };
            // room + slope c >= d
            if l.slope > 0.0 {
                lo = lo.max((d - l.room) / l.slope);
            } else if l.slope < 0.0 {
                hi = hi.min((d - l.room) / l.slope);
            }
        }
        (lo, hi)
    }

    /// The highest point (t, c) of the polygon the known cuts, `t <= t_cap` and c's range
    /// bound, with c as near as it can be to the hinge's present c; None if it is empty.
    fn top_point(&self, t_lo: f64, t_cap: f64) -> Option<(f64, f64)> {
        let lines = self.lines();
        let (lo, hi) = self.c_range(&lines, None);
        if lo > hi + self.c_tolerance() {
            return None;
        }
        let (lo, hi) = (lo.min(hi), hi.max(lo.min(hi)));
        let level = |c: f64| {
            lines
                .iter()
                .filter(|l| l.d > 0.0)
                .map(|l| l.level_at(c))
                .fold(t_cap, f64::min)
        };
        // The envelope is concave: walk it from lo to its top, and across the top.
        let (left, top) = walk(&lines, lo, hi, level(lo), t_cap, &level, false);
        let (right, _) = walk(&lines, left, hi, top, t_cap, &level, true);
        let c = self.pivot.map_or(lo, |p| p.c).clamp(left, right);
        Some((level(c).max(t_lo), c))
    }

    /// The least (or, `up`, the most) c that level t allows, by Newton's method on c from the
    /// known cuts' bound; the network is left with a circulation at it.
    fn c_end(
        &mut self,
        active: &[usize],
        t: f64,
        up: bool,
        known: f64,
        excess: &mut [f64],
    ) -> Result<f64> {
        for _ in 0..MAX_STEPS {
            let (lo, hi) = self.c_range(&self.lines(), Some(t));
            if lo > hi - self.c_tolerance() {
                // One value, to rounding (the cuts' sums carry it, in units of c that can be
                // large): `known`, at which the network has a circulation.
                return Ok(known);
            }
            let c = if up { hi } else { lo };
            self.set_c(c, excess);
            self.raise(active, t, excess);
            if self.fnet.net.rebalance(excess) {
                return Ok(c);
            }
            self.add_cut(t, c)?;
        }
        Err(failed("c's interval did not settle", t))
    }

    /// Set the hinge's c: both its arcs' bounds and flows to `coef c + offset`, what that moves
    /// left in `excess`.
    fn set_c(&mut self, c: f64, excess: &mut [f64]) {
        let Some(pivot) = self.pivot.as_mut() else {
            return;
        };
        pivot.c = c;
        let (h, net) = (pivot.hinge, &mut self.fnet.net);
        for k in 0..2 {
            let (a, want) = (h.arcs[k], h.coef[k] * c + h.offset[k]);
            let (u, v) = net.ends(a);
            excess[v] += want - net.flow[a];
            excess[u] -= want - net.flow[a];
            net.flow[a] = want;
            net.lower[a] = want;
            net.upper[a] = want;
        }
    }
}

/// From c = `from` (where the envelope is `at`), along the concave envelope `level` of the
/// lines (and the cap): to where it stops rising or, with `flat`, to where it starts falling.
/// The end reached and the envelope there.
fn walk(
    lines: &[Line],
    from: f64,
    hi: f64,
    at: f64,
    t_cap: f64,
    level: &dyn Fn(f64) -> f64,
    flat: bool,
) -> (f64, f64) {
    let (mut c, mut at) = (from, at);
    for _ in 0..=lines.len() + 1 {
        // The envelope's slope to the right of c: the least slope among the lines at it.
        let tol = 1e-12 * at.abs().max(1.0);
        let on = |l: &&Line| l.d > 0.0 && (l.level_at(c) - at).abs() <= tol;
        let mut right = lines
            .iter()
            .filter(on)
            .map(|l| l.slope / l.d)
            .fold(f64::INFINITY, f64::min);
        if (t_cap - at).abs() <= tol {
            right = right.min(0.0);
        }
        if right < 0.0 || (!flat && right <= 0.0) || c >= hi {
            return (c, at);
        }
        // The next line (or the cap, of slope 0) to cross below the one at c.
        let mut next = hi;
        let crossings = lines
            .iter()
            .filter(|l| l.d > 0.0)
            .map(|l| (l.level_at(c), l.slope / l.d))
            .chain([(t_cap, 0.0)]);
        for (there, slope) in crossings.filter(|&(_, slope)| slope < right) {
            let x = c + (there - at) / (right - slope);
            if x > c {
                next = next.min(x);
            }
        }
        if right == f64::INFINITY {
            next = hi;
        }
        c = next;
        at = level(c);
    }
    (c, at)
}

#[cfg(test)]
mod tests {
    use super::{Line, walk};

    /// The envelope of t = 1 + c and t = 5 - c (and a cap): it rises to where they cross, or
    /// to the cap, and with `flat` crosses the cap's plateau to where it falls.
    #[test]
    fn the_walk_finds_the_envelope_top_and_its_plateau() {
        let lines = [
            Line {
                room: 1.0,
                slope: 1.0,
                d: 1.0,
            },
            Line {
                room: 10.0,
                slope: -2.0,
                d: 2.0,
            },
        ];
        for (cap, rise, across) in [
            (10.0, (2.0, 3.0), (2.0, 3.0)),
            (2.0, (1.0, 2.0), (3.0, 2.0)),
        ] {
            let level = |c: f64| lines.iter().map(|l| l.level_at(c)).fold(cap, f64::min);
            let top = walk(&lines, 0.0, 10.0, level(0.0), cap, &level, false);
            assert_eq!(top, rise, "cap {cap}");
            let end = walk(&lines, top.0, 10.0, top.1, cap, &level, true);
            assert_eq!(end, across, "cap {cap}");
        }
    }
}
