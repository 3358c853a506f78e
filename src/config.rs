//! `contentlint.yaml`: what to check and how strictly.
//!
//! The file is found upward from the first checked path (`contentlint.yaml` or
//! `.contentlint.yaml`), or named with `--config`. Unknown keys and bad values are errors
//! that name the file, line and key, with a did-you-mean, because a typo in a config must
//! never silently switch a check off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::Severity;
use crate::rules;

/// Names looked for, in order, in each directory.
pub const FILE_NAMES: &[&str] = &[
    "contentlint.yaml",
    ".contentlint.yaml",
    "contentlint.yml",
    ".contentlint.yml",
];

/// Default size limit for one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// A configuration problem, already worded for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The configuration file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    extensions: Option<Vec<String>>,
    #[serde(default)]
    max_file_size: Option<u64>,
    #[serde(default)]
    languages: LanguagesConfig,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<serde_json::Value>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    packs: Vec<String>,
    #[serde(default)]
    schemas: Option<Vec<RawSchemaMapping>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSchemaMapping {
    paths: Vec<String>,
    schema: String,
    #[serde(default)]
    lang: Option<String>,
}

/// Which front-matter schema applies to which files.
#[derive(Debug, Clone)]
pub struct SchemaMapping {
    /// Files it applies to (relative to the config file).
    pub paths: GlobSet,
    /// Only pages in this language, when set.
    pub lang: Option<String>,
    /// The schema's name: a built-in (`session`) or the path as written.
    pub name: String,
    /// The schema's text (YAML or JSON).
    pub text: std::sync::Arc<str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<serde_json::Value>>,
}

/// Language conventions that override what is inferred from the site.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LanguagesConfig {
    /// The language of pages whose language nothing else tells.
    #[serde(default)]
    pub default: Option<String>,
    /// The language originals are written in (for pair checks).
    #[serde(default)]
    pub source: Option<String>,
}

/// Options for one rule (rule-specific keys, validated by the rule).
pub type RuleOptions = serde_json::Map<String, serde_json::Value>;

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Not run.
    Off,
    /// Run at this severity.
    On(Severity),
}

#[derive(Debug, Clone, Default)]
struct RuleSettings {
    /// (selector, level, options), later entries win.
    entries: Vec<(String, Option<Level>, RuleOptions)>,
}

impl RuleSettings {
    fn level(&self, rule: &str) -> Option<Level> {
        // A full id beats a family; within the same specificity the later entry wins.
        let mut best: Option<(bool, Level)> = None;
        for (sel, level, _) in &self.entries {
            if let Some(level) = level {
                if rules::id_matches(sel, rule) {
                    let exact = sel == rule;
                    if best.is_none_or(|(e, _)| exact || !e) {
                        best = Some((exact, *level));
                    }
                }
            }
        }
        best.map(|(_, l)| l)
    }

