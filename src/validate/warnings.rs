//! Warnings of a valid dataset: needs no offer can reach, offers nobody can use, and
//! coefficient ranges a double-precision LP may not carry reliably.

use super::table;
use crate::dataset::Dataset;
use crate::error::Diagnostic;
use crate::input::RawDataset;

/// The warnings of a valid dataset: reach (at each row's line) and numeric range.
pub(super) fn dataset_warnings(
    ds: &Dataset,
    raw: &RawDataset,
    (need_lines, offer_lines): (&[usize], &[usize]),
    diags: &mut Vec<Diagnostic>,
) {
    let file = |t: &Option<crate::input::RawTable>, name: &str| {
        t.as_ref()
            .map(|t| t.file.clone())
            .unwrap_or_else(|| name.into())
    };
    diags.extend(reach_warnings(
        ds,
        (&file(&raw.needs, "needs.csv"), need_lines),
        (&file(&raw.offers, "offers.csv"), offer_lines),
    ));
    diags.extend(numeric_range_warning(ds));
}

/// Warnings about reach, at the line of the row: needs no offer can fund (W0201) and offers
/// nobody can use (W0202).
fn reach_warnings(
    ds: &Dataset,
    (need_file, need_lines): (&str, &[usize]),
    (offer_file, offer_lines): (&str, &[usize]),
) -> Vec<Diagnostic> {
    let (need_reached, offer_used) = ds.reach();
    let mut out = Vec::new();
    for (i, reached) in need_reached.iter().enumerate() {
        if !reached {
            let n = &ds.needs[i];
            let d = Diagnostic::warning(
                "W0201",
                need_file,
                format!(
                    "no offer can reach the need of {} for {} in {}; it will stay unmet",
                    ds.party(n.party).code,
                    ds.theme(n.theme).code,
                    ds.period_name(n.period)
                ),
            );
            out.push(d.at(need_lines.get(i).copied().unwrap_or(0), "party"));
        }
    }
    for (i, used) in offer_used.iter().enumerate() {
        if !used {
            let d = Diagnostic::warning(
                "W0202",
                offer_file,
                format!(
                    "no need is eligible for offer {}; its capacity will stay unused",
                    ds.offers[i].code
                ),
            );
            out.push(d.at(offer_lines.get(i).copied().unwrap_or(0), "offer"));
        }
    }
    out
}

/// W0203 when the objective coefficients or the amounts span more orders of magnitude than a
/// double-precision simplex solves reliably (ratios above [`table::FRAGILE_RATIO`]).
fn numeric_range_warning(ds: &Dataset) -> Option<Diagnostic> {
    let span = |xs: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = xs.fold((f64::INFINITY, 0.0f64), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        if hi > 0.0 { hi / lo } else { 1.0 }
    };
    let need_weights = span(
        &mut ds
            .needs
            .iter()
            .map(|n| ds.party(n.party).weight * ds.theme(n.theme).weight * n.priority),
    );
    let weights = need_weights * span(&mut ds.offers.iter().map(|o| o.effectiveness));
    let amounts = span(
        &mut ds
            .needs
            .iter()
            .map(|n| n.amount)
            .chain(ds.offers.iter().map(|o| o.amount)),
    );
    let worst = weights.max(amounts);
    (worst > table::FRAGILE_RATIO).then(|| Diagnostic::warning("W0203", "dataset", format!(
        "weights x effectiveness span a ratio of {weights:.1e} and amounts {amounts:.1e}; above {:.0e} the LP is numerically fragile: rescale the unit or narrow the range",
        table::FRAGILE_RATIO)).at_line(1))
}
