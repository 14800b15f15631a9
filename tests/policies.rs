//! Policies: every plan is feasible (verify), fair raises the floor, prices are >= 0, the
//! four-year rules change the plan as their parameters say, and elastic runs name conflicts.

mod common;
use std::path::Path;
use taplan::analysis::metrics::metrics;
use taplan::dataset::Dataset;
use taplan::policy::{Policy, builtin_policies, parse_policy};
use taplan::validate::load;
use taplan::verify::verify;

fn policy(kind_and_params: &str) -> Box<dyn Policy> {
    parse_policy("test.toml", "test", kind_and_params).unwrap()
}

/// A two-biennium dataset with one theme; parties "A" (weight 1) and "B" (weight wb).
fn two_periods(
    needs: &[(&str, &str, f64)],
    offers: &[(&str, &str, &str, f64)],
    wb: f64,
) -> (tempfile::TempDir, Dataset) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("plan.toml"),
        "name = \"t\"\nperiods = [\"P1\", \"P2\"]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("parties.csv"),
        format!("party,name,region,weight\nA,A,africa,1\nB,B,africa,{wb}\n"),
    )
    .unwrap();
    std::fs::write(d.join("themes.csv"), "theme,name\nt,T\n").unwrap();
    std::fs::write(
        d.join("partners.csv"),
        "partner,name,kind\ng,G,bilateral\nh,H,bilateral\n",
    )
    .unwrap();
    let mut n = String::from("party,theme,period,amount\n");
    for (p, per, a) in needs {
        n.push_str(&format!("{p},t,{per},{a}\n"));
    }
    std::fs::write(d.join("needs.csv"), n).unwrap();
    let mut o = String::from("offer,partner,period,amount,themes,regions\n");
    for (id, partner, per, a) in offers {
        o.push_str(&format!("{id},{partner},{per},{a},*,*\n"));
    }
    std::fs::write(d.join("offers.csv"), o).unwrap();
    let ds = load(d).unwrap().dataset;
    (tmp, ds)
}

fn funded(ds: &Dataset, plan: &taplan::plan::Plan, party: &str, period: &str) -> f64 {
    plan.allocations
        .iter()
        .filter(|a| {
            ds.party(ds.need(a.need).party).code == party
                && ds.period_name(ds.need(a.need).period) == period
        })
        .map(|a| a.amount)
        .sum()
}

#[test]
fn every_policy_plan_passes_verify_and_prices_are_non_negative() {
    let mut sets = vec![load(&common::root().join("datasets/brs-2026-2029")).unwrap()];
    let tmp = common::generated(taplan::generate::GenSpec {
        parties: 25,
        themes: 6,
        partners: 8,
        periods: 2,
        seed: 3,
    });
    sets.push(load(&tmp.path().join("ds")).unwrap());
    for loaded in &sets {
        let ds = &loaded.dataset;
        let policies = builtin_policies().unwrap();
        let runs = taplan::policy::run::run_policies(
            &taplan::solver::SolveContext::default(),
            ds,
            &policies,
            None,
        )
        .unwrap();
        let coverage_min = runs
            .iter()
            .find(|r| r.kind == "coverage")
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .1
            .min_party_coverage;
        for (run, p) in runs.iter().zip(&policies) {
            let (outcome, m) = run
                .result
                .as_ref()
                .unwrap_or_else(|e| panic!("{}: {e}", run.policy));
            let out = tempfile::tempdir().unwrap();
            let dir = out.path().join("p");
            taplan::commands::policy_folder(
                &taplan::solver::SolveContext::default(),
                &dir,
                ds,
                &[],
                (p.name(), p.kind()),
                outcome,
                Default::default(),
            )
            .unwrap();
            let v = verify(ds, &dir, false);
            assert!(v.ok(), "{}: {:?}", run.policy, v.failures());
            assert!(run.price >= -1e-9, "{}: price {}", run.policy, run.price);
            let expected = if run.kind == "four_year" {
                format!("{} without continuity", run.policy)
            } else {
                "coverage".to_string()
            };
            assert_eq!(run.price_reference, expected);
            if run.kind == "fair" {
                assert!(
                    m.min_party_coverage >= coverage_min - 1e-6,
                    "fair min {} < coverage min {coverage_min}",
                    m.min_party_coverage
                );
            }
        }
    }
}

