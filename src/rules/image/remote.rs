//! `image/remote`: remote images, checked over the network only when the run allows it
//! (`--remote`), so that CI never touches the network unless asked.
//!
//! Every distinct URL is requested once per run (pages that share it wait for the first
//! answer) and answers are kept in an on-disk cache for `cache-ttl` seconds, so repeated CI
//! runs do not ask again. A request is a `HEAD`, followed by a `GET` when the server refuses
//! `HEAD` or answers with an error or a non-image type; redirects are followed up to a bound.
//! A run keeps at most `concurrency` requests in flight, at most `per-host` to one host.
//! Timeouts, failed connections, 429 and 5xx are retried with a doubling pause. Hosts that
//! resolve to private, loopback or link-local addresses are refused (at every redirect too,
//! since the check sits in the name resolver) unless `allow-private` is set *and* the
//! command line allows it (`--allow-private` or `CONTENTLINT_ALLOW_PRIVATE=1`), so that the
//! configuration of a pull request cannot make CI probe internal hosts.
//!
//! The cache is saved once, when the run is over ([`finish_run`], called by
//! `crate::check::run`), only when an answer was added, and atomically: a temporary file
//! in the same directory is renamed over it. Its path must stay inside the repository
//! ([`crate::config::confine`]).

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::image::{self, ImageOptions, Kind};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks remote images (`https://…`, `//host/…`). Without `--remote` it only flags a
    /// URL that cannot be requested at all (no host, a space in the host). With `--remote`
    /// it requests each distinct URL once per run and flags one that answers with an error
    /// status (404, 410, 500…), that is served with a type other than an image (`text/html`),
    /// that does not answer in time, whose connection fails, or that redirects too often.
    ///
    /// Requests are `HEAD`, then `GET` when `HEAD` is refused or disappoints; redirects are
    /// followed (at most `max-redirects`); at most `concurrency` requests run at once and at
    /// most `per-host` against one host; failures that may pass (timeouts, failed
    /// connections, 429, 5xx) are retried `retries` times with a doubling pause. Answers
    /// are cached on disk for `cache-ttl` seconds; the cache is saved at the end of the run.
    /// Hosts on private, loopback or link-local addresses are refused unless `allow-private`
    /// is set and the command line allows it (`--allow-private`, or the environment variable
    /// `CONTENTLINT_ALLOW_PRIVATE=1`): a configuration alone cannot, since a pull request's
    /// check reads the configuration of the branch it checks.
    ///
    /// ## Why is this bad?
    /// A picture hosted elsewhere disappears when the other site moves it, and nobody
    /// notices until a reader does.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="https:/example.org/logo.png" alt="Logo" />
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// <img src="https://example.org/logo.png" alt="Logo" />
    /// ```
    ///
    /// ## Options
    /// - `timeout` (seconds, default 10), `retries` (default 2), `max-redirects` (default 5),
    ///   `concurrency` (default 8), `per-host` (default 2);
    /// - `allow-private` (default `false`): allow private, loopback and link-local hosts,
    ///   when the command line also does (`--allow-private` or `CONTENTLINT_ALLOW_PRIVATE=1`;
    ///   without it the option is ignored, with a warning);
    /// - `cache-file` (default `.contentlint-cache/remote-images.json`, relative to the
    ///   configuration file's directory, and inside the repository), `cache-ttl` (seconds,
    ///   default 86400; 0 turns the cache off).
    pub ImageRemote, "image/remote", Severity::Warning, "remote image is broken (checked with --remote)"
}

