//! Output folders, all-or-nothing and never at the cost of a user's file. A folder is filled in
//! a hidden temporary sibling (`.NAME.tmp-PID`) and renamed into place. An existing folder is
//! replaced only when taplan wrote it and nobody changed it since: it carries the marker file
//! [`MARKER`], which lists every file taplan wrote with a digest of its content, and holds
//! nothing else. (summary.json is digested without its `times`, so that the marker is the same
//! bytes on every run.) Temporary folders left by a killed
//! run are removed by the next run into the same parent.

use crate::error::Diagnostic;
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The marker file of every folder taplan writes.
pub const MARKER: &str = ".taplan-output";
const MARKER_HEAD: &str = "# Written by taplan. taplan replaces this folder only while it holds exactly these files, unchanged.\n";

/// Run `fill` on a fresh temporary folder beside `dest`; when it succeeds, mark it and replace
/// `dest` with it. On failure the temporary folder is removed and `dest` is left as it was.
pub fn write_dir_atomically<T>(dest: &Path, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    check_replaceable(dest)?;
    let parent = parent_of(dest);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    remove_stale(&parent);
    let tmp = sibling(dest, "tmp");
    if tmp.exists() {
        // Our own pid: a leftover of this very process (pids are reused only after exit).
        remove_if_ours(&tmp)?;
    }
    std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let result = std::fs::write(tmp.join(MARKER), MARKER_HEAD)
        .map_err(|e| Error::io(tmp.join(MARKER), e))
        .and_then(|_| fill(&tmp))
        .and_then(|v| {
            write_manifest(&tmp)
                .and_then(|_| replace(dest, &tmp))
                .map(|_| v)
        });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Refuse, with exit status 2, an output path that taplan may not replace: a file, a symlink,
/// or a folder that does not carry the marker or holds anything not listed in it.
pub fn check_replaceable(dest: &Path) -> Result<()> {
    let refuse = |code: &'static str, msg: String| {
        Error::Invalid(vec![Diagnostic::error(
            code,
            dest.display().to_string(),
            msg,
        )])
    };
    if dest.file_name().is_none() {
        let msg = "name the output folder itself (such as plans/mine), not `.`, `..` or a root";
        return Err(refuse("E0701", msg.into()));
    }
    let Ok(meta) = std::fs::symlink_metadata(dest) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(refuse(
            "E0701",
            "the output path is a file or a link, not a folder; choose a new folder name".into(),
        ));
    }
    let listed = read_manifest(dest).ok_or_else(|| {
        refuse("E0702", "the folder exists and was not written by taplan; choose a new folder name, or move its files away".into())
    })?;
    let found = files_in(dest).map_err(|e| Error::io(dest, e))?;
    for (path, regular) in &found {
        if path.ends_with('/') && listed.keys().any(|k| k.starts_with(path.as_str())) {
            continue; // a folder of listed files
        }
        let what = match listed.get(path) {
            Some(digest) if *regular && digest_of(&dest.join(path)) == *digest => continue,
            Some(_) => "which changed since taplan wrote it",
            None => "which taplan did not write",
        };
        let msg = format!(
            "the folder holds \"{path}\", {what}; choose a new folder name, or move it away"
        );
        return Err(refuse("E0702", msg));
    }
    Ok(())
}

/// Check an output folder before anything is solved: it must be replaceable (see
/// [`check_replaceable`]) and must not be, or contain, any of `inputs` (the dataset, a
/// scenarios or policy file).
pub fn check_output(out: &Path, inputs: &[&Path]) -> Result<()> {
    let target = resolved(out);
    for input in inputs {
        if resolved(input).starts_with(&target) {
            let what = if resolved(input) == target {
                "is"
            } else {
                "contains"
            };
            let msg = format!(
                "the output folder {what} the input {}; choose an output folder outside it",
                input.display()
            );
            return Err(Error::Invalid(vec![Diagnostic::error(
                "E0701",
                out.display().to_string(),
                msg,
            )]));
        }
    }
    check_replaceable(out)
}

