//! The site a page belongs to: found once per root, from the Hugo configuration.
//!
//! A site root is the nearest ancestor directory holding a Hugo configuration
//! (`hugo.toml|yaml|json`, `config.toml|yaml|json`, or `config/_default/`). From it we learn
//! the languages, their content directories, the default language, the theme and the static
//! directories. Files outside any site are "standalone": they still get checked, with the
//! language taken from the file name or left to detection.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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

/// The kind of site, told from its configuration file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// No site configuration: the page's language comes from its name or its text.
    #[default]
    Standalone,
    /// Hugo (`hugo.toml`, `config.toml`, `config/_default/`).
    Hugo,
    /// Docusaurus (`docusaurus.config.{js,ts,mjs,cjs}`).
    Docusaurus,
}

impl Layout {
    /// Its name in output (`contentlint pairs`).
    pub fn name(self) -> &'static str {
        match self {
            Layout::Standalone => "none",
            Layout::Hugo => "hugo",
            Layout::Docusaurus => "docusaurus",
        }
    }
}

/// A directory of pages: either one language's (`i18n/zh-Hans/docusaurus-plugin-content-docs/current`,
/// Hugo's `content/zh`), or shared by the languages, which then say theirs by a file-name
/// suffix (Hugo's `content/` with `x.zh.md`). A page's translation key is the tree's `prefix`
/// and its path inside the tree, so that `docs/a.md` and
/// `i18n/zh-Hans/docusaurus-plugin-content-docs/current/a.md` share one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    /// The language of every page in it; `None` for a shared tree.
    pub lang: Option<String>,
    /// The directory (absolute).
    pub dir: PathBuf,
    /// What the trees of one kind (docs, blog, versioned docs) have in common across
    /// languages; empty on Hugo sites.
    pub prefix: &'static str,
}

/// Names of the Docusaurus configuration, in the order Docusaurus looks for them.
const DOCUSAURUS_CONFIGS: &[&str] = &[
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
    "docusaurus.config.mts",
    "docusaurus.config.cts",
];

