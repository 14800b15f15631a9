//! The sensitivity section of report.md, in planners' words.

use super::text::{md, money, pct};
use crate::analysis::budget_curve::{CurvePoint, value_at};
use crate::analysis::sensitivity::Sensitivity;
use crate::dataset::Dataset;
use std::fmt::Write;

/// How many plan units make 100,000 currency units (100 when amounts are in thousands).
fn hundred_k(ds: &Dataset) -> f64 {
    100_000.0 / ds.meta.unit
}

pub fn sensitivity_md(ds: &Dataset, s: &Sensitivity, curve: &[CurvePoint]) -> String {
    let mut r =
        String::from("## Sensitivity: where more money helps, and how robust the plan is\n\n");
    best_offers(&mut r, ds, s);
    first_needs(&mut r, ds, s);
    binding(&mut r, ds, s);
    partner_ranges(&mut r, ds, s);
    degeneracy(&mut r, s);
    curve_summary(&mut r, ds, curve);
    r
}

fn best_offers(r: &mut String, ds: &Dataset, s: &Sensitivity) {
    let step = hundred_k(ds);
    let _ = writeln!(
        r,
        "### Where an extra {} {} does most good\n",
        money(100_000.0),
        md(&ds.meta.currency)
    );
    if s.best_offers.is_empty() {
        let _ = writeln!(
            r,
            "No offer is fully used: more money in any offer would not change the plan.\n"
        );
        return;
    }
    let _ = writeln!(
        r,
        "| Offer | Partner | Period | Gain from {} more | Shadow price | Effectiveness | Shadow price / effectiveness | Price holds up to capacity |\n|---|---|---|---:|---:|---:|---:|---:|",
        money(step)
    );
    for &(o, gain) in &s.best_offers {
        let (offer, x) = (ds.offer(o), &s.offers[o.index()]);
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {:.4} | {:.3} | {:.3} | {} |",
            md(&offer.code),
            md(&ds.partner(offer.partner).name),
            md(ds.period_name(offer.period)),
            money(gain),
            x.shadow_price,
            offer.effectiveness,
            x.shadow_price / offer.effectiveness,
            money(x.rhs_high)
        );
    }
    let _ = writeln!(
        r,
        "\nWhat drives the ranking: an offer's shadow price is its effectiveness (an input, offers.csv of the dataset) times what one more unit is worth to the needs it can reach: the weight (Party x theme x need priority) of the need it would fund next, less what that need's money already earns elsewhere. The last-but-one column is that worth; where it is equal, offers with a higher assumed effectiveness rank first. Gains are exact re-solves in the same units; the shadow price holds while capacity stays below the last column.\n"
    );
}

fn first_needs(r: &mut String, ds: &Dataset, s: &Sensitivity) {
    // A need's best pair: the largest reduced cost among its eligible offers (0 = at the margin).
    let mut best: Vec<Option<f64>> = vec![None; ds.needs.len()];
    for e in &s.edges {
        let b = &mut best[e.need.index()];
        *b = Some(b.map_or(e.reduced_cost, |v: f64| v.max(e.reduced_cost)));
    }
    let mut idx: Vec<(f64, usize)> = (0..ds.needs.len())
        .filter(|&i| s.needs[i].activity < ds.needs[i].amount - 1e-6)
        .filter_map(|i| best[i].map(|b| (b, i)))
        .collect();
    idx.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(
                ds.need_weight(crate::dataset::NeedId(b.1 as u32))
                    .total_cmp(&ds.need_weight(crate::dataset::NeedId(a.1 as u32))),
            )
            .then(a.1.cmp(&b.1))
    });
    let _ = writeln!(
        r,
        "### Needs that would be funded first if money appeared\n"
    );
    if idx.is_empty() {
        let _ = writeln!(r, "Every reachable need is fully funded.\n");
        return;
    }
    let (margin, next): (Vec<_>, Vec<_>) = idx.iter().partition(|(b, _)| *b >= -MARGIN);
    if !margin.is_empty() {
        let mut by_theme = vec![0usize; ds.themes.len()];
        for &&(_, i) in &margin {
            by_theme[ds.needs[i].theme.index()] += 1;
        }
        let mut themes: Vec<(usize, usize)> = by_theme
            .into_iter()
            .enumerate()
            .filter(|t| t.1 > 0)
            .collect();
        themes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let list: Vec<String> = themes
            .iter()
            .map(|&(t, k)| format!("{} {k}", md(&ds.themes[t].name)))
            .collect();
        let _ = writeln!(
            r,
            "{} partly funded needs are at the margin: their best offer's money is worth as much on them as anywhere else (or a per-Party cap holds it back), so they are first in line when that offer grows; with many of them, which one gets the money is itself a choice among equally good plans. By theme: {}.\n",
            margin.len(),
            list.join(", ")
        );
    }
    if next.is_empty() {
        return;
    }
    let _ = writeln!(
        r,
        "Next in line, with the extra weight each would need to draw money from its best offer:\n\n| Party | Theme | Period | Unmet | Extra weight needed |\n|---|---|---|---:|---:|"
    );
    for &&(b, i) in next.iter().take(10) {
        let n = &ds.needs[i];
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {:.4} |",
            md(&ds.party(n.party).name),
            md(&ds.theme(n.theme).name),
            md(ds.period_name(n.period)),
            money(n.amount - s.needs[i].activity),
            -b
        );
    }
    r.push('\n');
}

/// A need whose best pair's reduced cost is within this of zero is at the margin.
const MARGIN: f64 = 1e-9;

