//! A circulation with lower and upper bounds on its arcs, the residual operations the flow
//! leximin needs ([`super::waterfill`]), and the coverage face written as one ([`FaceNetwork`]).
//!
//! Two routines are written here rather than taken from a crate, because none offers them in
//! the form needed: [`Network::rebalance`] is Dinic's blocking-flow max-flow, run warm from a
//! flow that breaks some lower bounds, on `f64` capacities with a stated tolerance, and it
//! returns the violated cut when it fails (petgraph's `ford_fulkerson` and pathfinding's
//! Edmonds-Karp start from zero, and the latter needs `Ord` weights); [`Network::components`]
//! is Tarjan's strongly connected components on the residual graph without building a graph,
//! iteratively (petgraph's `TarjanScc` recurses once per node on the path, too deep for the L
//! preset's networks on a rayon thread's stack).

use super::face::Face;
use crate::dataset::Dataset;
use crate::model::{ColTag, RowTag};

const NONE: u32 = u32::MAX;

/// An arc's lower and upper bound.
type Bounds = (f64, f64);

/// A left-out row counts as met when its activity is within this, relative to the sum of its
/// terms' magnitudes, of its bounds.
pub const LEFT_OUT_TOLERANCE: f64 = 1e-9;

/// Arcs with bounds and a flow; residual entry `2a` goes forward along arc a (room
/// `upper - flow`), entry `2a + 1` backward (room `flow - lower`).
pub struct Network {
    tail: Vec<u32>,
    head: Vec<u32>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub flow: Vec<f64>,
    /// Entries leaving node v: `entries[start[v]..start[v + 1]]`.
    start: Vec<usize>,
    entries: Vec<u32>,
    /// Room or imbalance at most this is zero (absolute; [`super::FLOW_TOLERANCE`] of the
    /// network's largest finite bound).
    pub tol: f64,
    level: Vec<u32>,
    next: Vec<usize>,
}

impl Network {
    /// A network of `nodes` nodes and the arcs `(tail, head, lower, upper)`, every flow zero.
    pub fn new(nodes: usize, arcs: &[(u32, u32, f64, f64)], tol: f64) -> Network {
        let mut start = vec![0usize; nodes + 1];
        for &(t, h, _, _) in arcs {
            start[t as usize + 1] += 1;
            start[h as usize + 1] += 1;
        }
        for v in 0..nodes {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut entries = vec![0u32; 2 * arcs.len()];
        for (a, &(t, h, _, _)) in arcs.iter().enumerate() {
            entries[fill[t as usize]] = 2 * a as u32;
            fill[t as usize] += 1;
            entries[fill[h as usize]] = 2 * a as u32 + 1;
            fill[h as usize] += 1;
        }
        Network {
            tail: arcs.iter().map(|a| a.0).collect(),
            head: arcs.iter().map(|a| a.1).collect(),
            lower: arcs.iter().map(|a| a.2).collect(),
            upper: arcs.iter().map(|a| a.3).collect(),
            flow: vec![0.0; arcs.len()],
            start,
            entries,
            tol,
            level: vec![NONE; nodes],
            next: vec![0; nodes],
        }
    }

    pub fn nodes(&self) -> usize {
        self.start.len() - 1
    }

    pub fn ends(&self, a: usize) -> (usize, usize) {
        (self.tail[a] as usize, self.head[a] as usize)
    }

    fn room(&self, e: u32) -> f64 {
        let a = (e / 2) as usize;
        if e & 1 == 0 {
            self.upper[a] - self.flow[a]
        } else {
            self.flow[a] - self.lower[a]
        }
    }

    fn to(&self, e: u32) -> usize {
        let a = (e / 2) as usize;
        (if e & 1 == 0 {
            self.head[a]
        } else {
            self.tail[a]
        }) as usize
    }

    fn from(&self, e: u32) -> usize {
        self.to(e ^ 1)
    }

    fn push(&mut self, e: u32, d: f64) {
        let a = (e / 2) as usize;
        if e & 1 == 0 {
            self.flow[a] += d;
        } else {
            self.flow[a] -= d;
        }
    }

    /// Whether arc a may carry more flow: its forward room exceeds the tolerance.
    pub fn has_room(&self, a: usize) -> bool {
        self.room(2 * a as u32) > self.tol
    }

    /// Send each node's excess (inflow minus outflow beyond what the flow shows, > 0) to the
    /// nodes in deficit (< 0) along residual paths, by Dinic's blocking flows. True when no node
    /// is left with an excess above the tolerance; otherwise `reached` tells which nodes the
    /// remaining excess can reach: a set that no residual entry leaves, whose arcs in stay at
    /// their lower bounds and arcs out at their upper (Hoffman's condition fails on it).
    pub fn rebalance(&mut self, excess: &mut [f64]) -> bool {
        while self.levels(excess) {
            let n = self.nodes();
            self.next.copy_from_slice(&self.start[..n]);
            for s in 0..self.nodes() {
                if excess[s] > self.tol {
                    self.augment(s, excess);
                }
            }
        }
        excess.iter().all(|&e| e <= self.tol)
    }

    /// After a failed [`Network::rebalance`], whether node v is reachable from the excess left.
    pub fn reached(&self, v: usize) -> bool {
        self.level[v] != NONE
    }

    /// Breadth-first levels from every node in excess, up to the first level holding a node in
    /// deficit; whether one was found.
    fn levels(&mut self, excess: &[f64]) -> bool {
        self.level.fill(NONE);
        let mut queue: Vec<usize> = (0..self.nodes())
            .filter(|&v| excess[v] > self.tol)
            .collect();
        queue.iter().for_each(|&v| self.level[v] = 0);
        let (mut head, mut found) = (0, NONE);
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            if self.level[v] >= found {
                break;
            }
            for i in self.start[v]..self.start[v + 1] {
                let e = self.entries[i];
                let w = self.to(e);
                if self.level[w] == NONE && self.room(e) > self.tol {
                    self.level[w] = self.level[v] + 1;
                    if excess[w] < -self.tol {
                        found = found.min(self.level[w]);
                    }
                    queue.push(w);
                }
            }
        }
        found != NONE
    }

