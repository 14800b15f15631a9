//! `taplan serve` driven through its API, as the page drives it (docs/performance.md):
//! the latency of one solve request that the server has not seen before, at BRS and at the M
//! preset, and a load of 16 concurrent clients sending 50 requests each against BRS.
//! `cargo bench --bench serve`.

mod common {
    pub fn taplan_bin() -> std::process::Command {
        std::process::Command::new(env!("CARGO_BIN_EXE_taplan"))
    }
}
#[path = "../tests/common/server.rs"]
mod server;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use server::Server;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A request the server has not answered before: the GEF at a factor used once.
fn fresh(n: usize) -> Vec<u8> {
    let factor = 0.5 + (n % 100_000) as f64 * 1e-6;
    format!(r#"{{"edits": [{{"kind": "scale_offers", "partner_kind": "financial_mechanism", "factor": {factor}}}]}}"#)
        .into_bytes()
}

fn solve_latency(c: &mut Criterion) {
    let m = root().join("target/bench-data/M");
    if !m.join("offers.csv").exists() {
        taplan::generate::write_generated(&taplan::generate::GenSpec::preset("M", 1).unwrap(), &m)
            .unwrap();
    }
    let mut g = c.benchmark_group("serve_solve");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    let counter = AtomicUsize::new(0);
    for (name, data) in [("BRS", root().join("datasets/brs-2026-2029")), ("M", m)] {
        let srv = Server::start(&data, &[]);
        g.bench_function(name, |b| {
            b.iter(|| {
                let (status, _) = srv.post(
                    "/api/solve",
                    &fresh(counter.fetch_add(1, Ordering::Relaxed)),
                );
                assert_eq!(status, 200);
            })
        });
    }
    g.finish();
}

/// `POST /api/analysis` (the exact budget curve and the sensitivity of a state the server has
/// not seen) on BRS, as the page's button asks for it.
fn analysis_latency(c: &mut Criterion) {
    let mut g = c.benchmark_group("serve_analysis");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    let srv = Server::start(&root().join("datasets/brs-2026-2029"), &[]);
    let counter = AtomicUsize::new(0);
    g.bench_function("BRS", |b| {
        b.iter(|| {
            let (status, _) = srv.post(
                "/api/analysis",
                &fresh(counter.fetch_add(1, Ordering::Relaxed)),
            );
            assert_eq!(status, 200);
        })
    });
    g.finish();
}

/// 16 clients, 50 requests each, against BRS. Each sample starts from states the server has not
/// seen: every client moves the GEF slider over ten positions of its own sample (the page's
/// steps of 5%, shared by all clients, so later requests repeat states another client asked
/// for). The latencies of the last sample are written to target/serve-load.txt.
fn load(c: &mut Criterion) {
    let srv = Server::start(&root().join("datasets/brs-2026-2029"), &[]);
    let mut g = c.benchmark_group("serve_load");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(5));
    let round = AtomicUsize::new(0);
    g.bench_function("BRS_16x50", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let r = round.fetch_add(1, Ordering::Relaxed);
                let t0 = Instant::now();
                let latencies = run_load(&srv, r);
                total += t0.elapsed();
                write_percentiles(&latencies);
            }
            total
        })
    });
    g.finish();
}

fn run_load(srv: &Server, round: usize) -> Vec<f64> {
    let lat = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for client in 0..16 {
            let lat = &lat;
            s.spawn(move || {
                for k in 0..50 {
                    let step = (client + k) % 10;
                    let factor = 0.55 + 0.05 * step as f64 + round as f64 * 1e-7;
                    let body = format!(r#"{{"edits": [{{"kind": "scale_offers", "partner": "gef", "factor": {factor}}}]}}"#);
                    let t0 = Instant::now();
                    let (status, _) = srv.post("/api/solve", body.as_bytes());
                    assert_eq!(status, 200, "request {k} of client {client}");
                    lat.lock().unwrap().push(t0.elapsed().as_secs_f64());
                }
            });
        }
    });
    lat.into_inner().unwrap()
}

fn write_percentiles(latencies: &[f64]) {
    let mut v = latencies.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    let text = format!(
        "requests {} p50 {:.3} s p95 {:.3} s p99 {:.3} s max {:.3} s\n",
        v.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    );
    eprint!("serve_load: {text}");
    let _ = std::fs::write(root().join("target/serve-load.txt"), text);
}

criterion_group!(benches, solve_latency, analysis_latency, load);
criterion_main!(benches);
