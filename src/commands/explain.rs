//! `taplan explain DATASET PLAN_DIR --party P [--theme T] [--period Y]`: load the dataset, read
//! the plan folder (funding, certificate, ranges) and say why each of the Party's needs got what
//! it got. Like `verify`, it reads the folder it is given; it writes nothing.

use crate::Result;
use crate::analysis::explain::{Certificate, Inputs, explain_party, sentence};
use crate::canonical::Range;
use crate::cli::ExplainArgs;
use crate::dataset::{Dataset, PartyId};
use crate::error::{Diagnostic, Error};
use crate::report::money;
use crate::validate::load;
use crate::verify::read;
use std::path::Path;

pub fn run(args: ExplainArgs) -> Result<()> {
    let loaded = load(&args.dataset)?;
    let ds = &loaded.dataset;
    let (party, theme, period) = selection(ds, &args)?;
    let folder = read_folder(ds, &args.plan).map_err(|msg| {
        Error::Invalid(vec![Diagnostic::error(
            "E0802",
            args.plan.display().to_string(),
            msg,
        )])
    })?;
    let inputs = Inputs {
        ds,
        funded: &folder.funded,
        certificate: folder.certificate.as_ref(),
        ranges: folder.ranges.as_deref(),
    };
    let accounts = explain_party(&inputs, party, theme, period);
    let p = ds.party(party);
    println!(
        "Why {} ({}) got what it got in {} (amounts in the plan's unit):",
        p.name,
        p.code,
        args.plan.display()
    );
    if accounts.is_empty() {
        println!("- no need matches");
    }
    for a in &accounts {
        println!("- {}", sentence(ds, a, &money));
    }
    Ok(())
}

/// The Party, theme and period asked for, checked against the dataset (E0801).
fn selection(ds: &Dataset, args: &ExplainArgs) -> Result<(PartyId, Option<usize>, Option<usize>)> {
    let unknown = |what: &str, value: &str| {
        Error::Invalid(vec![Diagnostic::error(
            "E0801",
            format!("--{what}"),
            format!("no {what} {value:?} in the dataset"),
        )])
    };
    let party = ds
        .parties
        .iter()
        .position(|p| p.code == args.party)
        .ok_or_else(|| unknown("party", &args.party))?;
    let theme = match &args.theme {
        None => None,
        Some(t) => Some(
            ds.themes
                .iter()
                .position(|x| &x.code == t)
                .ok_or_else(|| unknown("theme", t))?,
        ),
    };
    let period = match &args.period {
        None => None,
        Some(y) => Some(
            ds.periods
                .iter()
                .position(|x| x == y)
                .ok_or_else(|| unknown("period", y))?,
        ),
    };
    Ok((PartyId(party as u32), theme, period))
}

/// What explain reads from a plan folder.
struct Folder {
    funded: Vec<f64>,
    certificate: Option<Certificate>,
    ranges: Option<Vec<Range>>,
}

fn read_folder(ds: &Dataset, dir: &Path) -> std::result::Result<Folder, String> {
    let mut funded = vec![0.0; ds.needs.len()];
    let index: std::collections::HashMap<(&str, &str, &str), usize> = ds
        .needs
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let key = (
                ds.party(n.party).code.as_str(),
                ds.theme(n.theme).code.as_str(),
                ds.period_name(n.period),
            );
            (key, i)
        })
        .collect();
    for f in read::read_figures(dir, "needs.csv", &["party", "theme", "period"], "funded")? {
        let key = (f.key[0].as_str(), f.key[1].as_str(), f.key[2].as_str());
        let i = index
            .get(&key)
            .ok_or_else(|| format!("needs.csv line {}: no such need in the dataset", f.line))?;
        funded[*i] = f.value;
    }
    let certificate = if dir.join("sensitivity").is_dir() {
        let d = read::read_duals(ds, dir)?;
        Some(Certificate {
            offer: d.offer,
            need: d.need,
            cap: d.cap,
        })
    } else {
        None
    };
    Ok(Folder {
        funded,
        certificate,
        ranges: read_ranges(ds, dir)?,
    })
}

/// parties.csv `funded_low`/`funded_high`, when the plan was written with `--ranges`.
fn read_ranges(ds: &Dataset, dir: &Path) -> std::result::Result<Option<Vec<Range>>, String> {
    let rows = read::read_optional_figures(
        dir,
        "parties.csv",
        &["party"],
        &["funded_low", "funded_high"],
    )?;
    let mut ranges = vec![Range::default(); ds.parties.len()];
    for (key, v) in rows {
        let (Some(lo), Some(hi)) = (v[0], v[1]) else {
            return Ok(None);
        };
        let p = ds
            .parties
            .iter()
            .position(|p| p.code == key[0])
            .ok_or_else(|| format!("parties.csv: no Party {} in the dataset", key[0]))?;
        ranges[p] = Range { low: lo, high: hi };
    }
    Ok(Some(ranges))
}
