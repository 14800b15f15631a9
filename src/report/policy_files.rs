//! Extra files of a policy plan folder: shortfalls.csv, carry_over.csv, deferred.csv.

use super::num;
use super::tables::{finish, rec, writer};
use crate::Result;
use crate::dataset::Dataset;
use crate::policy::PolicyOutcome;

fn head(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// Add a policy's extra files to a plan folder: shortfalls.csv when floors were not met,
/// carry_over.csv and deferred.csv when money moved between biennia.
pub fn render(ds: &Dataset, o: &PolicyOutcome, files: &mut super::Files) -> Result<()> {
    if !o.shortfalls.is_empty() {
        files.add("shortfalls.csv", shortfalls_csv(o)?);
    }
    if !o.carry_over.is_empty() || !o.deferred.is_empty() {
        files.add("carry_over.csv", carry_over_csv(ds, o)?);
        files.add("deferred.csv", deferred_csv(ds, o)?);
    }
    Ok(())
}

pub fn shortfalls_csv(o: &PolicyOutcome) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        head(&["constraint", "required", "achieved", "shortfall"]),
    )?;
    for s in &o.shortfalls {
        rec(
            &mut w,
            vec![
                s.constraint.clone(),
                num(s.required),
                num(s.achieved),
                num(s.shortfall),
            ],
        )?;
    }
    finish(w)
}

pub fn carry_over_csv(ds: &Dataset, o: &PolicyOutcome) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        head(&["from_offer", "to_offer", "partner", "amount"]),
    )?;
    for c in &o.carry_over {
        rec(
            &mut w,
            vec![
                ds.offer(c.from).code.clone(),
                ds.offer(c.to).code.clone(),
                ds.partner(ds.offer(c.from).partner).code.clone(),
                num(c.amount),
            ],
        )?;
    }
    finish(w)
}

/// deferred.csv: the need's own period; the offer is from the next one.
pub fn deferred_csv(ds: &Dataset, o: &PolicyOutcome) -> Result<String> {
    let mut w = writer();
    rec(
        &mut w,
        head(&["offer", "partner", "party", "theme", "period", "amount"]),
    )?;
    let mut rows: Vec<Vec<String>> = o
        .deferred
        .iter()
        .map(|d| {
            let (of, n) = (ds.offer(d.offer), ds.need(d.need));
            vec![
                of.code.clone(),
                ds.partner(of.partner).code.clone(),
                ds.party(n.party).code.clone(),
                ds.theme(n.theme).code.clone(),
                ds.period_name(n.period).to_string(),
                num(d.amount),
            ]
        })
        .collect();
    rows.sort();
    for r in rows {
        rec(&mut w, r)?;
    }
    finish(w)
}
