//! Numbers in plan folders are rounded to a documented precision (12 significant digits), and
//! `verify` tolerates exactly that rounding, and no more than its stated tolerances.

mod common;
use common::rewrite;
use std::path::{Path, PathBuf};
use taplan::report::{ROUNDING, SIGNIFICANT_DIGITS, rounded};
use taplan::validate::{Loaded, load};
use taplan::verify::verify;

fn brs_plan() -> (Loaded, tempfile::TempDir) {
    let loaded = load(&common::root().join("datasets/brs-2026-2029")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cx = taplan::solver::SolveContext::new(taplan::solver::Solver::Highs, None);
    let settings = taplan::commands::FolderSettings {
        xlsx: true,
        ..Default::default()
    };
    taplan::commands::plan_to_dir(&cx, &loaded, &tmp.path().join("plan"), settings).unwrap();
    (loaded, tmp)
}

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![];
    for sub in [dir.to_path_buf(), dir.join("sensitivity")] {
        for e in std::fs::read_dir(sub).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "csv") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Multiply every finite non-zero number of every CSV file by `factor`.
fn scale_every_number(dir: &Path, factor: f64) {
    for f in csv_files(dir) {
        rewrite(&f, |rows| {
            for cell in rows.iter_mut().flatten() {
                if let Ok(x) = cell.parse::<f64>()
                    && x.is_finite()
                    && x != 0.0
                {
                    *cell = format!("{}", x * factor);
                }
            }
        });
    }
}

#[test]
fn rounding_keeps_twelve_significant_digits_and_drops_noise() {
    assert_eq!(SIGNIFICANT_DIGITS, 12);
    assert_eq!(rounded(12.699999999999818), 12.7);
    assert_eq!(taplan::report::num(12.699999999999818), "12.7");
    assert_eq!(taplan::report::num(-0.0), "0");
    assert_eq!(rounded(3409.2355473424877), 3409.23554734);
    for x in [1e-7, 0.3, 1.0 / 3.0, 123456.789012345, 9.99999999999951e8] {
        assert!((rounded(x) - x).abs() <= ROUNDING * x.abs(), "{x}");
    }
}

#[test]
fn every_number_in_a_plan_folder_is_rounded() {
    let (_loaded, tmp) = brs_plan();
    let mut numbers = 0;
    for f in csv_files(&tmp.path().join("plan")) {
        let mut rdr = csv::Reader::from_path(&f).unwrap();
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                if let Ok(x) = cell.parse::<f64>() {
                    numbers += 1;
                    assert_eq!(
                        rounded(x),
                        x,
                        "{}: {cell} has more than 12 digits",
                        f.display()
                    );
                }
            }
        }
    }
    assert!(numbers > 10_000, "only {numbers} numbers read");
}

/// `a - b` for two numbers as written (plain decimals, as taplan writes them), exactly: both
/// as integers at the finer of their scales, subtracted, then read back as a float.
fn decimal_difference(a: &str, b: &str) -> f64 {
    let scale = |t: &str| t.split_once('.').map_or(0, |(_, f)| f.len());
    let digits = scale(a).max(scale(b));
    let integer = |t: &str| {
        let padded = format!("{}{}", t.replace('.', ""), "0".repeat(digits - scale(t)));
        padded.parse::<i128>().unwrap()
    };
    format!("{}e-{digits}", integer(a) - integer(b))
        .parse()
        .unwrap()
}

/// A difference column reads as the difference of the figures written beside it (so a need
/// funded to float noise of its amount shows 0 unmet, not 2.66e-11, and one written 0.0000000001
/// short of it shows 0.0000000001, not 0.000000000100001784631): unmet in needs.csv and
/// parties.csv, unused in offers.csv. A share reads as their quotient (coverage 1 for a need
/// whose funding is written as its amount, not 0.999999999999; the same for an offer's
/// utilisation).
#[test]
fn difference_columns_are_differences_of_the_written_figures() {
    use taplan::report::{difference, num, ratio};
    assert_eq!(difference(2290.0, 2290.0000000000823), 0.0);
    assert_eq!(difference(10.5, 3.25), 7.25);
    assert_eq!(num(difference(90.0, 89.9999999999)), "0.0000000001");
    assert_eq!(num(difference(123456.789012, 0.000001)), "123456.789011");
    assert_eq!(ratio(134.99999999999997, 135.0), 1.0);
    assert_eq!(ratio(1.0, 0.0), 0.0);
    let (_loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    let (mut checked, mut shares) = (0, 0);
    for (file, total, part, diff, share) in [
        ("needs.csv", "amount", "funded", "unmet", Some("coverage")),
        ("parties.csv", "need", "funded", "unmet", Some("coverage")),
        (
            "offers.csv",
            "capacity",
            "used",
            "unused",
            Some("utilisation"),
        ),
    ] {
        let mut rdr = csv::Reader::from_path(dir.join(file)).unwrap();
        let head = rdr.headers().unwrap().clone();
        let col = |name: &str| head.iter().position(|h| h == name).expect(name);
        let (a, b, d) = (col(total), col(part), col(diff));
        for rec in rdr.records() {
            let rec = rec.unwrap();
            let x = |k: usize| rec[k].parse::<f64>().unwrap();
            let exact = decimal_difference(&rec[a], &rec[b]).max(0.0);
            assert_eq!(x(d), rounded(exact), "{file}: {rec:?}");
            checked += 1;
            if let Some(share) = share.map(col) {
                let expected = if x(a) == 0.0 { 0.0 } else { x(b) / x(a) };
                assert_eq!(x(share), rounded(expected), "{file}: {rec:?}");
                shares += 1;
            }
        }
    }
    assert!(checked > 1_000 && shares > 1_000);
}

#[test]
fn every_number_in_plan_xlsx_is_rounded() {
    use calamine::{Data, Reader};
    let (_loaded, tmp) = brs_plan();
    let mut wb = calamine::open_workbook_auto(tmp.path().join("plan/plan.xlsx")).unwrap();
    let mut numbers = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for x in range.used_cells().filter_map(|(_, _, c)| match c {
            Data::Float(x) => Some(*x),
            _ => None,
        }) {
            numbers += 1;
            assert_eq!(rounded(x), x, "sheet {name}: {x} has more than 12 digits");
        }
    }
    assert!(numbers > 10_000, "only {numbers} numbers read");
}

#[test]
fn verify_tolerates_the_rounding_in_either_direction() {
    let (loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    assert!(verify(&loaded.dataset, &dir, true).ok());
    // The worst the rounding can do: every figure moved by ROUNDING of its size, all one way.
    for factor in [1.0 + ROUNDING, 1.0 / (1.0 + ROUNDING)] {
        let copy = tempfile::tempdir().unwrap();
        copy_plan(&dir, copy.path());
        scale_every_number(copy.path(), factor);
        let v = verify(&loaded.dataset, copy.path(), true);
        assert!(v.ok(), "factor {factor}: {:?}", v.failures());
    }
}

#[test]
fn verify_rejects_a_change_beyond_its_objective_tolerance() {
    let (loaded, tmp) = brs_plan();
    let dir = tmp.path().join("plan");
    // 400 times the rounding (2e-9 of every figure) exceeds the objective tolerance (1e-9).
    scale_every_number(&dir, 1.0 + 400.0 * ROUNDING);
    let v = verify(&loaded.dataset, &dir, true);
    assert!(
        v.failures().iter().any(|f| f.contains("objective")),
        "{:?}",
        v.failures()
    );
}

fn copy_plan(from: &Path, to: &Path) {
    for sub in ["", "sensitivity"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for e in std::fs::read_dir(from.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, to.join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
}
