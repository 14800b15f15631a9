//! Leximin over arcs of a network (docs/canonical-plan.md, "The flow method"): the same
//! stages and, within the tolerances, the same answer as [`super::leximin`]'s max-min LPs, on
//! the face as a circulation, with max-flows instead of HiGHS runs.
//!
//! A group is an arc a_g with denominator d_g (a Party's arc to the hub over its reachable
//! need; a need's arc to its Party over its amount); its value is flow / d_g. Each round:
//! - **the level.** The largest t such that some circulation gives every active group at least
//!   t d_g, every fixed group its level, and meets every bound. By Hoffman's theorem it is the
//!   least, over node sets X, of t_X = (capacity out of X - lower bounds into X) / (d of the
//!   active arcs into X). Newton's method (Dinkelbach's) finds it from above: try t; if
//!   [`Network::rebalance`] cannot raise the active arcs to t d_g, the set it returns is such an
//!   X, and t_X < t is the next trial; a trial that succeeds is the level, and leaves the plan.
//! - **saturation, exactly.** With the active arcs bounded below by t* d_g, an active group can
//!   rise above t* with every other held at or above its floor exactly when its arc has room and
//!   lies on a residual cycle: both ends in one strongly connected component of the residual
//!   graph ([`Network::components`]). The others are saturated: each is fixed at its flow.
//!
//! When a stage ends its arcs are fixed at their flows, lower and upper bound, so the next stage
//! keeps every group of this one exactly where it is.

use super::face_network::{FaceNetwork, Hinge};
use super::network::Network;
use crate::{Error, Result};

mod blocks;
mod hinge;

/// Room, excess or deficit at most this, relative to the network's largest finite bound, is
/// zero. A plan's sums of thousands of terms carry rounding errors near 1e-13 of it; a need's
/// funding is certain to within this much of the largest bound (inside the 1e-6 of
/// max(1, amount) that back ends must agree to while the largest bound is under 1e6 times
/// that: 76,320 units on the bundled dataset).
pub const FLOW_TOLERANCE: f64 = 1e-12;

/// A Newton step that lowers the trial level by less than this (relative) has found it.
const SETTLED: f64 = 1e-12;

/// Newton steps a round may take before it gives up (each step lowers the trial level by a
/// cut; the number of cuts is finite, and in practice a round takes two or three).
const MAX_STEPS: usize = 200;

/// The groups of one stage as arcs.
#[derive(Debug, Clone, Default)]
pub struct ArcGroups {
    pub arcs: Vec<usize>,
    pub denom: Vec<f64>,
    /// The most each group's value can be (its arc's bound, or less).
    pub cap: Vec<f64>,
}

/// Leximin over each stage's groups in turn; the rounds of each stage.
#[cfg(test)]
pub fn run(fnet: &mut FaceNetwork, stages: &[ArcGroups]) -> Result<Vec<usize>> {
    stages.iter().map(|g| stage(fnet, g, false, true)).collect()
}

/// Leximin over one stage's groups: the rounds it took. With `hinged`, the network's
/// [`Hinge`] keeps its share floor tight while its c stays free ([`hinge`]); with `blocks`, the
/// rounds split into blocks ([`blocks`]), otherwise every round runs on the whole network.
pub fn stage(fnet: &mut FaceNetwork, g: &ArcGroups, hinged: bool, blocks: bool) -> Result<usize> {
    let pivot = fnet.hinge.filter(|_| hinged).map(|hinge| Pivot {
        hinge,
        // Where the plan at hand puts the second class (trials start near it).
        c: fnet.net.flow[hinge.arcs[1]] / hinge.coef[1],
        free: true,
    });
    let mut stage = Stage::new(fnet, g, pivot);
    stage.split_blocks = blocks;
    stage.run()
}

/// One stage under way.
struct Stage<'a> {
    fnet: &'a mut FaceNetwork,
    g: &'a ArcGroups,
    /// The group of each arc, if it is one.
    group_of: Vec<u32>,
    /// Each group's arc's lower bound when the stage began (a `fair` floor on a Party).
    floor: Vec<f64>,
    active: Vec<bool>,
    /// Each node's inflow less outflow: within the tolerance of zero between rounds, kept
    /// from one round to the next so that no rounding is lost.
    excess: Vec<f64>,
    /// Every violated cut found so far: an upper bound on the level in every later round.
    cuts: Vec<Cut>,
    /// The active groups of the cut that bound this round's level when rounding stopped
    /// routing short of it (saturated with the others).
    tight: Vec<usize>,
    /// Whether the rounds split into blocks.
    split_blocks: bool,
    /// The hinge and its c, if the stage has one.
    pivot: Option<Pivot>,
}

