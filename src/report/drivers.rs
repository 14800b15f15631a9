//! What drives the outcome: coverage by region and theme together, and the themes and regions
//! far below the average, each named with the input that puts it there (eligibility rules,
//! the money that may reach it, or the weights it competes with).

use super::PlanOutput;
use super::text::{md, money, pct};
use crate::analysis::stats::PlanStats;
use crate::dataset::Dataset;
use std::fmt::Write;

/// A theme or region is "far below" the average when its coverage (funded / need) is under
/// this fraction of the plan's (documented in docs/data-format.md, report.md).
pub const FAR_BELOW: f64 = 0.75;

/// The region x theme matrix of coverage (funded / need); `-` where a theme has no need in a
/// region.
pub fn region_theme_md(ds: &Dataset, s: &PlanStats) -> String {
    let (nr, nt) = (ds.regions.len(), ds.themes.len());
    let (mut need, mut funded) = (vec![0.0; nr * nt], vec![0.0; nr * nt]);
    for (i, n) in ds.needs.iter().enumerate() {
        let k = n.theme.index() * nr + ds.party(n.party).region.index();
        need[k] += n.amount;
        funded[k] += s.funded[i];
    }
    let mut r = String::from(
        "## Coverage of each theme in each region\n\nFunded over need, per theme (rows) and region (columns); `-` where the region reports no need for the theme.\n\n| Theme |",
    );
    for label in ds.region_labels() {
        let _ = write!(r, " {} |", md(label));
    }
    r.push_str(" All regions |\n|---|");
    r.push_str(&"---:|".repeat(nr + 1));
    r.push('\n');
    for (t, theme) in ds.themes.iter().enumerate() {
        let _ = write!(r, "| {} |", md(&theme.name));
        for k in t * nr..(t + 1) * nr {
            let cell = if need[k] > 0.0 {
                pct(funded[k] / need[k])
            } else {
                "-".into()
            };
            let _ = write!(r, " {cell} |");
        }
        let _ = writeln!(r, " {} |", pct(s.by_theme[t].coverage()));
    }
    r.push('\n');
    r
}

/// A theme or a region.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Theme(usize),
    Region(usize),
}

impl Scope {
    fn holds(self, ds: &Dataset, need: usize) -> bool {
        let n = &ds.needs[need];
        match self {
            Scope::Theme(t) => n.theme.index() == t,
            Scope::Region(r) => ds.party(n.party).region.index() == r,
        }
    }

    fn name(self, ds: &Dataset) -> String {
        match self {
            Scope::Theme(t) => format!("The theme {}", ds.themes[t].name),
            Scope::Region(r) => format!(
                "The region {}",
                ds.region_label(crate::dataset::RegionId(r as u32))
            ),
        }
    }
}

/// The section: every theme and region far below the average, and why.
pub fn drivers_md(out: &PlanOutput, s: &PlanStats) -> String {
    let ds = out.ds;
    let average = ratio(s.total_allocated, s.total_need);
    let low =
        |g: &crate::analysis::stats::Group| g.need > 0.0 && g.coverage() < FAR_BELOW * average;
    let mut scopes: Vec<Scope> = (0..ds.themes.len())
        .filter(|&t| low(&s.by_theme[t]))
        .map(Scope::Theme)
        .collect();
    scopes.extend(
        (0..ds.regions.len())
            .filter(|&r| low(&s.by_region[r]))
            .map(Scope::Region),
    );
    let mut r = String::from("## What drives the outcome\n\n");
    if scopes.is_empty() {
        let _ = writeln!(
            r,
            "No theme or region is far below the plan's coverage of {} (below {} of it).\n",
            pct(average),
            pct(FAR_BELOW)
        );
        return r;
    }
    let _ = writeln!(
        r,
        "Themes and regions covered at less than {} of the plan's coverage ({}), and the input that puts them there. Weights are Party weight x theme weight x need priority (parties.csv, themes.csv, needs.csv); the plan funds the needs of higher weight first from the offers that may fund both.\n",
        pct(FAR_BELOW),
        pct(average)
    );
    let reach = reach(ds, &scopes);
    for (i, &scope) in scopes.iter().enumerate() {
        let _ = writeln!(r, "- {}", why(out, s, scope, &reach[i]));
    }
    r.push('\n');
    r
}

/// For each scope, which offers may fund at least one of its needs, and which needs outside
/// it those offers may fund too (its competitors for that money).
fn reach(ds: &Dataset, scopes: &[Scope]) -> Vec<(Vec<bool>, Vec<bool>)> {
    let pairs = ds.eligible_pairs();
    scopes
        .iter()
        .map(|scope| {
            let mut offers = vec![false; ds.offers.len()];
            for &(o, n) in &pairs {
                offers[o.index()] |= scope.holds(ds, n.index());
            }
            let mut rivals = vec![false; ds.needs.len()];
            for &(o, n) in &pairs {
                rivals[n.index()] |= offers[o.index()] && !scope.holds(ds, n.index());
            }
            (offers, rivals)
        })
        .collect()
}

