//! What the `image/*` rules share: finding every image reference of a page, and resolving
//! each one the way the published site will.
//!
//! Resolution follows Hugo. Files under every static directory (`static/`, `staticDir`,
//! `staticDirN`, a language's `staticDir`, `themes/<theme>/static/`) are merged into the root
//! of the published site; `assets/` and extra `roots` from the configuration are accepted
//! too, because render hooks and themes publish from there. A root-relative src
//! (`/images/x.png`) is looked up under each of those roots, after the path of `baseURL`
//! (`/docs/`) is taken off. A relative src depends on the site:
//!
//! - when a layout of the site or its theme writes `<base href=…>`, the browser resolves it
//!   against the site root (`site`);
//! - when the site has layouts and none does, against the page's own URL (`page`);
//! - when no layout is there to look at (a theme kept elsewhere), both are accepted (`both`),
//!   because a finding we cannot be sure of is worse than none.
//!
//! The `relative-to` option (`site`, `page`, `both` or `auto`) overrides the detection.
//! Markdown images, `figure` shortcodes and front-matter images may also name a file of the
//! page bundle (the page's own directory): Hugo's render hooks and themes resolve those as
//! page resources. Raw `<img>` tags are left alone by Hugo, so they get no such help. A file
//! beside a regular page (not a bundle) is published in the section's directory, so it is
//! reachable only when pages are `section/name.html` (`uglyURLs`). Front-matter images are
//! always accepted site-relative too, since themes print them with `absURL`.
//!
//! Checked against Hugo 0.111: static and theme-static files land at the root of `public/`
//! with their case kept; page URLs are lowercased; a bundle's files sit beside its
//! `index.html`; `assets/` is published only through `resources.Get` (accepted anyway: a
//! render hook may do that); other languages live under `/<lang>/`, static files do not.
//!
//! Lookups compare names exactly, byte for byte, even on a case-insensitive file system:
//! the site is served from Linux, where `Logo.png` is not `logo.png`. Each directory is listed
//! once per run and each resolved path is looked up once per run.

pub(crate) mod case_mismatch;
pub(crate) mod empty_src;
pub(crate) mod insecure;
pub(crate) mod missing;
pub(crate) mod missing_alt;
pub(crate) mod not_an_image;
pub(crate) mod outside_site;
pub(crate) mod remote;
pub(crate) mod sequence;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;
use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, ImageOrigin, ImageRef, Node, Value};
use crate::rules::{Context, RuleMeta};
use crate::site::Site;
use crate::source::Span;

/// Front-matter keys that hold images, unless configured (`front-matter-keys`).
pub const DEFAULT_FRONT_MATTER_KEYS: &[&str] = &[
    "image",
    "images",
    "cover.image",
    "featured_image",
    "featuredImage",
];

/// How a relative src is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelativeTo {
    /// Detect from the layouts (the default).
    Auto,
    /// Against the site root (`<base href>` in a layout).
    Site,
    /// Against the page's URL.
    Page,
    /// Accept either.
    Both,
}

/// Options of the `image` family. Every image rule accepts all of them, so that they can be
/// set once under `rules: image:`; each rule reads the ones it needs.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ImageOptions {
    /// `auto` (default), `site`, `page` or `both`.
    #[serde(default)]
    pub relative_to: Option<RelativeTo>,
    /// Extra directories (relative to the site root) whose files are published at the root.
    #[serde(default)]
    pub roots: Vec<String>,
    /// Front-matter keys holding images (dotted for nested keys: `cover.image`).
    #[serde(default)]
    pub front_matter_keys: Option<Vec<String>>,
    /// `image/missing-alt`: check Markdown images (default true).
    #[serde(default)]
    pub markdown: Option<bool>,
    /// `image/missing-alt`: check `<img>` tags (default true).
    #[serde(default)]
    pub html: Option<bool>,
    /// `image/remote`: seconds before a request is given up (default 10).
    #[serde(default)]
    pub timeout: Option<f64>,
    /// `image/remote`: requests in flight at once (default 8).
    #[serde(default)]
    pub concurrency: Option<usize>,
    /// `image/remote`: requests in flight at once to one host (default 2).
    #[serde(default)]
    pub per_host: Option<usize>,
    /// `image/remote`: retries after a timeout, a failed connection, 429 or 5xx (default 2).
    #[serde(default)]
    pub retries: Option<u32>,
    /// `image/remote`: redirects followed (default 5).
    #[serde(default)]
    pub max_redirects: Option<u32>,
    /// `image/remote`: allow hosts on private, loopback and link-local addresses.
    #[serde(default)]
    pub allow_private: bool,
    /// `image/remote`: the cache file (default `.contentlint-cache/remote-images.json`
    /// beside the configuration file, or in the working directory).
    #[serde(default)]
    pub cache_file: Option<String>,
    /// `image/remote`: seconds a cached answer stays valid (default 86400; 0 = no cache).
    #[serde(default)]
    pub cache_ttl: Option<u64>,
}

impl ImageOptions {
    /// The options of the rule in `cx`, or a diagnostic saying why they are bad (reported
    /// at the top of the page, where every image rule would trip over them).
    pub fn of(
        meta: &'static RuleMeta,
        doc: &Document,
        cx: &Context<'_>,
    ) -> Result<ImageOptions, Box<Diagnostic>> {
        if cx.options.is_empty() {
            return Ok(ImageOptions::default());
        }
        serde_json::from_value(serde_json::Value::Object(cx.options.clone())).map_err(|e| {
            Box::new(
                Diagnostic::new(
                    meta,
                    &doc.source,
                    Span::empty(0),
                    format!("invalid options for `{}`: {e}", meta.id),
                )
                .help("see `contentlint explain image/missing` for the options of the image rules"),
            )
        })
    }
}

