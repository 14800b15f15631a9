//! Hostile use, part 2: bad input gives one coded line at the right place, never a panic, an
//! abort or unbounded memory; numbers a double-precision LP cannot carry are refused; verify
//! cannot be talked round.

mod common;
use common::{copy_dataset, root, set_line, taplan_bin};
use std::path::Path;
use taplan::{Diagnostic, Error, validate};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn errors(dir: &Path) -> Vec<Diagnostic> {
    match validate::load(dir) {
        Err(Error::Invalid(d)) => d,
        Err(e) => panic!("expected invalid input, got {e}"),
        Ok(_) => panic!("the dataset loaded"),
    }
}

/// Plan `dataset` into `dataset/plan`, which must succeed; the plan folder.
fn plan_folder(dataset: &Path) -> std::path::PathBuf {
    let out = dataset.join("plan");
    let o = taplan_bin()
        .args(["plan", s(dataset), "--out", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn listing(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn scenario_err(text: &str) -> Diagnostic {
    taplan::scenario::file::parse_scenarios("s.toml", text).unwrap_err()
}

// ---- 3. No panic, no abort, bounded memory ------------------------------------------------

#[test]
fn sweeps_with_huge_infinite_or_subnormal_values_are_refused_with_a_code() {
    for sweep in [
        "[1, 1e300, 1]",
        "[1, inf, 1]",
        "[1, 2, 1e-320]",
        "[1, nan, 1]",
        "[2, 1, 1]",
    ] {
        let e = scenario_err(&format!(
            "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nsweep = {sweep}\n"
        ));
        assert_eq!(e.code, "E0504", "{sweep}: {e}");
        assert_eq!(e.line, Some(3), "{sweep}: {e}");
    }
    let e = scenario_err(
        "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nfactors = [1, 1e-320]\n",
    );
    assert_eq!(e.code, "E0504");
}

#[test]
fn sweeps_over_ten_thousand_scenarios_are_counted_before_allocating_and_refused() {
    let e = scenario_err(
        "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nsweep = [0.5, 1.49, 1e-7]\n",
    );
    assert_eq!(e.code, "E0509", "{e}");
    // Two sweeps of 200 multiply to 40,000 scenarios.
    let e = scenario_err(
        "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nsweep = [0.01, 2.0, 0.01]\n[[scenario.edit]]\nkind = \"scale_needs\"\nsweep = [0.01, 2.0, 0.01]\n",
    );
    assert_eq!(e.code, "E0509", "{e}");
    let ok = taplan::scenario::file::parse_scenarios("s.toml", "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nsweep = [0.5, 1.49, 0.01]\n").unwrap();
    assert_eq!(ok.len(), 100);
}

#[test]
fn a_workbook_with_one_cell_at_xfd1048576_costs_memory_for_one_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("far.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let plan = book.add_worksheet().set_name("plan").unwrap();
    plan.write_string(0, 0, "key").unwrap();
    plan.write_string(0, 1, "value").unwrap();
    plan.write_string(1048575, 16383, "far away").unwrap();
    let needs = book.add_worksheet().set_name("needs").unwrap();
    needs.write_string(1048575, 16383, "x").unwrap();
    book.save(&path).unwrap();
    // Before: calamine allocated the dense 2^34-cell range and the process aborted.
    let e = validate::load(&path).unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn a_symlink_to_dev_zero_or_a_fifo_is_refused_not_read() {
    let ds = copy_dataset("tiny");
    std::fs::remove_file(ds.path().join("needs.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", ds.path().join("needs.csv")).unwrap();
    let d = errors(ds.path());
    assert!(
        d.iter()
            .any(|d| d.code == "E0004" && d.file.ends_with("needs.csv")),
        "{}",
        listing(&d)
    );
    std::fs::remove_file(ds.path().join("needs.csv")).unwrap();
    let fifo = ds.path().join("needs.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let d = errors(ds.path());
    assert!(d.iter().any(|d| d.code == "E0004"), "{}", listing(&d));
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let ds = copy_dataset("tiny");
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(ds.path().join("offers.csv"))
        .unwrap();
    f.set_len(taplan::input::MAX_FILE_BYTES + 1).unwrap(); // sparse: no real disk use
    let d = errors(ds.path());
    assert!(
        d.iter()
            .any(|d| d.code == "E0005" && d.file.ends_with("offers.csv")),
        "{}",
        listing(&d)
    );
}

// ---- 4. Numbers a double-precision LP cannot carry ------------------------------------------

#[test]
fn amounts_weights_and_effectiveness_outside_their_ranges_are_refused() {
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "needs.csv", 2, "AAA,nip,2026-2027,1e25,");
    set_line(
        ds.path(),
        "offers.csv",
        2,
        "gef1,gef,2026-2027,1e25,*,*,,150,",
    );
    set_line(
        ds.path(),
        "parties.csv",
        3,
        "BBB,Party B,africa,false,false,1e19",
    );
    set_line(
        ds.path(),
        "offers.csv",
        3,
        "nor1,norway,2026-2027,60,nip,africa,,,1e308",
    );
    set_line(ds.path(), "needs.csv", 3, "BBB,nip,2026-2027,80,1e-320");
    let d = errors(ds.path());
    for (file, line, col) in [
        ("needs.csv", 2, "amount"),
        ("offers.csv", 2, "amount"),
        ("parties.csv", 3, "weight"),
        ("offers.csv", 3, "effectiveness"),
        ("needs.csv", 3, "priority"),
    ] {
        assert!(
            d.iter().any(|x| x.code == "E0205"
                && x.file.ends_with(file)
                && x.line == Some(line)
                && x.column.as_deref() == Some(col)),
            "{file}:{line}:{col}\n{}",
            listing(&d)
        );
    }
    let o = taplan_bin()
        .args(["validate", s(ds.path())])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_fragile_coefficient_ratio_is_warned_about() {
    let ds = copy_dataset("tiny");
    set_line(
        ds.path(),
        "parties.csv",
        2,
        "AAA,Party A,africa,true,false,0.00001",
    );
    set_line(
        ds.path(),
        "parties.csv",
        3,
        "BBB,Party B,africa,false,false,100000",
    );
    let loaded = validate::load(ds.path()).unwrap();
    assert!(
        loaded.warnings.iter().any(|w| w.code == "W0203"),
        "{}",
        listing(&loaded.warnings)
    );
    let plain = validate::load(&root().join("datasets/tiny")).unwrap();
    assert!(!plain.warnings.iter().any(|w| w.code == "W0203"));
}

#[test]
fn money_formatter_carries_amounts_beyond_two_to_the_sixty_four() {
    assert_eq!(taplan::report::money(1e20), "100,000,000,000,000,000,000");
    assert!(taplan::report::money(1e308).starts_with("100,000,000,000,000,0"));
    assert!(!taplan::report::money(1e308).contains("18,446,744"));
    assert_eq!(taplan::report::money(-1234.56), "-1,234.6");
    assert_eq!(taplan::report::money(-0.0), "0");
    assert_eq!(taplan::report::money(0.04), "0");
}

#[test]
fn an_empty_plan_shows_no_negative_zero() {
    let tmp = common::one_period(
        &["AAA"],
        &["nip", "pcb"],
        "party,theme,period,amount\nAAA,nip,P1,10\n",
        "offer,partner,period,amount,themes,regions\no1,g,P1,5,pcb,*\n",
    );
    let out = plan_folder(tmp.path());
    for f in [
        "report.md",
        "summary.json",
        "needs.csv",
        "parties.csv",
        "offers.csv",
        "report.html",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(
            !text.contains("-0.0")
                && !text.contains("-0%")
                && !text.contains(",-0,")
                && !text.contains(": -0"),
            "{f}:\n{text}"
        );
    }
}

// ---- 5. Diagnostics that point at the right place, once -------------------------------------

#[test]
fn crlf_files_report_the_physical_line() {
    let ds = copy_dataset("tiny");
    let text = std::fs::read_to_string(ds.path().join("needs.csv"))
        .unwrap()
        .replace('\n', "\r\n")
        .replace("BBB,nip,2026-2027,80,", "BBB,nip,2026-2027,-80,");
    std::fs::write(ds.path().join("needs.csv"), text).unwrap();
    let d = errors(ds.path());
    assert!(
        d.iter().any(|x| x.code == "E0202" && x.line == Some(3)),
        "{}",
        listing(&d)
    );
}

#[test]
fn quoted_cells_spanning_lines_and_crlf_keep_duplicate_lines_right() {
    let ds = copy_dataset("tiny");
    let text = "party,name,region,ldc,sids,weight\r\nAAA,\"Party\r\nA\",africa,true,false,2\r\nBBB,Party B,africa,false,false,1\r\nCCC,Party C,grulac,false,true,1\r\nDDD,Party D,cee,false,false,1\r\nAAA,again,africa,false,false,1\r\n";
    std::fs::write(ds.path().join("parties.csv"), text).unwrap();
    let d = errors(ds.path());
    let dup = d
        .iter()
        .find(|x| x.code == "E0102")
        .unwrap_or_else(|| panic!("{}", listing(&d)));
    assert_eq!(dup.line, Some(7), "{dup}");
    assert!(dup.message.contains("first defined on line 2"), "{dup}");
    let needs =
        "party,theme,period,amount,priority\r\nAAA,nip,2026-2027,100,\r\nAAA,nip,2026-2027,5,\r\n";
    std::fs::write(ds.path().join("needs.csv"), needs).unwrap();
    std::fs::write(
        ds.path().join("parties.csv"),
        std::fs::read_to_string(root().join("datasets/tiny/parties.csv")).unwrap(),
    )
    .unwrap();
    let d = errors(ds.path());
    let dup = d.iter().find(|x| x.code == "E0103").unwrap();
    assert_eq!(dup.line, Some(3));
    assert!(dup.message.contains("first on line 2"), "{dup}");
}

#[test]
fn an_invalid_party_row_does_not_cascade_into_unknown_party_errors() {
    let ds = copy_dataset("tiny");
    set_line(
        ds.path(),
        "parties.csv",
        2,
        "AAA,Party A,africa,maybe,false,2",
    );
    let d = errors(ds.path());
    assert_eq!(d.len(), 1, "{}", listing(&d));
    assert_eq!(d[0].code, "E0204");
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "partners.csv", 2, "gef,,financial_mechanism");
    let d = errors(ds.path());
    assert_eq!(d.len(), 1, "{}", listing(&d));
}

#[test]
fn a_bad_unit_does_not_hide_the_periods_and_a_broken_plan_toml_is_noted_once() {
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "plan.toml", 4, "unit = -1");
    let d = errors(ds.path());
    assert_eq!(d.len(), 1, "{}", listing(&d));
    assert_eq!((d[0].code, d[0].line), ("E0012", Some(4)));
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "plan.toml", 5, "periods = 7");
    let d = errors(ds.path());
    assert!(!d.iter().any(|x| x.code == "E0304"), "{}", listing(&d));
    assert_eq!(
        d.iter().filter(|x| x.code == "N0001").count(),
        1,
        "{}",
        listing(&d)
    );
}

#[test]
fn every_diagnostic_carries_a_line() {
    // E0002 for non-UTF-8 text: line and column, not a byte offset.
    let ds = copy_dataset("tiny");
    std::fs::write(
        ds.path().join("themes.csv"),
        b"theme,name\nnip,ok\npcb,caf\xe9\n",
    )
    .unwrap();
    let d = errors(ds.path());
    let e = d.iter().find(|x| x.code == "E0002").unwrap();
    assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("8")), "{e}");
    // E0011 and E0012 in a workbook name the sheet and the row.
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("b.xlsx");
    let o = taplan_bin()
        .args(["convert", s(&root().join("datasets/tiny")), s(&book)])
        .output()
        .unwrap();
    assert!(o.status.success());
    let raw = {
        let mut diags = Vec::new();
        let mut raw = taplan::input::read_source(&book, &mut diags);
        raw.plan.as_mut().unwrap().unit = Some(-1.0);
        raw
    };
    let mut diags = Vec::new();
    assert!(validate::validate(&raw, &mut diags).is_none());
    let e = diags.iter().find(|x| x.code == "E0012").unwrap();
    assert!(e.file.ends_with("b.xlsx[plan]") && e.line.is_some(), "{e}");
    // W0201 and W0202 name the row.
    let ds = copy_dataset("tiny");
    set_line(
        ds.path(),
        "offers.csv",
        0,
        "lonely,gef,2026-2027,5,pcb,cee,,,",
    );
    let w = validate::load(ds.path()).unwrap().warnings;
    let e = w
        .iter()
        .find(|x| x.code == "W0202" && x.message.contains("lonely"))
        .unwrap();
    assert_eq!(
        (e.line, e.column.as_deref()),
        (Some(6), Some("offer")),
        "{e}"
    );
    assert!(e.file.ends_with("offers.csv"));
    // Scenario and policy TOML errors: line and column.
    let e = scenario_err("[[scenario]]\nname = \"s\"\n  bogus = 1\n");
    assert!(e.line.is_some() && e.column.is_some(), "{e}");
    let e = match taplan::policy::parse_policy("p.toml", "p", "kind = \"fair\"\n tolerance = -1\n")
    {
        Err(Error::Invalid(d)) => d[0].clone(),
        _ => panic!("accepted"),
    };
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("2")), "{e}");
}

