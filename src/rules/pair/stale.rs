use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::git::{self, History};
use crate::rules::pair::page_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Inside a git work tree, reports a translation whose original was committed later
    /// than the translation itself: the original changed and the translation was not
    /// brought up to date. The finding names the commit and date of the original's last
    /// change and of the translation's. The history is read once per run (one `git log`
    /// for the whole work tree), and only committed changes count. Outside a work tree the
    /// rule says nothing. Info by default.
    ///
    /// ## Why is this bad?
    /// Readers of the translation get last month's abstract, date or speaker list.
    ///
    /// ## Example
    /// `sessions/1058.md` last changed in commit `4f2a9c1` on 2022-07-20; `sessions/1058.zh.md`
    /// in `9b0e1d2` on 2022-06-30:
    /// ```text
    /// sessions/1058.zh.md: the original changed after this translation
    /// ```
    ///
    /// Use instead: update `1058.zh.md` to match, and commit it.
    ///
    /// Tested by `tests/pairs.rs` (a git repository made by the test).
    pub PairStale, "pair/stale", Severity::Info, "the original changed after its translation"
}

/// Histories by work tree, read once per run.
#[derive(Default)]
struct Histories {
    /// Site root (or the directory of a standalone page) → the history of its work tree.
    by_root: Mutex<HashMap<PathBuf, Option<Arc<SiteHistory>>>>,
    /// Top of a work tree → its history: the sites of one repository share one `git log`.
    by_top: Mutex<HashMap<PathBuf, Option<Arc<History>>>>,
}

/// The history of a site's work tree, and where the site really is: the run names pages
/// as they were given (`../site/…`, through links), the history by their real paths.
struct SiteHistory {
    history: Arc<History>,
    /// The site's root, absolute, as the run names it.
    root: PathBuf,
    /// The same directory, links and `..` resolved.
    real: PathBuf,
}

impl SiteHistory {
    /// The last commit that touched the page at `path`.
    fn last(&self, path: &Path) -> Option<&(String, i64)> {
        let abs = crate::paths::absolute(path);
        let real = match abs.strip_prefix(&self.root) {
            Ok(rel) => self.real.join(rel),
            Err(_) => std::fs::canonicalize(&abs).ok()?,
        };
        self.history.last.get(&real)
    }
}

fn history(cx: &Context<'_>, pair: &Pair<'_>) -> Option<Arc<SiteHistory>> {
    let cache = cx
        .packs
        .get_or_parse("pair/stale", |_| Histories::default());
    let anchor = cx
        .site
        .root
        .clone()
        .or_else(|| pair.translation.source.path.parent().map(PathBuf::from))?;
    let anchor = crate::paths::absolute(&anchor);
    // Git runs only inside a work tree, once per work tree; the other threads wait for it
    // here, as they need the same history.
    let mut roots = cache.by_root.lock().unwrap_or_else(|e| e.into_inner());
    roots
        .entry(anchor)
        .or_insert_with_key(|root| {
            let real = std::fs::canonicalize(root).ok()?;
            let top = git::work_tree(&real)?;
            let mut tops = cache.by_top.lock().unwrap_or_else(|e| e.into_inner());
            let history = tops
                .entry(top)
                .or_insert_with_key(|top| git::history(top).ok().map(Arc::new))
                .clone()?;
            Some(Arc::new(SiteHistory {
                history,
                root: root.clone(),
                real,
            }))
        })
        .clone()
}

impl PairRule for PairStale {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(h) = history(cx, pair) else { return };
        let (Some(o), Some(t)) = (
            h.last(&pair.original.source.path),
            h.last(&pair.translation.source.path),
        ) else {
            return;
        };
        if o.1 <= t.1 {
            return;
        }
        let short = |c: &str| c.chars().take(7).collect::<String>();
        out.push(
            Diagnostic::new(
                &Self::META,
                &pair.translation.source,
                page_span(pair.translation),
                format!(
                    "the original changed in {} on {}, after this translation's last change ({} on {})",
                    short(&o.0),
                    git::date(o.1),
                    short(&t.0),
                    git::date(t.1)
                ),
            )
            .label(&pair.original.source, page_span(pair.original), "the original")
            .help(format!(
                "bring the translation up to date: `git diff {}..{} -- {}` shows what changed",
                short(&t.0),
                short(&o.0),
                pair.original.source.display
            )),
        );
    }
}
