//! Reads an input file safely: only regular files (not devices, FIFOs or folders, also through a
//! symlink), and never more than [`MAX_FILE_BYTES`], so a hostile path cannot block the run or
//! exhaust memory.

use crate::error::Diagnostic;
use std::io::Read;
use std::path::Path;

/// The largest input file taplan reads (64 MiB; the L preset's largest table is under 3 MiB).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The bytes of `path`. `missing` is the code for a file that is absent or unreadable (E0001
/// for datasets, E0501 for scenarios, E0601 for policies); E0004 for anything but a regular
/// file, E0005 for a file over [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path, missing: &'static str, hint: &str) -> Result<Vec<u8>, Diagnostic> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(
            missing,
            &file,
            format!("cannot read the file ({e}); {hint}"),
        )
    })?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            "E0004",
            &file,
            "not a regular file (a folder, device or pipe); point taplan at a saved file",
        ));
    }
    too_large(&file, meta.len())?;
    let handle = std::fs::File::open(path).map_err(|e| {
        Diagnostic::error(
            missing,
            &file,
            format!("cannot read the file ({e}); {hint}"),
        )
    })?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Diagnostic::error(
                missing,
                &file,
                format!("cannot read the file ({e}); {hint}"),
            )
        })?;
    too_large(&file, bytes.len() as u64)?;
    Ok(bytes)
}

fn too_large(file: &str, len: u64) -> Result<(), Diagnostic> {
    if len > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            "E0005",
            file,
            format!(
                "the file is larger than {} MiB; split the data or check the path",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

/// The text of `path` as UTF-8 (BOM removed); E0002 with the line and column of the first
/// invalid byte otherwise.
pub fn read_text(path: &Path, missing: &'static str, hint: &str) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, missing, hint)?;
    let file = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let (line, col) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..good]), good);
        Diagnostic::error("E0002", &file, "not UTF-8 text; save the file as UTF-8")
            .at(line, col.to_string())
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.trim_end_matches('\r').chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}
