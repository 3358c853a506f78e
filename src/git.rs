//! The little we ask of git: which files changed since a revision.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The top of the work tree holding `path`.
pub fn toplevel(path: &Path) -> Result<PathBuf, String> {
    let abs = crate::site::absolute(path);
    let dir = if abs.is_dir() {
        abs
    } else {
        abs.parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let out = git(&dir, &["rev-parse", "--show-toplevel"])?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Absolute paths of files changed since `rev` (committed, staged or not) plus new
/// untracked files, in the work tree holding `path`. Deleted files are left out.
pub fn changed_since(path: &Path, rev: &str) -> Result<HashSet<PathBuf>, String> {
    let top = toplevel(path)?;
    let mut files = HashSet::new();
    let diff = git(
        &top,
        &["diff", "--name-only", "-z", "--diff-filter=d", rev, "--"],
    )?;
    let untracked = git(&top, &["ls-files", "-z", "--others", "--exclude-standard"])?;
    for name in diff.split(|&b| b == 0).chain(untracked.split(|&b| b == 0)) {
        if !name.is_empty() {
            files.insert(top.join(String::from_utf8_lossy(name).as_ref()));
        }
    }
    Ok(files)
}
