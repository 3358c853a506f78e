//! Turning the paths on the command line into the list of files to check.
//!
//! Directories are walked in parallel with the `ignore` crate (.gitignore and .ignore
//! respected, hidden files skipped, symbolic links not followed, only regular files with a
//! content extension). A file named on the command line is always checked, whatever its
//! extension, because a pre-commit hook names exactly the files it wants checked.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::Config;
use crate::paths::display_path;

/// A file to check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileEntry {
    /// The path shown in output.
    pub display: String,
    /// The path used to open the file.
    pub path: PathBuf,
    /// Whether it was named on the command line.
    pub explicit: bool,
}

/// Something the walk could not do.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WalkProblem {
    /// A path on the command line does not exist.
    Missing(String),
    /// A directory or entry could not be read (permissions, a vanished file…).
    Unreadable {
        /// The path shown in output.
        display: String,
        /// Why.
        reason: String,
    },
}

/// Collect the files to check, sorted by display path, without duplicates.
pub fn collect(
    paths: &[PathBuf],
    config: &Config,
    threads: usize,
) -> (Vec<FileEntry>, Vec<WalkProblem>) {
    let files = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    for p in paths {
        match std::fs::symlink_metadata(p) {
            Err(_) => problems
                .lock()
                .expect("not poisoned")
                .push(WalkProblem::Missing(p.display().to_string())),
            Ok(m) if !(m.is_dir() || (m.file_type().is_symlink() && p.is_dir())) => {
                files.lock().expect("not poisoned").push(FileEntry {
                    display: display_path(p),
                    path: p.clone(),
                    explicit: true,
                });
            }
            Ok(_) => walk_dir(p, config, threads, &files, &problems),
        }
    }
    let mut files = files.into_inner().expect("not poisoned");
    files.sort();
    files.dedup_by(|a, b| a.display == b.display);
    let mut problems = problems.into_inner().expect("not poisoned");
    problems.sort();
    (files, problems)
}

fn walk_dir(
    dir: &Path,
    config: &Config,
    threads: usize,
    files: &Mutex<Vec<FileEntry>>,
    problems: &Mutex<Vec<WalkProblem>>,
) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        .require_git(false)
        .follow_links(false)
        .threads(threads)
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    let path = e.path();
                    let ext_ok = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        config
                            .extensions
                            .iter()
                            .any(|want| want.eq_ignore_ascii_case(x))
                    });
                    if is_file && ext_ok && config.wants(path) {
                        files.lock().expect("not poisoned").push(FileEntry {
                            display: display_path(path),
                            path: path.to_path_buf(),
                            explicit: false,
                        });
                    }
                }
                Err(err) => {
                    let (display, reason) = describe(&err);
                    problems
                        .lock()
                        .expect("not poisoned")
                        .push(WalkProblem::Unreadable { display, reason });
                }
            }
            ignore::WalkState::Continue
        })
    });
}

fn describe(err: &ignore::Error) -> (String, String) {
    match err {
        ignore::Error::WithPath { path, err } => (display_path(path), describe(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { child, .. } => (display_path(child), "symbolic link loop".into()),
        ignore::Error::Io(e) => (String::new(), crate::document::io_reason(e)),
        other => (String::new(), other.to_string()),
    }
}
