//! Turning the paths on the command line into the list of files to check.
//!
//! Directories are walked in parallel with the `ignore` crate (.gitignore and .ignore
//! respected, hidden files skipped, symbolic links not followed, only regular files with a
//! content extension). A file named on the command line is always checked, whatever its
//! extension, because a pre-commit hook names exactly the files it wants checked.
//!
//! A walk checks content only: zero-byte files (search-index stubs, placeholders) are
//! skipped, and so is what a site does not render as pages: the repository's own documents
//! (`README.md`, `CHANGELOG.md`, `CLAUDE.md`…) at the top of a walked directory or of a site
//! (a folder with a `content/` folder or a site config), and the asset, theme and dependency
//! folders at the top of a site, unless the config says what to `include`. Empty files and
//! repository documents are counted, not reported; asset folders are not even read.

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

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// The files to check, sorted by display path, without duplicates.
    pub files: Vec<FileEntry>,
    /// What it could not do.
    pub problems: Vec<WalkProblem>,
    /// Files left out because they are empty.
    pub empty: usize,
    /// Repository documents left out (asset folders are left out unread, so uncounted).
    pub not_content: usize,
}

/// Repository documents at the top of a walked directory: about the project, not pages.
const REPO_DOCS: &[&str] = &[
    "README",
    "CHANGELOG",
    "CHANGES",
    "CONTRIBUTING",
    "CODE_OF_CONDUCT",
    "SECURITY",
    "LICENSE",
    "NOTICE",
    "AUTHORS",
    "MAINTAINERS",
    "GOVERNANCE",
    "CLAUDE",
    "AGENTS",
];

/// Folders of a site that hold files it copies or builds with, not pages.
const NOT_CONTENT_DIRS: &[&str] = &[
    "static",
    "assets",
    "public",
    "resources",
    "themes",
    "layouts",
    "archetypes",
    "node_modules",
    "build",
    "dist",
    "vendor",
];

/// Files whose presence makes a folder a site root for [`NOT_CONTENT_DIRS`].
const SITE_MARKERS: &[&str] = &[
    "content",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "mkdocs.yml",
    "package.json",
];

/// Whether a walked file or folder at `path`, `depth` levels below the walked directory,
/// is left out as not content (see the module documentation).
fn not_content(path: &Path, depth: usize, is_dir: bool, config: &Config) -> bool {
    if depth == 0 || config.include.is_some() {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let candidate = if is_dir {
        NOT_CONTENT_DIRS.contains(&name)
    } else {
        REPO_DOCS.iter().any(|d| d.eq_ignore_ascii_case(stem))
    };
    // The repository's documents at the top of the walk; folders only at a site's top,
    // where the site generator gives the name its meaning.
    let at_site_root = || {
        path.parent()
            .is_some_and(|p| SITE_MARKERS.iter().any(|m| p.join(m).exists()))
    };
    candidate && ((!is_dir && depth == 1) || at_site_root())
}

/// Collect the files to check (see [`Walked`]).
pub fn collect(paths: &[PathBuf], config: &Config, threads: usize) -> Walked {
    let files = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    let skipped = Mutex::new((0, 0));
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
            Ok(_) => walk_dir(p, config, threads, &files, &problems, &skipped),
        }
    }
    let mut files = files.into_inner().expect("not poisoned");
    files.sort();
    files.dedup_by(|a, b| a.display == b.display);
    let mut problems = problems.into_inner().expect("not poisoned");
    problems.sort();
    let (empty, not_content) = skipped.into_inner().expect("not poisoned");
    Walked {
        files,
        problems,
        empty,
        not_content,
    }
}

fn walk_dir(
    dir: &Path,
    config: &Config,
    threads: usize,
    files: &Mutex<Vec<FileEntry>>,
    problems: &Mutex<Vec<WalkProblem>>,
    skipped: &Mutex<(usize, usize)>,
) {
    let count = |empty: bool| {
        let mut n = skipped.lock().expect("not poisoned");
        if empty {
            n.0 += 1;
        } else {
            n.1 += 1;
        }
    };
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
                    if !is_file && not_content(path, e.depth(), true, config) {
                        return ignore::WalkState::Skip;
                    }
                    let ext_ok = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        config
                            .extensions
                            .iter()
                            .any(|want| want.eq_ignore_ascii_case(x))
                    });
                    if is_file && ext_ok && config.wants(path) {
                        if not_content(path, e.depth(), false, config) {
                            count(false);
                            return ignore::WalkState::Continue;
                        }
                        if e.metadata().is_ok_and(|m| m.len() == 0) {
                            count(true);
                            return ignore::WalkState::Continue;
                        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn displays(w: &Walked, root: &Path) -> Vec<String> {
        w.files
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn a_walk_checks_content_only_and_counts_what_it_leaves_out() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for (name, text) in [
            ("config.toml", "title = 'x'\n"),
            ("README.md", "# About the repo\n"),
            ("CLAUDE.md", "notes\n"),
            ("content/a.md", "---\ntitle: a\n---\n"),
            ("content/search.md", ""),
            ("content/README.md", "a page called README\n"),
            (
                "content/post/static/kept.md",
                "a page in a folder called static\n",
            ),
            ("static/widget/notes.md", "copied as is\n"),
            ("assets/x.md", "built with\n"),
            ("themes/t/README.md", "theme docs\n"),
            ("site2/hugo.toml", "title = 'y'\n"),
            ("site2/CHANGELOG.md", "v1\n"),
            ("site2/node_modules/p/README.md", "a dependency\n"),
            ("site2/content/b.md", "---\ntitle: b\n---\n"),
            (
                "plain/static/page.md",
                "a folder of pages called static, no site here\n",
            ),
        ] {
            let p = root.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = Config::default();
        let w = collect(&[root.to_path_buf()], &config, 1);
        assert_eq!(
            displays(&w, root),
            [
                "content/README.md",
                "content/a.md",
                "content/post/static/kept.md",
                "plain/static/page.md",
                "site2/content/b.md"
            ]
        );
        assert_eq!(
            (w.empty, w.not_content),
            (1, 3),
            "README, CLAUDE, site2/CHANGELOG"
        );

        // Named on the command line, every one is checked.
        let named: Vec<PathBuf> = ["README.md", "content/search.md", "static/widget/notes.md"]
            .iter()
            .map(|n| root.join(n))
            .collect();
        let w = collect(&named, &config, 1);
        assert_eq!(w.files.len(), 3);
        assert_eq!((w.empty, w.not_content), (0, 0));

        // A config that says what to include walks everything it matches.
        let mut config = Config::default();
        let mut globs = globset::GlobSetBuilder::new();
        globs.add(globset::Glob::new("**").unwrap());
        config.include = Some(globs.build().unwrap());
        config.base = root.to_path_buf();
        let w = collect(&[root.to_path_buf()], &config, 1);
        assert_eq!(w.files.len(), 12, "{:?}", displays(&w, root));
        assert_eq!((w.empty, w.not_content), (1, 0));
    }
}