/// Every image reference of a page: the body's, then the front matter's, in source order.
pub fn references(doc: &Document, opts: &ImageOptions) -> Vec<ImageRef> {
    let mut out = doc.body.images.clone();
    if let Some(root) = doc.front_matter.as_ref().and_then(|f| f.root.as_ref()) {
        let keys: Vec<&str> = match &opts.front_matter_keys {
            Some(k) => k.iter().map(String::as_str).collect(),
            None => DEFAULT_FRONT_MATTER_KEYS.to_vec(),
        };
        for key in keys {
            let mut node = Some(root);
            for part in key.split('.') {
                node = node.and_then(|n| n.get(part)).map(|e| &e.value);
            }
            if let Some(node) = node {
                front_matter_images(doc, node, &mut out);
            }
        }
    }
    out.sort_by_key(|i| (i.span, i.src_span));
    out.dedup_by_key(|i| i.src_span);
    out
}

fn front_matter_images(doc: &Document, node: &Node, out: &mut Vec<ImageRef>) {
    match &node.value {
        Value::String(s) => {
            let text = doc.text();
            let mut span = node.span;
            if let Some(raw) = text.get(span.range()) {
                let quoted = raw.len() >= 2
                    && ((raw.starts_with('"') && raw.ends_with('"'))
                        || (raw.starts_with('\'') && raw.ends_with('\'')));
                if quoted {
                    span = Span::new(span.start as usize + 1, span.end as usize - 1);
                }
            }
            out.push(ImageRef {
                src: s.clone(),
                src_span: span,
                alt: None,
                span: node.span,
                origin: ImageOrigin::FrontMatter,
            });
        }
        Value::Seq(items) => {
            for item in items {
                front_matter_images(doc, item, out);
            }
        }
        _ => {}
    }
}

/// Options, state and references for one image rule on one page; `None` (after pushing a
/// diagnostic) when the options are invalid.
pub fn prepare(
    meta: &'static RuleMeta,
    doc: &Document,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<(ImageOptions, Arc<State>, Vec<ImageRef>)> {
    match ImageOptions::of(meta, doc, cx) {
        Ok(opts) => {
            let refs = references(doc, &opts);
            Some((opts, state(cx), refs))
        }
        Err(d) => {
            out.push(*d);
            None
        }
    }
}

/// Resolve every local reference: (reference, outcome). Remote, empty and skipped srcs are
/// left out.
///
/// Four rules ask this of each page, one after the other, usually with the same options:
/// the outcomes are kept in the page cache for each run state and set of options.
pub fn resolve_local<'a>(
    state: &Arc<State>,
    doc: &Document,
    cx: &Context<'_>,
    opts: &ImageOptions,
    refs: &'a [ImageRef],
) -> Vec<(&'a ImageRef, Outcome)> {
    let cached = cx.page.get_or(doc, ResolvedPage::default);
    let mut resolved = cached.0.lock().unwrap_or_else(|e| e.into_inner());
    let at = match resolved.iter().position(|r| {
        Arc::ptr_eq(&r.state, state)
            && r.site_root == cx.site.root
            && r.opts == *opts
            && r.outcomes.len() == refs.len()
    }) {
        Some(at) => at,
        None => {
            let outcomes = refs
                .iter()
                .map(|img| match classify(&img.src, cx.site) {
                    Kind::Local(path) => Some(resolve(state, doc, cx.site, opts, img, &path)),
                    _ => None,
                })
                .collect();
            resolved.push(Resolved {
                state: Arc::clone(state),
                site_root: cx.site.root.clone(),
                opts: opts.clone(),
                outcomes,
            });
            resolved.len() - 1
        }
    };
    refs.iter()
        .zip(&resolved[at].outcomes)
        .filter_map(|(img, o)| Some((img, o.clone()?)))
        .collect()
}

/// The outcomes [`resolve_local`] found for one page, one entry per run state and options.
#[derive(Default)]
struct ResolvedPage(std::sync::Mutex<Vec<Resolved>>);

/// Outcomes and what they depend on. The run's state is held, so that its address cannot
/// be taken by another run while it is the key.
struct Resolved {
    state: Arc<State>,
    site_root: Option<PathBuf>,
    opts: ImageOptions,
    /// One per reference: `None` for srcs that are not local.
    outcomes: Vec<Option<Outcome>>,
}

/// What a src is, before looking at files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Empty or blank.
    Empty,
    /// `http(s)://` or `//host/…`: the absolute URL.
    Remote(String),
    /// A path on the site (query and fragment stripped, percent-decoded): absolute when it
    /// starts with `/`.
    Local(String),
    /// Nothing we can judge: `data:`, other schemes, Hugo template code.
    Skip,
}

