//! Side-by-side single run of the `fair` policy, structured vs flat, on one dataset:
//! `cargo run --release --example fair_flat -- DATASET` (docs/performance.md).
use taplan::policy::{Fair, Policy};

fn main() {
    let path = std::env::args().nth(1).expect("usage: fair_flat DATASET");
    let ds = taplan::validate::load(std::path::Path::new(&path))
        .expect("a valid dataset")
        .dataset;
    let fair = Fair {
        name: "fair".into(),
        tolerance: 1e-6,
    };
    let t = std::time::Instant::now();
    let s = fair
        .allocate(&ds, &taplan::solver::SolveContext::default())
        .expect("structured fair");
    let structured = t.elapsed().as_secs_f64();
    if std::env::var("NOFLAT").is_ok() {
        println!(
            "fair structured {structured:.2} s (objective {:.6}, stage-2 simplex iterations {})",
            s.plan.objective, s.plan.iterations
        );
        return;
    }
    let t = std::time::Instant::now();
    let f = fair.allocate_flat(&ds).expect("flat fair");
    let flat = t.elapsed().as_secs_f64();
    println!(
        "fair structured {structured:.2} s (objective {:.6}); flat {flat:.2} s (objective {:.6}); ratio {:.1}x",
        s.plan.objective,
        f.plan.objective,
        flat / structured
    );
}