#[test]
fn fair_equalises_when_it_can() {
    // One offer of 50 for two Parties that need 100 each: max-min gives each 25, coverage
    // gives all 50 to the heavier Party B.
    let (_t, ds) = two_periods(
        &[("A", "P1", 100.0), ("B", "P1", 100.0)],
        &[("g1", "g", "P1", 50.0)],
        2.0,
    );
    let cov = policy("kind = \"coverage\"")
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .unwrap();
    assert!((funded(&ds, &cov.plan, "B", "P1") - 50.0).abs() < 1e-9);
    let fair = policy("kind = \"fair\"")
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .unwrap();
    // Stage 2 keeps every Party at or above t* (1 - 1e-6): 25 less 2.5e-5 at most.
    assert!((funded(&ds, &fair.plan, "A", "P1") - 25.0).abs() <= 25.0 * 1e-6 + 1e-9);
    assert!((funded(&ds, &fair.plan, "B", "P1") - 25.0).abs() <= 25.0 * 1e-6 + 1e-9);
    assert!(
        metrics(&ds, &fair.plan).min_party_coverage > metrics(&ds, &cov.plan).min_party_coverage
    );
}

#[test]
fn carry_over_moves_unspent_capacity_up_to_its_share() {
    let (_t, ds) = two_periods(
        &[("A", "P1", 10.0), ("A", "P2", 100.0)],
        &[("g1", "g", "P1", 50.0), ("g2", "g", "P2", 20.0)],
        1.0,
    );
    // At share 1 every split of g1's 50 between A-P1 and the carry is optimal (70 funded
    // either way): the canonical plan gives both needs the same coverage, u / 10 = (20 + c) /
    // 100 with u + c = 50, so c = 480 / 11 (docs/canonical-plan.md).
    for (share, carried) in [(0.0, 0.0), (0.2, 10.0), (0.5, 25.0), (1.0, 480.0 / 11.0)] {
        let p = policy(&format!(
            "kind = \"four_year\"\ncarry_over_share = {share}\ndeferral_discount = 0\ncontinuity_share = 0\n"
        ));
        let o = p
            .allocate(&ds, &taplan::solver::SolveContext::default())
            .unwrap();
        let got: f64 = o.carry_over.iter().map(|c| c.amount).sum();
        assert!(
            (got - carried).abs() < 1e-6,
            "share {share}: carried {got}, expected {carried}"
        );
        assert!((funded(&ds, &o.plan, "A", "P2") - (20.0 + carried)).abs() < 1e-6);
    }
}

#[test]
fn deferral_meets_last_biennium_need_late_at_its_discount() {
    let (_t, ds) = two_periods(
        &[("A", "P1", 100.0), ("A", "P2", 10.0)],
        &[("g1", "g", "P1", 20.0), ("g2", "g", "P2", 50.0)],
        1.0,
    );
    let none = policy(
        "kind = \"four_year\"\ncarry_over_share = 0\ndeferral_discount = 0\ncontinuity_share = 0\n",
    )
    .allocate(&ds, &taplan::solver::SolveContext::default())
    .unwrap();
    assert!(none.deferred.is_empty());
    let some = policy("kind = \"four_year\"\ncarry_over_share = 0\ndeferral_discount = 0.8\ncontinuity_share = 0\n").allocate(&ds, &taplan::solver::SolveContext::default()).unwrap();
    let late: f64 = some.deferred.iter().map(|d| d.amount).sum();
    assert!(
        (late - 40.0).abs() < 1e-6,
        "the 40 unused in P2 meet P1's unmet need late: {late}"
    );
    assert!(
        some.notes[0].contains("policy objective 62"),
        "20 + 10 on time + 0.8 x 40 late = 62: {}",
        some.notes[0]
    );
    // The written plan (with deferred.csv) passes verify's feasibility checks.
    let out = tempfile::tempdir().unwrap();
    taplan::commands::policy_folder(
        &taplan::solver::SolveContext::default(),
        &out.path().join("p"),
        &ds,
        &[],
        ("four", "four_year"),
        &some,
        Default::default(),
    )
    .unwrap();
    assert!(out.path().join("p/deferred.csv").is_file());
}

#[test]
fn continuity_keeps_a_share_of_support_in_the_next_biennium() {
    // B (weight 1.5) outbids A in P2 unless continuity protects A's P1 support of 50.
    let needs = [("A", "P1", 50.0), ("A", "P2", 50.0), ("B", "P2", 50.0)];
    let (_t, ds) = two_periods(
        &needs,
        &[("g1", "g", "P1", 50.0), ("g2", "g", "P2", 50.0)],
        1.5,
    );
    for (share, a_p2) in [(0.0, 0.0), (0.5, 25.0), (1.0, 50.0)] {
        let o = policy(&format!("kind = \"four_year\"\ncarry_over_share = 0\ndeferral_discount = 0\ncontinuity_share = {share}\n")).allocate(&ds, &taplan::solver::SolveContext::default()).unwrap();
        assert!((funded(&ds, &o.plan, "A", "P1") - 50.0).abs() < 1e-6);
        assert!(
            (funded(&ds, &o.plan, "A", "P2") - a_p2).abs() < 1e-6,
            "share {share}: A gets {} in P2",
            funded(&ds, &o.plan, "A", "P2")
        );
    }
}

