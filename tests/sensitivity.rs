//! Sensitivity and verification: certificates hold, perturbed plans are rejected, shadow prices
//! match finite differences, and the budget curve matches fresh solves.

mod common;
use common::{generated, rewrite};
use std::path::Path;
use taplan::analysis::budget_curve::{
    CurvePoint, CurveScopes, MAX_SCALE, budget_curve, scope_curve, value_at,
};
use taplan::analysis::sensitivity::sensitivity;
use taplan::dataset::Dataset;
use taplan::generate::GenSpec;
use taplan::plan;
use taplan::solver::{SolveContext, SolveOptions, Solver};
use taplan::validate::{Loaded, load};
use taplan::verify::verify;

fn write_plan(loaded: &Loaded, out: &Path) {
    let cx = taplan::solver::SolveContext::new(taplan::solver::Solver::HighsFlat, None);
    taplan::commands::plan_to_dir(&cx, loaded, out, Default::default()).unwrap();
}

fn objective(ds: &Dataset) -> f64 {
    plan::solve(
        ds,
        &[],
        Solver::HighsFlat.backend(),
        &SolveOptions::default(),
    )
    .unwrap()
    .plan
    .solver_objective
}

fn datasets() -> Vec<(String, Loaded, Option<tempfile::TempDir>)> {
    let mut out = vec![];
    for name in ["tiny", "brs-2026-2029"] {
        out.push((
            name.to_string(),
            load(&common::root().join("datasets").join(name)).unwrap(),
            None,
        ));
    }
    for seed in 1..=4 {
        let tmp = generated(GenSpec {
            parties: 15 + 5 * seed as usize,
            themes: 6,
            partners: 8,
            periods: 2,
            seed,
        });
        let loaded = load(&tmp.path().join("ds")).unwrap();
        out.push((format!("generated seed {seed}"), loaded, Some(tmp)));
    }
    out
}

#[test]
fn verify_proves_every_plan_optimal() {
    for (name, loaded, _keep) in datasets() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("plan");
        write_plan(&loaded, &out);
        let v = verify(&loaded.dataset, &out, true);
        assert!(v.ok(), "{name}: {:?}", v.failures());
        assert!(v.certified, "{name}: no certificate");
        let bound = v.dual_bound.unwrap();
        assert!(
            (bound - v.objective).abs() <= 1e-6 * v.objective.max(1.0),
            "{name}: {bound} vs {}",
            v.objective
        );
    }
}

