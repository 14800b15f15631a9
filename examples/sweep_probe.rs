use taplan::solver::{structured, SolveOptions};
fn main() {
    let d = taplan::validate::load(std::path::Path::new(&std::env::args().nth(1).unwrap())).unwrap().dataset;
    let n = 20;
    let factors: Vec<String> = (0..n).map(|i| format!("{}", 0.5 + i as f64 / n as f64)).collect();
    let text = format!("[[scenario]]\nname = \"gef\"\n[[scenario.edit]]\nkind = \"scale_offers\"\npartner_kind = \"financial_mechanism\"\nfactors = [{}]\n", factors.join(", "));
    let s20 = taplan::scenario::file::parse_scenarios("bench.toml", &text).unwrap();
    for _ in 0..2 {
        let t = std::time::Instant::now();
        taplan::scenario::run_scenarios(&d, &s20, Some(2), &|| {}).unwrap();
        let warm = t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        taplan::parallel::par_map(Some(2), &s20, |sc| {
            let edited = taplan::scenario::edit::apply(&d, sc).unwrap();
            taplan::plan::solve(&edited, &[], &structured(), &SolveOptions { ranging: true, ..Default::default() }).unwrap().plan.objective
        }).unwrap();
        println!("warm {warm:.2} s, cold structured {:.2} s", t.elapsed().as_secs_f64());
    }
}