    fn options_into(&self, rule: &str, into: &mut RuleOptions) {
        for (sel, _, opts) in &self.entries {
            if rules::id_matches(sel, rule) {
                into.extend(opts.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
}

/// Per-path rule settings.
#[derive(Debug, Clone)]
struct Override {
    paths: GlobSet,
    settings: RuleSettings,
}

/// The configuration in force for a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// The directory globs are relative to.
    pub base: PathBuf,
    /// Only files matching one of these are checked (when not empty).
    pub include: Option<GlobSet>,
    /// Files matching one of these are skipped when walking.
    pub exclude: Option<GlobSet>,
    /// Extensions of content files found by walking.
    pub extensions: Vec<String>,
    /// Size limit for one file, in bytes.
    pub max_file_size: u64,
    /// Language conventions.
    pub languages: LanguagesConfig,
    /// Extra rule-pack directories.
    pub packs: Vec<PathBuf>,
    /// Front-matter schemas by path; `None` means the built-in choice by content section.
    pub schemas: Option<Vec<SchemaMapping>>,
    /// Whether checks may use the network (`--remote`; off by default).
    pub remote: bool,
    settings: RuleSettings,
    overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            base: PathBuf::from("."),
            include: None,
            exclude: None,
            extensions: vec!["md".into(), "markdown".into()],
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            languages: LanguagesConfig::default(),
            packs: Vec::new(),
            schemas: None,
            remote: false,
            settings: RuleSettings::default(),
            overrides: Vec::new(),
        }
    }
}

impl Config {
    /// Find the config file for `start` (a file or directory), walking up.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = crate::site::absolute(start);
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            for n in FILE_NAMES {
                let p = d.join(n);
                if p.is_file() {
                    return Some(p);
                }
            }
            dir = d.parent();
        }
        None
    }

    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: cannot read: {e}", path.display())))?;
        let base = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Config::parse(&text, path, &base)
    }

    /// Parse config text; `path` is used in messages, `base` anchors globs.
    pub fn parse(text: &str, path: &Path, base: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_saphyr::from_str(text)
                .map_err(|e| ConfigError(config_error_message(path, &e.to_string())))?
        };
        let at = |loc: &serde_saphyr::Location| {
            format!("{}:{}:{}", path.display(), loc.line(), loc.column())
        };
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            base: base.to_path_buf(),
            ..Config::default()
        };
        cfg.include = globs(&raw.include)
            .map_err(|e| ConfigError(format!("{}: `include`: {e}", path.display())))?;
        cfg.exclude = globs(&raw.exclude)
            .map_err(|e| ConfigError(format!("{}: `exclude`: {e}", path.display())))?;
        if let Some(ext) = raw.extensions {
            cfg.extensions = ext
                .into_iter()
                .map(|e| e.trim_start_matches('.').to_string())
                .collect();
        }
        cfg.max_file_size = raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
        cfg.languages = raw.languages;
        cfg.packs = raw.packs.iter().map(|p| base.join(p)).collect();
        cfg.settings = rule_settings(&raw.rules, &at)?;
        if let Some(mappings) = &raw.schemas {
            let mut out = Vec::new();
            for m in mappings {
                out.push(schema_mapping(m, path, base)?);
            }
            cfg.schemas = Some(out);
        }
        for o in &raw.overrides {
            let paths = globs(&o.paths)
                .map_err(|e| ConfigError(format!("{}: override `paths`: {e}", path.display())))?
                .unwrap_or_else(GlobSet::empty);
            cfg.overrides.push(Override {
                paths,
                settings: rule_settings(&o.rules, &at)?,
            });
        }
        Ok(cfg)
    }

    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let abs = crate::site::absolute(path);
        let base = crate::site::absolute(&self.base);
        match abs.strip_prefix(&base) {
            Ok(r) => std::borrow::Cow::Owned(r.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether `path` matches `globs` (which are relative to the config file).
    pub fn matches(&self, globs: &GlobSet, path: &Path) -> bool {
        globs.is_match(&*self.relative(path))
    }

    /// Whether a walked file passes the include/exclude globs.
    pub fn wants(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&*rel)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(&*rel))
    }

    /// The level of `rule` for the file at `path`, before command-line selection.
    pub fn level(&self, rule: &'static rules::RuleMeta, path: &Path) -> Level {
        let mut level = self.settings.level(rule.id);
        if !self.overrides.is_empty() {
            let rel = self.relative(path);
            for o in self.overrides.iter().filter(|o| o.paths.is_match(&*rel)) {
                if let Some(l) = o.settings.level(rule.id) {
                    level = Some(l);
                }
            }
        }
        level.unwrap_or(Level::On(rule.severity))
    }

    /// The options of `rule` for the file at `path`.
    pub fn options(&self, rule: &str, path: &Path) -> RuleOptions {
        let mut opts = RuleOptions::new();
        self.settings.options_into(rule, &mut opts);
        if !self.overrides.is_empty() {
            let rel = self.relative(path);
            for o in self.overrides.iter().filter(|o| o.paths.is_match(&*rel)) {
                o.settings.options_into(rule, &mut opts);
            }
        }
        opts
    }
}

fn schema_mapping(
    m: &RawSchemaMapping,
    path: &Path,
    base: &Path,
) -> Result<SchemaMapping, ConfigError> {
    let paths = globs(&m.paths)
        .map_err(|e| ConfigError(format!("{}: schema `paths`: {e}", path.display())))?
        .unwrap_or_else(GlobSet::empty);
    let text: std::sync::Arc<str> = if let Some(t) = crate::schema::builtin(&m.schema) {
        t.into()
    } else if m.schema.ends_with(".yaml")
        || m.schema.ends_with(".yml")
        || m.schema.ends_with(".json")
    {
        let file = base.join(&m.schema);
        std::fs::read_to_string(&file)
            .map_err(|e| {
                ConfigError(format!(
                    "{}: schema `{}`: cannot read {}: {e}",
                    path.display(),
                    m.schema,
                    file.display()
                ))
            })?
            .into()
    } else {
        let known = crate::schema::builtin_names();
        let hint = rules::did_you_mean(&m.schema, known.iter().copied())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(ConfigError(format!(
            "{}: unknown schema `{}`{hint}; built-in schemas: {}; or give a path ending in .yaml or .json",
            path.display(),
            m.schema,
            known.join(", ")
        )));
    };
    crate::schema::compile(&m.schema, &text)
        .map_err(|e| ConfigError(format!("{}: schema `{}`: {e}", path.display(), m.schema)))?;
    Ok(SchemaMapping {
        paths,
        lang: m.lang.clone(),
        name: m.schema.clone(),
        text,
    })
}

