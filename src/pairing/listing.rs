//! `contentlint pairs`: what pairing found, without checking anything — the layout, the
//! languages, each page's language and key, the pairs, and the pages with no counterpart.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::json;

use crate::config::Config;
use crate::site::Sites;
use crate::walk::{self, WalkProblem};

/// One page as pairing sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedPage {
    /// Its path, as `check` prints it.
    pub path: String,
    /// The language its place says it is in.
    pub lang: Option<String>,
    /// Its translation key.
    pub key: String,
}

/// What `contentlint pairs` prints.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// The kind of site (`docusaurus`, `hugo`, `none`), `mixed` when the paths hold several.
    pub layout: String,
    /// The languages of the sites, in their configuration's order, then any other language
    /// a page is in.
    pub languages: Vec<String>,
    /// Every page, in group order.
    pub pages: Vec<ListedPage>,
    /// (original, translation) paths.
    pub pairs: Vec<(String, String)>,
    /// Pages that have no counterpart in any language.
    pub unpaired: Vec<String>,
    /// Paths given that do not exist.
    pub missing: Vec<String>,
}

/// Walk `paths` and group the pages as `check` does.
pub fn list(paths: &[PathBuf], config: &Config) -> Listing {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let walk::Walked {
        files, problems, ..
    } = walk::collect(&paths, config, 0);
    let sites = Sites::new();
    let groups = super::group(files, &sites, config.languages.default.as_ref());
    let mut out = Listing::default();
    for p in problems {
        if let WalkProblem::Missing(path) = p {
            out.missing.push(path);
        }
    }
    let mut layouts: Vec<&'static str> = Vec::new();
    let mut langs: Vec<String> = Vec::new();
    for site in sites.all() {
        if !layouts.contains(&site.layout.name()) {
            layouts.push(site.layout.name());
        }
        for l in &site.languages {
            add_lang(&mut langs, &l.code);
        }
    }
    for g in &groups {
        let original = g
            .members
            .iter()
            .position(|m| {
                m.id.lang.is_some() && m.id.lang.as_deref() == g.site.default_lang.as_deref()
            })
            .unwrap_or(0);
        for m in &g.members {
            if let Some(l) = &m.id.lang {
                add_lang(&mut langs, l);
            }
            out.pages.push(ListedPage {
                path: m.entry.display.clone(),
                lang: m.id.lang.clone(),
                key: m.id.key.clone(),
            });
        }
        if g.members.len() == 1 {
            out.unpaired.push(g.members[0].entry.display.clone());
            continue;
        }
        let from = &g.members[original].entry.display;
        for (i, m) in g.members.iter().enumerate() {
            if i != original {
                out.pairs.push((from.clone(), m.entry.display.clone()));
            }
        }
    }
    out.layout = match layouts.as_slice() {
        [] => "none".to_string(),
        [one] => one.to_string(),
        _ => "mixed".to_string(),
    };
    out.languages = langs;
    out
}

fn add_lang(langs: &mut Vec<String>, l: &str) {
    if !langs.iter().any(|x| x == l) {
        langs.push(l.to_string());
    }
}

impl Listing {
    /// Pages per language, in the order of `languages`; pages with no language last, as `-`.
    pub fn per_language(&self) -> Vec<(String, usize)> {
        let mut n: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for p in &self.pages {
            *n.entry(p.lang.as_deref()).or_default() += 1;
        }
        let mut out: Vec<(String, usize)> = self
            .languages
            .iter()
            .map(|l| (l.clone(), n.get(&Some(l.as_str())).copied().unwrap_or(0)))
            .collect();
        if let Some(k) = n.get(&None) {
            out.push(("-".to_string(), *k));
        }
        out
    }

    /// The JSON form (see the README's "pairs JSON" section).
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "layout": self.layout,
            "languages": self.languages,
            "pages": self.pages.iter().map(|p| json!({"path": p.path, "lang": p.lang, "key": p.key})).collect::<Vec<_>>(),
            "pairs": self.pairs.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
            "unpaired": self.unpaired,
        })
    }

    /// The text form: a summary, then the pairs and the unpaired pages.
    pub fn to_text(&self) -> String {
        let mut s = format!("layout: {}\n", self.layout);
        s.push_str(&format!("languages: {}\n", self.languages.join(", ")));
        let per: Vec<String> = self
            .per_language()
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        s.push_str(&format!("pages: {}\n", per.join(", ")));
        s.push_str(&format!("pairs: {}\n", self.pairs.len()));
        for (a, b) in &self.pairs {
            s.push_str(&format!("  {a} -> {b}\n"));
        }
        s.push_str(&format!("unpaired: {}\n", self.unpaired.len()));
        for p in &self.unpaired {
            s.push_str(&format!("  {p}\n"));
        }
        s
    }
}