    /// Push s's excess along level-increasing residual paths to nodes in deficit.
    fn augment(&mut self, s: usize, excess: &mut [f64]) {
        let mut path: Vec<u32> = Vec::new();
        let mut v = s;
        while excess[s] > self.tol {
            if v != s && excess[v] < -self.tol {
                let d = path
                    .iter()
                    .fold(excess[s].min(-excess[v]), |d, &e| d.min(self.room(e)));
                for &e in &path {
                    self.push(e, d);
                }
                excess[s] -= d;
                excess[v] += d;
                path.clear();
                v = s;
                continue;
            }
            match self.advance(v) {
                Some(e) => {
                    path.push(e);
                    v = self.to(e);
                }
                None => {
                    self.level[v] = NONE;
                    let Some(e) = path.pop() else { break };
                    v = self.from(e);
                    self.next[v] += 1;
                }
            }
        }
    }

    /// The next admissible entry out of v (one level up, with room), if any.
    fn advance(&mut self, v: usize) -> Option<u32> {
        while self.next[v] < self.start[v + 1] {
            let e = self.entries[self.next[v]];
            let w = self.to(e);
            if self.level[v] != NONE
                && self.level[w] == self.level[v] + 1
                && self.room(e) > self.tol
            {
                return Some(e);
            }
            self.next[v] += 1;
        }
        None
    }

    /// Whether each node can be reached from v along entries with room above the tolerance.
    pub fn reachable_from(&self, v: usize) -> Vec<bool> {
        let mut seen = vec![false; self.nodes()];
        let mut queue = vec![v];
        seen[v] = true;
        while let Some(u) = queue.pop() {
            for &e in &self.entries[self.start[u]..self.start[u + 1]] {
                let w = self.to(e);
                if !seen[w] && self.room(e) > self.tol {
                    seen[w] = true;
                    queue.push(w);
                }
            }
        }
        seen
    }