/// `path` made absolute with links resolved as far as it exists (the rest taken as written).
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// The folder that holds `dest` ("." for a bare name).
fn parent_of(dest: &Path) -> PathBuf {
    dest.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn sibling(dest: &Path, tag: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    parent_of(dest).join(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Every file under `dir` (the marker excepted) by relative path, and whether it is a regular
/// file (links and special files never match the manifest); folders as `path/`.
fn files_in(dir: &Path) -> std::io::Result<BTreeMap<String, bool>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            let kind = entry.file_type()?;
            let key = path.to_string_lossy().replace('\\', "/");
            if kind.is_dir() {
                out.insert(format!("{key}/"), true);
                stack.push(path);
            } else if key != MARKER {
                out.insert(key, kind.is_file());
            }
        }
    }
    Ok(out)
}

fn write_manifest(dir: &Path) -> Result<()> {
    let files = files_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut text = MARKER_HEAD.to_string();
    for path in files.keys().filter(|p| !p.ends_with('/')) {
        text.push_str(&format!("{:016x} {path}\n", digest_of(&dir.join(path))));
    }
    std::fs::write(dir.join(MARKER), text).map_err(|e| Error::io(dir.join(MARKER), e))
}

/// The files a marker lists with their digests, or `None` when `dir` has no readable marker.
fn read_manifest(dir: &Path) -> Option<BTreeMap<String, u64>> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    let mut lines = text.lines();
    (lines.next()? == MARKER_HEAD.trim_end()).then_some(())?;
    lines
        .map(|l| {
            let (digest, path) = l.split_once(' ')?;
            Some((path.to_string(), u64::from_str_radix(digest, 16).ok()?))
        })
        .collect()
}

/// FNV-1a over a file's bytes (summary.json without its wall-clock `times`); 0 when unreadable.
/// It tells taplan's own files from edited ones; it is not a defence against forgery.
fn digest_of(path: &Path) -> u64 {
    let Ok(bytes) = std::fs::read(path) else {
        return 0;
    };
    let timeless = (path.file_name().is_some_and(|n| n == "summary.json"))
        .then(|| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .flatten()
        .map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                o.remove("times");
            }
            v.to_string().into_bytes()
        });
    let data = timeless.as_deref().unwrap_or(&bytes);
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn remove_if_ours(dir: &Path) -> Result<()> {
    if is_marked(dir) {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))
    } else {
        Err(Error::Invalid(vec![Diagnostic::error(
            "E0702",
            dir.display().to_string(),
            "a folder with taplan's temporary name was not written by taplan; move it away",
        )]))
    }
}

/// Whether `dir` carries taplan's marker (its first line, not just a file of that name).
fn is_marked(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(MARKER))
        .is_ok_and(|t| t.lines().next() == Some(MARKER_HEAD.trim_end()))
}

