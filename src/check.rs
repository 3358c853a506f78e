//! The pipeline: walk, load, run rules, suppress, sort.
//!
//! Files are grouped by site and translation key before anything is read (`pairing`), so
//! that a page and its translation are loaded together, checked, and dropped: memory stays
//! bounded by the pages being checked at the moment, not by the size of the site. Groups
//! are checked in parallel; the result is sorted, so output never depends on the thread
//! count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Level};
use crate::diagnostic::Diagnostic;
use crate::document::{read_source, Document};
use crate::packs::Packs;
use crate::pairing::{self, Group};
use crate::rules::{self, Context, PageCache, Pair, Registered, RuleMeta, RunContext, RunStates};
use crate::site::{Site, Sites};
use crate::source::{Keep, SourceFile, Span};
use crate::timings::{self, phase, Timings};
use crate::walk::{self, WalkProblem};

/// Called with (files done, files in all) as the run progresses; a file read only as the
/// counterpart of another counts too.
pub type Progress = std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Called with the number of files to check when the walk is done, before any is checked.
/// The binary sets it to tune its allocator to the size of the run (src/main.rs).
pub static BEFORE_CHECK: std::sync::OnceLock<fn(usize)> = std::sync::OnceLock::new();

/// What to check and how.
#[derive(Clone, Default)]
pub struct CheckOptions {
    /// Files and directories; empty means `.`.
    pub paths: Vec<PathBuf>,
    /// Only rules matching one of these (ids or families), when not empty.
    pub select: Vec<String>,
    /// Rules to skip (ids or families).
    pub ignore: Vec<String>,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// Only these files (display paths or paths) are reported, when set (`--changed-since`).
    pub only: Option<std::collections::HashSet<PathBuf>>,
    /// Progress callback for long runs.
    pub progress: Option<Progress>,
    /// Keep only the text findings point at, not whole files: what a long run that only
    /// prints needs (see [`Keep`]). `None` when the findings are to be fixed.
    pub compact: Option<Keep>,
    /// Time the phases and rules (`--timings`).
    pub timings: bool,
    /// Fold findings that repeat a page-level one into it (see `crate::fold`); off under
    /// `--fix`, so that every fix is still made, and with `--no-fold`.
    pub fold: bool,
}

impl std::fmt::Debug for CheckOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions")
            .field("paths", &self.paths)
            .field("select", &self.select)
            .field("ignore", &self.ignore)
            .field("jobs", &self.jobs)
            .finish_non_exhaustive()
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Findings, sorted by path, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were checked (including those with an `input/*` finding).
    pub files_checked: usize,
    /// Walked files left out because they are empty.
    pub skipped_empty: usize,
    /// Repository documents (`README.md`…) the walk left out.
    pub skipped_not_content: usize,
    /// Problems that mean the tool could not do its whole job (exit code 2).
    pub failures: Vec<String>,
    /// Problems worth telling that change neither the findings nor the exit code (a
    /// cache that could not be saved).
    pub warnings: Vec<String>,
    /// Baseline entries that no longer match any finding.
    pub fixed: Vec<crate::baseline::Entry>,
    /// Where the time went, when asked for.
    pub timings: Option<Timings>,
}

/// Which rules run for a file, and how severe they are.
struct Selection<'a> {
    config: &'a Config,
    opts: &'a CheckOptions,
    packs: &'a Packs,
    /// What the run-wide rules collect, until the run is over.
    states: RunStates,
    /// Run the rules of one page side by side: when there are fewer pages than threads
    /// (a pre-commit hook's few files), the threads would otherwise sit idle.
    rules_in_parallel: bool,
    /// Texts shared by the run's findings, when they are compacted.
    texts: Texts,
    /// Rule times, when the run is timed.
    timings: Option<&'a Timings>,
}

impl Selection<'_> {
    fn level(&self, meta: &'static RuleMeta, path: &Path) -> Level {
        if !self.opts.select.is_empty()
            && !self
                .opts
                .select
                .iter()
                .any(|s| rules::id_matches(s, meta.id))
        {
            return Level::Off;
        }
        if self
            .opts
            .ignore
            .iter()
            .any(|s| rules::id_matches(s, meta.id))
        {
            return Level::Off;
        }
        self.config.level(meta, path)
    }
}