fn globs(patterns: &[String]) -> Result<Option<GlobSet>, globset::Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p)?);
    }
    b.build().map(Some)
}

fn parse_level(v: &serde_json::Value) -> Option<Level> {
    match v {
        serde_json::Value::Bool(false) => Some(Level::Off),
        serde_json::Value::String(s) => match s.as_str() {
            "off" => Some(Level::Off),
            "info" => Some(Level::On(Severity::Info)),
            "warning" | "warn" => Some(Level::On(Severity::Warning)),
            "error" => Some(Level::On(Severity::Error)),
            _ => None,
        },
        _ => None,
    }
}

fn rule_settings(
    raw: &BTreeMap<String, Spanned<serde_json::Value>>,
    at: &dyn Fn(&serde_saphyr::Location) -> String,
) -> Result<RuleSettings, ConfigError> {
    let mut settings = RuleSettings::default();
    let ids: Vec<&str> = rules::all_meta().iter().map(|m| m.id).collect();
    for (sel, value) in raw {
        if !rules::selector_is_known(sel) {
            let hint = rules::did_you_mean(sel, ids.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| "; `contentlint rules` lists them".into());
            return Err(ConfigError(format!(
                "{}: unknown rule or family `{sel}` under `rules`{hint}",
                at(&value.referenced)
            )));
        }
        let bad_level = || {
            ConfigError(format!(
                "{}: `{sel}`: the level must be `off`, `info`, `warning` or `error`, or a mapping with `severity` and options",
                at(&value.referenced)
            ))
        };
        let (level, options) = match &value.value {
            serde_json::Value::Object(map) => {
                let mut options = map.clone();
                let level = match options.remove("severity") {
                    Some(v) => Some(parse_level(&v).ok_or_else(bad_level)?),
                    None => None,
                };
                (level, options)
            }
            v => (
                Some(parse_level(v).ok_or_else(bad_level)?),
                RuleOptions::new(),
            ),
        };
        settings.entries.push((sel.clone(), level, options));
    }
    Ok(settings)
}

/// Reword a serde error: add the file and a did-you-mean for unknown keys.
fn config_error_message(path: &Path, raw: &str) -> String {
    let first = raw
        .lines()
        .next()
        .unwrap_or(raw)
        .trim_start_matches("error: ");
    let mut msg = format!("{}: {first}", path.display());
    if let Some(rest) = first.split("unknown field `").nth(1) {
        if let Some((field, expected)) = rest.split_once('`') {
            let expected = expected
                .split("expected one of")
                .nth(1)
                .or_else(|| expected.split("expected").nth(1))
                .unwrap_or("");
            let cands: Vec<&str> = expected
                .split(',')
                .map(|s| s.trim().trim_matches('`'))
                .filter(|s| !s.is_empty())
                .collect();
            if let Some(s) = rules::did_you_mean(field, cands) {
                msg.push_str(&format!("; did you mean `{s}`?"));
            }
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("contentlint.yaml"), Path::new("/site"))
    }

    #[test]
    fn unknown_keys_name_line_and_suggest() {
        let e = parse("include: [a]\nexlude: [b]\n").unwrap_err().0;
        assert!(e.contains("contentlint.yaml"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("did you mean `exclude`"), "{e}");
        let e = parse("rules:\n  schema/no-front-mater: off\n")
            .unwrap_err()
            .0;
        assert!(e.contains("contentlint.yaml:2:"), "{e}");
        assert!(e.contains("did you mean `schema/no-front-matter`"), "{e}");
        let e = parse("rules:\n  schema: loud\n").unwrap_err().0;
        assert!(e.contains("level must be"), "{e}");
    }

    #[test]
    fn levels_families_and_overrides() {
        let c = parse(
            "rules:\n  schema: warning\n  schema/unclosed: off\noverrides:\n  - paths: ['drafts/**']\n    rules:\n      schema: off\n",
        )
        .unwrap();
        let syntax = rules::find("schema/syntax").unwrap();
        let unclosed = rules::find("schema/unclosed").unwrap();
        assert_eq!(
            c.level(syntax, Path::new("/site/a.md")),
            Level::On(Severity::Warning)
        );
        assert_eq!(c.level(unclosed, Path::new("/site/a.md")), Level::Off);
        assert_eq!(c.level(syntax, Path::new("/site/drafts/a.md")), Level::Off);
    }
}
