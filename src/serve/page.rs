//! The interactive page (`GET /`): one self-contained HTML file with its style and script, no
//! external references. It reads `/api/plan`, draws the sliders from its `controls`, and after
//! every change posts the whole list of edits to `/api/solve` and shows the answer.

use crate::analysis::budget_curve::CurvePoint;
use crate::dataset::Dataset;
use crate::policy::Policy;
use serde_json::{Value, json};

/// What the page needs to draw its controls.
pub fn controls(ds: &Dataset, policies: &[Box<dyn Policy>]) -> Value {
    let mut kinds: Vec<&str> = ds.partners.iter().map(|p| p.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    json!({
        "dataset": ds.meta.name,
        "unit": ds.meta.unit,
        "currency": ds.meta.currency,
        "kinds": kinds,
        "partners": ds.partners.iter().map(|p| json!({"id": p.code, "name": p.name, "kind": p.kind})).collect::<Vec<_>>(),
        "offers": ds.offers.iter().map(|o| json!({
            "id": o.code, "partner": ds.partner(o.partner).code,
            "period": ds.period_name(o.period), "amount": o.amount,
        })).collect::<Vec<_>>(),
        "themes": ds.themes.iter().map(|t| json!({"id": t.code, "name": t.name})).collect::<Vec<_>>(),
        "regions": ds.regions.iter().zip(ds.region_labels()).map(|(r, name)| json!({"id": r, "name": name})).collect::<Vec<_>>(),
        "policies": policies.iter().map(|p| p.name().to_string()).collect::<Vec<_>>(),
    })
}

/// The base plan's budget curve, as report.html draws it.
pub fn curve_html(curve: &[CurvePoint]) -> String {
    crate::report::html_pages::curve_chart(curve)
}

/// The page itself.
pub const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>taplan: interactive what-if</title>
<style>
body{font-family:system-ui,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1d2733}
header{padding:.8rem 1.5rem;background:#1d3b5c;color:#fff}header h1{margin:0;font-size:1.3rem}
#layout{display:grid;grid-template-columns:360px 1fr;gap:1.5rem;padding:1rem 1.5rem}
aside{font-size:.85rem;max-height:calc(100vh - 5rem);overflow:auto}
aside h3{margin:1rem 0 .3rem;font-size:.95rem}
.ctl{display:grid;grid-template-columns:1fr 110px 3.2rem 1.2rem;gap:.3rem;align-items:center;margin:.15rem 0}
.ctl span.v{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{background:#f3f6f9;border-radius:8px;padding:.8rem 1.1rem;min-width:9rem}
.card b{display:block;font-size:1.3rem}h2{border-bottom:1px solid #d5dbe1;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border-bottom:1px solid #e3e7eb;padding:.25rem .5rem;text-align:left}
th{background:#eef2f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
svg{max-width:100%;height:auto}.note{color:#5a6672;font-size:.85rem}.gain{color:#17603a}.loss{color:#a3261b}
#status{font-size:.85rem;color:#5a6672}#status.err{color:#a3261b;font-weight:bold}
textarea{width:100%;height:8rem;font-family:monospace;font-size:.8rem}
button{margin:.2rem .3rem .2rem 0}
</style></head><body>
<header><h1>taplan: interactive what-if <span id="dataset"></span></h1></header>
<div id="layout">
<aside>
<label>Policy <select id="policy"></select></label>
<button id="reset">Reset all</button>
<p class="note">Sliders scale amounts from 5% to 200%; a ticked box removes the selection
(the scenario edit <code>remove_offers</code>). Every change re-solves the plan.</p>
<h3>Partner kinds</h3><div id="c-kind"></div>
<h3>Partners</h3><div id="c-partner"></div>
<h3>Needs by theme</h3><div id="c-theme"></div>
<h3>Needs by region</h3><div id="c-region"></div>
<details><summary><b>Single offers</b></summary><div id="c-offer"></div></details>
<h3>Save</h3>
<input id="sc-name" placeholder="scenario name" value="my-scenario">
<input id="sc-desc" placeholder="description">
<button id="save">Save as scenario</button>
<a id="sc-download" download="scenarios.toml" href="#" hidden>Download scenarios.toml</a>
<textarea id="sc-toml" readonly placeholder="saved scenarios (scenarios.toml format)"></textarea>
<button id="xlsx">Download plan.xlsx</button><a id="xlsx-link" download="plan.xlsx" hidden></a>
</aside>
<main>
<div id="status">loading the base plan…</div>
<div id="figures"></div>
<h2>LDCs and SIDS</h2><div id="groups"></div>
<h2>Who gains, who loses (against the base plan)</h2><div id="deltas"><p class="note">No change yet.</p></div>
<div id="live"></div>
<h2>Budget curve and sensitivity</h2>
<p><button id="analyse">Trace them for these edits</button> <span id="analysis-note" class="note"></span></p>
<div id="curve"></div>
<div id="sensitivity"></div>
</main></div>
<script>
"use strict";
var base = null, seq = 0, timer = null, saved = "", analysed = "[]";
var analysedNote = "The base plan's curve (taplan plan's exact curve); the button adds the sensitivity.";
var state = {kind: {}, partner: {}, offer: {}, theme: {}, region: {}};
function $(id) { return document.getElementById(id); }
function pct(x) { return (100 * x).toFixed(1) + "%"; }
function money(x) { return x.toLocaleString("en-US", {maximumFractionDigits: 1}); }
function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
function control(group, id, label) {
  state[group][id] = {factor: 100, removed: false};
  var row = document.createElement("div");
  row.className = "ctl";
  row.innerHTML = '<label for="s-' + group + '-' + esc(id) + '">' + esc(label) + '</label>' +
    '<input type="range" min="5" max="200" step="5" value="100" id="s-' + group + '-' + esc(id) + '">' +
    '<span class="v" id="v-' + group + '-' + esc(id) + '">100%</span>' +
    (group === "theme" || group === "region" ? "<span></span>" :
      '<input type="checkbox" title="remove" id="x-' + group + '-' + esc(id) + '">');
  $("c-" + group).appendChild(row);
  var slider = row.querySelector("input[type=range]");
  slider.addEventListener("input", function () {
    state[group][id].factor = +slider.value;
    $("v-" + group + "-" + id).textContent = slider.value + "%";
    schedule();
  });
  var box = row.querySelector("input[type=checkbox]");
  if (box) box.addEventListener("change", function () { state[group][id].removed = box.checked; schedule(); });
}
function edits() {
  var out = [], c = base.controls, kindOf = {}, partnerOf = {};
  c.partners.forEach(function (p) { kindOf[p.id] = p.kind; });
  c.offers.forEach(function (o) { partnerOf[o.id] = o.partner; });
  function scale(group, key, kind) {
    Object.keys(state[group]).forEach(function (id) {
      var s = state[group][id];
      if (!s.removed && s.factor !== 100) { var e = {kind: kind}; e[key] = id; e.factor = s.factor / 100; out.push(e); }
    });
  }
  scale("kind", "partner_kind", "scale_offers");
  scale("partner", "partner", "scale_offers");
  scale("offer", "offer", "scale_offers");
  scale("theme", "theme", "scale_needs");
  scale("region", "region", "scale_needs");
  var gone = function (group, id) { return state[group][id] && state[group][id].removed; };
  Object.keys(state.kind).forEach(function (k) { if (gone("kind", k)) out.push({kind: "remove_offers", partner_kind: k}); });
  Object.keys(state.partner).forEach(function (p) {
    if (gone("partner", p) && !gone("kind", kindOf[p])) out.push({kind: "remove_offers", partner: p});
  });
  Object.keys(state.offer).forEach(function (o) {
    var p = partnerOf[o];
    if (gone("offer", o) && !gone("partner", p) && !gone("kind", kindOf[p])) out.push({kind: "remove_offers", offer: o});
  });
  return out;
}
function request() { return {policy: $("policy").value, edits: edits()}; }
function schedule() { clearTimeout(timer); timer = setTimeout(solve, 120); }
function post(path, body) {
  return fetch(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
}
function solve() {
  var mine = ++seq, t0 = performance.now();
  $("status").textContent = "solving…"; $("status").className = "";
  post("/api/solve", request()).then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
    .then(function (a) {
      if (mine !== seq) return;
      if (!a[0]) { $("status").textContent = a[1].code + ": " + a[1].message; $("status").className = "err"; return; }
      show(a[1]);
      document.body.dataset.solved = String(mine);
      $("status").textContent = "solved in " + Math.round(performance.now() - t0) + " ms (policy " + a[1].policy + ", " + edits().length + " edits)";
      stale();
    }).catch(function (e) { if (mine === seq) { $("status").textContent = String(e); $("status").className = "err"; } });
}
function show(v) {
  var h = v.headline, f = $("figures");
  f.dataset.objective = v.objective; f.dataset.weighted = h.weighted_coverage;
  f.dataset.ldc = h.ldc_coverage; f.dataset.sids = h.sids_coverage; f.dataset.minParty = h.min_party_coverage;
  f.innerHTML = '<div class="cards"><div class="card">Weighted coverage<b id="headline-coverage">' + pct(h.weighted_coverage) +
    '</b></div><div class="card">Share of need met<b>' + pct(h.share_of_need_met) + '</b></div><div class="card">Allocated<b>' +
    money(h.allocated) + '</b></div><div class="card">Lowest Party coverage<b>' + pct(h.min_party_coverage) + "</b></div></div>";
  $("groups").innerHTML = '<div class="cards"><div class="card">LDC coverage<b id="ldc-coverage">' + pct(h.ldc_coverage) +
    '</b></div><div class="card">LDC share of funds<b>' + pct(h.ldc_share_of_funds) + '</b></div><div class="card">SIDS coverage<b>' +
    pct(h.sids_coverage) + '</b></div><div class="card">SIDS share of funds<b>' + pct(h.sids_share_of_funds) + "</b></div></div>";
  $("live").innerHTML = v.html;
  $("deltas").innerHTML = v.deltas ? deltaTables(v.deltas) : '<p class="note">No change yet.</p>';
}
function stale() {
  $("analysis-note").textContent = JSON.stringify(edits()) === analysed ? analysedNote :
    "The curve and sensitivity below are for an earlier state of the sliders: press the button to update them.";
}
function analyse() {
  var body = {edits: edits()}, key = JSON.stringify(body.edits);
  $("analysis-note").textContent = "tracing the exact budget curve…";
  post("/api/analysis", body).then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
    .then(function (a) {
      if (!a[0]) { $("analysis-note").textContent = a[1].code + ": " + a[1].message; return; }
      $("curve").innerHTML = a[1].curve_html; $("sensitivity").innerHTML = a[1].sensitivity_html;
      $("curve").dataset.objective = a[1].objective;
      analysed = key; document.body.dataset.analysed = key;
      analysedNote = "For the edits shown (" + body.edits.length + " edits), on the coverage model whatever the policy; " +
        "100% on the curve is this state.";
      stale();
    }).catch(function (e) { $("analysis-note").textContent = String(e); });
}
function deltaTables(d) {
  var s = "", any = false;
  [["parties", "Party"], ["regions", "Region"], ["themes", "Theme"]].forEach(function (g) {
    var rows = d[g[0]];
    if (!rows.length) return;
    any = true;
    s += "<table id=\"delta-" + g[0] + "\"><thead><tr><th>" + g[1] + "</th><th>base</th><th>now</th><th>change</th><th>%</th></tr></thead><tbody>";
    rows.slice(0, 15).forEach(function (r) {
      var cls = r.delta > 0 ? "gain" : "loss";
      s += "<tr><td>" + esc(r.name) + "</td><td class=n>" + money(r.base) + "</td><td class=n>" + money(r.funded) +
        "</td><td class=\"n " + cls + "\">" + (r.delta > 0 ? "+" : "") + money(r.delta) + "</td><td class=\"n " + cls + "\">" +
        (r.percent === null ? "new" : (r.percent > 0 ? "+" : "") + pct(r.percent)) + "</td></tr>";
    });
    s += "</tbody></table>";
    if (rows.length > 15) s += '<p class="note">' + (rows.length - 15) + " more " + g[0] + " changed.</p>";
  });
  return any ? s : '<p class="note">Nobody gains or loses.</p>';
}
function download(link, blob) {
  link.href = URL.createObjectURL(blob); link.hidden = false;
}
function save() {
  post("/api/scenario", {name: $("sc-name").value, description: $("sc-desc").value, edits: edits()})
    .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
    .then(function (a) {
      if (!a[0]) { $("status").textContent = a[1].code + ": " + a[1].message; $("status").className = "err"; return; }
      saved += (saved ? "\n" : "") + a[1].toml;
      $("sc-toml").value = saved;
      download($("sc-download"), new Blob([saved], {type: "application/toml"}));
      $("status").textContent = "saved scenario " + $("sc-name").value + (a[1].appended_to ? " (appended to " + a[1].appended_to + ")" : "");
    });
}
function xlsx() {
  post("/api/xlsx", request()).then(function (r) { return r.blob(); }).then(function (b) {
    var link = $("xlsx-link"); download(link, b); link.click();
  });
}
function reset() {
  document.querySelectorAll("input[type=range]").forEach(function (s) { s.value = 100; });
  document.querySelectorAll("aside input[type=checkbox]").forEach(function (b) { b.checked = false; });
  document.querySelectorAll("span.v").forEach(function (v) { v.textContent = "100%"; });
  Object.keys(state).forEach(function (g) { Object.keys(state[g]).forEach(function (id) { state[g][id] = {factor: 100, removed: false}; }); });
  schedule();
}
fetch("/api/plan").then(function (r) { return r.json(); }).then(function (v) {
  base = v; var c = v.controls;
  $("dataset").textContent = "— " + c.dataset;
  c.policies.forEach(function (p) { var o = document.createElement("option"); o.value = o.textContent = p; $("policy").appendChild(o); });
  $("policy").value = "coverage";
  c.kinds.forEach(function (k) { control("kind", k, k); });
  c.partners.forEach(function (p) { control("partner", p.id, p.name); });
  c.themes.forEach(function (t) { control("theme", t.id, t.name); });
  c.regions.forEach(function (r) { control("region", r.id, r.name); });
  c.offers.forEach(function (o) { control("offer", o.id, o.id + " (" + o.partner + ", " + o.period + ")"); });
  show(v);
  $("curve").innerHTML = v.curve_html;
  $("analysis-note").textContent = analysedNote;
  $("status").textContent = "base plan (" + c.dataset + "): move a slider to re-solve";
  $("policy").addEventListener("change", schedule);
  $("save").addEventListener("click", save);
  $("xlsx").addEventListener("click", xlsx);
  $("reset").addEventListener("click", reset);
  $("analyse").addEventListener("click", analyse);
  document.body.dataset.ready = "1";
});
</script></body></html>
"##;
