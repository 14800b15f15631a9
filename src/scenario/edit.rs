//! Applies a scenario's edits, in order, to a copy of the base dataset. Every edit must select
//! something and name only known ids; errors name the scenario, the selector, file and line.

use super::file::{Edit, NewNeed, NewOffer, Scenario, Select};
use crate::dataset::{
    Dataset, Need, Offer, Partner, PartnerId, PartyId, PeriodId, Selection, ThemeId,
};
use crate::error::Diagnostic;

struct Ctx<'a> {
    sc: &'a Scenario,
    /// Line and column of the edit's table.
    at: (usize, usize),
}

impl Ctx<'_> {
    fn err(&self, code: &'static str, msg: String) -> Diagnostic {
        Diagnostic::error(
            code,
            &self.sc.file,
            format!("scenario \"{}\": {msg}", self.sc.name),
        )
        .at(self.at.0, self.at.1.to_string())
    }
}

/// The dataset of scenario `sc`: the base with every edit applied.
/// Amounts pushed outside the accepted range by scaling are E0510.
pub fn apply(base: &Dataset, sc: &Scenario) -> Result<Dataset, Diagnostic> {
    let mut ds = base.clone();
    for (at, edit) in &sc.edits {
        let cx = Ctx { sc, at: *at };
        apply_one(&mut ds, edit, &cx)?;
        in_range(&ds, &cx)?;
    }
    Ok(ds)
}

/// Every scenario applied to `base` once, before anything is solved: every problem, as the
/// bad input it is (a scenarios file either applies in full or the run stops).
pub fn check_all(base: &Dataset, scenarios: &[Scenario]) -> Result<(), crate::Error> {
    let errors: Vec<Diagnostic> =
        crate::parallel::par_map(None, scenarios, |sc| apply(base, sc).err())?
            .into_iter()
            .flatten()
            .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Invalid(errors))
    }
}

fn in_range(ds: &Dataset, cx: &Ctx) -> Result<(), Diagnostic> {
    use crate::validate::{MAX_AMOUNT, MIN_AMOUNT};
    let ok = |x: f64| (MIN_AMOUNT..=MAX_AMOUNT).contains(&x);
    let bad = ds
        .needs
        .iter()
        .map(|n| n.amount)
        .chain(ds.offers.iter().map(|o| o.amount))
        .find(|x| !ok(*x));
    match bad {
        Some(x) => Err(cx.err("E0510", format!("the edits make an amount {x}, outside [{MIN_AMOUNT:e}, {MAX_AMOUNT:e}]; use a smaller factor"))),
        None => Ok(()),
    }
}

fn apply_one(ds: &mut Dataset, edit: &Edit, cx: &Ctx) -> Result<(), Diagnostic> {
    match edit {
        Edit::ScaleOffers(sel, f) => {
            for i in selected_offers(ds, sel, cx)? {
                ds.offers[i].amount *= f;
            }
        }
        Edit::RemoveOffers(sel) => {
            let gone = selected_offers(ds, sel, cx)?;
            let mut i = 0;
            ds.offers.retain(|_| {
                i += 1;
                !gone.contains(&(i - 1))
            });
        }
        Edit::ScaleNeeds(sel, f) => {
            for i in selected_needs(ds, sel, cx)? {
                ds.needs[i].amount *= f;
            }
        }
        Edit::SetPriority(sel, p) => {
            for i in selected_needs(ds, sel, cx)? {
                ds.needs[i].priority = *p;
            }
        }
        Edit::SetPartyWeight(parties, w) => {
            for p in parties {
                let i = find(
                    &ds.parties
                        .iter()
                        .map(|p| p.code.as_str())
                        .collect::<Vec<_>>(),
                    p,
                    "party",
                    cx,
                )?;
                ds.parties[i].weight = *w;
            }
        }
        Edit::SetThemeWeight(themes, w) => {
            for t in themes {
                let i = find(
                    &ds.themes
                        .iter()
                        .map(|t| t.code.as_str())
                        .collect::<Vec<_>>(),
                    t,
                    "theme",
                    cx,
                )?;
                ds.themes[i].weight = *w;
            }
        }
        Edit::AddOffer(o) => add_offer(ds, o, cx)?,
        Edit::AddNeed(n) => add_need(ds, n, cx)?,
    }
    Ok(())
}