#[test]
fn errors_name_a_column_too() {
    let at = |d: &Diagnostic| (d.code, d.line, d.column.clone().unwrap_or_default());
    let col = |code, line, column: &str| (code, Some(line), column.to_string());
    // A scenario edit naming an unknown id: the edit's table.
    let base = validate::load(&root().join("datasets/tiny"))
        .unwrap()
        .dataset;
    let text = "[[scenario]]\nname = \"x\"\n  [[scenario.edit]]\n  kind = \"scale_offers\"\n  partner = \"nobody\"\n  factor = 0.8\n";
    let sc = taplan::scenario::file::parse_scenarios("s.toml", text).unwrap();
    let e = taplan::scenario::edit::apply(&base, &sc[0]).unwrap_err();
    assert_eq!(at(&e), col("E0506", 3, "3"), "{e}");
    // A CSV row with a cell more than its header: the first cell beyond it.
    let ds = copy_dataset("tiny");
    let needs = "party,theme,period,amount,priority\nAAA,nip,2026-2027,100,,extra\n";
    std::fs::write(ds.path().join("needs.csv"), needs).unwrap();
    let d = errors(ds.path());
    assert_eq!(at(&d[0]), col("E0002", 2, "column 6"), "{}", listing(&d));
    // An empty CSV file: where the header should start.
    std::fs::write(ds.path().join("needs.csv"), "").unwrap();
    let d = errors(ds.path());
    assert_eq!(at(&d[0]), col("E0002", 1, "1"), "{}", listing(&d));
    // plan.toml: the key at fault.
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "plan.toml", 4, "unit = -1");
    let d = errors(ds.path());
    assert_eq!(at(&d[0]), col("E0012", 4, "unit"), "{}", listing(&d));
    set_line(ds.path(), "plan.toml", 4, "unit = 1000");
    set_line(
        ds.path(),
        "plan.toml",
        5,
        "periods = [\"2026-2027\", \"2026-2027\"]",
    );
    let d = errors(ds.path());
    let e = d.iter().find(|x| x.code == "E0011").unwrap();
    assert_eq!(at(e), col("E0011", 5, "periods"), "{}", listing(&d));
}

