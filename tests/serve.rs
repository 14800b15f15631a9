//! `taplan serve`'s API on a real server process: the base plan, solves that equal `taplan
//! whatif` on the same edits, saved scenarios that run in `whatif`, and hostile requests that get
//! a 4xx while the server keeps serving.

mod common;
#[path = "common/server.rs"]
mod server;

use serde_json::{Value, json};
use server::Server;

fn brs() -> std::path::PathBuf {
    common::root().join("datasets/brs-2026-2029")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

const GEF_80: &str = r#"{"kind": "scale_offers", "partner": "gef", "factor": 0.8}"#;

#[test]
fn solves_equal_whatif_on_the_same_edits_and_saved_scenarios_run_in_whatif() {
    let tmp = tempfile::tempdir().unwrap();
    let saved = tmp.path().join("saved.toml");
    let srv = Server::start(&brs(), &["--scenarios-out", saved.to_str().unwrap()]);
    let (status, plan) = srv.get("/api/plan");
    assert_eq!(status, 200);
    let plan: Value = serde_json::from_slice(&plan).unwrap();
    assert_eq!(plan["parties"].as_array().unwrap().len(), 149);
    let policies = plan["controls"]["policies"].as_array().unwrap();
    assert_eq!(policies.len(), taplan::policy::BUILTIN.len());
    assert!(plan["curve_html"].as_str().unwrap().contains("<svg"));
    let edit: Value = serde_json::from_str(GEF_80).unwrap();
    let (status, solved) = srv.post_json(
        "/api/solve",
        &json!({"policy": "coverage", "edits": [edit]}),
    );
    assert_eq!(status, 200, "{solved}");
    let objective = solved["objective"].as_f64().unwrap();
    assert!(objective < plan["objective"].as_f64().unwrap());
    let deltas = solved["deltas"]["parties"].as_array().unwrap();
    assert!(!deltas.is_empty() && deltas.iter().all(|d| d["delta"].as_f64().unwrap() != 0.0));
    // Save the same edits as a scenario: appended to --scenarios-out, and runnable by whatif.
    let (status, answer) = srv.post_json(
        "/api/scenario",
        &json!({"name": "gef-80", "description": "GEF at 80%", "edits": [edit]}),
    );
    assert_eq!(status, 200, "{answer}");
    let file = std::fs::read_to_string(&saved).unwrap();
    assert!(file.contains(answer["toml"].as_str().unwrap()));
    let row = common::whatif_row(&brs(), &saved, "gef-80");
    let theirs: f64 = row["objective"].parse().unwrap();
    assert!(
        close(objective, theirs),
        "serve {objective} vs whatif {theirs}"
    );
    let ldc: f64 = row["ldc_coverage"].parse().unwrap();
    assert!(close(
        solved["headline"]["ldc_coverage"].as_f64().unwrap(),
        ldc
    ));
    // The page is self-contained: no address outside the server.
    let (status, page) = srv.get("/");
    let page = String::from_utf8(page).unwrap();
    assert_eq!(status, 200);
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "external reference"
    );
}

/// The curve's objective at `scale`, between its breakpoints.
fn curve_at(points: &[Value], scale: f64) -> f64 {
    let at = |p: &Value, k: &str| p[k].as_f64().unwrap();
    let k = points
        .iter()
        .rposition(|p| at(p, "scale") <= scale)
        .unwrap();
    let (a, b) = (&points[k], &points[(k + 1).min(points.len() - 1)]);
    if at(b, "scale") == at(a, "scale") {
        return at(a, "objective");
    }
    let w = (scale - at(a, "scale")) / (at(b, "scale") - at(a, "scale"));
    at(a, "objective") + w * (at(b, "objective") - at(a, "objective"))
}

/// On demand, the exact budget curve and the sensitivity of the edited plan: at 100% the curve
/// is the edited plan's objective (a solve of the same edits), not the base plan's; it is
/// non-decreasing and concave; bad edits get the scenario's code.
#[test]
fn analysis_traces_the_edited_plans_curve_and_sensitivity() {
    let srv = Server::start(&brs(), &[]);
    let edit: Value = serde_json::from_str(GEF_80).unwrap();
    let (status, solved) = srv.post_json("/api/solve", &json!({"edits": [edit]}));
    assert_eq!(status, 200, "{solved}");
    let objective = solved["objective"].as_f64().unwrap();
    let (status, a) = srv.post_json("/api/analysis", &json!({"edits": [edit]}));
    assert_eq!(status, 200, "{a}");
    assert!(close(a["objective"].as_f64().unwrap(), objective));
    let points = a["curve"].as_array().unwrap();
    assert!(points.len() > 10, "{} breakpoints", points.len());
    let at_one = curve_at(points, 1.0);
    assert!(
        close(at_one, objective),
        "curve {at_one} vs solve {objective}"
    );
    let (_, plan) = srv.get("/api/plan");
    let plan: Value = serde_json::from_slice(&plan).unwrap();
    assert!(at_one < plan["objective"].as_f64().unwrap() * (1.0 - 1e-6));
    let slopes: Vec<f64> = points.iter().filter_map(|p| p["slope"].as_f64()).collect();
    assert!(slopes.iter().all(|&s| s >= -1e-9));
    assert!(
        slopes
            .windows(2)
            .all(|w| w[1] <= w[0] * (1.0 + 1e-9) + 1e-9)
    );
    assert!(a["curve_html"].as_str().unwrap().contains("<svg"));
    let sens = a["sensitivity_html"].as_str().unwrap();
    assert!(sens.contains("<h2>Sensitivity") && sens.contains("<table>"));
    let unknown = json!({"edits": [{"kind": "scale_offers", "partner": "nobody", "factor": 0.8}]});
    let (status, e) = srv.post_json("/api/analysis", &unknown);
    assert_eq!(status, 400, "{e}");
    assert!(e["code"].as_str().unwrap().starts_with("E0"));
    let (status, e) = srv.post_json("/api/analysis", &json!({"policy": "fair", "edits": []}));
    assert_eq!((status, e["code"].as_str()), (400, Some("E0901")));
}