/// A [`Hinge`]'s c: free (each round chooses it with the level) until a round finds a single
/// value possible, then fixed there.
#[derive(Debug, Clone, Copy)]
struct Pivot {
    hinge: Hinge,
    c: f64,
    free: bool,
}

/// A node set X as a bound on the level: the bounds of X's arcs other than the groups' that
/// enter it (upper bounds out, lower bounds in, counted at the time), and those groups.
#[derive(Default)]
struct Cut {
    room: f64,
    /// How much `room` grows per unit of a free hinge's c.
    slope: f64,
    groups: Vec<u32>,
    /// Room below the tolerance on the arcs that cross it (what rounding leaves).
    unused: f64,
}

impl Cut {
    /// No arc counted yet: room below the tolerance `tol` on the arcs to come.
    fn empty(tol: f64) -> Cut {
        Cut {
            unused: tol,
            ..Cut::default()
        }
    }
}

impl<'a> Stage<'a> {
    fn new(fnet: &'a mut FaceNetwork, g: &'a ArcGroups, pivot: Option<Pivot>) -> Stage<'a> {
        let mut group_of = vec![u32::MAX; fnet.net.flow.len()];
        for (i, &a) in g.arcs.iter().enumerate() {
            group_of[a] = i as u32;
        }
        let floor = g.arcs.iter().map(|&a| fnet.net.lower[a]).collect();
        let excess = vec![0.0; fnet.net.nodes()];
        Stage {
            fnet,
            g,
            group_of,
            floor,
            active: vec![true; g.arcs.len()],
            excess,
            cuts: Vec::new(),
            tight: Vec::new(),
            split_blocks: true,
            pivot,
        }
    }

    /// Leximin over the stage's groups: the rounds it took. Every group ends fixed at its
    /// level, lower and upper bound (and the hinge's arcs at the flows the groups' carry).
    fn run(mut self) -> Result<usize> {
        let g = self.g;
        let mut active: Vec<usize> = (0..g.arcs.len()).collect();
        let mut rounds = 0;
        // The residual graph's components after the last round, which split the next one into
        // blocks (none before the first round, or after a round with a free hinge).
        let mut comp = None;
        while !active.is_empty() {
            if self.pivot.is_some_and(|p| p.free) {
                let t = self.level_free(&active)?;
                let cycles = Cycles::of(&self.fnet.net, active.iter().map(|&i| g.arcs[i]));
                let fixed = self.saturated(&active, t, &cycles);
                if fixed.is_empty() {
                    return Err(Error::Solver(format!(
                        "canonical stage: no group saturated at level {t}"
                    )));
                }
                self.fix(&fixed, t);
                (rounds, comp) = (rounds + 1, None);
            } else if self.split_blocks {
                let (r, c) = self.blocks_round(&active, comp.take())?;
                (rounds, comp) = (rounds + r, c);
            } else {
                rounds += self.whole_round(&active)?;
            }
            active.retain(|&i| self.active[i]);
        }
        self.fnet.carry();
        let hinge = self.pivot.map(|p| p.hinge.arcs);
        let net = &mut self.fnet.net;
        for &a in g.arcs.iter().chain(hinge.iter().flatten()) {
            net.lower[a] = net.flow[a];
            net.upper[a] = net.flow[a];
        }
        Ok(rounds)
    }

    /// One round on the whole network (the rounds without blocks): the level, then the
    /// groups saturated there fixed; 1.
    fn whole_round(&mut self, active: &[usize]) -> Result<usize> {
        let arcs = || active.iter().map(|&i| self.g.arcs[i]);
        let mut t = self.level(active, true)?;
        let mut fixed = self.saturated(active, t, &Cycles::of(&self.fnet.net, arcs()));
        if fixed.is_empty() {
            // At the true level some group is saturated: the known cuts' bound came out low
            // (rounding in their sums). Newton again from the groups' caps.
            t = self.level(active, false)?;
            fixed = self.saturated(active, t, &Cycles::of(&self.fnet.net, arcs()));
        }
        if fixed.is_empty() {
            return Err(Error::Solver(format!(
                "canonical stage: no group saturated at level {t}"
            )));
        }
        self.fix(&fixed, t);
        Ok(1)
    }

    /// Fix the saturated groups at level t.
    fn fix(&mut self, fixed: &[usize], t: f64) {
        for &i in fixed {
            let (a, at) = (self.g.arcs[i], self.floor_at(i, t));
            let net = &mut self.fnet.net;
            net.lower[a] = net.flow[a].min(at);
            self.active[i] = false;
        }
    }

    /// The groups at level t that cannot rise above it: at t d_g, with no room or no residual
    /// cycle through their arc. A group above t is not saturated, even at its bound: it may
    /// have to come down to a later level.
    fn saturated(&self, groups: &[usize], t: f64, cycles: &Cycles) -> Vec<usize> {
        let (net, g) = (&self.fnet.net, self.g);
        let can_rise = |i: usize| {
            let a = g.arcs[i];
            net.flow[a] > self.floor_at(i, t) + net.tol
                || (net.has_room(a) && cycles.on_cycle(net, a))
        };
        groups
            .iter()
            .copied()
            .filter(|&i| !can_rise(i) || self.tight.contains(&i))
            .collect()
    }

    /// The round's level t*, by Newton's method on the violated cuts, starting from the least
    /// bound that the groups' caps and (with `known_cuts`) the cuts found so far give; the
    /// network is left with a circulation that gives every active group at least t* d_g, and
    /// those lower bounds.
    fn level(&mut self, active: &[usize], known_cuts: bool) -> Result<f64> {
        self.tight.clear();
        let g = self.g;
        let known = if known_cuts {
            self.known_bound()
        } else {
            f64::INFINITY
        };
        let (t_lo, mut t) = self.first_trial(active, known);
        // Raise every active arc to t d_g and route the flow this forces in. When that fails,
        // the next trial only lowers the active arcs' floors, and routing continues from where
        // it stopped (every arc still meets its bounds; only the excesses remain).
        let mut excess = std::mem::take(&mut self.excess);
        self.raise(active, t, &mut excess);
        for _ in 0..MAX_STEPS {
            if self.fnet.net.rebalance(&mut excess) {
                self.excess = excess;
                return Ok(t);
            }
            let cut = self.cut(t);
            match self.bound(&cut) {
                Some(next) if next < t * (1.0 - SETTLED) && t > t_lo => t = next.max(t_lo),
                // The cut allows t itself, or does not depend on it: the excess left is what
                // the room below the tolerance on its arcs would carry (rounding), and the
                // active arcs are taken down to what reaches them.
                _ if cut.unused >= self.excess_inside(&excess) => {
                    self.fnet.carry();
                    excess.fill(0.0);
                    self.excess = excess;
                    // X binds at t: its active groups cannot rise (but by rounding), whatever
                    // cycles of rounding's size the taking down opened.
                    self.tight = cut.groups.iter().map(|&i| i as usize).collect();
                    return Ok(t);
                }
                next => {
                    return Err(Error::Solver(format!(
                        "canonical stage: at level {t} a cut gave {next:?} and no room"
                    )));
                }
            }
            self.cuts.push(cut);
            for &i in active {
                self.fnet.net.lower[g.arcs[i]] = self.floor_at(i, t);
            }
        }
        Err(Error::Solver(format!(
            "canonical stage: the level did not settle in {MAX_STEPS} Newton steps"
        )))
    }

    /// The least bound of the cuts known, dropping those with no active group left.
    fn known_bound(&mut self) -> f64 {
        let mut least = f64::INFINITY;
        let mut kept = Vec::with_capacity(self.cuts.len());
        for cut in std::mem::take(&mut self.cuts) {
            if let Some(b) = self.bound(&cut) {
                least = least.min(b);
                kept.push(cut);
            }
        }
        self.cuts = kept;
        least
    }

    /// The least value of the groups (a level every plan at hand reaches), and the first
    /// trial: the least of the groups' caps and `known`, the known cuts' bound.
    fn first_trial(&self, groups: &[usize], known: f64) -> (f64, f64) {
        let (g, net) = (self.g, &self.fnet.net);
        let t_lo = groups
            .iter()
            .map(|&i| net.flow[g.arcs[i]] / g.denom[i])
            .fold(f64::INFINITY, f64::min);
        let caps = groups
            .iter()
            .map(|&i| g.cap[i].min(net.upper[g.arcs[i]] / g.denom[i]))
            .fold(f64::INFINITY, f64::min);
        (t_lo, known.min(caps).max(t_lo))
    }

    /// Raise each active arc's floor to level t, forcing its flow up to it; what is forced in
    /// is left in `excess` for the rebalance to route. A flow within the tolerance of its new
    /// floor stays: the deficit its tail would take is below the tolerance and no route would
    /// serve it, while its head can add many such raises up to more than the tolerance (a
    /// trial within rounding of the last level, e.g. a Party's bound: that excess found no
    /// route and no cut, and the rounds by blocks handed over to the whole-network rounds).
    fn raise(&mut self, active: &[usize], t: f64, excess: &mut [f64]) {
        for &i in active {
            let (a, want) = (self.g.arcs[i], self.floor_at(i, t));
            let net = &mut self.fnet.net;
            net.lower[a] = want;
            if net.flow[a] < want - net.tol {
                let (u, v) = net.ends(a);
                excess[v] += want - net.flow[a];
                excess[u] -= want - net.flow[a];
                net.flow[a] = want;
            }
        }
    }

    /// Group i's lower bound at level t: t d_g, or its floor if higher.
    fn floor_at(&self, i: usize, t: f64) -> f64 {
        self.floor[i].max(t * self.g.denom[i])
    }

    /// The set X the last failed rebalance (at trial t) reached, as a cut. An active group whose
    /// floor is above t d_g counts with its floor; the others with their d_g, so that for
    /// lower trials the cut's bound is never below the truth.
    fn cut(&self, t: f64) -> Cut {
        let net = &self.fnet.net;
        let (mut room, mut groups, mut unused) = (0.0, Vec::new(), net.tol);
        let mut slope = 0.0;
        let free = self.pivot.filter(|p| p.free).map(|p| p.hinge);
        for a in 0..net.flow.len() {
            let (u, v) = net.ends(a);
            // A free hinge arc's bounds are coef c + offset: they count in the slope.
            let hinge = free.and_then(|h| (0..2).find(|&k| h.arcs[k] == a).map(|k| (h, k)));
            match (net.reached(u), net.reached(v), hinge) {
                (true, false, Some((h, k))) => {
                    (slope, room) = (slope + h.coef[k], room + h.offset[k]);
                }
                (false, true, Some((h, k))) => {
                    (slope, room) = (slope - h.coef[k], room - h.offset[k]);
                }
                (true, false, _) => {
                    room += net.upper[a];
                    unused += (net.upper[a] - net.flow[a]).max(0.0);
                }
                (false, true, _) => {
                    unused += (net.flow[a] - net.lower[a]).max(0.0);
                    match self.group_of[a] {
                        i if i != u32::MAX
                            && self.active[i as usize]
                            && self.floor[i as usize] < t * self.g.denom[i as usize] =>
                        {
                            groups.push(i)
                        }
                        _ => room -= net.lower[a],
                    }
                }
                _ => {}
            }
        }
        Cut {
            room,
            slope,
            groups,
            unused,
        }
    }

    /// The excess left in the set the last failed rebalance reached, beyond what rounding
    /// explains at each node ([`Stage::rounding_at`]).
    fn excess_inside(&self, excess: &[f64]) -> f64 {
        let net = &self.fnet.net;
        (0..net.nodes())
            .filter(|&v| net.reached(v) && excess[v] > net.tol)
            .map(|v| (excess[v] - self.rounding_at(v)).max(0.0))
            .sum()
    }

    /// The excess at node v that rounding explains: the tolerance, or [`FLOW_TOLERANCE`] of the
    /// flow into v if that is more. A node's excess is a running sum of every raise and push
    /// through it, so its rounding grows with that flow, not with the largest single bound: at
    /// the L preset the hub, through which 1.13e6 flows, kept 1.32e-8 after a trial at exactly
    /// a cut's level, twice the tolerance of 6.5e-9 (relative to the flow, 1.2e-14).
    fn rounding_at(&self, v: usize) -> f64 {
        let net = &self.fnet.net;
        let inflow: f64 = net
            .arcs_at(v)
            .filter(|&(_, out)| !out)
            .map(|(a, _)| net.flow[a].abs())
            .sum();
        net.tol.max(FLOW_TOLERANCE * inflow)
    }

    /// The set the last failed rebalance reached in each block (`block` of a node; `t`, each
    /// block's trial), as a cut. An active group whose floor is above t d_g counts with its
    /// floor; the others with their d_g, so that for lower trials the cut's bound is never
    /// below the truth. An arc between blocks (frozen) counts in the block of its reached end.
    fn cuts_by_block(&self, block: impl Fn(usize) -> usize, t: &[f64]) -> Vec<Cut> {
        let net = &self.fnet.net;
        let mut cuts: Vec<Cut> = t.iter().map(|_| Cut::empty(net.tol)).collect();
        let free = self.pivot.filter(|p| p.free).map(|p| p.hinge);
        // Each arc leaving or entering a block's reached part, seen from its reached end (an
        // arc between two blocks' parts, frozen, from both).
        for v in (0..net.nodes()).filter(|&v| net.reached(v)) {
            let b = block(v);
            for (a, out) in net.arcs_at(v) {
                let (tail, head) = net.ends(a);
                let w = if out { head } else { tail };
                if net.reached(w) && block(w) == b {
                    continue;
                }
                match out {
                    true => self.count_out(&mut cuts[b], a, free),
                    false => self.count_in(&mut cuts[b], a, free, t[b]),
                }
            }
        }
        cuts
    }

    /// Arc a leaves the cut: its upper bound is room (a free hinge arc's counts in the slope).
    fn count_out(&self, cut: &mut Cut, a: usize, free: Option<Hinge>) {
        let net = &self.fnet.net;
        match free.and_then(|h| (0..2).find(|&k| h.arcs[k] == a).map(|k| (h, k))) {
            Some((h, k)) => (cut.slope, cut.room) = (cut.slope + h.coef[k], cut.room + h.offset[k]),
            None => {
                cut.room += net.upper[a];
                cut.unused += (net.upper[a] - net.flow[a]).max(0.0);
            }
        }
    }

    /// Arc a enters the cut (at trial t): an active group whose floor is below t d_g is one
    /// of its groups; another arc's lower bound is taken off the room.
    fn count_in(&self, cut: &mut Cut, a: usize, free: Option<Hinge>, t: f64) {
        let net = &self.fnet.net;
        if let Some((h, k)) = free.and_then(|h| (0..2).find(|&k| h.arcs[k] == a).map(|k| (h, k))) {
            (cut.slope, cut.room) = (cut.slope - h.coef[k], cut.room - h.offset[k]);
            return;
        }
        cut.unused += (net.flow[a] - net.lower[a]).max(0.0);
        match self.group_of[a] {
            i if i != u32::MAX
                && self.active[i as usize]
                && self.floor[i as usize] < t * self.g.denom[i as usize] =>
            {
                cut.groups.push(i)
            }
            _ => cut.room -= net.lower[a],
        }
    }

    /// t_X = (room - floors of the cut's groups fixed since) / (d of its active groups), if
    /// any is active.
    fn bound(&self, cut: &Cut) -> Option<f64> {
        let (room, d) = self.line(cut, self.pivot.map_or(0.0, |p| p.c));
        (d > 0.0).then(|| room / d)
    }

    /// A cut as a line: the room it leaves at the hinge's c = `c` (its floors fixed since
    /// taken off) and the d of its active groups; the level it allows is room / d.
    fn line(&self, cut: &Cut, c: f64) -> (f64, f64) {
        let (net, g) = (&self.fnet.net, self.g);
        let (mut room, mut d) = (cut.room + cut.slope * c, 0.0);
        for &i in &cut.groups {
            let i = i as usize;
            if self.active[i] {
                d += g.denom[i];
            } else {
                room -= net.lower[g.arcs[i]];
            }
        }
        (room, d)
    }
}

