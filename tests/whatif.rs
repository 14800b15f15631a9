//! What-if runs: edits change exactly what they select, sweeps expand, warm equals cold,
//! identical scenarios reproduce the base, and results do not depend on --jobs.

mod common;
use taplan::dataset::Dataset;
use taplan::plan;
use taplan::scenario::edit::apply;
use taplan::scenario::file::parse_scenarios;
use taplan::scenario::run::{SolvePath, solve_scenario};
use taplan::solver::{SolveOptions, Solver};
use taplan::validate::load;

fn tiny() -> Dataset {
    load(&common::root().join("datasets/tiny")).unwrap().dataset
}
fn brs() -> Dataset {
    load(&common::root().join("datasets/brs-2026-2029"))
        .unwrap()
        .dataset
}

fn one(ds: &Dataset, toml: &str) -> Result<Dataset, taplan::Diagnostic> {
    let sc = parse_scenarios("s.toml", toml).unwrap();
    assert_eq!(sc.len(), 1);
    apply(ds, &sc[0])
}

#[test]
fn scale_offers_changes_only_the_selected_offers() {
    let base = brs();
    let ds = one(&base, "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='scale_offers'\npartner_kind='regional_centre'\nperiod='2028-2029'\nfactor=0.5\n").unwrap();
    let mut changed = 0;
    for (b, e) in base.offers.iter().zip(&ds.offers) {
        let selected = base.partner(b.partner).kind == "regional_centre"
            && base.period_name(b.period) == "2028-2029";
        if selected {
            assert_eq!(e.amount, b.amount * 0.5);
            changed += 1;
        } else {
            assert_eq!(e.amount, b.amount, "{} must not change", b.code);
        }
        assert_eq!(e.max_per_party, b.max_per_party);
    }
    assert!(changed > 5);
    assert_eq!(ds.needs, base.needs);
}

#[test]
fn scale_offers_by_theme_and_region_selects_offers_covering_them() {
    let base = tiny();
    let ds = one(&base, "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='scale_offers'\ntheme='pcb'\nregion='grulac'\nfactor=2\n").unwrap();
    let amounts: Vec<f64> = ds.offers.iter().map(|o| o.amount).collect();
    // gef1 (all themes, all regions), gef2 (all themes, africa;grulac) and nor2 (pcb, grulac) cover pcb in grulac; nor1 (nip, africa) does not.
    assert_eq!(amounts, vec![500.0, 60.0, 240.0, 200.0]);
}

#[test]
fn scale_needs_by_ldc_flag_changes_only_ldc_needs() {
    let base = tiny();
    let ds = one(
        &base,
        "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='scale_needs'\nldc=true\nfactor=1.3\n",
    )
    .unwrap();
    for (b, e) in base.needs.iter().zip(&ds.needs) {
        let expect = if base.party(b.party).ldc {
            b.amount * 1.3
        } else {
            b.amount
        };
        assert_eq!(e.amount, expect);
    }
    assert_eq!(ds.offers, base.offers);
}

#[test]
fn add_and_remove_offers_and_needs() {
    let base = tiny();
    let ds = one(&base, "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='remove_offers'\npartner='norway'\n[[scenario.edit]]\nkind='add_offer'\noffer='x1'\npartner='sweden'\npartner_name='Sweden'\npartner_kind='bilateral'\nperiod='2028-2029'\namount=20\nregions=['cee']\n[[scenario.edit]]\nkind='add_need'\nparty='DDD'\ntheme='pcb'\nperiod='2028-2029'\namount=10\n").unwrap();
    let codes: Vec<&str> = ds.offers.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, vec!["gef1", "gef2", "x1"]);
    assert_eq!(ds.partners.len(), 3);
    assert_eq!(ds.needs.len(), base.needs.len() + 1);
    // The new offer reaches DDD (cee), which nothing reached before.
    let solved = plan::solve(
        &ds,
        &[],
        Solver::HighsFlat.backend(),
        &SolveOptions::default(),
    )
    .unwrap();
    let ddd = ds.parties.iter().position(|p| p.code == "DDD").unwrap();
    assert!(
        (solved
            .plan
            .funded_by_need(&ds)
            .iter()
            .zip(&ds.needs)
            .filter(|(_, n)| n.party.index() == ddd)
            .map(|(f, _)| f)
            .sum::<f64>()
            - 20.0)
            .abs()
            < 1e-9
    );
}

#[test]
fn weights_and_priorities_change_only_their_targets() {
    let base = tiny();
    let ds = one(&base, "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='set_party_weight'\nparty='BBB'\nweight=3\n[[scenario.edit]]\nkind='set_theme_weight'\ntheme='nip'\nweight=2\n[[scenario.edit]]\nkind='set_priority'\nperiod='2028-2029'\npriority=4\n").unwrap();
    assert_eq!(
        ds.parties.iter().map(|p| p.weight).collect::<Vec<_>>(),
        vec![2.0, 3.0, 1.0, 1.0]
    );
    assert_eq!(
        ds.themes.iter().map(|t| t.weight).collect::<Vec<_>>(),
        vec![2.0, 1.5]
    );
    let pr: Vec<f64> = ds.needs.iter().map(|n| n.priority).collect();
    assert_eq!(pr, vec![1.0, 1.0, 1.0, 4.0, 4.0, 4.0]);
}

