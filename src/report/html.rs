//! Self-contained HTML reports (no network needed to open them): inline SVG charts and
//! sortable tables with a few lines of inline JavaScript.

use super::text::{money, pct};
use std::fmt::Write;

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2733;padding:0 1rem}h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #d5dbe1;padding-bottom:.3rem}.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{background:#f3f6f9;border-radius:8px;padding:.8rem 1.1rem;min-width:10rem}.card b{display:block;font-size:1.35rem}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.8rem 0}th,td{border-bottom:1px solid #e3e7eb;padding:.3rem .5rem;text-align:left}th{background:#eef2f6;cursor:pointer;user-select:none}td.n{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:100%;height:auto;background:#fff}.chart{margin:1rem 0}.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:.5rem}.multiples .chart{margin:0}.note{color:#5a6672;font-size:.85rem}@media print{@page{size:A4;margin:14mm 12mm}body{margin:0;max-width:none;padding:0;font-size:10pt}h1{font-size:16pt}h2{font-size:13pt;break-after:avoid;page-break-after:avoid}h3{break-after:avoid}figure,.cards,tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}th{cursor:auto;background:#eef2f6 !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}rect.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}svg{max-width:100%;height:auto}table{font-size:8.5pt}}";

const SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(function(t){t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){var b=t.tBodies[0],r=Array.from(b.rows),asc=th.dataset.dir!=='asc';r.sort(function(x,y){var a=x.cells[i].dataset.v||x.cells[i].textContent,c=y.cells[i].dataset.v||y.cells[i].textContent,p=parseFloat(a),q=parseFloat(c);var d=(!isNaN(p)&&!isNaN(q))?p-q:a.localeCompare(c);return asc?d:-d});r.forEach(function(e){b.appendChild(e)});t.querySelectorAll('th').forEach(function(h){delete h.dataset.dir});th.dataset.dir=asc?'asc':'desc'})});t.dataset.ready='1'});";

/// A whole page: title, body sections.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n{body}\n<script>{SCRIPT}</script>\n</body></html>\n",
        esc(title),
        esc(title)
    )
}

/// Headline figures as cards.
pub fn cards(items: &[(&str, String)]) -> String {
    let mut s = String::from("<div class=\"cards\">");
    for (k, v) in items {
        let _ = write!(s, "<div class=\"card\">{}<b>{}</b></div>", esc(k), esc(v));
    }
    s.push_str("</div>");
    s
}

/// Horizontal bars; `values` are shares (0..1, shown as %) when `percent`, else amounts.
pub fn bars(title: &str, values: &[(String, f64)], percent: bool) -> String {
    let max = values
        .iter()
        .map(|v| v.1)
        .fold(0.0, f64::max)
        .max(if percent { 1.0 } else { 1e-12 });
    // Room for the longest label (about 6 px a character at 11 px), between 190 and 420 px.
    let longest = values
        .iter()
        .map(|v| v.0.chars().count())
        .max()
        .unwrap_or(0);
    let left = (longest as f64 * 6.0 + 12.0).clamp(190.0, 420.0);
    let (row, width) = (18.0, 710.0 - left);
    let h = 30.0 + row * values.len() as f64;
    let mut s = format!(
        "<figure class=\"chart\"><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 820 {h}\" width=\"820\" height=\"{h}\"><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        esc(title),
        esc(title)
    );
    for (i, (label, v)) in values.iter().enumerate() {
        let y = 26.0 + row * i as f64;
        let w = (width * v / max).max(0.0);
        let shown = if percent { pct(*v) } else { money(*v) };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{left}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"#2f6f9f\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            left - 6.0,
            y + 12.0,
            esc(label),
            y + 2.0,
            row - 4.0,
            left + w + 4.0,
            y + 12.0,
            shown
        );
    }
    s.push_str("</svg></figure>");
    s
}

