//! The site a page belongs to: found once per root, from the Hugo configuration.
//!
//! A site root is the nearest ancestor directory holding a Hugo configuration
//! (`hugo.toml|yaml|json`, `config.toml|yaml|json`, or `config/_default/`). From it we learn
//! the languages, their content directories, the default language, the theme and the static
//! directories. Files outside any site are "standalone": they still get checked, with the
//! language taken from the file name or left to detection.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use foldhash::HashMap;
use serde_json::Value as J;

use crate::document::front_matter;
use crate::paths::absolute;

/// Names Hugo looks for, in order.
const CONFIG_NAMES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// A language of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteLanguage {
    /// Its code (`en`, `zh`, `zh-cn`).
    pub code: String,
    /// Its own content directory (absolute), when the site uses one per language.
    pub content_dir: Option<PathBuf>,
}

/// What we know about one site.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// The site root; `None` for standalone files.
    pub root: Option<PathBuf>,
    /// The Hugo config file read, if any.
    pub config_file: Option<PathBuf>,
    /// `defaultContentLanguage`.
    pub default_lang: Option<String>,
    /// Declared languages.
    pub languages: Vec<SiteLanguage>,
    /// The shared content directory (absolute).
    pub content_dir: Option<PathBuf>,
    /// The theme name.
    pub theme: Option<String>,
    /// Static directories, in lookup order (site, then theme), plus `assets/`.
    pub static_dirs: Vec<PathBuf>,
    /// A problem reading the Hugo config (reported once, the run goes on).
    pub config_error: Option<String>,
    /// `baseURL`, as written.
    pub base_url: Option<String>,
    /// `uglyURLs`: pages are published as `/section/name.html`, not `/section/name/`.
    pub ugly_urls: bool,
    /// `canonifyURLs`: root-relative URLs are rewritten against `baseURL`.
    pub canonify_urls: bool,
}

impl Site {
    /// A site for files that belong to none.
    pub fn standalone() -> Site {
        Site::default()
    }

    /// Read the site rooted at `root` from its Hugo config.
    pub fn load(root: &Path) -> Site {
        let mut site = Site {
            root: Some(root.to_path_buf()),
            ..Site::default()
        };
        let mut cfg = J::Object(serde_json::Map::new());
        let mut files: Vec<PathBuf> = CONFIG_NAMES
            .iter()
            .map(|n| root.join(n))
            .filter(|p| p.is_file())
            .take(1)
            .collect();
        let default_dir = root.join("config").join("_default");
        if default_dir.is_dir() {
            for n in CONFIG_NAMES.iter().chain(&[
                "languages.toml",
                "languages.yaml",
                "languages.yml",
                "languages.json",
            ]) {
                let p = default_dir.join(n);
                if p.is_file() {
                    files.push(p);
                }
            }
        }
        for file in &files {
            match read_config(file) {
                Ok(v) => {
                    let v = if file.file_stem().is_some_and(|s| s == "languages") {
                        let mut m = serde_json::Map::new();
                        m.insert("languages".into(), v);
                        J::Object(m)
                    } else {
                        v
                    };
                    merge(&mut cfg, v);
                }
                Err(e) => site.config_error = Some(format!("{}: {e}", file.display())),
            }
            site.config_file.get_or_insert(file.clone());
        }
        site.default_lang = get_ci(&cfg, "defaultContentLanguage")
            .and_then(J::as_str)
            .map(str::to_lowercase);
        site.content_dir = Some(
            root.join(
                get_ci(&cfg, "contentDir")
                    .and_then(J::as_str)
                    .unwrap_or("content"),
            ),
        );
        if let Some(J::Object(langs)) = get_ci(&cfg, "languages") {
            for (code, conf) in langs {
                let content_dir = get_ci(conf, "contentDir")
                    .and_then(J::as_str)
                    .map(|d| root.join(d));
                site.languages.push(SiteLanguage {
                    code: code.to_lowercase(),
                    content_dir,
                });
            }
        }
        if site.default_lang.is_none() && !site.languages.is_empty() {
            site.default_lang =
                Some("en".into()).filter(|en| site.languages.iter().any(|l| &l.code == en));
        }
        site.theme = match get_ci(&cfg, "theme") {
            Some(J::String(s)) => Some(s.clone()),
            Some(J::Array(a)) => a.first().and_then(J::as_str).map(str::to_string),
            _ => None,
        };
        let mut statics: Vec<String> = match get_ci(&cfg, "staticDir") {
            Some(J::String(s)) => vec![s.clone()],
            Some(J::Array(a)) => a.iter().filter_map(J::as_str).map(str::to_string).collect(),
            _ => vec!["static".into()],
        };
        // Hugo also merges `staticDir0` … `staticDir10`, and each language's own `staticDir`.
        for i in 0..=10 {
            if let Some(J::String(s)) = get_ci(&cfg, &format!("staticDir{i}")) {
                statics.push(s.clone());
            }
        }
        if let Some(J::Object(langs)) = get_ci(&cfg, "languages") {
            for conf in langs.values() {
                match get_ci(conf, "staticDir") {
                    Some(J::String(s)) => statics.push(s.clone()),
                    Some(J::Array(a)) => {
                        statics.extend(a.iter().filter_map(J::as_str).map(str::to_string))
                    }
                    _ => {}
                }
            }
        }
        statics.dedup();
        site.static_dirs = statics.iter().map(|s| root.join(s)).collect();
        site.base_url = get_ci(&cfg, "baseURL")
            .and_then(J::as_str)
            .map(str::to_string);
        site.ugly_urls = get_ci(&cfg, "uglyURLs").and_then(J::as_bool) == Some(true);
        site.canonify_urls = get_ci(&cfg, "canonifyURLs").and_then(J::as_bool) == Some(true);
        if let Some(theme) = &site.theme {
            site.static_dirs
                .push(root.join("themes").join(theme).join("static"));
        }
        site.static_dirs.push(root.join("assets"));
        site
    }

