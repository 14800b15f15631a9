//! A circulation with lower and upper bounds on its arcs and the residual operations the flow
//! leximin needs ([`super::waterfill`]); [`super::face_network`] writes the face as one.
//!
//! Two routines are written here rather than taken from a crate, because none offers them in
//! the form needed: [`Network::rebalance`] is a shortest-augmenting-path max-flow (distance
//! labels with the gap rule), run warm from a flow that breaks some lower bounds, on `f64`
//! capacities with a stated tolerance, and it returns the violated cut when it fails
//! (petgraph's `ford_fulkerson` and pathfinding's Edmonds-Karp start from zero, and the latter
//! needs `Ord` weights); [`Network::components`] is Tarjan's strongly connected components on
//! the residual graph without building a graph, iteratively (petgraph's `TarjanScc` recurses
//! once per node on the path, too deep for the L preset's networks on a rayon thread's stack).

/// A global relabelling (one breadth-first search from the deficits) follows once relabelling
/// has scanned half as many entries as the last search did (and at least this share of all
/// entries): the two kinds of work stay balanced. Against a fixed 1/8 of the entries, canonical
/// stages of ten BRS what-ifs 13% faster (medians of seven runs side by side), dense M 10%, M
/// within the noise (docs/performance.md).
const RELABEL_FLOOR_SHARE: usize = 64;

/// No node, or no level.
pub(super) const NONE: u32 = u32::MAX;