#[test]
fn conflicting_floors_are_named_and_an_elastic_run_reports_shortfalls() {
    let ds = load(&common::root().join("datasets/tiny")).unwrap().dataset;
    let strict = policy("kind = \"regional_balance\"\nalpha = 0\nmin_coverage = 0.99\n");
    let err = match strict.allocate(&ds, &taplan::solver::SolveContext::default()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("floors of 99% cannot all be met"),
    };
    assert!(
        err.contains("region africa coverage >= 0.99") && err.contains("short by"),
        "{err}"
    );
    assert!(
        !err.contains("region cee"),
        "cee has no reachable need, so no floor: {err}"
    );
    let elastic =
        policy("kind = \"regional_balance\"\nalpha = 0\nmin_coverage = 0.99\nelastic = true\n");
    let o = elastic
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .unwrap();
    let names: Vec<&str> = o.shortfalls.iter().map(|s| s.constraint.as_str()).collect();
    assert!(
        names.contains(&"region africa coverage >= 0.99")
            && names.contains(&"region grulac coverage >= 0.99"),
        "{names:?}"
    );
    for s in &o.shortfalls {
        assert!((s.required - s.achieved - s.shortfall).abs() < 1e-9 && s.shortfall > 0.0);
    }
    let out = tempfile::tempdir().unwrap();
    taplan::commands::policy_folder(
        &taplan::solver::SolveContext::default(),
        &out.path().join("p"),
        &ds,
        &[],
        ("strict", "regional_balance"),
        &o,
        Default::default(),
    )
    .unwrap();
    let csv = std::fs::read_to_string(out.path().join("p/shortfalls.csv")).unwrap();
    assert!(
        csv.starts_with("constraint,required,achieved,shortfall\n")
            && csv.contains("region africa")
    );
}

#[test]
fn ldc_sids_floor_raises_their_coverage_to_parity() {
    // A (LDC) and B (not) need 100 each; B weighs 2, so coverage funds B first.
    let (_t, mut ds) = two_periods(
        &[("A", "P1", 100.0), ("B", "P1", 100.0)],
        &[("g1", "g", "P1", 100.0)],
        2.0,
    );
    ds.parties[0].ldc = true;
    let o = policy("kind = \"ldc_sids\"\nratio = 1.0\n")
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .unwrap();
    let m = metrics(&ds, &o.plan);
    assert!((m.ldc_coverage - 0.5).abs() < 1e-6, "{}", m.ldc_coverage);
}

#[test]
fn rule_baselines_follow_their_rules() {
    let (_t, ds) = two_periods(
        &[("A", "P1", 30.0), ("B", "P1", 90.0)],
        &[("g1", "g", "P1", 60.0)],
        2.0,
    );
    let p = policy("kind = \"proportional\"")
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .unwrap();
    assert!(
        (funded(&ds, &p.plan, "A", "P1") - 15.0).abs() < 1e-9
            && (funded(&ds, &p.plan, "B", "P1") - 45.0).abs() < 1e-9
    );
    let g = policy("kind = \"greedy\"")
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .unwrap();
    assert!(
        (funded(&ds, &g.plan, "B", "P1") - 60.0).abs() < 1e-9,
        "heaviest need first"
    );
    let s = taplan::policy::StarLike {
        name: "s".into(),
        need_exponent: 1.0,
        weight_exponent: 0.0,
        floor: 0.0,
        ceiling_share: 1.0,
    };
    let env = s.envelopes(&ds);
    assert!(
        (env[0] - 15.0).abs() < 1e-9 && (env[1] - 45.0).abs() < 1e-9,
        "envelopes in proportion to need: {env:?}"
    );
    let capped = taplan::policy::StarLike {
        ceiling_share: 0.5,
        ..s
    };
    let env = capped.envelopes(&ds);
    assert!(
        (env[1] - 30.0).abs() < 1e-9 && (env[0] - 30.0).abs() < 1e-9,
        "ceiling 50% of 60 and redistribution: {env:?}"
    );
}