#[test]
fn bad_requests_get_a_4xx_with_a_code_and_the_server_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let extra = tmp.path().join("my-floor.toml");
    std::fs::write(&extra, "kind = \"ldc_sids\"\nratio = 1.2\n").unwrap();
    let mut srv = Server::start(
        &common::root().join("datasets/tiny"),
        &["--policy", extra.to_str().unwrap()],
    );
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("malformed JSON", b"{\"edits\": [".to_vec(), 400, "E0901"),
        ("unknown field", br#"{"edit": []}"#.to_vec(), 400, "E0901"),
        (
            "unknown partner",
            br#"{"edits": [{"kind": "scale_offers", "partner": "GEF", "factor": 0.8}]}"#.to_vec(),
            400,
            "E0506",
        ),
        (
            "factor 1e300",
            br#"{"edits": [{"kind": "scale_offers", "partner": "gef", "factor": 1e300}]}"#.to_vec(),
            400,
            "E0504",
        ),
        (
            "unknown edit kind",
            br#"{"edits": [{"kind": "print_money", "partner": "gef"}]}"#.to_vec(),
            400,
            "E0504",
        ),
        (
            "a sweep",
            br#"{"edits": [{"kind": "scale_offers", "partner": "gef", "sweep": [0.5, 1.0, 0.5]}]}"#
                .to_vec(),
            400,
            "E0902",
        ),
        (
            "unknown policy",
            br#"{"policy": "nope"}"#.to_vec(),
            400,
            "E0904",
        ),
    ];
    for (what, body, want, code) in cases {
        let (status, answer) = srv.post("/api/solve", &body);
        let answer: Value = serde_json::from_slice(&answer).unwrap_or_default();
        assert_eq!(status, want, "{what}: {answer}");
        assert_eq!(answer["code"], code, "{what}: {answer}");
        assert!(srv.alive(), "{what}: the server stopped");
        assert_eq!(srv.get("/api/plan").0, 200, "{what}: not serving after it");
    }
    let huge = vec![b' '; 100 << 20];
    let (status, _) = srv.post("/api/solve", &huge);
    assert_eq!(status, 413, "a 100 MB body");
    assert!(srv.alive());
    assert_eq!(srv.get("/api/plan").0, 200);
    // Every built-in policy and the --policy file solve from the page's selector.
    let (_, plan) = srv.get("/api/plan");
    let plan: Value = serde_json::from_slice(&plan).unwrap();
    assert!(
        plan["controls"]["policies"]
            .as_array()
            .unwrap()
            .contains(&json!("my-floor"))
    );
    let names = taplan::policy::BUILTIN.iter().map(|(name, _)| *name);
    for p in names.chain(["my-floor"]) {
        let (status, v) = srv.post_json("/api/solve", &json!({"policy": p, "edits": []}));
        assert_eq!(status, 200, "{p}: {v}");
        assert_eq!(v["policy"], p);
    }
    let (status, bytes) = srv.post("/api/xlsx", br#"{"edits": []}"#);
    assert_eq!(status, 200);
    assert_eq!(&bytes[..2], b"PK", "plan.xlsx is a zip");
}

#[test]
fn a_solve_past_the_time_limit_answers_503_and_the_server_stays_up() {
    let mut srv = Server::start(&brs(), &["--time-limit", "0.000001"]);
    let edit: Value = serde_json::from_str(GEF_80).unwrap();
    let (status, v) = srv.post_json("/api/solve", &json!({"policy": "fair", "edits": [edit]}));
    assert_eq!(status, 503, "{v}");
    assert_eq!(v["code"], "E0903");
    assert!(srv.alive());
    assert_eq!(srv.get("/api/plan").0, 200);
}

#[test]
fn scenarios_out_never_appends_to_a_file_that_is_not_a_scenarios_file() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("needs.csv");
    std::fs::copy(common::root().join("datasets/tiny/needs.csv"), &csv).unwrap();
    let before = std::fs::read(&csv).unwrap();
    for target in [csv.clone(), tmp.path().to_path_buf()] {
        let o = common::taplan_bin()
            .arg("serve")
            .arg(common::root().join("datasets/tiny"))
            .args(["--port", "0", "--scenarios-out"])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", target.display());
        assert!(String::from_utf8_lossy(&o.stderr).contains("E0906"));
    }
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        before,
        "the file is untouched"
    );
}
