//! Command-line definitions (clap): one argument struct per command, enumerated options as
//! enums from the start.

use crate::solver::{SolveContext, Solver};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "taplan",
    version,
    about = "Optimised technical assistance plans for the Stockholm Convention (Article 12)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset, solve the allocation and write the plan folder.
    #[command(
        after_long_help = "Example:\n  taplan plan datasets/brs-2026-2029 --out plans/brs --xlsx\n\nExit status: 0 the plan folder was written and verified; 2 bad input (nothing written); 3 no optimal plan (infeasible or time limit); 4 the written folder failed verification; 1 anything else."
    )]
    Plan(PlanArgs),
    /// The least extra money from named partners with which some plan reaches a coverage target.
    #[command(
        after_long_help = "Example:\n  taplan goal datasets/brs-2026-2029 --target ldc=0.8 --from gef --out goal-ldc\n\nTargets: ldc, sids, region:ID, theme:ID or every-party, then =SHARE (0 < SHARE <= 1): the group's coverage, funded over reachable need. --from takes a partner id or kind:KIND (partners.csv), and may be repeated; without it any offer may grow.\n\nExit status: 0 the plan with the extra money was written and verified; 2 bad input (E1001, E1002; nothing written); 3 no amount from those partners reaches the target (why is printed; nothing written); 4 the written folder failed verification; 1 anything else."
    )]
    Goal(GoalArgs),
    /// Write a blank dataset workbook with drop-downs and instructions.
    #[command(
        after_long_help = "Example:\n  taplan template --out my-plan.xlsx\n\nExit status: 0 written; 2 the file exists or cannot be written there (E0704); 1 anything else."
    )]
    Template(TemplateArgs),
    /// Convert a dataset between a CSV folder and an .xlsx workbook (either direction).
    #[command(
        after_long_help = "Example:\n  taplan convert datasets/tiny tiny.xlsx\n\nExit status: 0 converted; 2 bad input or a target that exists (nothing written); 1 anything else."
    )]
    Convert(ConvertArgs),
    /// Prove a plan folder against its dataset: feasibility, objective and optimality certificate.
    #[command(
        after_long_help = "Example:\n  taplan verify datasets/tiny plans/tiny\n\nExit status: 0 proven feasible and optimal; 4 checks failed (each listed); 2 bad input; 1 anything else."
    )]
    Verify(VerifyArgs),
    /// Say in plain language why each of a Party's needs got what it got in a plan folder.
    #[command(
        after_long_help = "Example:\n  taplan explain datasets/tiny plans/tiny --party CCC\n\nExit status: 0 explained; 2 bad input, an unknown Party, theme or period (E0801) or a foreign plan folder (E0802); 1 anything else."
    )]
    Explain(ExplainArgs),
    /// Solve the base and every scenario of a scenarios file in parallel, and compare them.
    #[command(
        after_long_help = "Example:\n  taplan whatif datasets/brs-2026-2029 --scenarios datasets/brs-2026-2029/scenarios.toml --out whatif\n\nExit status: 0 written (failed scenarios are listed in comparison.csv); 2 bad input, any invalid scenario included (nothing solved or written); 3 no optimal base plan; 4 a written folder failed verification; 1 anything else."
    )]
    Whatif(WhatifArgs),
    /// Run allocation policies side by side and compare their metrics.
    #[command(
        after_long_help = "Example:\n  taplan compare datasets/brs-2026-2029 --out compare\n\nExit status: 0 written; 2 bad input (a dataset, policy or scenarios file); 4 a written folder failed verification; 1 anything else."
    )]
    Compare(CompareArgs),
    /// Serve an interactive what-if page and its JSON API on this machine (docs/serve.md).
    #[command(
        after_long_help = "Example:\n  taplan serve datasets/brs-2026-2029 --port 8080\n\nExit status: 0 stopped by Ctrl-C; 2 bad input at start; 3 no optimal base plan; 1 the address cannot be bound, or anything else. While serving, bad requests get HTTP 4xx answers (docs/serve.md) and the server keeps serving."
    )]
    Serve(ServeArgs),
    /// Check a dataset and list every problem found.
    #[command(
        after_long_help = "Example:\n  taplan validate my-plan.xlsx\n\nExit status: 0 valid (warnings may be printed); 2 problems found (each listed with file, line and column); 1 anything else."
    )]
    Validate(ValidateArgs),
    /// Write a seeded synthetic dataset.
    #[command(
        after_long_help = "Example:\n  taplan generate --scale M --seed 1 --out data/M\n\nExit status: 0 written; 2 bad options or an output that exists (nothing written); 1 anything else."
    )]
    Generate(GenerateArgs),
}

