//! Why each need got what it got: a plain-language account per need, from the plan's funding,
//! its certificate (shadow prices of offers, needs and per-Party caps) and, when computed, the
//! Party's range over the optimal face. `taplan explain` builds the input from a plan folder;
//! report.md and report.html build it from memory for the ten worst-off Parties.

use crate::canonical::Range;
use crate::dataset::{Dataset, NeedId, OfferId, PartyId};
use std::collections::HashMap;

/// A reduced cost counts as zero within this (the pair could take money at no loss).
pub const TIE_TOLERANCE: f64 = 1e-7;

/// What explains a need's funding, from the plan's certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// Shadow price of each offer's capacity row.
    pub offer: Vec<f64>,
    /// Shadow price of each need row.
    pub need: Vec<f64>,
    /// Shadow price of each (offer, Party) cap row.
    pub cap: HashMap<(usize, usize), f64>,
}

/// Everything an account needs.
pub struct Inputs<'a> {
    pub ds: &'a Dataset,
    /// Funding of each need in the plan.
    pub funded: &'a [f64],
    /// The plan's certificate (None for a policy's plan, which has no sensitivity files).
    pub certificate: Option<&'a Certificate>,
    /// Each Party's range over the optimal face, when computed.
    pub ranges: Option<&'a [Range]>,
}

/// Why one need got what it got.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    FullyFunded,
    /// No offer is eligible; each near miss fails exactly one rule (named).
    NoEligibleOffer {
        near_misses: Vec<(OfferId, Rule)>,
    },
    /// Every eligible offer's money is worth more elsewhere: the best one, what its money earns
    /// at the margin, what it would earn here, and the extra weight this need would need.
    OffersRanOut {
        offer: OfferId,
        competing: f64,
        value: f64,
        extra_weight: f64,
    },
    /// The best eligible offer already gives the Party its `max_per_party`.
    CapBinds {
        offer: OfferId,
        cap: f64,
    },
    /// The need is at the margin of `offer` (used up, its money worth exactly as much here as
    /// elsewhere). When the Party's range over the optimal face is wider than a point, equally
    /// good plans fund it differently and the fairness rule (the canonical plan) decided: a tie.
    Margin {
        offer: OfferId,
        range: Option<Range>,
    },
    /// The plan has no shadow prices (a policy's plan): only eligibility can be explained.
    NoCertificate,
}

/// An eligibility rule an offer can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Period,
    Theme,
    Region,
    PartyList,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Period => "period",
            Rule::Theme => "theme",
            Rule::Region => "region",
            Rule::PartyList => "Party list",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub need: NeedId,
    pub funded: f64,
    pub reason: Reason,
}

/// The accounts of `party`'s needs, optionally only those of one theme or period (need order).
pub fn explain_party(
    inp: &Inputs,
    party: PartyId,
    theme: Option<usize>,
    period: Option<usize>,
) -> Vec<Account> {
    let ds = inp.ds;
    ds.need_ids()
        .filter(|&n| {
            let need = ds.need(n);
            need.party == party
                && theme.is_none_or(|t| need.theme.index() == t)
                && period.is_none_or(|p| need.period.index() == p)
        })
        .map(|n| Account {
            need: n,
            funded: inp.funded[n.index()],
            reason: reason(inp, n),
        })
        .collect()
}

fn reason(inp: &Inputs, n: NeedId) -> Reason {
    let ds = inp.ds;
    let need = ds.need(n);
    let funded = inp.funded[n.index()];
    if funded >= need.amount - 1e-6 * need.amount.max(1.0) {
        return Reason::FullyFunded;
    }
    let eligible: Vec<OfferId> = ds.offer_ids().filter(|&o| ds.eligible(o, n)).collect();
    if eligible.is_empty() {
        return Reason::NoEligibleOffer {
            near_misses: near_misses(ds, n),
        };
    }
    let Some(cert) = inp.certificate else {
        return Reason::NoCertificate;
    };
    let p = need.party.index();
    // Each eligible pair's reduced cost: its value less what its money earns elsewhere.
    let rc = |o: OfferId| {
        ds.pair_value(o, n)
            - cert.offer[o.index()]
            - cert.cap.get(&(o.index(), p)).copied().unwrap_or(0.0)
            - cert.need[n.index()]
    };
    let cap_of = |o: OfferId| cert.cap.get(&(o.index(), p)).copied().unwrap_or(0.0);
    // An offer that could give more at no loss, and is not held back by its per-Party cap.
    if let Some(o) = eligible
        .iter()
        .copied()
        .find(|&o| rc(o) >= -TIE_TOLERANCE && cap_of(o) <= TIE_TOLERANCE)
    {
        return Reason::Margin {
            offer: o,
            range: inp.ranges.map(|r| r[p]),
        };
    }
    let best = eligible
        .iter()
        .copied()
        .max_by(|&a, &b| rc(a).total_cmp(&rc(b)).then(b.cmp(&a)))
        .expect("eligible is not empty"); // ok: checked above
    if cap_of(best) > TIE_TOLERANCE {
        return Reason::CapBinds {
            offer: best,
            cap: ds.offer(best).max_per_party.unwrap_or(0.0),
        };
    }
    Reason::OffersRanOut {
        offer: best,
        competing: cert.offer[best.index()],
        value: ds.pair_value(best, n),
        extra_weight: -rc(best) / ds.offer(best).effectiveness,
    }
}

