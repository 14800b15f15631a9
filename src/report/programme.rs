//! programme.csv: the plan as the biennial programme of work reads it, one row per biennium,
//! partner, region and theme, with the Parties served and the delivery channel.

use super::table::{Cell, Table};
use crate::dataset::Dataset;
use crate::plan::Plan;
use std::collections::{BTreeMap, BTreeSet};

/// The delivery channel of a partner kind: the Stockholm Convention regional centres deliver
/// their own offers; the Secretariat's offers go through its regional focal points; every other
/// partner (the GEF and its agencies, bilateral donors, UN agencies, the Special Programme)
/// delivers as a partner.
pub fn channel(kind: &str) -> &'static str {
    match kind {
        "regional_centre" => "regional centre",
        "secretariat" => "Secretariat / regional focal point",
        _ => "partner",
    }
}

/// (period, partner, region, theme), each by its dataset index.
type Key = (usize, usize, usize, usize);

/// One row per (biennium of the offer, partner, region, theme) that carries money, in dataset
/// order of each: the amount, how many Parties it serves and their names.
pub fn programme_table(ds: &Dataset, plan: &Plan) -> Table {
    let mut rows: BTreeMap<Key, (f64, BTreeSet<usize>)> = BTreeMap::new();
    for a in plan.allocations.iter().filter(|a| a.amount > 0.0) {
        let (o, n) = (ds.offer(a.offer), ds.need(a.need));
        let party = ds.party(n.party);
        let key = (
            o.period.index(),
            o.partner.index(),
            party.region.index(),
            n.theme.index(),
        );
        let row = rows.entry(key).or_default();
        row.0 += a.amount;
        row.1.insert(n.party.index());
    }
    let mut t = Table::new(&[
        "period",
        "partner",
        "partner_name",
        "channel",
        "region",
        "theme",
        "theme_name",
        "amount",
        "parties",
        "party_names",
    ]);
    for ((period, partner, region, theme), (amount, parties)) in rows {
        let p = &ds.partners[partner];
        let names: Vec<&str> = parties
            .iter()
            .map(|&i| ds.parties[i].name.as_str())
            .collect();
        t.push(vec![
            Cell::text(&ds.periods[period]),
            Cell::text(&p.code),
            Cell::text(&p.name),
            Cell::text(channel(&p.kind)),
            Cell::text(&ds.regions[region]),
            Cell::text(&ds.themes[theme].code),
            Cell::text(&ds.themes[theme].name),
            Cell::Num(amount),
            Cell::Count(parties.len()),
            Cell::text(names.join("; ")),
        ]);
    }
    t
}
