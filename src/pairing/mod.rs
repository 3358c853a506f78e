//! Pairing: which pages are translations of each other, and which of them is the original.
//!
//! A page's language and translation key come from where it sits: a language suffix
//! (`x.zh.md`), a language's content directory (`content/zh/x.md`), or the site's default
//! language; pages of one site with equal keys are translations of each other. Files are
//! grouped by site and key before any is read, so that a page and its translation are
//! loaded together, checked, and dropped. This is the one place that decides it: the rules
//! see only the pairs.

pub mod align;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::Document;
use crate::paths::absolute;
use crate::site::{Layout, Site, Sites};
use crate::walk::FileEntry;

pub mod listing;

/// Where a page's language came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangSource {
    /// `name.<lang>.md`
    FileName,
    /// `content/<lang>/…` (a language's contentDir)
    ContentDir,
    /// The site's default language.
    SiteDefault,
    /// Not known.
    Unknown,
}

/// A page's language and translation key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageId {
    /// The language, when known.
    pub lang: Option<String>,
    /// Where it came from.
    pub source: LangSource,
    /// Pages with equal keys (within a site) are translations of each other.
    pub key: String,
}

fn is_language(site: &Site, code: &str) -> bool {
    if site.languages.is_empty() {
        looks_like_lang_code(code)
    } else {
        site.languages
            .iter()
            .any(|l| l.code.eq_ignore_ascii_case(code))
    }
}

/// The language and translation key of the page at `path`.
pub fn page_id(site: &Site, path: &Path) -> PageId {
    let abs = absolute(path);
    let mut source = LangSource::Unknown;
    let mut lang = None;
    let mut prefix = "";
    let mut rel: PathBuf = abs.clone();
    if let Some(tree) = site.tree_of(&abs) {
        rel = abs.strip_prefix(&tree.dir).unwrap_or(&abs).to_path_buf();
        prefix = tree.prefix;
        if let Some(l) = &tree.lang {
            lang = Some(l.clone());
            source = LangSource::ContentDir;
        }
    } else if let Some(root) = &site.root {
        rel = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = match name.rsplit_once('.') {
        Some((s, _)) => s.to_string(),
        None => name.clone(),
    };
    let mut key_stem = stem.clone();
    // A language's own tree says the language; a suffix there is part of the name.
    if source != LangSource::ContentDir {
        if let Some((base, suffix)) = stem.rsplit_once('.') {
            if is_language(site, suffix) {
                lang = Some(suffix.to_lowercase());
                source = LangSource::FileName;
                key_stem = base.to_string();
            }
        }
    }
    if lang.is_none() {
        if let Some(d) = &site.default_lang {
            lang = Some(d.clone());
            source = LangSource::SiteDefault;
        }
    }
    let dir = rel
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let key = [prefix, &dir, &key_stem]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    PageId { lang, source, key }
}

/// Extensions a translation may have instead of the page's own: Docusaurus renders `.md`
/// and `.mdx` alike, so `a.md` may be translated as `a.mdx`.
fn sibling_extensions(site: &Site, ext: &str) -> Vec<String> {
    let mut out = vec![ext.to_string()];
    if site.layout == Layout::Docusaurus {
        for e in ["md", "mdx"] {
            if e != ext {
                out.push(e.to_string());
            }
        }
    }
    out
}

/// The first of these paths that is a file, else the first.
fn first_existing(paths: Vec<PathBuf>) -> Option<PathBuf> {
    paths
        .iter()
        .find(|p| p.is_file())
        .or(paths.first())
        .cloned()
}

/// The paths of the translations of a page with this key (existing or not), one per
/// other language, for pair checks: in the other language's own tree of the same kind
/// when it has one, else beside the page with the other language's suffix.
pub fn counterpart_candidates(site: &Site, path: &Path, id: &PageId) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Some(lang) = &id.lang else { return out };
    let abs = absolute(path);
    let ext = abs
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "md".into());
    let exts = sibling_extensions(site, &ext);
    let tree = site.tree_of(&abs);
    let prefix = tree.map_or("", |t| t.prefix);
    // The page's directory and name inside its tree, without a language suffix.
    let key_in_tree = id
        .key
        .strip_prefix(prefix)
        .map(|k| k.trim_start_matches('/'))
        .unwrap_or(&id.key);
    let base = Path::new(key_in_tree)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rel_dir = Path::new(key_in_tree)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let page_dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    let langs: Vec<String> = if site.languages.is_empty() {
        ["en", "zh"].iter().map(|s| s.to_string()).collect()
    } else {
        site.languages.iter().map(|l| l.code.clone()).collect()
    };
    let shared = site
        .trees
        .iter()
        .find(|t| t.lang.is_none() && t.prefix == prefix);
    for other in langs.iter().filter(|l| !l.eq_ignore_ascii_case(lang)) {
        let own = site.trees.iter().find(|t| {
            t.prefix == prefix
                && t.lang
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case(other))
        });
        if let Some(t) = own {
            let dir = t.dir.join(&rel_dir);
            let found = first_existing(
                exts.iter()
                    .map(|e| dir.join(format!("{base}.{e}")))
                    .collect(),
            );
            out.extend(found.map(|p| (other.clone(), p)));
            continue;
        }
        // Beside the page (its own tree is shared), or in the shared tree (the page is
        // in its language's own tree and the other language has none).
        let dir = match (id.source, shared) {
            (LangSource::ContentDir, Some(t)) => t.dir.join(&rel_dir),
            (LangSource::ContentDir, None) => continue,
            _ => page_dir.clone(),
        };
        let is_default = site.default_lang.as_deref() == Some(other.as_str());
        let name = if is_default {
            format!("{base}.{ext}")
        } else {
            format!("{base}.{other}.{ext}")
        };
        out.push((other.clone(), dir.join(name)));
    }
    out
}

