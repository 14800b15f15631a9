//! report.md reads right: the region x theme matrix adds up, "what drives the outcome" names
//! the input that keeps a theme low (and changes when that input changes), and no solver
//! jargon or raw objective reaches the page.

mod common;
use std::collections::HashMap;
use std::path::Path;

fn plan(dataset: &Path, out: &Path) -> String {
    let o = common::taplan_bin()
        .args([
            "plan",
            dataset.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out.join("report.md")).unwrap()
}

/// The lines of the level-2 section `heading` of `md`.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(&format!("## {heading}")).expect(heading);
    let rest = &md[start..];
    &rest[..rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3)]
}

const BAT_BEP: &str = "BAT/BEP and unintentional POPs (dioxins and furans)";

#[test]
fn the_region_by_theme_matrix_is_funded_over_need() {
    let brs = common::root().join("datasets/brs-2026-2029");
    let tmp = tempfile::tempdir().unwrap();
    let md = plan(&brs, &tmp.path().join("p"));
    // Recompute every cell from needs.csv and the dataset's Parties.
    let mut region_of = HashMap::new();
    for rec in csv::Reader::from_path(brs.join("parties.csv"))
        .unwrap()
        .records()
    {
        let rec = rec.unwrap();
        region_of.insert(rec[0].to_string(), rec[2].to_string());
    }
    let mut theme_name = HashMap::new();
    for rec in csv::Reader::from_path(brs.join("themes.csv"))
        .unwrap()
        .records()
    {
        let rec = rec.unwrap();
        theme_name.insert(rec[0].to_string(), rec[1].to_string());
    }
    let mut cells: HashMap<(String, String), (f64, f64)> = HashMap::new();
    let mut needs = csv::Reader::from_path(tmp.path().join("p/needs.csv")).unwrap();
    for rec in needs.records() {
        let rec = rec.unwrap();
        let key = (theme_name[&rec[1]].clone(), region_of[&rec[0]].clone());
        let c = cells.entry(key).or_default();
        c.0 += rec[7].parse::<f64>().unwrap();
        c.1 += rec[3].parse::<f64>().unwrap();
    }
    let table = section(&md, "Coverage of each theme in each region");
    let regions = ["africa", "asia_pacific", "cee", "grulac"];
    assert!(table.contains(
        "| Theme | Africa | Asia-Pacific | Central and Eastern Europe | Latin America and the Caribbean | All regions |"
    ));
    let mut checked = 0;
    for line in table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Theme"))
    {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        for (i, region) in regions.iter().enumerate() {
            let (funded, need) = cells[&(cols[1].to_string(), region.to_string())];
            let shown: f64 = cols[2 + i].trim_end_matches('%').parse().unwrap();
            assert!(
                (shown - 100.0 * funded / need).abs() <= 0.05 + 1e-9,
                "{line}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * 4);
}

#[test]
fn what_drives_the_outcome_names_the_weights_and_follows_them() {
    let tmp = tempfile::tempdir().unwrap();
    let md = plan(
        &common::root().join("datasets/brs-2026-2029"),
        &tmp.path().join("p"),
    );
    let drivers = section(&md, "What drives the outcome");
    let bat = drivers
        .lines()
        .find(|l| l.contains(BAT_BEP))
        .expect("BAT/BEP named");
    assert!(
        bat.contains("Weights:") && bat.contains("weigh 1.00") && bat.contains("weight 1.20"),
        "{bat}"
    );
    // With every theme weighed the same, weights no longer explain BAT/BEP.
    let ds = common::copy_dataset("brs-2026-2029");
    common::rewrite(&ds.path().join("themes.csv"), |rows| {
        for r in rows.iter_mut() {
            r[2] = "1".into();
        }
    });
    let md = plan(ds.path(), &tmp.path().join("q"));
    let drivers = section(&md, "What drives the outcome");
    assert!(
        drivers
            .lines()
            .all(|l| !(l.contains(BAT_BEP) && l.contains("Weights:"))),
        "{drivers}"
    );
}

#[test]
fn the_report_speaks_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let md = plan(&common::root().join("datasets/brs-2026-2029"), &out);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let objective = summary["objective"].as_f64().unwrap();
    for text in [&md, &html] {
        for jargon in [
            "basic variable",
            " basis",
            "vertex",
            "simplex",
            "egenerate",
            "Objective",
            "objective value",
        ] {
            assert!(!text.contains(jargon), "{jargon}");
        }
        // The raw objective, in any of the ways it could be printed.
        for raw in [
            format!("{objective:.2}"),
            format!("{objective:.6}"),
            report_money(objective),
        ] {
            assert!(!text.contains(&raw), "raw objective {raw}");
        }
    }
    assert!(
        md.contains("*weighted funding*"),
        "weighted funding is defined"
    );
}

fn report_money(x: f64) -> String {
    taplan::report::money(x)
}

/// The bundled BRS dataset follows the corrected reference list: every Party's UN short name
/// and LDC/SIDS flags are the reference's (so no "Niger (the)", and Sao Tome and Principe is no
/// longer an LDC).
#[test]
fn brs_parties_follow_the_reference_countries() {
    let root = common::root();
    let mut reference = HashMap::new();
    let mut r = csv::Reader::from_path(root.join("datasets/reference/countries.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        reference.insert(
            rec[0].to_string(),
            (rec[2].to_string(), rec[6].to_string(), rec[8].to_string()),
        );
    }
    let mut r = csv::Reader::from_path(root.join("datasets/brs-2026-2029/parties.csv")).unwrap();
    let mut names = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let (name, ldc, sids) = &reference[&rec[0]];
        assert_eq!(
            (&rec[1], &rec[3], &rec[4]),
            (name.as_str(), ldc.as_str(), sids.as_str()),
            "{}",
            &rec[0]
        );
        names.push(rec[1].to_string());
    }
    assert!(names.iter().any(|n| n == "Côte d'Ivoire") && names.iter().any(|n| n == "Niger"));
    assert!(names.iter().all(|n| !n.ends_with("(the)")));
    assert_eq!(reference["STP"].1, "false");
}

/// One definition of weighted coverage, stated once and used: the report's figure is
/// sum(weight x funded) / sum(weight x amount) over needs.csv.
#[test]
fn the_weighted_coverage_figure_follows_its_definition() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let md = plan(&common::root().join("datasets/brs-2026-2029"), &out);
    let (mut funded, mut need) = (0.0, 0.0);
    let mut r = csv::Reader::from_path(out.join("needs.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        let w: f64 = rec[5].parse().unwrap();
        funded += w * rec[7].parse::<f64>().unwrap();
        need += w * rec[3].parse::<f64>().unwrap();
    }
    let want = format!("- Weighted coverage: {:.1}%.", 100.0 * funded / need);
    assert!(md.contains(&want), "{want}");
    assert_eq!(md.matches("Weighted coverage:").count(), 1, "defined once");
}

/// "Where an extra 100,000 does most good" says which input drives its ranking: each shadow
/// price splits into the offer's effectiveness and the worth before it, and the table is in
/// order of gain.
#[test]
fn the_extra_money_ranking_names_its_driver() {
    let tmp = tempfile::tempdir().unwrap();
    let md = plan(
        &common::root().join("datasets/brs-2026-2029"),
        &tmp.path().join("p"),
    );
    let section = &md[md.find("### Where an extra 100,000").unwrap()..];
    let section = &section[..section.find("\n### ").unwrap()];
    assert!(
        section.contains("What drives the ranking") && section.contains("effectiveness (an input")
    );
    let rows: Vec<Vec<f64>> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Offer"))
        .map(|l| {
            l.split('|')
                .skip(4)
                .take(4)
                .map(|c| c.trim().replace(',', "").parse().unwrap())
                .collect()
        })
        .collect();
    assert!(rows.len() >= 3);
    for w in rows.windows(2) {
        assert!(w[0][0] >= w[1][0], "ranked by gain");
    }
    for r in &rows {
        // shadow price = effectiveness x worth, to the printed precision.
        assert!((r[1] - r[2] * r[3]).abs() < 2e-3, "{r:?}");
    }
}
