//! `taplan explain`: every kind of answer on the two hand-solved datasets (datasets/tiny and
//! datasets/tiny-ties; their READMEs derive the figures quoted here), and its bad input.

mod common;

use common::{root, taplan_bin};
use std::path::Path;

fn plan(dataset: &str, out: &Path, extra: &[&str]) {
    let st = taplan_bin()
        .arg("plan")
        .arg(root().join(dataset))
        .arg("--out")
        .arg(out)
        .args(extra)
        .status()
        .unwrap();
    assert!(st.success());
}

fn explain(dataset: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    taplan_bin()
        .arg("explain")
        .arg(root().join(dataset))
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn lines(out: std::process::Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn tiny_explains_funded_unreachable_capped_outbid_and_marginal_needs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    plan("datasets/tiny", &dir, &[]);
    let aaa = lines(explain("datasets/tiny", &dir, &["--party", "AAA"]));
    assert!(
        aaa[0].contains("100 of 100 funded. Fully funded."),
        "{aaa:?}"
    );
    assert!(aaa[1].contains(
        "120 of 150 funded. At the margin: the Global Environment Facility offer gef2 is used up"
    ));
    let ddd = lines(explain("datasets/tiny", &dir, &["--party", "DDD"]));
    assert!(ddd[0].contains(
        "No offer is eligible. Near misses: the Global Environment Facility offer gef1 (excluded by its period), the Global Environment Facility offer gef2 (excluded by its region)."
    ));
    let ccc = lines(explain("datasets/tiny", &dir, &["--party", "CCC"]));
    assert!(ccc[0].contains("150 of 200 funded. The per-Party cap binds: the Global Environment Facility offer gef1 already gives this Party its maximum of 150."));
    // CCC nip 2028-2029 is worth 2 per unit; gef2 earns 3 on AAA pcb: 1 more weight needed.
    assert!(ccc[1].contains("the Global Environment Facility offer gef2 earns 3.0000 per unit at the margin elsewhere, against 2.0000 here; this need would need 1.0000 more weight"));
    let only = lines(explain(
        "datasets/tiny",
        &dir,
        &["--party", "CCC", "--theme", "nip", "--period", "2028-2029"],
    ));
    assert_eq!(only.len(), 1);
    assert!(only[0].starts_with("- National implementation plans in 2028-2029: 0 of 50"));
}

#[test]
fn tiny_ties_explains_a_tie_with_the_partys_range() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    plan("datasets/tiny-ties", &dir, &["--ranges"]);
    let aaa = lines(explain("datasets/tiny-ties", &dir, &["--party", "AAA"]));
    assert_eq!(aaa.len(), 2);
    for l in &aaa {
        assert!(
            l.contains("A tie resolved by the fairness rule: the Global Environment Facility offer gef1 is used up")
                && l.contains("between 30 and 90"),
            "{l}"
        );
    }
    // Without --ranges the same need is at the margin, and the account says how to see more.
    let plain = tmp.path().join("plain");
    plan("datasets/tiny-ties", &plain, &[]);
    let bbb = lines(explain("datasets/tiny-ties", &plain, &["--party", "BBB"]));
    assert!(
        bbb[0].contains("At the margin: the Global Environment Facility offer gef1")
            && bbb[0].contains("--ranges")
    );
}

#[test]
fn explain_refuses_unknown_names_and_a_plan_of_another_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    plan("datasets/tiny-ties", &dir, &[]);
    for args in [
        ["--party", "ZZZ"].as_slice(),
        &["--party", "AAA", "--theme", "nope"],
        &["--party", "AAA", "--period", "1999"],
    ] {
        let out = explain("datasets/tiny-ties", &dir, args);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("E0801") && err.lines().count() == 1, "{err}");
    }
    let out = explain("datasets/tiny", &dir, &["--party", "AAA"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("E0802"));
}

#[test]
fn the_report_counts_needs_at_the_margin_and_lists_only_those_next_in_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    plan("datasets/tiny", &dir, &[]);
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    // AAA pcb, BBB nip (at the margin of gef2 and gef1) and CCC pcb (its cap holds it back).
    assert!(report.contains("3 partly funded needs are at the margin"));
    assert!(
        report.contains("| Party C | National implementation plans | 2028-2029 | 50 | 1.0000 |")
    );
    let start = report.find("### Needs that would be funded first").unwrap();
    let end = start + report[start..].find("### Binding").unwrap();
    assert!(
        !report[start..end].contains("| 0.0000 |"),
        "tied needs listed as next in line"
    );
    // The worst-off Parties' account is the one `explain` prints.
    assert!(report.contains("## The 10 worst-off Parties: why"));
    // (DDD has no reachable need, so it has no coverage to rank.)
    assert!(
        report
            .contains("The per-Party cap binds: the Global Environment Facility offer gef1 already gives this Party its maximum of 150.")
    );
}

#[test]
fn explain_refuses_an_oversized_plan_file_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    plan("datasets/tiny-ties", &dir, &[]);
    // A sparse 65 MiB needs.csv: refused from its size, never read into memory.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("needs.csv"))
        .unwrap();
    f.set_len(65 << 20).unwrap();
    let out = explain("datasets/tiny-ties", &dir, &["--party", "AAA"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("E0802") && err.contains("at most 64 MiB") && err.lines().count() == 1,
        "{err}"
    );
}