/// A node whose strongly connected component is known ([`Network::components`]).
const CLOSED: u32 = u32::MAX - 1;

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
    /// The node each entry leads to (`to(entries[i])`, kept for the searches).
    ends_at: Vec<u32>,
    /// Room or imbalance at most this is zero (absolute; [`super::FLOW_TOLERANCE`] of the
    /// network's largest finite bound).
    pub tol: f64,
    level: Vec<u32>,
    next: Vec<usize>,
    /// The breadth-first search's queue (kept to spare an allocation per search).
    queue: Vec<u32>,
    /// How many nodes hold each label (0..=n), for the gap rule.
    count: Vec<u32>,
    /// The augmenting path under way (kept to spare an allocation per source).
    path: Vec<u32>,
    /// Entries scanned by relabelling since the labels were last computed by a search.
    relabelled: usize,
    /// Relabelling's budget until the next global relabelling (see [`RELABEL_FLOOR_SHARE`]).
    relabel_budget: usize,
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
        let mut ends_at = vec![0u32; 2 * arcs.len()];
        for (a, &(t, h, _, _)) in arcs.iter().enumerate() {
            entries[fill[t as usize]] = 2 * a as u32;
            ends_at[fill[t as usize]] = h;
            fill[t as usize] += 1;
            entries[fill[h as usize]] = 2 * a as u32 + 1;
            ends_at[fill[h as usize]] = t;
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
            ends_at,
            tol,
            level: vec![NONE; nodes],
            next: vec![0; nodes],
            queue: Vec::with_capacity(nodes),
            count: Vec::with_capacity(nodes + 1),
            path: Vec::new(),
            relabelled: 0,
            relabel_budget: 0,
        }
    }

    pub fn nodes(&self) -> usize {
        self.start.len() - 1
    }

    pub fn ends(&self, a: usize) -> (usize, usize) {
        (self.tail[a] as usize, self.head[a] as usize)
    }

    fn room(&self, e: u32) -> f64 {
        // All three loaded and one pair selected: no branch on the entry's direction.
        let a = (e / 2) as usize;
        let (upper, flow, lower) = (self.upper[a], self.flow[a], self.lower[a]);
        let (hi, lo) = if e & 1 == 0 {
            (upper, flow)
        } else {
            (flow, lower)
        };
        hi - lo
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

    /// The arcs at node v, in its entries' order: each arc and whether v is its tail.
    pub fn arcs_at(&self, v: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        let entries = &self.entries[self.start[v]..self.start[v + 1]];
        entries.iter().map(|&e| ((e / 2) as usize, e & 1 == 0))
    }

    /// Whether arc a may carry more flow: its forward room exceeds the tolerance.
    pub fn has_room(&self, a: usize) -> bool {
        self.room(2 * a as u32) > self.tol
    }

    /// Send each node's excess (inflow minus outflow beyond what the flow shows, > 0) to the
    /// nodes in deficit (< 0) along residual paths, by shortest augmenting paths with distance
    /// labels (see [`Network::route`]). True when no node is left with an excess above the
    /// tolerance; otherwise `reached` tells which nodes the remaining excess can reach: a set
    /// that no residual entry leaves, whose arcs in stay at their lower bounds and arcs out at
    /// their upper (Hoffman's condition fails on it).
    pub fn rebalance(&mut self, excess: &mut [f64]) -> bool {
        let n = self.nodes();
        self.distances(excess);
        self.next.copy_from_slice(&self.start[..n]);
        for s in 0..n {
            if excess[s] > self.tol && (self.level[s] as usize) < n {
                self.route(s, excess);
            }
        }
        let done = excess.iter().all(|&e| e <= self.tol);
        if !done {
            self.reach(excess);
        }
        done
    }

    /// After a failed [`Network::rebalance`], whether node v is reachable from the excess left.
    pub fn reached(&self, v: usize) -> bool {
        self.level[v] != NONE
    }

    /// Breadth-first distances to the nodes in deficit, backwards along residual entries, as
    /// each node's label (the node count n where no deficit can be reached), and the number of
    /// nodes at each label. Counted back from the deficits, a path never enters a branch that
    /// leads to no deficit (a search from the excess labels every such branch: at BRS its
    /// paths scanned 21.6M entries in dead branches where these scan 1.9M, docs/performance.md).
    /// Resets relabelling's budget to half the search's work.
    fn distances(&mut self, excess: &[f64]) {
        let tol = self.tol;
        let n = self.nodes() as u32;
        let Network {
            start,
            entries,
            ends_at,
            lower,
            upper,
            flow,
            level,
            queue,
            count,
            ..
        } = self;
        level.fill(n);
        // Every node enters the queue at most once; with room for one more, a node can be
        // written at its end before knowing whether it enters (the scan below has no branch on
        // the entries' rooms and labels, which a processor cannot predict).
        queue.clear();
        queue.resize(n as usize + 1, 0);
        let (mut len, mut unlabelled) = (0, 0);
        for (v, &e) in excess.iter().enumerate() {
            if e < -tol {
                level[v] = 0;
                queue[len] = v as u32;
                len += 1;
            } else if e > tol {
                unlabelled += 1;
            }
        }
        let (mut head, mut scanned) = (0, n as usize);
        while head < len {
            let v = queue[head] as usize;
            head += 1;
            let next = level[v] + 1;
            if unlabelled == 0 {
                // Every node in excess has its distance; the nodes not reached yet are at least
                // `level[v] + 1` away (every node nearer was reached before v's turn), which is
                // a valid label for them.
                level
                    .iter_mut()
                    .filter(|l| **l == n)
                    .for_each(|l| *l = next);
                break;
            }
            let span = start[v]..start[v + 1];
            scanned += span.len();
            for (&e, &w) in entries[span.clone()].iter().zip(&ends_at[span]) {
                let w = w as usize;
                // e leads v -> w; its reverse, e ^ 1, is the entry into v: backward along the
                // arc when e is forward, forward when e is backward.
                let a = (e / 2) as usize;
                let (hi, lo) = if e & 1 == 0 {
                    (flow[a], lower[a])
                } else {
                    (upper[a], flow[a])
                };
                let open = (level[w] == n) & (hi - lo > tol);
                level[w] = if open { next } else { level[w] };
                queue[len] = w as u32;
                len += open as usize;
                unlabelled -= (open & (excess[w] > tol)) as usize;
            }
        }
        count.clear();
        count.resize(n as usize + 1, 0);
        level.iter().for_each(|&l| count[l as usize] += 1);
        self.relabelled = 0;
        self.relabel_budget = (scanned / 2).max(entries.len() / RELABEL_FLOOR_SHARE);
    }

    /// Mark (in `level`) every node the excess can reach along residual entries.
    fn reach(&mut self, excess: &[f64]) {
        self.level.fill(NONE);
        // A stack with room for every node once and one more, written without branches as in
        // `distances`.
        let mut stack = std::mem::take(&mut self.queue);
        stack.clear();
        stack.resize(self.nodes() + 1, 0);
        let mut len = 0;
        for v in (0..self.nodes()).filter(|&v| excess[v] > self.tol) {
            self.level[v] = 0;
            stack[len] = v as u32;
            len += 1;
        }
        while len > 0 {
            len -= 1;
            let v = stack[len] as usize;
            for i in self.start[v]..self.start[v + 1] {
                let w = self.ends_at[i] as usize;
                let open = (self.level[w] == NONE) & (self.room(self.entries[i]) > self.tol);
                self.level[w] = if open { 0 } else { self.level[w] };
                stack[len] = w as u32;
                len += open as usize;
            }
        }
        self.queue = stack;
    }

    /// Push s's excess to nodes in deficit along admissible paths (each step one label
    /// nearer a deficit, with room). At a dead end the node's label rises to one more than its
    /// lowest residual neighbour's, and the path steps back: the labels stay lower bounds on the
    /// distances, so the paths stay shortest without a new search per phase (the shortest
    /// augmenting path method). When no node is left at some label, no node above it can reach
    /// a deficit, and all of them are set to n at once (the gap rule). Stops when s's excess is
    /// gone or its label reaches n (no deficit reachable).
    fn route(&mut self, s: usize, excess: &mut [f64]) {
        let n = self.nodes() as u32;
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        let mut v = s;
        while excess[s] > self.tol && self.level[s] < n {
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
                    self.relabel(v);
                    if self.relabelled > self.relabel_budget {
                        // Relabelling has spent its budget: the labels are redone from the
                        // deficits by one search (a global relabelling).
                        self.distances(excess);
                        let n = self.nodes();
                        self.next.copy_from_slice(&self.start[..n]);
                        path.clear();
                        v = s;
                    } else if let Some(e) = path.pop() {
                        v = self.from(e);
                    }
                }
            }
        }
        self.path = path;
    }

    /// Raise v's label to one more than the least label among its residual neighbours (n if
    /// none), applying the gap rule when v was the last node at its old label.
    fn relabel(&mut self, v: usize) {
        let n = self.nodes() as u32;
        let old = self.level[v];
        let mut new = n;
        self.relabelled += self.start[v + 1] - self.start[v];
        for i in self.start[v]..self.start[v + 1] {
            let open = self.room(self.entries[i]) > self.tol;
            let via = self.level[self.ends_at[i] as usize].saturating_add(1);
            new = new.min(if open { via } else { n });
        }
        self.count[old as usize] -= 1;
        if old < n && self.count[old as usize] == 0 {
            // Labels fall by at most one along a residual entry and deficits sit at 0: a node
            // above an empty label reaches no deficit.
            for l in self.level.iter_mut().filter(|l| **l > old && **l < n) {
                self.count[*l as usize] -= 1;
                self.count[n as usize] += 1;
                *l = n;
            }
            new = n;
        }
        self.level[v] = new;
        self.count[new as usize] += 1;
        self.next[v] = self.start[v];
    }

    /// The next admissible entry out of v (one step nearer a deficit, with room), if any.
    fn advance(&mut self, v: usize) -> Option<u32> {
        let (lv, end) = (self.level[v], self.start[v + 1]);
        let mut i = self.next[v];
        if (lv as usize) < self.nodes() {
            while i < end {
                let lw = self.level[self.ends_at[i] as usize];
                let e = self.entries[i];
                if lw < lv && lw + 1 == lv && self.room(e) > self.tol {
                    self.next[v] = i;
                    return Some(e);
                }
                i += 1;
            }
        }
        self.next[v] = end;
        None
    }

    /// Whether each node can be reached from v along entries with room above the tolerance.
    pub fn reachable_from(&self, v: usize) -> Vec<bool> {
        let mut seen = vec![false; self.nodes()];
        let mut queue = vec![v];
        seen[v] = true;
        while let Some(u) = queue.pop() {
            for i in self.start[u]..self.start[u + 1] {
                let w = self.ends_at[i] as usize;
                if !seen[w] && self.room(self.entries[i]) > self.tol {
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
    #[cfg(test)]
    pub fn components(&self) -> Vec<u32> {
        self.components_from(0..self.nodes())
    }

    /// [`Network::components`] of the nodes the searches from `roots` reach; the others are
    /// NONE.
    pub fn components_from(&self, roots: impl Iterator<Item = usize>) -> Vec<u32> {
        let n = self.nodes();
        let mut tj = Tarjan {
            link: vec![NONE; n],
            low: vec![0; n],
            comp: vec![NONE; n],
            stack: Vec::new(),
            call: Vec::new(),
            counter: 0,
            count: 0,
        };
        for root in roots {
            if tj.link[root] == NONE {
                tj.open(root, self.start[root]);
                self.search(&mut tj);
            }
        }
        tj.comp
    }

    /// Depth-first search from the open root of `tj` until its call stack empties.
    fn search(&self, tj: &mut Tarjan) {
        while let Some(&(v, first)) = tj.call.last() {
            // Scan v's entries from where it stopped to the next node not yet visited; the
            // low link takes the least link of the visited ends (a closed node's is CLOSED,
            // above every index), without a branch on room or state.
            let (mut i, end) = (first, self.start[v + 1]);
            let mut low = tj.low[v];
            let mut found = None;
            while i < end {
                let (e, w) = (self.entries[i], self.ends_at[i] as usize);
                i += 1;
                let open = self.room(e) > self.tol;
                let link = tj.link[w];
                if open & (link == NONE) {
                    found = Some(w);
                    break;
                }
                low = low.min(if open { link } else { CLOSED });
            }
            tj.low[v] = low;
            if let Some(frame) = tj.call.last_mut() {
                frame.1 = i;
            }
            match found {
                Some(w) => tj.open(w, self.start[w]),
                None => tj.close(v),
            }
        }
    }
}

/// Tarjan's state: discovery index and low link of each node, its component once closed.
struct Tarjan {
    /// NONE before a node is visited, its discovery index while it is on the stack, CLOSED once
    /// its component is popped.
    link: Vec<u32>,
    low: Vec<u32>,
    comp: Vec<u32>,
    stack: Vec<usize>,
    /// The search path: each node and its next entry.
    call: Vec<(usize, usize)>,
    counter: u32,
    count: u32,
}

impl Tarjan {
    fn open(&mut self, v: usize, first: usize) {
        self.link[v] = self.counter;
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.call.push((v, first));
    }

    /// v's entries are done: pass its low link to its parent, and pop its component if it is a
    /// root.
    fn close(&mut self, v: usize) {
        self.call.pop();
        if let Some(&(u, _)) = self.call.last() {
            self.low[u] = self.low[u].min(self.low[v]);
        }
        if self.low[v] == self.link[v] {
            while let Some(w) = self.stack.pop() {
                self.link[w] = CLOSED;
                self.comp[w] = self.count;
                if w == v {
                    break;
                }
            }
            self.count += 1;
        }
    }
}

#[cfg(test)]
mod tests;