fn looks_like_lang_code(s: &str) -> bool {
    let (main, region) = s.split_once('-').unwrap_or((s, ""));
    (2..=3).contains(&main.len())
        && main.bytes().all(|b| b.is_ascii_lowercase())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
        && !matches!(
            main,
            "md" | "txt" | "min" | "old" | "bak" | "new" | "tmp" | "org" | "com" | "net" | "io"
        )
}

/// A file of a group: one that is reported on, or a counterpart read only for pair checks.
pub struct Member {
    /// The file.
    pub entry: FileEntry,
    /// Its language and key.
    pub id: PageId,
    /// Whether its findings are reported (it was walked, not only read as a counterpart).
    pub reported: bool,
}

/// The pages of one site that share a translation key.
pub struct Group {
    /// The site they belong to.
    pub site: Arc<Site>,
    /// The pages, walked ones first.
    pub members: Vec<Member>,
    /// Translations looked for and not found: (language, expected path).
    pub missing: Vec<(String, PathBuf)>,
}

/// Group files by (site, translation key), adding counterparts found on disk. A page whose
/// language nothing tells is in `default_lang`. Where each file belongs, and which
/// counterparts exist, is looked up on the current thread pool: both ask the file system.
pub fn group(files: Vec<FileEntry>, sites: &Sites, default_lang: Option<&String>) -> Vec<Group> {
    let placed: Vec<(Arc<Site>, PageId, FileEntry)> = files
        .into_par_iter()
        .map(|entry| {
            let site = sites.for_file(&entry.path);
            let mut id = page_id(&site, &entry.path);
            if id.lang.is_none() {
                id.lang = default_lang.cloned();
            }
            (site, id, entry)
        })
        .collect();
    // Groups come in the order of their site's root, then of their key. The few sites are
    // ranked once, so that a hundred thousand files are not sorted by comparing paths.
    // Standalone files (no root) come first, as `None` sorts before any root.
    let rank: HashMap<*const Site, usize> = sites
        .all()
        .iter()
        .enumerate()
        .map(|(i, site)| (Arc::as_ptr(site), i + 1))
        .collect();
    let mut groups: BTreeMap<(usize, String), Group> = BTreeMap::new();
    for (site, id, entry) in placed {
        // Standalone files are never paired by key: two unrelated `README.md` are not translations.
        let key = match &site.root {
            Some(_) => id.key.clone(),
            None => entry.display.clone(),
        };
        let g = groups
            .entry((rank.get(&Arc::as_ptr(&site)).copied().unwrap_or(0), key))
            .or_insert_with(|| Group {
                site: Arc::clone(&site),
                members: Vec::new(),
                missing: Vec::new(),
            });
        g.members.push(Member {
            entry,
            id,
            reported: true,
        });
    }
    let mut out: Vec<Group> = groups.into_values().collect();
    out.par_iter_mut().for_each(add_counterparts);
    out
}

