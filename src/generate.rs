//! Seeded synthetic datasets in the dataset contract, for tests and benchmarks.

use crate::Result;
use crate::report::write_file;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write;
use std::path::Path;

/// The shape of a synthetic dataset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenSpec {
    pub parties: usize,
    pub themes: usize,
    pub partners: usize,
    pub periods: usize,
    pub seed: u64,
}

impl GenSpec {
    /// The presets S, M, L: 20/8/10/2, 150/20/40/4, 190/30/80/8.
    pub fn preset(scale: &str, seed: u64) -> Option<Self> {
        let (parties, themes, partners, periods) = match scale {
            "S" | "s" => (20, 8, 10, 2),
            "M" | "m" => (150, 20, 40, 4),
            "L" | "l" => (190, 30, 80, 8),
            _ => return None,
        };
        Some(GenSpec {
            parties,
            themes,
            partners,
            periods,
            seed,
        })
    }
}

const REGIONS: [&str; 4] = ["africa", "asia_pacific", "cee", "grulac"];
const KINDS: [&str; 6] = [
    "financial_mechanism",
    "bilateral",
    "regional_centre",
    "igo",
    "special_programme",
    "secretariat",
];

/// The six contract files of a synthetic dataset, as (file name, contents).
/// How densely a generated dataset connects Parties, themes and offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// The S, M and L presets: each Party needs about 40% of the themes; an offer covers all
    /// themes (30%) or about half of them, and all regions (40%) or about half.
    #[default]
    Standard,
    /// The dense shape (`--scale M-dense`): each Party needs 60-100% of the themes; an offer
    /// covers 10-60% of the themes and 1 to 3 regions.
    Dense,
}

/// The dataset files of `spec` in the standard shape.
pub fn generate(spec: &GenSpec) -> Vec<(&'static str, String)> {
    generate_shaped(spec, Shape::Standard)
}

/// The dataset files of `spec` in `shape`.
pub fn generate_shaped(spec: &GenSpec, shape: Shape) -> Vec<(&'static str, String)> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let periods: Vec<String> = (0..spec.periods)
        .map(|y| format!("{}-{}", 2026 + 2 * y, 2027 + 2 * y))
        .collect();
    let regions = &REGIONS[..REGIONS.len().min(spec.parties.max(1))];
    let plan = format!(
        "# Synthetic dataset (seed {}); every figure is illustrative.\nname = \"synthetic P{} T{} K{} Y{} seed {}\"\ncurrency = \"USD\"\nunit = 1000\nperiods = [{}]\nregions = [{}]\n",
        spec.seed,
        spec.parties,
        spec.themes,
        spec.partners,
        spec.periods,
        spec.seed,
        quoted(&periods),
        quoted(regions)
    );
    // The order of the draws is part of the output: parties, themes, needs, then offers.
    let parties = parties_csv(spec, &mut rng, regions);
    let mut themes = String::from("theme,name,weight\n");
    for t in 0..spec.themes {
        let weight = if rng.random_bool(0.25) { "1.2" } else { "1" };
        let _ = writeln!(themes, "T{t:02},Theme {t},{weight}");
    }
    let mut partners = String::from("partner,name,kind\n");
    for k in 0..spec.partners {
        let _ = writeln!(partners, "K{k:02},Partner {k},{}", KINDS[k % KINDS.len()]);
    }
    let (needs, need_total) = needs_csv(spec, &mut rng, &periods, shape);
    let offers = offers_csv(spec, &mut rng, (&periods, regions), &need_total, shape);
    vec![
        ("plan.toml", plan),
        ("parties.csv", parties),
        ("themes.csv", themes),
        ("partners.csv", partners),
        ("needs.csv", needs),
        ("offers.csv", offers),
    ]
}

fn parties_csv(spec: &GenSpec, rng: &mut ChaCha8Rng, regions: &[&str]) -> String {
    let mut parties = String::from("party,name,region,ldc,sids,weight\n");
    for p in 0..spec.parties {
        let region = rng.random_range(0..regions.len());
        let weight = if rng.random_bool(0.2) { "1.5" } else { "1" };
        let _ = writeln!(
            parties,
            "P{p:03},Party {p},{},{},{},{weight}",
            regions[region],
            rng.random_bool(0.25),
            rng.random_bool(0.15)
        );
    }
    parties
}

/// needs.csv and the total need of each period.
fn needs_csv(
    spec: &GenSpec,
    rng: &mut ChaCha8Rng,
    periods: &[String],
    shape: Shape,
) -> (String, Vec<f64>) {
    let mut needs = String::from("party,theme,period,amount,priority\n");
    let mut need_total = vec![0.0; spec.periods];
    for (y, period) in periods.iter().enumerate() {
        for p in 0..spec.parties {
            let share = match shape {
                Shape::Standard => 0.4,
                Shape::Dense => rng.random_range(0.6..=1.0),
            };
            for t in 0..spec.themes {
                if rng.random_bool(share) {
                    let amount = (rng.random_range(200..5000) as f64) / 10.0;
                    need_total[y] += amount;
                    let priority = if rng.random_bool(0.2) { "1.5" } else { "1" };
                    let _ = writeln!(needs, "P{p:03},T{t:02},{period},{amount},{priority}");
                }
            }
        }
    }
    (needs, need_total)
}