/// The solver options every solving command takes.
#[derive(Debug, Clone, Args)]
pub struct SolveArgs {
    /// LP back end: highs (default: block-split, greedy crash, column generation), highs-whole
    /// (block-split, each block whole), highs-flat, highs-good-lp or clarabel.
    #[arg(long, value_enum, default_value_t = Solver::Highs)]
    pub solver: Solver,
    /// Solver time limit in seconds (a finite number > 0).
    #[arg(long, value_parser = positive_seconds)]
    pub time_limit: Option<f64>,
    /// Also compute each plan's ranges over its optimal face: the least and the most every
    /// Party, region, theme and the LDCs and SIDS receive in any equally good plan
    /// (parties.csv, ranges.csv, the report).
    #[arg(long)]
    pub ranges: bool,
}

impl SolveArgs {
    pub fn context(&self) -> SolveContext {
        SolveContext {
            ranges: self.ranges,
            ..SolveContext::new(self.solver, self.time_limit)
        }
    }
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Dataset folder (plan.toml, parties.csv, themes.csv, partners.csv, needs.csv, offers.csv).
    pub dataset: PathBuf,
    /// Output folder; written atomically (nothing is left behind on failure).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// Skip sensitivity/budget_curve.csv (the exact 0-200% budget curve).
    #[arg(long, conflicts_with = "kind_curves")]
    pub no_budget_curve: bool,
    /// Also trace the budget curve of each partner kind alone (one more curve per kind).
    #[arg(long)]
    pub kind_curves: bool,
    /// Allocation policy TOML file (default: the coverage model).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Also write plan.xlsx (and report.html is always written).
    #[arg(long)]
    pub xlsx: bool,
    /// Write the exact LP that was solved to this file (.mps or .lp).
    #[arg(long)]
    pub export_model: Option<PathBuf>,
}

impl PlanArgs {
    /// The budget curve's scopes the flags ask for.
    pub fn curve_scopes(&self) -> crate::analysis::budget_curve::CurveScopes {
        use crate::analysis::budget_curve::CurveScopes;
        match (self.no_budget_curve, self.kind_curves) {
            (true, _) => CurveScopes::None,
            (false, false) => CurveScopes::All,
            (false, true) => CurveScopes::AllAndKinds,
        }
    }
}

#[derive(Debug, Args)]
pub struct GoalArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
    /// The target: GROUP=SHARE, GROUP one of ldc, sids, region:ID, theme:ID, every-party; SHARE
    /// the coverage to reach (funded over reachable need), above 0 and at most 1.
    #[arg(long)]
    pub target: String,
    /// A partner id, or kind:KIND for every partner of that kind, whose offers may grow
    /// (repeatable; default: every partner).
    #[arg(long)]
    pub from: Vec<String>,
    /// No Party may receive less than in the canonical coverage plan: the extra money must
    /// lift the group without taking from anyone.
    #[arg(long)]
    pub no_losers: bool,
    /// Output folder; written atomically, and never over a folder taplan did not write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// Also write plan.xlsx.
    #[arg(long)]
    pub xlsx: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx); never over an existing file.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The dataset to read: a CSV folder or an .xlsx workbook.
    pub from: PathBuf,
    /// What to write: an .xlsx workbook (never over an existing file) or a CSV folder.
    pub to: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
    /// The plan folder written by `taplan plan`.
    pub plan: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
    /// The plan folder written by `taplan plan` (or a policy's folder from `compare`).
    pub plan: PathBuf,
    /// The Party's code (parties.csv `party`, e.g. its ISO3 code).
    #[arg(long)]
    pub party: String,
    /// Only the needs of this theme (themes.csv `theme`).
    #[arg(long)]
    pub theme: Option<String>,
    /// Only the needs of this period (a period of plan.toml).
    #[arg(long)]
    pub period: Option<String>,
}

