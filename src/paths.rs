//! Paths as a run sees and shows them: made absolute once against the working directory
//! (read once), and shown relative to it. The lowest module: it knows no other.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `path` made absolute against the working directory, without resolving links.
pub fn absolute(path: &Path) -> PathBuf {
    // On Unix, `std::path::absolute` asks the system for the working directory on every
    // call with a relative path; that was two system calls a file.
    let joined = match cwd() {
        Some(cwd) if cfg!(unix) && path.is_relative() && !path.as_os_str().is_empty() => {
            Some(cwd.join(path))
        }
        _ => None,
    };
    let path = joined.as_deref().unwrap_or(path);
    if already_absolute(path) {
        return path.to_path_buf();
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `std::path::absolute` would give `path` back unchanged: it starts at the root
/// and has no `.` component or doubled separator to drop. Most paths of a run are like
/// that, and rebuilding one component by component cost more than the rest of the lookup.
fn already_absolute(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let Some(rest) = bytes.strip_prefix(b"/").filter(|_| cfg!(unix)) else {
        return false;
    };
    // After the root, no component is `.` and none is empty but the last (a trailing
    // separator is kept).
    let mut parts = rest.split(|&b| b == b'/').peekable();
    while let Some(part) = parts.next() {
        if part == b"." || (part.is_empty() && parts.peek().is_some()) {
            return false;
        }
    }
    true
}

/// The working directory, read once: nothing in a run changes it.
pub fn cwd() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// How a path is shown: as given, or relative to the working directory.
pub fn display_path(path: &Path) -> String {
    let shown = match cwd() {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The working directory read once, and the shortcut for paths already absolute, give
    /// what the standard library gives.
    #[test]
    fn absolute_paths_as_the_standard_library_makes_them() {
        for p in [
            "a/b.md",
            "./a//b.md",
            "a/./b/../c.md",
            "../x.md",
            ".",
            "/abs/./p.md",
            "",
            "/",
            "//",
            "///a",
            "//net/a.md",
            "/a/b.md",
            "/a/b/",
            "/a/b/.",
            "/a/./",
            "/a//b.md",
            "/a/../b.md",
            "/a/.hidden/b.md",
            "/a/b./c.md",
            "a/b/",
            "a/.",
        ] {
            let want = std::path::absolute(p).unwrap_or_else(|_| PathBuf::from(p));
            assert_eq!(absolute(Path::new(p)), want, "{p:?}");
        }
    }
}
