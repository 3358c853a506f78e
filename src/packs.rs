//! Rule packs: the data under `rules/` (embedded at build time) plus a site's own packs.
//!
//! A pack is a YAML file whose top-level `rule:` names the code rule that reads it (for
//! schemas, the `schema/*` family). Packs are parsed lazily, once per run, by the rule that
//! needs them, so that checking one file in a pre-commit hook pays only for what it uses.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
}

/// One pack file.
#[derive(Clone, Debug)]
pub struct PackFile {
    /// Its name: the path under `rules/` for built-in packs, the file path for a site's.
    pub name: String,
    /// Its text.
    pub text: Arc<str>,
    /// Whether it comes from a site (its errors are the user's, not ours).
    pub site: bool,
}

impl PackFile {
    /// The value of the top-level `rule:` key, read without parsing the file.
    pub fn rule(&self) -> Option<&str> {
        self.text
            .lines()
            .find_map(|l| l.strip_prefix("rule:"))
            .map(|v| v.trim().trim_matches(['"', '\'']))
    }
}

type Cache = Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>;

/// The packs in force for a run.
#[derive(Default)]
pub struct Packs {
    files: Vec<PackFile>,
    cache: Cache,
}

impl std::fmt::Debug for Packs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packs")
            .field("files", &self.files.len())
            .finish()
    }
}

/// The built-in packs.
pub fn builtin() -> impl Iterator<Item = PackFile> {
    embedded::EMBEDDED.iter().map(|(name, text)| PackFile {
        name: (*name).to_string(),
        text: Arc::from(*text),
        site: false,
    })
}

/// Names (paths under `rules/`) of the built-in packs.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    embedded::EMBEDDED.iter().map(|(name, _)| *name)
}

/// The text of a built-in pack by its path under `rules/`.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    embedded::EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

impl Packs {
    /// Built-in packs plus every `*.yaml` under the given directories.
    pub fn load(extra_dirs: &[PathBuf]) -> Result<Packs, String> {
        let mut files: Vec<PackFile> = builtin().collect();
        for dir in extra_dirs {
            let mut found = Vec::new();
            collect(dir, &mut found)
                .map_err(|e| format!("{}: cannot read rule packs: {e}", dir.display()))?;
            found.sort();
            for p in found {
                let text =
                    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                files.push(PackFile {
                    name: p.display().to_string(),
                    text: Arc::from(text),
                    site: true,
                });
            }
        }
        Ok(Packs {
            files,
            cache: Cache::default(),
        })
    }

    /// Built-in packs only.
    pub fn builtin_only() -> Packs {
        Packs {
            files: builtin().collect(),
            cache: Cache::default(),
        }
    }

    /// Pack files whose `rule:` is `rule` (or in its family, for a family name).
    pub fn for_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a PackFile> + 'a {
        self.files.iter().filter(move |f| {
            f.rule()
                .is_some_and(|r| crate::rules::id_matches(rule, r) || r == rule)
        })
    }

    /// Pack files whose name starts with `prefix` (e.g. `schemas/`).
    pub fn named<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a PackFile> + 'a {
        self.files
            .iter()
            .filter(move |f| f.name.starts_with(prefix))
    }

    /// Parse something from the packs once per run and share it.
    pub fn get_or_parse<T, F>(&self, key: &'static str, parse: F) -> Arc<T>
    where
        T: Any + Send + Sync,
        F: FnOnce(&Packs) -> T,
    {
        if let Some(v) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
        {
            if let Ok(t) = Arc::clone(v).downcast::<T>() {
                return t;
            }
        }
        let value = Arc::new(parse(self));
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&value) as Arc<dyn Any + Send + Sync>);
        value
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
    Ok(())
}