/// Run a check.
pub fn run(opts: &CheckOptions, config: &Config) -> Report {
    let threads = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            return Report {
                failures: vec![format!("cannot start worker threads: {e}")],
                ..Report::default()
            }
        }
    };
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let timings = opts.timings.then(Timings::default);
    let timed = timings.as_ref();
    let walked = phase(timed, "walk", || walk::collect(&paths, config, threads));
    let (mut files, problems) = (walked.files, walked.problems);
    if let Some(only) = &opts.only {
        files.retain(|f| only.contains(&crate::paths::absolute(&f.path)));
    }
    if let Some(hook) = BEFORE_CHECK.get() {
        hook(files.len());
    }
    let packs = match phase(timed, "load packs", || {
        Packs::load(&config.packs, &config.root)
    }) {
        Ok(p) => p,
        Err(e) => {
            return Report {
                failures: vec![e],
                ..Report::default()
            }
        }
    };
    let mut sel = Selection {
        config,
        opts,
        packs: &packs,
        states: RunStates::default(),
        rules_in_parallel: false,
        texts: Texts::default(),
        timings: timed,
    };
    let mut report = Report {
        files_checked: files.len(),
        skipped_empty: walked.empty,
        skipped_not_content: walked.not_content,
        ..Report::default()
    };
    for p in problems {
        match p {
            WalkProblem::Missing(path) => report
                .failures
                .push(format!("{path}: no such file or directory")),
            WalkProblem::Unreadable { display, reason } => report
                .diagnostics
                .push(rules::unreadable_path(&display, &reason)),
        }
    }
    let sites = Sites::new();
    let groups = phase(timed, "group", || {
        pool.install(|| pairing::group(files, &sites, config.languages.default.as_ref()))
    });
    sel.rules_in_parallel = groups.len() < threads;
    let total: u64 = groups.iter().map(|g| g.members.len() as u64).sum();
    let done = std::sync::atomic::AtomicU64::new(0);
    // Each group is dropped once checked: the walk's entries go as the findings come.
    let mut parts: Vec<Vec<Diagnostic>> = phase(timed, "check", || {
        pool.install(|| {
            groups
                .into_par_iter()
                .map(|g| {
                    let found = check_group(&g, &sel);
                    if let Some(progress) = &opts.progress {
                        let n = g.members.len() as u64;
                        progress(done.fetch_add(n, Ordering::Relaxed) + n, total);
                    }
                    found
                })
                .collect()
        })
    });
    let states = std::mem::take(&mut sel.states);
    parts.push(phase(timed, "run-wide rules", || {
        pool.install(|| finish_run(states, &sel))
    }));
    // Saved here, not when the checker is dropped: worker threads keep it until they exit,
    // which may be after the process has.
    report.warnings = rules::image::finish_run(&packs);
    // One allocation of the right size: a list grown by doubling holds up to twice its
    // findings, and a bulk audit has hundreds of thousands.
    report
        .diagnostics
        .reserve_exact(parts.iter().map(Vec::len).sum());
    for found in parts {
        report.diagnostics.extend(found);
    }
    for site in sites.all() {
        if let (Some(err), Some(root)) = (&site.config_error, &site.root) {
            report.failures.push(format!(
                "{}: Hugo configuration cannot be read: {err}",
                root.display()
            ));
        }
    }
    // Unstable: a stable sort would need a buffer of half the findings. The order is still
    // the same on every run, since `parts` comes in group order whatever the thread count.
    // Of findings with equal keys the dedup keeps one: the one whose help sorts first.
    phase(timed, "sort", || {
        report.diagnostics.sort_unstable_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.help.cmp(&b.help))
        });
        report
            .diagnostics
            .dedup_by(|a, b| a.sort_key() == b.sort_key());
    });
    drop(sel);
    report.timings = timings;
    report
}

