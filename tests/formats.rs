//! Planners' formats: workbooks in and out, the MPS export, and the HTML report in a real
//! headless browser.

mod common;
use common::{copy_dataset, set_line, taplan_bin};
use std::io::Read;
use std::path::{Path, PathBuf};
use taplan::validate::load;

fn run(args: &[&str]) -> std::process::Output {
    taplan_bin().args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn csv_folder_to_workbook_and_back_is_lossless() {
    let generated = common::generated(taplan::generate::GenSpec {
        parties: 12,
        themes: 5,
        partners: 6,
        periods: 2,
        seed: 4,
    });
    let sources = [
        common::root().join("datasets/tiny"),
        common::root().join("datasets/brs-2026-2029"),
        generated.path().join("ds"),
    ];
    for src in sources {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("book.xlsx");
        let back = tmp.path().join("back");
        assert!(run(&["convert", s(&src), s(&book)]).status.success());
        assert!(run(&["convert", s(&book), s(&back)]).status.success());
        let (a, b, c) = (
            load(&src).unwrap().dataset,
            load(&book).unwrap().dataset,
            load(&back).unwrap().dataset,
        );
        assert_eq!(a, b, "{}: workbook differs", src.display());
        assert_eq!(a, c, "{}: round trip differs", src.display());
        for f in [
            "parties.csv",
            "themes.csv",
            "partners.csv",
            "needs.csv",
            "offers.csv",
        ] {
            assert_eq!(
                std::fs::read_to_string(src.join(f)).unwrap(),
                std::fs::read_to_string(back.join(f)).unwrap(),
                "{f} of {}",
                src.display()
            );
        }
    }
}

#[test]
fn workbook_errors_name_sheet_row_and_column() {
    let ds = copy_dataset("tiny");
    set_line(ds.path(), "needs.csv", 3, "BBB,nip,2026-2027,lots,");
    set_line(
        ds.path(),
        "offers.csv",
        4,
        "gef2,nobody,2028-2029,120,*,africa;grulac,,,",
    );
    let book = ds.path().join("bad.xlsx");
    assert!(run(&["convert", s(ds.path()), s(&book)]).status.success());
    let o = run(&["validate", s(&book)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.xlsx[needs]:3:amount: error E0201"),
        "{err}"
    );
    assert!(
        err.contains("bad.xlsx[offers]:4:partner: error E0303"),
        "{err}"
    );
    let plan = ds.path().join("out");
    assert_eq!(
        run(&["plan", s(&book), "--out", s(&plan)]).status.code(),
        Some(2)
    );
    assert!(!plan.exists());
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn template_has_every_sheet_headers_dropdowns_and_instructions() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("plan.xlsx");
    assert!(run(&["template", "--out", s(&book)]).status.success());
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "plan",
            "parties",
            "themes",
            "partners",
            "needs",
            "offers",
            "instructions"
        ]
    );
    let needs = wb.worksheet_range("needs").unwrap();
    let header: Vec<String> = needs
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        vec!["party", "theme", "period", "amount", "priority"]
    );
    // Sheet 5 is needs: its party, theme and period columns have list validations against the other sheets.
    let xml = zip_entry(&book, "xl/worksheets/sheet5.xml");
    for src in [
        "parties!$A$2:$A$5000",
        "themes!$A$2:$A$5000",
        "plan!$D$2:$D$100",
    ] {
        assert!(
            xml.contains(src),
            "needs sheet lacks a drop-down from {src}"
        );
    }
    // A blank template is not a valid dataset yet: validation says what is missing.
    assert_eq!(run(&["validate", s(&book)]).status.code(), Some(2));
}

