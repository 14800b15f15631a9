//! Solving scenarios: identical scenarios reuse the base plan, bound and cost edits re-solve
//! the base model warm from its basis, structural edits (offers or needs added or removed)
//! solve cold. Scenarios run in parallel; results come back in file order.

use super::edit::apply;
use super::file::Scenario;
use super::spares::Spares;
use crate::Result;
use crate::dataset::Dataset;
use crate::model::{self, LinearProgram};
use crate::plan::{self, Solved};
use crate::solver::SolveContext;
use crate::solver::Want;
use crate::solver::resolve::ResolveModel;
use std::sync::Arc;

/// How a scenario was solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolvePath {
    /// No edit changed the model: the base plan is the scenario's plan.
    Reused,
    /// Bounds and costs changed in place, re-solved from the base basis.
    Warm,
    /// The model's structure changed: built and solved from scratch.
    Cold,
}

/// A scenario's result: its dataset and plan, or why it failed.
impl SolvePath {
    pub fn as_str(self) -> &'static str {
        match self {
            SolvePath::Reused => "reused",
            SolvePath::Warm => "warm",
            SolvePath::Cold => "cold",
        }
    }
}

pub enum Outcome {
    Solved {
        ds: Box<Dataset>,
        solved: Box<Solved>,
        path: SolvePath,
    },
    Failed(String),
}

pub struct ScenarioRun {
    pub scenario: Scenario,
    pub outcome: Outcome,
}

/// The base plan and every scenario's run.
pub struct WhatIf {
    pub base: Solved,
    pub runs: Vec<ScenarioRun>,
}

/// Solve `base` and every scenario with `jobs` threads (None: all cores). `tick` is called once
/// per finished scenario (for a progress bar). Every scenario's plan is kept in memory; see
/// [`solve_each`] to hand each one on as it is solved.
pub fn run_scenarios(
    cx: &SolveContext,
    base_ds: &Dataset,
    scenarios: &[Scenario],
    jobs: Option<usize>,
    tick: &(dyn Fn() + Sync),
) -> Result<WhatIf> {
    let base = solve_base(cx, base_ds, jobs)?;
    let runs = solve_each(cx, base_ds, &base, scenarios, jobs, tick, |run| run)?;
    Ok(WhatIf { base, runs })
}

/// The base plan of a what-if run (canonical, with ranging), with `jobs` threads.
pub fn solve_base(cx: &SolveContext, base_ds: &Dataset, jobs: Option<usize>) -> Result<Solved> {
    crate::parallel::in_pool(jobs, || plan::solve_canonical(base_ds, cx, true))?
}

/// Solve every scenario against `base` with `jobs` threads and hand each run to `sink` as soon
/// as it is solved, so that only the runs in progress are held in memory (a scenario's model
/// and plan at dense M are ~13 MB: 100 of them held at once took 1.35 GiB). Results in file
/// order; `tick` is called once per finished scenario.
pub fn solve_each<R: Send>(
    cx: &SolveContext,
    base_ds: &Dataset,
    base: &Solved,
    scenarios: &[Scenario],
    jobs: Option<usize>,
    tick: &(dyn Fn() + Sync),
    sink: impl Fn(ScenarioRun) -> R + Sync + Send,
) -> Result<Vec<R>> {
    crate::parallel::par_map(jobs, scenarios, |sc| {
        let outcome = run_one(cx, base_ds, base, sc);
        tick();
        sink(ScenarioRun {
            scenario: sc.clone(),
            outcome,
        })
    })
}