fn check_group(g: &Group, sel: &Selection<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut docs: Vec<(Document, bool)> = Vec::with_capacity(g.members.len());
    for m in &g.members {
        match read_source(&m.entry.path, &m.entry.display, sel.config.max_file_size) {
            Ok(src) => docs.push((
                Document::parse(Arc::new(src), m.id.lang.clone()),
                m.reported,
            )),
            Err(problem) => {
                if m.reported {
                    let d =
                        rules::input_diagnostic(&m.entry.display, m.entry.path.clone(), problem);
                    if let Level::On(s) = sel.level(d.rule, &m.entry.path) {
                        out.push(d.severity(s));
                    }
                }
            }
        }
    }
    // A page alone in its group is told which translations pairing did not find.
    let missing: &[(String, PathBuf)] = if docs.len() == 1 { &g.missing } else { &[] };
    for (doc, reported) in &docs {
        if *reported {
            out.extend(check_document(doc, &g.site, missing, sel));
        }
    }
    if docs.len() >= 2 {
        check_pairs(g, &docs, sel, &mut out);
    }
    if sel.opts.fold {
        crate::fold::fold(&mut out);
    }
    if let Some(keep) = sel.opts.compact {
        compact(&mut out, keep, &sel.texts);
    }
    out
}

/// Messages and helps shared by the findings of a run: most helps, and many messages, are
/// the same on every page a rule fires on (on the corpus, 1,463 findings have 765
/// distinct messages and 316 distinct helps).
#[derive(Default)]
struct Texts(std::sync::Mutex<foldhash::HashSet<Arc<str>>>);

impl Texts {
    /// Swap each message and help of `found` for the run's copy of the same text (one lock
    /// for the lot).
    fn share(&self, found: &mut [Diagnostic]) {
        let mut set = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut share = |text: &mut Arc<str>| match set.get(&**text) {
            Some(seen) => *text = Arc::clone(seen),
            None => {
                set.insert(Arc::clone(text));
            }
        };
        for d in found {
            share(&mut d.message);
            if let Some(help) = &mut d.help {
                share(help);
            }
        }
    }
}

/// Swap the sources of `found` for copies that keep only the lines they point at, so that
/// a run's findings do not hold every file with a finding in memory; and share the texts
/// that repeat.
fn compact(found: &mut [Diagnostic], keep: Keep, texts: &Texts) {
    let mut spans: BTreeMap<*const SourceFile, (Arc<SourceFile>, Vec<Span>)> = BTreeMap::new();
    let mut add = |file: &Arc<SourceFile>, span: Span| {
        spans
            .entry(Arc::as_ptr(file))
            .or_insert_with(|| (Arc::clone(file), Vec::new()))
            .1
            .push(span);
    };
    for d in found.iter() {
        add(&d.file, d.span);
        for l in &d.labels {
            add(&l.file, l.span);
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            add(&d.file, e.span);
        }
        for f in &d.folded {
            add(&d.file, f.span);
        }
    }
    let small: BTreeMap<*const SourceFile, Arc<SourceFile>> = spans
        .into_iter()
        .map(|(k, (file, spans))| (k, Arc::new(file.compact(spans, keep))))
        .collect();
    let swap = |file: &mut Arc<SourceFile>| {
        if let Some(s) = small.get(&Arc::as_ptr(file)) {
            *file = Arc::clone(s);
        }
    };
    for d in found.iter_mut() {
        swap(&mut d.file);
        for l in &mut d.labels {
            swap(&mut l.file);
        }
    }
    texts.share(found);
}

/// Run every enabled rule of the page pass on one document, with suppressions applied.
fn check_document(
    doc: &Document,
    site: &Site,
    missing: &[(String, PathBuf)],
    sel: &Selection<'_>,
) -> Vec<Diagnostic> {
    let path = &doc.source.path;
    let page = PageCache::default();
    let check = |&(i, rule): &(usize, Registered)| {
        let mut found = Vec::new();
        let Level::On(sev) = sel.level(rule.meta(), path) else {
            return found;
        };
        let options = sel.config.options(rule.meta().id, path);
        let cx = Context {
            site,
            options: &options,
            packs: sel.packs,
            config: sel.config,
            missing,
            page: &page,
        };
        timings::rule(sel.timings, i, || match rule {
            Registered::Page(r) => r.check(doc, &cx, &mut found),
            Registered::Run(r) => {
                if let Some(state) = sel.states.get(i) {
                    r.page(doc, &cx, state, &mut found);
                }
            }
            Registered::Input(_) | Registered::Pair(_) => {}
        });
        cap(&mut found, doc);
        for d in &mut found {
            if d.severity == rule.meta().severity {
                d.severity = sev;
            }
        }
        found.retain(|d| !suppressed(doc, d));
        found
    };
    let pass = rules::page_pass();
    if sel.rules_in_parallel {
        let each: Vec<Vec<Diagnostic>> = pass.par_iter().map(check).collect();
        each.into_iter().flatten().collect()
    } else {
        pass.iter().flat_map(check).collect()
    }
}

