//! Unit tests of the residual network: the rebalance against a plain augmenting-path max-flow,
//! the cut it reports, and Tarjan's components.

use super::Network;

/// 0 -> 1 (room 4), 1 -> 2 (room 2), 0 -> 2 (room 1), 2 -> 0 (room 10).
fn small() -> Network {
    let inf = 10.0;
    let arcs = [
        (0, 1, 0.0, 4.0),
        (1, 2, 0.0, 2.0),
        (0, 2, 0.0, 1.0),
        (2, 0, 0.0, inf),
    ];
    Network::new(3, &arcs, 1e-12)
}

/// Node 0 can send 3 to node 2 and no more: asked for 5, the rebalance fails, node 2's
/// deficit stays 2, and the excess left reaches node 1 (room left on 0 -> 1) but not node 2:
/// the cut {0, 1} is saturated out and in at its bounds. Asked for 3, it succeeds.
#[test]
fn rebalancing_routes_what_fits_and_reports_the_cut() {
    let mut net = small();
    let mut excess = [5.0, 0.0, -5.0];
    assert!(!net.rebalance(&mut excess));
    assert_eq!(net.flow, vec![2.0, 2.0, 1.0, 0.0]);
    assert_eq!(excess, [2.0, 0.0, -2.0]);
    assert!(net.reached(0) && net.reached(1) && !net.reached(2));
    let mut net = small();
    let mut excess = [3.0, 0.0, -3.0];
    assert!(net.rebalance(&mut excess));
    assert_eq!(excess, [0.0, 0.0, 0.0]);
}

/// With no flow, 0 -> 1 -> 2 -> 0 is a residual cycle through arcs with room; a node that
/// only 2 -> 3 reaches is a component of its own, and so is every node a flow at its lower
/// bound leaves no way back from.
#[test]
fn components_follow_the_residual_cycles() {
    let arcs = [
        (0, 1, 0.0, 4.0),
        (1, 2, 0.0, 2.0),
        (2, 0, 0.0, 1.0),
        (2, 3, 0.0, 5.0),
    ];
    let net = Network::new(4, &arcs, 1e-12);
    let comp = net.components();
    assert!(comp[0] == comp[1] && comp[1] == comp[2] && comp[3] != comp[0]);
    let from_3 = net.reachable_from(3);
    assert_eq!(from_3, vec![false, false, false, true]);
    // Saturate 2 -> 0: the cycle is gone; 0 -> 1 -> 2 still runs one way.
    let mut net = Network::new(4, &arcs, 1e-12);
    net.lower[2] = 1.0;
    net.flow[2] = 1.0;
    net.flow[0] = 1.0;
    net.flow[1] = 1.0;
    net.lower[0] = 1.0;
    net.lower[1] = 1.0;
    let comp = net.components();
    assert!(comp[0] != comp[1] && comp[1] != comp[2]);
}

/// An arc as [`Network::new`] takes it: tail, head, lower and upper bound.
type Arc = (u32, u32, f64, f64);

/// xorshift64: a small deterministic generator for the random networks below.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// `tries` random arcs among `nodes` nodes (loops skipped), whole-number bounds: a lower
    /// bound below 3 and an upper bound less than `width` above it; and a flow between them.
    fn arcs(&mut self, nodes: usize, tries: usize, width: u64) -> (Vec<Arc>, Vec<f64>) {
        let (mut arcs, mut flow) = (Vec::new(), Vec::new());
        for _ in 0..tries {
            let (u, v) = (
                self.below(nodes as u64) as u32,
                self.below(nodes as u64) as u32,
            );
            if u == v {
                continue;
            }
            let lo = self.below(3) as f64;
            let up = lo + self.below(width) as f64;
            arcs.push((u, v, lo, up));
            flow.push(lo + self.below(up as u64 - lo as u64 + 1) as f64);
        }
        (arcs, flow)
    }
}