/// Classify a src as written.
pub fn classify(src: &str, site: &Site) -> Kind {
    let s = src.trim();
    if s.is_empty() {
        return Kind::Empty;
    }
    if s.contains("{{") || s.contains("{%") {
        return Kind::Skip;
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("//") {
        return Kind::Remote(format!("https:{s}"));
    }
    if lower.starts_with("http:") || lower.starts_with("https:") {
        if let Some(rest) = site_path(s, site) {
            return Kind::Local(local_path(&rest));
        }
        return Kind::Remote(s.to_string());
    }
    if has_scheme(s) {
        return Kind::Skip;
    }
    Kind::Local(local_path(s))
}

/// The path of an absolute URL that points into the site itself (`baseURL` + path).
fn site_path(url: &str, site: &Site) -> Option<String> {
    let base = site.base_url.as_deref()?;
    let strip = |u: &str| -> Option<String> {
        let u = u.to_ascii_lowercase();
        let rest = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))?;
        Some(rest.trim_end_matches('/').to_string())
    };
    let base_host_path = strip(base)?;
    if base_host_path.is_empty() {
        return None;
    }
    let url_l = url.to_ascii_lowercase();
    let rest = url_l
        .strip_prefix("https://")
        .or_else(|| url_l.strip_prefix("http://"))?;
    let after = rest.strip_prefix(&base_host_path)?;
    if !(after.is_empty() || after.starts_with('/')) {
        return None;
    }
    let host_len = url.len() - rest.len() + base_host_path.len();
    // The site's own path prefix is part of `base_path`; keep it so that it is stripped once.
    let path_prefix = base_path(site);
    Some(format!(
        "{}{}",
        path_prefix.trim_end_matches('/'),
        url.get(host_len..).unwrap_or("")
    ))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 1 => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Query and fragment off, percent-decoded.
fn local_path(s: &str) -> String {
    let end = s.find(['?', '#']).unwrap_or(s.len());
    percent_encoding::percent_decode_str(&s[..end])
        .decode_utf8_lossy()
        .into_owned()
}

/// The path part of `baseURL`, with a trailing slash (`/` when there is none).
pub fn base_path(site: &Site) -> String {
    let Some(base) = site.base_url.as_deref() else {
        return "/".into();
    };
    let rest = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            match after.find('/') {
                Some(j) => &after[j..],
                None => "/",
            }
        }
        None => base,
    };
    let mut p = rest.trim().to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

/// The outcome of resolving a local src.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The file exists with exactly this name.
    Found(PathBuf),
    /// A file exists only with other letter case: its path, and the src to write instead.
    CaseMismatch {
        /// The file found.
        actual: PathBuf,
        /// The src rewritten with the real case, when the src can be rewritten.
        fixed: Option<String>,
    },
    /// No file.
    Missing {
        /// Where we looked, relative to the site root, for the help line.
        looked: Vec<String>,
        /// The src with the closest existing name, when one is close.
        suggestion: Option<String>,
    },
    /// Every reading of the src leaves the site.
    Outside,
    /// Nothing to judge it against (an absolute path on a page outside any site).
    Unknown,
}

/// The per-run state of the image rules (one per run, shared by all pages).
///
/// Each directory is read once per run; a lookup walks the cached listings, so it costs
/// no system call and is not itself cached (a bulk audit resolves hundreds of thousands
/// of paths, and keeping each would cost more memory than it saves time).
#[derive(Default)]
pub struct State {
    listings: Mutex<HashMap<PathBuf, Option<Arc<Listing>>>>,
    sites: Mutex<HashMap<PathBuf, RelativeTo>>,
    /// The remote checker, created by the first page that needs it.
    pub remote: OnceLock<Arc<self::remote::Remote>>,
}

/// The state of the current run.
pub fn state(cx: &Context<'_>) -> Arc<State> {
    run_state(cx.packs)
}

/// The run is over: save what it keeps for the next one (the remote-image cache). Warnings
/// for the run's report.
pub fn finish_run(packs: &crate::packs::Packs) -> Vec<String> {
    self::remote::finish_run(packs)
}

/// The state of the run whose packs these are.
pub fn run_state(packs: &crate::packs::Packs) -> Arc<State> {
    packs.get_or_parse::<State, _>("image/state", |_| State::default())
}

/// The names in one directory.
#[derive(Debug)]
struct Listing {
    /// Every name, one after the other, in sorted order.
    text: Box<str>,
    /// Where each name ends in `text`, with the top bit set for a directory (links
    /// followed). One allocation per directory, not one per name: a bulk audit lists
    /// thousands of directories.
    ends: Box<[u32]>,
    /// The lowercased form of each name that has upper-case letters, with the name's index,
    /// sorted: with the names, what a case-insensitive lookup needs.
    folded: Vec<(Box<str>, u32)>,
    /// What the first bytes of each file sniffed so far say, by index of its name.
    sniffs: Mutex<HashMap<u32, Sniff>>,
}

const DIR_BIT: u32 = 1 << 31;

impl Listing {
    fn read(dir: &Path) -> Option<Listing> {
        let mut names: Vec<(String, bool)> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| {
                let is_dir = match e.file_type() {
                    Ok(t) if !t.is_symlink() => t.is_dir(),
                    _ => e.path().is_dir(),
                };
                (e.file_name().to_string_lossy().into_owned(), is_dir)
            })
            .collect();
        names.sort_unstable();
        let mut text = String::with_capacity(names.iter().map(|(n, _)| n.len()).sum());
        let mut ends = Vec::with_capacity(names.len());
        let mut folded = Vec::new();
        for (i, (name, is_dir)) in names.iter().enumerate() {
            text.push_str(name);
            let end = u32::try_from(text.len()).ok().filter(|&e| e < DIR_BIT)?;
            ends.push(if *is_dir { end | DIR_BIT } else { end });
            let lower = name.to_lowercase();
            if lower != *name {
                folded.push((lower.into(), u32::try_from(i).ok()?));
            }
        }
        folded.sort_unstable();
        folded.shrink_to_fit();
        Some(Listing {
            text: text.into(),
            ends: ends.into(),
            folded,
            sniffs: Mutex::default(),
        })
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Name `i`, and whether it is a directory.
    fn entry(&self, i: usize) -> (&str, bool) {
        let start = i
            .checked_sub(1)
            .map_or(0, |j| (self.ends[j] & !DIR_BIT) as usize);
        let end = self.ends[i];
        (
            self.text
                .get(start..(end & !DIR_BIT) as usize)
                .unwrap_or(""),
            end & DIR_BIT != 0,
        )
    }