#[test]
fn bad_policy_files_are_invalid_input() {
    for text in [
        "kind = \"luck\"",
        "kind = \"fair\"\nalpha = \"x\"",
        "kind = \"four_year\"\ncarry_over_share = 2",
    ] {
        let e = parse_policy("p.toml", "p", text).err().unwrap();
        assert_eq!(e.exit_code(), 2, "{text}: {e}");
        assert!(
            e.to_string().contains("p.toml") && e.to_string().contains("E0602"),
            "{e}"
        );
    }
}

#[test]
fn compare_command_writes_metrics_and_spread_under_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cmp");
    let tiny = common::root().join("datasets/tiny");
    let o = common::taplan_bin()
        .current_dir(tmp.path())
        .args([
            "compare",
            tiny.to_str().unwrap(),
            "--scenarios",
            tiny.join("scenarios.toml").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            "2",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let metrics = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    assert_eq!(
        metrics.lines().count(),
        9,
        "header + the 8 bundled policies:\n{metrics}"
    );
    for f in [
        "compare.md",
        "scenario_metrics.csv",
        "robustness.csv",
        "fair/allocation.csv",
        "four-year/carry_over.csv",
    ] {
        assert!(Path::new(&out.join(f)).is_file(), "{f}");
    }
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(md.contains("## Reading") && md.contains("holds up when budgets move"));
}

#[test]
fn missing_policy_file_is_e0601_and_plan_exits_2() {
    let e = taplan::policy::read_policy(Path::new("/nonexistent/p.toml"))
        .err()
        .unwrap();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("E0601"));
    let tmp = tempfile::tempdir().unwrap();
    let o = common::taplan_bin()
        .args([
            "plan",
            common::root().join("datasets/tiny").to_str().unwrap(),
            "--out",
            tmp.path().join("p").to_str().unwrap(),
            "--policy",
            "/nonexistent/p.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!tmp.path().join("p").exists());
}

#[test]
fn conflicting_floors_without_elastic_exit_3_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let pol = tmp.path().join("strict.toml");
    std::fs::write(&pol, "kind = \"ldc_sids\"\nmin_coverage = 1.0\n").unwrap();
    let out = tmp.path().join("p");
    let o = common::taplan_bin()
        .args([
            "plan",
            common::root().join("datasets/tiny").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--policy",
            pol.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("LDC/SIDS coverage >= 1"));
    assert!(!out.exists());
}

#[test]
fn four_year_price_is_what_continuity_costs_and_carry_over_shows_against_coverage() {
    // Continuity at 100% keeps A's 50 in P2 where B (weight 1.5) would bring 75: the four-year
    // optimum without continuity is 50 + 75 = 125, with it 50 + 50 = 100, a price of 20%.
    let needs = [("A", "P1", 50.0), ("A", "P2", 50.0), ("B", "P2", 50.0)];
    let (_t, ds) = two_periods(
        &needs,
        &[("g1", "g", "P1", 50.0), ("g2", "g", "P2", 50.0)],
        1.5,
    );
    let list = vec![
        policy("kind = \"coverage\""),
        policy(
            "kind = \"four_year\"\ncarry_over_share = 0\ndeferral_discount = 0\ncontinuity_share = 1\n",
        ),
    ];
    let runs = taplan::policy::run::run_policies(
        &taplan::solver::SolveContext::default(),
        &ds,
        &list,
        None,
    )
    .unwrap();
    let four = &runs[1];
    assert!((four.price - 0.2).abs() < 1e-9, "price {}", four.price);
    assert!(
        (four.vs_coverage - 0.2).abs() < 1e-9,
        "vs coverage {}",
        four.vs_coverage
    );
    assert!(
        four.price_reference.ends_with("without continuity"),
        "{}",
        four.price_reference
    );
    // Carry-over alone: nothing to pay for (price 0), but 40 more spent than the biennial optimum.
    let (_t2, ds2) = two_periods(
        &[("A", "P1", 10.0), ("A", "P2", 100.0)],
        &[("g1", "g", "P1", 50.0), ("g2", "g", "P2", 20.0)],
        1.0,
    );
    let list = vec![
        policy("kind = \"coverage\""),
        policy(
            "kind = \"four_year\"\ncarry_over_share = 1\ndeferral_discount = 0\ncontinuity_share = 0\n",
        ),
    ];
    let runs = taplan::policy::run::run_policies(
        &taplan::solver::SolveContext::default(),
        &ds2,
        &list,
        None,
    )
    .unwrap();
    assert!(runs[1].price.abs() < 1e-9, "price {}", runs[1].price);
    assert!(
        (runs[1].vs_coverage - (30.0 - 70.0) / 30.0).abs() < 1e-9,
        "coverage funds 10 + 20, four-year 10 + 60: {}",
        runs[1].vs_coverage
    );
}
