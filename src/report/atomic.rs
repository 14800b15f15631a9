//! Writes an output folder all-or-nothing: into a temporary sibling, renamed into place on success.

use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// Run `fill` on a fresh temporary folder beside `dest`; when it succeeds, replace `dest` with it.
/// On failure the temporary folder is removed and `dest` is left as it was.
pub fn write_dir_atomically<T>(dest: &Path, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let tmp = sibling(dest, "tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let result = fill(&tmp).and_then(|v| replace(dest, &tmp).map(|_| v));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn sibling(dest: &Path, tag: &str) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{tag}-{}", std::process::id()))
}

fn replace(dest: &Path, tmp: &Path) -> Result<()> {
    if dest.exists() {
        let old = sibling(dest, "old");
        std::fs::rename(dest, &old).map_err(|e| Error::io(dest, e))?;
        std::fs::rename(tmp, dest).map_err(|e| Error::io(dest, e))?;
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
    } else {
        std::fs::rename(tmp, dest).map_err(|e| Error::io(dest, e))
    }
}