/// Which arcs lie on a cycle of the residual graph, for the given arcs: when they all end at
/// one node (stage A's Parties, at the hub), the nodes reachable from it (one search);
/// otherwise the strongly connected components.
enum Cycles {
    None,
    FromHub(Vec<bool>),
    Components(Vec<u32>),
}

impl Cycles {
    fn of(net: &Network, arcs: impl Iterator<Item = usize>) -> Cycles {
        Cycles::within(net, arcs, |_| true)
    }

    /// [`Cycles::of`] where the arcs' cycles lie among the nodes `inside` picks (no residual
    /// entry leaves them): the components of those nodes alone (the others NONE).
    fn within(
        net: &Network,
        mut arcs: impl Iterator<Item = usize>,
        inside: impl Fn(usize) -> bool,
    ) -> Cycles {
        let Some(first) = arcs.next() else {
            return Cycles::None;
        };
        let head = net.ends(first).1;
        if arcs.all(|a| net.ends(a).1 == head) {
            Cycles::FromHub(net.reachable_from(head))
        } else {
            Cycles::Components(net.components_from((0..net.nodes()).filter(|&v| inside(v))))
        }
    }

    /// The components, if these are them.
    fn into_components(self) -> Option<Vec<u32>> {
        match self {
            Cycles::Components(comp) => Some(comp),
            _ => None,
        }
    }

    /// Whether a residual cycle runs forward through arc a (given that it has room).
    fn on_cycle(&self, net: &Network, a: usize) -> bool {
        let (u, v) = net.ends(a);
        match self {
            Cycles::None => false,
            Cycles::FromHub(seen) => seen[u],
            Cycles::Components(comp) => comp[u] == comp[v],
        }
    }
}