impl Rule for ImageRemote {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((opts, state, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        let mut urls: Vec<String> = Vec::new();
        let mut remote_refs = Vec::new();
        for img in &refs {
            let Kind::Remote(url) = image::classify(&img.src, cx.site) else {
                continue;
            };
            if let Err(why) = well_formed(&url) {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        img.src_span,
                        format!("remote image URL `{}` is malformed: {why}", img.src.trim()),
                    )
                    .help("write the full address: `https://host/path/image.png`"),
                );
                continue;
            }
            if !urls.contains(&url) {
                urls.push(url.clone());
            }
            remote_refs.push((img, url));
        }
        if !cx.config.remote || urls.is_empty() {
            return;
        }
        let remote = Arc::clone(
            state
                .remote
                .get_or_init(|| Arc::new(Remote::new(&opts, cx.config))),
        );
        let answers = remote.check_all(&urls);
        for (img, url) in remote_refs {
            let Some(answer) = answers.get(&url) else {
                continue;
            };
            let src = img.src.trim();
            let d = |msg: String| Diagnostic::new(&Self::META, &doc.source, img.src_span, msg);
            let finding = match answer {
                Answer::Ok { .. } => None,
                Answer::Status { status } => Some(
                    d(format!(
                        "remote image `{src}` answers {status}{}",
                        reason(*status)
                            .map(|r| format!(" {r}"))
                            .unwrap_or_default()
                    ))
                    .help("link an image that exists, or copy it into the site"),
                ),
                Answer::NotImage { content_type } => Some(
                    d(format!(
                        "remote image `{src}` is served as `{content_type}`, not as an image"
                    ))
                    .help("link the image itself, not a page that shows it"),
                ),
                Answer::Timeout => Some(
                    d(format!(
                        "remote image `{src}` did not answer within {} s",
                        remote.timeout.as_secs_f64()
                    ))
                    .help("the host may be down or slow; copy the image into the site to be safe"),
                ),
                Answer::Failed { reason } => Some(
                    d(format!("remote image `{src}` cannot be fetched: {reason}"))
                        .help("check the address; copy the image into the site to be safe"),
                ),
                Answer::Refused => Some(
                    d(format!(
                        "remote image `{src}` was not checked: its host has a private, loopback or link-local address"
                    ))
                    .help("to check such hosts, set `allow-private: true` under `rules: image/remote:` and pass `--allow-private` (or set CONTENTLINT_ALLOW_PRIVATE=1)"),
                ),
            };
            if let Some(f) = finding {
                out.push(f);
            }
        }
    }
}

fn reason(status: u16) -> Option<&'static str> {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
}

/// Whether a URL can be requested at all.
fn well_formed(url: &str) -> Result<(), &'static str> {
    let uri: ureq::http::Uri = url.parse().map_err(|_| "not a valid URL")?;
    let host = uri.host().ok_or("it has no host")?;
    if host.is_empty() || host.starts_with('.') || host.ends_with("..") || host.contains("..") {
        return Err("its host is not valid");
    }
    Ok(())
}

/// What a URL answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    /// A success with an image type (or no type, or a generic binary one).
    Ok {
        /// The final status.
        status: u16,
    },
    /// An error status after redirects.
    Status {
        /// The status.
        status: u16,
    },
    /// A success with a type that is not an image.
    NotImage {
        /// The `Content-Type`.
        content_type: String,
    },
    /// No answer in time.
    Timeout,
    /// No answer at all.
    Failed {
        /// Why, in a few words.
        reason: String,
    },
    /// Not requested: a private, loopback or link-local address.
    Refused,
}

impl Answer {
    /// Whether the answer says something about the URL (worth caching), rather than about
    /// the network at the moment.
    fn lasting(&self) -> bool {
        match self {
            Answer::Ok { .. } | Answer::NotImage { .. } => true,
            Answer::Status { status } => *status < 500 && *status != 429 && *status != 408,
            _ => false,
        }
    }

    fn transient(&self) -> bool {
        match self {
            Answer::Timeout | Answer::Failed { .. } => true,
            Answer::Status { status } => *status >= 500 || *status == 429 || *status == 408,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct CacheEntry {
    /// Seconds since the Unix epoch.
    checked: u64,
    answer: Answer,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

enum Slot {
    Pending,
    Done(Answer),
}

/// The remote checker of one run.
pub struct Remote {
    agent: ureq::Agent,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
    concurrency: usize,
    per_host: usize,
    slots: Mutex<HashMap<String, Slot>>,
    slots_cv: Condvar,
    in_flight: Mutex<(usize, HashMap<String, usize>)>,
    in_flight_cv: Condvar,
    ttl: u64,
    cache_path: Option<PathBuf>,
    cache: Mutex<CacheFile>,
    dirty: AtomicBool,
    /// Why there is no cache although one was asked for.
    cache_off: Option<String>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("timeout", &self.timeout)
            .field("cache_path", &self.cache_path)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Refuses private, loopback and link-local addresses (at every connection, redirects
/// included), unless allowed.
#[derive(Debug)]
struct GuardResolver {
    allow_private: bool,
    inner: ureq::unversioned::resolver::DefaultResolver,
}

impl ureq::unversioned::resolver::Resolver for GuardResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let found = self.inner.resolve(uri, config, timeout)?;
        if self.allow_private {
            return Ok(found);
        }
        let mut kept = self.empty();
        for a in found.iter().filter(|a| is_public(a.ip())) {
            kept.push(*a);
        }
        if kept.is_empty() {
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                REFUSED,
            )));
        }
        Ok(kept)
    }
}

const REFUSED: &str = "contentlint: private address refused";

/// Whether an address may be requested without `allow-private`.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1])) // shared address space
                || (o[0] == 198 && (o[1] == 18 || o[1] == 19)) // benchmarking
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80) // link-local
        }
    }
}

