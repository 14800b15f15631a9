//! Criterion benches: load+validate, model build, solve (structured vs flat, side by side),
//! sensitivity, verify, a what-if sweep and a policy comparison. docs/performance.md records the
//! figures and how to rerun them: `cargo bench` (or `cargo bench -- <group>`).

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main,
};
use std::path::{Path, PathBuf};
use std::time::Duration;
use taplan::dataset::Dataset;
use taplan::generate::{GenSpec, write_generated};
use taplan::plan;
use taplan::solver::Solver;
use taplan::solver::{SolveOptions, structured};
use taplan::validate::load;

/// A generated dataset folder under target/bench-data (kept between runs).
fn generated(scale: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(scale);
    if !dir.join("offers.csv").exists() {
        write_generated(&GenSpec::preset(scale, 1).unwrap(), &dir).unwrap();
    }
    dir
}

fn brs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/brs-2026-2029")
}

fn ds(path: &Path) -> Dataset {
    load(path).unwrap().dataset
}

/// Ten samples of one iteration each: for runs of a second or more.
fn heavy(g: &mut BenchmarkGroup<WallTime>) {
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
}

fn load_validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_validate");
    for (name, path) in [("S", generated("S")), ("M", generated("M")), ("BRS", brs())] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &path, |b, p| {
            b.iter(|| load(p).unwrap())
        });
    }
    g.finish();
}

fn model_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("model_build");
    for (name, path) in [("S", generated("S")), ("M", generated("M")), ("BRS", brs())] {
        let d = ds(&path);
        g.bench_function(name, |b| b.iter(|| taplan::model::build(&d, &[])));
    }
    g.finish();
}

/// End to end without writing: load + validate + build + solve + extract. `structured` = the
/// default back end (block split, parallel, each block by column generation from the greedy
/// crash basis, highs-sys column form); `whole_blocks` = the same blocks, each solved whole from
/// the slack basis; `flat` = one LP through good_lp's HiGHS.
fn coverage_structured_vs_flat(c: &mut Criterion) {
    let mut g = c.benchmark_group("coverage_solve");
    heavy(&mut g);
    for (name, path) in [("S", generated("S")), ("BRS", brs()), ("M", generated("M"))] {
        let run = |backend: &dyn taplan::solver::Backend| {
            plan::solve(&ds(&path), &[], backend, &SolveOptions::default()).unwrap()
        };
        g.bench_function(BenchmarkId::new("structured", name), |b| {
            b.iter(|| run(structured()))
        });
        g.bench_function(BenchmarkId::new("whole_blocks", name), |b| {
            b.iter(|| run(Solver::HighsWhole.backend()))
        });
        g.bench_function(BenchmarkId::new("flat", name), |b| {
            b.iter(|| run(Solver::HighsGoodLp.backend()))
        });
    }
    g.finish();
}

/// Sensitivity's extra cost at M: the solve alone vs the solve with ranging, the tables and the
/// exact gains of the top offers (the budget curve is measured separately).
fn sensitivity(c: &mut Criterion) {
    let mut g = c.benchmark_group("sensitivity_M");
    heavy(&mut g);
    let d = ds(&generated("M"));
    g.bench_function("solve", |b| {
        b.iter(|| plan::solve(&d, &[], structured(), &SolveOptions::default()).unwrap())
    });
    g.bench_function("solve+sensitivity", |b| {
        b.iter(|| {
            let solved = solve_ranged(&d);
            let mut s = taplan::analysis::sensitivity::sensitivity(&d, &solved).unwrap();
            taplan::analysis::sensitivity::rank_extra_money(
                &taplan::solver::SolveContext::default(),
                &d,
                &solved,
                &mut s,
            )
            .unwrap();
            s
        })
    });
    let solved = solve_ranged(&d);
    g.bench_function("budget_curve_all_scope", |b| {
        b.iter(|| {
            taplan::analysis::budget_curve::scope_curve(
                &taplan::solver::SolveContext::default(),
                &d,
                &solved,
                None,
            )
            .unwrap()
        })
    });
    g.finish();
}

fn verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify");
    heavy(&mut g);
    for (name, path) in [("BRS", brs()), ("M", generated("M"))] {
        let d = ds(&path);
        let solved = plan::solve(
            &d,
            &[],
            structured(),
            &SolveOptions {
                ranging: true,
                ..Default::default()
            },
        )
        .unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/bench-data/plan")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        taplan::commands::coverage_folder(
            &taplan::solver::SolveContext::default(),
            &dir,
            &d,
            &[],
            &solved,
            Default::default(),
        )
        .unwrap();
        g.bench_function(name, |b| {
            b.iter(|| assert!(taplan::verify::verify(&d, &dir, true).ok()))
        });
    }
    g.finish();
}

