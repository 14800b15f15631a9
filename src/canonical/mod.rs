//! The canonical plan: one plan among the equally good ones, defined without reference to a
//! solver (docs/canonical-plan.md).
//!
//! A policy first reaches its own optimum. Its certificate then defines the **optimal face**
//! exactly, by complementary slackness ([`face`]). Over that face, **stage A** is a leximin over
//! Parties' coverage (funded / reachable need) and **stage B**, with every Party's total held at
//! stage A's value, a leximin over needs' coverage (funded / amount) ([`leximin`]). The vector of
//! need fundings that results is unique, so every back end, command and thread count gives the
//! same one. Both stages run by max-flows on the face as a network (`waterfill.rs`) where the
//! face is one, otherwise by max-min LPs on HiGHS (`leximin.rs`), whatever back end solved the
//! first stage; the first stage's duals still certify the plan, since every optimal plan meets
//! complementary slackness with them.

mod face;
mod face_network;
mod flow_ranges;
mod leximin;
mod network;
mod ranges;
mod waterfill;

pub use face::DUAL_TOLERANCE;
pub use leximin::{CAP_TOLERANCE, FIX_TOLERANCE, SATURATION_TOLERANCE};
pub use ranges::{Range, Ranges};
pub use waterfill::FLOW_TOLERANCE;

use crate::dataset::Dataset;
use crate::model::{LinearProgram, RowTag};
use crate::solver::{LpSolution, SolveContext, SolveStatus};
use crate::{Error, Result};
use face::Face;
use face_network::FaceNetwork;
use leximin::{Groups, Leximin};
use std::time::Instant;
use waterfill::ArcGroups;

/// What the canonical stage found, besides the plan itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Canonical {
    /// How the stages ran.
    pub method: Method,
    /// Rounds of stage A (Parties) and stage B (needs).
    pub rounds: Vec<usize>,
    /// Whether the flow method's rounds ran by blocks (false: they did not settle so and ran
    /// on the whole network each round, or the LP rounds ran).
    pub blocks: bool,
    /// Wall time of both stages.
    pub seconds: f64,
    /// Ranges over the optimal face, when asked for.
    pub ranges: Option<Ranges>,
    pub ranges_seconds: f64,
}

/// How the leximin stages ran (docs/canonical-plan.md): both give the same plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Max-flows on the face as a network (coverage, fair, and policies whose floors the
    /// network's plan meets).
    #[default]
    Flows,
    /// Max-flows on the face as a network whose stage A holds a share floor tight (ldc-sids'
    /// floor, when the network's plan breaks it).
    HingedFlows,
    /// Max-min LPs on HiGHS (faces that are not a network).
    LpRounds,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Flows => "flows",
            Method::HingedFlows => "flows-hinged",
            Method::LpRounds => "lp-rounds",
        }
    }
}

