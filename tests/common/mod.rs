//! Helpers shared by the integration tests: temporary dataset copies and edits.
#![allow(dead_code)]

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
