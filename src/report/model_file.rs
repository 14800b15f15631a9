//! `--export-model FILE`: the LP that was solved, written by HiGHS as MPS or LP, with taplan's
//! signature line first so that only files taplan wrote are ever replaced.

use crate::Result;
use crate::error::{Diagnostic, Error};
use crate::model::LinearProgram;
use std::path::Path;

/// The first line of every model file taplan writes: a comment in both formats' syntax, so an
/// existing file with it may be replaced and any other file is left alone.
fn model_signature(path: &Path) -> &'static str {
    if is_lp_file(path) {
        "\\ written by taplan\n"
    } else {
        "* written by taplan\n"
    }
}

fn is_lp_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("lp"))
}

/// Check `--export-model PATH` before anything is solved: a `.mps` or `.lp` name in a folder
/// that exists, and not a file that taplan did not write (E0703).
pub fn check_model_path(path: &Path) -> Result<()> {
    let refuse = |msg: String| {
        Error::Invalid(vec![Diagnostic::error(
            "E0703",
            path.display().to_string(),
            msg,
        )])
    };
    let ext_ok = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mps") || e.eq_ignore_ascii_case("lp"));
    if !ext_ok {
        return Err(refuse(
            "the model file needs the extension .mps or .lp".into(),
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(refuse(format!(
            "the folder {} does not exist; create it first or choose another path",
            parent.display()
        )));
    }
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_file() && starts_with_signature(path) => Ok(()),
        Ok(_) => Err(refuse("a file or folder of this name exists and was not written by taplan; choose another name".into())),
    }
}

fn starts_with_signature(path: &Path) -> bool {
    use std::io::Read;
    let sig = model_signature(path);
    let mut head = vec![0u8; sig.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == sig.as_bytes()
}

/// Write the LP of `solved` to `path` (format by extension: .mps or .lp), atomically, with
/// taplan's signature line first.
pub fn export_model(lp: &LinearProgram, path: &Path) -> Result<()> {
    check_model_path(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model.mps".into());
    let ext = if is_lp_file(path) { "lp" } else { "mps" };
    let tmp = path.with_file_name(format!(".{name}.tmp-{}.{ext}", std::process::id()));
    let written = crate::solver::highs::HighsModel::new(lp)?
        .write_model(&tmp)
        .and_then(|_| {
            let body = std::fs::read(&tmp).map_err(|e| Error::io(&tmp, e))?;
            let mut signed = model_signature(path).as_bytes().to_vec();
            signed.extend_from_slice(&body);
            std::fs::write(&tmp, signed).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Re-solve a model file taplan exported (MPS or LP) with HiGHS: a check that the export is the
/// LP that was solved.
pub fn solve_model_file(path: &Path) -> Result<crate::solver::LpSolution> {
    crate::solver::highs::HighsModel::read_model(path)?.run(false)
}