/// Line chart of several series of (x, y) points, with axis ranges from the data.
pub fn lines(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> String {
    lines_marked(title, (x_label, y_label), series, None)
}

/// [`lines`] with a labelled vertical marker at an x value (e.g. the budget curve's 100%).
/// Series are told apart by colour and dash pattern, so lines that overlap stay visible.
pub fn lines_marked(
    title: &str,
    (x_label, y_label): (&str, &str),
    series: &[(String, Vec<(f64, f64)>)],
    marker: Option<(f64, &str)>,
) -> String {
    const DASHES: [&str; 4] = ["none", "7 4", "2 3", "10 3 2 3"];
    const COLORS: [&str; 8] = [
        "#2f6f9f", "#d9822b", "#3a9a5b", "#b8423a", "#7a5fa8", "#8c6b3f", "#c45ca0", "#5d6d7e",
    ];
    let f = Frame::around(series);
    let mut s = format!(
        "<figure class=\"chart\"><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 820 340\" width=\"820\" height=\"340\"><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        esc(title),
        esc(title)
    );
    f.axes(&mut s, x_label, y_label);
    if let Some((x, label)) = marker.filter(|m| m.0 >= f.x0 && m.0 <= f.x1) {
        let _ = write!(
            s,
            "<line class=\"marker\" x1=\"{0:.1}\" y1=\"{1}\" x2=\"{0:.1}\" y2=\"{2}\" stroke=\"#b8423a\" stroke-dasharray=\"4 3\"/><text x=\"{3:.1}\" y=\"{4}\" font-size=\"10\" fill=\"#b8423a\">{5}</text>",
            f.sx(x),
            Frame::T,
            Frame::T + Frame::H,
            f.sx(x) + 4.0,
            Frame::T + 10.0,
            esc(label)
        );
    }
    for (k, (name, points)) in series.iter().enumerate() {
        let c = COLORS[k % COLORS.len()];
        let dash = DASHES[(k / COLORS.len() + k) % DASHES.len()];
        let path: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", f.sx(x), f.sy(y)))
            .collect();
        let _ = write!(
            s,
            "<polyline class=\"series\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" stroke-opacity=\"0.85\" stroke-dasharray=\"{dash}\" points=\"{}\"/>",
            path.join(" ")
        );
        let _ = write!(
            s,
            "<line x1=\"650\" y1=\"{0}\" x2=\"664\" y2=\"{0}\" stroke=\"{c}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/><text x=\"668\" y=\"{1}\" font-size=\"11\">{2}</text>",
            36.0 + 18.0 * k as f64,
            40.0 + 18.0 * k as f64,
            esc(name)
        );
    }
    s.push_str("</svg></figure>");
    s
}

/// The plot area of a line chart and the data range it shows (y from 0 or below).
struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Frame {
    const L: f64 = 70.0;
    const T: f64 = 30.0;
    const W: f64 = 560.0;
    const H: f64 = 260.0;

    fn around(series: &[(String, Vec<(f64, f64)>)]) -> Self {
        let (mut x0, mut x1, mut y0, mut y1) =
            (f64::INFINITY, f64::NEG_INFINITY, 0.0f64, f64::NEG_INFINITY);
        for &(x, y) in series.iter().flat_map(|s| s.1.iter()) {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        if !x0.is_finite() || x1 <= x0 {
            (x0, x1) = (0.0, 1.0);
        }
        if !y1.is_finite() || y1 <= y0 {
            y1 = y0 + 1.0;
        }
        Frame { x0, x1, y0, y1 }
    }

    fn sx(&self, x: f64) -> f64 {
        Self::L + Self::W * (x - self.x0) / (self.x1 - self.x0)
    }

    fn sy(&self, y: f64) -> f64 {
        Self::T + Self::H - Self::H * (y - self.y0) / (self.y1 - self.y0)
    }

    /// Both axes, their labels and the end ticks.
    fn axes(&self, s: &mut String, x_label: &str, y_label: &str) {
        let (l, t, w, h) = (Self::L, Self::T, Self::W, Self::H);
        let _ = write!(
            s,
            "<line x1=\"{l}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{}\" stroke=\"#888\"/>",
            t + h,
            l + w,
            t + h,
            t + h
        );
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"330\" font-size=\"11\" text-anchor=\"middle\">{}</text><text x=\"12\" y=\"{}\" font-size=\"11\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">{}</text>",
            l + w / 2.0,
            esc(x_label),
            t + h / 2.0,
            t + h / 2.0,
            esc(y_label)
        );
        for v in nice_ticks(self.x0, self.x1) {
            let x = self.sx(v);
            let _ = write!(
                s,
                "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{t}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#eef1f4\"/><text x=\"{x:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                t + h,
                t + h + 14.0,
                fmt_tick(v)
            );
        }
        for v in nice_ticks(self.y0, self.y1) {
            let y = self.sy(v);
            let _ = write!(
                s,
                "<line class=\"grid\" x1=\"{l}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#e3e7eb\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
                l + w,
                l - 4.0,
                y + 4.0,
                fmt_tick(v)
            );
        }
    }
}

/// Round tick values covering [lo, hi]: about five, 1, 2 or 5 times a power of ten apart.
fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span > 0.0 && span.is_finite()) {
        return vec![lo];
    }
    let raw = span / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

fn fmt_tick(v: f64) -> String {
    if v.abs() >= 1000.0 {
        money(v)
    } else {
        format!("{v:.2}")
    }
}

/// The Lorenz curve of non-negative values: cumulative share of Parties vs share of the total.
pub fn lorenz(values: &[f64]) -> Vec<(f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let total: f64 = v.iter().sum();
    let n = v.len() as f64;
    let mut out = vec![(0.0, 0.0)];
    let mut acc = 0.0;
    for (i, x) in v.iter().enumerate() {
        acc += x;
        out.push((
            (i + 1) as f64 / n,
            if total > 0.0 {
                acc / total
            } else {
                (i + 1) as f64 / n
            },
        ));
    }
    out
}

/// A sortable table; a cell is (text, numeric sort key if any).
pub fn table(headers: &[&str], rows: &[Vec<(String, Option<f64>)>]) -> String {
    let mut s = String::from("<table class=\"sortable\"><thead><tr>");
    for h in headers {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for (text, key) in r {
            match key {
                Some(k) => {
                    let _ = write!(s, "<td class=\"n\" data-v=\"{k}\">{}</td>", esc(text));
                }
                None => {
                    let _ = write!(s, "<td>{}</td>", esc(text));
                }
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

pub fn t(s: impl Into<String>) -> (String, Option<f64>) {
    (s.into(), None)
}
pub fn m(v: f64) -> (String, Option<f64>) {
    (money(v), Some(v))
}
pub fn p(v: f64) -> (String, Option<f64>) {
    (pct(v), Some(v))
}

#[cfg(test)]
mod tests {
    use super::nice_ticks;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 2.0), vec![0.0, 0.5, 1.0, 1.5, 2.0]);
        assert_eq!(
            nice_ticks(0.0, 781_629.8),
            vec![0.0, 200_000.0, 400_000.0, 600_000.0]
        );
        assert_eq!(nice_ticks(1.0, 1.0), vec![1.0]);
    }
}
