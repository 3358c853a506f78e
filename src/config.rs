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

use crate::diagnostic::{id_matches, RuleMeta, Severity};

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
    packs: Vec<Spanned<String>>,
    #[serde(default)]
    schemas: Option<Vec<RawSchemaMapping>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSchemaMapping {
    paths: Vec<String>,
    schema: Spanned<String>,
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
    /// Where each selector is written (`file:line:column`), in the order of `entries`.
    written_at: Vec<String>,
}

impl RuleSettings {
    fn level(&self, rule: &str) -> Option<Level> {
        // A full id beats a family; within the same specificity the later entry wins.
        let mut best: Option<(bool, Level)> = None;
        for (sel, level, _) in &self.entries {
            if let Some(level) = level {
                if id_matches(sel, rule) {
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
            if id_matches(sel, rule) {
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
    /// The directory every path the configuration names must stay inside (see
    /// [`repository_root`] and [`confine`]).
    pub root: PathBuf,
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
    /// Whether the command line lets `allow-private` take effect (`--allow-private` or
    /// `CONTENTLINT_ALLOW_PRIVATE=1`); off by default, so that the configuration of a pull
    /// request cannot make CI probe internal hosts by itself.
    pub allow_private: bool,
    /// Where the configuration sets `allow-private: true` (`file:line:column`), if it does.
    pub asks_allow_private: Option<String>,
    settings: RuleSettings,
    overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            base: PathBuf::from("."),
            root: PathBuf::from("."),
            include: None,
            exclude: None,
            extensions: vec!["md".into(), "markdown".into(), "mdx".into()],
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            languages: LanguagesConfig::default(),
            packs: Vec::new(),
            schemas: None,
            remote: false,
            allow_private: false,
            asks_allow_private: None,
            settings: RuleSettings::default(),
            overrides: Vec::new(),
        }
    }
}

impl Config {
    /// Find the config file for `start` (a file or directory), walking up.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = crate::paths::absolute(start);
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

    /// Every rule selector the configuration writes, with where it is written, for
    /// [`crate::rules::check_selectors`]: the configuration does not know the rules.
    pub fn rule_selectors(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::once(&self.settings)
            .chain(self.overrides.iter().map(|o| &o.settings))
            .flat_map(|s| {
                s.entries
                    .iter()
                    .zip(&s.written_at)
                    .map(|((sel, _, _), at)| (sel.as_str(), at.as_str()))
            })
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
        let root = repository_root(base);
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            base: base.to_path_buf(),
            root: root.clone(),
            ..Config::default()
        };
        let inside = |key: &str, written: &str, loc: &serde_saphyr::Location| {
            confine(&root, base, written)
                .map_err(|why| ConfigError(format!("{}: `{key}`: {why}", at(loc))))
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
        for p in &raw.packs {
            cfg.packs.push(inside("packs", &p.value, &p.referenced)?);
        }
        cfg.settings = rule_settings(&raw.rules, &at)?;
        if let Some(mappings) = &raw.schemas {
            let mut out = Vec::new();
            for m in mappings {
                out.push(schema_mapping(m, path, &|written: &str| {
                    inside("schemas: schema", written, &m.schema.referenced)
                })?);
            }
            cfg.schemas = Some(out);
        }
        rule_paths(&raw.rules, "rules", &root, base, &at)?;
        cfg.asks_allow_private = asks_allow_private(&raw.rules, &at);
        for o in &raw.overrides {
            let paths = globs(&o.paths)
                .map_err(|e| ConfigError(format!("{}: override `paths`: {e}", path.display())))?
                .unwrap_or_else(GlobSet::empty);
            rule_paths(&o.rules, "overrides: rules", &root, base, &at)?;
            if cfg.asks_allow_private.is_none() {
                cfg.asks_allow_private = asks_allow_private(&o.rules, &at);
            }
            cfg.overrides.push(Override {
                paths,
                settings: rule_settings(&o.rules, &at)?,
            });
        }
        Ok(cfg)
    }

    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let abs = crate::paths::absolute(path);
        let base = crate::paths::absolute(&self.base);
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
    pub fn level(&self, rule: &'static RuleMeta, path: &Path) -> Level {
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

/// A schema mapping as written; `inside` resolves a schema file's path and checks that it
/// stays inside the repository.
fn schema_mapping(
    m: &RawSchemaMapping,
    path: &Path,
    inside: &dyn Fn(&str) -> Result<PathBuf, ConfigError>,
) -> Result<SchemaMapping, ConfigError> {
    let paths = globs(&m.paths)
        .map_err(|e| ConfigError(format!("{}: schema `paths`: {e}", path.display())))?
        .unwrap_or_else(GlobSet::empty);
    let schema = &m.schema.value;
    let text: std::sync::Arc<str> = if let Some(t) = crate::schema::builtin(schema) {
        t.into()
    } else if schema.ends_with(".yaml") || schema.ends_with(".yml") || schema.ends_with(".json") {
        let file = inside(schema)?;
        std::fs::read_to_string(&file)
            .map_err(|e| {
                ConfigError(format!(
                    "{}: schema `{schema}`: cannot read {}: {e}",
                    path.display(),
                    file.display()
                ))
            })?
            .into()
    } else {
        let known = crate::schema::builtin_names();
        let hint = crate::text::did_you_mean(schema, known.iter().copied())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(ConfigError(format!(
            "{}: unknown schema `{}`{hint}; built-in schemas: {}; or give a path ending in .yaml or .json",
            path.display(),
            schema,
            known.join(", ")
        )));
    };
    crate::schema::compile(schema, &text)
        .map_err(|e| ConfigError(format!("{}: schema `{schema}`: {e}", path.display())))?;
    Ok(SchemaMapping {
        paths,
        lang: m.lang.clone(),
        name: schema.clone(),
        text,
    })
}

/// The directory that every path the configuration names must stay inside: the top of the
/// git work tree holding `base` (the configuration file's directory), or `base` itself
/// outside any work tree. Links and `..` are resolved.
///
/// A pull request's check reads the configuration of the branch it checks, so that
/// configuration must not make CI read or write files elsewhere on the machine. The work
/// tree rather than the configuration's own directory, so that a configuration in a
/// subdirectory can still name `../schemas/page.yaml` of the same repository.
pub fn repository_root(base: &Path) -> PathBuf {
    let abs = crate::paths::absolute(base);
    match std::fs::canonicalize(&abs) {
        Ok(real) => crate::git::work_tree(&real).unwrap_or(real),
        Err(_) => abs,
    }
}

/// Resolve `written`, a path the configuration names relative to `base`, and check that it
/// stays inside `root` (see [`repository_root`]): it must be relative, its `..` must not lead
/// out, and neither must a symbolic link on the way (the part that exists is resolved as
/// the system would). The resolved path is returned; use it, not the path as written.
/// The error says why, for a configuration error.
pub fn confine(root: &Path, base: &Path, written: &str) -> Result<PathBuf, String> {
    use std::path::Component;
    let p = Path::new(written);
    if p.has_root() || p.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(format!(
            "`{written}` is an absolute path; paths in the configuration are relative to its directory and must stay inside the repository ({})",
            root.display()
        ));
    }
    let root_real = std::fs::canonicalize(root).unwrap_or_else(|_| crate::paths::absolute(root));
    let abs_base = crate::paths::absolute(base);
    let base_real = std::fs::canonicalize(&abs_base).unwrap_or(abs_base);
    // First as written: `..` that climbs out.
    let mut lexical = base_real.clone();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::Normal(n) => lexical.push(n),
            _ => {}
        }
    }
    if !lexical.starts_with(&root_real) {
        return Err(format!(
            "`{written}` leads out of the repository ({}) with `..`; paths in the configuration must stay inside it",
            root_real.display()
        ));
    }
    // Then as the system would resolve it: a link on the way that leads out.
    let mut real = base_real;
    for c in p.components() {
        match c {
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(n) => {
                real.push(n);
                let is_link =
                    std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    let at = real.clone();
                    real = std::fs::canonicalize(&at).map_err(|_| {
                        format!(
                            "`{written}` goes through a broken symbolic link ({})",
                            at.display()
                        )
                    })?;
                    if !real.starts_with(&root_real) {
                        return Err(format!(
                            "`{written}` leads out of the repository ({}) through the symbolic link {} (to {}); paths in the configuration must stay inside it",
                            root_real.display(),
                            at.display(),
                            real.display()
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    if !real.starts_with(&root_real) {
        return Err(format!(
            "`{written}` leads out of the repository ({}); paths in the configuration must stay inside it",
            root_real.display()
        ));
    }
    Ok(real)
}

/// Check the path-valued rule options of `raw` (under `key`): `cache-file` (of
/// `image/remote`, relative to the configuration file) must stay inside the repository;
/// `roots` (of the `image` rules, relative to the site root, which is known only per page)
/// must be relative and must not climb with `..`.
fn rule_paths(
    raw: &BTreeMap<String, Spanned<serde_json::Value>>,
    key: &str,
    root: &Path,
    base: &Path,
    at: &dyn Fn(&serde_saphyr::Location) -> String,
) -> Result<(), ConfigError> {
    for (sel, value) in raw {
        let serde_json::Value::Object(opts) = &value.value else {
            continue;
        };
        if let Some(serde_json::Value::String(file)) = opts.get("cache-file") {
            confine(root, base, file).map_err(|why| {
                ConfigError(format!(
                    "{}: `{key}: {sel}: cache-file`: {why}",
                    at(&value.referenced)
                ))
            })?;
        }
        if let Some(serde_json::Value::Array(roots)) = opts.get("roots") {
            for r in roots.iter().filter_map(|r| r.as_str()) {
                let p = Path::new(r);
                let absolute = p.has_root()
                    || p.components()
                        .any(|c| matches!(c, std::path::Component::Prefix(_)));
                let climbs = p.components().any(|c| c == std::path::Component::ParentDir);
                if absolute || climbs {
                    return Err(ConfigError(format!(
                        "{}: `{key}: {sel}: roots`: `{r}` {}; a root is a directory of the site, relative to the site's root, and must stay inside it",
                        at(&value.referenced),
                        if absolute { "is an absolute path" } else { "climbs with `..`" }
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Where `raw` sets `allow-private: true`, if it does.
fn asks_allow_private(
    raw: &BTreeMap<String, Spanned<serde_json::Value>>,
    at: &dyn Fn(&serde_saphyr::Location) -> String,
) -> Option<String> {
    raw.values().find_map(|value| match &value.value {
        serde_json::Value::Object(opts)
            if opts.get("allow-private") == Some(&serde_json::Value::Bool(true)) =>
        {
            Some(at(&value.referenced))
        }
        _ => None,
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
    for (sel, value) in raw {
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
        settings.written_at.push(at(&value.referenced));
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
            if let Some(s) = crate::text::did_you_mean(field, cands) {
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
        // Selectors are checked against the rules by `rules::check_selectors`; the
        // configuration keeps where each is written.
        let cfg = parse("rules:\n  schema/no-front-mater: off\n").unwrap();
        let sels: Vec<_> = cfg.rule_selectors().collect();
        assert_eq!(sels.len(), 1, "{sels:?}");
        assert_eq!(sels[0].0, "schema/no-front-mater");
        assert!(sels[0].1.starts_with("contentlint.yaml:2:"), "{sels:?}");
        let e = parse("rules:\n  schema: loud\n").unwrap_err().0;
        assert!(e.contains("level must be"), "{e}");
    }

    #[test]
    fn confine_keeps_paths_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        let sub = root.join("lint");
        std::fs::create_dir_all(sub.join("x")).unwrap();
        // Existing or not, through `..` that stays inside: resolved.
        assert_eq!(
            confine(&root, &sub, "../schemas/a.yaml").unwrap(),
            root.join("schemas/a.yaml")
        );
        assert_eq!(
            confine(&root, &sub, "./x/../b/c.json").unwrap(),
            sub.join("b/c.json")
        );
        let e = confine(&root, &sub, "/etc/passwd").unwrap_err();
        assert!(e.contains("is an absolute path"), "{e}");
        let e = confine(&root, &sub, "../../etc").unwrap_err();
        assert!(e.contains("with `..`"), "{e}");
        let e = confine(&root, &sub, "x/../../..").unwrap_err();
        assert!(e.contains("with `..`"), "{e}");
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), sub.join("out")).unwrap();
            let e = confine(&root, &sub, "out/new/file.json").unwrap_err();
            assert!(e.contains("through the symbolic link"), "{e}");
            std::os::unix::fs::symlink(root.join("gone"), sub.join("dangling")).unwrap();
            let e = confine(&root, &sub, "dangling/a").unwrap_err();
            assert!(e.contains("broken symbolic link"), "{e}");
            std::os::unix::fs::symlink(&root, sub.join("up")).unwrap();
            assert_eq!(confine(&root, &sub, "up/lint/x").unwrap(), sub.join("x"));
        }
    }

    #[test]
    fn the_repository_is_the_work_tree_or_the_config_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(tmp.path()).unwrap();
        let sub = top.join("site/lint");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(repository_root(&sub), sub);
        std::fs::create_dir_all(top.join(".git")).unwrap();
        assert_eq!(repository_root(&sub), top);
    }

    #[test]
    fn allow_private_is_noted_and_paths_are_checked_on_load() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("contentlint.yaml");
        let load = |text: &str| Config::parse(text, &path, tmp.path());
        let c = load("rules:\n  image/remote:\n    allow-private: true\n").unwrap();
        assert!(!c.allow_private);
        let at = c.asks_allow_private.unwrap();
        assert!(at.contains("contentlint.yaml:3:"), "{at}");
        let c = load("overrides:\n  - paths: ['a/**']\n    rules:\n      image:\n        allow-private: true\n").unwrap();
        assert!(c.asks_allow_private.is_some());
        assert!(load("rules:\n  image/remote:\n    allow-private: false\n")
            .unwrap()
            .asks_allow_private
            .is_none());
        let e = load("packs: [a, ../b]\n").unwrap_err().0;
        assert!(
            e.contains("contentlint.yaml:1:") && e.contains("`packs`"),
            "{e}"
        );
        let e = load("rules:\n  image/remote:\n    cache-file: /tmp/c.json\n")
            .unwrap_err()
            .0;
        assert!(e.contains("`rules: image/remote: cache-file`"), "{e}");
        let c = load("packs: [rules]\nrules:\n  image:\n    roots: [assets/img]\n    cache-file: .cache/c.json\n").unwrap();
        assert_eq!(
            c.packs,
            vec![std::fs::canonicalize(tmp.path()).unwrap().join("rules")]
        );
    }

    #[test]
    fn levels_families_and_overrides() {
        let c = parse(
            "rules:\n  schema: warning\n  schema/unclosed: off\noverrides:\n  - paths: ['drafts/**']\n    rules:\n      schema: off\n",
        )
        .unwrap();
        let syntax = crate::rules::find("schema/syntax").unwrap();
        let unclosed = crate::rules::find("schema/unclosed").unwrap();
        assert_eq!(
            c.level(syntax, Path::new("/site/a.md")),
            Level::On(Severity::Warning)
        );
        assert_eq!(c.level(unclosed, Path::new("/site/a.md")), Level::Off);
        assert_eq!(c.level(syntax, Path::new("/site/drafts/a.md")), Level::Off);
    }
}
