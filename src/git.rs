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
    let abs = crate::paths::absolute(path);
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

/// The last commit that touched each file of a work tree.
#[derive(Debug, Default)]
pub struct History {
    /// Absolute path → (commit, commit time in seconds since the epoch).
    pub last: std::collections::HashMap<PathBuf, (String, i64)>,
}

/// The top of the work tree holding `path`, found without running git: the nearest
/// directory at or above its real path (links and `..` resolved) that has a `.git` (a
/// directory, or the file a linked work tree or a submodule has). `None` outside any work
/// tree, where there is no history to read.
pub fn work_tree(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path)
        .ok()?
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Read the history of the work tree whose top is `top` (see [`work_tree`]) in one
/// `git log` pass. Its paths are `top` joined with the paths git prints.
pub fn history(top: &Path) -> Result<History, String> {
    let out = git(
        top,
        &[
            "log",
            "--no-renames",
            "--name-only",
            "--format=%x01%H %ct",
            "--",
        ],
    )?;
    let text = String::from_utf8_lossy(&out);
    let mut h = History::default();
    let mut current: Option<(String, i64)> = None;
    for line in text.lines() {
        if let Some(head) = line.strip_prefix('\u{1}') {
            let mut parts = head.split(' ');
            let hash = parts.next().unwrap_or("").to_string();
            let time = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
            current = Some((hash, time));
        } else if !line.is_empty() {
            if let Some(c) = &current {
                // The log is newest first: the first commit seen for a file is its last.
                h.last.entry(top.join(line)).or_insert_with(|| c.clone());
            }
        }
    }
    Ok(h)
}

/// `YYYY-MM-DD` of a time in seconds since the epoch (UTC).
pub fn date(secs: i64) -> String {
    // Days to civil date (Howard Hinnant's algorithm, public domain).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_tree_is_the_nearest_directory_with_a_git_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path().join("repo");
        let deep = top.join("site/content/sessions");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(top.join(".git")).unwrap();
        std::fs::write(deep.join("1.md"), "x").unwrap();
        let top = std::fs::canonicalize(&top).unwrap();
        let deep = top.join("site/content/sessions");
        assert_eq!(work_tree(&deep.join("1.md")), Some(top.clone()));
        assert_eq!(work_tree(&deep), Some(top.clone()));
        assert_eq!(work_tree(&top), Some(top.clone()));
        // A linked work tree or a submodule has a `.git` file.
        let sub = top.join("site/themes/t");
        std::fs::create_dir_all(sub.join("layouts")).unwrap();
        std::fs::write(sub.join(".git"), "gitdir: ../../../.git/modules/t\n").unwrap();
        assert_eq!(work_tree(&sub.join("layouts")), Some(sub.clone()));
        // A path that does not exist has no work tree.
        assert_eq!(work_tree(&sub.join("missing")), None);
        // Outside any work tree (a temporary directory is not in one), also when the path
        // to it passes through one: `repo/../plain` is not inside `repo`.
        let plain = tmp.path().join("plain");
        std::fs::create_dir_all(&plain).unwrap();
        if tmp.path().ancestors().all(|d| !d.join(".git").exists()) {
            assert_eq!(work_tree(&plain), None);
            assert_eq!(work_tree(&top.join("site/../../plain")), None);
        }
        // The top is a real path.
        let real = std::fs::canonicalize(&top).unwrap();
        assert_eq!(
            work_tree(&deep.join("../../content/./sessions")),
            Some(real)
        );
    }
}