/// A sweep of the financial mechanism's envelope: `n` scenarios from 0.5 to 1.49.
fn sweep(n: usize) -> Vec<taplan::scenario::Scenario> {
    let factors: Vec<String> = (0..n)
        .map(|i| format!("{}", 0.5 + i as f64 / n as f64))
        .collect();
    let text = format!(
        "[[scenario]]\nname = \"gef\"\n[[scenario.edit]]\nkind = \"scale_offers\"\npartner_kind = \"financial_mechanism\"\nfactors = [{}]\n",
        factors.join(", ")
    );
    taplan::scenario::file::parse_scenarios("bench.toml", &text).unwrap()
}

/// What-if at M: 100 warm-started scenarios on 2 threads, and on 20 scenarios the speed-ups
/// from warm starts (vs cold solves) and from parallelism (2 threads vs 1).
fn whatif(c: &mut Criterion) {
    let mut g = c.benchmark_group("whatif_M");
    heavy(&mut g);
    let d = ds(&generated("M"));
    let tick = || {};
    let s100 = sweep(100);
    g.bench_function("sweep100_warm_jobs2", |b| {
        b.iter(|| {
            taplan::scenario::run_scenarios(
                &taplan::solver::SolveContext::default(),
                &d,
                &s100,
                Some(2),
                &tick,
            )
            .unwrap()
        })
    });
    let s20 = sweep(20);
    g.bench_function("sweep20_warm_jobs2", |b| {
        b.iter(|| {
            taplan::scenario::run_scenarios(
                &taplan::solver::SolveContext::default(),
                &d,
                &s20,
                Some(2),
                &tick,
            )
            .unwrap()
        })
    });
    g.bench_function("sweep20_warm_jobs1", |b| {
        b.iter(|| {
            taplan::scenario::run_scenarios(
                &taplan::solver::SolveContext::default(),
                &d,
                &s20,
                Some(1),
                &tick,
            )
            .unwrap()
        })
    });
    g.bench_function("sweep20_cold_jobs2", |b| {
        b.iter(|| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            pool.install(|| {
                use rayon::prelude::*;
                s20.par_iter()
                    .map(|sc| {
                        let edited = taplan::scenario::edit::apply(&d, sc).unwrap();
                        plan::solve(
                            &edited,
                            &[],
                            structured(),
                            &SolveOptions {
                                ranging: true,
                                ..Default::default()
                            },
                        )
                        .unwrap()
                        .plan
                        .objective
                    })
                    .collect::<Vec<f64>>()
            })
        })
    });
    g.finish();
}

/// Every bundled policy on the same data (as `taplan compare` without writing).
fn policies(c: &mut Criterion) {
    let mut g = c.benchmark_group("policy_comparison");
    heavy(&mut g);
    let list = taplan::policy::builtin_policies().unwrap();
    for (name, path) in [("S", generated("S")), ("BRS", brs())] {
        let d = ds(&path);
        g.bench_function(name, |b| {
            b.iter(|| {
                taplan::policy::run::run_policies(
                    &taplan::solver::SolveContext::default(),
                    &d,
                    &list,
                    Some(2),
                )
                .unwrap()
            })
        });
    }
    let d = ds(&generated("S"));
    let fair = taplan::policy::Fair {
        name: "fair".into(),
        tolerance: 1e-6,
    };
    use taplan::policy::Policy;
    g.bench_function(BenchmarkId::new("fair_structured", "S"), |b| {
        b.iter(|| {
            fair.allocate(&d, &taplan::solver::SolveContext::default())
                .unwrap()
        })
    });
    g.bench_function(BenchmarkId::new("fair_flat", "S"), |b| {
        b.iter(|| fair.allocate_flat(&d).unwrap())
    });
    g.finish();
}