/// What we know about one site.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// The site root; `None` for standalone files.
    pub root: Option<PathBuf>,
    /// The kind of site.
    pub layout: Layout,
    /// Its page directories, deepest first (a page belongs to the first that holds it).
    pub trees: Vec<Tree>,
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

    /// Read the site rooted at `root` from its configuration (Hugo's, else Docusaurus's).
    pub fn load(root: &Path) -> Site {
        if !is_hugo_root(root) {
            if let Some(file) = docusaurus_config(root) {
                return Site::load_docusaurus(root, &file);
            }
        }
        let mut site = Site::load_hugo(root);
        site.trees = site
            .languages
            .iter()
            .filter_map(|l| {
                Some(Tree {
                    lang: Some(l.code.clone()),
                    dir: l.content_dir.clone()?,
                    prefix: "",
                })
            })
            .chain(site.content_dir.iter().map(|d| Tree {
                lang: None,
                dir: d.clone(),
                prefix: "",
            }))
            .collect();
        sort_trees(&mut site.trees);
        site
    }

    /// A Docusaurus site: the locales from `i18n` in its configuration, read as text (no
    /// JavaScript is run); the docs, versioned docs, blog and pages of the default locale,
    /// and their translations under `i18n/<locale>/docusaurus-plugin-content-*/`.
    fn load_docusaurus(root: &Path, file: &Path) -> Site {
        let mut site = Site {
            root: Some(root.to_path_buf()),
            layout: Layout::Docusaurus,
            config_file: Some(file.to_path_buf()),
            ..Site::default()
        };
        let (default, locales) = match std::fs::read_to_string(file) {
            Ok(text) => docusaurus_locales(&text),
            Err(e) => {
                site.config_error = Some(format!("{}: {e}", file.display()));
                ("en".to_string(), vec!["en".to_string()])
            }
        };
        for code in &locales {
            site.languages.push(SiteLanguage {
                code: code.clone(),
                content_dir: None,
            });
            let own = |dir: PathBuf, prefix: &'static str| Tree {
                lang: Some(code.clone()),
                dir,
                prefix,
            };
            if *code == default {
                site.trees.push(own(root.join("docs"), "docs"));
                site.trees
                    .push(own(root.join("versioned_docs"), "versions"));
                site.trees.push(own(root.join("blog"), "blog"));
                site.trees
                    .push(own(root.join("src").join("pages"), "pages"));
            } else {
                let i18n = root.join("i18n").join(code);
                let docs = i18n.join("docusaurus-plugin-content-docs");
                site.trees.push(own(docs.join("current"), "docs"));
                site.trees.push(own(docs, "versions"));
                site.trees
                    .push(own(i18n.join("docusaurus-plugin-content-blog"), "blog"));
                site.trees
                    .push(own(i18n.join("docusaurus-plugin-content-pages"), "pages"));
            }
        }
        site.default_lang = Some(default);
        sort_trees(&mut site.trees);
        site.static_dirs = vec![root.join("static")];
        site
    }

    /// The tree holding `path` (absolute), the deepest when trees nest.
    pub fn tree_of(&self, path: &Path) -> Option<&Tree> {
        self.trees.iter().find(|t| path.starts_with(&t.dir))
    }

    /// Read the site rooted at `root` from its Hugo config.
    fn load_hugo(root: &Path) -> Site {
        let mut site = Site {
            root: Some(root.to_path_buf()),
            layout: Layout::Hugo,
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
            .chain(
                self.trees
                    .iter()
                    .filter(|_| self.layout == Layout::Docusaurus)
                    .map(|t| t.dir.as_path()),
            )
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

/// Deepest first: a page of `content/zh` is not one of `content`.
fn sort_trees(trees: &mut [Tree]) {
    trees.sort_by_key(|t| std::cmp::Reverse(t.dir.components().count()));
}

/// The Docusaurus configuration file of `root`, if it has one.
fn docusaurus_config(root: &Path) -> Option<PathBuf> {
    DOCUSAURUS_CONFIGS
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
}

/// `i18n.defaultLocale` and `i18n.locales` of a Docusaurus configuration, read from its
/// text: the first `defaultLocale: "…"` and `locales: [ … ]` after `i18n`. Without them a
/// site has one locale, `en`, as Docusaurus assumes; the default locale is always one of
/// the locales.
pub fn docusaurus_locales(text: &str) -> (String, Vec<String>) {
    static DEFAULT: OnceLock<regex::Regex> = OnceLock::new();
    static LOCALES: OnceLock<regex::Regex> = OnceLock::new();
    static QUOTED: OnceLock<regex::Regex> = OnceLock::new();
    let default_re = DEFAULT.get_or_init(|| {
        regex::Regex::new(r#"\bdefaultLocale\s*:\s*["'`]([A-Za-z0-9_-]+)["'`]"#)
            .expect("valid regex")
    });
    let locales_re = LOCALES
        .get_or_init(|| regex::Regex::new(r#"\blocales\s*:\s*\[([^\]]*)\]"#).expect("valid regex"));
    let quoted_re = QUOTED
        .get_or_init(|| regex::Regex::new(r#"["'`]([A-Za-z0-9_-]+)["'`]"#).expect("valid regex"));
    // Comments would hide nothing from a regex: drop them first.
    let code: String = text
        .lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let after = code.find("i18n").map_or(code.as_str(), |i| &code[i..]);
    let default = default_re
        .captures(after)
        .and_then(|c| c.get(1))
        .map_or_else(|| "en".to_string(), |m| m.as_str().to_string());
    let mut locales: Vec<String> = locales_re
        .captures(after)
        .and_then(|c| c.get(1))
        .map(|m| {
            quoted_re
                .captures_iter(m.as_str())
                .filter_map(|c| c.get(1))
                .map(|m| m.as_str().to_string())
                .collect()
        })
        .unwrap_or_default();
    if !locales.contains(&default) {
        locales.insert(0, default.clone());
    }
    locales.dedup();
    (default, locales)
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

/// Whether `dir` holds a site configuration (Hugo's or Docusaurus's).
pub fn is_site_root(dir: &Path) -> bool {
    is_hugo_root(dir) || docusaurus_config(dir).is_some()
}

/// Whether `dir` holds a Hugo config file.
fn is_hugo_root(dir: &Path) -> bool {
    CONFIG_NAMES.iter().any(|n| dir.join(n).is_file())
        || dir.join("config").join("_default").is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docusaurus_locales_are_read_from_the_config_text() {
        let cfg = r#"
// i18n: { defaultLocale: "fr" } in a comment is not read
module.exports = {
  title: 'x',
  i18n: {
    defaultLocale: "en",
    locales: ["en", 'zh-Hans', `ja`],
    localeConfigs: { en: { label: "English" } },
  },
};"#;
        assert_eq!(
            docusaurus_locales(cfg),
            (
                "en".to_string(),
                vec!["en".into(), "zh-Hans".into(), "ja".into()]
            )
        );
        assert_eq!(
            docusaurus_locales("export default { i18n: { defaultLocale: 'de', locales: ['fr'] } }"),
            ("de".to_string(), vec!["de".into(), "fr".into()])
        );
        assert_eq!(
            docusaurus_locales("module.exports = {}"),
            ("en".to_string(), vec!["en".into()])
        );
    }
}