#[test]
fn a_sweep_expands_into_one_scenario_per_factor() {
    let sc = parse_scenarios("s.toml", "[[scenario]]\nname='g'\n[[scenario.edit]]\nkind='scale_offers'\npartner='gef'\nsweep=[0.5, 1.5, 0.1]\n[[scenario.edit]]\nkind='scale_needs'\nfactors=[1.0, 2.0]\n").unwrap();
    assert_eq!(sc.len(), 22);
    assert_eq!(sc[0].name, "g@0.5@1");
    assert_eq!(sc[21].name, "g@1.5@2");
    let factors: Vec<String> = sc.iter().step_by(2).map(|s| s.name.clone()).collect();
    assert_eq!(factors.len(), 11);
    assert!(factors[5].starts_with("g@1@"), "{factors:?}");
}

#[test]
fn a_selector_that_selects_nothing_is_an_error_naming_scenario_selector_and_line() {
    let err = one(&tiny(), "[[scenario]]\nname='empty'\n[[scenario.edit]]\nkind='scale_offers'\npartner='norway'\nperiod='2030'\nfactor=2\n").unwrap_err();
    // An unknown period is reported as such; a known one that matches nothing is E0505.
    assert_eq!(err.code, "E0506");
    let err = one(&tiny(), "[[scenario]]\nname='empty'\n\n[[scenario.edit]]\nkind='scale_offers'\npartner='norway'\ntheme='pcb'\nregion='africa'\nfactor=2\n").unwrap_err();
    assert_eq!(err.code, "E0505");
    assert_eq!(err.line, Some(4));
    assert!(
        err.message.contains("\"empty\"") && err.message.contains("partner=norway"),
        "{}",
        err.message
    );
    assert!(err.file.ends_with("s.toml"));
}

#[test]
fn malformed_scenarios_give_file_and_line() {
    let err = parse_scenarios(
        "s.toml",
        "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='scale_offers'\nfactor=-1\n",
    )
    .unwrap_err();
    assert_eq!((err.code, err.line), ("E0504", Some(3)));
    let err = parse_scenarios("s.toml", "[[scenario]]\nname='a'\nbogus=1\n").unwrap_err();
    assert_eq!((err.code, err.line), ("E0502", Some(3)));
    let err = parse_scenarios(
        "s.toml",
        "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='grow_trees'\n",
    )
    .unwrap_err();
    assert_eq!(err.code, "E0504");
}

#[test]
fn warm_started_solves_equal_cold_solves() {
    let base_ds = brs();
    let base = plan::solve(
        &base_ds,
        &[],
        taplan::solver::structured(),
        &SolveOptions {
            ranging: true,
            ..Default::default()
        },
    )
    .unwrap();
    let text =
        std::fs::read_to_string(common::root().join("datasets/brs-2026-2029/scenarios.toml"))
            .unwrap();
    let mut warm = 0;
    let cx = taplan::solver::SolveContext::default();
    for sc in parse_scenarios("scenarios.toml", &text).unwrap() {
        let ds = apply(&base_ds, &sc).unwrap();
        let (s, path) = solve_scenario(&cx, &ds, &base, taplan::solver::Want::Ranging).unwrap();
        // The plan does not depend on the ranging: without it, the same values and duals.
        let (lean, _) = solve_scenario(&cx, &ds, &base, taplan::solver::Want::Duals).unwrap();
        assert_eq!(lean.solution.x, s.solution.x, "{}", sc.name);
        assert_eq!(lean.solution.row_dual, s.solution.row_dual, "{}", sc.name);
        assert_eq!(lean.plan.allocations, s.plan.allocations, "{}", sc.name);
        assert!(s.solution.ranging.is_some());
        if path == SolvePath::Warm {
            assert!(lean.solution.ranging.is_none(), "{}", sc.name);
        }
        let cold = plan::solve(
            &ds,
            &[],
            Solver::HighsFlat.backend(),
            &SolveOptions::default(),
        )
        .unwrap()
        .plan
        .solver_objective;
        assert!(
            (s.plan.solver_objective - cold).abs() <= 1e-9 * cold,
            "{}: warm {} vs cold {cold}",
            sc.name,
            s.plan.solver_objective
        );
        assert!((s.plan.objective - cold).abs() <= 1e-7 * cold);
        warm += (path == SolvePath::Warm) as usize;
    }
    assert!(
        warm >= 10,
        "most BRS scenarios are bound or cost edits: {warm}"
    );
}

fn run(args: &[&str]) -> std::process::Output {
    common::taplan_bin().args(args).output().unwrap()
}

