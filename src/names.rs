//! Names that become folder names (scenarios, sweep labels, policies): checked where they are
//! read, never rewritten, so two names can never share a folder and none can leave it.

use std::collections::HashMap;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Why `name` cannot be a folder name, or `None` when it can. Refused: empty, `.` and `..`,
/// a leading dot (hidden, and taplan's own temporary folders), `/` and `\`, control
/// characters, characters Windows forbids in names (`<>:"|?*`), a leading space or a trailing
/// dot or space, Windows device names, and over [`MAX_NAME_CHARS`].
pub fn folder_name_problem(name: &str) -> Option<String> {
    let problem = if name.is_empty() {
        "it is empty"
    } else if name == "." || name == ".." {
        "it names a folder itself"
    } else if name.starts_with('.') {
        "it starts with a dot"
    } else if name.contains(['/', '\\']) {
        "it contains a slash"
    } else if name.chars().any(|c| c.is_control()) {
        "it contains a control character"
    } else if name.contains(['<', '>', ':', '"', '|', '?', '*']) {
        "it contains one of < > : \" | ? *"
    } else if name.chars().count() > MAX_NAME_CHARS {
        "it is longer than 100 characters"
    } else if name.ends_with(['.', ' ']) || name.starts_with(' ') {
        "it starts with a space or ends with a dot or space (Windows drops them, so two names would share a folder)"
    } else if is_windows_device(name) {
        "it is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)"
    } else {
        return None;
    };
    Some(format!(
        "\"{}\" cannot be a folder name: {problem}; use letters, digits, '-', '_', '.' and '@'",
        printable(name)
    ))
}

fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

/// `name` with control characters shown as escapes and cut to 120 characters, for messages.
pub fn printable(name: &str) -> String {
    name.chars()
        .take(120)
        .flat_map(char::escape_debug)
        .collect()
}

/// Finds names that would share a folder: equal, or equal but for letter case (one folder on
/// Windows and macOS).
#[derive(Default)]
pub struct FolderNames(HashMap<String, String>);

impl FolderNames {
    /// Record `name`; the name it collides with, if any.
    pub fn insert(&mut self, name: &str) -> Option<String> {
        let key = name.to_lowercase();
        match self.0.get(&key) {
            Some(first) => Some(first.clone()),
            None => {
                self.0.insert(key, name.to_string());
                None
            }
        }
    }
}
