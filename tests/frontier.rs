//! The price-of-fairness frontier: every breakpoint, and every midpoint between two, equals an
//! independent flat solve (good_lp) with the floor at that coverage; the frontier starts at the
//! coverage optimum, never rises, bends only down (concave), and ends at the most coverage any
//! plan gives.

mod common;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, variable};
use taplan::analysis::frontier::{FloorKind, FrontierPoint, frontier};
use taplan::dataset::Dataset;
use taplan::solver::SolveContext;

/// The best weighted funding with the floor at `t` (None when infeasible): a flat LP.
fn flat(ds: &Dataset, floor: FloorKind, t: f64) -> Option<f64> {
    let mut vars = ProblemVariables::new();
    let pairs = ds.eligible_pairs();
    let x: Vec<_> = pairs
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let objective: Expression = pairs
        .iter()
        .zip(&x)
        .map(|(&(o, n), &v)| ds.pair_value(o, n) * v)
        .sum();
    let mut model = vars.maximise(objective.clone()).using(good_lp::highs);
    let common::flat::Sums {
        by_need,
        by_offer,
        caps,
    } = common::flat::sums(ds, &pairs, &x);
    for (n, need) in ds.needs.iter().enumerate() {
        model = model.with(constraint!(by_need[n].clone() <= need.amount));
    }
    for (o, offer) in ds.offers.iter().enumerate() {
        model = model.with(constraint!(by_offer[o].clone() <= offer.amount));
    }
    for (o, sum) in caps {
        model = model.with(constraint!(sum <= ds.offers[o].max_per_party.unwrap()));
    }
    let reach = ds.reachable_amounts();
    let groups: Vec<Vec<usize>> = match floor {
        FloorKind::WorstParty => (0..ds.parties.len())
            .map(|p| {
                (0..ds.needs.len())
                    .filter(|&n| ds.needs[n].party.index() == p)
                    .collect()
            })
            .collect(),
        FloorKind::Ldc => vec![
            (0..ds.needs.len())
                .filter(|&n| ds.party(ds.needs[n].party).ldc)
                .collect(),
        ],
    };
    for g in groups {
        let need: f64 = g.iter().map(|&n| reach[n]).sum();
        if need > 0.0 {
            let funded: Expression = g.iter().map(|&n| by_need[n].clone()).sum();
            model = model.with(constraint!(funded >= t * need));
        }
    }
    let sol = model.solve().ok()?;
    Some(sol.eval(&objective))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

fn check(ds: &Dataset, name: &str) {
    for floor in [FloorKind::WorstParty, FloorKind::Ldc] {
        let pts: Vec<FrontierPoint> = frontier(&SolveContext::default(), ds, floor).unwrap();
        assert!(pts.len() >= 2, "{name} {floor:?}: {pts:?}");
        assert_eq!(pts[0].coverage, 0.0);
        assert!((pts[0].share_of_best - 1.0).abs() < 1e-12);
        for p in &pts {
            let want = flat(ds, floor, p.coverage).expect("feasible at a breakpoint");
            assert!(
                close(p.objective, want),
                "{name} {floor:?} at {}: {} vs {want}",
                p.coverage,
                p.objective
            );
        }
        let slopes: Vec<f64> = pts
            .windows(2)
            .map(|w| (w[1].objective - w[0].objective) / (w[1].coverage - w[0].coverage))
            .collect();
        for (k, w) in pts.windows(2).enumerate() {
            let mid = 0.5 * (w[0].coverage + w[1].coverage);
            let want = flat(ds, floor, mid).unwrap();
            let got = 0.5 * (w[0].objective + w[1].objective);
            assert!(
                close(got, want),
                "{name} {floor:?} midpoint {mid}: {got} vs {want}"
            );
            assert!(slopes[k] <= 1e-7, "{name} {floor:?}: rises at {mid}");
        }
        for s in slopes.windows(2) {
            assert!(s[1] < s[0], "{name} {floor:?}: not a bend ({s:?})");
        }
        // The end is the most coverage any plan gives: a little more is infeasible.
        let end = pts.last().unwrap().coverage;
        assert!(
            flat(ds, floor, end + 1e-6).is_none(),
            "{name} {floor:?}: {end} is not the end"
        );
    }
}

#[test]
fn the_brs_frontiers_are_exact() {
    let ds = taplan::validate::load(&common::root().join("datasets/brs-2026-2029"))
        .unwrap()
        .dataset;
    check(&ds, "brs");
}

#[test]
fn generated_frontiers_are_exact() {
    for seed in 1..=3 {
        let tmp = common::generated(taplan::generate::GenSpec {
            parties: 25,
            themes: 6,
            partners: 8,
            periods: 2,
            seed,
        });
        let ds = taplan::validate::load(&tmp.path().join("ds"))
            .unwrap()
            .dataset;
        check(&ds, &format!("seed {seed}"));
    }
}

#[test]
fn compare_writes_the_frontier_unless_told_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = common::root().join("datasets/tiny");
    for (dir, flag) in [("with", None), ("without", Some("--no-frontier"))] {
        let out = tmp.path().join(dir);
        let mut cmd = common::taplan_bin();
        cmd.args([
            "compare",
            tiny.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        cmd.args(flag);
        assert!(cmd.output().unwrap().status.success());
        let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
        assert_eq!(out.join("frontier.csv").is_file(), flag.is_none());
        assert_eq!(md.contains("## The price of fairness"), flag.is_none());
    }
}
