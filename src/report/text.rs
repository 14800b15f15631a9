//! The text formats every renderer shares (report.md, report.html, compare and what-if pages):
//! amounts, shares and dataset text made safe for Markdown. A leaf: it imports nothing.

/// Amounts in the plan's unit, with a thousands separator and one decimal at most.
pub fn money(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let tenths = x * 10.0;
    let rounded = if tenths.is_finite() {
        tenths.round() / 10.0
    } else {
        x
    };
    let text = format!("{:.1}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "0"));
    let mut out = String::with_capacity(int.len() * 4 / 3 + 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac != "0" {
        format!("{sign}{out}.{frac}")
    } else {
        format!("{sign}{out}")
    }
}

/// Text from the dataset made safe for a Markdown table cell or line: `|` escaped, line breaks
/// as spaces, and `&`, `<`, `>` as HTML entities (so no id can open a tag or a new row).
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A share as a percentage with one decimal; anything that rounds to zero prints as "0.0%"
/// (never "-0.0%").
pub fn pct(x: f64) -> String {
    let v = 100.0 * x;
    if v.abs() < 0.05 {
        "0.0%".into()
    } else {
        format!("{v:.1}%")
    }
}