    fn exact(&self, name: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.entry(mid).0.cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The first name, in sorted order, equal to `name` but for letter case.
    fn folded(&self, name: &str) -> Option<usize> {
        let lower = name.to_lowercase();
        let from = self.folded.partition_point(|(l, _)| **l < *lower);
        let other_case = self.folded[from..]
            .iter()
            .take_while(|(l, _)| **l == *lower)
            .map(|&(_, i)| i as usize);
        self.exact(&lower).into_iter().chain(other_case).min()
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.entry(i).0)
    }
}

/// The result of looking up one path (relative to a root) exactly.
#[derive(Clone, Debug)]
enum Lookup {
    Found(PathBuf),
    Case(PathBuf),
    /// The first component (index) that is missing, in the directory that exists.
    Missing(usize, PathBuf),
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    fn listing(&self, dir: &Path) -> Option<Arc<Listing>> {
        if let Some(hit) = lock(&self.listings).get(dir) {
            return hit.clone();
        }
        let listing = Listing::read(dir).map(Arc::new);
        lock(&self.listings).insert(dir.to_path_buf(), listing.clone());
        listing
    }

    fn lookup(&self, root: &Path, comps: &[String]) -> Lookup {
        let mut cur = root.to_path_buf();
        let mut case = false;
        let mut is_dir = true;
        for (i, c) in comps.iter().enumerate() {
            let Some(listing) = self.listing(&cur) else {
                return Lookup::Missing(i, cur);
            };
            let Some(at) = listing.exact(c).or_else(|| {
                case = true;
                listing.folded(c)
            }) else {
                return Lookup::Missing(i, cur);
            };
            let (name, dir) = listing.entry(at);
            cur.push(name);
            is_dir = dir;
        }
        if is_dir {
            Lookup::Missing(comps.len().saturating_sub(1), root.to_path_buf())
        } else if case {
            Lookup::Case(cur)
        } else {
            Lookup::Found(cur)
        }
    }

    /// How relative srcs resolve on this site: the option, else what the layouts say.
    fn relative_to(&self, site: &Site, opts: &ImageOptions) -> RelativeTo {
        match opts.relative_to {
            Some(r) if r != RelativeTo::Auto => r,
            _ => {
                let Some(root) = &site.root else {
                    return RelativeTo::Page;
                };
                if let Some(hit) = lock(&self.sites).get(root) {
                    return *hit;
                }
                let found = detect_base_href(root, site.theme.as_deref());
                lock(&self.sites).insert(root.clone(), found);
                found
            }
        }
    }

    /// What the first bytes of a file say it is (read once per run).
    pub fn sniff(&self, path: &Path) -> Sniff {
        let listing = path.parent().and_then(|dir| self.listing(dir));
        let at = listing
            .as_ref()
            .zip(path.file_name())
            .and_then(|(l, name)| {
                l.exact(&name.to_string_lossy())
                    .and_then(|i| u32::try_from(i).ok())
            });
        let (Some(listing), Some(at)) = (listing, at) else {
            return sniff_file(path);
        };
        if let Some(hit) = lock(&listing.sniffs).get(&at) {
            return hit.clone();
        }
        let s = sniff_file(path);
        lock(&listing.sniffs).insert(at, s.clone());
        s
    }
}

fn base_href_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)<base\s[^>]*\bhref\s*=").expect("valid regex"))
}

/// `Site` when a layout writes `<base href>`, `Page` when layouts exist and none does,
/// `Both` when there is no layout to read.
fn detect_base_href(root: &Path, theme: Option<&str>) -> RelativeTo {
    let mut dirs = vec![root.join("layouts")];
    if let Some(t) = theme {
        dirs.push(root.join("themes").join(t).join("layouts"));
    }
    let mut seen = 0usize;
    let mut stack: Vec<PathBuf> = dirs.into_iter().filter(|d| d.is_dir()).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("html"))
            {
                seen += 1;
                if seen > 5000 {
                    return RelativeTo::Both;
                }
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                if base_href_re().is_match(&text) {
                    return RelativeTo::Site;
                }
            }
        }
    }
    if seen == 0 {
        RelativeTo::Both
    } else {
        RelativeTo::Page
    }
}

/// One place a src may name: components under a root.
struct Candidate {
    root: PathBuf,
    comps: Vec<String>,
    /// How many leading components come from the base (page URL or page directory) rather
    /// than from the src itself.
    base_len: usize,
}

/// Split a path into components, applying `.` and `..` on top of `base`. `None` when `..`
/// climbs above the root.
fn join_normalized(base: &[String], path: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = base.to_vec();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p.to_string()),
        }
    }
    Some(out)
}

