//! No input makes taplan panic: random cells and random bytes in the contract files give a
//! dataset or coded errors; every dataset that loads solves to a plan that verifies, and the
//! block-split solve agrees with the flat one.

mod common;
use proptest::prelude::*;
use taplan::solver::{SolveOptions, SolveStatus, Solver};

const TOKENS: &[&str] = &[
    "",
    "*",
    "AAA",
    "BBB",
    "CCC",
    "DDD",
    "ZZZ",
    "nip",
    "pcb",
    "nip;pcb",
    "nip;zzz",
    "africa",
    "africa;grulac",
    "cee",
    "weog",
    "2026-2027",
    "2028-2029",
    "2030",
    "gef",
    "norway",
    "x",
    "0",
    "-1",
    "1",
    "2.5",
    "100",
    "1e309",
    "NaN",
    "inf",
    "true",
    "maybe",
    ";",
    "\u{00e9}\u{4e2d}",
    "\"q\"",
    "  7  ",
];

fn cell() -> impl Strategy<Value = String> {
    prop::sample::select(TOKENS).prop_map(|s| {
        if s.contains(',') || s.contains('"') {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    })
}

fn rows(cols: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(cell(), cols), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_needs_and_offers_never_panic(needs in rows(5), offers in rows(9)) {
        let tmp = common::copy_dataset("tiny");
        let d = tmp.path();
        let mut n = String::from("party,theme,period,amount,priority\n");
        for r in &needs { n.push_str(&r.join(",")); n.push('\n'); }
        let mut o = String::from("offer,partner,period,amount,themes,regions,parties,max_per_party,effectiveness\n");
        for r in &offers { o.push_str(&r.join(",")); o.push('\n'); }
        std::fs::write(d.join("needs.csv"), n).unwrap();
        std::fs::write(d.join("offers.csv"), o).unwrap();
        match taplan::validate::load(d) {
            Err(e) => prop_assert_eq!(e.exit_code(), 2),
            Ok(loaded) => {
                let ds = &loaded.dataset;
                let flat = taplan::plan::solve(ds, &[], Solver::HighsFlat.backend(), &SolveOptions::default()).unwrap();
                let whole = taplan::plan::solve(ds, &[], Solver::HighsWhole.backend(), &SolveOptions::default()).unwrap();
                let split = taplan::plan::solve(ds, &[], taplan::solver::structured(), &SolveOptions { ranging: true, ..Default::default() }).unwrap();
                prop_assert_eq!(&flat.plan.status, &SolveStatus::Optimal);
                prop_assert!((flat.plan.solver_objective - whole.plan.solver_objective).abs() <= 1e-9 * flat.plan.solver_objective.abs().max(1.0));
                prop_assert!((flat.plan.solver_objective - split.plan.solver_objective).abs() <= 1e-9 * flat.plan.solver_objective.abs().max(1.0));
                let out = d.join("plan");
                taplan::commands::coverage_folder(&taplan::solver::SolveContext::default(), &out, ds, &loaded.warnings, &split, Default::default()).unwrap();
                prop_assert!(taplan::verify::verify(ds, &out, true).ok());
            }
        }
    }

    #[test]
    fn random_bytes_in_any_file_never_panic(file in prop::sample::select(&["plan.toml", "parties.csv", "themes.csv", "partners.csv", "needs.csv", "offers.csv"][..]), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let tmp = common::copy_dataset("tiny");
        std::fs::write(tmp.path().join(file), &bytes).unwrap();
        if let Err(e) = taplan::validate::load(tmp.path()) {
            prop_assert_eq!(e.exit_code(), 2);
            prop_assert!(!e.to_string().is_empty());
        }
    }
}
