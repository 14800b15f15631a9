//! The API's work without HTTP: read a request, turn its edits into a scenario with the
//! scenarios file's own parser and checks, solve it the way `taplan whatif` does, and build the
//! view. Errors carry the HTTP status, a stable code and a one-line message.

use super::State;
use super::view::plan_view;
use crate::analysis::analyse;
use crate::analysis::budget_curve::CurveScopes;
use crate::dataset::Dataset;
use crate::plan::Plan;
use crate::report::html_pages::curve_chart;
use crate::report::md_html::sections_html;
use crate::report::{Files, PlanOutput, render_plan, sensitivity_md};
use crate::scenario::Scenario;
use crate::scenario::edit::apply;
use crate::scenario::file::parse_scenarios;
use crate::scenario::run::solve_scenario_with;
use crate::solver::SolveStatus;
use crate::solver::Want;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// A request that could not be served: the HTTP status, a code and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: 400,
            code,
            message: message.into(),
        }
    }

    pub fn json(&self) -> Value {
        json!({"code": self.code, "message": self.message})
    }
}

/// `POST /api/solve` and `POST /api/xlsx`: a policy and the edits, each exactly the fields of a
/// `[[scenario.edit]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveRequest {
    #[serde(default)]
    pub policy: Option<String>,
    #[serde(default)]
    pub edits: Vec<Map<String, Value>>,
}

/// `POST /api/scenario`: the edits to save as a named scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub edits: Vec<Map<String, Value>>,
}

/// `POST /api/analysis`: the edits whose coverage plan's budget curve and sensitivity are asked
/// for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisRequest {
    #[serde(default)]
    pub edits: Vec<Map<String, Value>>,
}

/// The request in one canonical text (object keys sorted): equal requests, equal keys.
pub fn cache_key(req: &SolveRequest) -> String {
    let policy = req.policy.as_deref().unwrap_or("coverage");
    json!({"policy": policy, "edits": req.edits}).to_string()
}

/// A JSON body, or E0901.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad("E0901", format!("malformed request body: {e}")))
}

/// The edits as a scenarios file holding one scenario.
pub fn scenario_toml(
    name: &str,
    description: Option<&str>,
    edits: &[Map<String, Value>],
) -> Result<String, ApiError> {
    let edits = toml::Value::try_from(edits)
        .map_err(|e| ApiError::bad("E0901", format!("edits must be TOML values (no null): {e}")))?;
    let mut scenario = toml::Table::new();
    scenario.insert("name".into(), name.into());
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        scenario.insert("description".into(), d.into());
    }
    scenario.insert("edit".into(), edits);
    let mut doc = toml::Table::new();
    doc.insert("scenario".into(), toml::Value::Array(vec![scenario.into()]));
    toml::to_string(&doc).map_err(|e| ApiError::bad("E0901", e.to_string()))
}

/// The edits as one checked scenario and the dataset they give, or the scenario error code.
pub fn edited(
    ds: &Dataset,
    name: &str,
    description: Option<&str>,
    edits: &[Map<String, Value>],
) -> Result<(Scenario, Dataset), ApiError> {
    let text = scenario_toml(name, description, edits)?;
    let coded = |d: crate::Diagnostic| ApiError::bad(d.code, d.message);
    let mut list = parse_scenarios("request", &text).map_err(coded)?;
    if list.len() != 1 {
        return Err(ApiError::bad(
            "E0902",
            "a sweep gives several plans and the page shows one: use `factor`",
        ));
    }
    let scenario = list.remove(0);
    let edited = apply(ds, &scenario).map_err(coded)?;
    Ok((scenario, edited))
}