/// Whether the src's own components can be mapped one to one onto the written text (no
/// `.`/`..`/empty segments), so that a corrected name can be written back.
fn plain_segments(path: &str) -> bool {
    path.split('/')
        .enumerate()
        .all(|(i, p)| !(p == "." || p == ".." || (p.is_empty() && i > 0)))
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// A page's place in the site: its directory under the content root, and its URL directory.
struct PagePlace {
    content_root: PathBuf,
    dir: Vec<String>,
    url_dir: Vec<String>,
    /// `index.md` or `_index.md`: the files beside it are its resources.
    bundle: bool,
}

fn page_place(doc: &Document, site: &Site) -> Option<PagePlace> {
    let root = site.root.as_ref()?;
    let abs = crate::paths::absolute(&doc.source.path);
    let lang_dir = site
        .languages
        .iter()
        .filter_map(|l| l.content_dir.as_ref())
        .find(|d| abs.starts_with(d));
    let content_root = lang_dir
        .or(site.content_dir.as_ref().filter(|d| abs.starts_with(d)))
        .cloned()
        .unwrap_or_else(|| root.clone());
    let rel = abs.strip_prefix(&content_root).ok()?;
    let dir = rel.parent().map(components).unwrap_or_default();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("").to_string();
    let is_index = stem == "index" || stem == "_index";
    let mut url_dir: Vec<String> = Vec::new();
    let non_default_lang = match (&doc.lang, &site.default_lang) {
        (Some(l), Some(d)) => l != d && site.is_multilingual(),
        _ => false,
    };
    if let Some((url, _)) = doc.fm_str("url") {
        let url = url.trim();
        let dir_part = if url.ends_with('/') {
            url
        } else {
            url.rsplit_once('/').map_or("", |(d, _)| d)
        };
        url_dir = join_normalized(&[], dir_part).unwrap_or_default();
    } else {
        if non_default_lang {
            if let Some(l) = &doc.lang {
                url_dir.push(l.clone());
            }
        }
        url_dir.extend(dir.iter().map(|c| c.to_lowercase()));
        if !is_index && !site.ugly_urls {
            let slug = doc
                .fm_str("slug")
                .map(|(s, _)| s.to_string())
                .unwrap_or(stem);
            url_dir.push(slug.to_lowercase());
        }
    }
    Some(PagePlace {
        content_root,
        dir,
        url_dir,
        bundle: is_index,
    })
}

/// The directories whose files are published at the site root.
pub fn publish_roots(site: &Site, opts: &ImageOptions) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = site.static_dirs.clone();
    if let Some(root) = &site.root {
        for r in &opts.roots {
            roots.push(root.join(r));
        }
    }
    let mut seen = HashSet::new();
    roots.retain(|r| seen.insert(r.clone()));
    roots
}

/// Resolve a local path (from [`classify`]) for `img` on `doc`.
pub fn resolve(
    state: &State,
    doc: &Document,
    site: &Site,
    opts: &ImageOptions,
    img: &ImageRef,
    path: &str,
) -> Outcome {
    let mut cands: Vec<Candidate> = Vec::new();
    let mut outside = 0usize;
    let absolute = path.starts_with('/');
    let Some(site_root) = site.root.as_ref() else {
        // A page outside any site: relative to its own directory, kept below the working
        // directory when it is inside it.
        if absolute {
            return Outcome::Unknown;
        }
        let abs = crate::paths::absolute(&doc.source.path);
        let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        let cwd = crate::paths::cwd().map(crate::paths::absolute);
        let (root, base) = match cwd.filter(|c| dir.starts_with(c)) {
            Some(c) => {
                let base = components(dir.strip_prefix(&c).unwrap_or(Path::new("")));
                (c, base)
            }
            None => (dir, Vec::new()),
        };
        match join_normalized(&base, path) {
            Some(comps) => cands.push(Candidate {
                root,
                base_len: base.len(),
                comps,
            }),
            None => return Outcome::Outside,
        }
        return evaluate(state, site_root_or(&cands), path, &cands, 0);
    };
    let roots = publish_roots(site, opts);
    let place = page_place(doc, site);
    if absolute {
        let bp = base_path(site);
        let mut paths = vec![path.to_string()];
        if bp != "/" {
            if let Some(rest) = path.strip_prefix(bp.trim_end_matches('/')) {
                if rest.is_empty() || rest.starts_with('/') {
                    paths.insert(0, rest.to_string());
                }
            }
        }
        for p in paths {
            match join_normalized(&[], &p) {
                Some(comps) => {
                    for r in &roots {
                        cands.push(Candidate {
                            root: r.clone(),
                            comps: comps.clone(),
                            base_len: 0,
                        });
                    }
                }
                None => outside += 1,
            }
        }
    } else {
        let mode = state.relative_to(site, opts);
        let mut bases: Vec<Vec<String>> = Vec::new();
        // Themes publish front-matter images with `absURL`/`relURL`: site-relative always.
        if matches!(mode, RelativeTo::Site | RelativeTo::Both)
            || img.origin == ImageOrigin::FrontMatter
        {
            bases.push(Vec::new());
        }
        if matches!(mode, RelativeTo::Page | RelativeTo::Both | RelativeTo::Auto) {
            if let Some(p) = &place {
                bases.push(p.url_dir.clone());
            }
        }
        for base in bases {
            match join_normalized(&base, path) {
                Some(comps) => {
                    for r in &roots {
                        cands.push(Candidate {
                            root: r.clone(),
                            comps: comps.clone(),
                            base_len: base.len(),
                        });
                    }
                }
                None => outside += 1,
            }
        }
        // Files beside a page are published in its directory (and are its resources when
        // it is a bundle); a relative src reaches them from a bundle, or from a regular page
        // whose URL is `section/name.html`. Raw `<img>` under `<base href>` does not.
        let beside = img.origin != ImageOrigin::Html || mode != RelativeTo::Site;
        if let Some(p) = place
            .as_ref()
            .filter(|p| beside && (p.bundle || site.ugly_urls))
        {
            match join_normalized(&p.dir, path) {
                Some(comps) => cands.push(Candidate {
                    root: p.content_root.clone(),
                    comps,
                    base_len: p.dir.len(),
                }),
                None => outside += 1,
            }
        }
    }
    if cands.is_empty() && outside > 0 {
        return Outcome::Outside;
    }
    let outcome = evaluate(state, site_root, path, &cands, outside);
    if let Outcome::Missing {
        looked,
        suggestion: None,
    } = &outcome
    {
        // Resolved against the page's URL it is missing; against the site root it exists:
        // the author meant a root-relative path.
        if !absolute && state.relative_to(site, opts) == RelativeTo::Page {
            if let Some(comps) = join_normalized(&[], path) {
                if roots
                    .iter()
                    .any(|r| matches!(state.lookup(r, &comps), Lookup::Found(_)))
                {
                    let segs: Vec<String> = comps.iter().map(|c| encode_segment(c)).collect();
                    return Outcome::Missing {
                        looked: looked.clone(),
                        suggestion: Some(format!("{}{}", base_path(site), segs.join("/"))),
                    };
                }
            }
        }
    }
    outcome
}

