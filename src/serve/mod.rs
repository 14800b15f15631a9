//! `taplan serve`: a local web server with an interactive what-if page and a JSON API
//! (docs/serve.md), on axum and tokio. The API is stateless: every request carries its whole list
//! of edits. Solves run on blocking threads, as many at once as there are cores (the rest
//! queue), each under the solve time limit; a solve that does not finish answers 503.

mod api;
mod page;
mod view;

use crate::analysis::budget_curve::{CurveScopes, budget_curve};
use crate::dataset::Dataset;
use crate::plan::Solved;
use crate::policy::Policy;
use crate::report::whatif::Funding;
use crate::scenario::spares::Spares;
use crate::solver::SolveContext;
use crate::{Error, Result};
use api::{AnalysisRequest, ApiError, SaveRequest, SolveRequest};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State as Shared};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The largest request body accepted (bytes); larger ones get 413.
pub const MAX_BODY: usize = 1 << 20;

/// What every request reads: the dataset, its base plan, the policies and the settings.
pub struct State {
    pub ds: Dataset,
    pub cx: SolveContext,
    /// The canonical coverage plan of the unedited dataset (what `taplan plan` writes).
    pub base: Solved,
    pub base_funding: Funding,
    /// `GET /api/plan`'s answer, built once.
    plan_json: Value,
    policies: Vec<Box<dyn Policy>>,
    scenarios_out: Option<PathBuf>,
    permits: Semaphore,
    cache: Mutex<Cache>,
    /// How long a request waits for its solve before answering 503.
    deadline: Duration,
    /// The base model loaded ahead for the next warm re-solves (one per core).
    spares: Option<Arc<Spares>>,
}

impl State {
    /// Solve the base plan and its budget curve, and list the policies (built-in, then `extra`).
    pub fn new(
        ds: Dataset,
        cx: SolveContext,
        extra: Option<Box<dyn Policy>>,
        scenarios_out: Option<PathBuf>,
    ) -> Result<Self> {
        // The base plan and its curve are solved once, without the per-request time limit.
        let unlimited = SolveContext {
            time_limit: None,
            ..cx
        };
        let base = crate::plan::solve_canonical(&ds, &unlimited, true)?;
        if base.plan.status != crate::solver::SolveStatus::Optimal {
            return Err(Error::NoOptimalPlan(base.plan.status.as_str().into()));
        }
        let mut policies = crate::policy::builtin_policies()?;
        policies.extend(extra);
        let curve = budget_curve(&unlimited, &ds, &base, CurveScopes::All)?;
        let mut plan_json = view::plan_view(&ds, &base.plan, "coverage", None);
        plan_json["controls"] = page::controls(&ds, &policies);
        plan_json["curve_html"] = page::curve_html(&curve).into();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let deadline = Duration::from_secs_f64(cx.time_limit.unwrap_or(60.0) * 2.0 + 5.0);
        let spares = base.solution.basis.as_ref().map(|basis| {
            let spares = Arc::new(Spares::new(&base.lp, basis, cx.time_limit, cores));
            spares.refill();
            spares
        });
        Ok(State {
            base_funding: Funding::of(&ds, &base.plan),
            ds,
            cx,
            base,
            plan_json,
            policies,
            scenarios_out,
            permits: Semaphore::new(cores),
            cache: Mutex::new(Cache::default()),
            deadline,
            spares,
        })
    }

    fn spares(&self) -> Option<&Arc<Spares>> {
        self.spares.as_ref()
    }

    fn policy(&self, name: &str) -> Option<&dyn Policy> {
        self.policies
            .iter()
            .find(|p| p.name() == name)
            .map(|p| p.as_ref())
    }
}

/// The page and the API.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(page::PAGE) }))
        .route("/api/plan", get(plan))
        .route("/api/solve", post(solve))
        .route("/api/analysis", post(analysis))
        .route("/api/xlsx", post(xlsx))
        .route("/api/scenario", post(scenario))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// Serve `state` on `listener` until Ctrl-C (then finish the requests in flight and return).
pub async fn run(listener: tokio::net::TcpListener, state: Arc<State>) -> Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Error::Server(format!("stopped: {e}")))
}

async fn plan(Shared(state): Shared<Arc<State>>) -> Response {
    axum::Json(state.plan_json.clone()).into_response()
}