fn find(codes: &[&str], id: &str, what: &str, cx: &Ctx) -> Result<usize, Diagnostic> {
    codes
        .iter()
        .position(|c| *c == id)
        .ok_or_else(|| cx.err("E0506", format!("unknown {what} \"{id}\"")))
}

/// Resolve a selector list to indices, rejecting unknown ids.
fn ids(
    list: &Option<Vec<String>>,
    codes: &[&str],
    what: &str,
    cx: &Ctx,
) -> Result<Option<Vec<usize>>, Diagnostic> {
    list.as_ref()
        .map(|l| l.iter().map(|id| find(codes, id, what, cx)).collect())
        .transpose()
}

fn covers(sel: &Selection, wanted: &Option<Vec<usize>>) -> bool {
    wanted
        .as_ref()
        .is_none_or(|w| w.iter().any(|&i| sel.contains(i)))
}

fn selected_offers(ds: &Dataset, sel: &Select, cx: &Ctx) -> Result<Vec<usize>, Diagnostic> {
    if sel.ldc.is_some() || sel.sids.is_some() {
        return Err(cx.err(
            "E0504",
            "`ldc` and `sids` select needs, not offers; use party or region".into(),
        ));
    }
    let offers: Vec<&str> = ds.offers.iter().map(|o| o.code.as_str()).collect();
    let partners: Vec<&str> = ds.partners.iter().map(|p| p.code.as_str()).collect();
    let offer = ids(&sel.offer, &offers, "offer", cx)?;
    let partner = ids(&sel.partner, &partners, "partner", cx)?;
    let (party, region, theme, period) = need_ids(ds, sel, cx)?;
    if let Some(kinds) = &sel.partner_kind {
        for k in kinds {
            if !ds.partners.iter().any(|p| &p.kind == k) {
                return Err(cx.err("E0506", format!("unknown partner kind \"{k}\"")));
            }
        }
    }
    let hits: Vec<usize> = (0..ds.offers.len())
        .filter(|&i| {
            let o = &ds.offers[i];
            offer.as_ref().is_none_or(|v| v.contains(&i))
                && partner
                    .as_ref()
                    .is_none_or(|v| v.contains(&o.partner.index()))
                && sel
                    .partner_kind
                    .as_ref()
                    .is_none_or(|v| v.contains(&ds.partner(o.partner).kind))
                && period
                    .as_ref()
                    .is_none_or(|v| v.contains(&o.period.index()))
                && covers(&o.themes, &theme)
                && covers(&o.regions, &region)
                && covers(&o.parties, &party)
        })
        .collect();
    nonempty(hits, sel, cx)
}

type NeedIds = (
    Option<Vec<usize>>,
    Option<Vec<usize>>,
    Option<Vec<usize>>,
    Option<Vec<usize>>,
);

fn need_ids(ds: &Dataset, sel: &Select, cx: &Ctx) -> Result<NeedIds, Diagnostic> {
    let parties: Vec<&str> = ds.parties.iter().map(|p| p.code.as_str()).collect();
    let regions: Vec<&str> = ds.regions.iter().map(|r| r.as_str()).collect();
    let themes: Vec<&str> = ds.themes.iter().map(|t| t.code.as_str()).collect();
    let periods: Vec<&str> = ds.periods.iter().map(|p| p.as_str()).collect();
    Ok((
        ids(&sel.party, &parties, "party", cx)?,
        ids(&sel.region, &regions, "region", cx)?,
        ids(&sel.theme, &themes, "theme", cx)?,
        ids(&sel.period, &periods, "period", cx)?,
    ))
}

fn selected_needs(ds: &Dataset, sel: &Select, cx: &Ctx) -> Result<Vec<usize>, Diagnostic> {
    if sel.offer.is_some() || sel.partner.is_some() || sel.partner_kind.is_some() {
        return Err(cx.err(
            "E0504",
            "`offer`, `partner` and `partner_kind` select offers, not needs".into(),
        ));
    }
    let (party, region, theme, period) = need_ids(ds, sel, cx)?;
    let hits: Vec<usize> = (0..ds.needs.len())
        .filter(|&i| {
            let n = &ds.needs[i];
            let p = ds.party(n.party);
            party.as_ref().is_none_or(|v| v.contains(&n.party.index()))
                && region
                    .as_ref()
                    .is_none_or(|v| v.contains(&p.region.index()))
                && theme.as_ref().is_none_or(|v| v.contains(&n.theme.index()))
                && period
                    .as_ref()
                    .is_none_or(|v| v.contains(&n.period.index()))
                && sel.ldc.is_none_or(|f| p.ldc == f)
                && sel.sids.is_none_or(|f| p.sids == f)
        })
        .collect();
    nonempty(hits, sel, cx)
}