fn run_one(cx: &SolveContext, base_ds: &Dataset, base: &Solved, sc: &Scenario) -> Outcome {
    let ds = match apply(base_ds, sc) {
        Ok(ds) => ds,
        Err(d) => return Outcome::Failed(d.to_string()),
    };
    match solve_scenario(cx, &ds, base, Want::Ranging) {
        Ok((solved, path)) if solved.plan.status == crate::solver::SolveStatus::Optimal => {
            Outcome::Solved {
                ds: Box::new(ds),
                solved: Box::new(solved),
                path,
            }
        }
        Ok((solved, _)) => {
            Outcome::Failed(format!("no optimal plan: {}", solved.plan.status.as_str()))
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Same variables, rows and matrix: only bounds and costs may differ.
pub fn same_structure(a: &LinearProgram, b: &LinearProgram) -> bool {
    a.col_tag == b.col_tag
        && a.row_tag == b.row_tag
        && a.a_start == b.a_start
        && a.a_index == b.a_index
        && a.a_value == b.a_value
}

/// Solve one scenario dataset against the base plan, choosing the cheapest exact path. A warm
/// re-solve returns duals (for the canonical stage) and, with [`Want::Ranging`], the ranging
/// the sensitivity files need; the plan is the same either way.
pub fn solve_scenario(
    cx: &SolveContext,
    ds: &Dataset,
    base: &Solved,
    want: Want,
) -> Result<(Solved, SolvePath)> {
    solve_scenario_with(cx, ds, base, want, None)
}

/// [`solve_scenario`], a warm re-solve starting from a model of `spares` (loaded ahead, the
/// same model) when they are the base's, and loading the next one ahead once the LP is solved.
pub(crate) fn solve_scenario_with(
    cx: &SolveContext,
    ds: &Dataset,
    base: &Solved,
    want: Want,
    spares: Option<&Arc<Spares>>,
) -> Result<(Solved, SolvePath)> {
    let (lp, index) = model::build(ds, &[]);
    if lp == base.lp {
        return Ok((base.clone(), SolvePath::Reused));
    }
    if !same_structure(&lp, &base.lp) || base.solution.basis.is_none() {
        let cold = plan::solve_canonical(ds, cx, true)?;
        return Ok((cold, SolvePath::Cold));
    }
    let basis = base.solution.basis.as_ref();
    let spares = spares.filter(|s| s.of(&base.lp, basis));
    let mut model = match spares {
        Some(s) => s.take()?,
        None => ResolveModel::new(&base.lp, basis, cx.time_limit)?,
    };
    let changed: Vec<usize> = (0..lp.num_rows())
        .filter(|&r| lp.row_upper[r] != base.lp.row_upper[r])
        .collect();
    let uppers: Vec<f64> = changed.iter().map(|&r| lp.row_upper[r]).collect();
    model.set_row_uppers(&changed, &uppers)?;
    model.set_costs(&lp.col_cost)?;
    let solution = model.run(want)?;
    drop(model);
    // The canonical stage runs on one core: the next request's model loads on another.
    spares.inspect(|s| s.refill());
    let plan = plan::extract(ds, &lp, &solution, base.plan.solver, 0.0);
    let mut solved = Solved {
        plan,
        lp,
        index,
        solution,
        canonical: None,
    };
    plan::settle(ds, &mut solved, cx)?;
    Ok((solved, SolvePath::Warm))
}

#[cfg(test)]
mod tests {
    use super::{solve_base, solve_each};
    use crate::scenario::file::parse_scenarios;
    use crate::solver::SolveContext;
    use crate::testkit;
    use std::sync::Mutex;

    /// With one thread, each scenario reaches the sink before the next is solved (so a what-if
    /// run holds one scenario's plan at a time, not all of them), and results keep file order.
    #[test]
    fn each_scenario_is_handed_on_before_the_next_is_solved() {
        let (_tmp, ds) = testkit::generated(testkit::shapes()[0]);
        let text = "[[scenario]]\nname = \"all\"\n[[scenario.edit]]\nkind = \"scale_offers\"\nsweep = [0.5, 0.8, 0.1]\n";
        let list = parse_scenarios("s.toml", text).unwrap();
        assert_eq!(list.len(), 4);
        let cx = SolveContext::default();
        let base = solve_base(&cx, &ds, Some(1)).unwrap();
        let events = Mutex::new(Vec::new());
        let tick = || events.lock().unwrap().push("solved".to_string());
        let names = solve_each(&cx, &ds, &base, &list, Some(1), &tick, |run| {
            events
                .lock()
                .unwrap()
                .push(format!("sink {}", run.scenario.name));
            run.scenario.name
        })
        .unwrap();
        let want: Vec<String> = list.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names, want);
        let expected: Vec<String> = want
            .iter()
            .flat_map(|n| ["solved".to_string(), format!("sink {n}")])
            .collect();
        assert_eq!(events.into_inner().unwrap(), expected);
    }
}
