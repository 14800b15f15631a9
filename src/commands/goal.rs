//! `taplan goal`: load → the goal LP (least extra money) → the floor-enforcing plan with that
//! money → render → write (plan folder, goal.csv, goal.md, the grown dataset) → verify.

use super::folder::{FolderSettings, policy_folder};
use crate::cli::GoalArgs;
use crate::dataset::Dataset;
use crate::error::Error;
use crate::input::{RawDataset, read_source};
use crate::policy::floors::solve_with_floors;
use crate::policy::goal::{Goal, GoalOutcome, Target, TargetGroup, growing_offers, solve_goal};
use crate::report::{
    Cell, Table, check_output, md, money, num, pct, rounded, write_dataset_folder,
    write_dir_atomically, write_file,
};
use crate::validate::{Loaded, load};
use crate::{Result, model};
use std::fmt::Write;
use std::path::Path;

pub fn run(args: GoalArgs) -> Result<()> {
    check_output(&args.out, &[args.dataset.as_path()])?;
    let loaded = load(&args.dataset)?;
    let ds = &loaded.dataset;
    let target = Target::parse(&args.target, ds).map_err(|d| Error::Invalid(vec![d]))?;
    let grow = growing_offers(ds, &args.from).map_err(|d| Error::Invalid(vec![d]))?;
    let cx = args.solve.context();
    let keep = if args.no_losers {
        party_funding(ds, &cx)?
    } else {
        Vec::new()
    };
    let goal = Goal { target, grow, keep };
    let from = if args.from.is_empty() {
        "any partner".to_string()
    } else {
        args.from.join(", ")
    };
    match solve_goal(&cx, ds, &goal)? {
        GoalOutcome::Unreachable {
            best,
            eligible_share,
        } => {
            println!(
                "{}",
                unreachable_text(ds, &goal, &from, best, eligible_share)
            );
            Err(Error::NoOptimalPlan(format!(
                "goal: no amount from {from} reaches the target"
            )))
        }
        GoalOutcome::Reached { extra, .. } => {
            let total = write_goal(&args, &loaded, &goal, &from, &extra)?;
            println!(
                "goal met: {} more from {from}; plan written to {}",
                money(total),
                args.out.display()
            );
            Ok(())
        }
    }
}

/// The floor plan on the dataset grown by `extra`, with goal.md, goal.csv and the grown
/// dataset, written atomically to `--out`; returns the extra money in all.
fn write_goal(
    args: &GoalArgs,
    loaded: &Loaded,
    goal: &Goal,
    from: &str,
    extra: &[f64],
) -> Result<f64> {
    let ds = &loaded.dataset;
    let cx = args.solve.context();
    let grown = grown(ds, extra);
    let (_, index) = model::build_coverage(&grown);
    let name = format!("goal {}", args.target);
    let mut outcome = solve_with_floors(&cx, &grown, &name, &goal.floors(&grown, &index), false)?;
    let total: f64 = (0..ds.offers.len())
        .map(|o| grown.offers[o].amount - ds.offers[o].amount)
        .sum();
    outcome.notes.push(format!(
        "Goal: {} at {} coverage or more (funded over reachable need), with {} more from {from} (goal.md, goal.csv); the offers' amounts here include it.",
        goal.target.label(ds),
        pct(goal.target.share),
        money(total)
    ));
    let summary = goal_md(ds, &grown, goal, from, total);
    let raw = read_source(&args.dataset, &mut Vec::new());
    let settings = FolderSettings {
        xlsx: args.xlsx,
        ..FolderSettings::default()
    };
    write_dir_atomically(&args.out, |dir| {
        let warnings = &loaded.warnings;
        policy_folder(
            &cx,
            dir,
            &grown,
            warnings,
            (&name, "goal"),
            &outcome,
            settings,
        )?;
        write_file(dir, "goal.csv", goal_csv(ds, &grown)?)?;
        write_file(dir, "goal.md", &summary)?;
        write_grown_dataset(&raw, ds, &grown, &dir.join("dataset"))
    })?;
    Ok(total)
}

/// Each Party's funding in the canonical coverage plan (what `--no-losers` keeps).
fn party_funding(ds: &Dataset, cx: &crate::solver::SolveContext) -> Result<Vec<f64>> {
    let solved = crate::plan::solve_canonical(ds, cx, false)?;
    let mut funded = vec![0.0; ds.parties.len()];
    for a in &solved.plan.allocations {
        funded[ds.need(a.need).party.index()] += a.amount;
    }
    Ok(funded)
}

/// `ds` with every offer's amount raised by its extra money, rounded as output files round it
/// (so the dataset written beside the plan is exactly the one solved).
fn grown(ds: &Dataset, extra: &[f64]) -> Dataset {
    let mut g = ds.clone();
    for (o, e) in g.offers.iter_mut().zip(extra) {
        if *e > 0.0 {
            o.amount = rounded(o.amount + e);
        }
    }
    g
}

