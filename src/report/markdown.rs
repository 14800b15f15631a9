//! report.md: a plain-language summary a planner can paste into a draft plan.

use super::PlanOutput;
use super::text::{md, money, pct};
use crate::analysis::stats::{Group, PlanStats};
use std::fmt::Write;

fn unit_label(out: &PlanOutput) -> String {
    let m = &out.ds.meta;
    if m.unit == 1000.0 {
        format!("thousand {}", m.currency)
    } else if m.unit == 1.0 {
        m.currency.clone()
    } else {
        format!("{} x {}", m.currency, m.unit)
    }
}

pub fn report_md(out: &PlanOutput, s: &PlanStats) -> String {
    let ds = out.ds;
    let u = unit_label(out);
    let mut r = String::new();
    let _ = writeln!(r, "# Technical assistance plan: {}\n", md(&ds.meta.name));
    let _ = writeln!(
        r,
        "Policy `{}`, solved by {} (status: {}). Amounts in {}.\n",
        md(out.policy),
        out.plan.solver,
        out.plan.status.as_str(),
        md(&u)
    );
    totals(&mut r, out, s);
    group_table(
        &mut r,
        "Coverage by region",
        "Region",
        ds.region_labels(),
        &s.by_region,
    );
    group_table(
        &mut r,
        "Coverage by theme",
        "Theme",
        ds.themes.iter().map(|t| t.name.as_str()),
        &s.by_theme,
    );
    r.push_str(&super::drivers::region_theme_md(ds, s));
    r.push_str(&super::drivers::drivers_md(out, s));
    r.push_str(&super::groups::ldc_sids_md(ds, s));
    largest_unmet(&mut r, out, s);
    unused_capacity(&mut r, out, s);
    r.push_str(&super::partners::partners_md(out, s));
    if !out.warnings.is_empty() {
        let _ = writeln!(
            r,
            "## Warnings\n\n{} input warnings (unreachable needs, unused offers, ignored columns); run `taplan validate` to list them.\n",
            out.warnings.len()
        );
    }
    r
}

/// The totals section: need, assistance, allocation and weighted coverage.
fn totals(r: &mut String, out: &PlanOutput, s: &PlanStats) {
    let ds = out.ds;
    let _ = writeln!(r, "## Totals\n");
    let _ = writeln!(
        r,
        "- Needs reported: {} across {} Parties, {} themes and {} periods ({} of it reachable by some offer).",
        money(s.total_need),
        ds.parties.len(),
        ds.themes.len(),
        ds.periods.len(),
        money(s.reachable_need)
    );
    let _ = writeln!(
        r,
        "- Assistance available: {} in {} offers from {} partners.",
        money(s.total_capacity),
        ds.offers.len(),
        ds.partners.len()
    );
    let _ = writeln!(
        r,
        "- Allocated: {} ({} of all need, {} of available assistance).",
        money(s.total_allocated),
        pct(ratio(s.total_allocated, s.total_need)),
        pct(ratio(s.total_allocated, s.total_capacity))
    );
    let _ = writeln!(
        r,
        "- Weighted coverage: {}. This is the funded need weighted as the plan weighs it (Party weight x theme weight x need priority), over all need weighted the same way. The plan maximises its *weighted funding*: each unit funded, counted at the need's weight and at the effectiveness of the offer that funds it.\n",
        pct(s.weighted_coverage)
    );
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn group_table<'a>(
    r: &mut String,
    title: &str,
    label: &str,
    names: impl Iterator<Item = &'a str>,
    groups: &[Group],
) {
    let _ = writeln!(
        r,
        "## {title}\n\n| {label} | Need | Funded | Coverage |\n|---|---:|---:|---:|"
    );
    for (name, g) in names.zip(groups) {
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} |",
            md(name),
            money(g.need),
            money(g.funded),
            pct(g.coverage())
        );
    }
    r.push('\n');
}

fn largest_unmet(r: &mut String, out: &PlanOutput, s: &PlanStats) {
    let ds = out.ds;
    let mut unmet: Vec<(f64, usize)> = ds
        .needs
        .iter()
        .enumerate()
        .map(|(i, n)| (n.amount - s.funded[i], i))
        .filter(|(u, _)| *u > 1e-6)
        .collect();
    unmet.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let _ = writeln!(r, "## Largest unmet needs\n");
    if unmet.is_empty() {
        let _ = writeln!(r, "Every need is fully funded.\n");
        return;
    }
    let _ = writeln!(
        r,
        "| Party | Theme | Period | Unmet | Reachable |\n|---|---|---|---:|---|"
    );
    for (u, i) in unmet.iter().take(10) {
        let n = &ds.needs[*i];
        let reach = if s.reachable[*i] {
            "yes"
        } else {
            "no offer reaches it"
        };
        let _ = writeln!(
            r,
            "| {} ({}) | {} | {} | {} | {reach} |",
            md(&ds.party(n.party).name),
            md(&ds.party(n.party).code),
            md(&ds.theme(n.theme).name),
            md(ds.period_name(n.period)),
            money(*u)
        );
    }
    r.push('\n');
}

fn unused_capacity(r: &mut String, out: &PlanOutput, s: &PlanStats) {
    let ds = out.ds;
    let mut unused: Vec<(f64, usize)> = ds
        .offers
        .iter()
        .enumerate()
        .map(|(i, o)| (o.amount - s.used[i], i))
        .filter(|(u, _)| *u > 1e-6)
        .collect();
    unused.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let total: f64 = unused.iter().map(|x| x.0).sum();
    let _ = writeln!(r, "## Unused capacity\n");
    if unused.is_empty() {
        let _ = writeln!(r, "All available assistance is allocated.\n");
        return;
    }
    let _ = writeln!(
        r,
        "{} left unallocated in {} offers (no eligible need remains for it). The largest:\n",
        money(total),
        unused.len()
    );
    let _ = writeln!(
        r,
        "| Offer | Partner | Period | Unused | Capacity |\n|---|---|---|---:|---:|"
    );
    for (u, i) in unused.iter().take(10) {
        let o = &ds.offers[*i];
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {} |",
            md(&o.code),
            md(&ds.partner(o.partner).name),
            md(ds.period_name(o.period)),
            money(*u),
            money(o.amount)
        );
    }
    r.push('\n');
}