fn nonempty(hits: Vec<usize>, sel: &Select, cx: &Ctx) -> Result<Vec<usize>, Diagnostic> {
    if hits.is_empty() {
        Err(cx.err(
            "E0505",
            format!("the selector ({}) selects nothing", sel.describe()),
        ))
    } else {
        Ok(hits)
    }
}

fn positive(v: f64, what: &str, cx: &Ctx) -> Result<f64, Diagnostic> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(cx.err("E0504", format!("`{what}` is {v}; expected a number > 0")))
    }
}

fn selection(
    items: &[String],
    codes: &[&str],
    what: &str,
    cx: &Ctx,
) -> Result<Selection, Diagnostic> {
    if items.is_empty() || items.iter().any(|s| s == "*") {
        return Ok(Selection::All);
    }
    let idx = items
        .iter()
        .map(|s| find(codes, s, what, cx))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Selection::from_members(codes.len(), idx))
}

fn add_offer(ds: &mut Dataset, o: &NewOffer, cx: &Ctx) -> Result<(), Diagnostic> {
    if ds.offers.iter().any(|x| x.code == o.offer) {
        return Err(cx.err("E0507", format!("offer \"{}\" already exists", o.offer)));
    }
    let partner = match ds.partners.iter().position(|p| p.code == o.partner) {
        Some(i) => i,
        None => match (&o.partner_name, &o.partner_kind) {
            (Some(name), Some(kind)) => {
                ds.partners.push(Partner { code: o.partner.clone(), name: name.clone(), kind: kind.clone() });
                ds.partners.len() - 1
            }
            _ => return Err(cx.err("E0506", format!("unknown partner \"{}\"; give partner_name and partner_kind to add a new partner", o.partner))),
        },
    };
    let periods: Vec<&str> = ds.periods.iter().map(|p| p.as_str()).collect();
    let themes: Vec<&str> = ds.themes.iter().map(|t| t.code.as_str()).collect();
    let regions: Vec<&str> = ds.regions.iter().map(|r| r.as_str()).collect();
    let parties: Vec<&str> = ds.parties.iter().map(|p| p.code.as_str()).collect();
    let offer = Offer {
        code: o.offer.clone(),
        partner: PartnerId(partner as u32),
        period: PeriodId(find(&periods, &o.period, "period", cx)? as u32),
        amount: positive(o.amount, "amount", cx)?,
        themes: selection(&o.themes, &themes, "theme", cx)?,
        regions: selection(&o.regions, &regions, "region", cx)?,
        parties: selection(&o.parties, &parties, "party", cx)?,
        max_per_party: o.max_per_party,
        effectiveness: positive(o.effectiveness.unwrap_or(1.0), "effectiveness", cx)?,
    };
    ds.offers.push(offer);
    Ok(())
}

fn add_need(ds: &mut Dataset, n: &NewNeed, cx: &Ctx) -> Result<(), Diagnostic> {
    let parties: Vec<&str> = ds.parties.iter().map(|p| p.code.as_str()).collect();
    let themes: Vec<&str> = ds.themes.iter().map(|t| t.code.as_str()).collect();
    let periods: Vec<&str> = ds.periods.iter().map(|p| p.as_str()).collect();
    let need = Need {
        party: PartyId(find(&parties, &n.party, "party", cx)? as u32),
        theme: ThemeId(find(&themes, &n.theme, "theme", cx)? as u32),
        period: PeriodId(find(&periods, &n.period, "period", cx)? as u32),
        amount: positive(n.amount, "amount", cx)?,
        priority: positive(n.priority.unwrap_or(1.0), "priority", cx)?,
    };
    if ds
        .needs
        .iter()
        .any(|x| x.party == need.party && x.theme == need.theme && x.period == need.period)
    {
        return Err(cx.err(
            "E0507",
            format!(
                "need ({}, {}, {}) already exists; use scale_needs",
                n.party, n.theme, n.period
            ),
        ));
    }
    ds.needs.push(need);
    Ok(())
}
