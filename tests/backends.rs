//! Same model, two back ends: HiGHS (simplex) and Clarabel (interior point) agree on the
//! optimal objective to 1e-6 relative on generated datasets of varied shape.

mod common;
use taplan::generate::GenSpec;
use taplan::plan;
use taplan::solver::{Backend, SolveOptions, SolveStatus, clarabel::Clarabel, highs::Highs};

/// 20 shapes: few/many parties, themes, partners and periods.
fn shapes() -> Vec<GenSpec> {
    let mut out = Vec::new();
    let dims = [
        (3, 2, 2, 1),
        (8, 3, 4, 2),
        (12, 5, 3, 1),
        (20, 8, 10, 2),
        (5, 10, 6, 3),
        (30, 4, 8, 2),
        (15, 6, 12, 1),
        (25, 3, 5, 3),
        (10, 12, 4, 2),
        (40, 5, 6, 1),
    ];
    for (i, &(p, t, k, y)) in dims.iter().enumerate() {
        for seed in [11, 12] {
            out.push(GenSpec {
                parties: p,
                themes: t,
                partners: k,
                periods: y,
                seed: seed * 100 + i as u64,
            });
        }
    }
    out
}

#[test]
fn highs_and_clarabel_agree_on_20_generated_datasets() {
    for spec in shapes() {
        let tmp = common::generated(spec);
        let ds = taplan::validate::load(&tmp.path().join("ds"))
            .unwrap()
            .dataset;
        let h = plan::solve(&ds, &[], &Highs, &SolveOptions::default()).unwrap();
        let c = plan::solve(&ds, &[], &Clarabel, &SolveOptions::default()).unwrap();
        assert_eq!(h.plan.status, SolveStatus::Optimal, "{spec:?}");
        assert_eq!(c.plan.status, SolveStatus::Optimal, "{spec:?}");
        let (a, b) = (h.plan.solver_objective, c.plan.solver_objective);
        let rel = (a - b).abs() / a.abs().max(1.0);
        assert!(
            rel <= 1e-6,
            "{spec:?}: highs {a} vs clarabel {b} (rel {rel:e})"
        );
        assert!(
            a > 0.0,
            "{spec:?}: a generated dataset should allocate something"
        );
    }
}

#[test]
fn block_split_and_flat_highs_agree_and_block_solutions_verify() {
    use taplan::solver::blocks::{Blocks, split};
    for spec in shapes().into_iter().step_by(3) {
        let tmp = common::generated(spec);
        let ds = taplan::validate::load(&tmp.path().join("ds"))
            .unwrap()
            .dataset;
        let opts = SolveOptions {
            ranging: true,
            ..SolveOptions::default()
        };
        let flat = plan::solve(&ds, &[], &Highs, &opts).unwrap();
        assert!(
            split(&flat.lp).len() >= spec.periods,
            "{spec:?}: periods must split"
        );
        let backends: [&dyn Backend; 2] = [&Blocks(Highs), &taplan::solver::structured()];
        for backend in backends {
            let blocks = plan::solve(&ds, &[], backend, &opts).unwrap();
            let (a, b) = (flat.plan.solver_objective, blocks.plan.solver_objective);
            assert!(
                (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                "{spec:?}: flat {a} vs blocks {b}"
            );
            // The merged duals are a valid certificate for the full LP: b'y equals the objective.
            let y = blocks.solution.row_dual.as_ref().unwrap();
            let bound: f64 = blocks.lp.row_upper.iter().zip(y).map(|(u, y)| u * y).sum();
            assert!(
                (bound - b).abs() <= 1e-6 * b.abs().max(1.0),
                "{spec:?}: dual bound {bound} vs {b}"
            );
        }
    }
}

/// Column generation from an empty working set or from the greedy crash basis reaches the flat optimum, and its duals price
/// every column: no reduced cost above the pricing tolerance, dual bound = objective.
#[test]
fn sifting_from_an_empty_set_or_the_greedy_crash_matches_the_flat_optimum_with_a_full_certificate()
{
    use taplan::solver::sifting::{Sifting, sift};
    for spec in shapes().into_iter().step_by(2) {
        let tmp = common::generated(spec);
        let ds = taplan::validate::load(&tmp.path().join("ds"))
            .unwrap()
            .dataset;
        let (lp, _) = taplan::model::build(&ds, &[]);
        let flat = Highs.solve(&lp, &SolveOptions::default()).unwrap();
        let opts = SolveOptions {
            ranging: true,
            ..SolveOptions::default()
        };
        let from_empty = sift(&lp, &opts, vec![false; lp.num_cols()], false).unwrap();
        // The default path: the greedy crash basis and its working set.
        let from_crash = Sifting.solve(&lp, &opts).unwrap();
        for s in [from_empty, from_crash] {
            assert_certified(&spec, &lp, &s, flat.objective);
        }
    }
}

/// `s` is optimal for `lp` with objective `best`, and its duals certify it: no column prices out
/// above the pricing tolerance and the dual bound equals the objective.
fn assert_certified(
    spec: &GenSpec,
    lp: &taplan::model::LinearProgram,
    s: &taplan::solver::LpSolution,
    best: f64,
) {
    use taplan::solver::sifting::PRICING_TOLERANCE;
    assert_eq!(s.status, SolveStatus::Optimal, "{spec:?}");
    assert!(
        (s.objective - best).abs() <= 1e-9 * best.abs().max(1.0),
        "{spec:?}: sift {} vs flat {best}",
        s.objective
    );
    assert!(
        (lp.objective(&s.x) - s.objective).abs() <= 1e-6 * s.objective.abs().max(1.0),
        "{spec:?}: x gives the objective"
    );
    let y = s.row_dual.as_ref().unwrap();
    for j in 0..lp.num_cols() {
        let d = lp.col_cost[j] - lp.column(j).map(|(i, a)| a * y[i]).sum::<f64>();
        assert!(
            d <= PRICING_TOLERANCE * 10.0,
            "{spec:?}: column {j} prices out at {d}"
        );
    }
    let bound: f64 = lp.row_upper.iter().zip(y).map(|(u, y)| u * y).sum();
    assert!(
        (bound - s.objective).abs() <= 1e-6 * s.objective.abs().max(1.0),
        "{spec:?}: dual bound {bound} vs {}",
        s.objective
    );
    assert!(s.ranging.is_some(), "{spec:?}: ranging on request");
}
