//! Base models loaded ahead of need (`taplan serve`): a warm re-solve starts from the base LP
//! loaded into HiGHS at the base basis, and loading it is a few milliseconds of every request
//! (BRS: ~3.5 ms; M: ~13 ms). [`Spares`] keeps such models ready, each loaded exactly as
//! [`ResolveModel::new`] loads one at the start of a re-solve, so a request that finds one
//! solves the same model from the same basis and gets the same plan; the next is loaded on a
//! background thread while the request's canonical stage runs on one core.

use crate::Result;
use crate::model::LinearProgram;
use crate::solver::Basis;
use crate::solver::resolve::ResolveModel;
use std::sync::{Arc, Mutex};

/// Fresh models of one base LP at its basis, up to `most` of them ready or loading.
pub struct Spares {
    lp: LinearProgram,
    basis: Basis,
    time_limit: Option<f64>,
    most: usize,
    /// The models ready, and how many are being loaded.
    state: Mutex<(Vec<ResolveModel>, usize)>,
}

impl Spares {
    /// Spares of `lp` at `basis` (none loaded yet); at most `most` are kept.
    pub fn new(lp: &LinearProgram, basis: &Basis, time_limit: Option<f64>, most: usize) -> Self {
        Spares {
            lp: lp.clone(),
            basis: basis.clone(),
            time_limit,
            most,
            state: Mutex::new((Vec::new(), 0)),
        }
    }

    /// Whether these are spares of `lp` at `basis`.
    pub fn of(&self, lp: &LinearProgram, basis: Option<&Basis>) -> bool {
        basis == Some(&self.basis) && *lp == self.lp
    }

    /// A fresh model: one loaded ahead if one is ready, otherwise loaded now.
    pub fn take(&self) -> Result<ResolveModel> {
        let ready = self.state.lock().ok().and_then(|mut s| s.0.pop());
        match ready {
            Some(model) => Ok(model),
            None => self.load(),
        }
    }

    /// Load another model on a background thread, unless `most` are ready or loading already.
    pub fn refill(self: &Arc<Self>) {
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        if s.0.len() + s.1 >= self.most {
            return;
        }
        s.1 += 1;
        drop(s);
        let me = Arc::clone(self);
        crate::parallel::detached(move || {
            let model = me.load();
            if let Ok(mut s) = me.state.lock() {
                s.1 -= 1;
                // A model that failed to load is simply not kept: `take` loads its own.
                s.0.extend(model.ok());
            }
        });
    }

    fn load(&self) -> Result<ResolveModel> {
        ResolveModel::new(&self.lp, Some(&self.basis), self.time_limit)
    }
}

#[cfg(test)]
mod tests {
    use super::Spares;
    use crate::scenario::edit::apply;
    use crate::scenario::file::parse_scenarios;
    use crate::scenario::run::{SolvePath, solve_base, solve_scenario, solve_scenario_with};
    use crate::solver::{SolveContext, Want};
    use crate::testkit;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    /// A re-solve from a model loaded ahead gives bit for bit the plan, objective and duals of
    /// one that loads its own; the spare taken is replaced in the background; spares of another
    /// LP are not used.
    #[test]
    fn a_model_loaded_ahead_gives_the_same_plan() {
        let (_tmp, ds) = testkit::generated(testkit::shapes()[1]);
        let cx = SolveContext::default();
        let base = solve_base(&cx, &ds, Some(1)).unwrap();
        let basis = base.solution.basis.as_ref().unwrap();
        let spares = Arc::new(Spares::new(&base.lp, basis, cx.time_limit, 1));
        spares.refill();
        wait_ready(&spares);
        let text = "[[scenario]]\nname = \"less\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nfactor = 0.7\n";
        let scenario = &parse_scenarios("s.toml", text).unwrap()[0];
        let edited = apply(&ds, scenario).unwrap();
        let (own, path) = solve_scenario(&cx, &edited, &base, Want::Duals).unwrap();
        assert_eq!(path, SolvePath::Warm);
        let (ahead, _) =
            solve_scenario_with(&cx, &edited, &base, Want::Duals, Some(&spares)).unwrap();
        assert_eq!(
            ready(&spares) + loading(&spares),
            1,
            "the spare taken is replaced"
        );
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&own.solution.x), bits(&ahead.solution.x));
        assert_eq!(own.plan.objective.to_bits(), ahead.plan.objective.to_bits());
        assert_eq!(own.solution.row_dual, ahead.solution.row_dual);
        assert_eq!(own.plan.allocations, ahead.plan.allocations);
        wait_ready(&spares);
        let mut other = base.lp.clone();
        other.col_cost[0] += 1.0;
        assert!(spares.of(&base.lp, Some(basis)));
        assert!(!spares.of(&other, Some(basis)));
    }

    fn loading(spares: &Spares) -> usize {
        spares.state.lock().unwrap().1
    }

    fn ready(spares: &Spares) -> usize {
        spares.state.lock().unwrap().0.len()
    }

    /// Wait (up to a minute) for a spare to be ready: the test's precondition, not a timing.
    fn wait_ready(spares: &Spares) {
        let t0 = Instant::now();
        while ready(spares) == 0 {
            assert!(t0.elapsed() < Duration::from_secs(60), "no spare loaded");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