#[test]
fn silently_accepted_inputs_are_now_refused() {
    // A header with the same column twice.
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "themes.csv", 1, "theme,name,name");
    set_line(ds.path(), "themes.csv", 2, "nip,A,B");
    set_line(ds.path(), "themes.csv", 3, "pcb,A,B");
    assert!(errors(ds.path()).iter().any(|x| x.code == "E0006"));
    // An empty period name.
    let ds = copy_dataset("tiny");
    set_line(
        ds.path(),
        "plan.toml",
        5,
        "periods = [\"2026-2027\", \"2028-2029\", \"\"]",
    );
    assert!(
        errors(ds.path())
            .iter()
            .any(|x| x.code == "E0011" && x.line == Some(5))
    );
    // alpha = 5 in regional_balance.
    let r = taplan::policy::parse_policy("p.toml", "p", "kind = \"regional_balance\"\nalpha = 5\n");
    assert!(
        matches!(r, Err(Error::Invalid(ref d)) if d[0].code == "E0602" && d[0].line == Some(2))
    );
    // --time-limit nan.
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["nan", "inf", "0", "-1"] {
        let o = taplan_bin()
            .args([
                "plan",
                s(&root().join("datasets/tiny")),
                "--out",
                s(&tmp.path().join("p")),
                "--time-limit",
                bad,
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
    assert!(!tmp.path().join("p").exists());
}

#[test]
fn ids_with_pipes_newlines_or_script_tags_do_not_break_report_tables() {
    let tmp = common::one_period(
        &["A|B"],
        &["t<script>x</script>", "plain"],
        "party,theme,period,amount\nA|B,t<script>x</script>,P1,10\nA|B,plain,P1,10\n",
        "offer,partner,period,amount,themes,regions\n\"o\nne\",g,P1,5,plain,*\n",
    );
    let out = plan_folder(tmp.path());
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!md.contains("<script>"), "{md}");
    // Every row of a table has as many cells as its header.
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(
            cells,
            *header.get_or_insert(cells),
            "row breaks its table: {line}"
        );
    }
}