/// 1-2 offers per partner and period with random theme/region/party selections, caps and
/// effectiveness; capacity is scaled to about 60% of each period's need.
fn offers_csv(
    spec: &GenSpec,
    rng: &mut ChaCha8Rng,
    (periods, regions): (&[String], &[&str]),
    need_total: &[f64],
    shape: Shape,
) -> String {
    let mut rows = Vec::new();
    for (y, period) in periods.iter().enumerate() {
        let mut shares = Vec::new();
        for k in 0..spec.partners {
            for _ in 0..rng.random_range(1..=2) {
                shares.push((k, rng.random_range(1..100) as f64));
            }
        }
        let total_share: f64 = shares.iter().map(|s| s.1).sum();
        for (i, (k, share)) in shares.into_iter().enumerate() {
            let amount = ((0.6 * need_total[y] * share / total_share) * 10.0)
                .round()
                .max(1.0)
                / 10.0;
            let (themes, region_list) = reach(spec, rng, regions, shape);
            let parties = if rng.random_bool(0.1) {
                some_of(rng, spec.parties, 0.3, |p| format!("P{p:03}"))
            } else {
                String::new()
            };
            let cap = if rng.random_bool(0.3) {
                format!(
                    "{}",
                    ((amount * rng.random_range(5..30) as f64 / 100.0) * 10.0).round() / 10.0
                )
            } else {
                String::new()
            };
            let eff = if rng.random_bool(0.5) {
                format!("{}", rng.random_range(80..121) as f64 / 100.0)
            } else {
                String::new()
            };
            rows.push(format!(
                "O{y}_{i:03},K{k:02},{period},{amount},{themes},{region_list},{parties},{cap},{eff}"
            ));
        }
    }
    let mut out = String::from(
        "offer,partner,period,amount,themes,regions,parties,max_per_party,effectiveness\n",
    );
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

/// `*` with probability `p_all`, else a non-empty random subset of 0..n.
fn subset(rng: &mut ChaCha8Rng, n: usize, p_all: f64, name: impl Fn(usize) -> String) -> String {
    if n == 0 || rng.random_bool(p_all) {
        return "*".into();
    }
    some_of(rng, n, 0.5, name)
}

fn some_of(rng: &mut ChaCha8Rng, n: usize, p: f64, name: impl Fn(usize) -> String) -> String {
    let mut picked: Vec<String> = (0..n).filter(|_| rng.random_bool(p)).map(&name).collect();
    if picked.is_empty() && n > 0 {
        picked.push(name(rng.random_range(0..n)));
    }
    picked.join(";")
}

/// An offer's themes and regions in `shape`.
fn reach(spec: &GenSpec, rng: &mut ChaCha8Rng, regions: &[&str], shape: Shape) -> (String, String) {
    match shape {
        Shape::Standard => (
            subset(rng, spec.themes, 0.3, |t| format!("T{t:02}")),
            subset(rng, regions.len(), 0.4, |r| regions[r].to_string()),
        ),
        Shape::Dense => {
            let share: f64 = rng.random_range(0.1..=0.6);
            let n_themes = ((share * spec.themes as f64).floor() as usize).max(1);
            let n_regions = rng.random_range(1..=3usize);
            (
                pick(rng, spec.themes, n_themes, |t| format!("T{t:02}")),
                pick(rng, regions.len(), n_regions, |r| regions[r].to_string()),
            )
        }
    }
}

/// `k` distinct items of `n` (at most `n`), in index order.
fn pick(rng: &mut ChaCha8Rng, n: usize, k: usize, name: impl Fn(usize) -> String) -> String {
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < k.min(n) {
        let i = rng.random_range(0..n);
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(name).collect::<Vec<_>>().join(";")
}

fn quoted<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Write a synthetic dataset folder to `out` (atomically).
pub fn write_generated(spec: &GenSpec, out: &Path) -> Result<()> {
    write_generated_shaped(spec, Shape::Standard, out)
}

/// Write a synthetic dataset of `shape` to `out` (atomically).
pub fn write_generated_shaped(spec: &GenSpec, shape: Shape, out: &Path) -> Result<()> {
    let files = generate_shaped(spec, shape);
    crate::report::write_dir_atomically(out, |dir| {
        for (name, contents) in &files {
            write_file(dir, name, contents)?;
        }
        Ok(())
    })
}