/// Check one in-memory page as a standalone file, with only the rules matching `select`
/// (all when empty). For tests, fuzzing and rule examples.
pub fn check_text(display: &str, text: &str, select: &[&str]) -> Vec<Diagnostic> {
    check_text_with(display, text, select, &Config::default())
}

/// [`check_text`] under a given configuration.
pub fn check_text_with(
    display: &str,
    text: &str,
    select: &[&str],
    config: &Config,
) -> Vec<Diagnostic> {
    let opts = CheckOptions {
        select: select.iter().map(|s| s.to_string()).collect(),
        ..CheckOptions::default()
    };
    let packs = Packs::builtin_only();
    let mut sel = Selection {
        config,
        opts: &opts,
        packs: &packs,
        states: RunStates::default(),
        rules_in_parallel: false,
        texts: Texts::default(),
        timings: None,
    };
    let site = Site::standalone();
    let id = pairing::page_id(&site, Path::new(display));
    let source = SourceFile::new(
        display.to_string(),
        PathBuf::from(display),
        text.to_string(),
        false,
    );
    let doc = Document::parse(Arc::new(source), id.lang);
    let mut found = check_document(&doc, &site, &[], &sel);
    let states = std::mem::take(&mut sel.states);
    found.extend(finish_run(states, &sel));
    found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    found
}

fn check_pairs(
    g: &Group,
    docs: &[(Document, bool)],
    sel: &Selection<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let pages: Vec<&Document> = docs.iter().map(|(d, _)| d).collect();
    let labels = crate::lang::Labels::load(sel.packs);
    let original = pairing::original(
        &pages,
        crate::lang::talk_lang(&pages, &labels),
        sel.config.languages.source.as_deref(),
        &g.site,
    );
    // A pair is checked when either page of it is to be reported, and its findings are
    // reported on whichever page they are: a hook that passes the original alone must
    // still hear that its translation now lacks a block.
    // One cache for the group: what is computed from the original serves each of its pairs.
    let page = PageCache::default();
    for (i, (translation, reported)) in docs.iter().enumerate() {
        if i == original || !(*reported || docs[original].1) {
            continue;
        }
        let pair = Pair::new(&docs[original].0, translation, &page);
        let path = &translation.source.path;
        for &(i, rule) in rules::pair_pass() {
            let Level::On(sev) = sel.level(rule.meta(), path) else {
                continue;
            };
            let options = sel.config.options(rule.meta().id, path);
            let cx = Context {
                site: &g.site,
                options: &options,
                packs: sel.packs,
                config: sel.config,
                missing: &[],
                page: &page,
            };
            let mut found = Vec::new();
            timings::rule(sel.timings, i, || match rule {
                Registered::Pair(r) => r.check_pair(&pair, &cx, &mut found),
                Registered::Run(r) => {
                    if let Some(state) = sel.states.get(i) {
                        r.pair(&pair, &cx, state);
                    }
                }
                Registered::Input(_) | Registered::Page(_) => {}
            });
            for mut d in found {
                if d.severity == rule.meta().severity {
                    d.severity = sev;
                }
                let on = if Arc::ptr_eq(&d.file, &translation.source) {
                    translation
                } else {
                    &docs[original].0
                };
                if !suppressed(on, &d) {
                    out.push(d);
                }
            }
        }
    }
}

