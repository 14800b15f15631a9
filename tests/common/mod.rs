//! Helpers shared by the integration tests: temporary dataset copies and edits.
#![allow(dead_code)]

pub mod flat;

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of `datasets/<name>`.
pub fn copy_dataset(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = root().join("datasets").join(name);
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
        }
    }
    tmp
}

/// Replace line `line` (1-based) of `dir/file` with `text`; line = 0 appends.
pub fn set_line(dir: &Path, file: &str, line: usize, text: &str) {
    let path = dir.join(file);
    let content = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = content.lines().map(String::from).collect();
    if line == 0 {
        lines.push(text.to_string());
    } else {
        lines[line - 1] = text.to_string();
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
}

/// Generate a synthetic dataset into a temporary folder.
pub fn generated(spec: taplan::generate::GenSpec) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    taplan::generate::write_generated(&spec, &out).unwrap();
    tmp
}

pub fn taplan_bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_taplan"))
}

/// A one-biennium ("P1") dataset in a temporary folder: African Parties of weight 1, the themes
/// given (code = name), one bilateral partner "g", and the given needs.csv and offers.csv texts.
pub fn one_period(
    parties: &[&str],
    themes: &[&str],
    needs: &str,
    offers: &str,
) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let write = |name: &str, text: String| std::fs::write(d.join(name), text).unwrap();
    write("plan.toml", "name = \"t\"\nperiods = [\"P1\"]\n".into());
    write(
        "parties.csv",
        parties
            .iter()
            .fold("party,name,region,weight\n".to_string(), |s, p| {
                s + &format!("{p},{p},africa,1\n")
            }),
    );
    write(
        "themes.csv",
        themes
            .iter()
            .fold("theme,name\n".to_string(), |s, t| s + &format!("{t},{t}\n")),
    );
    write("partners.csv", "partner,name,kind\ng,G,bilateral\n".into());
    write("needs.csv", needs.into());
    write("offers.csv", offers.into());
    tmp
}

/// The Chromium flags every browser test runs with: headless, as root, on a closed network,
/// with shared memory in /tmp (containers often give /dev/shm 64 MB, too little for Chromium).
pub const HEADLESS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// `taplan whatif DATASET --scenarios FILE` into a temporary folder: the comparison.csv row of
/// scenario `name`, by column.
pub fn whatif_row(
    dataset: &Path,
    scenarios: &Path,
    name: &str,
) -> std::collections::HashMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("w");
    let o = taplan_bin()
        .arg("whatif")
        .arg(dataset)
        .arg("--scenarios")
        .arg(scenarios)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.join("comparison.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row = lines
        .find(|l| l.starts_with(&format!("{name},")))
        .unwrap_or_else(|| panic!("no row {name} in {text}"));
    head.iter()
        .map(|h| h.to_string())
        .zip(row.split(',').map(str::to_string))
        .collect()
}

/// Rewrite the CSV file at `path` through `f`, which edits its rows (header kept).
pub fn rewrite(path: &Path, f: impl FnOnce(&mut Vec<Vec<String>>)) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    f(&mut rows);
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(&header).unwrap();
    for r in rows {
        w.write_record(&r).unwrap();
    }
}