// ---- 6. verify must not be talked round -----------------------------------------------------

fn fresh_plan(policy: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let mut args = vec![
        "plan".to_string(),
        root().join("datasets/tiny").display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    if let Some(p) = policy {
        args.extend([
            "--policy".into(),
            root().join("models").join(p).display().to_string(),
        ]);
    }
    assert!(taplan_bin().args(&args).output().unwrap().status.success());
    (tmp, out)
}

fn verify_fails(out: &Path, what: &str) -> String {
    let o = taplan_bin()
        .args(["verify", s(&root().join("datasets/tiny")), s(out)])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(4),
        "{what}: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn verify_refuses_a_deleted_row_with_the_objective_edited_and_an_unknown_policy() {
    let (_tmp, out) = fresh_plan(Some("proportional.toml"));
    let alloc = std::fs::read_to_string(out.join("allocation.csv")).unwrap();
    let mut lines: Vec<&str> = alloc.lines().collect();
    let gone = lines.remove(1).to_string();
    std::fs::write(out.join("allocation.csv"), lines.join("\n") + "\n").unwrap();
    let ds = validate::load(&root().join("datasets/tiny"))
        .unwrap()
        .dataset;
    let cells: Vec<&str> = gone.split(',').collect();
    let o = ds.offers.iter().find(|o| o.code == cells[0]).unwrap();
    let n = ds
        .needs
        .iter()
        .find(|n| {
            ds.party(n.party).code == cells[2]
                && ds.theme(n.theme).code == cells[3]
                && ds.period_name(n.period) == cells[4]
        })
        .unwrap();
    let w = ds.party(n.party).weight * ds.theme(n.theme).weight * n.priority * o.effectiveness;
    let mut summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    summary["objective"] =
        (summary["objective"].as_f64().unwrap() - w * cells[5].parse::<f64>().unwrap()).into();
    summary["policy"] = "zzz".into();
    summary["policy_kind"] = "zzz".into();
    std::fs::write(out.join("summary.json"), summary.to_string()).unwrap();
    let err = verify_fails(&out, "edited plan");
    assert!(err.contains("unknown policy kind"), "{err}");
    assert!(
        err.contains("plan tables"),
        "the plan's own tables no longer match: {err}"
    );
    // A missing policy kind is a failure too.
    summary.as_object_mut().unwrap().remove("policy_kind");
    std::fs::write(out.join("summary.json"), summary.to_string()).unwrap();
    assert!(verify_fails(&out, "no policy").contains("policy_kind"));
}

#[test]
fn verify_checks_the_partner_column_against_the_offer() {
    let (_tmp, out) = fresh_plan(None);
    let alloc = std::fs::read_to_string(out.join("allocation.csv")).unwrap();
    let edited = alloc.replacen(",gef,", ",norway,", 1);
    assert_ne!(edited, alloc);
    std::fs::write(out.join("allocation.csv"), edited).unwrap();
    assert!(verify_fails(&out, "partner").contains("is not the partner of offer"));
}

#[test]
fn verify_checks_needs_parties_and_offers_tables_against_the_allocation() {
    for (file, column) in [("needs.csv", 7), ("parties.csv", 7), ("offers.csv", 5)] {
        let (_tmp, out) = fresh_plan(None);
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
        cells[column] = format!("{}", cells[column].parse::<f64>().unwrap() + 1.0);
        lines[1] = cells.join(",");
        std::fs::write(out.join(file), lines.join("\n") + "\n").unwrap();
        let err = verify_fails(&out, file);
        assert!(err.contains(file), "{file}: {err}");
    }
}

#[test]
fn a_scenarios_file_that_copies_edits_beyond_the_limit_is_refused() {
    // One 10,000-step sweep and 200 other edits would copy 2,000,000 edits.
    let mut text = String::from(
        "[[scenario]]\nname = \"s\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nsweep = [0.0001, 0.9999, 0.0001]\n",
    );
    for _ in 0..200 {
        text.push_str("[[scenario.edit]]\nkind = \"remove_offers\"\npartner = \"gef\"\n");
    }
    let e = scenario_err(&text);
    assert_eq!(e.code, "E0509", "{e}");
    // Many scenarios without edits count too.
    let many: String = (0..10_001)
        .map(|i| format!("[[scenario]]\nname = \"s{i}\"\n"))
        .collect();
    assert_eq!(scenario_err(&many).code, "E0509");
}

#[test]
fn a_malformed_row_after_crlf_lines_names_its_physical_line() {
    let ds = copy_dataset("tiny");
    let text = "party,theme,period,amount,priority\r\nAAA,nip,2026-2027,100,\r\n\r\nBBB,nip,2026-2027,80,,extra\r\n";
    std::fs::write(ds.path().join("needs.csv"), text).unwrap();
    let d = errors(ds.path());
    let e = d.iter().find(|x| x.code == "E0002").unwrap();
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn verify_refuses_money_moved_between_biennia_outside_a_four_year_plan() {
    let (_tmp, out) = fresh_plan(Some("proportional.toml"));
    let gef1 = "gef1";
    std::fs::write(
        out.join("carry_over.csv"),
        format!("from_offer,to_offer,partner,amount\n{gef1},gef2,gef,10\n"),
    )
    .unwrap();
    std::fs::write(
        out.join("deferred.csv"),
        "offer,partner,party,theme,period,amount\n",
    )
    .unwrap();
    assert!(verify_fails(&out, "carry-over").contains("only a four_year plan"));
}

#[test]
fn verify_refuses_a_shadow_price_on_a_cap_that_does_not_exist() {
    let (_tmp, out) = fresh_plan(None);
    let caps = out.join("sensitivity/party_caps.csv");
    let mut text = std::fs::read_to_string(&caps).unwrap();
    text.push_str("nor1,AAA,0,0,100,0,inf\n");
    std::fs::write(&caps, text).unwrap();
    assert!(verify_fails(&out, "uncapped").contains("has no max_per_party"));
}

#[test]
fn a_missing_reference_table_does_not_cascade_into_unknown_id_errors() {
    let ds = copy_dataset("tiny");
    std::fs::remove_file(ds.path().join("themes.csv")).unwrap();
    let d = errors(ds.path());
    assert!(!d.iter().any(|x| x.code == "E0302"), "{}", listing(&d));
    assert_eq!(
        d.iter().filter(|x| x.code == "N0002").count(),
        1,
        "{}",
        listing(&d)
    );
    assert!(d.iter().any(|x| x.code == "E0001"));
}
