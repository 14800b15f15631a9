//! What the page shows of a plan, as JSON: headline metrics, funding by Party, region and theme,
//! the report's own charts (rendered from memory), and who gains and who loses against the base.

use crate::analysis::metrics::metrics;
use crate::analysis::stats::{Group, PlanStats};
use crate::dataset::Dataset;
use crate::plan::Plan;
use crate::report::html_pages::live_sections;
use crate::report::whatif::Funding;
use serde_json::{Value, json};

/// The view of `plan` (solved by `policy` on `ds`); with `base`, also the deltas against it.
pub fn plan_view(ds: &Dataset, plan: &Plan, policy: &str, base: Option<&Funding>) -> Value {
    let stats = PlanStats::new(ds, plan);
    let m = metrics(ds, plan);
    let parties: Vec<Value> = ds
        .parties
        .iter()
        .zip(&stats.by_party)
        .map(|(p, g)| {
            json!({
                "id": p.code, "name": p.name, "region": ds.region_name(p.region),
                "ldc": p.ldc, "sids": p.sids, "funded": g.funded,
                "reachable_need": g.reachable_need, "coverage": reachable_coverage(g),
            })
        })
        .collect();
    let regions: Vec<Value> = ds
        .regions
        .iter()
        .zip(ds.region_labels())
        .zip(&stats.by_region)
        .map(|((r, name), g)| group(r, name, g))
        .collect();
    let themes: Vec<Value> = ds
        .themes
        .iter()
        .zip(&stats.by_theme)
        .map(|(t, g)| group(&t.code, &t.name, g))
        .collect();
    let mut view = json!({
        "policy": policy,
        "status": plan.status.as_str(),
        "objective": plan.objective,
        "headline": {
            "total_need": stats.total_need,
            "available": stats.total_capacity,
            "allocated": stats.total_allocated,
            "weighted_coverage": m.weighted_coverage,
            "share_of_need_met": m.share_of_need_met,
            "min_party_coverage": m.min_party_coverage,
            "ldc_coverage": m.ldc_coverage,
            "sids_coverage": m.sids_coverage,
            "ldc_share_of_funds": m.ldc_share_of_funds,
            "sids_share_of_funds": m.sids_share_of_funds,
            "unused_capacity": m.unused_capacity,
        },
        "parties": parties,
        "regions": regions,
        "themes": themes,
        "html": live_sections(ds, plan, policy, &stats),
    });
    if let Some(b) = base {
        view["deltas"] = deltas(ds, b, &Funding::of(ds, plan));
    }
    view
}

fn reachable_coverage(g: &Group) -> f64 {
    if g.reachable_need > 0.0 {
        g.funded / g.reachable_need
    } else {
        0.0
    }
}

fn group(id: &str, name: &str, g: &Group) -> Value {
    json!({"id": id, "name": name, "funded": g.funded, "need": g.need, "coverage": g.coverage()})
}

/// Changes against the base, largest first (changes below 1e-9 of the base's scale left out).
fn deltas(ds: &Dataset, base: &Funding, now: &Funding) -> Value {
    let parties: Vec<(&str, &str)> = ds
        .parties
        .iter()
        .map(|p| (p.code.as_str(), p.name.as_str()))
        .collect();
    let regions: Vec<(&str, &str)> = ds
        .regions
        .iter()
        .map(String::as_str)
        .zip(ds.region_labels())
        .collect();
    let themes: Vec<(&str, &str)> = ds
        .themes
        .iter()
        .map(|t| (t.code.as_str(), t.name.as_str()))
        .collect();
    json!({
        "parties": changes(&parties, &base.party, &now.party),
        "regions": changes(&regions, &base.region, &now.region),
        "themes": changes(&themes, &base.theme, &now.theme),
    })
}

/// Tolerance below which a change is solver noise, relative to max(1, base amount).
const DELTA_TOLERANCE: f64 = 1e-9;

fn changes(names: &[(&str, &str)], base: &[f64], now: &[f64]) -> Vec<Value> {
    let mut out: Vec<(f64, Value)> = names
        .iter()
        .zip(base.iter().zip(now))
        .filter(|(_, (b, n))| (*n - *b).abs() > DELTA_TOLERANCE * b.abs().max(1.0))
        .map(|((id, name), (&b, &n))| {
            let percent = if b > 0.0 { Some((n - b) / b) } else { None };
            let v = json!({"id": id, "name": name, "base": b, "funded": n,
                           "delta": n - b, "percent": percent});
            (n - b, v)
        })
        .collect();
    out.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    out.into_iter().map(|x| x.1).collect()
}