    /// The strongly connected component of each node in the residual graph (entries with room
    /// above the tolerance), by Tarjan's algorithm with an explicit stack. An arc with room lies
    /// on a residual cycle, so its flow can grow with every node kept in balance, exactly when
    /// its ends share a component.
    pub fn components(&self) -> Vec<u32> {
        let n = self.nodes();
        let mut tj = Tarjan {
            index: vec![NONE; n],
            low: vec![0; n],
            comp: vec![NONE; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            call: Vec::new(),
            counter: 0,
            count: 0,
        };
        for root in 0..n {
            if tj.index[root] == NONE {
                tj.open(root, self.start[root]);
                self.search(&mut tj);
            }
        }
        tj.comp
    }

    /// Depth-first search from the open root of `tj` until its call stack empties.
    fn search(&self, tj: &mut Tarjan) {
        while let Some(&(v, i)) = tj.call.last() {
            if i < self.start[v + 1] {
                tj.call.last_mut().expect("a frame").1 += 1;
                let e = self.entries[i];
                if self.room(e) <= self.tol {
                    continue;
                }
                let w = self.to(e);
                if tj.index[w] == NONE {
                    tj.open(w, self.start[w]);
                } else if tj.on_stack[w] {
                    tj.low[v] = tj.low[v].min(tj.index[w]);
                }
                continue;
            }
            tj.close(v);
        }
    }
}

/// Tarjan's state: discovery index and low link of each node, its component once closed.
struct Tarjan {
    index: Vec<u32>,
    low: Vec<u32>,
    comp: Vec<u32>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    /// The search path: each node and its next entry.
    call: Vec<(usize, usize)>,
    counter: u32,
    count: u32,
}

impl Tarjan {
    fn open(&mut self, v: usize, first: usize) {
        self.index[v] = self.counter;
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        self.call.push((v, first));
    }

    /// v's entries are done: pass its low link to its parent, and pop its component if it is a
    /// root.
    fn close(&mut self, v: usize) {
        self.call.pop();
        if let Some(&(u, _)) = self.call.last() {
            self.low[u] = self.low[u].min(self.low[v]);
        }
        if self.low[v] == self.index[v] {
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                self.comp[w] = self.count;
                if w == v {
                    break;
                }
            }
            self.count += 1;
        }
    }
}

/// The coverage face as a circulation: a hub H sends each offer's money to the offer (arc
/// bounded by the offer's row), on to a node per per-Party cap row it has (bounded by the cap),
/// along one arc per face column (the column's bounds) to the need (arc bounded by the need's
/// row), to its Party, and back to H. Every face row is one arc and every face column one arc,
/// so face plans and circulations are the same thing.
pub struct FaceNetwork {
    pub net: Network,
    /// The arc of each face column.
    pub col_arc: Vec<usize>,
    /// The arc from each Party to the hub, by Party index (None: no face column).
    pub party_arc: Vec<Option<usize>>,
    /// The arc from each need to its Party, by need index.
    pub need_arc: Vec<Option<usize>>,
    /// The face rows the network leaves out (a policy's floors on shares): a plan of the
    /// network is a face plan only if it meets them ([`FaceNetwork::meets_left_out`]).
    pub left_out: Vec<usize>,
    /// The row arcs each column's flow also passes along (offer, cap or none, need, Party).
    path: Vec<[u32; 4]>,
}

/// Node and arc lists under construction, keyed by what they stand for.
#[derive(Default)]
struct Builder {
    nodes: u32,
    arcs: Vec<(u32, u32, f64, f64)>,
}

impl Builder {
    fn node(&mut self) -> u32 {
        self.nodes += 1;
        self.nodes - 1
    }

    fn arc(&mut self, tail: u32, head: u32, lower: f64, upper: f64) -> u32 {
        self.arcs.push((tail, head, lower, upper));
        self.arcs.len() as u32 - 1
    }
}

/// A face row's bounds as an arc's (a row's activity is a sum of nonnegative columns).
fn row_bounds(face: &Face, row: Option<usize>) -> (f64, f64) {
    match row {
        Some(i) => (face.lp.row_lower[i].max(0.0), face.lp.row_upper[i]),
        None => (0.0, f64::INFINITY),
    }
}

