//! Applying fixes: only safe ones, never two that overlap, written atomically.
//!
//! A fix is a set of edits that stand or fall together. Fixes are taken in file order; a fix
//! whose edits overlap an edit already taken is left for the next pass (after the file is
//! checked again, it either still applies or no longer does). Files are written through a
//! temporary file in the same directory and a rename, so a reader sees the old file or the
//! new one, never half of each; the byte-order mark, line endings and permissions are kept,
//! and no byte outside the edited spans changes. A file that changed on disk since it was
//! read is left alone. A page that is a symbolic link is fixed in its target when the target
//! is inside the checked tree, and skipped with a note otherwise.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::source::SourceFile;

/// The fixed text of one file.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file as read.
    pub file: Arc<SourceFile>,
    /// Its text after the fixes (without the byte-order mark, like `SourceFile::text`).
    pub fixed: String,
    /// How many findings the fixes resolve.
    pub applied: usize,
    /// The edits applied, none overlapping another.
    pub edits: Vec<Edit>,
}

/// Apply edits to `text`, skipping any edit that is out of range, splits a character or
/// overlaps an earlier one. Returns the new text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for e in sorted {
        let r = e.span.range();
        if r.start < pos || text.get(r.clone()).is_none() {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(&e.replacement);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Whether two edits conflict: they overlap, or both insert at the same place.
fn conflicts(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.span, b.span);
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    a.start < b.end && b.start < a.end
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// The safe fixes of `diagnostics`, grouped by file, without conflicts.
pub fn plan(diagnostics: &[Diagnostic]) -> Vec<FileFix> {
    let mut by_file: BTreeMap<PathBuf, (Arc<SourceFile>, Vec<&Diagnostic>)> = BTreeMap::new();
    for d in diagnostics {
        if d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
        {
            by_file
                .entry(d.file.path.clone())
                .or_insert_with(|| (Arc::clone(&d.file), Vec::new()))
                .1
                .push(d);
        }
    }
    let mut out = Vec::new();
    for (_, (file, mut diags)) in by_file {
        // A compacted source (CheckOptions::compact) no longer holds the whole text.
        if file.is_compacted() {
            continue;
        }
        diags.sort_by_key(|d| d.span);
        let mut taken: Vec<Edit> = Vec::new();
        let mut applied = 0;
        for d in diags {
            let Some(fix) = &d.fix else { continue };
            let valid = fix
                .edits
                .iter()
                .all(|e| file.text.get(e.span.range()).is_some());
            let clash = fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|t| conflicts(e, t)));
            let noop = fix
                .edits
                .iter()
                .all(|e| file.text.get(e.span.range()) == Some(e.replacement.as_str()));
            if valid && !clash && !noop {
                taken.extend(fix.edits.iter().cloned());
                applied += 1;
            }
        }
        if applied > 0 {
            let fixed = apply_edits(&file.text, &taken);
            if fixed != file.text {
                out.push(FileFix {
                    file,
                    fixed,
                    applied,
                    edits: taken,
                });
            }
        }
    }
    out
}

/// Write `text` (plus a byte-order mark when `bom`) to `path` atomically, keeping the
/// file's permissions. Fails, writing nothing, when the file's bytes are no longer
/// `expected` (it changed since it was read).
pub fn write_atomic(path: &Path, expected: &[u8], bom: bool, text: &str) -> std::io::Result<()> {
    let current = std::fs::read(path)?;
    if current != expected {
        return Err(std::io::Error::other("the file changed since it was read"));
    }
    let meta = std::fs::metadata(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".contentlint-fix-")
        .tempfile_in(dir)?;
    if bom {
        tmp.write_all(&[0xEF, 0xBB, 0xBF])?;
    }
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The bytes a source file was read from (its text plus the byte-order mark, if any).
pub fn original_bytes(file: &SourceFile) -> Vec<u8> {
    let mut b = Vec::with_capacity(file.text.len() + 3);
    if file.bom {
        b.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    }
    b.extend_from_slice(file.text.as_bytes());
    b
}

/// The directories a `--fix` run may write in: the working directory and every checked
/// path (a checked file's directory), resolved through links.
pub fn checked_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = std::iter::once(PathBuf::from("."))
        .chain(paths.iter().cloned())
        .filter_map(|p| {
            // A checked file's directory, not its target's: a link does not widen the tree.
            let dir = if p.is_dir() {
                p
            } else {
                match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                }
            };
            std::fs::canonicalize(dir).ok()
        })
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// The file to write for `path`: itself, or the target of a symbolic link when that target
/// lies inside one of `roots`. A link that leads out of the checked tree is not followed
/// (its target belongs to someone else), and is never replaced by a regular file.
fn write_target(path: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_path_buf());
    }
    let target =
        std::fs::canonicalize(path).map_err(|e| format!("cannot resolve the link: {e}"))?;
    if roots.iter().any(|r| target.starts_with(r)) {
        Ok(target)
    } else {
        Err(format!(
            "is a link to {}, outside the checked tree; not fixed",
            target.display()
        ))
    }
}

