//! One command, one back end: every solving command honours --solver and --time-limit, plan
//! --policy honours every plan flag, and workbooks are the same bytes on every run.

mod common;
use common::{root, taplan_bin};
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn solver_name(summary: &Path) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    v["solver"]["name"].as_str().unwrap().to_string()
}

fn ok(args: &[&str]) {
    let o = taplan_bin().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_solving_command_honours_solver() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = root().join("datasets/tiny");
    let t = |name: &str| tmp.path().join(name);
    ok(&[
        "plan",
        s(&tiny),
        "--out",
        s(&t("p")),
        "--solver",
        "clarabel",
    ]);
    assert_eq!(solver_name(&t("p/summary.json")), "clarabel");
    let cov = root().join("models/coverage.toml");
    ok(&[
        "plan",
        s(&tiny),
        "--out",
        s(&t("pp")),
        "--policy",
        s(&cov),
        "--solver",
        "clarabel",
        "--time-limit",
        "60",
    ]);
    assert_eq!(solver_name(&t("pp/summary.json")), "clarabel");
    let sc = tiny.join("scenarios.toml");
    ok(&[
        "whatif",
        s(&tiny),
        "--scenarios",
        s(&sc),
        "--out",
        s(&t("w")),
        "--solver",
        "clarabel",
        "--time-limit",
        "60",
    ]);
    assert_eq!(solver_name(&t("w/base/summary.json")), "clarabel");
    assert_eq!(
        solver_name(&t("w/scenarios/gef-half/summary.json")),
        "clarabel"
    );
    ok(&[
        "compare",
        s(&tiny),
        "--policies",
        s(&cov),
        "--out",
        s(&t("c")),
        "--solver",
        "clarabel",
    ]);
    assert_eq!(solver_name(&t("c/coverage/summary.json")), "clarabel");
    // The default back end, for comparison.
    ok(&[
        "compare",
        s(&tiny),
        "--policies",
        s(&cov),
        "--out",
        s(&t("c2")),
    ]);
    assert_eq!(solver_name(&t("c2/coverage/summary.json")), "highs");
}

#[test]
fn plan_with_a_policy_honours_export_model_and_the_budget_curve_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = root().join("datasets/tiny");
    let cov = root().join("models/coverage.toml");
    let fair = root().join("models/fair.toml");
    let model = tmp.path().join("fair.mps");
    ok(&[
        "plan",
        s(&tiny),
        "--out",
        s(&tmp.path().join("f")),
        "--policy",
        s(&fair),
        "--export-model",
        s(&model),
    ]);
    assert!(
        std::fs::read_to_string(&model)
            .unwrap()
            .starts_with("* written by taplan")
    );
    ok(&[
        "plan",
        s(&tiny),
        "--out",
        s(&tmp.path().join("a")),
        "--policy",
        s(&cov),
    ]);
    assert!(tmp.path().join("a/sensitivity/budget_curve.csv").is_file());
    ok(&[
        "plan",
        s(&tiny),
        "--out",
        s(&tmp.path().join("b")),
        "--policy",
        s(&cov),
        "--no-budget-curve",
    ]);
    assert!(!tmp.path().join("b/sensitivity/budget_curve.csv").exists());
    // A rule-based policy solves no LP: there is nothing to export.
    let rule = root().join("models/proportional.toml");
    let o = taplan_bin()
        .args([
            "plan",
            s(&tiny),
            "--out",
            s(&tmp.path().join("r")),
            "--policy",
            s(&rule),
            "--export-model",
            s(&tmp.path().join("r.mps")),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("E0703"));
    assert!(!tmp.path().join("r").exists());
}

#[test]
fn workbooks_are_the_same_bytes_on_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = root().join("datasets/tiny");
    for (dir, book) in [("a", "a.xlsx"), ("b", "b.xlsx")] {
        ok(&[
            "plan",
            s(&tiny),
            "--out",
            s(&tmp.path().join(dir)),
            "--xlsx",
            "--no-budget-curve",
        ]);
        ok(&["convert", s(&tiny), s(&tmp.path().join(book))]);
    }
    assert_eq!(
        std::fs::read(tmp.path().join("a.xlsx")).unwrap(),
        std::fs::read(tmp.path().join("b.xlsx")).unwrap()
    );
    // plan.xlsx leaves summary.json's wall-clock times out: the same bytes too, with a fixed
    // creation time.
    let (a, b) = (
        tmp.path().join("a/plan.xlsx"),
        tmp.path().join("b/plan.xlsx"),
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&a).unwrap())).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
    // And so is the marker, digests included.
    let marker = |d: &str| std::fs::read(tmp.path().join(d).join(".taplan-output")).unwrap();
    assert_eq!(marker("a"), marker("b"));
}