/// Add to `g` the translations of its first page that exist on disk but were not walked,
/// and note those that do not exist.
fn add_counterparts(g: &mut Group) {
    let Some(first) = g.members.first() else {
        return;
    };
    let candidates = counterpart_candidates(&g.site, &first.entry.path, &first.id);
    for (lang, path) in candidates {
        let known = g
            .members
            .iter()
            .any(|m| m.id.lang.as_deref() == Some(lang.as_str()));
        if known {
            continue;
        }
        if !path.is_file() {
            if g.site.is_multilingual() {
                g.missing.push((lang, path));
            }
            continue;
        }
        let id = page_id(&g.site, &path);
        let entry = FileEntry {
            display: crate::paths::display_path(&path),
            path,
            explicit: false,
        };
        g.members.push(Member {
            entry,
            id,
            reported: false,
        });
    }
}

/// Which of the loaded pages of a group is the original, the others being its
/// translations: the page in the language the talk is given in, when a page says so
/// (`talk_lang`, see `lang::talk_lang`); else the one in the configured source language
/// (`languages.source`), else in the site's default language; else the first page.
pub fn original(
    docs: &[&Document],
    talk_lang: Option<&str>,
    source_lang: Option<&str>,
    site: &Site,
) -> usize {
    let source = source_lang.or(site.default_lang.as_deref());
    [talk_lang, source]
        .into_iter()
        .flatten()
        .find_map(|want| {
            docs.iter().position(|d| {
                d.lang
                    .as_deref()
                    .is_some_and(|l| crate::lang::same_lang(l, want))
            })
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, config: &str) -> Site {
        std::fs::create_dir_all(dir.join("content/sessions")).unwrap();
        std::fs::write(dir.join("config.toml"), config).unwrap();
        Site::load(dir)
    }

    #[test]
    fn suffix_languages_and_keys() {
        let tmp = tempfile::tempdir().unwrap();
        let s = site(
            tmp.path(),
            "DefaultContentLanguage = \"en\"\ntheme = \"t\"\n[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n",
        );
        assert_eq!(s.default_lang.as_deref(), Some("en"));
        let zh = page_id(&s, &tmp.path().join("content/sessions/a-1.zh.md"));
        assert_eq!(
            (zh.lang.as_deref(), zh.key.as_str()),
            (Some("zh"), "sessions/a-1")
        );
        let en = page_id(&s, &tmp.path().join("content/sessions/a-1.md"));
        assert_eq!(
            (en.lang.as_deref(), en.key.as_str(), en.source),
            (Some("en"), "sessions/a-1", LangSource::SiteDefault)
        );
        let c = counterpart_candidates(&s, &tmp.path().join("content/sessions/a-1.md"), &en);
        assert_eq!(
            c,
            vec![(
                "zh".to_string(),
                tmp.path().join("content/sessions/a-1.zh.md")
            )]
        );
        assert!(s.static_dirs.contains(&tmp.path().join("themes/t/static")));
    }

    #[test]
    fn content_dir_languages() {
        let tmp = tempfile::tempdir().unwrap();
        let s = site(
            tmp.path(),
            "defaultContentLanguage = \"zh\"\n[languages.en]\ncontentDir = \"content/en\"\n[languages.zh]\ncontentDir = \"content/zh\"\n",
        );
        let en = page_id(&s, &tmp.path().join("content/en/blog/x.md"));
        assert_eq!(
            (en.lang.as_deref(), en.key.as_str()),
            (Some("en"), "blog/x")
        );
        let c = counterpart_candidates(&s, &tmp.path().join("content/en/blog/x.md"), &en);
        assert_eq!(
            c,
            vec![("zh".to_string(), tmp.path().join("content/zh/blog/x.md"))]
        );
    }

    #[test]
    fn bundles_and_region_codes() {
        let tmp = tempfile::tempdir().unwrap();
        let s = site(
            tmp.path(),
            "defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.pt-br]\nweight = 2\n[languages.zh-cn]\nweight = 3\n",
        );
        let id = |p: &str| {
            let id = page_id(&s, &tmp.path().join(p));
            (id.lang, id.key)
        };
        let page = |lang: &str, key: &str| (Some(lang.to_string()), key.to_string());
        assert_eq!(id("content/posts/a/index.md"), page("en", "posts/a/index"));
        assert_eq!(
            id("content/posts/a/index.pt-br.md"),
            page("pt-br", "posts/a/index")
        );
        assert_eq!(
            id("content/posts/_index.zh-cn.md"),
            page("zh-cn", "posts/_index")
        );
        let en = page_id(&s, &tmp.path().join("content/posts/a/index.md"));
        let c = counterpart_candidates(&s, &tmp.path().join("content/posts/a/index.md"), &en);
        assert_eq!(
            c,
            vec![
                (
                    "pt-br".to_string(),
                    tmp.path().join("content/posts/a/index.pt-br.md")
                ),
                (
                    "zh-cn".to_string(),
                    tmp.path().join("content/posts/a/index.zh-cn.md")
                ),
            ]
        );
    }

    #[test]
    fn docusaurus_trees_pair_docs_versions_and_blog() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(
            root.join("docusaurus.config.ts"),
            "export default { i18n: { defaultLocale: 'en', locales: ['en', 'ja'] } };",
        )
        .unwrap();
        let s = Site::load(root);
        assert_eq!(s.layout, Layout::Docusaurus);
        let ja = root.join("i18n/ja");
        for (en, tr, key) in [
            (
                "docs/a/b.md",
                "docusaurus-plugin-content-docs/current/a/b.md",
                "docs/a/b",
            ),
            (
                "versioned_docs/version-2.0/b.md",
                "docusaurus-plugin-content-docs/version-2.0/b.md",
                "versions/version-2.0/b",
            ),
            (
                "blog/2024-01-01-x.md",
                "docusaurus-plugin-content-blog/2024-01-01-x.md",
                "blog/2024-01-01-x",
            ),
        ] {
            let a = page_id(&s, &root.join(en));
            let b = page_id(&s, &ja.join(tr));
            assert_eq!((a.lang.as_deref(), a.key.as_str()), (Some("en"), key));
            assert_eq!((b.lang.as_deref(), b.key.as_str()), (Some("ja"), key));
            assert_eq!(
                counterpart_candidates(&s, &root.join(en), &a),
                vec![("ja".to_string(), ja.join(tr))]
            );
        }
    }

    #[test]
    fn standalone_files_take_the_suffix_only() {
        let s = Site::standalone();
        assert_eq!(
            page_id(&s, Path::new("x.zh.md")).lang.as_deref(),
            Some("zh")
        );
        assert_eq!(page_id(&s, Path::new("000_416d.txt")).lang, None);
        assert_eq!(page_id(&s, Path::new("jquery.min.md")).lang, None);
    }

    #[test]
    fn the_original_is_in_the_talk_language_then_the_source_then_the_default() {
        let page = |lang: &str| {
            let src =
                crate::source::SourceFile::new("p.md".into(), "p.md".into(), "x\n".into(), false);
            Document::parse(Arc::new(src), Some(lang.into()))
        };
        let (en, zh) = (page("en"), page("zh-cn"));
        let docs = [&en, &zh];
        let site = Site {
            default_lang: Some("en".into()),
            ..Site::default()
        };
        assert_eq!(original(&docs, Some("zh"), Some("en"), &site), 1);
        assert_eq!(original(&docs, Some("ja"), Some("zh"), &site), 1);
        assert_eq!(original(&docs, None, None, &site), 0);
        assert_eq!(original(&[&zh, &en], None, None, &Site::default()), 0);
    }
}