fn binding(r: &mut String, ds: &Dataset, s: &Sensitivity) {
    let offers = s.offers.iter().filter(|x| x.shadow_price > 0.0).count();
    let needs = s.needs.iter().filter(|x| x.shadow_price > 0.0).count();
    let caps = s.caps.iter().filter(|x| x.row.shadow_price > 0.0).count();
    let _ = writeln!(r, "### Binding constraints\n");
    let _ = writeln!(
        r,
        "- {offers} of {} offers are fully used and would do more with more money;",
        ds.offers.len()
    );
    let _ = writeln!(
        r,
        "- {needs} of {} needs are fully funded by offers that still value them (their shadow price is positive);",
        ds.needs.len()
    );
    let _ = writeln!(r, "- {caps} of {} per-Party caps bind.\n", s.caps.len());
    let mut capped: Vec<usize> = (0..s.caps.len())
        .filter(|&i| s.caps[i].row.shadow_price > 0.0)
        .collect();
    capped.sort_by(|&a, &b| {
        s.caps[b]
            .row
            .shadow_price
            .total_cmp(&s.caps[a].row.shadow_price)
            .then(a.cmp(&b))
    });
    for &i in capped.iter().take(5) {
        let c = &s.caps[i];
        let _ = writeln!(
            r,
            "- The cap of {} on {} ({}) costs {:.4} per unit.",
            md(&crate::analysis::explain::offer_label(ds, c.offer)),
            md(&ds.party(c.party).name),
            money(c.row.bound),
            c.row.shadow_price
        );
    }
    if !capped.is_empty() {
        r.push('\n');
    }
}

fn partner_ranges(r: &mut String, ds: &Dataset, s: &Sensitivity) {
    let mut cap_by_partner = vec![0.0; ds.partners.len()];
    for o in &ds.offers {
        cap_by_partner[o.partner.index()] += o.amount;
    }
    let mut partners: Vec<usize> = (0..ds.partners.len()).collect();
    partners.sort_by(|&a, &b| {
        cap_by_partner[b]
            .total_cmp(&cap_by_partner[a])
            .then(a.cmp(&b))
    });
    let _ = writeln!(r, "### How far the major partners' budgets can move\n");
    let _ = writeln!(
        r,
        "Within these ranges each offer's shadow price, and so the pattern of which needs it funds at the margin, stays the same.\n"
    );
    let _ = writeln!(
        r,
        "| Partner | Offer | Period | Capacity | Can fall by | Can rise by | Shadow price |\n|---|---|---|---:|---:|---:|---:|"
    );
    for &p in partners.iter().take(5) {
        for (i, o) in ds
            .offers
            .iter()
            .enumerate()
            .filter(|(_, o)| o.partner.index() == p)
        {
            let x = &s.offers[i];
            let rise = if x.rhs_high.is_finite() {
                money(x.rhs_high - o.amount)
            } else {
                "without limit".into()
            };
            let _ = writeln!(
                r,
                "| {} | {} | {} | {} | {} | {rise} | {:.4} |",
                md(&ds.partners[p].name),
                md(&o.code),
                md(ds.period_name(o.period)),
                money(o.amount),
                money(o.amount - x.rhs_low),
                x.shadow_price
            );
        }
    }
    r.push('\n');
}

fn degeneracy(r: &mut String, s: &Sensitivity) {
    if s.primal_degenerate > 0 {
        let _ = writeln!(
            r,
            "**More than one set of prices proves this plan best.** {} amounts sit exactly at a limit (an offer used up, a need fully funded or a cap reached) where they need not, so the shadow prices shown are one valid set among several: the set the solver found, which `taplan verify` checks proves the plan optimal. Another valid set may price some offers differently.\n",
            s.primal_degenerate
        );
    }
    if s.dual_degenerate > 0 {
        let _ = writeln!(
            r,
            "**Other plans are equally good.** {} unused offer-to-need pairings (or unused limits) would earn exactly what the money they displace earns, so plans that use them reach the same weighted funding; this report shows the canonical one (see \"One plan among equally good ones\").\n",
            s.dual_degenerate
        );
    }
}

fn curve_summary(r: &mut String, ds: &Dataset, curve: &[CurvePoint]) {
    let all: Vec<&CurvePoint> = curve.iter().filter(|p| p.scope == "all").collect();
    if all.is_empty() {
        return;
    }
    let _ = writeln!(
        r,
        "### Budget curve (sensitivity/budget_curve.csv)\n\n| Available assistance | Budget | Weighted funding (the plan's = 100%) | Value of one more unit |\n|---:|---:|---:|---:|"
    );
    let (fixed, total) = (all[0].budget, ds.total_capacity());
    let plan = value_at(curve, "all", 1.0).unwrap_or(0.0);
    for s in [0.5, 1.0, 1.5, 2.0] {
        let Some(v) = value_at(curve, "all", s) else {
            continue;
        };
        // The slope of the piece that starts at or before this scale.
        let slope = all
            .iter()
            .rev()
            .find(|p| p.scale <= s + 1e-12 && p.slope.is_some())
            .and_then(|p| p.slope);
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} |",
            pct(s),
            money(fixed + (total - fixed) * s),
            if plan > 0.0 {
                pct(v / plan)
            } else {
                "-".into()
            },
            slope.map_or_else(|| "-".to_string(), |g| format!("{g:.4}"))
        );
    }
    let _ = writeln!(
        r,
        "\nAmounts in the plan's unit ({} {}). The curve is exact: budget_curve.csv lists every point where its slope changes, and the values here are read off it. Weighted funding is what the plan maximises (see Totals). The value of one more unit is the weighted funding gained per unit of budget on the piece of the curve that starts at that point (at 200%, the piece that ends there); it never increases as the budget grows.\n",
        ds.meta.unit,
        md(&ds.meta.currency)
    );
}