impl Remote {
    /// A checker with the given options; reads the cache file.
    pub fn new(opts: &ImageOptions, config: &crate::config::Config) -> Remote {
        let timeout = Duration::from_secs_f64(opts.timeout.unwrap_or(10.0).clamp(0.05, 600.0));
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(opts.max_redirects.unwrap_or(5))
            .timeout_global(Some(timeout))
            .user_agent(concat!("contentlint/", env!("CARGO_PKG_VERSION")))
            .proxy(None)
            .build();
        let agent = ureq::Agent::with_parts(
            agent_config,
            ureq::unversioned::transport::DefaultConnector::new(),
            GuardResolver {
                // The configuration asks; only the command line can allow.
                allow_private: opts.allow_private && config.allow_private,
                inner: ureq::unversioned::resolver::DefaultResolver::default(),
            },
        );
        let ttl = opts.cache_ttl.unwrap_or(86_400);
        let written = opts
            .cache_file
            .as_deref()
            .unwrap_or(".contentlint-cache/remote-images.json");
        // A configured path was checked when the configuration was read; the default may
        // still lead out through a link the branch added.
        let (cache_path, cache_off) = if ttl == 0 {
            (None, None)
        } else {
            match crate::config::confine(&config.root, &config.base, written) {
                Ok(p) => (Some(p), None),
                Err(why) => (None, Some(format!("the remote-image cache is off: {why}"))),
            }
        };
        let cache = cache_path
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str::<CacheFile>(&t).ok())
            .filter(|c| c.version == 1)
            .unwrap_or(CacheFile {
                version: 1,
                entries: BTreeMap::new(),
            });
        Remote {
            agent,
            timeout,
            retries: opts.retries.unwrap_or(2).min(10),
            backoff: Duration::from_millis(250),
            concurrency: opts.concurrency.unwrap_or(8).clamp(1, 64),
            per_host: opts.per_host.unwrap_or(2).clamp(1, 64),
            slots: Mutex::new(HashMap::new()),
            slots_cv: Condvar::new(),
            in_flight: Mutex::new((0, HashMap::new())),
            in_flight_cv: Condvar::new(),
            ttl,
            cache_path,
            cache: Mutex::new(cache),
            dirty: AtomicBool::new(false),
            cache_off,
        }
    }

    /// Answers for these URLs, requested in parallel (each at most once per run).
    pub fn check_all(&self, urls: &[String]) -> HashMap<String, Answer> {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results = Mutex::new(HashMap::new());
        let workers = self.concurrency.min(urls.len()).max(1);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let a = self.answer(url);
                    lock(&results).insert(url.clone(), a);
                });
            }
        });
        results.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer for one URL: from this run, the disk cache, or the network.
    fn answer(&self, url: &str) -> Answer {
        {
            let mut slots = lock(&self.slots);
            loop {
                match slots.get(url) {
                    Some(Slot::Done(a)) => return a.clone(),
                    Some(Slot::Pending) => {
                        slots = self.slots_cv.wait(slots).unwrap_or_else(|e| e.into_inner());
                    }
                    None => {
                        slots.insert(url.to_string(), Slot::Pending);
                        break;
                    }
                }
            }
        }
        let cached = lock(&self.cache)
            .entries
            .get(url)
            .filter(|e| self.ttl > 0 && now().saturating_sub(e.checked) < self.ttl)
            .map(|e| e.answer.clone());
        let answer = match cached {
            Some(a) => a,
            None => {
                let a = self.fetch(url);
                if a.lasting() && self.cache_path.is_some() {
                    lock(&self.cache).entries.insert(
                        url.to_string(),
                        CacheEntry {
                            checked: now(),
                            answer: a.clone(),
                        },
                    );
                    self.dirty.store(true, Ordering::Relaxed);
                }
                a
            }
        };
        lock(&self.slots).insert(url.to_string(), Slot::Done(answer.clone()));
        self.slots_cv.notify_all();
        answer
    }

    /// Request with retries, inside the global and per-host limits.
    fn fetch(&self, url: &str) -> Answer {
        let host = url
            .parse::<ureq::http::Uri>()
            .ok()
            .and_then(|u| u.host().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        {
            let mut g = lock(&self.in_flight);
            while g.0 >= self.concurrency || g.1.get(&host).copied().unwrap_or(0) >= self.per_host {
                g = self.in_flight_cv.wait(g).unwrap_or_else(|e| e.into_inner());
            }
            g.0 += 1;
            *g.1.entry(host.clone()).or_default() += 1;
        }
        let mut attempt = 0;
        let answer = loop {
            let a = self.once(url);
            if a.transient() && attempt < self.retries {
                std::thread::sleep(self.backoff * 2u32.pow(attempt));
                attempt += 1;
                continue;
            }
            break a;
        };
        {
            let mut g = lock(&self.in_flight);
            g.0 = g.0.saturating_sub(1);
            if let Some(n) = g.1.get_mut(&host) {
                *n = n.saturating_sub(1);
            }
        }
        self.in_flight_cv.notify_all();
        answer
    }

    /// One `HEAD`, and a `GET` when the `HEAD` answer is not a clear success.
    fn once(&self, url: &str) -> Answer {
        let head = match self.agent.head(url).call() {
            Ok(resp) => classify(&resp),
            Err(e) => match error_answer(&e) {
                a @ (Answer::Timeout | Answer::Refused) => return a,
                a => a,
            },
        };
        if matches!(head, Answer::Ok { .. }) {
            return head;
        }
        match self.agent.get(url).call() {
            Ok(resp) => classify(&resp),
            Err(e) => error_answer(&e),
        }
    }
}

