fn main() {
    let path = std::env::args().nth(1).unwrap();
    let ds = taplan::validate::load(std::path::Path::new(&path)).unwrap().dataset;
    let opts = taplan::solver::SolveOptions { ranging: true, ..Default::default() };
    let t = std::time::Instant::now();
    let solved = taplan::plan::solve(&ds, &[], &taplan::solver::highs::Highs, &opts).unwrap();
    println!("solve {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let s = taplan::analysis::sensitivity::sensitivity(&ds, &solved).unwrap();
    println!("sens {:?} {} {}", t.elapsed(), s.primal_degenerate, s.dual_degenerate);
    let t = std::time::Instant::now();
    let c = taplan::analysis::budget_curve::scope_curve(&ds, &solved, None).unwrap();
    println!("curve {:?}", t.elapsed());
    for p in c.iter().step_by(5) { println!("{:?}", p); }
}
