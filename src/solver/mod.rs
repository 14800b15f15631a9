//! The back-end trait: a solver takes a [`LinearProgram`] and returns an [`LpSolution`].
//!
//! Solver specifics stay in one file per back end: `highs.rs` (HiGHS through highs-sys, with
//! duals, basis and ranging), `good_lp.rs` (Clarabel, the pure-Rust interior-point solver used
//! to cross-check objectives, and HiGHS through good_lp's expressions: the flat reference),
//! `sifting.rs` (HiGHS with column generation), `crash.rs` (the greedy starting basis) and
//! `blocks.rs` (any back end, applied block by block in parallel).

pub(crate) mod blocks;
pub(crate) mod crash;
pub(crate) mod good_lp;
pub(crate) mod highs;
pub(crate) mod resolve;
pub use resolve::Want;
pub(crate) mod sifting;

use crate::model::LinearProgram;

/// How a solve ended. Infeasible or time-limited runs are outcomes to report, not errors.
#[derive(Debug, Clone, PartialEq)]
pub enum SolveStatus {
    Optimal,
    Infeasible,
    Unbounded,
    TimeLimit,
    Other(String),
}

impl SolveStatus {
    pub fn as_str(&self) -> &str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::Infeasible => "infeasible",
            SolveStatus::Unbounded => "unbounded",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::Other(s) => s,
        }
    }
}

/// Where a column or a row's slack sits in a simplex basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasisStatus {
    /// Nonbasic at its lower bound.
    Lower,
    Basic,
    /// Nonbasic at its upper bound.
    Upper,
    /// A free variable, nonbasic at zero.
    Zero,
    Nonbasic,
}

impl BasisStatus {
    /// Basic or at its upper bound: a column with room to carry value in the next solve.
    pub fn is_active(self) -> bool {
        matches!(self, BasisStatus::Basic | BasisStatus::Upper)
    }
}

/// A simplex basis: the status of every column and row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub col_status: Vec<BasisStatus>,
    pub row_status: Vec<BasisStatus>,
}

impl Basis {
    /// The basis restricted to columns `cols` and rows `rows` (a block or a working set).
    pub fn slice(&self, cols: &[usize], rows: &[usize]) -> Basis {
        Basis {
            col_status: cols.iter().map(|&j| self.col_status[j]).collect(),
            row_status: rows.iter().map(|&i| self.row_status[i]).collect(),
        }
    }
}

/// Cost and bound ranging from the optimal basis (HiGHS `Highs_getRanging`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranging {
    /// Objective coefficient range of each column within which the basis stays optimal.
    pub col_cost_low: Vec<f64>,
    pub col_cost_high: Vec<f64>,
    /// Row bound range within which the row's dual value stays valid.
    pub row_bound_low: Vec<f64>,
    pub row_bound_high: Vec<f64>,
}

/// A solve's result. Duals use the planner's sign: `row_dual[i]` is d(objective)/d(bound of row i),
/// so a binding `<=` row of this maximisation has a dual >= 0; `col_dual[j]` is the reduced cost
/// c_j - a_j'y (<= 0 for a column at its lower bound 0 in an optimal basis).
#[derive(Debug, Clone, PartialEq)]
pub struct LpSolution {
    pub status: SolveStatus,
    pub objective: f64,
    pub x: Vec<f64>,
    pub row_dual: Option<Vec<f64>>,
    pub col_dual: Option<Vec<f64>>,
    pub basis: Option<Basis>,
    pub ranging: Option<Ranging>,
    pub iterations: i64,
    pub seconds: f64,
}

impl LpSolution {
    pub fn without_values(status: SolveStatus, seconds: f64) -> Self {
        LpSolution {
            status,
            objective: f64::NAN,
            x: Vec::new(),
            row_dual: None,
            col_dual: None,
            basis: None,
            ranging: None,
            iterations: 0,
            seconds,
        }
    }
}

/// Options every back end understands (a back end may ignore what it cannot do).
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    pub time_limit: Option<f64>,
    pub ranging: bool,
    pub warm_start: Option<Basis>,
}

/// A linear-programming back end. `Err` is for a solver that failed to run; infeasibility and
/// limits come back as `Ok` with the matching [`SolveStatus`].
pub trait Backend: Send + Sync {
    fn name(&self) -> &'static str;
    fn solve(&self, lp: &LinearProgram, opts: &SolveOptions) -> crate::Result<LpSolution>;
}

/// The back ends a command can choose with `--solver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Solver {
    /// Block-split, parallel, each block from the greedy crash basis by column generation (HiGHS).
    #[default]
    Highs,
    /// Block-split, each block solved whole by primal simplex from the slack basis (HiGHS).
    HighsWhole,
    /// One LP, HiGHS.
    HighsFlat,
    /// One LP through good_lp's expressions, HiGHS (the flat reference).
    HighsGoodLp,
    /// Interior point (Clarabel, through good_lp): no basis, so no warm re-solves.
    Clarabel,
}

static STRUCTURED: blocks::Blocks<sifting::Sifting> = blocks::Blocks(sifting::Sifting);
static WHOLE: blocks::Blocks<highs::Highs> = blocks::Blocks(highs::Highs);

impl Solver {
    /// The back end itself.
    pub fn backend(self) -> &'static dyn Backend {
        match self {
            Solver::Highs => &STRUCTURED,
            Solver::HighsWhole => &WHOLE,
            Solver::HighsFlat => &highs::Highs,
            Solver::HighsGoodLp => &good_lp::FlatHighs,
            Solver::Clarabel => &good_lp::Clarabel,
        }
    }
}

/// How every solve of a command runs: the back end chosen with `--solver` and the time limit.
/// Policies, scenario runs and analyses take it, so that one command uses one back end. Cold
/// solves use the chosen back end; warm re-solves from a basis (policies from the coverage
/// optimum, what-if edits, budget curves, exact gains) need a simplex basis and run on HiGHS by
/// column generation, which only happens when the chosen back end returned a basis.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SolveContext {
    pub solver: Solver,
    pub time_limit: Option<f64>,
    /// Compute each canonical plan's ranges over its optimal face (`crate::canonical`).
    pub ranges: bool,
    /// Stop LP policies at their first-stage optimum, without the canonical stage (for
    /// measuring the canonical stage against it; no command sets it).
    pub first_stage_only: bool,
}

impl SolveContext {
    pub fn new(solver: Solver, time_limit: Option<f64>) -> Self {
        SolveContext {
            solver,
            time_limit,
            ranges: false,
            first_stage_only: false,
        }
    }

    pub fn backend(&self) -> &'static dyn Backend {
        self.solver.backend()
    }

    /// Options for a cold solve: the time limit, with ranging when asked.
    pub fn options(&self, ranging: bool) -> SolveOptions {
        SolveOptions {
            time_limit: self.time_limit,
            ranging,
            warm_start: None,
        }
    }
}

/// taplan's default back end ([`Solver::Highs`]): the LP split into independent blocks solved in
/// parallel, each by column generation over HiGHS from the greedy crash basis.
pub fn structured() -> &'static dyn Backend {
    Solver::Highs.backend()
}
