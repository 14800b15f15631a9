//! `taplan goal`: the money it finds reaches the target in a fresh, independent solve, and 0.1%
//! less money (spent in any way) does not; unreachable targets say why; bad targets are bad
//! input.

mod common;
use common::taplan_bin;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, variable};
use std::collections::HashMap;
use std::path::Path;
use taplan::dataset::Dataset;

fn brs() -> std::path::PathBuf {
    common::root().join("datasets/brs-2026-2029")
}

fn goal(dataset: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = taplan_bin();
    cmd.args([
        "goal",
        dataset.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    cmd.args(extra);
    cmd.output().unwrap()
}

/// goal.csv: extra money by offer id.
fn extras(dir: &Path) -> HashMap<String, f64> {
    let mut r = csv::Reader::from_path(dir.join("goal.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[4].parse().unwrap())
        })
        .collect()
}

/// Party indices of the target group (`None`: every Party on its own).
type Members = Box<dyn Fn(&Dataset, usize) -> bool>;

/// The best coverage the group reaches (for every Party on its own: the lowest Party's), with
/// each offer's capacity raised by `fixed` and `budget` more to spread over the offers `grow`
/// marks. A flat LP through good_lp, independent of taplan's model.
fn best_coverage(
    ds: &Dataset,
    member: Option<&Members>,
    fixed: &HashMap<String, f64>,
    grow: &dyn Fn(usize) -> bool,
    budget: f64,
    keep: &HashMap<String, f64>,
) -> f64 {
    let mut vars = ProblemVariables::new();
    let pairs = ds.eligible_pairs();
    let x: Vec<_> = pairs
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let e: Vec<_> = (0..ds.offers.len())
        .map(|o| {
            vars.add(
                variable()
                    .min(0.0)
                    .max(if grow(o) { f64::INFINITY } else { 0.0 }),
            )
        })
        .collect();
    let t = vars.add(variable().min(0.0).max(1.0));
    let mut model = vars.maximise(t).using(good_lp::highs);
    let common::flat::Sums {
        by_need,
        by_offer,
        caps,
    } = common::flat::sums(ds, &pairs, &x);
    for (n, need) in ds.needs.iter().enumerate() {
        model = model.with(constraint!(by_need[n].clone() <= need.amount));
    }
    for (o, offer) in ds.offers.iter().enumerate() {
        let cap = offer.amount + fixed.get(&offer.code).copied().unwrap_or(0.0);
        model = model.with(constraint!(by_offer[o].clone() - e[o] <= cap));
    }
    for (o, sum) in caps {
        model = model.with(constraint!(sum <= ds.offers[o].max_per_party.unwrap()));
    }
    let total_e: Expression = e.iter().sum();
    model = model.with(constraint!(total_e <= budget));
    // Group floors: funded >= t x reachable need.
    let reach = ds.reachable_amounts();
    let groups: Vec<Vec<usize>> = match member {
        Some(m) => vec![(0..ds.needs.len()).filter(|&n| m(ds, n)).collect()],
        None => (0..ds.parties.len())
            .map(|p| {
                (0..ds.needs.len())
                    .filter(|&n| ds.needs[n].party.index() == p)
                    .collect()
            })
            .collect(),
    };
    for (p, party) in ds.parties.iter().enumerate() {
        if let Some(&k) = keep.get(&party.code) {
            let funded: Expression = (0..ds.needs.len())
                .filter(|&n| ds.needs[n].party.index() == p)
                .map(|n| by_need[n].clone())
                .sum();
            model = model.with(constraint!(funded >= k * (1.0 - 1e-9)));
        }
    }
    for g in groups {
        let need: f64 = g.iter().map(|&n| reach[n]).sum();
        if need > 0.0 {
            let funded: Expression = g.iter().map(|&n| by_need[n].clone()).sum();
            model = model.with(constraint!(funded - need * t >= 0.0));
        }
    }
    model.solve().unwrap().value(t)
}

#[test]
fn the_money_found_reaches_the_target_and_a_tenth_of_a_percent_less_does_not() {
    let ds = taplan::validate::load(&brs()).unwrap().dataset;
    let is_gef = |o: usize| ds.partner(ds.offers[o].partner).code == "gef";
    let ldc: Members = Box::new(|ds: &Dataset, n: usize| ds.party(ds.needs[n].party).ldc);
    let cases: [(&str, Option<Members>, f64, bool); 2] = [
        ("every-party=0.8", None, 0.8, false),
        ("ldc=0.8", Some(ldc), 0.8, true),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let keep_all = party_funding(&tmp.path().join("plan"));
    let none = HashMap::new();
    for (target, member, share, no_losers) in cases {
        let out = tmp.path().join(target);
        let mut args = vec!["--target", target, "--from", "gef"];
        let keep = if no_losers {
            args.push("--no-losers");
            &keep_all
        } else {
            &none
        };
        let o = goal(&brs(), &out, &args);
        assert!(
            o.status.success(),
            "{target}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let found = extras(&out);
        let total: f64 = found.values().sum();
        assert!(total > 1000.0, "{target}: needs money ({total})");
        for code in found.keys() {
            assert!(code.starts_with("gef_"), "{code} is not a GEF offer");
        }
        let reached = best_coverage(&ds, member.as_ref(), &found, &is_gef, 0.0, keep);
        assert!(
            reached >= share - 1e-7,
            "{target}: {reached} with the money found"
        );
        let less = best_coverage(&ds, member.as_ref(), &none, &is_gef, 0.999 * total, keep);
        assert!(less < share - 1e-7, "{target}: {less} with 0.1% less money");
        // The folder is a verified plan on the grown dataset it carries.
        let v = taplan_bin()
            .args([
                "verify",
                out.join("dataset").to_str().unwrap(),
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    }
}

/// Each Party's funding in the coverage plan (`taplan plan` into `dir`).
fn party_funding(dir: &Path) -> HashMap<String, f64> {
    let p = taplan_bin()
        .args([
            "plan",
            brs().to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
            "--no-budget-curve",
        ])
        .output()
        .unwrap();
    assert!(p.status.success());
    let mut r = csv::Reader::from_path(dir.join("parties.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[7].parse().unwrap())
        })
        .collect()
}

#[test]
fn without_losers_lifting_the_ldcs_costs_money_and_no_party_loses() {
    let tmp = tempfile::tempdir().unwrap();
    let free = tmp.path().join("free");
    assert!(
        goal(&brs(), &free, &["--target", "ldc=0.8", "--from", "gef"])
            .status
            .success()
    );
    assert!(
        extras(&free).is_empty(),
        "redistribution alone reaches 80% for the LDCs"
    );
    let out = tmp.path().join("g");
    let o = goal(
        &brs(),
        &out,
        &["--target", "ldc=0.8", "--from", "gef", "--no-losers"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(extras(&out).values().sum::<f64>() > 1000.0);
    // Every Party keeps at least its funding in the coverage plan.
    let plan = tmp.path().join("plan");
    let p = taplan_bin()
        .args([
            "plan",
            brs().to_str().unwrap(),
            "--out",
            plan.to_str().unwrap(),
            "--no-budget-curve",
        ])
        .output()
        .unwrap();
    assert!(p.status.success());
    let funded = |dir: &Path| -> HashMap<String, (f64, bool, f64)> {
        let mut r = csv::Reader::from_path(dir.join("parties.csv")).unwrap();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                let f: f64 = rec[7].parse().unwrap();
                let reach: f64 = rec[6].parse().unwrap();
                (rec[0].to_string(), (f, &rec[3] == "true", reach))
            })
            .collect()
    };
    let (before, after) = (funded(&plan), funded(&out));
    let (mut ldc_funded, mut ldc_reach) = (0.0, 0.0);
    for (party, (f, ldc, reach)) in &after {
        let b = before[party].0;
        assert!(*f >= b * (1.0 - 1e-6) - 1e-6, "{party}: {f} < {b}");
        if *ldc {
            ldc_funded += f;
            ldc_reach += reach;
        }
    }
    assert!(ldc_funded / ldc_reach >= 0.8 - 1e-7);
}

#[test]
fn an_unreachable_target_says_why_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    let o = goal(
        &brs(),
        &out,
        &[
            "--target",
            "every-party=1",
            "--from",
            "kind:regional_centre",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("reaches at most") && text.contains("eligib"),
        "{text}"
    );
    assert!(!out.exists());
}

#[test]
fn bad_targets_and_partners_are_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    for (args, code) in [
        (vec!["--target", "ldc"], "E1001"),
        (vec!["--target", "ldc=1.5"], "E1001"),
        (vec!["--target", "ldc=0"], "E1001"),
        (vec!["--target", "continent:x=0.5"], "E1001"),
        (vec!["--target", "region:mars=0.5"], "E1002"),
        (vec!["--target", "theme:nope=0.5"], "E1002"),
        (vec!["--target", "ldc=0.5", "--from", "GEF"], "E1002"),
        (vec!["--target", "ldc=0.5", "--from", "kind:donor"], "E1002"),
    ] {
        let o = goal(&brs(), &out, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(code) && err.lines().count() == 1,
            "{args:?}: {err}"
        );
        assert!(!out.exists());
    }
}

/// One answer: the extra money and its split across offers are the same on every back end.
#[test]
fn the_split_is_the_same_on_every_back_end() {
    let tmp = tempfile::tempdir().unwrap();
    let mut splits = Vec::new();
    for solver in ["highs", "highs-flat", "clarabel"] {
        let out = tmp.path().join(solver);
        let o = goal(
            &brs(),
            &out,
            &[
                "--target",
                "every-party=0.7",
                "--from",
                "gef",
                "--solver",
                solver,
            ],
        );
        assert!(
            o.status.success(),
            "{solver}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let mut e: Vec<(String, f64)> = extras(&out).into_iter().collect();
        e.sort_by(|a, b| a.0.cmp(&b.0));
        splits.push((solver, e));
    }
    let (_, first) = &splits[0];
    assert!(!first.is_empty());
    for (solver, split) in &splits[1..] {
        assert_eq!(split.len(), first.len(), "{solver}: {split:?} vs {first:?}");
        for ((a, x), (b, y)) in first.iter().zip(split) {
            assert!(
                a == b && (x - y).abs() <= 1e-6 * x.abs().max(1.0),
                "{solver}: {a} {x} vs {b} {y}"
            );
        }
    }
}
