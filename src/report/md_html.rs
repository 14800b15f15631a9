//! The sections of report.md that report.html draws no chart or table for (totals, largest
//! unmet needs, unused capacity, warnings, the sensitivity section), rendered into the page from
//! the same Markdown by pulldown-cmark, so the page carries every section of report.md.

use pulldown_cmark::{Options, Parser, html};

/// Level-2 sections of `md` whose heading starts with none of `drawn`, as HTML, in order.
pub fn sections_html(md: &str, drawn: &[&str]) -> String {
    let mut out = String::new();
    for section in md.split("\n## ").skip(1) {
        let heading = section.lines().next().unwrap_or("");
        if drawn.iter().any(|d| heading.starts_with(d)) {
            continue;
        }
        let text = format!("## {section}");
        html::push_html(&mut out, Parser::new_ext(&text, Options::ENABLE_TABLES));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sections_html;

    #[test]
    fn undrawn_sections_become_html_with_their_tables() {
        let md = "# Title\n\n## Totals\n\n- a **b**\n\n## Drawn\n\nskip\n\n## Table\n\n| x | y |\n|---|---:|\n| 1 | 2 |\n";
        let h = sections_html(md, &["Drawn"]);
        assert!(h.contains("<h2>Totals</h2>") && h.contains("<strong>b</strong>"));
        assert!(!h.contains("skip"));
        assert!(h.contains("<table>") && h.contains("<td style=\"text-align: right\">2</td>"));
    }
}