/// What writing the planned fixes did.
#[derive(Debug, Default)]
pub struct Written {
    /// Files written (as checked, before following a link).
    pub files: Vec<PathBuf>,
    /// Findings fixed.
    pub fixed: usize,
    /// Files that could not be written.
    pub failures: Vec<String>,
    /// Files left alone on purpose (links out of the checked tree).
    pub skipped: Vec<String>,
}

/// Write every planned fix, following links only within `roots` (see [`checked_roots`]).
pub fn write_all(plans: &[FileFix], roots: &[PathBuf]) -> Written {
    let mut w = Written::default();
    // A link and its target can both be checked pages: the file is written once per pass,
    // and the other's fixes are planned again from the new text.
    let mut targets = std::collections::HashSet::new();
    for p in plans {
        let target = match write_target(&p.file.path, roots) {
            Ok(t) => t,
            Err(why) => {
                w.skipped.push(format!("{} {why}", p.file.display));
                continue;
            }
        };
        if !targets.insert(std::fs::canonicalize(&target).unwrap_or_else(|_| target.clone())) {
            continue;
        }
        let expected = original_bytes(&p.file);
        match write_atomic(&target, &expected, p.file.bom, &p.fixed) {
            Ok(()) => {
                w.files.push(p.file.path.clone());
                w.fixed += p.applied;
            }
            Err(e) => w
                .failures
                .push(format!("{}: cannot apply fixes: {e}", p.file.display)),
        }
    }
    w
}

/// A unified diff of the planned fixes, file by file.
pub fn unified_diff(plans: &[FileFix]) -> String {
    let mut out = String::new();
    for p in plans {
        // The byte-order mark is part of the first line on disk, so it is in the diff too:
        // the patch applies to the file as it is.
        let bom = if p.file.bom { "\u{FEFF}" } else { "" };
        let (old, new) = (format!("{bom}{}", p.file.text), format!("{bom}{}", p.fixed));
        let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{}", p.file.display),
                    &format!("b/{}", p.file.display),
                )
                .to_string(),
        );
    }
    out
}

/// Passes of fix-then-check before `--fix` gives up on reaching a stable text.
pub const MAX_PASSES: usize = 8;

/// What `--fix` did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Files written at least once.
    pub files: usize,
    /// Findings fixed.
    pub fixed: usize,
    /// Files that could not be written.
    pub failures: Vec<String>,
    /// Files left alone on purpose, each with the reason.
    pub skipped: Vec<String>,
}

/// Apply safe fixes, check again, and repeat until nothing safe is left to fix (a fix can
/// uncover another, and overlapping fixes wait for the next pass). Returns what was done
/// and the report of the last check, which describes the files as they now are.
pub fn fix_until_stable(
    opts: &crate::check::CheckOptions,
    config: &crate::config::Config,
    mut report: crate::check::Report,
) -> (FixOutcome, crate::check::Report) {
    let mut outcome = FixOutcome::default();
    let mut written = std::collections::BTreeSet::new();
    let roots = checked_roots(&opts.paths);
    for _ in 0..MAX_PASSES {
        let plans = plan(&report.diagnostics);
        if plans.is_empty() {
            break;
        }
        let w = write_all(&plans, &roots);
        written.extend(w.files);
        outcome.fixed += w.fixed;
        outcome.failures.extend(w.failures);
        outcome.skipped.extend(w.skipped);
        report = crate::check::run(opts, config);
        if w.fixed == 0 {
            break;
        }
    }
    outcome.files = written.len();
    for list in [&mut outcome.failures, &mut outcome.skipped] {
        list.sort();
        list.dedup();
    }
    (outcome, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            span: Span::new(s, e),
            replacement: r.into(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_skip_overlaps() {
        let t = "ab cd ef";
        assert_eq!(
            apply_edits(t, &[edit(6, 8, "EF"), edit(0, 2, "AB")]),
            "AB cd EF"
        );
        assert_eq!(apply_edits(t, &[edit(0, 4, "X"), edit(3, 5, "Y")]), "Xd ef");
        assert_eq!(apply_edits("中文", &[edit(1, 2, "x")]), "中文");
    }

    #[test]
    fn conflicts_are_detected() {
        assert!(conflicts(&edit(0, 3, ""), &edit(2, 4, "")));
        assert!(!conflicts(&edit(0, 2, ""), &edit(2, 4, "")));
        assert!(conflicts(&edit(2, 2, "a"), &edit(2, 2, "b")));
        assert!(conflicts(&edit(3, 3, "a"), &edit(2, 4, "")));
    }

    #[test]
    fn atomic_write_keeps_bom_line_endings_and_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        std::fs::write(&p, b"\xEF\xBB\xBFa ,b\r\nc\r\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let expected = std::fs::read(&p).unwrap();
        write_atomic(&p, &expected, true, "a,b\r\nc\r\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"\xEF\xBB\xBFa,b\r\nc\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        // A file changed behind our back is not overwritten.
        assert!(write_atomic(&p, b"old", false, "new").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"\xEF\xBB\xBFa,b\r\nc\r\n");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