/// goal.csv: one row per offer that grows (quoted as CSV wherever an id needs it).
fn goal_csv(ds: &Dataset, grown: &Dataset) -> Result<String> {
    let head = [
        "offer",
        "partner",
        "period",
        "amount",
        "extra",
        "new_amount",
    ];
    let mut t = Table::new(&head);
    for (o, g) in ds.offers.iter().zip(&grown.offers) {
        if g.amount > o.amount {
            t.push(vec![
                Cell::text(&o.code),
                Cell::text(&ds.partner(o.partner).code),
                Cell::text(ds.period_name(o.period)),
                Cell::Num(o.amount),
                Cell::Num(g.amount - o.amount),
                Cell::Num(g.amount),
            ]);
        }
    }
    t.csv()
}

/// goal.md: the answer in words, and the extra money by offer.
fn goal_md(ds: &Dataset, grown: &Dataset, goal: &Goal, from: &str, total: f64) -> String {
    let target = &goal.target;
    let losers = if goal.keep.is_empty() {
        "Other Parties may receive less than in the coverage plan (run with --no-losers to forbid that)."
    } else {
        "No Party receives less than in the canonical coverage plan (--no-losers)."
    };
    let mut r = format!(
        "# Goal: {} at {} coverage or more\n\nCoverage is funded over reachable need. The least extra money from {from} with which some plan reaches it: **{}** (amounts in units of {} {}). The plan in this folder spends it with the target as a floor: the coverage plan's best use of the money that meets the floor, its canonical choice among equally good plans (docs/goal.md). `dataset/` holds the dataset with the grown offers; `taplan verify DIR/dataset DIR` checks the plan against it. {losers}\n\n",
        target.label(ds),
        pct(target.share),
        money(total),
        ds.meta.unit,
        md(&ds.meta.currency),
    );
    if total <= 0.0 {
        r.push_str("The target is already met without extra money.\n");
        return r;
    }
    r.push_str("| Offer | Partner | Period | Amount | Extra | New amount |\n|---|---|---|---:|---:|---:|\n");
    for (o, g) in ds.offers.iter().zip(&grown.offers) {
        if g.amount > o.amount {
            let _ = writeln!(
                r,
                "| {} | {} | {} | {} | {} | {} |",
                md(&o.code),
                md(&ds.partner(o.partner).name),
                md(ds.period_name(o.period)),
                money(o.amount),
                money(g.amount - o.amount),
                money(g.amount)
            );
        }
    }
    r
}

/// Why no amount reaches the target.
fn unreachable_text(
    ds: &Dataset,
    goal: &Goal,
    from: &str,
    best: f64,
    eligible_share: f64,
) -> String {
    let target = &goal.target;
    let whose = if target.group == TargetGroup::EveryParty {
        "the lowest Party's coverage"
    } else {
        "coverage"
    };
    format!(
        "No amount from {from} gives {} {} coverage: with any amount, {whose} reaches at most {}. Only {} of the reachable need is eligible for an offer of {from}; the eligibility rules (the offers' themes, regions, Party lists and periods in offers.csv) leave the rest to other partners' offers, which are not enough.",
        target.label(ds),
        pct(target.share),
        precise_pct(best, target.share),
        pct(eligible_share)
    ) + if goal.keep.is_empty() {
        ""
    } else {
        " (With --no-losers, every other Party also keeps its funding of the coverage plan.)"
    }
}

/// `best` as a percentage, with as many decimals as it takes to tell it from `target`.
fn precise_pct(best: f64, target: f64) -> String {
    for d in 1..=6 {
        let (b, t) = (
            format!("{:.d$}%", 100.0 * best),
            format!("{:.d$}%", 100.0 * target),
        );
        if b != t {
            return b;
        }
    }
    format!("{}%", 100.0 * best)
}

/// The dataset as read, with the grown offers' amounts, as a CSV folder.
fn write_grown_dataset(raw: &RawDataset, ds: &Dataset, grown: &Dataset, dir: &Path) -> Result<()> {
    let mut raw = raw.clone();
    if let Some(t) = raw.offers.as_mut()
        && let (Some(c_offer), Some(c_amount)) = (t.column("offer"), t.column("amount"))
    {
        for row in &mut t.rows {
            let code = row.cells.get(c_offer).map(|s| s.trim().to_string());
            let Some(o) = ds
                .offers
                .iter()
                .position(|o| Some(&o.code) == code.as_ref())
            else {
                continue;
            };
            if grown.offers[o].amount != ds.offers[o].amount
                && let Some(cell) = row.cells.get_mut(c_amount)
            {
                *cell = num(grown.offers[o].amount);
            }
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_dataset_folder(&raw, dir)
}

#[cfg(test)]
mod tests {
    use super::{goal_csv, grown};
    use crate::testkit;

    /// An offer id with a comma or a quote stays one cell of goal.csv.
    #[test]
    fn goal_csv_quotes_ids_that_need_it() {
        let needs = "party,theme,period,amount\nA,t,P1,10\n";
        let offers = "offer,partner,period,amount,themes,regions\n\"gef,1 \"\"x\"\"\",g,P1,4,*,*\n";
        let ds = testkit::one_period(&["A"], &["t"], needs, offers);
        let text = goal_csv(&ds, &grown(&ds, &[2.0])).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(row.len(), 6, "{text}");
        assert_eq!((&row[0], &row[4]), ("gef,1 \"x\"", "2"));
    }
}