#[test]
fn plan_xlsx_has_the_plan_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    assert!(
        run(&[
            "plan",
            s(&common::root().join("datasets/tiny")),
            "--out",
            s(&out),
            "--xlsx",
            "--ranges"
        ])
        .status
        .success()
    );
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(out.join("plan.xlsx")).unwrap();
    let names = wb.sheet_names();
    for sheet in [
        "summary",
        "allocation",
        "parties",
        "offers",
        "unmet needs",
        "sensitivity offers",
        "budget curve",
        "programme",
        "ranges",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "missing sheet {sheet}: {names:?}"
        );
    }
    let alloc = wb.worksheet_range("allocation").unwrap();
    assert_eq!(alloc.rows().count(), 6, "header + 5 allocations");
    let amount = alloc.get_value((1, 5)).unwrap();
    assert_eq!(amount, &calamine::Data::Float(40.0));
    let xml = zip_entry(&out.join("plan.xlsx"), "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains("<pane") && xml.contains("autoFilter"),
        "frozen header and filter on the allocation sheet"
    );
}

/// programme.csv: the allocation summed by biennium, partner, region and theme, every row
/// naming the Parties it counts, with a channel from the partner kind.
#[test]
fn programme_csv_sums_the_allocation_by_partner_region_and_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let brs = common::root().join("datasets/brs-2026-2029");
    assert!(
        run(&["plan", s(&brs), "--out", s(&out), "--no-budget-curve"])
            .status
            .success()
    );
    let read = |f: &str| {
        let mut r = csv::Reader::from_path(out.join(f)).unwrap();
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect();
        (head, rows)
    };
    let (head, rows) = read("programme.csv");
    assert_eq!(
        head,
        [
            "period",
            "partner",
            "partner_name",
            "channel",
            "region",
            "theme",
            "theme_name",
            "amount",
            "parties",
            "party_names"
        ]
    );
    let total: f64 = rows.iter().map(|r| r[7].parse::<f64>().unwrap()).sum();
    let (_, alloc) = read("allocation.csv");
    let allocated: f64 = alloc.iter().map(|r| r[5].parse::<f64>().unwrap()).sum();
    assert!(
        (total - allocated).abs() <= 1e-9 * allocated,
        "{total} vs {allocated}"
    );
    let mut keys = std::collections::BTreeSet::new();
    let mut channels = std::collections::BTreeSet::new();
    for r in &rows {
        assert!(
            keys.insert((r[0].clone(), r[1].clone(), r[4].clone(), r[5].clone())),
            "{r:?}"
        );
        assert_eq!(
            r[8].parse::<usize>().unwrap(),
            r[9].split("; ").count(),
            "{r:?}"
        );
        channels.insert(r[3].clone());
    }
    let expected: std::collections::BTreeSet<String> = [
        "partner",
        "regional centre",
        "Secretariat / regional focal point",
    ]
    .map(String::from)
    .into();
    assert_eq!(channels, expected, "BRS funds through every channel");
}

