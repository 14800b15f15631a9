//! Validated domain types with typed ids: what every stage after validation sees.

use serde::Serialize;

macro_rules! typed_id {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}
typed_id!(PartyId);
typed_id!(ThemeId);
typed_id!(PartnerId);
typed_id!(PeriodId);
typed_id!(RegionId);
typed_id!(OfferId);
typed_id!(NeedId);

/// Plan-wide settings from plan.toml.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanMeta {
    pub name: String,
    pub currency: String,
    /// How many currency units one amount unit is (1000: amounts are thousands).
    pub unit: f64,
    /// Display names of the regions, by region index (the region id where none is given).
    pub region_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    pub code: String,
    pub name: String,
    pub region: RegionId,
    pub ldc: bool,
    pub sids: bool,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    pub code: String,
    pub name: String,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    pub code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    pub party: PartyId,
    pub theme: ThemeId,
    pub period: PeriodId,
    pub amount: f64,
    pub priority: f64,
}

/// A set of ids selected by an offer: everything, or a membership mask over the id space.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    All,
    Some(Vec<bool>),
}

impl Selection {
    pub fn from_members(size: usize, members: impl IntoIterator<Item = usize>) -> Self {
        let mut mask = vec![false; size];
        for m in members {
            mask[m] = true;
        }
        Selection::Some(mask)
    }

    pub fn contains(&self, index: usize) -> bool {
        match self {
            Selection::All => true,
            Selection::Some(mask) => mask.get(index).copied().unwrap_or(false),
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, Selection::All)
    }

    /// The selected indices, or None for "all".
    pub fn members(&self) -> Option<Vec<usize>> {
        match self {
            Selection::All => None,
            Selection::Some(mask) => Some(
                mask.iter()
                    .enumerate()
                    .filter(|(_, b)| **b)
                    .map(|(i, _)| i)
                    .collect(),
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub code: String,
    pub partner: PartnerId,
    pub period: PeriodId,
    pub amount: f64,
    pub themes: Selection,
    pub regions: Selection,
    pub parties: Selection,
    pub max_per_party: Option<f64>,
    pub effectiveness: f64,
}

/// A validated dataset. Ids index the vectors; every reference is known to resolve.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub meta: PlanMeta,
    pub periods: Vec<String>,
    pub regions: Vec<String>,
    pub parties: Vec<Party>,
    pub themes: Vec<Theme>,
    pub partners: Vec<Partner>,
    pub needs: Vec<Need>,
    pub offers: Vec<Offer>,
}

impl Dataset {
    pub fn party(&self, id: PartyId) -> &Party {
        &self.parties[id.index()]
    }
    pub fn theme(&self, id: ThemeId) -> &Theme {
        &self.themes[id.index()]
    }
    pub fn partner(&self, id: PartnerId) -> &Partner {
        &self.partners[id.index()]
    }
    pub fn need(&self, id: NeedId) -> &Need {
        &self.needs[id.index()]
    }
    pub fn offer(&self, id: OfferId) -> &Offer {
        &self.offers[id.index()]
    }
    pub fn period_name(&self, id: PeriodId) -> &str {
        &self.periods[id.index()]
    }
    /// The region's id (CSV files and scenario edits use it).
    pub fn region_name(&self, id: RegionId) -> &str {
        &self.regions[id.index()]
    }

    /// The regions' display names, in region order (see [`Dataset::region_label`]).
    pub fn region_labels(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.regions.len()).map(|i| self.region_label(RegionId(i as u32)))
    }

    /// The region's display name (plan.toml `region_names`; its id where none is given), for
    /// reports, workbooks and pages.
    pub fn region_label(&self, id: RegionId) -> &str {
        self.meta
            .region_names
            .get(id.index())
            .map_or(self.region_name(id), String::as_str)
    }

    pub fn need_ids(&self) -> impl Iterator<Item = NeedId> + '_ {
        (0..self.needs.len()).map(|i| NeedId(i as u32))
    }
    pub fn offer_ids(&self) -> impl Iterator<Item = OfferId> + '_ {
        (0..self.offers.len()).map(|i| OfferId(i as u32))
    }

    /// w(n) = party weight x theme weight x need priority.
    pub fn need_weight(&self, n: NeedId) -> f64 {
        let need = self.need(n);
        self.party(need.party).weight * self.theme(need.theme).weight * need.priority
    }

    /// The objective coefficient of x(o, n): w(n) x effectiveness(o).
    pub fn pair_value(&self, o: OfferId, n: NeedId) -> f64 {
        self.need_weight(n) * self.offer(o).effectiveness
    }

    /// Offer o can fund need n: same period, theme, region and Party all selected by o.
    pub fn eligible(&self, o: OfferId, n: NeedId) -> bool {
        let offer = self.offer(o);
        let need = self.need(n);
        offer.period == need.period
            && offer.themes.contains(need.theme.index())
            && offer
                .regions
                .contains(self.party(need.party).region.index())
            && offer.parties.contains(need.party.index())
    }

    /// Every eligible (offer, need) pair, ordered by offer then need.
    pub fn eligible_pairs(&self) -> Vec<(OfferId, NeedId)> {
        let mut by_period: Vec<Vec<NeedId>> = vec![Vec::new(); self.periods.len()];
        for n in self.need_ids() {
            by_period[self.need(n).period.index()].push(n);
        }
        let mut pairs = Vec::new();
        for o in self.offer_ids() {
            let period = self.offer(o).period.index();
            pairs.extend(
                by_period[period]
                    .iter()
                    .filter(|&&n| self.eligible(o, n))
                    .map(|&n| (o, n)),
            );
        }
        pairs
    }

    /// Which needs some offer can reach, and which offers some need is eligible for: the one
    /// place reach is computed (statistics, metrics, policies' floors and validation use it).
    pub fn reach(&self) -> (Vec<bool>, Vec<bool>) {
        let mut need_reached = vec![false; self.needs.len()];
        let mut offer_used = vec![false; self.offers.len()];
        for (o, n) in self.eligible_pairs() {
            need_reached[n.index()] = true;
            offer_used[o.index()] = true;
        }
        (need_reached, offer_used)
    }

    /// Each need's reachable amount: its amount when some offer can reach it, else 0.
    pub fn reachable_amounts(&self) -> Vec<f64> {
        let (reached, _) = self.reach();
        self.needs
            .iter()
            .zip(reached)
            .map(|(n, r)| if r { n.amount } else { 0.0 })
            .collect()
    }

    /// Reachable need per Party.
    pub fn reachable_by_party(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.parties.len()];
        for (n, r) in self.needs.iter().zip(self.reachable_amounts()) {
            out[n.party.index()] += r;
        }
        out
    }

    pub fn total_need(&self) -> f64 {
        self.needs.iter().map(|n| n.amount).sum()
    }

    pub fn total_capacity(&self) -> f64 {
        self.offers.iter().map(|o| o.amount).sum()
    }
}
