//! Rule packs: the data under `rules/` (embedded at build time) plus a site's own packs.
//!
//! A pack is a YAML file whose top-level `rule:` names the code rule that reads it (for
//! schemas, the `schema/*` family). Packs are parsed lazily, once per run, by the rule that
//! needs them, so that checking one file in a pre-commit hook pays only for what it uses.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostic::RuleMeta;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
}

/// One pack file.
#[derive(Clone, Debug)]
pub struct PackFile {
    /// Its name: the path under `rules/` for built-in packs, the file path for a site's
    /// (relative to the working directory when under it, as pages are shown).
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

/// A problem in a rule pack, reported on the pack itself.
#[derive(Clone, Debug)]
pub struct PackError {
    /// The pack.
    pub file: PackFile,
    /// What is wrong.
    pub message: String,
    /// Where, in the pack's text.
    pub span: Span,
    /// Whether the problem leaves out only one value (a word, an entry): the rest of the
    /// pack is used.
    pub part: bool,
}

impl PackFile {
    /// A problem with the pack as a whole, reported at its start.
    pub fn error(&self, message: impl Into<String>) -> PackError {
        PackError {
            file: self.clone(),
            message: message.into(),
            span: Span::empty(0),
            part: false,
        }
    }

    /// A problem with one value of the pack, reported on it (at the pack's start when the
    /// parser could not say where the value is).
    fn error_at(&self, at: &serde_saphyr::Location, message: impl Into<String>) -> PackError {
        PackError {
            span: self.span_of(at).unwrap_or(Span::empty(0)),
            ..self.error(message)
        }
    }

    /// A problem with one value of the pack that leaves out only that value (or the entry it
    /// is in), reported on the value, or on the bytes `within` it when the pack writes the
    /// value as it is (plain, or quoted without escapes).
    pub fn error_in(
        &self,
        value: &serde_saphyr::Spanned<String>,
        within: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
    ) -> PackError {
        let mut e = PackError {
            part: true,
            ..self.error_at(&value.defined, message)
        };
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        let written = &self.text[start..end];
        let quoted = written.len() >= 2
            && (written.starts_with('\'') || written.starts_with('"'))
            && written.get(1..written.len() - 1) == Some(value.value.as_str());
        let inner = if written == value.value {
            Some(start)
        } else {
            quoted.then_some(start + 1)
        };
        if let (Some(inner), Some(r)) = (inner, within) {
            e.span = Span::new(inner + r.start, inner + r.end);
        }
        e
    }

    /// The pack is not YAML, or not in the shape its rule reads: reported where the parser
    /// stopped, with the parser's message without its own snippet.
    pub fn yaml_error(&self, e: &serde_saphyr::Error) -> PackError {
        let raw = e.to_string();
        let first = raw.lines().next().unwrap_or_default();
        let first = first.trim_start_matches("error: ");
        // `line 3 column 12: unclosed bracket`: the span says where.
        let message = match first.split_once(": ") {
            Some((at, rest)) if at.starts_with("line ") && at.contains(" column ") => rest,
            _ => first,
        };
        match e.location() {
            Some(at) => self.error_at(&at, message),
            None => self.error(message),
        }
    }