/// What a planner runs: the `taplan` binary itself, load, solve, analysis, every file written
/// and verified, on the M preset (seed 1). `plan` with its default budget curve; `whatif` with
/// the financial mechanism's envelope from 0.50 to 1.49 in steps of 0.01 (100 scenarios).
fn end_to_end(c: &mut Criterion) {
    let bin = env!("CARGO_BIN_EXE_taplan");
    let m = generated("M");
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/e2e");
    // The bench's own scratch folder: start empty, so that folders an older taplan wrote there
    // (with an older marker) never stop the run.
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(bin).args(args).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let dense = out.join("M-dense");
    run(&[
        "generate",
        "--scale",
        "M-dense",
        "--seed",
        "1",
        "--out",
        dense.to_str().unwrap(),
    ]);
    let mut g = c.benchmark_group("plan_end_to_end");
    heavy(&mut g);
    let plan_out = out.join("plan-M");
    for (name, data) in [("M", &m), ("M-dense", &dense)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                run(&[
                    "plan",
                    data.to_str().unwrap(),
                    "--out",
                    plan_out.to_str().unwrap(),
                ])
            })
        });
    }
    // The yardstick, in the same run: the flat LP (every pair a column) loaded into HiGHS and
    // solved, nothing else.
    let flat = ds(&dense);
    g.bench_function("flat_solve_M-dense", |b| {
        b.iter(|| {
            plan::solve(
                &flat,
                &[],
                Solver::HighsFlat.backend(),
                &SolveOptions::default(),
            )
            .unwrap()
        })
    });
    g.finish();
    let scenarios = out.join("sweep100.toml");
    let text = "[[scenario]]\nname = \"gef\"\n[[scenario.edit]]\nkind = \"scale_offers\"\npartner_kind = \"financial_mechanism\"\nsweep = [0.5, 1.49, 0.01]\n";
    std::fs::write(&scenarios, text).unwrap();
    let mut g = c.benchmark_group("whatif_end_to_end");
    heavy(&mut g);
    let whatif_out = out.join("whatif-M");
    let args = [
        "whatif",
        m.to_str().unwrap(),
        "--scenarios",
        scenarios.to_str().unwrap(),
        "--out",
        whatif_out.to_str().unwrap(),
    ];
    g.bench_function("M_sweep100", |b| b.iter(|| run(&args)));
    g.finish();
}

/// The canonical stage's cost at M, side by side with the first-stage solve it follows: the
/// coverage solve alone, solve + canonical stage, and solve + canonical stage + ranges.
fn canonical(c: &mut Criterion) {
    let mut g = c.benchmark_group("canonical_M");
    heavy(&mut g);
    let d = ds(&generated("M"));
    let plain = taplan::solver::SolveContext::default();
    let ranged = taplan::solver::SolveContext {
        ranges: true,
        ..plain
    };
    g.bench_function("solve", |b| {
        b.iter(|| plan::solve(&d, &[], plain.backend(), &plain.options(false)).unwrap())
    });
    g.bench_function("solve+canonical", |b| {
        b.iter(|| plan::solve_canonical(&d, &plain, false).unwrap())
    });
    g.bench_function("solve+canonical+ranges", |b| {
        b.iter(|| plan::solve_canonical(&d, &ranged, false).unwrap())
    });
    g.finish();
}

/// The canonical stage of each LP policy other than coverage at M, side by side with the
/// policy's own first stage (its whole `allocate`, the coverage solve it starts from included,
/// without and with the canonical stage).
fn canonical_policies(c: &mut Criterion) {
    let mut g = c.benchmark_group("canonical_policies_M");
    heavy(&mut g);
    let d = ds(&generated("M"));
    let with = taplan::solver::SolveContext::default();
    let without = taplan::solver::SolveContext {
        first_stage_only: true,
        ..with
    };
    let wanted = ["fair", "regional-balance", "ldc-sids", "four-year"];
    for policy in taplan::policy::builtin_policies().unwrap() {
        if !wanted.contains(&policy.name()) {
            continue;
        }
        for (stage, cx) in [("first_stage", &without), ("with_canonical", &with)] {
            g.bench_function(BenchmarkId::new(policy.name(), stage), |b| {
                b.iter(|| policy.allocate(&d, cx).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    canonical,
    canonical_policies,
    end_to_end,
    load_validate,
    model_build,
    coverage_structured_vs_flat,
    sensitivity,
    verify,
    whatif,
    policies
);
criterion_main!(benches);

/// The default solve with duals and ranging, as `taplan plan` runs it.
fn solve_ranged(d: &taplan::dataset::Dataset) -> taplan::plan::Solved {
    plan::solve(
        d,
        &[],
        structured(),
        &SolveOptions {
            ranging: true,
            ..Default::default()
        },
    )
    .unwrap()
}
