//! A stage's rounds split into blocks (docs/canonical-plan.md, "Blocks"). After a round, a
//! later plan of the stage differs from the plan at hand by a circulation on the residual graph
//! (every later bound is at least as tight), and each of its cycles lies within one strongly
//! connected component: an arc between two components keeps its flow to the end of the stage,
//! and the active groups of different components rise independently. Each component with
//! active groups is a block: the arcs between components are frozen (lower and upper bound at
//! the flow), so no search leaves a block, and every block takes its own round at once, with
//! its own level, Newton steps and saturated groups, in shared rebalances and one search for
//! the components. The leximin plan is the same: the stage's feasible plans are the product of
//! the blocks', and leximin over a product is each factor's leximin. At BRS this takes stage B
//! from 195 rounds one after another to about 70 rounds of all blocks.

use super::{Cycles, MAX_STEPS, SETTLED, Stage};
use crate::canonical::network::NONE;
use crate::{Error, Result};

/// The active groups of one block and its round under way.
struct Block {
    groups: Vec<usize>,
    /// The least value of its groups: a level the plan at hand reaches.
    t_lo: f64,
    /// The trial level; once the round is done, the block's level.
    t: f64,
    /// Whether the first trial comes from the groups' caps alone (a round from the known cuts
    /// found no saturated group).
    from_caps: bool,
}

impl Block {
    fn new(groups: Vec<usize>) -> Block {
        Block {
            groups,
            t_lo: 0.0,
            t: 0.0,
            from_caps: false,
        }
    }
}

/// The blocks of a round, and the block of each node (NONE: in none).
struct Split {
    blocks: Vec<Block>,
    node: Vec<u32>,
}

