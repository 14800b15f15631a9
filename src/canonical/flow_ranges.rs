//! Ranges over the optimal face by max-flows, when the face is a network with nothing left out
//! ([`FaceNetwork`]): the most a group of needs can receive is its funding in the canonical
//! plan plus the most flow that can be sent around residual cycles through the group's need
//! arcs, the least its funding less the most that can be sent back. One warm rebalance each,
//! from the canonical plan, instead of two HiGHS re-solves ([`super::ranges`]); the same
//! ranges within the flow tolerance.

use super::face_network::FaceNetwork;
use super::ranges::{Range, Ranges};
use crate::dataset::Dataset;

/// The ranges of `ds`'s groups over the face that `fnet` writes, from the plan it carries.
pub fn compute(ds: &Dataset, fnet: &mut FaceNetwork) -> Ranges {
    let needs = &ds.needs;
    let mut range_of = |member: &dyn Fn(usize) -> bool| {
        let arcs: Vec<usize> = (0..needs.len())
            .filter(|&i| member(i))
            .filter_map(|i| fnet.need_arc[i])
            .collect();
        range(fnet, &arcs)
    };
    let party = (0..ds.parties.len())
        .map(|p| range_of(&|i| needs[i].party.index() == p))
        .collect();
    let region = (0..ds.regions.len())
        .map(|r| range_of(&|i| ds.party(needs[i].party).region.index() == r))
        .collect();
    let theme = (0..ds.themes.len())
        .map(|t| range_of(&|i| needs[i].theme.index() == t))
        .collect();
    let ldc = range_of(&|i| ds.party(needs[i].party).ldc);
    let sids = range_of(&|i| ds.party(needs[i].party).sids);
    Ranges {
        party,
        region,
        theme,
        ldc,
        sids,
    }
}

/// The least and the most the arcs `arcs` can carry together over the network's circulations.
fn range(fnet: &mut FaceNetwork, arcs: &[usize]) -> Range {
    if arcs.is_empty() {
        return Range::default();
    }
    let now: f64 = arcs.iter().map(|&a| fnet.net.flow[a]).sum();
    let up = shift(fnet, arcs, 1.0);
    let down = shift(fnet, arcs, -1.0);
    let low = (now - down).max(0.0);
    Range {
        low,
        high: (now + up).max(low),
    }
}

/// The most the arcs' total can move in direction `sign` (1 up, -1 down): force each arc to its
/// bound that way, take the arcs out of the residual graph, route what the forcing displaced
/// as far as it goes, and put the network back as it was.
fn shift(fnet: &mut FaceNetwork, arcs: &[usize], sign: f64) -> f64 {
    let net = &mut fnet.net;
    let saved = (net.flow.clone(), net.lower.clone(), net.upper.clone());
    // An arc without an upper bound can rise by no more than all the finite bounds together.
    let most: f64 = (net.upper.iter().zip(&net.flow))
        .map(|(&u, &f)| if u.is_finite() { u } else { f })
        .sum::<f64>()
        .max(1.0);
    let mut excess = vec![0.0; net.nodes()];
    let mut forced = 0.0;
    for &a in arcs {
        let room = if sign > 0.0 {
            (net.upper[a] - net.flow[a]).min(most)
        } else {
            net.flow[a] - net.lower[a]
        };
        let (u, v) = net.ends(a);
        let (into, from) = if sign > 0.0 { (v, u) } else { (u, v) };
        excess[into] += room;
        excess[from] -= room;
        forced += room;
        net.flow[a] += sign * room;
        net.lower[a] = net.flow[a];
        net.upper[a] = net.flow[a];
    }
    net.rebalance(&mut excess);
    let left: f64 = excess.iter().filter(|&&e| e > 0.0).sum();
    (net.flow, net.lower, net.upper) = saved;
    (forced - left).max(0.0)
}
