//! The plan folder's CSV tables: allocation, needs, parties and offers.

use super::num;
use crate::Result;
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use crate::plan::Plan;

pub(super) fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Result<String> {
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Write one record of any cells (the one CSV record helper of the report writers).
pub(super) fn rec<I, T>(w: &mut csv::Writer<Vec<u8>>, cells: I) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    Ok(w.write_record(cells)?)
}

fn row<const N: usize>(w: &mut csv::Writer<Vec<u8>>, cells: [&str; N]) -> Result<()> {
    rec(w, cells)
}

/// allocation.csv: offer,partner,party,theme,period,amount, sorted by offer, party, theme, period.
pub fn allocation_csv(ds: &Dataset, plan: &Plan) -> Result<String> {
    let mut rows: Vec<[String; 6]> = plan
        .allocations
        .iter()
        .map(|a| {
            let (o, n) = (ds.offer(a.offer), ds.need(a.need));
            [
                o.code.clone(),
                ds.partner(o.partner).code.clone(),
                ds.party(n.party).code.clone(),
                ds.theme(n.theme).code.clone(),
                ds.period_name(n.period).to_string(),
                num(a.amount),
            ]
        })
        .collect();
    rows.sort();
    let mut w = writer();
    row(
        &mut w,
        ["offer", "partner", "party", "theme", "period", "amount"],
    )?;
    for r in &rows {
        rec(&mut w, r)?;
    }
    finish(w)
}

/// needs.csv: one row per need, in input order.
pub fn needs_csv(ds: &Dataset, s: &PlanStats) -> Result<String> {
    let mut w = writer();
    row(
        &mut w,
        [
            "party",
            "theme",
            "period",
            "amount",
            "priority",
            "weight",
            "reachable",
            "funded",
            "unmet",
            "coverage",
        ],
    )?;
    for (i, n) in ds.needs.iter().enumerate() {
        let weight = ds.need_weight(crate::dataset::NeedId(i as u32));
        let funded = s.funded[i];
        row(
            &mut w,
            [
                &ds.party(n.party).code,
                &ds.theme(n.theme).code,
                ds.period_name(n.period),
                &num(n.amount),
                &num(n.priority),
                &num(weight),
                if s.reachable[i] { "true" } else { "false" },
                &num(funded),
                &num((n.amount - funded).max(0.0)),
                &num(funded / n.amount),
            ],
        )?;
    }
    finish(w)
}

/// parties.csv: one row per Party, in input order.
pub fn parties_csv(ds: &Dataset, s: &PlanStats) -> Result<String> {
    let mut w = writer();
    row(
        &mut w,
        [
            "party",
            "name",
            "region",
            "ldc",
            "sids",
            "need",
            "reachable_need",
            "funded",
            "unmet",
            "coverage",
            "partners",
        ],
    )?;
    for (i, p) in ds.parties.iter().enumerate() {
        let g = &s.by_party[i];
        row(
            &mut w,
            [
                &p.code,
                &p.name,
                ds.region_name(p.region),
                bool_str(p.ldc),
                bool_str(p.sids),
                &num(g.need),
                &num(g.reachable_need),
                &num(g.funded),
                &num((g.need - g.funded).max(0.0)),
                &num(g.coverage()),
                &s.partners_by_party[i].to_string(),
            ],
        )?;
    }
    finish(w)
}

/// offers.csv: one row per offer, in input order.
pub fn offers_csv(ds: &Dataset, s: &PlanStats) -> Result<String> {
    let mut w = writer();
    row(
        &mut w,
        [
            "offer",
            "partner",
            "kind",
            "period",
            "capacity",
            "used",
            "unused",
            "utilisation",
        ],
    )?;
    for (i, o) in ds.offers.iter().enumerate() {
        let p = ds.partner(o.partner);
        let used = s.used[i];
        row(
            &mut w,
            [
                &o.code,
                &p.code,
                &p.kind,
                ds.period_name(o.period),
                &num(o.amount),
                &num(used),
                &num((o.amount - used).max(0.0)),
                &num(used / o.amount),
            ],
        )?;
    }
    finish(w)
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}