impl FaceNetwork {
    /// The face as a network, carrying the face plan `x` (within the face's bounds up to the
    /// solver's tolerance; rebalanced onto them exactly). Extra rows other than bounds on one
    /// Party's total (`fair`'s floors) are left out. None when the face is not a network: a
    /// policy's columns, a coefficient other than 1, a column with two rows of a kind.
    pub fn new(ds: &Dataset, face: &Face, x: &[f64]) -> Option<FaceNetwork> {
        let (party_bounds, left_out) = party_rows(ds, face)?;
        let rows = column_rows(ds, face)?;
        let mut b = Builder::default();
        let hub = b.node();
        let mut offer: Vec<Option<(u32, u32)>> = vec![None; ds.offers.len()];
        let mut need: Vec<Option<(u32, u32)>> = vec![None; ds.needs.len()];
        let mut party: Vec<Option<(u32, u32)>> = vec![None; ds.parties.len()];
        let mut cap: std::collections::HashMap<usize, (u32, u32)> = Default::default();
        let (mut col_arc, mut path) = (Vec::new(), Vec::new());
        for (k, r) in rows.iter().enumerate() {
            let (o, n) = (r.offer, r.need);
            let p = ds.need(crate::dataset::NeedId(n as u32)).party.index();
            let (lo, hi) = row_bounds(face, r.offer_row);
            let (o_node, o_arc) = *offer[o].get_or_insert_with(|| {
                let v = b.node();
                (v, b.arc(hub, v, lo, hi))
            });
            let (from, c_arc) = match r.cap_row {
                Some(i) => *cap.entry(i).or_insert_with(|| {
                    let v = b.node();
                    let (lo, hi) = row_bounds(face, Some(i));
                    (v, b.arc(o_node, v, lo, hi))
                }),
                None => (o_node, NONE),
            };
            let (p_node, p_arc) = *party[p].get_or_insert_with(|| {
                let v = b.node();
                let (lo, hi) = party_bounds[p];
                (v, b.arc(v, hub, lo, hi))
            });
            let (lo, hi) = row_bounds(face, r.need_row);
            let (n_node, n_arc) = *need[n].get_or_insert_with(|| {
                let v = b.node();
                (v, b.arc(v, p_node, lo, hi))
            });
            let (lo, hi) = (face.lp.col_lower[k], face.lp.col_upper[k]);
            col_arc.push(b.arc(from, n_node, lo, hi) as usize);
            path.push([o_arc, c_arc, n_arc, p_arc]);
        }
        let scale = b
            .arcs
            .iter()
            .flat_map(|a| [a.2, a.3])
            .filter(|v| v.is_finite())
            .fold(1.0f64, |m, v| m.max(v.abs()));
        let mut fnet = FaceNetwork {
            net: Network::new(b.nodes as usize, &b.arcs, super::FLOW_TOLERANCE * scale),
            col_arc,
            party_arc: party.iter().map(|a| a.map(|a| a.1 as usize)).collect(),
            need_arc: need.iter().map(|a| a.map(|a| a.1 as usize)).collect(),
            left_out,
            path,
        };
        for (k, &a) in fnet.col_arc.iter().enumerate() {
            let net = &mut fnet.net;
            net.flow[a] = x[k].clamp(net.lower[a], net.upper[a].max(net.lower[a]));
        }
        fnet.carry();
        fnet.onto_bounds().then_some(fnet)
    }

    /// Every row arc's flow recomputed from the column arcs', so that each node is exactly in
    /// balance; a lower bound the sums fall short of by rounding is lowered to them.
    pub fn carry(&mut self) {
        let net = &mut self.net;
        let mut row_flow = vec![0.0; net.flow.len()];
        for (k, &a) in self.col_arc.iter().enumerate() {
            for &r in self.path[k].iter().filter(|&&r| r != NONE) {
                row_flow[r as usize] += net.flow[a];
            }
        }
        let is_col = {
            let mut c = vec![false; net.flow.len()];
            self.col_arc.iter().for_each(|&a| c[a] = true);
            c
        };
        for a in (0..net.flow.len()).filter(|&a| !is_col[a]) {
            net.flow[a] = row_flow[a];
            net.lower[a] = net.lower[a].min(row_flow[a]);
        }
    }

    /// Move row arcs whose flow (the first-stage plan's row activity) is outside their bounds
    /// onto them, and rebalance; whether that succeeded.
    fn onto_bounds(&mut self) -> bool {
        let net = &mut self.net;
        let mut excess = vec![0.0; net.nodes()];
        for a in 0..net.flow.len() {
            let f = net.flow[a];
            let want = f.clamp(net.lower[a], net.upper[a]);
            if want != f {
                let (t, h) = net.ends(a);
                net.flow[a] = want;
                excess[h] += want - f;
                excess[t] -= want - f;
            }
        }
        let ok = net.rebalance(&mut excess);
        self.carry();
        ok
    }