/// report.md and report.html carry the LDC/SIDS section, and its funded figures are the sums of
/// parties.csv over the flagged Parties.
#[test]
fn the_report_has_an_ldc_and_sids_section_that_adds_up() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let brs = common::root().join("datasets/brs-2026-2029");
    assert!(
        run(&["plan", s(&brs), "--out", s(&out), "--no-budget-curve"])
            .status
            .success()
    );
    let mut r = csv::Reader::from_path(out.join("parties.csv")).unwrap();
    let (mut ldc, mut sids, mut all) = (0.0, 0.0, 0.0);
    for rec in r.records() {
        let rec = rec.unwrap();
        let funded: f64 = rec[7].parse().unwrap();
        all += funded;
        if &rec[3] == "true" {
            ldc += funded;
        }
        if &rec[4] == "true" {
            sids += funded;
        }
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## LDCs and SIDS") && md.contains("Article 12(5)"));
    let row = |name: &str| -> Vec<String> {
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap();
        line.split('|').map(|c| c.trim().replace(',', "")).collect()
    };
    for (name, want) in [("LDCs", ldc), ("SIDS", sids), ("All Parties", all)] {
        let funded: f64 = row(name)[5].parse().unwrap();
        assert!(
            (funded - want).abs() <= 0.05 + 1e-9 * want,
            "{name}: {funded} vs {want}"
        );
        let share: f64 = row(name)[7].trim_end_matches('%').parse().unwrap();
        assert!(
            (share - 100.0 * want / all).abs() <= 0.05 + 1e-9,
            "{name} share {share}"
        );
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2>LDCs and SIDS</h2>"));
    // Themes by their names, not their ids; the Party ranking by names with LDC/SIDS marks.
    let mut themes = csv::Reader::from_path(brs.join("themes.csv")).unwrap();
    for rec in themes.records() {
        let rec = rec.unwrap();
        let (id, name) = (&rec[0], &rec[1]);
        assert!(
            md.contains(&format!("| {} |", name.replace('|', "\\|"))),
            "{name} not in report.md"
        );
        assert!(
            !md.contains(&format!("| {id} |")),
            "theme id {id} in report.md"
        );
        assert!(
            html.contains(&html_escape(name)),
            "{name} not in report.html"
        );
    }
    assert!(html.contains("Afghanistan (LDC)") && html.contains("Fiji (SIDS)"));
    // Regions by the display names of plan.toml, never by their ids.
    for (id, name) in [
        ("africa", "Africa"),
        ("asia_pacific", "Asia-Pacific"),
        ("cee", "Central and Eastern Europe"),
        ("grulac", "Latin America and the Caribbean"),
    ] {
        assert!(
            html.contains(&format!("Party coverage in {name}")),
            "{name} ranking"
        );
        assert!(md.contains(&format!("| {name} |")), "{name} in report.md");
        for text in [&md, &html] {
            assert!(
                !text.contains(&format!("| {id} |")) && !text.contains(&format!(">{id}<")),
                "region id {id} shown"
            );
        }
    }
    assert!(!md.contains("asia_pacific") && !html.contains("asia_pacific"));
    // The per-partner summary adds up to the totals of summary.json.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let start = md.find("## Partners").unwrap();
    let section = &md[start..start + md[start..].find("\n\n## ").unwrap()];
    let rows: Vec<Vec<f64>> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Partner"))
        .map(|l| {
            l.split('|')
                .skip(3)
                .take(3)
                .map(|c| c.trim().replace(',', "").parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 29, "one row per BRS partner");
    for (col, key) in [(0, "total_capacity"), (1, "total_allocated")] {
        let sum: f64 = rows.iter().map(|r| r[col]).sum();
        let want = summary[key].as_f64().unwrap();
        assert!(
            (sum - want).abs() <= 0.05 * rows.len() as f64,
            "{key}: {sum} vs {want}"
        );
    }
    // The page carries every section and subsection of report.md.
    for line in md
        .lines()
        .filter(|l| l.starts_with("## ") || l.starts_with("### "))
    {
        let title = line.trim_start_matches('#').trim();
        assert!(
            html.contains(&html_escape(title)),
            "report.html lacks {title:?}"
        );
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn exported_mps_solves_to_the_same_objective() {
    for (ds, ext) in [("tiny", "mps"), ("brs-2026-2029", "mps"), ("tiny", "lp")] {
        let tmp = tempfile::tempdir().unwrap();
        let model = tmp.path().join(format!("model.{ext}"));
        let out = tmp.path().join("p");
        assert!(
            run(&[
                "plan",
                s(&common::root().join("datasets").join(ds)),
                "--out",
                s(&out),
                "--no-budget-curve",
                "--export-model",
                s(&model)
            ])
            .status
            .success()
        );
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        let sol = taplan::report::solve_model_file(&model).unwrap();
        let want = summary["solver_objective"].as_f64().unwrap();
        assert!(
            (sol.objective - want).abs() <= 1e-6 * want,
            "{ds}.{ext}: {} vs {want}",
            sol.objective
        );
    }
}

/// Debian's chromium, installed when missing (as root with apt-get), else the test fails.
fn chromium() -> PathBuf {
    let bin = PathBuf::from("/usr/bin/chromium");
    if !bin.exists() {
        let ok = std::process::Command::new("sh")
            .args([
                "-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1",
            ])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok && bin.exists(),
            "headless Chromium is needed (apt-get install chromium); make test installs it"
        );
    }
    bin
}

fn headless(args: &[&str], page: &Path, profile: &Path) -> std::process::Output {
    let url = format!("file://{}", page.display());
    std::process::Command::new(chromium())
        .args(common::HEADLESS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap()
}

/// report.html prints to clean A4 pages: Chromium's print to PDF gives A4 media boxes.
#[test]
fn html_report_prints_to_a4_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let brs = common::root().join("datasets/brs-2026-2029");
    assert!(
        run(&["plan", s(&brs), "--out", s(&out), "--no-budget-curve"])
            .status
            .success()
    );
    let pdf = tmp.path().join("report.pdf");
    let o = headless(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        &out.join("report.html"),
        &tmp.path().join("profile"),
    );
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text.split("/MediaBox").skip(1).collect();
    assert!(boxes.len() >= 2, "several pages");
    for b in boxes {
        let nums: Vec<f64> = b
            .trim_start()
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap()
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        // A4 is 595.28 x 841.89 points (Letter would be 612 x 792).
        assert!(
            (nums[2] - 595.3).abs() < 1.0 && (nums[3] - 841.9).abs() < 1.0,
            "{nums:?}"
        );
    }
}

/// Each chart of `titles` is in `dom` with something drawn in it, and there are no others.
fn assert_drawn(dom: &str, titles: &[String]) {
    let svgs: Vec<&str> = dom
        .split("<svg")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap()])
        .collect();
    assert_eq!(svgs.len(), titles.len(), "charts: {titles:?}");
    for title in titles {
        let svg = svgs
            .iter()
            .find(|s| s.contains(&format!("aria-label=\"{}\"", html_escape(title))))
            .unwrap_or_else(|| panic!("no chart {title}"));
        assert!(
            svg.contains("class=\"bar\"") || svg.contains("class=\"series\""),
            "{title}: nothing drawn"
        );
    }
}

#[test]
fn compare_html_draws_every_section_and_chart_in_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    let brs = common::root().join("datasets/brs-2026-2029");
    assert!(
        run(&["compare", s(&brs), "--out", s(&out)])
            .status
            .success()
    );
    let dom = headless(
        &["--dump-dom"],
        &out.join("compare.html"),
        &tmp.path().join("profile"),
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    for line in md.lines().filter(|l| l.starts_with("## ")) {
        let heading = html_escape(&line[3..]);
        assert!(dom.contains(&format!(">{heading}</h2>")), "{heading}");
    }
    let mut charts = vec![
        "Weighted coverage by policy".to_string(),
        "Weighted funding kept (share of the best) as a coverage floor rises".into(),
    ];
    for p in [
        "coverage",
        "fair",
        "four-year",
        "greedy",
        "ldc-sids",
        "proportional",
        "regional-balance",
        "star-like",
    ] {
        charts.push(format!("Lorenz curve: {p}"));
    }
    assert_drawn(&dom, &charts);
    assert_eq!(
        dom.matches("data-ready=\"1\"").count(),
        1,
        "the metrics table sorts"
    );
}

#[test]
fn html_report_renders_charts_and_sortable_tables_in_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    assert!(
        run(&[
            "plan",
            s(&common::root().join("datasets/brs-2026-2029")),
            "--out",
            s(&out)
        ])
        .status
        .success()
    );
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the report must not need the network"
    );
    let dom = headless(&["--dump-dom"], &page, &tmp.path().join("profile"));
    let dom = String::from_utf8_lossy(&dom.stdout);
    // Every section of report.md is a section of the rendered page (the region and theme
    // tables are drawn as charts under one heading).
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    for line in md
        .lines()
        .filter(|l| l.starts_with("## ") || l.starts_with("### "))
    {
        let heading = html_escape(line.trim_start_matches('#').trim());
        let charted = ["Coverage by region", "Coverage by theme"]
            .iter()
            .any(|h| heading == *h && dom.contains(&format!("aria-label=\"{h} (funded / need)\"")));
        assert!(
            charted
                || dom.contains(&format!(">{heading}</h2>"))
                || dom.contains(&format!(">{heading}</h3>")),
            "section {heading} missing from the rendered report"
        );
    }
    // Every chart is there, and drawn: bars or lines inside each.
    let charts = [
        "Coverage by region (funded / need)".to_string(),
        "Coverage by theme (funded / need)".into(),
        "Party coverage in Africa, highest first".into(),
        "Party coverage in Asia-Pacific, highest first".into(),
        "Party coverage in Central and Eastern Europe, highest first".into(),
        "Party coverage in Latin America and the Caribbean, highest first".into(),
        "Lorenz curve of Party coverage".into(),
        "Weighted funding of the best plan as available assistance is scaled (0-200%)".into(),
    ];
    assert_drawn(&dom, &charts);
    assert!(
        dom.matches("class=\"bar\"").count() >= 149 + 4 + 12,
        "a bar per Party, region and theme"
    );
    assert!(dom.contains("class=\"series\""), "line charts drawn");
    assert!(
        dom.matches("class=\"grid\"").count() >= 8,
        "ticks and gridlines on both axes"
    );
    assert!(
        dom.contains("class=\"marker\""),
        "the budget curve marks 100%"
    );
    assert_eq!(
        dom.matches("data-ready=\"1\"").count(),
        3,
        "every table (LDC/SIDS, Parties, offers) initialised by the sorting script"
    );
    let artefacts = common::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    let shot = artefacts.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let o = headless(
        &[
            "--window-size=1200,2400",
            &format!("--screenshot={}", shot.display()),
        ],
        &page,
        &tmp.path().join("profile2"),
    );
    assert!(
        shot.is_file() && std::fs::metadata(&shot).unwrap().len() > 10_000,
        "screenshot: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn whatif_and_compare_write_html_and_workbooks() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = common::root().join("datasets/tiny");
    let w = tmp.path().join("w");
    assert!(
        run(&[
            "whatif",
            s(&tiny),
            "--scenarios",
            s(&tiny.join("scenarios.toml")),
            "--out",
            s(&w),
            "--xlsx"
        ])
        .status
        .success()
    );
    assert!(w.join("comparison.html").is_file() && w.join("comparison.xlsx").is_file());
    // comparison.html: each scenario's changes beside its results, and its winners and losers.
    let page = std::fs::read_to_string(w.join("comparison.html")).unwrap();
    assert!(page.contains("<th>Changes</th>"));
    for name in ["gef-half", "cee-donor", "drop-norway", "bbb-weight"] {
        assert!(
            page.contains(&format!("<h2>{name}</h2>")),
            "{name} has no section"
        );
    }
    assert!(page.contains("Parties that gain and lose most") && page.contains("<th>Change %</th>"));
    // A scenario that sets a weight: its objective does not compare, in either file.
    let md = std::fs::read_to_string(w.join("comparison.md")).unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| bbb-weight |"))
        .unwrap();
    assert!(row.contains("n/a (weights changed)"), "{row}");
    assert!(page.contains("n/a (weights changed)"));
    let c = tmp.path().join("c");
    assert!(
        run(&["compare", s(&tiny), "--out", s(&c), "--xlsx"])
            .status
            .success()
    );
    let html = std::fs::read_to_string(c.join("compare.html")).unwrap();
    // compare.html carries compare.md's reading and the unused capacity per policy.
    let md = std::fs::read_to_string(c.join("compare.md")).unwrap();
    assert!(html.contains("<h2>Reading</h2>") && html.contains("<th>Unused capacity</th>"));
    assert!(md.contains("| Unused capacity |"));
    for line in md.lines().filter(|l| l.starts_with("- **")) {
        let policy = line[4..].split("**").next().unwrap();
        assert!(
            html.contains(&format!("<li><b>{policy}</b>")),
            "{policy}: no reading"
        );
    }
    // Lorenz curves as small multiples: one chart per policy, against equality.
    let multiples = &html[html.find("<div class=\"multiples\">").unwrap()..];
    let multiples = &multiples[..multiples.find("</div>").unwrap()];
    assert_eq!(multiples.matches("<figure").count(), 8);
    for policy in ["coverage", "fair", "star-like"] {
        assert!(multiples.contains(&format!("aria-label=\"Lorenz curve: {policy}\"")));
    }
    // The price-of-fairness frontier: one chart with both floors, and its breakpoints.
    assert!(html.contains("<h2>The price of fairness</h2>"));
    assert!(md.contains("## The price of fairness"));
    let frontier = std::fs::read_to_string(c.join("frontier.csv")).unwrap();
    assert!(frontier.starts_with("floor,coverage,objective,share_of_best,price\n"));
    assert!(frontier.contains("\nworst_party,0,") && frontier.contains("\nldc,0,"));
    assert!(c.join("compare.xlsx").is_file());
    // No temporary path (or any path of this machine) in either workbook.
    for book in [w.join("comparison.xlsx"), c.join("compare.xlsx")] {
        let strings = zip_entry(&book, "xl/sharedStrings.xml");
        let tmp_root = tmp.path().to_str().unwrap();
        assert!(
            !strings.contains(".tmp-") && !strings.contains(tmp_root),
            "{}: a temporary path",
            book.display()
        );
    }
}

/// The number format of cell `cell` on sheet `sheet` of an .xlsx file (its formatCode).
fn cell_format(book: &Path, sheet: &str, cell: &str) -> String {
    let wb = zip_entry(book, "xl/workbook.xml");
    let index = wb
        .split("<sheet name=\"")
        .skip(1)
        .position(|s| s.starts_with(&format!("{sheet}\"")))
        .unwrap()
        + 1;
    let xml = zip_entry(book, &format!("xl/worksheets/sheet{index}.xml"));
    let at = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    let style: usize = tag
        .split(" s=\"")
        .nth(1)
        .map_or(0, |s| s.split('"').next().unwrap().parse().unwrap());
    let styles = zip_entry(book, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id = xf
        .split("numFmtId=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| f.contains(&format!("numFmtId=\"{id}\"")))
        .and_then(|f| f.split("formatCode=\"").nth(1))
        .map_or(format!("builtin {id}"), |f| {
            f.split('"').next().unwrap().replace("&amp;", "&")
        })
}