/// The most that can be routed from the excess to the deficits through the rooms of `arcs` at
/// `flow`: a textbook Edmonds-Karp on a dense residual matrix with a super-source and sink.
fn reference_max_flow(
    nodes: usize,
    arcs: &[(u32, u32, f64, f64)],
    flow: &[f64],
    excess: &[f64],
) -> f64 {
    let (s, t) = (nodes, nodes + 1);
    let mut cap = vec![vec![0.0; nodes + 2]; nodes + 2];
    for (&(u, v, lo, up), &f) in arcs.iter().zip(flow) {
        cap[u as usize][v as usize] += up - f;
        cap[v as usize][u as usize] += f - lo;
    }
    for (v, &e) in excess.iter().enumerate() {
        if e > 0.0 {
            cap[s][v] += e;
        } else {
            cap[v][t] -= e;
        }
    }
    let mut total = 0.0;
    loop {
        let mut prev = vec![usize::MAX; nodes + 2];
        let mut queue = std::collections::VecDeque::from([s]);
        prev[s] = s;
        while let Some(u) = queue.pop_front() {
            for v in 0..nodes + 2 {
                if prev[v] == usize::MAX && cap[u][v] > 0.0 {
                    prev[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if prev[t] == usize::MAX {
            return total;
        }
        let (mut d, mut v) = (f64::INFINITY, t);
        while v != s {
            d = d.min(cap[prev[v]][v]);
            v = prev[v];
        }
        let mut v = t;
        while v != s {
            cap[prev[v]][v] -= d;
            cap[v][prev[v]] += d;
            v = prev[v];
        }
        total += d;
    }
}

/// On random networks with whole-number bounds (so that every figure is exact), starting from
/// flows between the bounds: the rebalance routes as much as a textbook max-flow can, keeps
/// every flow within its bounds and every node's balance, succeeds exactly when all the excess
/// is routed, and when it fails reports a set that holds the excess left, no deficit, and that
/// no residual entry leaves. On networks of up to 23 nodes and about 70 arcs the paths meet
/// dead ends and relabel nodes, and relabelling passes 1/8 of the entries (a global
/// relabelling) several times per rebalance.
#[test]
fn rebalancing_routes_a_maximum_flow_on_random_networks() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut failed, mut succeeded) = (0, 0);
    for _ in 0..400 {
        let nodes = 4 + rng.below(20) as usize;
        let tries = nodes + rng.below(3 * nodes as u64) as usize;
        let (arcs, flow) = rng.arcs(nodes, tries, 8);
        let mut excess = vec![0.0; nodes];
        for _ in 0..1 + rng.below(4) {
            let (a, b) = (
                rng.below(nodes as u64) as usize,
                rng.below(nodes as u64) as usize,
            );
            let e = 1.0 + rng.below(12) as f64;
            excess[a] += e;
            excess[b] -= e;
        }
        let want = reference_max_flow(nodes, &arcs, &flow, &excess);
        let mut net = Network::new(nodes, &arcs, 1e-12);
        net.flow.copy_from_slice(&flow);
        let before = excess.clone();
        let done = net.rebalance(&mut excess);
        let positive = |x: &[f64]| x.iter().filter(|&&e| e > 0.0).sum::<f64>();
        assert_eq!(positive(&before) - positive(&excess), want);
        assert_eq!(done, excess.iter().all(|&e| e <= 0.0));
        let mut balance = before;
        for (a, &(u, v, lo, up)) in arcs.iter().enumerate() {
            assert!(lo <= net.flow[a] && net.flow[a] <= up);
            let moved = net.flow[a] - flow[a];
            balance[u as usize] -= moved;
            balance[v as usize] += moved;
        }
        assert_eq!(balance, excess);
        if done {
            succeeded += 1;
            continue;
        }
        failed += 1;
        for (v, &e) in excess.iter().enumerate() {
            assert!(e <= 0.0 || net.reached(v), "excess left outside the set");
            assert!(e >= 0.0 || !net.reached(v), "a deficit inside the set");
        }
        for (a, &(u, v, lo, up)) in arcs.iter().enumerate() {
            let (u, v) = (u as usize, v as usize);
            if net.reached(u) && !net.reached(v) {
                assert_eq!(net.flow[a], up, "room left on an arc out of the set");
            }
            if net.reached(v) && !net.reached(u) {
                assert_eq!(
                    net.flow[a], lo,
                    "flow above the floor on an arc into the set"
                );
            }
        }
    }
    assert!(
        failed > 50 && succeeded > 50,
        "{failed} failed, {succeeded} succeeded"
    );
}

/// On random networks with flows between the bounds, two nodes share a component exactly when
/// each reaches the other along entries with room ([`Network::reachable_from`] both ways):
/// Tarjan's components against the definition, with cycles, one-way arcs, arcs at a bound and
/// fixed arcs mixed.
#[test]
fn components_are_the_mutually_reachable_sets_on_random_networks() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut shared, mut apart) = (0, 0);
    for _ in 0..300 {
        let nodes = 2 + rng.below(24) as usize;
        let tries = rng.below(3 * nodes as u64) as usize;
        let (arcs, flow) = rng.arcs(nodes, tries, 4);
        let mut net = Network::new(nodes, &arcs, 1e-12);
        net.flow.copy_from_slice(&flow);
        let comp = net.components();
        let reach: Vec<Vec<bool>> = (0..nodes).map(|v| net.reachable_from(v)).collect();
        for u in 0..nodes {
            for v in 0..nodes {
                let mutual = reach[u][v] && reach[v][u];
                assert_eq!(comp[u] == comp[v], mutual, "nodes {u} and {v}");
                if u < v {
                    (shared, apart) = (shared + mutual as usize, apart + !mutual as usize);
                }
            }
        }
    }
    assert!(
        shared > 500 && apart > 500,
        "{shared} shared, {apart} apart"
    );
}