fn site_root_or(cands: &[Candidate]) -> &Path {
    cands.first().map_or(Path::new("."), |c| c.root.as_path())
}

fn evaluate(
    state: &State,
    site_root: &Path,
    path: &str,
    cands: &[Candidate],
    _outside: usize,
) -> Outcome {
    let mut case: Option<(PathBuf, &Candidate)> = None;
    let mut missing: Vec<(usize, PathBuf, &Candidate)> = Vec::new();
    for c in cands {
        match state.lookup(&c.root, &c.comps) {
            Lookup::Found(p) => return Outcome::Found(p),
            Lookup::Case(p) => {
                if case.is_none() {
                    case = Some((p, c));
                }
            }
            Lookup::Missing(i, dir) => missing.push((i, dir, c)),
        }
    }
    if let Some((actual, c)) = case {
        let real = components(actual.strip_prefix(&c.root).unwrap_or(&actual));
        let fixed = rewrite(path, c, &real);
        return Outcome::CaseMismatch { actual, fixed };
    }
    // "`images/x.png` in `static/`, `assets/`", one group per path tried.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for c in cands {
        let shown = c.root.strip_prefix(site_root).unwrap_or(&c.root);
        let mut root = shown.to_string_lossy().replace('\\', "/");
        if !root.is_empty() && !root.ends_with('/') {
            root.push('/');
        }
        let p = c.comps.join("/");
        match groups.iter_mut().find(|(q, _)| *q == p) {
            Some((_, roots)) => {
                if !root.is_empty() && !roots.contains(&root) {
                    roots.push(root)
                }
            }
            None => groups.push((p, if root.is_empty() { vec![] } else { vec![root] })),
        }
    }
    let looked: Vec<String> = groups
        .into_iter()
        .map(|(p, roots)| {
            if roots.is_empty() {
                format!("`{p}`")
            } else {
                let list: Vec<String> = roots.iter().map(|r| format!("`{r}`")).collect();
                format!("`{p}` in {}", list.join(", "))
            }
        })
        .collect();
    let suggestion = missing
        .iter()
        .filter(|(i, _, c)| *i >= c.base_len)
        .find_map(|(i, dir, c)| suggest(state, path, c, *i, dir));
    Outcome::Missing { looked, suggestion }
}

/// The src with the components from `real` (the candidate's full path) written back, when
/// the src's segments map one to one onto the candidate's components.
fn rewrite(path: &str, c: &Candidate, real: &[String]) -> Option<String> {
    if !plain_segments(path) || real.len() != c.comps.len() {
        return None;
    }
    let own = &real[c.base_len..];
    let lead = if path.starts_with('/') { "/" } else { "" };
    let segs: Vec<String> = own.iter().map(|s| encode_segment(s)).collect();
    Some(format!("{lead}{}", segs.join("/")))
}

fn encode_segment(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

/// The closest existing name for the missing component `i` (in `dir`, which exists), then
/// the rest of the path looked up again; never a name that differs only in its digits
/// (`1058_3.png` is not a typo of `1058_2.png`: it is another photo).
fn suggest(state: &State, path: &str, c: &Candidate, i: usize, dir: &Path) -> Option<String> {
    let listing = state.listing(dir)?;
    let wanted = c.comps.get(i)?;
    // Digits and the separators of numbered series (`1058_2`) name another image.
    let skeleton = |s: &str| -> String {
        s.chars()
            .filter(|ch| !ch.is_ascii_digit() && !matches!(ch, '_' | '-'))
            .collect::<String>()
            .to_lowercase()
    };
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let names: Vec<&str> = listing
        .names()
        .filter(|n| skeleton(n) != skeleton(wanted) || digits(n) == digits(wanted))
        .collect();
    let best = crate::text::did_you_mean(wanted, names)?;
    let mut comps = c.comps.clone();
    comps[i] = best.to_string();
    match state.lookup(&c.root, &comps) {
        Lookup::Found(_) => rewrite(path, c, &comps),
        Lookup::Case(p) => {
            let real = components(p.strip_prefix(&c.root).unwrap_or(&p));
            rewrite(path, c, &real)
        }
        Lookup::Missing(..) => None,
    }
}

/// What a file's first bytes say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sniff {
    /// Zero bytes.
    Empty,
    /// A known image format.
    Image(Format),
    /// An image format other than the web ones (BMP, TIFF, PSD…): left alone.
    OtherImage,
    /// An HTML page (an error page saved under an image name).
    Html,
    /// Not an image; the first bytes, escaped, for the message.
    NotImage(String),
    /// The file could not be read.
    Unreadable,
}

