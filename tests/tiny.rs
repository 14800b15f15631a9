//! The hand-solved tiny dataset: its optimum and allocation (see datasets/tiny/README.md).

mod common;
use taplan::plan;
use taplan::solver::{Backend, SolveOptions, SolveStatus, Solver};

fn solve_tiny(backend: &dyn Backend) -> (taplan::dataset::Dataset, plan::Solved) {
    let loaded = taplan::validate::load(&common::root().join("datasets/tiny")).unwrap();
    let solved = plan::solve(&loaded.dataset, &[], backend, &SolveOptions::default()).unwrap();
    (loaded.dataset, solved)
}

#[test]
fn tiny_optimum_is_869_on_every_backend() {
    let structured = taplan::solver::structured();
    for backend in [
        Solver::HighsFlat.backend(),
        Solver::Clarabel.backend(),
        structured,
    ] {
        let (_, solved) = solve_tiny(backend);
        assert_eq!(solved.plan.status, SolveStatus::Optimal);
        assert!(
            (solved.plan.objective - 869.0).abs() < 1e-6 * 869.0,
            "{}: {}",
            backend.name(),
            solved.plan.objective
        );
    }
}

#[test]
fn tiny_allocation_matches_the_hand_solution() {
    let (ds, solved) = solve_tiny(Solver::HighsFlat.backend());
    let mut rows: Vec<(String, String, String, String, f64)> = solved
        .plan
        .allocations
        .iter()
        .map(|a| {
            let n = ds.need(a.need);
            (
                ds.offer(a.offer).code.clone(),
                ds.party(n.party).code.clone(),
                ds.theme(n.theme).code.clone(),
                ds.period_name(n.period).to_string(),
                a.amount,
            )
        })
        .collect();
    rows.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let expected = [
        ("gef1", "AAA", "nip", "2026-2027", 40.0),
        ("gef1", "BBB", "nip", "2026-2027", 60.0),
        ("gef1", "CCC", "pcb", "2026-2027", 150.0),
        ("gef2", "AAA", "pcb", "2028-2029", 120.0),
        ("nor1", "AAA", "nip", "2026-2027", 60.0),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (got, want) in rows.iter().zip(expected) {
        assert_eq!(
            (
                got.0.as_str(),
                got.1.as_str(),
                got.2.as_str(),
                got.3.as_str()
            ),
            (want.0, want.1, want.2, want.3)
        );
        assert!((got.4 - want.4).abs() < 1e-7, "{got:?} vs {want:?}");
    }
}

#[test]
fn tiny_duals_are_the_hand_certificate() {
    let (ds, solved) = solve_tiny(Solver::HighsFlat.backend());
    let duals = solved.solution.row_dual.as_ref().unwrap();
    let offer_dual = |code: &str| {
        let o = ds.offers.iter().position(|o| o.code == code).unwrap();
        solved.index.offer_row[o].map(|r| duals[r]).unwrap_or(0.0)
    };
    assert!((offer_dual("gef1") - 1.0).abs() < 1e-7);
    assert!((offer_dual("nor1") - 1.4).abs() < 1e-7);
    assert!((offer_dual("gef2") - 3.0).abs() < 1e-7);
}

/// Nothing eligible: the plan is empty, and its totals are +0 in summary.json (an f64 sum of
/// nothing is -0, which would print as "-0.0").
#[test]
fn a_plan_with_nothing_eligible_reports_zero_not_negative_zero() {
    let tmp = common::one_period(
        &["A"],
        &["t", "u"],
        "party,theme,period,amount\nA,t,P1,100\n",
        "offer,partner,period,amount,themes,regions\nX,g,P1,10,u,*\n",
    );
    let d = tmp.path();
    let out = d.join("plan");
    let status = common::taplan_bin()
        .args(["plan", d.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for key in ["objective", "total_allocated", "reachable_need"] {
        let v = summary[key].as_f64().unwrap();
        assert!(v == 0.0 && v.is_sign_positive(), "{key} is {v:?}");
    }
}