#[derive(Debug, Args)]
pub struct WhatifArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
    /// Scenarios TOML file (see docs/scenarios.md).
    #[arg(long)]
    pub scenarios: PathBuf,
    /// Output folder; written atomically, and never over a folder taplan did not write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Also write comparison.xlsx.
    #[arg(long)]
    pub xlsx: bool,
    /// Also write each scenario's sensitivity/edges.csv (reduced costs and cost ranges of every
    /// offer-need pair; the base folder always has it).
    #[arg(long)]
    pub pair_sensitivity: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
    /// Port to listen on (0: any free port); the address is printed once the server is ready.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; the default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// An extra policy TOML file for the page's policy selector (the built-in ones are always there).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Also append every saved scenario to this scenarios.toml file (created when missing).
    #[arg(long)]
    pub scenarios_out: Option<PathBuf>,
    /// LP back end for the solves (as for `plan`).
    #[arg(long, value_enum, default_value_t = Solver::Highs)]
    pub solver: Solver,
    /// Seconds one solve may take; a request whose plan is not ready in time answers 503.
    #[arg(long, default_value_t = 60.0, value_parser = positive_seconds)]
    pub time_limit: f64,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
    /// Policy TOML files (default: every file in ./models, or the bundled policies).
    #[arg(long, num_args = 1..)]
    pub policies: Vec<PathBuf>,
    /// Also run every policy under every scenario of this file.
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// Output folder; written atomically, and never over a folder taplan did not write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Also write compare.xlsx.
    #[arg(long)]
    pub xlsx: bool,
    /// Skip the price-of-fairness frontiers (frontier.csv and its chart): about a second at
    /// BRS size, half a minute at the M preset.
    #[arg(long)]
    pub no_frontier: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Dataset: a folder (plan.toml and five CSV files) or an .xlsx workbook.
    pub dataset: PathBuf,
}

/// The `generate` presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// 20 Parties, 8 themes, 10 partners, 2 periods.
    #[value(name = "S", alias = "s")]
    S,
    /// 150 Parties, 20 themes, 40 partners, 4 periods.
    #[value(name = "M", alias = "m")]
    M,
    /// 190 Parties, 30 themes, 80 partners, 8 periods.
    #[value(name = "L", alias = "l")]
    L,
    /// M's size in the dense shape: Parties need 60-100% of the themes, offers cover up to 60%
    /// of the themes and 1-3 regions.
    #[value(name = "M-dense", alias = "m-dense")]
    MDense,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Preset: S (20/8/10/2), M (150/20/40/4), L (190/30/80/8) or M-dense (M's size, dense).
    #[arg(long, value_enum)]
    pub scale: Option<Scale>,
    /// Number of Parties (overrides the preset).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub parties: Option<u64>,
    /// Number of themes (overrides the preset).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub themes: Option<u64>,
    /// Number of partners (overrides the preset).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub partners: Option<u64>,
    /// Number of periods (overrides the preset).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub periods: Option<u64>,
    /// Random seed: the same seed gives the same dataset.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder; written atomically, and never over a folder taplan did not write.
    #[arg(long)]
    pub out: PathBuf,
}

/// `--time-limit`: a finite number of seconds > 0 (NaN, infinity, 0 and negatives are refused).
fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!("\"{text}\" is not a number of seconds > 0")),
    }
}
