//! `taplan serve`'s page in a real browser: Debian's Chromium, headless, driven through
//! chromedriver by fantoccini (WebDriver). Installed by `tools/deps.sh test`.

mod common;
#[path = "common/server.rs"]
mod server;

use fantoccini::{ClientBuilder, Locator, key::Key};
use serde_json::{Value, json};
use server::Server;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// chromedriver on a free loopback port; killed when dropped.
struct Driver(Child, u16);

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian's chromium-driver; tools/deps.sh test installs it)");
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver(child, port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn capabilities(profile: &std::path::Path) -> serde_json::Map<String, Value> {
    let mut args: Vec<String> = common::HEADLESS.iter().map(|a| a.to_string()).collect();
    args.push("--window-size=1400,1800".into());
    args.push(format!("--user-data-dir={}", profile.display()));
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
    });
    caps.as_object().unwrap().clone()
}

/// Click the element with this id.
async fn click(c: &fantoccini::Client, id: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Evaluate `script` (a function body that returns a value) until it returns a string other
/// than `not`, for up to two minutes.
async fn wait_for(c: &fantoccini::Client, script: &str, not: &str) -> String {
    let t0 = Instant::now();
    loop {
        let v = c.execute(script, vec![]).await.unwrap();
        let s = v.as_str().map(str::to_string).unwrap_or_default();
        if !s.is_empty() && s != not {
            return s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "timed out on {script}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn brs() -> std::path::PathBuf {
    common::root().join("datasets/brs-2026-2029")
}

fn whatif_gef_80(dir: &std::path::Path) -> std::collections::HashMap<String, String> {
    let file = dir.join("gef.toml");
    std::fs::write(
        &file,
        "[[scenario]]\nname = \"gef-80\"\n[[scenario.edit]]\nkind = \"scale_offers\"\npartner = \"gef\"\nfactor = 0.8\n",
    )
    .unwrap();
    common::whatif_row(&brs(), &file, "gef-80")
}

fn close(a: f64, b: &str) -> bool {
    let b: f64 = b.parse().unwrap();
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_re_solves_when_the_gef_slider_moves_and_saves_a_scenario_whatif_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = Server::start(&brs(), &[]);
    let driver = Driver::start();
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(&tmp.path().join("profile")))
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a Chromium session");
    c.goto(&srv.url()).await.unwrap();
    wait_for(&c, "return document.body.dataset.ready || ''", "").await;
    let before = c
        .find(Locator::Id("headline-coverage"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(before.ends_with('%'), "headline coverage {before:?}");
    // Move the GEF slider from 100% to 80%: four steps of 5% with the keyboard.
    let slider = c.find(Locator::Id("s-partner-gef")).await.unwrap();
    let left = char::from(Key::Left).to_string();
    slider.send_keys(&left.repeat(4)).await.unwrap();
    assert_eq!(slider.prop("value").await.unwrap().as_deref(), Some("80"));
    wait_for(&c, "return document.body.dataset.solved || ''", "").await;
    let figures = c.find(Locator::Id("figures")).await.unwrap();
    let read = |name: &'static str| {
        let f = figures.clone();
        async move { f.attr(name).await.unwrap().unwrap().parse::<f64>().unwrap() }
    };
    let (weighted, ldc, objective) = (
        read("data-weighted").await,
        read("data-ldc").await,
        read("data-objective").await,
    );
    let after = c
        .find(Locator::Id("headline-coverage"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_ne!(before, after, "the headline did not change");
    let row = whatif_gef_80(tmp.path());
    assert!(
        close(weighted, &row["weighted_coverage"]),
        "{weighted} vs {}",
        row["weighted_coverage"]
    );
    assert!(close(ldc, &row["ldc_coverage"]));
    assert!(close(objective, &row["objective"]));
    assert!(
        c.find(Locator::Id("delta-parties")).await.is_ok(),
        "no winners and losers"
    );
    // Save the scenario; what the page offers for download runs in `taplan whatif`.
    let name = c.find(Locator::Id("sc-name")).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys("gef-slider").await.unwrap();
    click(&c, "save").await;
    let toml = wait_for(&c, "return document.getElementById('sc-toml').value", "").await;
    let href = c
        .find(Locator::Id("sc-download"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(href.starts_with("blob:"), "download link {href}");
    let saved = tmp.path().join("saved.toml");
    std::fs::write(&saved, &toml).unwrap();
    let row = common::whatif_row(&brs(), &saved, "gef-slider");
    assert!(close(objective, &row["objective"]));
    // The budget curve is drawn, and "download plan.xlsx" gives the state on the page.
    let curve = "return document.querySelectorAll('#curve svg polyline, #curve svg path').length";
    let drawn = c.execute(curve, vec![]).await.unwrap();
    assert!(drawn.as_u64().unwrap_or(0) > 0, "no budget curve drawn");
    // On demand, the curve and the sensitivity of the state on the page (GEF at 80%).
    click(&c, "analyse").await;
    wait_for(&c, "return document.body.dataset.analysed || ''", "").await;
    let traced = c.find(Locator::Id("curve")).await.unwrap();
    let at_one = traced.attr("data-objective").await.unwrap().unwrap();
    assert!(close(at_one.parse().unwrap(), &row["objective"]));
    let sens = c.find(Locator::Id("sensitivity")).await.unwrap();
    assert!(
        sens.text()
            .await
            .unwrap()
            .contains("where more money helps")
    );
    let book = downloaded_xlsx(&c, tmp.path()).await;
    assert!(close(book_objective(&book), &row["objective"]));
    c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(tmp.path().join("serve.png"), &png).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    if let Ok(keep) = std::env::var("TAPLAN_SCREENSHOT") {
        std::fs::write(keep, &png).unwrap();
    }
    c.close().await.unwrap();
}

/// Click "download plan.xlsx", read the workbook the page links to and write it into `dir`.
async fn downloaded_xlsx(c: &fantoccini::Client, dir: &std::path::Path) -> std::path::PathBuf {
    click(c, "xlsx").await;
    wait_for(
        c,
        "var l = document.getElementById('xlsx-link'); return l.href.startsWith('blob:') ? 'y' : ''",
        "",
    )
    .await;
    let read = "var done = arguments[arguments.length - 1];
        fetch(document.getElementById('xlsx-link').href)
          .then(function (r) { return r.arrayBuffer(); })
          .then(function (b) { done(Array.from(new Uint8Array(b))); });";
    let bytes: Vec<u8> = serde_json::from_value(c.execute_async(read, vec![]).await.unwrap())
        .expect("the workbook's bytes");
    assert_eq!(&bytes[..2], b"PK", "plan.xlsx is a zip");
    let path = dir.join("page-plan.xlsx");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The objective on a workbook's summary sheet.
fn book_objective(path: &std::path::Path) -> f64 {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let summary = wb.worksheet_range("summary").unwrap();
    let row = summary
        .rows()
        .find(|r| r[0].to_string().starts_with("Objective (weighted"))
        .expect("an objective row");
    match &row[1] {
        calamine::Data::Float(v) => *v,
        other => panic!("objective {other:?}"),
    }
}
