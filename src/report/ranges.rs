//! The canonical plan in the report, and its ranges over the optimal face: ranges.csv, the
//! report.md section and its report.html twin (docs/canonical-plan.md).

use super::table::{Cell, Table};
use super::text::{md, money};
use crate::analysis::stats::PlanStats;
use crate::canonical::{Range, Ranges};
use crate::dataset::Dataset;
use std::fmt::Write;

/// How many Parties the report lists by name (ranges.csv has every one).
const LISTED: usize = 20;

/// One row of ranges.csv: scope, id, name, funded in the plan and the range.
struct Row {
    scope: &'static str,
    id: String,
    name: String,
    funded: f64,
    range: Range,
}

fn rows(ds: &Dataset, s: &PlanStats, r: &Ranges) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, p) in ds.parties.iter().enumerate() {
        out.push(Row {
            scope: "party",
            id: p.code.clone(),
            name: p.name.clone(),
            funded: s.by_party[i].funded,
            range: r.party[i],
        });
    }
    for (i, name) in ds.regions.iter().enumerate() {
        out.push(Row {
            scope: "region",
            id: name.clone(),
            name: ds
                .region_label(crate::dataset::RegionId(i as u32))
                .to_string(),
            funded: s.by_region[i].funded,
            range: r.region[i],
        });
    }
    for (i, t) in ds.themes.iter().enumerate() {
        out.push(Row {
            scope: "theme",
            id: t.code.clone(),
            name: t.name.clone(),
            funded: s.by_theme[i].funded,
            range: r.theme[i],
        });
    }
    let total = |f: &dyn Fn(usize) -> bool| -> f64 {
        (0..ds.parties.len())
            .filter(|&i| f(i))
            .map(|i| s.by_party[i].funded)
            .sum()
    };
    for (scope, range, member) in [
        (
            "ldc",
            r.ldc,
            &(|i: usize| ds.parties[i].ldc) as &dyn Fn(usize) -> bool,
        ),
        ("sids", r.sids, &|i: usize| ds.parties[i].sids),
    ] {
        out.push(Row {
            scope,
            id: scope.to_string(),
            name: if scope == "ldc" { "LDCs" } else { "SIDS" }.to_string(),
            funded: total(member),
            range,
        });
    }
    out
}

/// ranges.csv: every Party, region and theme, and the LDCs and SIDS, with what the plan gives
/// them and the least and the most any equally good plan gives.
pub fn ranges_table(ds: &Dataset, s: &PlanStats, r: &Ranges) -> Table {
    let mut t = Table::new(&[
        "scope",
        "id",
        "name",
        "funded",
        "funded_low",
        "funded_high",
        "choice",
    ]);
    for row in rows(ds, s, r) {
        t.push(vec![
            Cell::text(row.scope),
            Cell::text(row.id),
            Cell::text(row.name),
            Cell::Num(row.funded),
            Cell::Num(row.range.low),
            Cell::Num(row.range.high),
            Cell::Flag(row.range.is_choice()),
        ]);
    }
    t
}

/// The section on the canonical plan, as plain text the Markdown and HTML reports both render.
struct Section {
    paragraphs: Vec<String>,
    bullets: Vec<String>,
    /// Caption and rows (Party, this plan, least, most) of the Parties whose total is a choice.
    choices: Option<(String, Vec<[String; 4]>)>,
}

const INTRO: &str = "Often many plans reach the same optimum. This report shows the canonical one: \
among them, the lowest Party coverage (funded over reachable need) is as high as it can be, then \
the next lowest, and so on; then the same over single needs (docs/canonical-plan.md). Any back \
end and any command gives the same funding per need. The shadow prices and their ranges in the \
sensitivity files come from the solver's first answer; they prove every equally good plan best, \
this one included.";

fn section(ds: &Dataset, s: &PlanStats, ranges: Option<&Ranges>) -> Section {
    let mut out = Section {
        paragraphs: vec![INTRO.to_string()],
        bullets: Vec::new(),
        choices: None,
    };
    let Some(ranges) = ranges else {
        out.paragraphs.push("Run with `--ranges` to see, for each Party, region and theme, the least and the most it receives in any equally good plan.".into());
        return out;
    };
    let all = rows(ds, s, ranges);
    for row in all.iter().filter(|x| matches!(x.scope, "ldc" | "sids")) {
        out.bullets.push(format!(
            "{} receive between {} and {} in every optimal plan; this plan gives {}.",
            row.name,
            money(row.range.low),
            money(row.range.high),
            money(row.funded)
        ));
    }
    let mut choice: Vec<&Row> = all
        .iter()
        .filter(|x| x.scope == "party" && x.range.is_choice())
        .collect();
    if choice.is_empty() {
        out.paragraphs
            .push("Every Party's total is the same in every optimal plan.".into());
        return out;
    }
    choice.sort_by(|a, b| {
        let w = |x: &Row| x.range.high - x.range.low;
        w(b).total_cmp(&w(a)).then(a.id.cmp(&b.id))
    });
    let caption = format!(
        "{} Parties' totals are a choice among equally good plans{}:",
        choice.len(),
        if choice.len() > LISTED {
            format!(" (the {LISTED} widest ranges; ranges.csv lists every one)")
        } else {
            String::new()
        }
    );
    let listed = choice
        .iter()
        .take(LISTED)
        .map(|row| {
            [
                row.name.clone(),
                money(row.funded),
                money(row.range.low),
                money(row.range.high),
            ]
        })
        .collect();
    out.choices = Some((caption, listed));
    out
}

const HEAD: [&str; 4] = ["Party", "This plan", "Least", "Most"];

/// The report.md section on the canonical plan, with the ranges when computed.
pub fn canonical_md(ds: &Dataset, s: &PlanStats, ranges: Option<&Ranges>) -> String {
    let sec = section(ds, s, ranges);
    let mut r = String::from("## One plan among equally good ones\n\n");
    for p in &sec.paragraphs {
        let _ = writeln!(r, "{p}\n");
    }
    for b in &sec.bullets {
        let _ = writeln!(r, "- {b}");
    }
    if !sec.bullets.is_empty() {
        r.push('\n');
    }
    if let Some((caption, rows)) = &sec.choices {
        let _ = writeln!(
            r,
            "{caption}\n\n| {} |\n|---|---:|---:|---:|",
            HEAD.join(" | ")
        );
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
            let _ = writeln!(r, "| {} |", cells.join(" | "));
        }
        r.push('\n');
    }
    r
}

/// The same section for report.html.
pub fn canonical_html(ds: &Dataset, s: &PlanStats, ranges: Option<&Ranges>) -> String {
    use super::html::{esc, t, table};
    let sec = section(ds, s, ranges);
    let mut h = String::from("<h2>One plan among equally good ones</h2>");
    for p in &sec.paragraphs {
        let _ = write!(h, "<p>{}</p>", esc(p));
    }
    if !sec.bullets.is_empty() {
        h.push_str("<ul>");
        for b in &sec.bullets {
            let _ = write!(h, "<li>{}</li>", esc(b));
        }
        h.push_str("</ul>");
    }
    if let Some((caption, rows)) = &sec.choices {
        let _ = write!(h, "<p>{}</p>", esc(caption));
        let cells: Vec<Vec<(String, Option<f64>)>> = rows
            .iter()
            .map(|r| r.iter().map(|c| t(c.clone())).collect())
            .collect();
        h.push_str(&table(&HEAD, &cells));
    }
    h
}