/// The canonical plan of `lp` given its first-stage optimum `solution`: full-LP column values
/// and what the stage found. Without duals in `solution` (good_lp back ends), the certificate
/// comes from a HiGHS solve of the same LP.
pub fn settle(
    ds: &Dataset,
    lp: &LinearProgram,
    solution: &LpSolution,
    cx: &SolveContext,
) -> Result<(Vec<f64>, Canonical)> {
    let t0 = Instant::now();
    let certified = certificate(lp, solution, cx)?;
    let face = Face::new(
        lp,
        certified.row_dual.as_deref().unwrap_or(&[]),
        certified.col_dual.as_deref().unwrap_or(&[]),
    );
    let support: Vec<usize> = (0..face.cols.len())
        .filter(|&k| certified.x[face.cols[k]] > 0.0)
        .collect();
    let parties = party_groups(ds, &face);
    let needs = need_groups(ds, lp, &face);
    let first: Vec<f64> = face.cols.iter().map(|&j| certified.x[j]).collect();
    // The rounds split into blocks; if those do not settle (at a frozen arc, rounding that
    // routing could once carry past it: seen on the L preset), the stages run again on the whole
    // network each round, then the LP rounds.
    let groups = [&parties, &needs];
    let (flows, blocks) = match by_flows(ds, &face, &first, groups, true)? {
        Flows::Unsettled => (by_flows(ds, &face, &first, groups, false)?, false),
        flows => (flows, true),
    };
    let flows = match flows {
        Flows::Settled(s) => Some(s),
        _ => None,
    };
    let blocks = blocks && flows.is_some();
    let ((face_x, rounds), method) = match flows {
        Some((x, rounds, method)) => ((x, rounds), method),
        None => {
            let mut lex = Leximin::new(&face, &[&parties, &needs], &support, cx.time_limit)?;
            lex.run_stage(0, &parties)?;
            lex.run_stage(1, &needs)?;
            (lex.finish()?, Method::LpRounds)
        }
    };
    let x = face.expand(lp.num_cols(), &face_x);
    let seconds = t0.elapsed().as_secs_f64();
    let (ranges, ranges_seconds) = if cx.ranges {
        let (r, s) = face_ranges(ds, &face, &face_x, method, cx)?;
        (Some(r), s)
    } else {
        (None, 0.0)
    };
    Ok((
        x,
        Canonical {
            method,
            rounds,
            blocks,
            seconds,
            ranges,
            ranges_seconds,
        },
    ))
}

/// Face column values, the rounds of each stage, and how they ran.
type Settled = (Vec<f64>, Vec<usize>, Method);

/// What the flow method made of a face.
enum Flows {
    Settled(Settled),
    /// Not a network (or its plan breaks a floor left out): the LP rounds' work.
    NotNetwork,
    /// A round did not settle.
    Unsettled,
}

/// Both stages by the flow method, when the face is a network once its policy floors on shares
/// are left out, and the leximin plan of that larger set meets them (then it is the leximin plan
/// of the face too: it is at least as good, in the leximin order, as every plan of the face).
/// None otherwise, or if a round fails to settle: the LP rounds take over.
fn by_flows(
    ds: &Dataset,
    face: &Face,
    first: &[f64],
    [parties, needs]: [&Groups; 2],
    blocks: bool,
) -> Result<Flows> {
    let Some(mut fnet) = FaceNetwork::new(ds, face, first) else {
        return Ok(Flows::NotNetwork);
    };
    let Some(a) = arc_groups(&fnet.party_arc, parties) else {
        return Ok(Flows::NotNetwork);
    };
    // A round that cannot settle (rounding the tolerance does not absorb) hands over to the LP
    // rounds, which define the same plan; the tests check that the flow method runs.
    let Ok(ra) = waterfill::stage(&mut fnet, &a, false, blocks) else {
        return Ok(Flows::Unsettled);
    };
    // A share floor on two classes of Parties depends on the Parties' totals alone, which stage
    // A settles. If stage A's plan breaks it, the face's leximin plan holds it tight
    // (docs/canonical-plan.md, "A share floor held tight"): stage A again with it as a hinge.
    let (mut ra, mut method) = (ra, Method::Flows);
    if fnet.can_hinge && !fnet.meets_left_out(face, &fnet.face_x()) {
        let Some(hinged) = FaceNetwork::hinged(ds, face, first) else {
            return Ok(Flows::NotNetwork);
        };
        fnet = hinged;
        let Some(a) = arc_groups(&fnet.party_arc, parties) else {
            return Ok(Flows::NotNetwork);
        };
        let Ok(r) = waterfill::stage(&mut fnet, &a, true, blocks) else {
            return Ok(Flows::Unsettled);
        };
        (ra, method) = (r, Method::HingedFlows);
    }
    let Some(b) = arc_groups(&fnet.need_arc, needs) else {
        return Ok(Flows::NotNetwork);
    };
    let Ok(rb) = waterfill::stage(&mut fnet, &b, false, blocks) else {
        return Ok(Flows::Unsettled);
    };
    let x = fnet.face_x();
    Ok(match fnet.meets_left_out(face, &x) {
        true => Flows::Settled((x, vec![ra, rb], method)),
        false => Flows::NotNetwork,
    })
}