/// The image formats a browser shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
    /// AVIF.
    Avif,
    /// SVG.
    Svg,
    /// ICO.
    Ico,
}

impl Format {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Avif => "AVIF",
            Format::Svg => "SVG",
            Format::Ico => "ICO",
        }
    }

    /// Its usual file extensions (the first is the one to use).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Png => &["png", "apng"],
            Format::Jpeg => &["jpg", "jpeg", "jpe", "jfif", "pjpeg", "pjp"],
            Format::Gif => &["gif"],
            Format::Webp => &["webp"],
            Format::Avif => &["avif"],
            Format::Svg => &["svg", "svgz"],
            Format::Ico => &["ico", "cur"],
        }
    }

    /// The format an extension promises, if it is one of ours.
    pub fn of_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        [
            Format::Png,
            Format::Jpeg,
            Format::Gif,
            Format::Webp,
            Format::Avif,
            Format::Svg,
            Format::Ico,
        ]
        .into_iter()
        .find(|f| f.extensions().contains(&ext.as_str()))
    }
}

/// How many bytes are read from each image: enough for every header we know.
const HEADER_BYTES: usize = 1024;

fn sniff_file(path: &Path) -> Sniff {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return Sniff::Unreadable;
    };
    let mut head = Vec::with_capacity(HEADER_BYTES);
    if file
        .take(HEADER_BYTES as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return Sniff::Unreadable;
    }
    sniff_bytes(&head)
}

/// Whether a file starting with this byte can be markup: `<`, perhaps after a byte-order
/// mark and white space. Binary formats start with a byte that begins none of these (PNG's
/// 0x89, JPEG's 0xFF, GIF's `G`), and their header need not be decoded as text.
fn may_start_markup(first: u8) -> bool {
    match first {
        b'<' | b'\t'..=b'\r' | b' ' => true,
        // A character of more than one byte: a byte-order mark or Unicode white space.
        b => (0xC2..=0xF4).contains(&b),
    }
}

/// What these first bytes of a file say it is.
pub fn sniff_bytes(head: &[u8]) -> Sniff {
    if head.is_empty() {
        return Sniff::Empty;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        // gzip: an `.svgz`; we cannot look inside without inflating.
        return Sniff::OtherImage;
    }
    if may_start_markup(head[0]) {
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('<') {
            let lower = t.to_ascii_lowercase();
            if lower.contains("<svg") {
                return Sniff::Image(Format::Svg);
            }
            if lower.starts_with("<!doctype html") || lower.contains("<html") {
                return Sniff::Html;
            }
        }
    }
    match imagesize::image_type(head) {
        Ok(t) => match t {
            imagesize::ImageType::Png => Sniff::Image(Format::Png),
            imagesize::ImageType::Jpeg => Sniff::Image(Format::Jpeg),
            imagesize::ImageType::Gif => Sniff::Image(Format::Gif),
            imagesize::ImageType::Webp => Sniff::Image(Format::Webp),
            imagesize::ImageType::Ico => Sniff::Image(Format::Ico),
            imagesize::ImageType::Heif(imagesize::Compression::Av1) => Sniff::Image(Format::Avif),
            // Weak signatures (TGA, PNM…) would let text pass as an image; only formats
            // with a real magic number count.
            imagesize::ImageType::Bmp
            | imagesize::ImageType::Tiff
            | imagesize::ImageType::Heif(_)
            | imagesize::ImageType::Jxl
            | imagesize::ImageType::Psd
            | imagesize::ImageType::Exr
            | imagesize::ImageType::Qoi => Sniff::OtherImage,
            _ => Sniff::NotImage(preview(head)),
        },
        Err(_) => Sniff::NotImage(preview(head)),
    }
}