    /// The bytes of the pack's text that a parser location covers: its byte span when the
    /// parser has one, else the point at its line and column (counted in characters).
    fn span_of(&self, at: &serde_saphyr::Location) -> Option<Span> {
        let text = &*self.text;
        let ok = |i: usize| i <= text.len() && text.is_char_boundary(i);
        let s = at.span();
        if let Some(start) = s.byte_offset().and_then(|b| usize::try_from(b).ok()) {
            let len = s
                .byte_len()
                .and_then(|b| usize::try_from(b).ok())
                .unwrap_or(0);
            let end = start.saturating_add(len);
            return (ok(start) && ok(end)).then(|| Span::new(start, end));
        }
        let line = usize::try_from(at.line().checked_sub(1)?).ok()?;
        let column = usize::try_from(at.column().saturating_sub(1)).ok()?;
        let start = text
            .split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>();
        let rest = text.get(start..)?;
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let at = start
            + rest
                .char_indices()
                .nth(column)
                .map_or(rest.len(), |(i, _)| i);
        Some(Span::empty(at))
    }
}

impl PackError {
    /// The finding of `meta`'s rule for this problem.
    pub fn diagnostic(&self, meta: &'static RuleMeta) -> Diagnostic {
        let file = Arc::new(SourceFile::new(
            self.file.name.clone(),
            self.file.name.clone().into(),
            self.file.text.to_string(),
            false,
        ));
        Diagnostic::new(
            meta,
            &file,
            self.span,
            if self.part {
                format!("rule pack: {}", self.message)
            } else {
                format!("rule pack is invalid: {}", self.message)
            },
        )
        .severity(Severity::Error)
        .help(if self.part {
            "fix it; until then it is left out, and the rest of the pack is used"
        } else {
            "fix the pack; nothing in it is used until it loads"
        })
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
    /// Built-in packs plus every `*.yaml` under the given directories. A symbolic link
    /// under them that leads out of `root` (the repository, see
    /// [`crate::config::repository_root`]) is an error: a pull request's configuration and
    /// files must not make CI read files elsewhere on the machine.
    pub fn load(extra_dirs: &[PathBuf], root: &Path) -> Result<Packs, String> {
        let mut files: Vec<PackFile> = builtin().collect();
        let root_real =
            std::fs::canonicalize(root).unwrap_or_else(|_| crate::paths::absolute(root));
        for dir in extra_dirs {
            let mut found = Vec::new();
            collect(dir, &root_real, &mut found).map_err(|e| match e {
                Collect::Io(e) => format!("{}: cannot read rule packs: {e}", dir.display()),
                Collect::Outside { link, target } => format!(
                    "{}: the symbolic link {} leads out of the repository ({}) to {}; rule packs must stay inside it",
                    dir.display(),
                    link.display(),
                    root_real.display(),
                    target.display()
                ),
            })?;
            found.sort();
            for p in found {
                let text =
                    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                files.push(PackFile {
                    name: crate::paths::display_path(&p),
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
                .is_some_and(|r| crate::diagnostic::id_matches(rule, r) || r == rule)
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

/// Why the pack files of a directory could not be listed.
enum Collect {
    Io(std::io::Error),
    /// A link under the directory leads out of the repository.
    Outside {
        link: PathBuf,
        target: PathBuf,
    },
}

impl From<std::io::Error> for Collect {
    fn from(e: std::io::Error) -> Collect {
        Collect::Io(e)
    }
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) -> Result<(), Collect> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_symlink()) {
            if let Ok(target) = std::fs::canonicalize(&p) {
                if !target.starts_with(root) {
                    return Err(Collect::Outside { link: p, target });
                }
            }
        }
        if p.is_dir() {
            collect(&p, root, out)?;
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        rule: String,
        #[serde(default)]
        words: Vec<String>,
    }

    /// Where and what a pack's YAML error says.
    fn error_of(text: &str) -> (String, usize, usize) {
        let file = PackFile {
            name: "p.yaml".into(),
            text: Arc::from(text),
            site: true,
        };
        let e = serde_saphyr::from_str::<Shape>(text).expect_err("invalid");
        let err = file.yaml_error(&e);
        (err.message, err.span.start as usize, err.span.end as usize)
    }

    #[test]
    fn value_errors_point_inside_the_value_only_when_it_is_written_as_it_is() {
        #[derive(serde::Deserialize)]
        struct One {
            v: serde_saphyr::Spanned<String>,
        }
        let at = |text: &str| {
            let file = PackFile {
                name: "p.yaml".into(),
                text: Arc::from(text),
                site: true,
            };
            let one: One = serde_saphyr::from_str(text).expect("parses");
            // Bytes 2..4 of the value.
            let e = file.error_in(&one.v, Some(2..4), "bad");
            assert!(e.part);
            text[e.span.start as usize..e.span.end as usize].to_string()
        };
        assert_eq!(at("v: ab(cd\n"), "(c");
        assert_eq!(at("v: 'ab(cd'\n"), "(c");
        assert_eq!(at("v: \"ab(cd\"\n"), "(c");
        // An escape makes the text differ from the value: the whole value is shown.
        assert_eq!(at("v: \"a\\tb(cd\"\n"), "\"a\\tb(cd\"");
    }

    #[test]
    fn yaml_errors_point_where_the_parser_stopped() {
        // A syntax error has a line and a column, counted in characters.
        let text = "rule: x\nwords: [é, {a: \n";
        let (msg, start, end) = error_of(text);
        assert_eq!(&text[start..], "{a: \n", "{msg}");
        assert_eq!(start, end);
        assert!(!msg.starts_with("line ") && !msg.contains('\n'), "{msg}");
        // A field the pack does not have: the span is the key.
        let text = "rule: x\nwordz: [a]\n";
        let (msg, start, end) = error_of(text);
        assert_eq!(&text[start..end], "wordz", "{msg}");
        assert!(msg.starts_with("unknown field `wordz`"), "{msg}");
    }
}
