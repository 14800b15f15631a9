//! Command-line definitions (clap).

use clap::{Parser, Subcommand};
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
    Plan {
        /// Dataset folder (plan.toml, parties.csv, themes.csv, partners.csv, needs.csv, offers.csv).
        dataset: PathBuf,
        /// Output folder; written atomically (nothing is left behind on failure).
        #[arg(long)]
        out: PathBuf,
        /// LP back end: highs (default: block-split, greedy crash, column generation), highs-whole (block-split, each block whole), highs-flat, highs-good-lp or clarabel.
        #[arg(long, default_value = "highs")]
        solver: String,
        /// Solver time limit in seconds (a finite number > 0).
        #[arg(long, value_parser = positive_seconds)]
        time_limit: Option<f64>,
        /// Skip sensitivity/budget_curve.csv (the 0-200% budget sweep).
        #[arg(long)]
        no_budget_curve: bool,
        /// Allocation policy TOML file (default: the coverage model).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Also write plan.xlsx (and report.html is always written).
        #[arg(long)]
        xlsx: bool,
        /// Write the exact LP that was solved to this file (.mps or .lp).
        #[arg(long)]
        export_model: Option<PathBuf>,
    },
    /// Write a blank dataset workbook with drop-downs and instructions.
    Template {
        #[arg(long)]
        out: PathBuf,
    },
    /// Convert a dataset between a CSV folder and an .xlsx workbook (either direction).
    Convert { from: PathBuf, to: PathBuf },
    /// Prove a plan folder against its dataset: feasibility, objective and optimality certificate.
    Verify {
        dataset: PathBuf,
        /// The plan folder written by `taplan plan`.
        plan: PathBuf,
    },
    /// Solve the base and every scenario of a scenarios file in parallel, and compare them.
    Whatif {
        dataset: PathBuf,
        /// Scenarios TOML file (see docs/scenarios.md).
        #[arg(long)]
        scenarios: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Worker threads (default: all cores). Results do not depend on it.
        #[arg(long)]
        jobs: Option<usize>,
        /// Also write comparison.xlsx.
        #[arg(long)]
        xlsx: bool,
    },
    /// Run allocation policies side by side and compare their metrics.
    Compare {
        dataset: PathBuf,
        /// Policy TOML files (default: every file in ./models, or the bundled policies).
        #[arg(long, num_args = 1..)]
        policies: Vec<PathBuf>,
        /// Also run every policy under every scenario of this file.
        #[arg(long)]
        scenarios: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        jobs: Option<usize>,
        /// Also write compare.xlsx.
        #[arg(long)]
        xlsx: bool,
    },
    /// Check a dataset and list every problem found.
    Validate { dataset: PathBuf },
    /// Write a seeded synthetic dataset.
    Generate {
        /// Preset size: S (20/8/10/2), M (150/20/40/4) or L (190/30/80/8).
        #[arg(long)]
        scale: Option<String>,
        #[arg(long)]
        parties: Option<usize>,
        #[arg(long)]
        themes: Option<usize>,
        #[arg(long)]
        partners: Option<usize>,
        #[arg(long)]
        periods: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
}

/// `--time-limit`: a finite number of seconds > 0 (NaN, infinity, 0 and negatives are refused).
fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!("\"{text}\" is not a number of seconds > 0")),
    }
}
