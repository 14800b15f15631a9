//! Every reader, fed arbitrary input, returns an error or a dataset and never panics: CSV tables
//! (through validation), plan.toml, scenario and policy TOML, and workbook bytes. The number of
//! cases per reader is `TAPLAN_FUZZ_CASES` (default 256; the issue's run used 100,000).

mod common;
use proptest::prelude::*;
use std::path::Path;
use taplan::input::{RawDataset, parse_plan, parse_table, read_source};

fn cases() -> u32 {
    std::env::var("TAPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn tiny_raw() -> RawDataset {
    let mut diags = Vec::new();
    read_source(&common::root().join("datasets/tiny"), &mut diags)
}

/// Text from CSV-ish pieces and arbitrary characters: quotes, separators, line ends, numbers.
fn csvish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("party".to_string()),
        Just("AAA".to_string()),
        Just("amount".to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("*".to_string()),
        Just(";".to_string()),
        Just("\u{feff}".to_string()),
        any::<String>(),
        "[a-z0-9.;*-]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn tomlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[[scenario]]\n".to_string()),
        Just("[[scenario.edit]]\n".to_string()),
        Just("name = ".to_string()),
        Just("kind = ".to_string()),
        Just("\"scale_offers\"".to_string()),
        Just("\"fair\"".to_string()),
        Just("factor = ".to_string()),
        Just("sweep = [1, 2, 0.5]".to_string()),
        Just("periods = [\"a\", \"b\"]".to_string()),
        Just("unit = ".to_string()),
        Just("1e308".to_string()),
        Just("inf".to_string()),
        Just("nan".to_string()),
        Just("\n".to_string()),
        Just("\"..\"".to_string()),
        Just("alpha = 2".to_string()),
        any::<String>(),
        "[a-z_ =\"0-9.]{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_tables_through_validation_never_panic(text in csvish(), which in 0usize..5) {
        let mut raw = tiny_raw();
        let table = parse_table("x.csv", &text);
        let slot = [&mut raw.parties, &mut raw.themes, &mut raw.partners, &mut raw.needs, &mut raw.offers].into_iter().nth(which).unwrap();
        *slot = table.ok();
        let mut diags = Vec::new();
        let _ = taplan::validate::validate(&raw, &mut diags);
    }

    #[test]
    fn plan_toml_never_panics(text in tomlish()) {
        if let Ok(plan) = parse_plan("plan.toml", &text) {
            let mut raw = tiny_raw();
            raw.plan = Some(plan);
            let _ = taplan::validate::validate(&raw, &mut Vec::new());
        }
    }

    #[test]
    fn scenario_toml_never_panics(text in tomlish()) {
        let _ = taplan::scenario::file::parse_scenarios("s.toml", &text);
    }

    #[test]
    fn policy_toml_never_panics(text in tomlish()) {
        let _ = taplan::policy::parse_policy("p.toml", "p", &text);
    }

    #[test]
    fn workbook_bytes_never_panic(cut in 0usize..8000, flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6), noise in prop::collection::vec(any::<u8>(), 0..64), random in any::<bool>()) {
        let bytes = if random { noise } else {
            let mut b = workbook().to_vec();
            for (i, v) in flips { let k = i.index(b.len()); b[k] = v; }
            b.truncate(b.len().saturating_sub(cut % 64 * (cut / 4000)));
            b
        };
        let mut diags = Vec::new();
        let raw = taplan::input::read_workbook_bytes(Path::new("f.xlsx"), bytes, &mut diags);
        let _ = taplan::validate::validate(&raw, &mut diags);
    }
}

/// The tiny dataset as workbook bytes, built once.
fn workbook() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        taplan::report::write_dataset_workbook(&tiny_raw(), &path).unwrap();
        std::fs::read(path).unwrap()
    })
}
