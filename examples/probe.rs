use taplan::solver::SolveOptions;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let ds = taplan::validate::load(std::path::Path::new(&path)).unwrap().dataset;
    let (lp, _) = taplan::model::build(&ds, &[]);
    println!("cols {} rows {} nnz {} blocks {}", lp.num_cols(), lp.num_rows(), lp.num_nonzeros(), taplan::solver::blocks::split(&lp).len());
    for name in ["highs", "highs-flat"] {
        let b = taplan::solver::backend(name).unwrap();
        let t = std::time::Instant::now();
        let s = b.solve(&lp, &SolveOptions { ranging: true, ..Default::default() }).unwrap();
        println!("{name}: {:?} obj {} it {} {:?}", s.status, s.objective, s.iterations, t.elapsed());
    }
}
