//! The coverage face written as a circulation ([`FaceNetwork`]), so that the flow leximin
//! ([`super::waterfill`]) can run on it.

use super::face::Face;
use super::network::{NONE, Network};
use crate::dataset::Dataset;
use crate::model::{ColTag, RowTag};

/// An arc's lower and upper bound.
type Bounds = (f64, f64);

/// A left-out row counts as met when its activity is within this, relative to the sum of its
/// terms' magnitudes, of its bounds.
pub const LEFT_OUT_TOLERANCE: f64 = 1e-9;

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
    /// Whether the left-out rows are one share floor on two classes of Parties, which
    /// [`FaceNetwork::hinged`] can hold tight.
    pub can_hinge: bool,
    /// The left-out share floor held tight by two hub arcs, when the network was built with one
    /// ([`FaceNetwork::hinged`]).
    pub hinge: Option<Hinge>,
    /// The row arcs each column's flow also passes along (offer, cap or none, need, Party, and
    /// the hinge arc of the Party's class or none).
    path: Vec<[u32; 5]>,
}

/// A share floor `alpha F_S - beta F_O >= L` on two classes of Parties (ldc-sids: LDC and SIDS
/// Parties against the others; L is 0), held tight: the Parties of each class send their
/// totals to the hub through a node of their own and one arc, `arcs[0]` carrying F_S and
/// `arcs[1]` F_O, whose flows are `coef[k] c + offset[k]` for one free c: `beta c + L / alpha`
/// and `alpha c`, so that `alpha F_S - beta F_O = L` (docs/canonical-plan.md).
#[derive(Debug, Clone, Copy)]
pub struct Hinge {
    pub arcs: [usize; 2],
    pub coef: [f64; 2],
    pub offset: [f64; 2],
    /// The most c can be: the money the offers hold over the larger coefficient.
    pub c_max: f64,
}

/// A left-out row that is a share floor on two classes of Parties: each Party's class (0, 1,
/// or none), and the hinge arcs' flows `coef[k] c + offset[k]`.
struct ShareRow {
    class: Vec<Option<usize>>,
    coef: [f64; 2],
    offset: [f64; 2],
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
        Self::build(ds, face, x, false)
    }

    /// The same network with its one left-out row, a share floor on two classes of Parties, held
    /// tight by a [`Hinge`]; None when the face has no such row.
    pub fn hinged(ds: &Dataset, face: &Face, x: &[f64]) -> Option<FaceNetwork> {
        Self::build(ds, face, x, true)
    }

    fn build(ds: &Dataset, face: &Face, x: &[f64], hinged: bool) -> Option<FaceNetwork> {
        let (party_bounds, left_out) = party_rows(ds, face)?;
        let share_floor = share_row(ds, face, &left_out);
        let can_hinge = share_floor.is_some();
        let share = match hinged {
            true => Some(share_floor?),
            false => None,
        };
        let rows = column_rows(ds, face)?;
        let mut b = Builder::default();
        let hub = b.node();
        let hinge_nodes = share.as_ref().map(|_| {
            let v = [b.node(), b.node()];
            (
                v,
                [
                    b.arc(v[0], hub, 0.0, f64::INFINITY),
                    b.arc(v[1], hub, 0.0, f64::INFINITY),
                ],
            )
        });
        let class_of = |p: usize| share.as_ref().and_then(|s| s.class[p]);
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
            let (to, h_arc) = match (class_of(p), hinge_nodes) {
                (Some(c), Some((v, a))) => (v[c], a[c]),
                _ => (hub, NONE),
            };
            let (p_node, p_arc) = *party[p].get_or_insert_with(|| {
                let v = b.node();
                let (lo, hi) = party_bounds[p];
                (v, b.arc(v, to, lo, hi))
            });
            let (lo, hi) = row_bounds(face, r.need_row);
            let (n_node, n_arc) = *need[n].get_or_insert_with(|| {
                let v = b.node();
                (v, b.arc(v, p_node, lo, hi))
            });
            let (lo, hi) = (face.lp.col_lower[k], face.lp.col_upper[k]);
            col_arc.push(b.arc(from, n_node, lo, hi) as usize);
            path.push([o_arc, c_arc, n_arc, p_arc, h_arc]);
        }
        let scale = b
            .arcs
            .iter()
            .flat_map(|a| [a.2, a.3])
            .filter(|v| v.is_finite())
            .fold(1.0f64, |m, v| m.max(v.abs()));
        // No plan funds more than the offers hold, nor more than the needs ask.
        let offered: f64 = b.arcs.iter().filter(|a| a.0 == hub).map(|a| a.3).sum();
        let supply = offered.min(ds.needs.iter().map(|n| n.amount).sum());
        let hinge = match (share, hinge_nodes) {
            (Some(s), Some((_, arcs))) if supply.is_finite() => Some(Hinge {
                arcs: arcs.map(|a| a as usize),
                coef: s.coef,
                offset: s.offset,
                c_max: supply / s.coef[0].max(s.coef[1]),
            }),
            (None, _) => None,
            _ => return None,
        };
        // A hinge's arcs carry a whole class's total, up to the supply: their sums' rounding
        // scales with it (ldc-sids at ratio 1.5 on the L preset found no saturated group at
        // one level of stage B, at 1e-12 of the largest single bound).
        let scale = match hinge {
            Some(_) => scale.max(supply),
            None => scale,
        };
        let mut fnet = FaceNetwork {
            net: Network::new(b.nodes as usize, &b.arcs, super::FLOW_TOLERANCE * scale),
            col_arc,
            party_arc: party.iter().map(|a| a.map(|a| a.1 as usize)).collect(),
            need_arc: need.iter().map(|a| a.map(|a| a.1 as usize)).collect(),
            left_out,
            can_hinge,
            hinge,
            path,
        };
        let net = &mut fnet.net;
        if (0..net.flow.len()).any(|a| net.lower[a] > net.upper[a]) {
            return None; // bounds that cross: an empty face, which the LP rounds report
        }
        for (k, &a) in fnet.col_arc.iter().enumerate() {
            net.flow[a] = x[k].clamp(net.lower[a], net.upper[a]);
        }
        fnet.sum_rows(|_| true);
        fnet.onto_bounds().then_some(fnet)
    }

    /// Every row arc's flow recomputed from the column arcs', so that each node is exactly in
    /// balance; a lower bound the sums fall short of by rounding is lowered to them.
    pub fn carry(&mut self) {
        self.carry_where(|_| true);
    }

    /// [`FaceNetwork::carry`] for the row arcs `inside` picks alone (the arcs of one block of
    /// a stage's rounds, whose nodes no other block's routing touches).
    pub fn carry_where(&mut self, inside: impl Fn(usize) -> bool) {
        let rows = self.sum_rows(inside);
        let net = &mut self.net;
        for a in rows {
            net.lower[a] = net.lower[a].min(net.flow[a]);
        }
    }

    /// The flow of every row arc that `inside` picks set to the sum of its columns' flows;
    /// those arcs.
    fn sum_rows(&mut self, inside: impl Fn(usize) -> bool) -> Vec<usize> {
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
        let rows: Vec<usize> = (0..net.flow.len())
            .filter(|&a| !is_col[a] && inside(a))
            .collect();
        for &a in &rows {
            net.flow[a] = row_flow[a];
        }
        rows
    }

    /// Move row arcs whose flow (the first-stage plan's row activity, off by the solver's
    /// tolerance) is outside their bounds, above or below, onto them, and rebalance; whether
    /// that succeeded.
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
    let party_of = |k: usize| party_of(ds, lp, k);
    let columns = party_columns(ds, lp)?;
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