/// The first bytes, printable, for a message.
fn preview(head: &[u8]) -> String {
    let mut s = String::new();
    for &b in head.iter().take(8) {
        if b.is_ascii_graphic() || b == b' ' {
            s.push(b as char);
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s
}

/// A path relative to the site root (or as given), with forward slashes, for messages.
pub fn shown(site: &Site, path: &Path) -> String {
    let rel = site
        .root
        .as_ref()
        .and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_srcs() {
        let site = Site {
            base_url: Some("https://example.org/docs/".into()),
            ..Site::default()
        };
        assert_eq!(classify("  ", &site), Kind::Empty);
        assert_eq!(classify("data:image/png;base64,AA", &site), Kind::Skip);
        assert_eq!(classify("{{ .Params.x }}", &site), Kind::Skip);
        assert_eq!(
            classify("//cdn.example.com/a.png", &site),
            Kind::Remote("https://cdn.example.com/a.png".into())
        );
        assert_eq!(
            classify("images/my%20photo.png?v=2#x", &site),
            Kind::Local("images/my photo.png".into())
        );
        assert_eq!(
            classify("https://example.org/docs/images/a.png", &site),
            Kind::Local("/docs/images/a.png".into())
        );
        assert_eq!(
            classify("https://example.org/other/a.png", &site),
            Kind::Remote("https://example.org/other/a.png".into())
        );
        assert_eq!(base_path(&site), "/docs/");
        assert_eq!(base_path(&Site::default()), "/");
    }

    #[test]
    fn normalizing_stays_inside() {
        assert_eq!(
            join_normalized(&["a".into()], "../b/./c.png"),
            Some(vec!["b".to_string(), "c.png".to_string()])
        );
        assert_eq!(join_normalized(&[], "../../etc/x.png"), None);
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    #[test]
    fn sniffing() {
        assert_eq!(sniff_bytes(b""), Sniff::Empty);
        // Every first byte ruled out as markup decodes to text that does not start with `<`.
        for first in 0..=255u8 {
            for rest in [
                &b"<svg>"[..],
                b"\xbb\xbf<svg>",
                b"\xa0<svg>",
                b"\x80\x80<svg>",
            ] {
                let head = [&[first][..], rest].concat();
                let text = String::from_utf8_lossy(&head);
                let t = text.trim_start_matches('\u{feff}').trim_start();
                if t.starts_with('<') {
                    assert!(may_start_markup(first), "{head:?}");
                }
            }
        }
        assert_eq!(sniff_bytes(PNG), Sniff::Image(Format::Png));
        assert_eq!(
            sniff_bytes(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg xmlns=\"x\"></svg>"),
            Sniff::Image(Format::Svg)
        );
        assert_eq!(
            sniff_bytes(b"<!DOCTYPE html><html><body>404</body></html>"),
            Sniff::Html
        );
        assert!(matches!(sniff_bytes(b"hello world"), Sniff::NotImage(_)));
        assert_eq!(Format::of_extension("JPG"), Some(Format::Jpeg));
    }

    #[test]
    fn a_page_resolved_again_with_other_options_is_resolved_anew() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            ("config.toml", "baseURL = 'https://example.org/'\n"),
            (
                "content/post/a.md",
                "---\ntitle: a\n---\n<img src=\"pic.png\">\n",
            ),
            (
                "content/post/b.md",
                "---\ntitle: b\n---\n<img src=\"other.png\">\n",
            ),
        ] {
            std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
            std::fs::write(root.join(name), text).unwrap();
        }
        // Published at the site root: found when relative srcs resolve against the site.
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/pic.png"), PNG).unwrap();
        let site = Site::load(root);
        let (options, config) = (
            crate::config::RuleOptions::new(),
            crate::config::Config::default(),
        );
        let packs = crate::packs::Packs::builtin_only();
        let cx = Context {
            site: &site,
            options: &options,
            packs: &packs,
            config: &config,
            missing: &[],
            page: &crate::rules::PageCache::default(),
        };
        let state = Arc::new(State::default());
        let page = |name: &str| {
            let path = root.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            Document::parse(
                Arc::new(crate::source::SourceFile::new(
                    name.into(),
                    path,
                    text,
                    false,
                )),
                None,
            )
        };
        let opts = |to: RelativeTo| ImageOptions {
            relative_to: Some(to),
            ..Default::default()
        };
        let found = |doc: &Document, o: &ImageOptions| {
            let refs = references(doc, o);
            let out = resolve_local(&state, doc, &cx, o, &refs);
            assert_eq!(out.len(), 1);
            matches!(out[0].1, Outcome::Found(_))
        };
        let (a, b) = (page("content/post/a.md"), page("content/post/b.md"));
        let (by_site, by_page) = (opts(RelativeTo::Site), opts(RelativeTo::Page));
        assert!(found(&a, &by_site));
        assert!(!found(&a, &by_page));
        assert!(found(&a, &by_site));
        // Another page, whose image is missing; then the first page again, still found: the
        // run read the directory before the removal.
        std::fs::remove_file(root.join("static/pic.png")).unwrap();
        assert!(!found(&b, &by_site));
        assert!(found(&a, &by_site));
        // The same page in a new run.
        let state = Arc::new(State::default());
        let refs = references(&a, &by_site);
        let out = resolve_local(&state, &a, &cx, &by_site, &refs);
        assert!(!matches!(out[0].1, Outcome::Found(_)), "{:?}", out[0].1);
    }

    #[test]
    fn lookups_walk_cached_listings() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("img/Speaker")).unwrap();
        for name in [
            "img/Speaker/Li.PNG",
            "img/Speaker/li.Png",
            "img/Speaker/a.png",
        ] {
            std::fs::write(root.join(name), PNG).unwrap();
        }
        let state = State::default();
        let comps = |p: &str| p.split('/').map(String::from).collect::<Vec<_>>();
        assert!(matches!(
            state.lookup(root, &comps("img/Speaker/a.png")),
            Lookup::Found(_)
        ));
        // Of the names equal but for case, the first in sorted order is the one meant.
        match state.lookup(root, &comps("img/speaker/LI.png")) {
            Lookup::Case(p) => assert_eq!(p, root.join("img/Speaker/Li.PNG")),
            other => panic!("{other:?}"),
        }
        // A directory is not an image; a missing name is missing in the directory that exists.
        assert!(matches!(
            state.lookup(root, &comps("img/Speaker")),
            Lookup::Missing(1, _)
        ));
        match state.lookup(root, &comps("img/Speaker/b.png")) {
            Lookup::Missing(2, d) => assert_eq!(d, root.join("img/Speaker")),
            other => panic!("{other:?}"),
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("img/Speaker"), root.join("img/link")).unwrap();
            assert!(matches!(
                state.lookup(root, &comps("img/link")),
                Lookup::Missing(..)
            ));
        }
        // Sniffed once: a later change to the file is not seen in the same run.
        let a = root.join("img/Speaker/a.png");
        assert_eq!(state.sniff(&a), Sniff::Image(Format::Png));
        std::fs::write(&a, b"").unwrap();
        assert_eq!(state.sniff(&a), Sniff::Image(Format::Png));
        assert_eq!(sniff_file(&a), Sniff::Empty);
    }
}