impl Stage<'_> {
    /// One round of every block: each finds its level and fixes the groups saturated there.
    /// `comp` is the residual graph's components after the last round (None: one block). The
    /// rounds taken (one per block), and the components after them.
    pub(super) fn blocks_round(
        &mut self,
        active: &[usize],
        comp: Option<Vec<u32>>,
    ) -> Result<(usize, Option<Vec<u32>>)> {
        let mut split = self.split(active, comp.as_deref());
        let mut rounds = 0;
        loop {
            self.levels(&mut split)?;
            let arcs = split.blocks.iter().flat_map(|b| &b.groups);
            let inside = |v: usize| split.node[v] != NONE;
            let cycles = Cycles::within(&self.fnet.net, arcs.map(|&i| self.g.arcs[i]), inside);
            let mut again = Vec::new();
            for b in std::mem::take(&mut split.blocks) {
                let fixed = self.saturated(&b.groups, b.t, &cycles);
                if !fixed.is_empty() {
                    self.fix(&fixed, b.t);
                    rounds += 1;
                } else if b.from_caps {
                    return Err(Error::Solver(format!(
                        "canonical stage: no group saturated at level {}",
                        b.t
                    )));
                } else {
                    // At the true level some group is saturated: the known cuts' bound came
                    // out low (rounding in their sums). Newton again from the groups' caps.
                    again.push(Block {
                        from_caps: true,
                        ..b
                    });
                }
            }
            if again.is_empty() {
                return Ok((rounds, cycles.into_components()));
            }
            split.blocks = again;
        }
    }

    /// The blocks of the active groups: one per component that holds some, once the arcs
    /// between components are frozen; without components, one block of them all.
    fn split(&mut self, active: &[usize], comp: Option<&[u32]>) -> Split {
        let nodes = self.fnet.net.nodes();
        let Some(comp) = comp else {
            let blocks = vec![Block::new(active.to_vec())];
            return Split {
                blocks,
                node: vec![0; nodes],
            };
        };
        self.freeze_between(comp);
        let mut of_comp = vec![NONE; nodes];
        let mut blocks: Vec<Block> = Vec::new();
        for &i in active.iter().filter(|&&i| self.active[i]) {
            let c = comp[self.fnet.net.ends(self.g.arcs[i]).0] as usize;
            if of_comp[c] == NONE {
                of_comp[c] = blocks.len() as u32;
                blocks.push(Block::new(Vec::new()));
            }
            blocks[of_comp[c] as usize].groups.push(i);
        }
        let node = comp
            .iter()
            .map(|&c| if c == NONE { NONE } else { of_comp[c as usize] })
            .collect();
        Split { blocks, node }
    }

    /// Every arc between two components keeps its flow to the end of the stage: its bounds
    /// are set to it, and an active group among them is fixed there. Only the arcs at nodes
    /// with a component (those of the last round's blocks) can have become such arcs (an arc
    /// with both ends outside them, NONE, is not one). One pass over the arcs in order: at
    /// BRS the split's share of stage B's rounds fell from 11% to 6% against gathering them
    /// from each node's entries.
    fn freeze_between(&mut self, comp: &[u32]) {
        let net = &mut self.fnet.net;
        for a in 0..net.flow.len() {
            let (t, h) = net.ends(a);
            if comp[t] != comp[h] {
                (net.lower[a], net.upper[a]) = (net.flow[a], net.flow[a]);
                if let Some(&i) = self.group_of.get(a).filter(|&&i| i != u32::MAX) {
                    self.active[i as usize] = false;
                }
            }
        }
    }

    /// Each block's level, by Newton's method on its violated cuts from the least bound its
    /// groups' caps and (unless `from_caps`) the known cuts give; the network is left with a
    /// circulation that gives every block's groups at least its level, and those lower bounds.
    /// The blocks' Newton steps run side by side: each rebalance routes every block's excess,
    /// and each block that keeps some takes its own step.
    fn levels(&mut self, split: &mut Split) -> Result<()> {
        self.tight.clear();
        let known = self.known_bounds(split);
        let mut excess = std::mem::take(&mut self.excess);
        for (b, mut known) in split.blocks.iter_mut().zip(known) {
            if !b.from_caps {
                known = known.min(self.head_bound(&b.groups));
            }
            (b.t_lo, b.t) = self.first_trial(&b.groups, known);
            self.raise(&b.groups, b.t, &mut excess);
        }
        for _ in 0..MAX_STEPS {
            if self.fnet.net.rebalance(&mut excess) || !self.newton_steps(split, &mut excess)? {
                self.excess = excess;
                return Ok(());
            }
        }
        Err(Error::Solver(format!(
            "canonical stage: the level did not settle in {MAX_STEPS} Newton steps"
        )))
    }

    /// After a failed rebalance, a Newton step for each block that kept excess: its trial
    /// lowered to the bound of the set the excess reaches in it; or, when that set allows the
    /// trial itself, the excess left is rounding's and the trial is the level (the block's
    /// rows carried, its excess dropped, the set's groups saturated). Whether some block
    /// stepped (a rebalance is due).
    fn newton_steps(&mut self, split: &mut Split, excess: &mut [f64]) -> Result<bool> {
        let (nb, tol) = (split.blocks.len(), self.fnet.net.tol);
        let (mut kept, mut inside) = (vec![false; nb], vec![0.0; nb]);
        for (v, &e) in excess.iter().enumerate() {
            let b = split.node[v] as usize;
            if e > tol {
                *kept.get_mut(b).ok_or_else(outside)? = true;
            }
            if let Some(sum) = inside
                .get_mut(b)
                .filter(|_| e > tol && self.fnet.net.reached(v))
            {
                *sum += (e - self.rounding_at(v)).max(0.0);
            }
        }
        let t: Vec<f64> = split.blocks.iter().map(|b| b.t).collect();
        let cuts = self.cuts_by_block(|v| split.node[v] as usize, &t);
        let mut stepped = false;
        for (b, cut) in cuts.into_iter().enumerate().filter(|&(b, _)| kept[b]) {
            let block = &mut split.blocks[b];
            match self.bound(&cut) {
                Some(next) if next < block.t * (1.0 - SETTLED) && block.t > block.t_lo => {
                    block.t = next.max(block.t_lo);
                    for &i in &block.groups {
                        self.fnet.net.lower[self.g.arcs[i]] = self.floor_at(i, block.t);
                    }
                    self.cuts.push(cut);
                    stepped = true;
                }
                // The cut allows t itself, or does not depend on it: the excess left is what
                // the room below the tolerance on its arcs would carry (rounding), and the
                // block's active arcs are taken down to what reaches them.
                _ if cut.unused >= inside[b] => {
                    let (node, fnet) = (&split.node, &mut *self.fnet);
                    let ends = |a: usize| fnet.net.ends(a);
                    let within: Vec<bool> = (0..fnet.net.flow.len())
                        .map(|a| node[ends(a).0] == b as u32 && node[ends(a).1] == b as u32)
                        .collect();
                    fnet.carry_where(|a| within[a]);
                    for (v, e) in excess.iter_mut().enumerate() {
                        if node[v] == b as u32 {
                            *e = 0.0;
                        }
                    }
                    // X binds at t: its active groups cannot rise (but by rounding), whatever
                    // cycles of rounding's size the taking down opened.
                    self.tight.extend(cut.groups.iter().map(|&i| i as usize));
                }
                next => {
                    let block = &split.blocks[b];
                    return Err(Error::Solver(format!(
                        "canonical stage: at level {} a cut gave {next:?} and no room",
                        block.t
                    )));
                }
            }
        }
        Ok(stepped)
    }

    /// The least bound that the groups' heads give, each alone as a cut (a need's Party in
    /// stage B: its total less its fixed needs' share, over its active needs' d). An active
    /// group into the head counts with its d (its floor, if higher, would only lower the
    /// bound: this one is never below the truth).
    fn head_bound(&self, groups: &[usize]) -> f64 {
        let net = &self.fnet.net;
        let mut heads: Vec<usize> = groups.iter().map(|&i| net.ends(self.g.arcs[i]).1).collect();
        heads.sort_unstable();
        heads.dedup();
        let bound = |v: usize| {
            let (mut room, mut d) = (0.0, 0.0);
            for (a, out) in net.arcs_at(v) {
                match (out, self.group_of[a]) {
                    (true, _) => room += net.upper[a],
                    (false, i) if i != u32::MAX && self.active[i as usize] => {
                        d += self.g.denom[i as usize]
                    }
                    (false, _) => room -= net.lower[a],
                }
            }
            room / d
        };
        heads.into_iter().map(bound).fold(f64::INFINITY, f64::min)
    }

    /// The least bound of the known cuts for each block (infinite for a block whose trial
    /// starts from its caps), dropping the cuts with no active group left. A cut whose active
    /// groups lie in several blocks bounds none of them alone and is skipped.
    fn known_bounds(&mut self, split: &Split) -> Vec<f64> {
        let mut block_of = vec![NONE; self.g.arcs.len()];
        for (b, block) in split.blocks.iter().enumerate() {
            block.groups.iter().for_each(|&i| block_of[i] = b as u32);
        }
        let mut least = vec![f64::INFINITY; split.blocks.len()];
        let mut kept = Vec::with_capacity(self.cuts.len());
        for cut in std::mem::take(&mut self.cuts) {
            let mut of = cut
                .groups
                .iter()
                .filter(|&&i| self.active[i as usize])
                .map(|&i| block_of[i as usize]);
            let Some(first) = of.next() else {
                continue;
            };
            let b = first as usize;
            let alone = of.all(|c| c == first) && first != NONE;
            if let Some(bound) = self
                .bound(&cut)
                .filter(|_| alone && !split.blocks[b].from_caps)
            {
                least[b] = least[b].min(bound);
            }
            kept.push(cut);
        }
        self.cuts = kept;
        least
    }
}

/// Excess outside every block: no round raised it there.
fn outside() -> Error {
    Error::Solver("canonical stage: excess outside every block".into())
}
