//! `contentlint init`: infer a schema per content section from an existing Hugo site and
//! write a starting `contentlint.yaml`.
//!
//! For each section with enough pages, every top-level front-matter key is described from
//! what the pages hold: keys present in nearly all pages are required, the usual type is
//! kept, values that read as dates become `format: hugo-date`, values that name pages of
//! another section become references, and short vocabularies become enums. The result is a
//! starting point for a maintainer to accept or tighten, so the report says what was
//! inferred and how many findings the new configuration gives today.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};

use crate::check::{self, CheckOptions};
use crate::config::{Config, FILE_NAMES};
use crate::document::front_matter::{Node, Value};
use crate::document::{read_source, Document};
use crate::schema::{self, date};
use crate::site::{is_site_root, Site};

/// Share of pages a key must appear in to be required.
const REQUIRED_SHARE: f64 = 0.95;
/// Sections with fewer pages get no schema (too little to infer from).
const MIN_PAGES: usize = 3;
/// Where the inferred schemas go, relative to the site root.
pub const SCHEMA_DIR: &str = ".contentlint/schemas";

/// What `init` did.
#[derive(Debug)]
pub struct InitReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Human summary.
    pub summary: String,
}

/// What the pages of one section hold under one key.
#[derive(Debug, Default)]
struct KeyStats {
    present: usize,
    types: BTreeMap<&'static str, usize>,
    strings: Vec<String>,
}

/// One inferred property.
#[derive(Debug)]
struct Property {
    key: String,
    present: usize,
    required: bool,
    json_type: &'static str,
    date: bool,
    reference: Option<String>,
    enumeration: Option<Vec<String>>,
    examples: Vec<String>,
}