/// The offers that may fund a scope, and the funding of the other needs they may fund, from
/// the plan's funding per need (the canonical plan's, so no choice among equally good plans
/// shows here).
#[derive(Default)]
struct Spending {
    capacity: f64,
    offers: usize,
    /// Funding of the rival needs, and it times their weight.
    rivals: f64,
    rivals_weighted: f64,
    /// The same by theme of the rival needs.
    by_theme: Vec<(f64, f64)>,
}

fn spending(ds: &Dataset, s: &PlanStats, (offers, rivals): &(Vec<bool>, Vec<bool>)) -> Spending {
    let mut sp = Spending {
        by_theme: vec![(0.0, 0.0); ds.themes.len()],
        ..Default::default()
    };
    for offer in ds
        .offers
        .iter()
        .zip(offers)
        .filter(|(_, r)| **r)
        .map(|(o, _)| o)
    {
        sp.capacity += offer.amount;
        sp.offers += 1;
    }
    for n in (0..ds.needs.len()).filter(|&n| rivals[n] && s.funded[n] > 0.0) {
        let w = ds.need_weight(crate::dataset::NeedId(n as u32));
        sp.rivals += s.funded[n];
        sp.rivals_weighted += s.funded[n] * w;
        let t = &mut sp.by_theme[ds.needs[n].theme.index()];
        t.0 += s.funded[n];
        t.1 += s.funded[n] * w;
    }
    sp
}

/// One sentence on why `scope` is far below the average.
fn why(out: &PlanOutput, s: &PlanStats, scope: Scope, reach: &(Vec<bool>, Vec<bool>)) -> String {
    let ds = out.ds;
    let g = match scope {
        Scope::Theme(t) => &s.by_theme[t],
        Scope::Region(r) => &s.by_region[r],
    };
    let head = format!(
        "**{}**: {} of its need of {} is funded.",
        md(&scope.name(ds)),
        pct(g.coverage()),
        money(g.need)
    );
    let eligible = ratio(g.reachable_need, g.need);
    if eligible < 0.5 {
        return format!(
            "{head} Eligibility: only {} of its need is eligible for any offer; the offers' theme, region, Party and period lists (offers.csv) leave the rest out.",
            pct(eligible)
        );
    }
    let sp = spending(ds, s, reach);
    let unmet_weight = unmet_weight(out, s, scope);
    let outside_weight = ratio(sp.rivals_weighted, sp.rivals);
    if sp.rivals > 0.0 && outside_weight > unmet_weight * (1.0 + 1e-9) {
        return format!(
            "{head} Weights: the {} offers that may fund it ({}) may also fund other needs, which receive {} in this plan, weighted {:.2} on average (over their funding), while its unfunded needs weigh {:.2}; most of it goes to {}. Its weight, not its eligibility, keeps it low.",
            sp.offers,
            money(sp.capacity),
            money(sp.rivals),
            outside_weight,
            unmet_weight,
            competitors(ds, &sp, scope)
        );
    }
    if sp.capacity < g.reachable_need {
        return format!(
            "{head} Money: the {} offers that may fund it hold {} in all, against its eligible need of {}.",
            sp.offers,
            money(sp.capacity),
            money(g.reachable_need)
        );
    }
    format!(
        "{head} The {} offers that may fund it ({}) are used on needs of the same weight; how they split between equally weighted needs follows the fairness rule of the canonical plan.",
        sp.offers,
        money(sp.capacity)
    )
}

/// The amount-weighted mean weight of the scope's unfunded need.
fn unmet_weight(out: &PlanOutput, s: &PlanStats, scope: Scope) -> f64 {
    let ds = out.ds;
    let (mut unmet, mut weighted) = (0.0, 0.0);
    for (i, n) in ds.needs.iter().enumerate() {
        if scope.holds(ds, i) && s.reachable[i] {
            let u = (n.amount - s.funded[i]).max(0.0);
            unmet += u;
            weighted += u * ds.need_weight(crate::dataset::NeedId(i as u32));
        }
    }
    ratio(weighted, unmet)
}

/// The two themes that draw most of the money, with their mean weight.
fn competitors(ds: &Dataset, sp: &Spending, scope: Scope) -> String {
    let mut themes: Vec<usize> = (0..ds.themes.len())
        .filter(|&t| sp.by_theme[t].0 > 0.0 && scope != Scope::Theme(t))
        .collect();
    themes.sort_by(|&a, &b| {
        sp.by_theme[b]
            .0
            .total_cmp(&sp.by_theme[a].0)
            .then(a.cmp(&b))
    });
    let named: Vec<String> = themes
        .iter()
        .take(2)
        .map(|&t| {
            let (money_t, weighted) = sp.by_theme[t];
            format!(
                "{} ({}, weight {:.2})",
                md(&ds.themes[t].name),
                money(money_t),
                weighted / money_t
            )
        })
        .collect();
    if named.is_empty() {
        "needs of the same theme elsewhere".into()
    } else {
        named.join(" and ")
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}