/// Offers that fail exactly one eligibility rule for `n`, with that rule.
fn near_misses(ds: &Dataset, n: NeedId) -> Vec<(OfferId, Rule)> {
    let need = ds.need(n);
    let region = ds.party(need.party).region.index();
    ds.offer_ids()
        .filter_map(|o| {
            let offer = ds.offer(o);
            let fails = [
                (offer.period != need.period, Rule::Period),
                (!offer.themes.contains(need.theme.index()), Rule::Theme),
                (!offer.regions.contains(region), Rule::Region),
                (!offer.parties.contains(need.party.index()), Rule::PartyList),
            ];
            let mut failed = fails.iter().filter(|f| f.0);
            match (failed.next(), failed.next()) {
                (Some(&(_, rule)), None) => Some((o, rule)),
                _ => None,
            }
        })
        .collect()
}

/// One need's account in a sentence (money in the plan's unit).
pub fn sentence(ds: &Dataset, a: &Account, money: &dyn Fn(f64) -> String) -> String {
    let need = ds.need(a.need);
    let head = format!(
        "{} in {}: {} of {} funded.",
        ds.theme(need.theme).name,
        ds.period_name(need.period),
        money(a.funded),
        money(need.amount)
    );
    let body = match &a.reason {
        Reason::FullyFunded => "Fully funded.".to_string(),
        Reason::NoEligibleOffer { near_misses } if near_misses.is_empty() => {
            "No offer is eligible, and none misses by a single rule (period, theme, region, Party list).".into()
        }
        Reason::NoEligibleOffer { near_misses } => {
            let list: Vec<String> = near_misses
                .iter()
                .map(|(o, rule)| format!("{} (excluded by its {})", offer_label(ds, *o), rule.as_str()))
                .collect();
            format!("No offer is eligible. Near misses: {}.", list.join(", "))
        }
        Reason::OffersRanOut {
            offer,
            competing,
            value,
            extra_weight,
        } => format!(
            "The eligible offers ran out on needs of higher value: {} earns {:.4} per unit at the margin elsewhere, against {:.4} here; this need would need {:.4} more weight to draw its money.",
            offer_label(ds, *offer),
            competing,
            value,
            extra_weight
        ),
        Reason::CapBinds { offer, cap } => format!(
            "The per-Party cap binds: {} already gives this Party its maximum of {}.",
            offer_label(ds, *offer),
            money(*cap)
        ),
        Reason::Margin {
            offer,
            range: Some(r),
        } if r.is_choice() => format!(
            "A tie resolved by the fairness rule: {} is used up and its money is worth as much here as on other needs, so equally good plans fund this Party with between {} and {} in all; the canonical plan (the fairest of them) gives what is shown.",
            offer_label(ds, *offer),
            money(r.low),
            money(r.high)
        ),
        Reason::Margin { offer, range } => format!(
            "At the margin: {} is used up, and this need is where more of its money would go first.{}",
            offer_label(ds, *offer),
            if range.is_none() {
                " (Run plan with --ranges to see whether equally good plans fund this Party differently.)"
            } else {
                ""
            }
        ),
        Reason::NoCertificate => {
            "This plan has no shadow prices (a policy's plan: only the coverage plan carries sensitivity files), so only eligibility and funding can be explained.".into()
        }
    };
    format!("{head} {body}")
}

/// An offer in prose: its partner's name and its id ("the Global Environment Facility offer
/// gef_pops_core_2026"); offers have no names of their own.
pub fn offer_label(ds: &Dataset, o: OfferId) -> String {
    let offer = ds.offer(o);
    format!(
        "the {} offer {}",
        ds.partner(offer.partner).name,
        offer.code
    )
}