/// plan.xlsx stores numbers as numbers with formats that fit them, gives the summary human
/// labels, and sizes columns to their content.
#[test]
fn plan_xlsx_numbers_formats_labels_and_widths() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let brs = common::root().join("datasets/brs-2026-2029");
    let o = run(&[
        "plan",
        s(&brs),
        "--out",
        s(&out),
        "--xlsx",
        "--no-budget-curve",
    ]);
    assert!(o.status.success());
    let book = out.join("plan.xlsx");
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(&book).unwrap();
    let summary = wb.worksheet_range("summary").unwrap();
    let value = |label: &str| {
        summary
            .rows()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("no {label}"))[1]
            .clone()
    };
    assert!(matches!(value("Total need"), Data::Float(x) if x > 0.0));
    assert!(
        matches!(value("Plan unit (currency units per amount)"), Data::Float(x) if x == 1000.0)
    );
    assert!(matches!(value("Weighted coverage"), Data::Float(x) if x > 0.0 && x < 1.0));
    for r in summary.rows().skip(1) {
        let label = r[0].to_string();
        assert!(
            !label.contains('.') && !label.contains('_'),
            "raw key {label}"
        );
    }
    // Column formats: shadow prices (column G of sensitivity offers) as prices, priorities
    // (E of needs) as factors, coverage (J of parties) as a share, counts (I of programme).
    assert_eq!(cell_format(&book, "sensitivity offers", "G2"), "0.000");
    assert_eq!(cell_format(&book, "needs", "E2"), "0.00");
    assert_eq!(cell_format(&book, "parties", "J2"), "0.0%");
    assert_eq!(cell_format(&book, "programme", "I2"), "#,##0");
    assert_eq!(cell_format(&book, "allocation", "F2"), "#,##0.0");
    // The Party name column is as wide as the longest name.
    let parties = wb.worksheet_range("parties").unwrap();
    let longest = parties
        .rows()
        .skip(1)
        .map(|r| r[1].to_string().chars().count())
        .max()
        .unwrap();
    let xml = zip_entry(&book, "xl/worksheets/sheet3.xml");
    let col = xml
        .split("<col ")
        .find(|c| c.starts_with("min=\"2\""))
        .unwrap();
    let width: f64 = col
        .split("width=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        width >= longest as f64,
        "name column {width} for names of {longest}"
    );
}