fn classify(resp: &ureq::http::Response<ureq::Body>) -> Answer {
    let status = resp.status().as_u16();
    if status >= 300 {
        return Answer::Status { status };
    }
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let generic = content_type.is_empty()
        || content_type.starts_with("image/")
        || content_type == "application/octet-stream"
        || content_type == "binary/octet-stream";
    if generic {
        Answer::Ok { status }
    } else {
        Answer::NotImage { content_type }
    }
}

fn error_answer(e: &ureq::Error) -> Answer {
    match e {
        ureq::Error::Timeout(_) => Answer::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            if io.to_string().contains(REFUSED) {
                Answer::Refused
            } else {
                Answer::Failed {
                    reason: "permission denied".into(),
                }
            }
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Answer::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            Answer::Failed {
                reason: "connection refused".into(),
            }
        }
        ureq::Error::HostNotFound => Answer::Failed {
            reason: "host not found".into(),
        },
        ureq::Error::TooManyRedirects => Answer::Failed {
            reason: "too many redirects".into(),
        },
        other => Answer::Failed {
            reason: other.to_string(),
        },
    }
}

impl Remote {
    /// Save the cache when this run added to it: to a temporary file in the same directory,
    /// then renamed over the cache file, so that a reader never sees half of it. Whether it
    /// was written.
    pub fn save(&self) -> std::io::Result<bool> {
        let Some(path) = &self.cache_path else {
            return Ok(false);
        };
        if !self.dirty.swap(false, Ordering::AcqRel) {
            return Ok(false);
        }
        let text = serde_json::to_string_pretty(&*lock(&self.cache))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".remote-images")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.flush()?;
        // A temporary file is private to its owner; the cache is not (CI may keep it).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(true)
    }
}

/// The run is over: save the remote-image cache if the run used and changed it. A cache
/// that cannot be written costs the next run time, not this run its result: a warning.
pub fn finish_run(packs: &crate::packs::Packs) -> Vec<String> {
    let state = image::run_state(packs);
    let Some(remote) = state.remote.get() else {
        return Vec::new();
    };
    let mut warnings: Vec<String> = remote.cache_off.iter().cloned().collect();
    if let Err(e) = remote.save() {
        let path = remote
            .cache_path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        warnings.push(format!("cannot save the remote-image cache {path}: {e}"));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.1.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "100.64.0.1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn malformed_urls() {
        assert!(well_formed("https://example.org/a.png").is_ok());
        assert!(well_formed("https:/example.org/a.png").is_err());
        assert!(well_formed("https://exa mple.org/a.png").is_err());
    }
}
