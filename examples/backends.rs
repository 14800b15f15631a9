//! Side-by-side single runs of the coverage solve with several back ends on one dataset:
//! `cargo run --release --example backends -- DATASET [BACKEND...]` (docs/performance.md).
use clap::ValueEnum;
use taplan::solver::{SolveOptions, Solver};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: backends DATASET [BACKEND...]");
    let mut names: Vec<String> = args.collect();
    if names.is_empty() {
        names = ["highs", "highs-whole", "highs-flat"]
            .map(String::from)
            .to_vec();
    }
    let ds = taplan::validate::load(std::path::Path::new(&path))
        .expect("a valid dataset")
        .dataset;
    for name in &names {
        let b = Solver::from_str(name, true).expect("a back end").backend();
        let t = std::time::Instant::now();
        let s = taplan::plan::solve(&ds, &[], b, &SolveOptions::default()).expect("a solve");
        println!(
            "{name:14} {:8.3} s  objective {:.6}  iterations {}",
            t.elapsed().as_secs_f64(),
            s.plan.objective,
            s.solution.iterations
        );
    }
}