/// The face's one left-out row as a share floor on two classes of Parties, if it is one: its
/// bounds `[0, 0]` or `[0, inf)`, every face column of each Party it holds in it with one
/// coefficient, `alpha > 0` for the Parties of one class and `-beta < 0` for the other's.
fn share_row(ds: &Dataset, face: &Face, left_out: &[usize]) -> Option<ShareRow> {
    let &[i] = left_out else { return None };
    let lp = &face.lp;
    let floor = lp.row_lower[i];
    if !floor.is_finite() || (lp.row_upper[i] != floor && lp.row_upper[i] != f64::INFINITY) {
        return None;
    }
    let party_of = |k: usize| party_of(ds, lp, k);
    let columns = party_columns(ds, lp)?;
    let mut coef: Vec<Option<f64>> = vec![None; ds.parties.len()];
    let mut held = vec![0usize; ds.parties.len()];
    let (mut alpha, mut beta) = (None, None);
    for &(k, a) in &lp.rows()[i] {
        let p = party_of(k)?;
        if a == 0.0 || *coef[p].get_or_insert(a) != a {
            return None;
        }
        held[p] += 1;
        let side = if a > 0.0 { &mut alpha } else { &mut beta };
        if *side.get_or_insert(a.abs()) != a.abs() {
            return None;
        }
    }
    let (Some(alpha), Some(beta)) = (alpha, beta) else {
        return None;
    };
    let whole = (0..held.len()).all(|p| held[p] == 0 || held[p] == columns[p]);
    let class = coef
        .iter()
        .map(|a| a.map(|a| if a > 0.0 { 0 } else { 1 }))
        .collect();
    whole.then_some(ShareRow {
        class,
        coef: [beta, alpha],
        offset: [floor / alpha, 0.0],
    })
}

/// The Party whose need face column k funds (None if it is not an allocation).
fn party_of(ds: &Dataset, lp: &crate::model::LinearProgram, k: usize) -> Option<usize> {
    match lp.col_tag[k] {
        ColTag::Alloc(_, n) => Some(ds.need(n).party.index()),
        _ => None,
    }
}

/// How many face columns each Party has; None if a face column is not an allocation.
fn party_columns(ds: &Dataset, lp: &crate::model::LinearProgram) -> Option<Vec<usize>> {
    let mut columns = vec![0usize; ds.parties.len()];
    for k in 0..lp.num_cols() {
        columns[party_of(ds, lp, k)?] += 1;
    }
    Some(columns)
}