    /// Whether the site declares more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// Whether `path` is a content page of this site (always true for standalone files).
    pub fn is_content_page(&self, path: &Path) -> bool {
        let Some(_) = &self.root else { return true };
        let path = absolute(path);
        self.content_dirs().any(|d| path.starts_with(d))
    }

    /// Every content directory of the site (shared and per language), absolute.
    pub fn content_dirs(&self) -> impl Iterator<Item = &Path> {
        self.content_dir
            .iter()
            .chain(self.languages.iter().filter_map(|l| l.content_dir.as_ref()))
            .map(PathBuf::as_path)
    }

    /// The top-level content section of a page (`sessions` for
    /// `content/sessions/1058.md`); `None` for pages at the top of the content directory
    /// and for files outside it.
    pub fn section(&self, path: &Path) -> Option<String> {
        let abs = absolute(path);
        // The deepest directory wins: `content/zh` over `content`.
        let rel = self
            .content_dirs()
            .filter_map(|d| abs.strip_prefix(d).ok())
            .min_by_key(|r| r.components().count())?;
        let mut parts = rel.components();
        let first = parts.next()?;
        parts.next()?;
        Some(first.as_os_str().to_string_lossy().into_owned())
    }
}

fn read_config(path: &Path) -> Result<J, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let node = match ext {
        "toml" => front_matter::parse_toml(&text, 0),
        _ => front_matter::parse_yaml(&text, 0),
    };
    node.map(|n| n.to_json()).map_err(|e| e.message)
}

fn merge(into: &mut J, from: J) {
    match (into, from) {
        (J::Object(a), J::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// A key of a JSON object, matched case-insensitively (Hugo config keys are).
fn get_ci<'a>(v: &'a J, key: &str) -> Option<&'a J> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// Finds and caches the site of each file.
#[derive(Default)]
pub struct Sites {
    by_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    by_root: Mutex<HashMap<PathBuf, Arc<Site>>>,
    standalone: Arc<Site>,
}

impl Sites {
    /// An empty cache.
    pub fn new() -> Sites {
        Sites::default()
    }

    /// The site `path` belongs to.
    pub fn for_file(&self, path: &Path) -> Arc<Site> {
        let abs = absolute(path);
        let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        match self.root_of(&dir) {
            Some(root) => {
                let mut by_root = self.by_root.lock().unwrap_or_else(|e| e.into_inner());
                Arc::clone(
                    by_root
                        .entry(root.clone())
                        .or_insert_with(|| Arc::new(Site::load(&root))),
                )
            }
            None => Arc::clone(&self.standalone),
        }
    }

    fn root_of(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(hit) = self
            .by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return hit.clone();
        }
        let found = if is_site_root(dir) {
            Some(dir.to_path_buf())
        } else {
            dir.parent().and_then(|p| self.root_of(p))
        };
        self.by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    /// Every site seen so far.
    pub fn all(&self) -> Vec<Arc<Site>> {
        let mut v: Vec<Arc<Site>> = self
            .by_root
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect();
        v.sort_by(|a, b| a.root.cmp(&b.root));
        v
    }
}

/// Whether `dir` holds a Hugo config file.
pub fn is_site_root(dir: &Path) -> bool {
    CONFIG_NAMES.iter().any(|n| dir.join(n).is_file())
        || dir.join("config").join("_default").is_dir()
}