/// Infer schemas for the site at `dir` and write them with a `contentlint.yaml`.
pub fn run(dir: &Path, force: bool) -> anyhow::Result<InitReport> {
    let dir = crate::paths::absolute(dir);
    if !is_site_root(&dir) {
        bail!(
            "{} has no Hugo config (hugo.toml, config.toml, …); run `contentlint init` in the site's root",
            dir.display()
        );
    }
    if let Some(existing) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.exists()) {
        if !force {
            bail!(
                "{} already exists; pass --force to replace it",
                existing.display()
            );
        }
    }
    let site = Site::load(&dir);
    let pages = load_pages(&site)?;
    let mut by_section: BTreeMap<String, Vec<&Node>> = BTreeMap::new();
    for (path, doc) in &pages {
        let Some(section) = site.section(path) else {
            continue;
        };
        if let Some(root) = doc.front_matter.as_ref().and_then(|f| f.root.as_ref()) {
            if matches!(root.value, Value::Map(_)) {
                by_section.entry(section).or_default().push(root);
            }
        }
    }
    let sections: BTreeSet<String> = by_section.keys().cloned().collect();
    let names: BTreeMap<&str, BTreeSet<String>> = sections
        .iter()
        .map(|s| (s.as_str(), schema::section_names(&site, s)))
        .collect();

    let mut summary = String::new();
    let mut config = String::from(
        "# Written by `contentlint init` from the pages of this site: a starting point.\n\
         # Each schema below was inferred from one content section; tighten or relax it,\n\
         # then commit it with this file. `contentlint explain schema/required` tells more.\n\
         schemas:\n",
    );
    let mut written = Vec::new();
    let schema_dir = dir.join(SCHEMA_DIR);
    for (section, roots) in &by_section {
        if roots.len() < MIN_PAGES {
            let _ = writeln!(
                summary,
                "{section}: {} page(s), too few to infer a schema from; skipped",
                roots.len()
            );
            continue;
        }
        let props = infer(section, roots, &names);
        let text = schema_yaml(section, roots.len(), &props);
        schema::compile(section, &text).map_err(|e| {
            anyhow::anyhow!("inferred schema for `{section}` does not compile: {e}")
        })?;
        std::fs::create_dir_all(&schema_dir)
            .with_context(|| format!("cannot create {}", schema_dir.display()))?;
        let file = schema_dir.join(format!("{section}.yaml"));
        write_new(&file, &text, force)?;
        written.push(file);
        let globs: Vec<String> = site
            .content_dirs()
            .filter_map(|d| d.strip_prefix(&dir).ok())
            .map(|rel| {
                let rel = rel.to_string_lossy().replace('\\', "/");
                format!("\"{rel}/{section}/**\"")
            })
            .collect();
        let _ = write!(
            config,
            "  - paths: [{}]\n    schema: {SCHEMA_DIR}/{section}.yaml\n",
            globs.join(", ")
        );
        describe(&mut summary, section, roots.len(), &props);
    }
    if written.is_empty() {
        bail!(
            "found no content section with at least {MIN_PAGES} pages with front matter under {}",
            dir.display()
        );
    }
    let config_path = dir.join(FILE_NAMES[0]);
    write_new(&config_path, &config, force)?;
    written.push(config_path.clone());

    // What the new configuration reports today.
    let cfg = Config::load(&config_path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let report = check::run(
        &CheckOptions {
            paths: vec![dir.clone()],
            select: vec!["schema".into()],
            ..CheckOptions::default()
        },
        &cfg,
    );
    let mut per_rule: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in &report.diagnostics {
        per_rule
            .entry(d.rule.id)
            .or_default()
            .insert(d.file.display.as_str());
    }
    let _ = writeln!(
        summary,
        "\nwith this configuration, `contentlint check --select schema` on {} files finds:",
        report.files_checked
    );
    if per_rule.is_empty() {
        summary.push_str("  nothing\n");
    }
    for (rule, files) in &per_rule {
        let _ = writeln!(summary, "  {rule}: {} page(s)", files.len());
    }
    let _ = writeln!(
        summary,
        "\nwrote {}",
        written
            .iter()
            .map(|p| crate::paths::display_path(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(InitReport { written, summary })
}

fn load_pages(site: &Site) -> anyhow::Result<Vec<(PathBuf, Document)>> {
    let dirs: Vec<PathBuf> = site.content_dirs().map(Path::to_path_buf).collect();
    let files = crate::walk::collect(&dirs, &Config::default(), 2).files;
    let mut out = Vec::new();
    for f in files {
        if let Ok(src) = read_source(&f.path, &f.display, crate::config::DEFAULT_MAX_FILE_SIZE) {
            out.push((f.path.clone(), Document::parse(Arc::new(src), None)));
        }
    }
    Ok(out)
}

fn json_type(node: &Node) -> &'static str {
    match node.value {
        Value::Null | Value::Alias => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(_) => "number",
        Value::String(_) | Value::Datetime(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

fn infer(
    section: &str,
    roots: &[&Node],
    names: &BTreeMap<&str, BTreeSet<String>>,
) -> Vec<Property> {
    let mut stats: BTreeMap<&str, KeyStats> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for root in roots {
        let Value::Map(entries) = &root.value else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for e in entries {
            if !seen.insert(e.key.as_str()) {
                continue;
            }
            if !stats.contains_key(e.key.as_str()) {
                order.push(&e.key);
            }
            let s = stats.entry(&e.key).or_default();
            s.present += 1;
            *s.types.entry(json_type(&e.value)).or_default() += 1;
            if let Some(v) = e.value.as_str() {
                if !v.trim().is_empty() {
                    s.strings.push(v.to_string());
                }
            }
        }
    }
    let total = roots.len();
    order
        .into_iter()
        .map(|key| {
            let s = &stats[key];
            let json_type = s
                .types
                .iter()
                .filter(|(t, _)| **t != "null")
                .max_by_key(|(_, n)| **n)
                .map_or("string", |(t, _)| *t);
            let strings = &s.strings;
            let distinct: BTreeSet<&str> = strings.iter().map(String::as_str).collect();
            let mostly = |n: usize| !strings.is_empty() && n * 10 >= strings.len() * 9;
            let date = json_type == "string"
                && (schema::HUGO_DATE_KEYS.contains(&key.to_ascii_lowercase().as_str())
                    || mostly(
                        strings
                            .iter()
                            .filter(|v| {
                                v.starts_with(|c: char| c.is_ascii_digit())
                                    && date::parse(v).is_ok()
                            })
                            .count(),
                    ));
            let reference = (!date && json_type == "string" && distinct.len() >= 2)
                .then(|| {
                    names
                        .iter()
                        .filter(|(s, n)| **s != section && !n.is_empty())
                        .find(|(_, n)| {
                            mostly(strings.iter().filter(|v| n.contains(v.as_str())).count())
                        })
                        .map(|(s, _)| s.to_string())
                })
                .flatten();
            let enumeration = (!date
                && reference.is_none()
                && json_type == "string"
                && strings.len() >= 6
                && distinct.len() <= 12
                && distinct.len() * 3 <= strings.len())
            .then(|| distinct.iter().map(|s| s.to_string()).collect());
            let examples = distinct.iter().take(2).map(|s| s.to_string()).collect();
            Property {
                key: key.to_string(),
                present: s.present,
                required: s.present as f64 >= total as f64 * REQUIRED_SHARE,
                json_type,
                date,
                reference,
                enumeration,
                examples,
            }
        })
        .collect()
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn schema_yaml(section: &str, pages: usize, props: &[Property]) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Front matter of the pages in content/{section}, inferred by `contentlint init`\n\
         # from {pages} pages. Keys present in at least {}% of them are required.",
        (REQUIRED_SHARE * 100.0) as u32
    );
    y.push_str("$schema: https://json-schema.org/draft/2020-12/schema\n");
    let _ = writeln!(
        y,
        "title: {}",
        quoted(&format!("Pages of content/{section}"))
    );
    y.push_str("type: object\n");
    let required: Vec<String> = props
        .iter()
        .filter(|p| p.required)
        .map(|p| quoted(&p.key))
        .collect();
    let _ = writeln!(y, "required: [{}]", required.join(", "));
    y.push_str("additionalProperties: false\nproperties:\n");
    for p in props {
        let _ = writeln!(y, "  {}:", quoted(&p.key));
        let _ = writeln!(y, "    # in {} of {pages} pages", p.present);
        if let Some(values) = &p.enumeration {
            let vs: Vec<String> = values.iter().map(|v| quoted(v)).collect();
            let _ = writeln!(y, "    enum: [{}]", vs.join(", "));
        } else {
            let _ = writeln!(y, "    type: {}", p.json_type);
        }
        if p.json_type == "string" && p.required && p.enumeration.is_none() {
            y.push_str("    minLength: 1\n");
        }
        if p.date {
            y.push_str("    format: hugo-date\n");
        }
        if let Some(s) = &p.reference {
            let _ = writeln!(y, "    x-reference: {{section: {}}}", quoted(s));
        }
        if !p.examples.is_empty() {
            let ex: Vec<String> = p.examples.iter().map(|v| quoted(v)).collect();
            let _ = writeln!(y, "    examples: [{}]", ex.join(", "));
        }
    }
    y
}

fn describe(out: &mut String, section: &str, pages: usize, props: &[Property]) {
    let list = |f: &dyn Fn(&Property) -> Option<String>| -> String {
        let v: Vec<String> = props.iter().filter_map(f).collect();
        if v.is_empty() {
            "none".into()
        } else {
            v.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "{section}: {pages} pages → {SCHEMA_DIR}/{section}.yaml"
    );
    let _ = writeln!(
        out,
        "  required: {}",
        list(&|p| p.required.then(|| p.key.clone()))
    );
    let _ = writeln!(
        out,
        "  optional: {}",
        list(&|p| (!p.required).then(|| format!("{} ({} pages)", p.key, p.present)))
    );
    let _ = writeln!(out, "  dates: {}", list(&|p| p.date.then(|| p.key.clone())));
    let _ = writeln!(
        out,
        "  references: {}",
        list(&|p| p
            .reference
            .as_ref()
            .map(|s| format!("{} → content/{s}", p.key)))
    );
    let _ = writeln!(
        out,
        "  enums: {}",
        list(&|p| p
            .enumeration
            .as_ref()
            .map(|v| format!("{} [{}]", p.key, v.join(", "))))
    );
}

/// Write `text` to `path` unless it exists (or `force`), through a temporary file.
fn write_new(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        bail!(
            "{} already exists; pass --force to replace it",
            path.display()
        );
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
