//! tools/deps.sh finds the libclang that bindgen loads, and only that: a Debian 12 machine
//! with libclang-cpp14 but without libclang-dev must get libclang-dev installed.

mod common;
use std::path::Path;

/// What `deps.sh check-libclang` says about a fake library folder holding `files`.
fn check(files: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::write(dir.path().join(f), b"").unwrap();
    }
    let out = std::process::Command::new("sh")
        .arg(common::root().join("tools/deps.sh"))
        .arg("check-libclang")
        .env("TAPLAN_LIBCLANG_DIRS", dir.path())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn deps_sh_does_not_take_libclang_cpp_for_libclang() {
    assert_eq!(
        check(&["libclang-cpp.so.14", "libclang-cpp.so", "libLLVM-14.so"]),
        "missing"
    );
    assert_eq!(check(&[]), "missing");
}

#[test]
fn deps_sh_finds_each_name_bindgen_loads() {
    for name in [
        "libclang.so",
        "libclang-14.so",
        "libclang.so.1",
        "libclang-14.so.1",
        "libclang.so.14.0.6",
    ] {
        assert_eq!(check(&[name, "libclang-cpp.so.14"]), "found", "{name}");
    }
}

#[test]
fn deps_sh_searches_every_folder_given() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::write(b.path().join("libclang-14.so.1"), b"").unwrap();
    let dirs = format!("{} {}", a.path().display(), b.path().display());
    let out = std::process::Command::new("sh")
        .arg(common::root().join("tools/deps.sh"))
        .arg("check-libclang")
        .env("TAPLAN_LIBCLANG_DIRS", dirs)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "found");
    assert!(Path::new(&common::root().join("tools/deps.sh")).is_file());
}
