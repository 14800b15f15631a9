//! Same model, two back ends: HiGHS (simplex) and Clarabel (interior point) agree on the
//! optimal objective to 1e-6 relative on generated datasets of varied shape.

mod common;
use taplan::generate::GenSpec;
use taplan::plan;
use taplan::solver::{Backend, SolveOptions, SolveStatus, Solver};

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
        let h = plan::solve(
            &ds,
            &[],
            Solver::HighsFlat.backend(),
            &SolveOptions::default(),
        )
        .unwrap();
        let c = plan::solve(
            &ds,
            &[],
            Solver::Clarabel.backend(),
            &SolveOptions::default(),
        )
        .unwrap();
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
    for spec in shapes().into_iter().step_by(3) {
        let tmp = common::generated(spec);
        let ds = taplan::validate::load(&tmp.path().join("ds"))
            .unwrap()
            .dataset;
        let opts = SolveOptions {
            ranging: true,
            ..SolveOptions::default()
        };
        let flat = plan::solve(&ds, &[], Solver::HighsFlat.backend(), &opts).unwrap();
        let backends: [&dyn Backend; 2] =
            [Solver::HighsWhole.backend(), taplan::solver::structured()];
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