/// Remove `.NAME.tmp-PID` and `.NAME.old-PID` folders in `parent` that carry the marker and whose
/// process no longer runs (a run killed before it could clean up). Best effort: where process
/// ids cannot be checked (no /proc), nothing is removed.
fn remove_stale(parent: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = stale_pid(&name) else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
            && is_marked(&path)
        {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The process id in a temporary folder name `.NAME.tmp-PID` or `.NAME.old-PID`.
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once('.')?;
    let pid = tail
        .strip_prefix("tmp-")
        .or_else(|| tail.strip_prefix("old-"))?;
    pid.parse().ok()
}

/// Move `tmp` into place at `dest`. A previous output at `dest` is first moved aside, and put
/// back if the new one cannot take its place, so a failed run leaves `dest` as it was. Once the
/// new output is in place, the old copy (taplan's own) is removed; should that fail, the next
/// run into the same parent removes it.
fn replace(dest: &Path, tmp: &Path) -> Result<()> {
    if std::fs::symlink_metadata(dest).is_err() {
        return std::fs::rename(tmp, dest).map_err(|e| Error::io(dest, e));
    }
    check_replaceable(dest)?; // again: it may have changed while we solved
    let old = sibling(dest, "old");
    if std::fs::symlink_metadata(&old).is_ok() {
        // Not ours to replace (a rename would replace an empty folder of that name).
        let e = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
        return Err(Error::io(&old, e));
    }
    std::fs::rename(dest, &old).map_err(|e| Error::io(dest, e))?;
    if let Err(e) = std::fs::rename(tmp, dest) {
        let _ = std::fs::rename(&old, dest);
        return Err(Error::io(dest, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Create the file `path` with `bytes`, all or nothing and never over an existing file: the
/// bytes go to a hidden temporary sibling (`.NAME.tmp-PID`), which is then linked in at `path`
/// (a link fails if `path` exists, E0704) and removed. Where the file system has no hard
/// links, the temporary file is renamed into place if `path` still does not exist.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<()> {
    check_new_file(path)?;
    let tmp = sibling(path, "tmp");
    // A new file only: a file or link of that name, which taplan did not write, stays as it is.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| Error::io(&tmp, e))?;
    let written = std::io::Write::write_all(&mut file, bytes);
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    let placed = match std::fs::hard_link(&tmp, path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => check_new_file(path),
        Err(_) if std::fs::symlink_metadata(path).is_err() => {
            return std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e));
        }
        other => other.map_err(|e| Error::io(path, e)),
    };
    let _ = std::fs::remove_file(&tmp);
    placed
}

/// A workbook taplan is asked to create must not replace an existing file (E0704): taplan
/// cannot tell a workbook it wrote from one a planner filled in.
pub fn check_new_file(path: &Path) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        let d = Diagnostic::error(
            "E0704",
            path.display().to_string(),
            "the file exists; taplan does not overwrite workbooks: choose a new name or move the file away",
        );
        return Err(Error::Invalid(vec![d]));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        let d = Diagnostic::error(
            "E0704",
            path.display().to_string(),
            format!(
                "the folder {} does not exist; create it first",
                parent.display()
            ),
        );
        return Err(Error::Invalid(vec![d]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// If the new folder cannot take the old one's place, the old one is put back.
    #[test]
    fn a_failed_replacement_puts_the_previous_output_back() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("plan");
        let fill = |d: &Path| std::fs::write(d.join("a.csv"), "1").map_err(|e| Error::io(d, e));
        write_dir_atomically(&dest, fill).unwrap();
        let missing = root.path().join(".plan.tmp-gone");
        assert!(replace(&dest, &missing).is_err());
        assert_eq!(std::fs::read_to_string(dest.join("a.csv")).unwrap(), "1");
        assert!(check_replaceable(&dest).is_ok());
    }

    #[test]
    fn a_new_file_never_replaces_one_and_leaves_no_temporary_file() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("book.xlsx");
        write_new_file(&path, b"first").unwrap();
        assert!(write_new_file(&path, b"second").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    /// A file or link that happens to bear the temporary name is neither written through nor
    /// removed.
    #[test]
    fn a_new_file_leaves_a_file_with_its_temporary_name_alone() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("book.xlsx");
        let outside = root.path().join("outside.txt");
        std::fs::write(&outside, "mine").unwrap();
        let tmp = sibling(&path, "tmp");
        std::os::unix::fs::symlink(&outside, &tmp).unwrap();
        assert!(write_new_file(&path, b"book").is_err());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine");
        assert!(std::fs::symlink_metadata(&tmp).is_ok() && !path.exists());
    }

    /// A folder bearing the name an old output is moved aside to is not replaced; the run
    /// fails and the old output stays.
    #[test]
    fn a_folder_with_the_aside_name_is_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("plan");
        let fill = |d: &Path| std::fs::write(d.join("a.csv"), "1").map_err(|e| Error::io(d, e));
        write_dir_atomically(&dest, fill).unwrap();
        let aside = sibling(&dest, "old");
        std::fs::create_dir(&aside).unwrap();
        assert!(write_dir_atomically(&dest, fill).is_err());
        assert!(aside.is_dir() && dest.join("a.csv").is_file());
    }

    #[test]
    fn stale_names_are_recognised() {
        assert_eq!(stale_pid(".plan.tmp-123"), Some(123));
        assert_eq!(stale_pid(".a.b.old-7"), Some(7));
        assert_eq!(stale_pid("plan.tmp-123"), None);
        assert_eq!(stale_pid(".plan.tmp-x"), None);
    }
}
