//! Hostile use, part 1: taplan never loses a file it did not write. Output folders are replaced
//! only when taplan wrote them; --out may not be or contain an input; names that become folders
//! are refused when they could escape or collide; a killed run's leftovers are cleaned.

mod common;
use common::{copy_dataset, root, taplan_bin};
use std::path::Path;

const MARKER_HEAD: &str = "# Written by taplan. taplan replaces this folder only while it holds exactly these files, unchanged.\n";

fn run(args: &[&str]) -> std::process::Output {
    taplan_bin().args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `taplan plan` on the tiny dataset into `out`, with `extra` arguments.
fn plan_tiny(out: &Path, extra: &[&str]) -> std::process::Output {
    let tiny = root().join("datasets/tiny");
    let mut args = vec!["plan", s(&tiny), "--out", s(out)];
    args.extend_from_slice(extra);
    run(&args)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file of `dir` with its bytes, for before/after comparisons.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[test]
fn plan_out_that_is_the_dataset_is_refused_and_every_file_kept() {
    let ds = copy_dataset("tiny");
    let before = snapshot(ds.path());
    let o = run(&["plan", s(ds.path()), "--out", s(ds.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0701"), "{}", stderr(&o));
    assert_eq!(snapshot(ds.path()), before);
}

#[test]
fn plan_out_that_contains_the_dataset_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let ds = parent.path().join("data");
    std::fs::create_dir(&ds).unwrap();
    for f in [
        "plan.toml",
        "parties.csv",
        "themes.csv",
        "partners.csv",
        "needs.csv",
        "offers.csv",
    ] {
        std::fs::copy(root().join("datasets/tiny").join(f), ds.join(f)).unwrap();
    }
    let o = run(&["plan", s(&ds), "--out", s(parent.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0701"), "{}", stderr(&o));
    assert!(ds.join("needs.csv").is_file());
}

#[test]
fn plan_out_into_a_folder_of_user_files_is_refused_and_keeps_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "my notes").unwrap();
    let o = run(&["plan", s(&root().join("datasets/tiny")), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("E0702") && err.lines().count() == 1, "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "my notes"
    );
    // An empty folder without the marker is not taplan's either.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(
        run(&["plan", s(&root().join("datasets/tiny")), "--out", s(&empty)])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn plan_out_replaces_its_own_plan_but_not_once_a_user_file_is_added() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let tiny = root().join("datasets/tiny");
    assert!(run(&["plan", s(&tiny), "--out", s(&out)]).status.success());
    assert!(out.join(".taplan-output").is_file());
    assert!(
        run(&["plan", s(&tiny), "--out", s(&out), "--xlsx"])
            .status
            .success(),
        "a plan folder taplan wrote is replaced"
    );
    std::fs::write(out.join("sensitivity").join("my-analysis.csv"), "x").unwrap();
    let o = run(&["plan", s(&tiny), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("my-analysis.csv"), "{}", stderr(&o));
    assert!(out.join("sensitivity/my-analysis.csv").is_file());
    // A file taplan wrote and the user then changed counts as the user's.
    std::fs::remove_file(out.join("sensitivity/my-analysis.csv")).unwrap();
    std::fs::write(out.join("report.md"), "my edited report").unwrap();
    let o = run(&["plan", s(&tiny), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("changed since taplan wrote it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("report.md")).unwrap(),
        "my edited report"
    );
}

#[test]
fn a_converted_dataset_that_the_planner_edited_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    assert!(
        run(&["convert", s(&root().join("datasets/tiny")), s(&data)])
            .status
            .success()
    );
    let edited = std::fs::read_to_string(data.join("needs.csv"))
        .unwrap()
        .replace(",100,", ",120,");
    std::fs::write(data.join("needs.csv"), &edited).unwrap();
    for args in [
        vec!["plan", s(&root().join("datasets/tiny")), "--out", s(&data)],
        vec!["generate", "--scale", "S", "--out", s(&data)],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(data.join("needs.csv")).unwrap(),
        edited
    );
}

#[test]
fn convert_into_its_own_source_is_refused() {
    let ds = copy_dataset("tiny");
    let before = snapshot(ds.path());
    let o = run(&["convert", s(ds.path()), s(ds.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(snapshot(ds.path()), before);
    // A workbook is never overwritten.
    let book = ds.path().join("book.xlsx");
    std::fs::write(&book, "not mine to lose").unwrap();
    assert_eq!(
        run(&["convert", s(&root().join("datasets/tiny")), s(&book)])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["template", "--out", s(&book)]).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&book).unwrap(), "not mine to lose");
}

#[test]
fn out_that_is_a_file_is_refused_and_the_file_kept_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("F");
    std::fs::write(&f, "precious").unwrap();
    let o = run(&["plan", s(&root().join("datasets/tiny")), "--out", s(&f)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0701"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "precious");
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["F".to_string()],
        "nothing hidden or left beside it"
    );
}

#[test]
fn policy_named_dotdot_cannot_write_outside_the_output_folder() {
    let ds = copy_dataset("tiny");
    let before = snapshot(ds.path());
    let policy = tempfile::tempdir().unwrap();
    let p = policy.path().join("p.toml");
    std::fs::write(&p, "kind = \"proportional\"\nname = \"..\"\n").unwrap();
    let o = run(&[
        "compare",
        s(ds.path()),
        "--policies",
        s(&p),
        "--out",
        s(&ds.path().join("results")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0603"), "{}", stderr(&o));
    assert_eq!(snapshot(ds.path()), before);
}

#[test]
fn policy_names_that_share_a_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    std::fs::write(&a, "kind = \"proportional\"\nname = \"Mine\"\n").unwrap();
    std::fs::write(&b, "kind = \"greedy\"\nname = \"mine\"\n").unwrap();
    let o = run(&[
        "compare",
        s(&root().join("datasets/tiny")),
        "--policies",
        s(&a),
        s(&b),
        "--out",
        s(&dir.path().join("c")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0603"));
    std::fs::write(&b, "kind = \"greedy\"\nname = \"metrics.csv\"\n").unwrap();
    assert_eq!(
        run(&[
            "compare",
            s(&root().join("datasets/tiny")),
            "--policies",
            s(&b),
            "--out",
            s(&dir.path().join("c"))
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn scenario_names_that_could_escape_or_collide_are_refused() {
    let long = "x".repeat(101);
    let bad = [
        "a/b",
        "a\\\\b",
        "..",
        ".",
        "",
        "tab\\there",
        ".hidden",
        long.as_str(),
        "a.",
        "nul",
        "COM1.txt",
        "x:y",
    ];
    for name in bad {
        let text = format!("[[scenario]]\nname = \"{name}\"\n");
        let err = taplan::scenario::file::parse_scenarios("s.toml", &text).expect_err(name);
        assert_eq!(err.code, "E0508", "{name}: {err}");
        assert_eq!(err.line, Some(2), "{name}: {err}");
    }
    // Not rewritten: a/b is refused, so it cannot share a_b's folder; letter case collides.
    let twice = "[[scenario]]\nname = \"Gef\"\n[[scenario]]\nname = \"gef\"\n";
    assert_eq!(
        taplan::scenario::file::parse_scenarios("s.toml", twice)
            .unwrap_err()
            .code,
        "E0503"
    );
    let ok = taplan::scenario::file::parse_scenarios("s.toml", "[[scenario]]\nname = \"a_b\"\n")
        .unwrap();
    assert_eq!(ok[0].name, "a_b");
}

#[test]
fn sweep_labels_that_collide_are_refused() {
    let text = "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nfactors = [1.0, 1.0]\n";
    assert_eq!(
        taplan::scenario::file::parse_scenarios("s.toml", text)
            .unwrap_err()
            .code,
        "E0503"
    );
    let text = "[[scenario]]\nname = \"s@2\"\n[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nfactors = [1.0, 2.0]\n";
    assert_eq!(
        taplan::scenario::file::parse_scenarios("s.toml", text)
            .unwrap_err()
            .code,
        "E0503"
    );
}

#[test]
fn export_model_into_a_missing_folder_fails_before_any_plan_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let model = tmp.path().join("nowhere").join("model.mps");
    let o = run(&[
        "plan",
        s(&root().join("datasets/tiny")),
        "--out",
        s(&out),
        "--export-model",
        s(&model),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("E0703") && stderr(&o).contains("nowhere"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // A model file taplan wrote is replaced; any other file is not.
    let model = tmp.path().join("model.mps");
    assert!(
        plan_tiny(&out, &["--export-model", s(&model)])
            .status
            .success()
    );
    assert!(
        std::fs::read_to_string(&model)
            .unwrap()
            .starts_with("* written by taplan")
    );
    assert!(
        plan_tiny(&out, &["--export-model", s(&model)])
            .status
            .success()
    );
    let theirs = tmp.path().join("theirs.lp");
    std::fs::write(&theirs, "their model").unwrap();
    assert_eq!(
        run(&[
            "plan",
            s(&root().join("datasets/tiny")),
            "--out",
            s(&out),
            "--export-model",
            s(&theirs)
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "their model");
}

#[test]
fn killed_runs_leave_temporary_folders_that_the_next_run_removes() {
    let tmp = tempfile::tempdir().unwrap();
    // A process id that cannot be running (above the kernel's pid_max).
    let dead = tmp.path().join(".plan.tmp-4194305");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".taplan-output"), MARKER_HEAD).unwrap();
    std::fs::write(dead.join("allocation.csv"), "half written").unwrap();
    let alive = tmp.path().join(format!(".plan.tmp-{}", std::process::id()));
    std::fs::create_dir(&alive).unwrap();
    std::fs::write(alive.join(".taplan-output"), MARKER_HEAD).unwrap();
    // A folder with a file of the marker's name but not its content is not taplan's.
    let forged = tmp.path().join(".forged.tmp-4194307");
    std::fs::create_dir(&forged).unwrap();
    std::fs::write(forged.join(".taplan-output"), "mine").unwrap();
    let not_ours = tmp.path().join(".notes.tmp-4194306");
    std::fs::create_dir(&not_ours).unwrap();
    let o = run(&[
        "plan",
        s(&root().join("datasets/tiny")),
        "--out",
        s(&tmp.path().join("plan")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dead.exists(), "a dead run's folder is removed");
    assert!(alive.exists(), "a running process's folder is kept");
    assert!(
        not_ours.exists(),
        "a folder without taplan's marker is kept"
    );
}

#[test]
fn whatif_with_an_unknown_partner_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(&sc, "[[scenario]]\nname = \"ok\"\n\n[[scenario]]\nname = \"bad\"\n[[scenario.edit]]\nkind = \"scale_offers\"\npartner = \"nobody\"\nfactor = 2\n").unwrap();
    let out = tmp.path().join("w");
    let o = run(&[
        "whatif",
        s(&root().join("datasets/tiny")),
        "--scenarios",
        s(&sc),
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("E0505") || stderr(&o).contains("E0506"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("s.toml:6:"),
        "names the edit's line: {}",
        stderr(&o)
    );
    assert!(!out.exists());
    std::fs::write(
        &sc,
        "[[scenario]]\nname = \"bad\"\n[[scenario.edit]]\nkind = \"grow\"\n",
    )
    .unwrap();
    let o = run(&[
        "whatif",
        s(&root().join("datasets/tiny")),
        "--scenarios",
        s(&sc),
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0504"));
    assert!(!out.exists());
}

#[test]
fn out_that_names_no_folder_of_its_own_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for out in [".", "..", "/"] {
        let o = taplan_bin()
            .current_dir(tmp.path())
            .args(["plan", s(&root().join("datasets/tiny")), "--out", out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains("E0701"), "{out}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn an_empty_folder_a_user_added_to_a_plan_folder_is_not_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let tiny = root().join("datasets/tiny");
    assert!(run(&["plan", s(&tiny), "--out", s(&out)]).status.success());
    std::fs::create_dir(out.join("my-notes")).unwrap();
    assert_eq!(
        run(&["plan", s(&tiny), "--out", s(&out)]).status.code(),
        Some(2)
    );
    assert!(out.join("my-notes").is_dir());
    // A model file asked for inside the output folder is refused before anything is written.
    std::fs::remove_dir(out.join("my-notes")).unwrap();
    let o = run(&[
        "plan",
        s(&tiny),
        "--out",
        s(&out),
        "--export-model",
        s(&out.join("m.mps")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0703"), "{}", stderr(&o));
    assert!(
        run(&["plan", s(&tiny), "--out", s(&out)]).status.success(),
        "the folder is still taplan's"
    );
}