/// A written BRS plan to tamper with.
fn brs_plan() -> (Loaded, tempfile::TempDir) {
    let loaded = load(&common::root().join("datasets/brs-2026-2029")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    write_plan(&loaded, &tmp.path().join("plan"));
    (loaded, tmp)
}

fn set_summary_objective(dir: &Path, value: f64) {
    let p = dir.join("summary.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v["objective"] = serde_json::json!(value);
    std::fs::write(&p, v.to_string()).unwrap();
}

#[test]
fn moving_one_percent_of_an_allocation_is_rejected() {
    let (loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    // Move 1% of the first allocation of gef_pops_core_2026 to another of its rows with a
    // different weight: offer totals stay the same, the objective does not.
    rewrite(&dir.join("allocation.csv"), |rows| {
        let of_offer: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i][0] == "gef_pops_core_2026")
            .collect();
        let from = of_offer[0];
        let moved = rows[from][5].parse::<f64>().unwrap() * 0.01;
        rows[from][5] = format!("{}", rows[from][5].parse::<f64>().unwrap() - moved);
        let to = *of_offer
            .iter()
            .find(|&&i| rows[i][3] != rows[from][3])
            .unwrap();
        rows[to][5] = format!("{}", rows[to][5].parse::<f64>().unwrap() + moved);
    });
    let v = verify(&loaded.dataset, &dir, true);
    assert!(!v.ok(), "a moved allocation must be rejected");
    // Even with summary.json updated to the moved plan's objective, the certificate or the
    // feasibility checks reject it.
    set_summary_objective(&dir, v.objective);
    let v2 = verify(&loaded.dataset, &dir, true);
    assert!(
        !v2.ok(),
        "moved plan with a matching summary must still fail"
    );
    let o = common::taplan_bin()
        .args([
            "verify",
            common::root()
                .join("datasets/brs-2026-2029")
                .to_str()
                .unwrap(),
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(4));
}

#[test]
fn raising_a_shadow_price_breaks_the_certificate() {
    let (loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    rewrite(&dir.join("sensitivity/offers.csv"), |rows| {
        let i = rows
            .iter()
            .position(|r| r[6].parse::<f64>().unwrap() > 0.0)
            .unwrap();
        rows[i][6] = format!("{}", rows[i][6].parse::<f64>().unwrap() + 0.05);
    });
    let v = verify(&loaded.dataset, &dir, true);
    assert!(
        v.failures().iter().any(|f| f.contains("duality gap")),
        "{:?}",
        v.failures()
    );
}

#[test]
fn lowering_a_shadow_price_breaks_dual_feasibility() {
    let (loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    rewrite(&dir.join("sensitivity/offers.csv"), |rows| {
        let i = rows
            .iter()
            .position(|r| r[6].parse::<f64>().unwrap() > 0.5)
            .unwrap();
        rows[i][6] = "0".into();
    });
    let v = verify(&loaded.dataset, &dir, true);
    assert!(
        v.failures()
            .iter()
            .any(|f| f.contains("dual infeasible") || f.contains("duality gap")),
        "{:?}",
        v.failures()
    );
}

#[test]
fn overfunding_a_need_is_rejected() {
    let (loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    rewrite(&dir.join("allocation.csv"), |rows| {
        rows[0][5] = "1000000".into();
    });
    let v = verify(&loaded.dataset, &dir, false);
    assert!(
        v.failures()
            .iter()
            .any(|f| f.starts_with("need amount") || f.starts_with("offer capacity")),
        "{:?}",
        v.failures()
    );
}

/// d(objective)/d(capacity) equals the shadow price inside [rhs_low, rhs_high].
fn check_finite_differences(ds: &Dataset, max_offers: usize) {
    let opts = SolveOptions {
        ranging: true,
        ..SolveOptions::default()
    };
    let solved = plan::solve(ds, &[], Solver::HighsFlat.backend(), &opts).unwrap();
    let sens = sensitivity(ds, &solved).unwrap();
    let base = solved.plan.solver_objective;
    let mut checked = 0;
    for (i, r) in sens.offers.iter().enumerate() {
        if checked >= max_offers {
            break;
        }
        let amount = ds.offers[i].amount;
        let room = (r.rhs_high - amount).min(amount - r.rhs_low);
        if room.is_nan() || room <= 1e-3 {
            continue;
        }
        let step = (room / 2.0).min(1.0);
        for sign in [1.0, -1.0] {
            let mut edited = ds.clone();
            edited.offers[i].amount = amount + sign * step;
            let delta = objective(&edited) - base;
            let expected = sign * step * r.shadow_price;
            assert!(
                (delta - expected).abs() <= 1e-6 * base.max(1.0),
                "offer {}: delta {delta} vs shadow x step {expected}",
                ds.offers[i].code
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "no offer had room to test");
}

#[test]
fn shadow_prices_match_finite_differences() {
    check_finite_differences(
        &load(&common::root().join("datasets/tiny")).unwrap().dataset,
        10,
    );
    check_finite_differences(
        &load(&common::root().join("datasets/brs-2026-2029"))
            .unwrap()
            .dataset,
        8,
    );
    let tmp = generated(GenSpec {
        parties: 25,
        themes: 6,
        partners: 8,
        periods: 2,
        seed: 5,
    });
    check_finite_differences(&load(&tmp.path().join("ds")).unwrap().dataset, 8);
}

/// The objective of `ds` with every offer (or only those of partner kind `kind`) scaled.
fn scaled_objective(ds: &Dataset, kind: Option<&str>, scale: f64) -> f64 {
    let mut scaled = ds.clone();
    for o in &mut scaled.offers {
        if kind.is_none_or(|k| ds.partners[o.partner.index()].kind == k) {
            o.amount *= scale;
        }
    }
    objective(&scaled)
}

/// Every breakpoint equals a fresh solve, the curve is linear between breakpoints (midpoints
/// equal fresh solves), it bends at each breakpoint, and it is concave and non-decreasing.
fn check_exact_curve(ds: &Dataset, curve: &[CurvePoint], scope: &str, kind: Option<&str>) {
    let pts: Vec<&CurvePoint> = curve.iter().filter(|p| p.scope == scope).collect();
    assert_eq!(pts.first().unwrap().scale, 0.0);
    assert_eq!(pts.last().unwrap().scale, MAX_SCALE);
    assert!(pts.last().unwrap().slope.is_none());
    let big = pts.last().unwrap().objective.max(1.0);
    let tol = 1e-7 * big;
    for p in &pts {
        let fresh = scaled_objective(ds, kind, p.scale);
        assert!(
            (fresh - p.objective).abs() <= tol,
            "{scope} at {}: curve {} vs fresh {fresh}",
            p.scale,
            p.objective
        );
    }
    for w in pts.windows(2) {
        let mid = (w[0].scale + w[1].scale) / 2.0;
        let fresh = scaled_objective(ds, kind, mid);
        let read = value_at(curve, scope, mid).unwrap();
        assert!(
            (fresh - read).abs() <= tol,
            "{scope} between {} and {}: curve {read} vs fresh {fresh}",
            w[0].scale,
            w[1].scale
        );
        assert!(w[1].objective >= w[0].objective - tol, "decreasing");
    }
    let slopes: Vec<f64> = pts.iter().filter_map(|p| p.slope).collect();
    for w in slopes.windows(2) {
        assert!(
            w[1] < w[0] - 1e-9,
            "no bend or not concave: {} then {}",
            w[0],
            w[1]
        );
    }
    assert!(slopes.iter().all(|&g| g >= -1e-9));
}

#[test]
fn budget_curve_breakpoints_are_exact() {
    let tmp = generated(GenSpec {
        parties: 20,
        themes: 6,
        partners: 8,
        periods: 2,
        seed: 9,
    });
    for dir in [
        tmp.path().join("ds"),
        common::root().join("datasets/tiny-ties"),
    ] {
        let ds = load(&dir).unwrap().dataset;
        let solved = plan::solve_canonical(&ds, &SolveContext::default(), false).unwrap();
        let curve = scope_curve(&SolveContext::default(), &ds, &solved, None).unwrap();
        assert!(curve.len() >= 3, "{}: a curve with bends", dir.display());
        check_exact_curve(&ds, &curve, "all", None);
        // The base plan is on the curve.
        let at_one = value_at(&curve, "all", 1.0).unwrap();
        assert!((at_one - solved.plan.solver_objective).abs() <= 1e-7 * at_one.max(1.0));
    }
}

#[test]
fn per_kind_curves_scale_only_that_kind() {
    let ds = load(&common::root().join("datasets/tiny")).unwrap().dataset;
    let solved = plan::solve(
        &ds,
        &[],
        Solver::HighsFlat.backend(),
        &SolveOptions::default(),
    )
    .unwrap();
    let cx = SolveContext::default();
    let only_all = budget_curve(&cx, &ds, &solved, CurveScopes::All).unwrap();
    assert!(only_all.iter().all(|p| p.scope == "all"));
    let curve = budget_curve(&cx, &ds, &solved, CurveScopes::AllAndKinds).unwrap();
    check_exact_curve(&ds, &curve, "kind:bilateral", Some("bilateral"));
    check_exact_curve(
        &ds,
        &curve,
        "kind:financial_mechanism",
        Some("financial_mechanism"),
    );
    let bilateral: Vec<_> = curve
        .iter()
        .filter(|p| p.scope == "kind:bilateral")
        .collect();
    assert!(
        (value_at(&curve, "kind:bilateral", 1.0).unwrap() - 869.0).abs() < 1e-6,
        "100% is the base plan"
    );
    assert_eq!(
        bilateral[0].budget, 370.0,
        "GEF's 370 stays when bilateral is scaled to 0"
    );
}

#[test]
fn extra_money_gains_equal_fresh_solves() {
    let ds = load(&common::root().join("datasets/brs-2026-2029"))
        .unwrap()
        .dataset;
    let solved = plan::solve(
        &ds,
        &[],
        Solver::HighsFlat.backend(),
        &SolveOptions {
            ranging: true,
            ..Default::default()
        },
    )
    .unwrap();
    let mut s = sensitivity(&ds, &solved).unwrap();
    taplan::analysis::sensitivity::rank_extra_money(
        &taplan::solver::SolveContext::default(),
        &ds,
        &solved,
        &mut s,
    )
    .unwrap();
    assert_eq!(s.best_offers.len(), 5);
    let base = solved.plan.solver_objective;
    for &(o, gain) in &s.best_offers {
        let mut edited = ds.clone();
        edited.offers[o.index()].amount += 100.0; // 100,000 USD in thousands
        let fresh = objective(&edited) - base;
        assert!(
            (fresh - gain).abs() <= 1e-6 * base,
            "{}: reported {gain}, fresh {fresh}",
            ds.offers[o.index()].code
        );
    }
    assert!(
        s.best_offers.windows(2).all(|w| w[0].1 >= w[1].1),
        "ranked by gain"
    );
}

/// sensitivity/needs.csv's `funded` (a row's activity) is the plan's funding as needs.csv writes
/// it, need by need: a need the plan leaves unfunded shows 0 in both, not a sum of float noise
/// in one of them (the bundled plan had one such need, at 7.7e-13).
#[test]
fn sensitivity_activities_are_the_plans_fundings() {
    let (_loaded, tmp) = brs_plan();
    let read = |file: &str| -> Vec<(String, String)> {
        let mut rdr = csv::Reader::from_path(tmp.path().join("plan").join(file)).unwrap();
        let head = rdr.headers().unwrap().clone();
        let col = |name: &str| head.iter().position(|h| h == name).unwrap();
        let (p, t, y, f) = (col("party"), col("theme"), col("period"), col("funded"));
        rdr.records()
            .map(|r| {
                let r = r.unwrap();
                (format!("{},{},{}", &r[p], &r[t], &r[y]), r[f].to_string())
            })
            .collect()
    };
    let plan: std::collections::HashMap<_, _> = read("needs.csv").into_iter().collect();
    let sens = read("sensitivity/needs.csv");
    assert!(sens.len() > 1_000);
    for (need, funded) in sens {
        assert_eq!(plan[&need], funded, "{need}");
    }
}