/// Every file under `dir`, with `times` removed from summary.json files.
fn tree(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let mut text = std::fs::read_to_string(&p).unwrap();
            if p.ends_with("summary.json") {
                let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
                v.as_object_mut().unwrap().remove("times");
                text = v.to_string();
            }
            out.push((p.strip_prefix(dir).unwrap().display().to_string(), text));
        }
    }
    out.sort();
    out
}

#[test]
fn results_do_not_depend_on_jobs_and_unchanged_reproduces_the_base() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = common::root().join("datasets/brs-2026-2029");
    let sc = ds.join("scenarios.toml");
    let (a, b) = (tmp.path().join("j1"), tmp.path().join("j2"));
    for (out, jobs) in [(&a, "1"), (&b, "2")] {
        let o = run(&[
            "whatif",
            ds.to_str().unwrap(),
            "--scenarios",
            sc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            jobs,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.len(), tb.len());
    for (x, y) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs between --jobs 1 and 2", x.0);
    }
    // Scenario folders leave out the per-pair sensitivity; the base keeps it.
    assert!(a.join("base/sensitivity/edges.csv").is_file());
    assert!(
        a.join("scenarios/unchanged/sensitivity/offers.csv")
            .is_file()
    );
    assert!(!a.join("scenarios/unchanged/sensitivity/edges.csv").exists());
    assert!(!a.join("base/sensitivity/budget_curve.csv").exists());
    let base = std::fs::read(a.join("base/allocation.csv")).unwrap();
    assert_eq!(
        std::fs::read(a.join("scenarios/unchanged/allocation.csv")).unwrap(),
        base
    );
    let cmp = std::fs::read_to_string(a.join("comparison.csv")).unwrap();
    assert!(
        cmp.lines()
            .any(|l| l.starts_with("unchanged,optimal,reused,") && l.contains(",true,")),
        "{cmp}"
    );
}

#[test]
fn an_invalid_scenario_stops_the_whole_run_before_anything_is_solved() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(&sc, "[[scenario]]\nname='bad'\n[[scenario.edit]]\nkind='scale_offers'\npartner='nobody'\nfactor=2\n\n[[scenario]]\nname='good'\n[[scenario.edit]]\nkind='scale_offers'\npartner='gef'\nfactor=2\n").unwrap();
    let out = tmp.path().join("w");
    let o = run(&[
        "whatif",
        common::root().join("datasets/tiny").to_str().unwrap(),
        "--scenarios",
        sc.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("E0506"));
    assert!(!out.exists());
    std::fs::write(&sc, "[[scenario]]\nname='good'\n[[scenario.edit]]\nkind='scale_offers'\npartner='gef'\nfactor=2\n").unwrap();
    let o = run(&[
        "whatif",
        common::root().join("datasets/tiny").to_str().unwrap(),
        "--scenarios",
        sc.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cmp = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(
        cmp.lines().any(|l| l.starts_with("good,optimal,warm,")),
        "{cmp}"
    );
    assert!(out.join("scenarios/good/allocation.csv").is_file());
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(md.contains("Gains most"), "{md}");
}

#[test]
fn scenario_file_codes_e0501_e0503_e0507() {
    let e =
        taplan::scenario::read_scenarios(std::path::Path::new("/nonexistent/s.toml")).unwrap_err();
    assert_eq!(e.code, "E0501");
    let e = parse_scenarios(
        "s.toml",
        "[[scenario]]\nname='a'\n\n[[scenario]]\nname='a'\n",
    )
    .unwrap_err();
    assert_eq!((e.code, e.line), ("E0503", Some(5)));
    let e = parse_scenarios("s.toml", "[[scenario]]\nname='base'\n").unwrap_err();
    assert_eq!(e.code, "E0503");
    let e = one(&tiny(), "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='add_offer'\noffer='gef1'\npartner='gef'\nperiod='2026-2027'\namount=5\n").unwrap_err();
    assert_eq!((e.code, e.line), ("E0507", Some(3)));
    let e = one(&tiny(), "[[scenario]]\nname='a'\n[[scenario.edit]]\nkind='add_need'\nparty='AAA'\ntheme='nip'\nperiod='2026-2027'\namount=5\n").unwrap_err();
    assert_eq!(e.code, "E0507");
}

#[test]
fn pair_sensitivity_writes_every_scenario_s_edges() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(
        &sc,
        "[[scenario]]\nname = \"less\"\n[[scenario.edit]]\nkind = \"scale_offers\"\npartner = \"gef\"\nfactor = 0.5\n",
    )
    .unwrap();
    let ds = common::root().join("datasets/tiny");
    let out = tmp.path().join("w");
    let o = run(&[
        "whatif",
        ds.to_str().unwrap(),
        "--scenarios",
        sc.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--pair-sensitivity",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let edges = std::fs::read_to_string(out.join("scenarios/less/sensitivity/edges.csv")).unwrap();
    assert!(edges.lines().count() > 1, "{edges}");
}