/// plan.xlsx's `sensitivity` sheet reads like Excel Solver's Sensitivity Report, with the
/// figures of sensitivity/edges.csv and sensitivity/offers.csv.
#[test]
fn plan_xlsx_has_a_solver_style_sensitivity_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let tiny = common::root().join("datasets/tiny");
    assert!(
        run(&[
            "plan",
            s(&tiny),
            "--out",
            s(&out),
            "--xlsx",
            "--no-budget-curve"
        ])
        .status
        .success()
    );
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(out.join("plan.xlsx")).unwrap();
    let sheet = wb.worksheet_range("sensitivity").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let text = |r: &[Data], c: usize| r.get(c).map(|d| d.to_string()).unwrap_or_default();
    let at = |title: &str| rows.iter().position(|r| text(r, 0) == title).unwrap();
    let (vars, cons) = (at("Variable Cells"), at("Constraints"));
    let vh: Vec<String> = (0..7).map(|c| text(&rows[vars + 1], c)).collect();
    assert_eq!(
        vh,
        [
            "Cell",
            "Name",
            "Final Value",
            "Reduced Cost",
            "Objective Coefficient",
            "Allowable Increase",
            "Allowable Decrease"
        ]
    );
    let ch: Vec<String> = (0..7).map(|c| text(&rows[cons + 1], c)).collect();
    assert_eq!(
        ch,
        [
            "Cell",
            "Name",
            "Final Value",
            "Shadow Price",
            "Constraint R.H. Side",
            "Allowable Increase",
            "Allowable Decrease"
        ]
    );
    let num = |r: &[Data], c: usize| match r[c] {
        Data::Float(x) => x,
        ref other => panic!("not a number: {other:?}"),
    };
    let mut edges = csv::Reader::from_path(out.join("sensitivity/edges.csv")).unwrap();
    let edges: Vec<csv::StringRecord> = edges.records().map(|r| r.unwrap()).collect();
    let var_rows = &rows[vars + 2..cons - 1];
    assert_eq!(var_rows.len(), edges.len(), "every pair fits");
    for (r, e) in var_rows.iter().zip(&edges) {
        assert_eq!(
            text(r, 0),
            format!("x({}, {}, {}, {})", &e[0], &e[1], &e[2], &e[3])
        );
        let value: f64 = e[5].parse().unwrap();
        let reduced: f64 = e[6].parse().unwrap();
        assert!((num(r, 4) - value).abs() < 1e-12 && (num(r, 3) - reduced).abs() < 1e-12);
        match e[9].parse::<f64>() {
            // A pair with money: its cost range as in edges.csv (no upper limit: 1E+30).
            Ok(high) => {
                let want = if high.is_finite() { high - value } else { 1e30 };
                assert!(
                    (num(r, 5) - want).abs() < 1e-9 * want.abs().max(1.0),
                    "{e:?}"
                );
            }
            // An unused pair enters only once its coefficient rises by its reduced cost.
            Err(_) => assert!(num(r, 5) >= -reduced - 1e-9, "{e:?}"),
        }
    }
    let mut offers = csv::Reader::from_path(out.join("sensitivity/offers.csv")).unwrap();
    let first = offers.records().next().unwrap().unwrap();
    let row = &rows[cons + 2];
    assert_eq!(text(row, 0), format!("offer({})", &first[0]));
    assert!(
        (num(row, 3) - first[6].parse::<f64>().unwrap()).abs() < 1e-12,
        "shadow price"
    );
    assert!(
        (num(row, 4) - first[3].parse::<f64>().unwrap()).abs() < 1e-12,
        "capacity"
    );
}