/// The ranges over the face: by max-flows where the face is a network with nothing left out,
/// otherwise by HiGHS re-solves; and their wall time.
fn face_ranges(
    ds: &Dataset,
    face: &Face,
    face_x: &[f64],
    method: Method,
    cx: &SolveContext,
) -> Result<(Ranges, f64)> {
    let t0 = Instant::now();
    let network = (method == Method::Flows)
        .then(|| FaceNetwork::new(ds, face, face_x))
        .flatten()
        .filter(|fnet| fnet.left_out.is_empty());
    match network {
        Some(mut fnet) => Ok((
            flow_ranges::compute(ds, &mut fnet),
            t0.elapsed().as_secs_f64(),
        )),
        None => ranges::compute(ds, face, face_x, cx.time_limit),
    }
}

/// `solution` when it carries duals; otherwise a HiGHS solve of the same LP, whose duals and
/// plan define the same face (any optimal dual does).
fn certificate<'a>(
    lp: &LinearProgram,
    solution: &'a LpSolution,
    cx: &SolveContext,
) -> Result<std::borrow::Cow<'a, LpSolution>> {
    if solution.row_dual.is_some() && solution.col_dual.is_some() {
        return Ok(std::borrow::Cow::Borrowed(solution));
    }
    let highs = crate::solver::structured().solve(lp, &cx.options(false))?;
    if highs.status != SolveStatus::Optimal {
        return Err(Error::NoOptimalPlan(format!(
            "canonical stage certificate: {}",
            highs.status.as_str()
        )));
    }
    Ok(std::borrow::Cow::Owned(highs))
}

/// A stage's groups as the arcs of the face network: `arc_of` each group's Party or need (None
/// if a group has no arc, which a group with face columns always has).
fn arc_groups(arc_of: &[Option<usize>], groups: &Groups) -> Option<ArcGroups> {
    Some(ArcGroups {
        arcs: groups
            .id
            .iter()
            .map(|&i| arc_of[i])
            .collect::<Option<_>>()?,
        denom: groups.denom.clone(),
        cap: groups.cap.clone(),
    })
}

/// Stage A's groups: the face columns of each Party with reachable need, over that need.
fn party_groups(ds: &Dataset, face: &Face) -> Groups {
    let reach = ds.reachable_by_party();
    let mut cols = vec![Vec::new(); ds.parties.len()];
    for k in 0..face.lp.num_cols() {
        if let Some(n) = face.need_of(k) {
            cols[ds.need(n).party.index()].push(k);
        }
    }
    // A Party's coverage cannot exceed the need its face columns can reach, over R_p.
    let mut within = vec![0.0; ds.parties.len()];
    let mut counted = vec![false; ds.needs.len()];
    for k in 0..face.lp.num_cols() {
        if let Some(n) = face.need_of(k)
            && !std::mem::replace(&mut counted[n.index()], true)
        {
            within[ds.need(n).party.index()] += ds.need(n).amount;
        }
    }
    let mut groups = Groups::default();
    for (p, c) in cols.into_iter().enumerate() {
        if reach[p] > 0.0 && !c.is_empty() {
            groups.cols.push(c);
            groups.id.push(p);
            groups.denom.push(reach[p]);
            groups.cap.push(within[p] / reach[p]);
        }
    }
    groups
}

