//! The command line end to end: files written, exit codes, atomic output, determinism.

mod common;
use common::{copy_dataset, set_line, taplan_bin};
use std::path::Path;

fn run(args: &[&str]) -> std::process::Output {
    taplan_bin().args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn plan_writes_every_file_and_the_objective_matches_the_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let o = run(&[
        "plan",
        s(&common::root().join("datasets/tiny")),
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "allocation.csv",
        "summary.json",
        "needs.csv",
        "parties.csv",
        "offers.csv",
        "report.md",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "optimal");
    assert_eq!(summary["total_need"], 610.0);
    assert_eq!(summary["total_capacity"], 530.0);
    // Recompute the objective from allocation.csv and the dataset's weights.
    let ds = taplan::validate::load(&common::root().join("datasets/tiny"))
        .unwrap()
        .dataset;
    let mut rdr = csv::Reader::from_path(out.join("allocation.csv")).unwrap();
    let mut objective = 0.0;
    for rec in rdr.records() {
        let r = rec.unwrap();
        let o = ds.offers.iter().find(|o| o.code == r[0]).unwrap();
        let party = ds.parties.iter().position(|p| p.code == r[2]).unwrap();
        let theme = ds.themes.iter().position(|t| t.code == r[3]).unwrap();
        let n = ds
            .needs
            .iter()
            .find(|n| {
                n.party.index() == party
                    && n.theme.index() == theme
                    && ds.period_name(n.period) == &r[4]
            })
            .unwrap();
        let w = ds.parties[party].weight * ds.themes[theme].weight * n.priority * o.effectiveness;
        objective += r[5].parse::<f64>().unwrap() * w;
    }
    let reported = summary["objective"].as_f64().unwrap();
    assert!(
        (objective - reported).abs() <= 1e-9 * reported,
        "{objective} vs {reported}"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("Coverage by region")
            && report.contains("Largest unmet needs")
            && report.contains("Unused capacity")
    );
}

#[test]
fn invalid_input_exits_2_with_one_line_per_error_and_writes_nothing() {
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "needs.csv", 3, "BBB,nip,2026-2027,-80,");
    let out = ds.path().join("plan-out");
    let o = run(&["plan", s(ds.path()), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("E0202"))
        .expect("E0202 reported");
    assert!(line.contains("needs.csv:3:amount"), "{line}");
    assert!(!out.exists(), "a failed run must leave no output folder");
    let leftovers: Vec<_> = std::fs::read_dir(ds.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("plan-out"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

#[test]
fn a_failed_run_keeps_the_previous_plan_folder_untouched() {
    let ds = copy_dataset("tiny");
    let out = ds.path().join("plan-out");
    assert!(
        run(&["plan", s(ds.path()), "--out", s(&out)])
            .status
            .success()
    );
    let before = std::fs::read(out.join("allocation.csv")).unwrap();
    set_line(
        ds.path(),
        "offers.csv",
        2,
        "gef1,gef,2026-2027,abc,*,*,,150,",
    );
    assert_eq!(
        run(&["plan", s(ds.path()), "--out", s(&out)]).status.code(),
        Some(2)
    );
    assert_eq!(std::fs::read(out.join("allocation.csv")).unwrap(), before);
}

#[test]
fn validate_lists_problems_and_exits_2() {
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "needs.csv", 2, "AAA,nip,2031,100,");
    set_line(
        ds.path(),
        "parties.csv",
        3,
        "BBB,Party B,africa,perhaps,false,1",
    );
    let o = run(&["validate", s(ds.path())]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("E0304") && err.contains("E0204"), "{err}");
    let ok = run(&["validate", s(&common::root().join("datasets/tiny"))]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("W0201"));
}

/// Everything but the wall-clock times in summary.json is byte-identical across runs.
fn read_plan(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let mut text = std::fs::read_to_string(e.path()).unwrap();
            if name == "summary.json" {
                let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
                v.as_object_mut().unwrap().remove("times");
                text = v.to_string();
            }
            (name, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn generate_then_plan_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for d in [&a, &b] {
        let o = run(&["generate", "--scale", "S", "--seed", "7", "--out", s(d)]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(
        read_plan(&a),
        read_plan(&b),
        "generate must be deterministic"
    );
    let (pa, pb) = (tmp.path().join("pa"), tmp.path().join("pb"));
    assert!(run(&["plan", s(&a), "--out", s(&pa)]).status.success());
    assert!(run(&["plan", s(&a), "--out", s(&pb)]).status.success());
    assert_eq!(read_plan(&pa), read_plan(&pb));
}

#[test]
fn bundled_brs_dataset_plans_optimally() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("brs");
    let o = run(&[
        "plan",
        s(&common::root().join("datasets/brs-2026-2029")),
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "optimal");
    assert!(
        summary["total_allocated"].as_f64().unwrap()
            > 0.5 * summary["total_capacity"].as_f64().unwrap()
    );
}

#[test]
fn every_command_and_argument_has_help_an_example_and_exit_codes() {
    use clap::CommandFactory;
    let cli = taplan::cli::Cli::command();
    for cmd in cli.get_subcommands() {
        let name = cmd.get_name();
        let long = cmd
            .get_after_long_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(
            long.contains("Example:\n  taplan "),
            "{name}: no example in the long help"
        );
        assert!(
            long.contains("Exit status: 0 "),
            "{name}: no exit codes in the long help"
        );
        assert!(cmd.get_about().is_some(), "{name}: no summary");
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            assert!(
                arg.get_help()
                    .is_some_and(|h| !h.to_string().trim().is_empty()),
                "{name} {id}: no help line"
            );
        }
    }
    // The long help is what `taplan help plan` prints.
    let o = common::taplan_bin()
        .args(["help", "plan"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Exit status: 0 the plan folder was written and verified"),
        "{text}"
    );
}

/// A long run draws a progress bar on stderr when it is a terminal (a pty from `script`), and
/// nothing when it is not.
#[test]
fn compare_draws_a_progress_bar_only_on_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = common::root().join("datasets/tiny");
    let plain = run(&["compare", s(&tiny), "--out", s(&tmp.path().join("a"))]);
    assert!(plain.status.success());
    assert!(
        plain.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let bin = env!("CARGO_BIN_EXE_taplan");
    let cmd = format!(
        "{bin} compare {} --out {}",
        s(&tiny),
        s(&tmp.path().join("b"))
    );
    let o = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("8/8"), "no progress bar: {text:?}");
}