async fn solve(Shared(state): Shared<Arc<State>>, body: Bytes) -> Response {
    let req: SolveRequest = match api::parse(&body) {
        Ok(r) => r,
        Err(e) => return error(&e),
    };
    let key = api::cache_key(&req);
    cached(state, key, move |s| api::solve_view(s, &req)).await
}

/// The budget curve and sensitivity of the edited coverage plan, on demand (cached like solves).
async fn analysis(Shared(state): Shared<Arc<State>>, body: Bytes) -> Response {
    let req: AnalysisRequest = match api::parse(&body) {
        Ok(r) => r,
        Err(e) => return error(&e),
    };
    let key = json!({"analysis": req.edits}).to_string();
    cached(state, key, move |s| api::analysis(s, &req)).await
}

/// The cached answer for `key`, or `work`'s (on a blocking thread), which is then cached.
async fn cached(
    state: Arc<State>,
    key: String,
    work: impl FnOnce(&State) -> std::result::Result<Value, ApiError> + Send + 'static,
) -> Response {
    if let Some(v) = state.cache.lock().ok().and_then(|c| c.get(&key)) {
        return axum::Json(v).into_response();
    }
    match blocking(&state, work).await {
        Ok(v) => {
            if let Ok(mut c) = state.cache.lock() {
                c.put(key, v.clone());
            }
            axum::Json(v).into_response()
        }
        Err(e) => error(&e),
    }
}

/// The answers to the most recent distinct solve requests. Answers are deterministic, so a
/// state the page has shown before (a slider moved back) is answered without solving again.
#[derive(Default)]
struct Cache {
    answers: HashMap<String, Value>,
    order: VecDeque<String>,
}

/// How many answers the cache keeps (the oldest go first).
const CACHE_ENTRIES: usize = 256;

impl Cache {
    fn get(&self, key: &str) -> Option<Value> {
        self.answers.get(key).cloned()
    }

    fn put(&mut self, key: String, value: Value) {
        if self.answers.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > CACHE_ENTRIES {
            if let Some(old) = self.order.pop_front() {
                self.answers.remove(&old);
            }
        }
    }
}

async fn xlsx(Shared(state): Shared<Arc<State>>, body: Bytes) -> Response {
    let answer = blocking(&state, move |s| {
        let req: SolveRequest = api::parse(&body)?;
        api::workbook(s, &req)
    })
    .await;
    match answer {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"plan.xlsx\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => error(&e),
    }
}

async fn scenario(Shared(state): Shared<Arc<State>>, body: Bytes) -> Response {
    let answer = blocking(&state, move |s| {
        let req: SaveRequest = api::parse(&body)?;
        let toml = api::save(s, &req)?;
        if let Some(path) = &s.scenarios_out {
            append(path, &toml)?;
        }
        Ok(json!({"toml": toml, "appended_to": s.scenarios_out}))
    })
    .await;
    match answer {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => error(&e),
    }
}

/// Append a scenario to the `--scenarios-out` file (created when missing, never truncated).
fn append(path: &std::path::Path, toml: &str) -> std::result::Result<(), ApiError> {
    use std::io::Write;
    let failed = |e: std::io::Error| ApiError {
        status: 500,
        code: "E0905",
        message: format!("{}: {e}", path.display()),
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(failed)?;
    f.write_all(format!("\n{toml}").as_bytes()).map_err(failed)
}

/// Run `work` on a blocking thread once a core is free; 503 when it does not finish in time.
async fn blocking<T: Send + 'static>(
    state: &Arc<State>,
    work: impl FnOnce(&State) -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    let busy = |message: String| ApiError {
        status: 503,
        code: "E0903",
        message,
    };
    let _permit = state
        .permits
        .acquire()
        .await
        .map_err(|e| busy(e.to_string()))?;
    let s = Arc::clone(state);
    let task = tokio::task::spawn_blocking(move || work(&s));
    match tokio::time::timeout(state.deadline, task).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => Err(ApiError {
            status: 500,
            code: "E0905",
            message: format!("the solve failed: {e}"),
        }),
        Err(_) => Err(busy(format!(
            "no plan within {} s; the server keeps serving",
            state.deadline.as_secs()
        ))),
    }
}

fn error(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e.json())).into_response()
}