/// Findings of the run-wide rules, at their configured level.
fn finish_run(states: RunStates, sel: &Selection<'_>) -> Vec<Diagnostic> {
    let keep = |mut found: Vec<Diagnostic>| {
        found.retain_mut(|d| match sel.level(d.rule, &d.file.path) {
            Level::On(sev) => {
                if d.severity == d.rule.severity {
                    d.severity = sev;
                }
                true
            }
            Level::Off => false,
        });
        if let Some(keep) = sel.opts.compact {
            compact(&mut found, keep, &sel.texts);
        }
        found
    };
    states.finish(&RunContext {
        packs: sel.packs,
        keep: &keep,
    })
}

/// Most findings one rule reports in one file; a hostile or generated page must not turn
/// into millions of diagnostics.
pub const MAX_PER_RULE_AND_FILE: usize = 1000;

/// Keep the first [`MAX_PER_RULE_AND_FILE`] findings of one rule, and say how
/// many more there were.
fn cap(found: &mut Vec<Diagnostic>, doc: &Document) {
    let n = found.len();
    if n <= MAX_PER_RULE_AND_FILE {
        return;
    }
    let rule = found[0].rule;
    found.truncate(MAX_PER_RULE_AND_FILE);
    let more = n - MAX_PER_RULE_AND_FILE;
    found.push(
        Diagnostic::new(
            rule,
            &doc.source,
            Span::empty(0),
            format!(
                "{more} more `{}` findings in this file are not shown",
                rule.id
            ),
        )
        .help("fix the ones shown first; a page with this many is likely generated or corrupt"),
    );
}

fn suppressed(doc: &Document, d: &Diagnostic) -> bool {
    doc.suppressions
        .iter()
        .any(|s| s.covers(d.rule.id, d.span.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_every_file_read() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.md", "b.md", "b.zh.md", "c.md"] {
            std::fs::write(dir.path().join(name), "text\n").unwrap();
        }
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let opts = CheckOptions {
            paths: vec![dir.path().to_path_buf()],
            progress: Some(Arc::new(move |done, total| {
                log.lock().unwrap().push((done, total))
            })),
            ..CheckOptions::default()
        };
        run(&opts, &Config::default());
        let mut seen = seen.lock().unwrap().clone();
        seen.sort_unstable();
        assert_eq!(seen, [(1, 4), (2, 4), (3, 4), (4, 4)]);
    }

    #[test]
    fn compacted_findings_share_repeated_texts_and_keep_their_own() {
        let text = "one ![](a.png)\ntwo ![](b.png)\n";
        let file = Arc::new(SourceFile::new(
            "p.md".into(),
            "p.md".into(),
            text.into(),
            false,
        ));
        let at = |s: &str| Span::new(text.find(s).unwrap(), text.find(s).unwrap() + s.len());
        let finding = |s: &str| {
            Diagnostic::new(
                &rules::InputUnreadable::META,
                &file,
                at(s),
                format!("`{s}` is odd"),
            )
            .help(String::from("say what it shows"))
        };
        let mut found = vec![finding("a.png"), finding("b.png"), finding("a.png")];
        let texts = Texts::default();
        compact(&mut found, Keep::Spans, &texts);
        let help = |i: usize| found[i].help.clone().unwrap();
        assert!(Arc::ptr_eq(&help(0), &help(1)));
        assert!(Arc::ptr_eq(&found[0].message, &found[2].message));
        assert!(!Arc::ptr_eq(&found[0].message, &found[1].message));
        assert_eq!(&*found[1].message, "`b.png` is odd");
        assert!(found[0].file.is_compacted());
        assert_eq!(found[1].file.slice(found[1].span), "b.png");
    }

    #[test]
    fn a_comment_spanning_lines_suppresses() {
        let text = "---\ntitle: x\n---\n<!--\ncontentlint-disable mt/token-spacing\n-->\n\nSummit/ Meetup\n\n<!-- contentlint-enable -->\n\nSummit/ Meetup\n";
        let found = check_text("x.md", text, &["mt/token-spacing"]);
        let lines: Vec<usize> = found
            .iter()
            .map(|d| d.file.position(d.span.start as usize).line)
            .collect();
        assert_eq!(lines, vec![12]);
    }
}