/// Stage B's groups: the face columns of each need, over its amount; needs the face leaves no
/// choice (no column, or the need row fixed, i.e. fully funded in every optimal plan) have a
/// constant coverage and are left out.
fn need_groups(ds: &Dataset, lp: &LinearProgram, face: &Face) -> Groups {
    let mut fixed = vec![false; ds.needs.len()];
    for (i, tag) in lp.row_tag.iter().enumerate() {
        if let RowTag::Need(n) = tag {
            fixed[n.index()] = face.row_fixed(i);
        }
    }
    let mut cols = vec![Vec::new(); ds.needs.len()];
    for k in 0..face.lp.num_cols() {
        if let Some(n) = face.need_of(k) {
            cols[n.index()].push(k);
        }
    }
    let mut groups = Groups::default();
    for (i, c) in cols.into_iter().enumerate() {
        if !fixed[i] && !c.is_empty() && ds.needs[i].amount > 0.0 {
            groups.cols.push(c);
            groups.id.push(i);
            groups.denom.push(ds.needs[i].amount);
            groups.cap.push(1.0);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::{Face, FaceNetwork, Leximin, arc_groups, need_groups, party_groups, waterfill};
    use crate::solver::SolveContext;

    /// The rounds split into blocks and the rounds on the whole network (the fallback when
    /// the blocks' do not settle) fund every need alike on the generated datasets: to 1e-9 of
    /// max(1, amount), the same leximin plan by other augmenting paths.
    #[test]
    fn rounds_by_blocks_fund_each_need_as_rounds_on_the_whole_network() {
        for spec in crate::testkit::shapes() {
            let (_tmp, ds) = crate::testkit::generated(spec);
            let (lp, sol, face) = coverage_face(&ds);
            let first: Vec<f64> = face.cols.iter().map(|&j| sol.x[j]).collect();
            let groups = (party_groups(&ds, &face), need_groups(&ds, &lp, &face));
            let funded = |blocks: bool| {
                let flows = super::by_flows(&ds, &face, &first, [&groups.0, &groups.1], blocks);
                let Ok(super::Flows::Settled((x, _, _))) = flows else {
                    panic!("{spec:?}: the flow method did not settle (blocks: {blocks})");
                };
                let mut f = vec![0.0f64; ds.needs.len()];
                (0..x.len()).for_each(|k| f[face.need_of(k).unwrap().index()] += x[k]);
                f
            };
            let (by_blocks, whole) = (funded(true), funded(false));
            for (i, n) in ds.needs.iter().enumerate() {
                assert!(
                    (by_blocks[i] - whole[i]).abs() <= 1e-9 * n.amount.max(1.0),
                    "{spec:?}, need {i}: blocks {} but whole {}",
                    by_blocks[i],
                    whole[i]
                );
            }
        }
    }

    /// The flow method and the max-min LP rounds give every need the same funding, on generated
    /// shapes, for the coverage model and with `fair`'s floors on every Party: within 1e-6 of
    /// max(1, amount), the bound back ends must meet, plus what the LP rounds' margins let
    /// stage B spend: they hold each Party to [`FIX_TOLERANCE`] of its total, and the margins
    /// of all of them can reach one need (a need the flow method proves can get nothing got
    /// 7.3e-5 from them).
    #[test]
    fn the_flow_method_funds_each_need_as_the_lp_rounds_do() {
        let mut specs = crate::testkit::shapes();
        specs.iter_mut().for_each(|s| s.seed += 100);
        specs.extend(crate::testkit::shapes());
        for spec in specs {
            let (_tmp, ds) = crate::testkit::generated(spec);
            let share = crate::policy::maxmin::max_min_share(&ds, None)
                .unwrap()
                .share;
            let floors = PartyFloors(0.9 * share);
            for (lp, _) in [
                crate::model::build(&ds, &[]),
                crate::model::build(&ds, &[&floors]),
            ] {
                let (by_lp, by_flow) = both_methods(&ds, &lp);
                let margin = 2.0 * super::FIX_TOLERANCE * by_flow.iter().sum::<f64>();
                for (i, n) in ds.needs.iter().enumerate() {
                    assert!(
                        (by_lp[i] - by_flow[i]).abs() <= 1e-6 * n.amount.max(1.0) + margin,
                        "{spec:?}, {} rows, need {i}: LP rounds {} but flow {}",
                        lp.num_rows(),
                        by_lp[i],
                        by_flow[i]
                    );
                }
            }
        }
    }

    /// A share floor like ldc-sids' is left out of the network when the network's leximin plan
    /// meets it; otherwise stage A runs again with the floor held tight by a hinge. Either way
    /// every need is funded as the LP rounds fund it, the floor holds, and over the generated
    /// shapes both cases occur (the floor's ratio is the one the first-stage vertex plan has, so
    /// the coverage optimum stays optimal).
    #[test]
    fn a_share_floor_is_left_out_only_when_the_network_plan_meets_it() {
        let mut methods = Vec::new();
        let mut specs = crate::testkit::shapes();
        specs.iter_mut().for_each(|s| s.seed += 100);
        specs.extend(crate::testkit::shapes());
        for spec in specs {
            let (_tmp, ds) = crate::testkit::generated(spec);
            let cx = SolveContext::default();
            let (lp, index) = crate::model::build(&ds, &[]);
            let sol = optimum(&lp);
            let floor = ShareFloor::at_ratio_of(&ds, &index.pairs, &sol.x);
            let (lp, _) = crate::model::build(&ds, &[&floor]);
            let sol = optimum(&lp);
            let (x, canonical) = super::settle(&ds, &lp, &sol, &cx).unwrap();
            methods.push(canonical.method);
            let (by_lp, _) = both_methods(&ds, &lp);
            let funded = funded_by_need(&ds, &lp, &x);
            let margin = 2.0 * super::FIX_TOLERANCE * funded.iter().sum::<f64>();
            for (i, n) in ds.needs.iter().enumerate() {
                let diff = (by_lp[i] - funded[i]).abs();
                assert!(
                    diff <= 1e-6 * n.amount.max(1.0) + margin,
                    "{spec:?}, need {i}"
                );
            }
            let row = lp.num_rows() - 1;
            let terms: Vec<f64> = (0..lp.num_cols())
                .flat_map(|j| lp.column(j).map(move |(i, a)| (i, j, a)))
                .filter(|&(i, _, _)| i == row)
                .map(|(_, j, a)| a * x[j])
                .collect();
            let size = terms.iter().map(|v| v.abs()).sum::<f64>().max(1.0);
            let activity: f64 = terms.iter().sum();
            let tol = super::face_network::LEFT_OUT_TOLERANCE * size;
            assert!(
                activity >= lp.row_lower[row] - tol,
                "{spec:?}: the floor is broken by {activity}"
            );
        }
        assert!(methods.contains(&super::Method::Flows), "{methods:?}");
        assert!(methods.contains(&super::Method::HingedFlows), "{methods:?}");
    }

    /// Each need's funding in the plan `x` of `lp`.
    fn funded_by_need(
        ds: &crate::dataset::Dataset,
        lp: &crate::model::LinearProgram,
        x: &[f64],
    ) -> Vec<f64> {
        let mut f = vec![0.0; ds.needs.len()];
        for (j, tag) in lp.col_tag.iter().enumerate() {
            if let crate::model::ColTag::Alloc(_, n) = tag {
                f[n.index()] += x[j];
            }
        }
        f
    }

    /// ldc-sids' floor: LDC and SIDS coverage >= ratio x the others' coverage (the pairs'
    /// terms 1 / R_special and -ratio / R_others).
    struct ShareFloor(Vec<(usize, f64)>);

    impl ShareFloor {
        /// The floor at the ratio the plan `x` of the coverage model has.
        fn at_ratio_of(
            ds: &crate::dataset::Dataset,
            pairs: &[(crate::dataset::OfferId, crate::dataset::NeedId)],
            x: &[f64],
        ) -> ShareFloor {
            let special = |n: crate::dataset::NeedId| {
                let p = ds.party(ds.need(n).party);
                p.ldc || p.sids
            };
            let reach = ds.reachable_by_party();
            let (mut rs, mut ro) = (0.0, 0.0);
            for (p, r) in ds.parties.iter().zip(&reach) {
                if p.ldc || p.sids { rs += r } else { ro += r }
            }
            let (mut fs, mut fo) = (0.0, 0.0);
            for (&(_, n), &v) in pairs.iter().zip(x) {
                if special(n) { fs += v } else { fo += v }
            }
            let ratio = (fs / rs) / (fo / ro);
            let terms = pairs
                .iter()
                .enumerate()
                .map(|(j, &(_, n))| (j, if special(n) { 1.0 / rs } else { -ratio / ro }))
                .collect();
            ShareFloor(terms)
        }
    }

    impl crate::model::ModelExtension for ShareFloor {
        fn extend(
            &self,
            _: &crate::dataset::Dataset,
            _: &crate::model::CoverageIndex,
            lp: &mut crate::model::LpBuilder,
        ) {
            let tag = crate::model::RowTag::Extra;
            lp.add_row(-1e-9, f64::INFINITY, tag, self.0.iter().copied());
        }
    }

    /// The ranges by max-flows equal the ranges by HiGHS re-solves on generated shapes, for
    /// every Party, region, theme, and the LDCs and SIDS (within 1e-6 of max(1, high), the
    /// tolerance `Range::is_choice` states).
    #[test]
    fn ranges_by_flows_match_ranges_by_re_solves() {
        let mut choices = 0;
        for spec in crate::testkit::shapes() {
            let (_tmp, ds) = crate::testkit::generated(spec);
            let cx = SolveContext::default();
            let (lp, _) = crate::model::build(&ds, &[]);
            let sol = optimum(&lp);
            let (x, _) = super::settle(&ds, &lp, &sol, &cx).unwrap();
            let (y, d) = (
                sol.row_dual.as_ref().unwrap(),
                sol.col_dual.as_ref().unwrap(),
            );
            let face = Face::new(&lp, y, d);
            let face_x: Vec<f64> = face.cols.iter().map(|&j| x[j]).collect();
            let (by_lp, _) = super::ranges::compute(&ds, &face, &face_x, None).unwrap();
            let mut fnet = FaceNetwork::new(&ds, &face, &face_x).unwrap();
            let by_flow = super::flow_ranges::compute(&ds, &mut fnet);
            let pairs = (by_lp.party.iter().zip(&by_flow.party))
                .chain(by_lp.region.iter().zip(&by_flow.region))
                .chain(by_lp.theme.iter().zip(&by_flow.theme))
                .chain([(&by_lp.ldc, &by_flow.ldc), (&by_lp.sids, &by_flow.sids)]);
            for (k, (a, b)) in pairs.enumerate() {
                let tol = 1e-6 * a.high.abs().max(1.0);
                assert!(
                    (a.low - b.low).abs() <= tol && (a.high - b.high).abs() <= tol,
                    "{spec:?}, group {k}: re-solves {a:?}, flows {b:?}"
                );
                choices += usize::from(a.is_choice());
            }
        }
        assert!(choices > 0, "no group had a range to compare");
    }

    /// The structured HiGHS optimum of `lp`, with its certificate.
    fn optimum(lp: &crate::model::LinearProgram) -> crate::solver::LpSolution {
        let opts = SolveContext::default().options(false);
        crate::solver::structured().solve(lp, &opts).unwrap()
    }

    /// The coverage LP of `ds`, its optimum (with duals) and its optimal face.
    fn coverage_face(
        ds: &crate::dataset::Dataset,
    ) -> (crate::model::LinearProgram, crate::solver::LpSolution, Face) {
        let (lp, _) = crate::model::build(ds, &[]);
        let sol = optimum(&lp);
        let (y, d) = (sol.row_dual.as_ref(), sol.col_dual.as_ref());
        let face = Face::new(&lp, y.unwrap(), d.unwrap());
        (lp, sol, face)
    }

    /// `fair`'s stage 2 rows: every Party with reachable need gets at least this share of it.
    struct PartyFloors(f64);

    impl crate::model::ModelExtension for PartyFloors {
        fn extend(
            &self,
            ds: &crate::dataset::Dataset,
            index: &crate::model::CoverageIndex,
            lp: &mut crate::model::LpBuilder,
        ) {
            let reach = ds.reachable_by_party();
            let mut cols = vec![Vec::new(); ds.parties.len()];
            for (j, &(_, n)) in index.pairs.iter().enumerate() {
                cols[ds.need(n).party.index()].push((j, 1.0));
            }
            for (p, c) in cols
                .into_iter()
                .enumerate()
                .filter(|(p, _)| reach[*p] > 0.0)
            {
                let tag = crate::model::RowTag::Extra;
                lp.add_row(self.0 * reach[p], f64::INFINITY, tag, c);
            }
        }
    }

    /// Each need's funding in the canonical plan of `lp`, by the LP rounds and by the flow
    /// method (which must apply).
    fn both_methods(
        ds: &crate::dataset::Dataset,
        lp: &crate::model::LinearProgram,
    ) -> (Vec<f64>, Vec<f64>) {
        let sol = optimum(lp);
        let (y, d) = (
            sol.row_dual.as_ref().unwrap(),
            sol.col_dual.as_ref().unwrap(),
        );
        let face = Face::new(lp, y, d);
        let first: Vec<f64> = face.cols.iter().map(|&j| sol.x[j]).collect();
        let support: Vec<usize> = (0..first.len()).filter(|&k| first[k] > 0.0).collect();
        let (parties, needs) = (party_groups(ds, &face), need_groups(ds, lp, &face));
        let mut lex = Leximin::new(&face, &[&parties, &needs], &support, None).unwrap();
        lex.run_stage(0, &parties).unwrap();
        lex.run_stage(1, &needs).unwrap();
        let (by_lp, _) = lex.finish().unwrap();
        let mut fnet = FaceNetwork::new(ds, &face, &first).expect("a network face");
        let stages = [
            arc_groups(&fnet.party_arc, &parties).unwrap(),
            arc_groups(&fnet.need_arc, &needs).unwrap(),
        ];
        waterfill::run(&mut fnet, &stages).unwrap();
        let funded = |x: &[f64]| {
            let mut f = vec![0.0; ds.needs.len()];
            (0..x.len()).for_each(|k| f[face.need_of(k).unwrap().index()] += x[k]);
            f
        };
        (funded(&by_lp), funded(&fnet.face_x()))
    }

    /// Stage B keeps every Party within 1e-8 of the total stage A gave it ([`FIX_TOLERANCE`] of
    /// it, the margin it is held at; it moved by 1.8e-8 with margins of 1e-8 of reachable need).
    #[test]
    fn stage_b_keeps_every_party_at_its_stage_a_total() {
        let mut moved: f64 = 0.0;
        for spec in crate::testkit::shapes() {
            let (_tmp, ds) = crate::testkit::generated(spec);
            let (lp, sol, face) = coverage_face(&ds);
            let support: Vec<usize> = (0..face.cols.len())
                .filter(|&k| sol.x[face.cols[k]] > 0.0)
                .collect();
            let (parties, needs) = (party_groups(&ds, &face), need_groups(&ds, &lp, &face));
            let mut lex = Leximin::new(&face, &[&parties, &needs], &support, None).unwrap();
            lex.run_stage(0, &parties).unwrap();
            let total = |x: &[f64], g: usize| parties.cols[g].iter().map(|&c| x[c]).sum::<f64>();
            let after_a: Vec<f64> = (0..parties.cols.len())
                .map(|g| total(lex.plan().unwrap(), g))
                .collect();
            lex.run_stage(1, &needs).unwrap();
            let (x, _) = lex.finish().unwrap();
            for (g, &a) in after_a.iter().enumerate() {
                moved = moved.max((total(&x, g) - a).abs() / a.max(1.0));
            }
        }
        assert!(
            moved <= super::FIX_TOLERANCE * 1.05,
            "a Party's total moved by {moved:e} of it in stage B"
        );
    }
}