    /// Whether the face plan `x` meets the rows the network left out, to [`LEFT_OUT_TOLERANCE`]
    /// of the sum of their terms' magnitudes.
    pub fn meets_left_out(&self, face: &Face, x: &[f64]) -> bool {
        let mut at = vec![None; face.lp.num_rows()];
        for (r, &i) in self.left_out.iter().enumerate() {
            at[i] = Some(r);
        }
        let (mut activity, mut size) = (vec![0.0; at.len()], vec![0.0; at.len()]);
        for (k, &v) in x.iter().enumerate() {
            for (i, a) in face.lp.column(k).filter(|&(i, _)| at[i].is_some()) {
                activity[i] += a * v;
                size[i] += (a * v).abs();
            }
        }
        self.left_out.iter().all(|&i| {
            let tol = LEFT_OUT_TOLERANCE * size[i].max(1.0);
            activity[i] >= face.lp.row_lower[i] - tol && activity[i] <= face.lp.row_upper[i] + tol
        })
    }

    /// Face column values from the column arcs' flows.
    pub fn face_x(&self) -> Vec<f64> {
        self.col_arc.iter().map(|&a| self.net.flow[a]).collect()
    }
}

/// What each face column's rows are: its offer, its need, and the rows among the face's of
/// each kind it lies in.
struct ColumnRows {
    offer: usize,
    need: usize,
    offer_row: Option<usize>,
    cap_row: Option<usize>,
    need_row: Option<usize>,
}

/// Each face column's rows, if the face is a network: every column an allocation, every entry
/// 1, at most one row of each kind per column, each naming the column's offer, need or Party.
fn column_rows(ds: &Dataset, face: &Face) -> Option<Vec<ColumnRows>> {
    let lp = &face.lp;
    (0..lp.num_cols())
        .map(|k| {
            let ColTag::Alloc(o, n) = lp.col_tag[k] else {
                return None;
            };
            let mut r = ColumnRows {
                offer: o.index(),
                need: n.index(),
                offer_row: None,
                cap_row: None,
                need_row: None,
            };
            for (i, a) in lp.column(k) {
                let slot = match lp.row_tag[i] {
                    // A bound on the Party's total, or left out ([`party_rows`]).
                    RowTag::Extra => continue,
                    _ if a != 1.0 => return None,
                    RowTag::Offer(o2) if o2 == o => &mut r.offer_row,
                    RowTag::Need(n2) if n2 == n => &mut r.need_row,
                    RowTag::PartyCap(o2, p) if o2 == o && p == ds.need(n).party => &mut r.cap_row,
                    _ => return None,
                };
                if slot.replace(i).is_some() {
                    return None;
                }
            }
            Some(r)
        })
        .collect()
}

/// The bounds on each Party's total that the face's extra rows set (an extra row that holds
/// exactly the face columns of one Party, with coefficient 1: `fair`'s floors), and the extra
/// rows that are not such bounds (left out of the network); None if a face column is not an
/// allocation.
fn party_rows(ds: &Dataset, face: &Face) -> Option<(Vec<Bounds>, Vec<usize>)> {
    let lp = &face.lp;
    let party_of = |k: usize| match lp.col_tag[k] {
        ColTag::Alloc(_, n) => Some(ds.need(n).party.index()),
        _ => None,
    };
    let mut columns = vec![0usize; ds.parties.len()];
    for k in 0..lp.num_cols() {
        columns[party_of(k)?] += 1;
    }
    let mut bounds: Vec<Bounds> = vec![(0.0, f64::INFINITY); ds.parties.len()];
    let mut others = Vec::new();
    let rows = lp.rows();
    for i in (0..lp.num_rows()).filter(|&i| lp.row_tag[i] == RowTag::Extra) {
        let p = rows[i].first().and_then(|&(k, _)| party_of(k));
        let whole = p.is_some_and(|p| {
            rows[i].len() == columns[p]
                && rows[i]
                    .iter()
                    .all(|&(k, a)| a == 1.0 && party_of(k) == Some(p))
        });
        match p {
            Some(p) if whole => {
                let b = &mut bounds[p];
                *b = (b.0.max(lp.row_lower[i]), b.1.min(lp.row_upper[i]));
            }
            _ => others.push(i),
        }
    }
    Some((bounds, others))
}