/// Solve the edited dataset under `policy`: `coverage` exactly as `taplan whatif` does (warm
/// from the base basis where the structure allows), another policy by its own `allocate`.
pub fn solve(state: &State, req: &SolveRequest) -> Result<(Dataset, Plan, String), ApiError> {
    let policy = req.policy.as_deref().unwrap_or("coverage");
    let (_, ds) = edited(&state.ds, "live", None, &req.edits)?;
    let plan = if policy == "coverage" {
        // The page's figures need no ranging (the plan is the same with it).
        let (solved, _) =
            solve_scenario_with(&state.cx, &ds, &state.base, Want::Duals, state.spares())
                .map_err(failed)?;
        solved.plan
    } else {
        let p = state.policy(policy).ok_or_else(|| {
            ApiError::bad("E0904", format!("unknown policy `{policy}`; see /api/plan"))
        })?;
        p.allocate(&ds, &state.cx).map_err(failed)?.plan
    };
    if plan.status != SolveStatus::Optimal {
        return Err(not_optimal(&plan));
    }
    Ok((ds, plan, policy.to_string()))
}

/// The view of a solved request, with the deltas against the base plan.
pub fn solve_view(state: &State, req: &SolveRequest) -> Result<Value, ApiError> {
    let (ds, plan, policy) = solve(state, req)?;
    Ok(plan_view(&ds, &plan, &policy, Some(&state.base_funding)))
}

/// The exact budget curve and the sensitivity of the edited dataset's coverage plan, as
/// `taplan plan` computes them and report.html shows them: the curve's points and chart, and the
/// sensitivity section. Scale 1 on the curve is the edited dataset itself.
pub fn analysis(state: &State, req: &AnalysisRequest) -> Result<Value, ApiError> {
    let (_, ds) = edited(&state.ds, "live", None, &req.edits)?;
    let (solved, _) =
        solve_scenario_with(&state.cx, &ds, &state.base, Want::Ranging, state.spares())
            .map_err(failed)?;
    if solved.plan.status != SolveStatus::Optimal {
        return Err(not_optimal(&solved.plan));
    }
    let a = analyse(&state.cx, &ds, &solved, CurveScopes::All).map_err(failed)?;
    let curve: Vec<Value> = a
        .curve
        .iter()
        .map(|p| json!({"scale": p.scale, "budget": p.budget, "objective": p.objective, "slope": p.slope}))
        .collect();
    // sections_html takes the level-2 sections after a document's start.
    let sensitivity = a.sensitivity.as_ref().map_or_else(String::new, |s| {
        sections_html(&format!("\n{}", sensitivity_md(&ds, s, &a.curve)), &[])
    });
    Ok(json!({
        "objective": solved.plan.objective,
        "curve": curve,
        "curve_html": curve_chart(&a.curve),
        "sensitivity_html": sensitivity,
    }))
}

/// A solve that did not finish (or failed): 503, and the server keeps serving.
fn failed(e: crate::Error) -> ApiError {
    ApiError {
        status: 503,
        code: "E0903",
        message: format!("the solve did not finish: {e}"),
    }
}

/// A solve that stopped without an optimal plan: 503.
fn not_optimal(plan: &Plan) -> ApiError {
    ApiError {
        status: 503,
        code: "E0903",
        message: format!(
            "no plan within the time limit ({}); the server keeps serving",
            plan.status.as_str()
        ),
    }
}

/// plan.xlsx of a solved request.
pub fn workbook(state: &State, req: &SolveRequest) -> Result<Vec<u8>, ApiError> {
    let (ds, plan, policy) = solve(state, req)?;
    let out = PlanOutput {
        ds: &ds,
        plan: &plan,
        warnings: &[],
        policy: &policy,
        policy_kind: "coverage",
        load_seconds: 0.0,
        analysis_seconds: 0.0,
        curve_seconds: 0.0,
        sensitivity: None,
        curve: &[],
        policy_outcome: None,
        canonical: None,
        edges: false,
    };
    let internal = |e: crate::Error| ApiError {
        status: 500,
        code: "E0905",
        message: e.to_string(),
    };
    let (files, _): (Files, _) = render_plan(&out, true).map_err(internal)?;
    Ok(files.bytes("plan.xlsx").unwrap_or_default().to_vec())
}

/// The saved scenario as scenarios.toml text (checked like any scenario first).
pub fn save(state: &State, req: &SaveRequest) -> Result<String, ApiError> {
    edited(&state.ds, &req.name, req.description.as_deref(), &req.edits)?;
    scenario_toml(&req.name, req.description.as_deref(), &req.edits)
}
