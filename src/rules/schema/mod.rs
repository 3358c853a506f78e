//! The schema rules' shared work: choosing the schema of a page (compiled once per run),
//! validating its front matter, and mapping every violation back to the key or value it is
//! about. The schemas themselves (built-in ones, compiling) are `crate::schema`.

pub(crate) mod date;
pub(crate) mod duplicate_key;
pub(crate) mod no_front_matter;
pub(crate) mod reference;
pub(crate) mod syntax;
pub(crate) mod unclosed;
pub(crate) mod validation;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;
use jsonschema::error::ValidationErrorKind as K;
use jsonschema::paths::LocationSegment;
use serde_json::Value as J;

use crate::diagnostic::{Applicability, Fix};
use crate::document::front_matter::{Entry, Node, Value};
use crate::document::Document;
use crate::rules::Context;
use crate::schema::{
    builtin, builtin_names, collect_pages, compile, quote_like, Schema, HUGO_DATE_KEYS,
};
use crate::source::Span;

/// Per-run state: compiled schemas and the pages of referenced sections.
#[derive(Default)]
struct Cache {
    compiled: Mutex<HashMap<String, Option<Arc<Schema>>>>,
    by_section: OnceLock<Vec<(String, Arc<Schema>)>>,
    sections: Mutex<HashMap<PathBuf, Arc<BTreeSet<String>>>>,
}

fn cache(cx: &Context<'_>) -> Arc<Cache> {
    cx.packs.get_or_parse("schema/cache", |_| Cache::default())
}

impl Cache {
    fn get(&self, name: &str, text: &str) -> Option<Arc<Schema>> {
        let mut map = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(name.to_string())
            .or_insert_with(|| compile(name, text).ok().map(Arc::new))
            .clone()
    }

    fn by_section(&self) -> &[(String, Arc<Schema>)] {
        self.by_section.get_or_init(|| {
            let mut out = Vec::new();
            for name in builtin_names() {
                let Some(schema) = builtin(name).and_then(|t| self.get(name, t)) else {
                    continue;
                };
                if let Some(J::Array(sections)) = schema.root.get("x-sections") {
                    for s in sections.iter().filter_map(J::as_str) {
                        out.push((s.to_string(), Arc::clone(&schema)));
                    }
                }
            }
            out
        })
    }
}

/// The schema that applies to `doc`: the first matching `schemas:` entry of the config, or
/// (when the config has none) the built-in schema whose `x-sections` names the page's
/// content section.
pub fn for_document(doc: &Document, cx: &Context<'_>) -> Option<Arc<Schema>> {
    Option::clone(&cx.page.get_or(doc, || find(doc, cx)))
}

fn find(doc: &Document, cx: &Context<'_>) -> Option<Arc<Schema>> {
    let cache = cache(cx);
    let path = &doc.source.path;
    match &cx.config.schemas {
        Some(mappings) => {
            let m = mappings.iter().find(|m| {
                cx.config.matches(&m.paths, path)
                    && m.lang.as_ref().is_none_or(|l| doc.lang.as_ref() == Some(l))
            })?;
            cache.get(&m.name, &m.text)
        }
        None => {
            let section = cx.site.section(path)?;
            cache
                .by_section()
                .iter()
                .find(|(s, _)| *s == section)
                .map(|(_, schema)| Arc::clone(schema))
        }
    }
}

/// Which rule a violation belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A required key is missing.
    Required,
    /// A value is `""`, null or an empty list where something is needed.
    Empty,
    /// A value of the wrong type.
    Type,
    /// A value outside the allowed set.
    Enum,
    /// A key the schema does not know.
    UnknownKey,
    /// Any other constraint (pattern, format, length, range).
    Invalid,
}

/// One schema violation, located.
#[derive(Clone, Debug)]
pub struct Violation {
    /// Its rule.
    pub kind: Kind,
    /// The key or value it is about.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// A fix, when one is likely.
    pub fix: Option<Fix>,
}

/// The well-formed front matter of `doc` and its schema, if both exist.
fn parsed<'d>(doc: &'d Document, cx: &Context<'_>) -> Option<(&'d Node, Span, Arc<Schema>)> {
    let fm = doc.front_matter.as_ref()?;
    if fm.error.is_some() {
        return None;
    }
    let close = fm.close?;
    let root = fm.root.as_ref()?;
    Some((root, close, for_document(doc, cx)?))
}

/// Every violation of the page's schema, located in its front matter (computed once per
/// document).
pub fn violations(doc: &Document, cx: &Context<'_>) -> Arc<Vec<Violation>> {
    cx.page.get_or(doc, || validate(doc, cx))
}

fn validate(doc: &Document, cx: &Context<'_>) -> Vec<Violation> {
    let Some((root, close, schema)) = parsed(doc, cx) else {
        return Vec::new();
    };
    let instance = root.to_json();
    let mut out = Vec::new();
    for err in schema.validator().iter_errors(&instance) {
        let segs: Vec<Seg> = err
            .instance_path()
            .iter()
            .map(|s| match s {
                LocationSegment::Property(p) => Seg::Key(p.into_owned()),
                LocationSegment::Index(i) => Seg::Index(i),
            })
            .collect();
        let Some((entry, node)) = locate(root, &segs) else {
            continue;
        };
        let field = field_name(&segs);
        let schema_path = err.schema_path().as_str().to_string();
        // The subschema holding the failing keyword.
        let sub = schema
            .root
            .pointer(parent(&schema_path))
            .unwrap_or(&J::Null);
        let v = |kind, span, message: String| Violation {
            kind,
            span,
            message,
            help: None,
            fix: None,
        };
        match err.kind() {
            K::Required { property } => {
                let Some(prop) = property.as_str() else {
                    continue;
                };
                let span = entry.map_or(close, |e| e.key_span);
                let prop_schema = sub.get("properties").and_then(|p| p.get(prop));
                let example = prop_schema
                    .and_then(example)
                    .unwrap_or_else(|| "\"…\"".into());
                let mut viol = v(
                    Kind::Required,
                    span,
                    if field.is_empty() {
                        format!("required field `{prop}` is missing")
                    } else {
                        format!("`{field}` lacks its required field `{prop}`")
                    },
                );
                viol.help = Some(format!(
                    "add `{}`{}",
                    assign(doc, prop, &example),
                    describe(prop_schema)
                ));
                out.push(viol);
            }
            K::MinLength { .. } | K::MinItems { .. } | K::MinProperties { .. }
                if is_empty(&node.value) =>
            {
                let mut viol = v(Kind::Empty, node.span, format!("`{field}` is empty"));
                viol.help = Some(match example(sub) {
                    Some(e) => format!(
                        "fill it in, e.g. `{}`{}",
                        assign(doc, last_key(&segs), &e),
                        describe(Some(sub))
                    ),
                    None => format!("fill it in or remove the `{}` line", last_key(&segs)),
                });
                out.push(viol);
            }
            K::Type { .. } if matches!(node.value, Value::Null) => {
                // A blank value is "absent" to Hugo; it matters only for a required key.
                let object = schema.root.pointer(parent(parent(parent(&schema_path))));
                let required = object
                    .and_then(|o| o.get("required"))
                    .and_then(J::as_array)
                    .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(last_key(&segs))));
                if required {
                    let mut viol = v(Kind::Empty, node.span, format!("`{field}` has no value"));
                    viol.help = Some(match example(sub) {
                        Some(e) => {
                            format!("fill it in, e.g. `{}`", assign(doc, last_key(&segs), &e))
                        }
                        None => "fill it in".into(),
                    });
                    out.push(viol);
                }
            }
            K::Type { .. } => {
                let expected = sub.get("type").map(type_words).unwrap_or_default();
                let mut viol = v(
                    Kind::Type,
                    node.span,
                    format!(
                        "`{field}` should be {expected}, not {}",
                        article(node.type_name())
                    ),
                );
                viol.help = type_help(node, sub, doc);
                if let (Value::Seq(items), Some("string")) =
                    (&node.value, sub.get("type").and_then(J::as_str))
                {
                    let joined: Option<Vec<&str>> = items.iter().map(Node::as_str).collect();
                    if let Some(joined) = joined {
                        let text = quote_like("\"", &joined.join(", "));
                        viol.fix = Some(Fix::replace(node.span, text, Applicability::Unsafe));
                    }
                }
                out.push(viol);
            }
            K::Enum { options } => {
                let allowed: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(J::as_str).collect())
                    .unwrap_or_default();
                out.push(enum_violation(doc, node, &field, &allowed));
            }
            K::Constant { expected_value } => {
                let allowed: Vec<&str> = expected_value.as_str().into_iter().collect();
                out.push(enum_violation(doc, node, &field, &allowed));
            }
            K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
                let Value::Map(entries) = &node.value else {
                    continue;
                };
                let known: Vec<&str> = sub
                    .get("properties")
                    .and_then(J::as_object)
                    .map(|p| {
                        p.keys()
                            .map(String::as_str)
                            .filter(|k| !entries.iter().any(|e| e.key == *k))
                            .collect()
                    })
                    .unwrap_or_default();
                let unexpected: std::collections::HashSet<&str> =
                    unexpected.iter().map(String::as_str).collect();
                for e in entries
                    .iter()
                    .filter(|e| unexpected.contains(e.key.as_str()))
                {
                    out.push(unknown_key(doc, e, &known, &schema.name));
                }
            }
            K::Format { format } if format == "hugo-date" => {}
            _ => {
                let mut viol = v(
                    Kind::Invalid,
                    node.span,
                    format!("`{field}`: {}", plain_error(&err.to_string())),
                );
                viol.help = sub
                    .get("description")
                    .and_then(J::as_str)
                    .map(|d| format!("expected: {}", first_sentence(d)));
                out.push(viol);
            }
        }
    }
    blank_strings(root, &schema, doc, &mut out);
    out
}

/// Whitespace-only strings where the schema wants at least one character: JSON Schema
/// counts the spaces, a reader sees nothing.
fn blank_strings(root: &Node, schema: &Schema, doc: &Document, out: &mut Vec<Violation>) {
    let Some(props) = schema.root.get("properties") else {
        return;
    };
    let Value::Map(entries) = &root.value else {
        return;
    };
    for e in entries {
        let Value::String(s) = &e.value.value else {
            continue;
        };
        let Some(prop) = props.get(&e.key) else {
            continue;
        };
        let wants_text = prop
            .get("minLength")
            .and_then(J::as_u64)
            .is_some_and(|n| n >= 1);
        if wants_text && !s.is_empty() && s.trim().is_empty() {
            out.push(Violation {
                kind: Kind::Empty,
                span: e.value.span,
                message: format!("`{}` holds only blanks", e.key),
                help: Some(match example(prop) {
                    Some(x) => format!("fill it in, e.g. `{}`", assign(doc, &e.key, &x)),
                    None => "fill it in".into(),
                }),
                fix: None,
            });
        }
    }
}

/// `key: value` (YAML, JSON) or `key = value` (TOML), for help lines.
fn assign(doc: &Document, key: &str, value: &str) -> String {
    match doc.front_matter.as_ref().map(|f| f.format) {
        Some(crate::document::front_matter::Format::Toml) => format!("{key} = {value}"),
        Some(crate::document::front_matter::Format::Json) => format!("\"{key}\": {value}"),
        _ => format!("{key}: {value}"),
    }
}

#[derive(Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

/// The node at `segs` and the mapping entry holding it (if the last step was a key).
fn locate<'n>(root: &'n Node, segs: &[Seg]) -> Option<(Option<&'n Entry>, &'n Node)> {
    let mut node = root;
    let mut entry = None;
    for s in segs {
        match (s, &node.value) {
            (Seg::Key(k), Value::Map(_)) => {
                let e = node.get(k)?;
                entry = Some(e);
                node = &e.value;
            }
            (Seg::Index(i), Value::Seq(items)) => {
                node = items.get(*i)?;
                entry = None;
            }
            _ => return None,
        }
    }
    Some((entry, node))
}

fn field_name(segs: &[Seg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn last_key(segs: &[Seg]) -> &str {
    segs.iter()
        .rev()
        .find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
        .unwrap_or("")
}

/// The JSON pointer one level up (`/properties/date/minLength` → `/properties/date`).
fn parent(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

/// The first example of a (sub)schema, as YAML would show it.
fn example(sub: &J) -> Option<String> {
    let e = sub.get("examples")?.as_array()?.first()?;
    Some(match e {
        J::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    })
}

/// ` (description)` of a property, for help lines.
fn describe(sub: Option<&J>) -> String {
    sub.and_then(|s| s.get("description"))
        .and_then(J::as_str)
        .map(|d| format!(" ({})", first_sentence(d).trim_end_matches('.')))
        .unwrap_or_default()
}

fn first_sentence(s: &str) -> &str {
    let s = s.trim();
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

fn type_words(t: &J) -> String {
    let one = |t: &str| match t {
        "string" => "a string",
        "array" => "a list",
        "object" => "a mapping",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "`true` or `false`",
        "null" => "empty",
        _ => "something else",
    };
    match t {
        J::String(s) => one(s).to_string(),
        J::Array(ts) => ts
            .iter()
            .filter_map(J::as_str)
            .map(one)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "something else".into(),
    }
}

fn article(type_name: &str) -> String {
    match type_name {
        "integer" | "alias" => format!("an {type_name}"),
        "null" => "empty".into(),
        "boolean" => "a boolean".into(),
        other => format!("a {other}"),
    }
}

fn type_help(node: &Node, sub: &J, doc: &Document) -> Option<String> {
    let expected = sub.get("type")?.as_str()?;
    match (expected, &node.value) {
        ("string", Value::Seq(_)) => {
            Some("write the items as one quoted string, separated by commas".into())
        }
        ("string", Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            Some(format!("quote it: `\"{}\"`", doc.slice(node.span).trim()))
        }
        ("array", Value::String(s)) => Some(format!("write it as a list: `[\"{s}\"]`")),
        _ => example(sub).map(|e| format!("for example `{e}`")),
    }
}

fn enum_violation(doc: &Document, node: &Node, field: &str, allowed: &[&str]) -> Violation {
    let shown = match node.as_str() {
        Some(s) => s.to_string(),
        None => doc.slice(node.span).to_string(),
    };
    let closest = crate::text::did_you_mean(&shown, allowed.iter().copied());
    let list = if allowed.len() <= 12 {
        allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{} values", allowed.len())
    };
    Violation {
        kind: Kind::Enum,
        span: node.span,
        message: format!("`{shown}` is not an allowed `{field}`"),
        help: Some(match closest {
            Some(c) => format!("did you mean `{c}`? allowed: {list}"),
            None => format!("allowed: {list}"),
        }),
        fix: closest.map(|c| {
            Fix::replace(
                node.span,
                quote_like(doc.slice(node.span), c),
                Applicability::Unsafe,
            )
        }),
    }
}

fn unknown_key(doc: &Document, e: &Entry, known: &[&str], schema: &str) -> Violation {
    let closest = crate::text::did_you_mean(&e.key, known.iter().copied());
    Violation {
        kind: Kind::UnknownKey,
        span: e.key_span,
        message: format!("`{}` is not a field of the `{schema}` schema", e.key),
        help: Some(match closest {
            Some(c) => format!("did you mean `{c}`?"),
            None if known.is_empty() => "remove it, or add it to the schema".into(),
            None => format!(
                "remove it, or add it to the schema; fields not yet used here: {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
        fix: closest.map(|c| {
            Fix::replace(
                e.key_span,
                quote_like(doc.slice(e.key_span), c),
                Applicability::Unsafe,
            )
        }),
    }
}

/// jsonschema's message with its JSON quoting softened to backticks.
fn plain_error(msg: &str) -> String {
    msg.replace('"', "`")
}

/// Top-level entries whose value Hugo (or the schema, with `format: hugo-date`) reads as a
/// date.
pub fn date_entries<'d>(doc: &'d Document, cx: &Context<'_>) -> Vec<&'d Entry> {
    let Some(fm) = &doc.front_matter else {
        return Vec::new();
    };
    if fm.error.is_some() || fm.close.is_none() {
        return Vec::new();
    }
    let schema = for_document(doc, cx);
    let schema_dates = |key: &str| {
        schema.as_ref().is_some_and(|s| {
            s.root
                .get("properties")
                .and_then(|p| p.get(key))
                .and_then(|p| p.get("format"))
                .and_then(J::as_str)
                == Some("hugo-date")
        })
    };
    fm.entries()
        .iter()
        .filter(|e| {
            HUGO_DATE_KEYS.contains(&e.key.to_ascii_lowercase().as_str()) || schema_dates(&e.key)
        })
        .collect()
}

/// A top-level value that must name a page of a content section.
#[derive(Debug)]
pub struct Reference<'d> {
    /// The value.
    pub node: &'d Node,
    /// The name it gives.
    pub name: &'d str,
    /// The key it is under.
    pub key: &'d str,
    /// The section it must be in.
    pub section: String,
    /// The page names that exist in that section.
    pub existing: Arc<BTreeSet<String>>,
}

/// Values of `x-reference` properties with the names existing in their section. Sections
/// that do not exist in the site (or a page outside any site) yield nothing: there is
/// nothing to compare with.
pub fn references<'d>(doc: &'d Document, cx: &Context<'_>) -> Vec<Reference<'d>> {
    let Some((root, _, schema)) = parsed(doc, cx) else {
        return Vec::new();
    };
    let Some(props) = schema.root.get("properties").and_then(J::as_object) else {
        return Vec::new();
    };
    let cache = cache(cx);
    let mut out = Vec::new();
    for (key, prop) in props {
        let Some(section) = prop
            .get("x-reference")
            .and_then(|r| r.get("section"))
            .and_then(J::as_str)
        else {
            continue;
        };
        let Some(entry) = root.get(key) else { continue };
        let Some(existing) = section_pages(&cache, cx, section) else {
            continue;
        };
        let nodes: Vec<&Node> = match &entry.value.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![&entry.value],
        };
        for node in nodes {
            let Some(name) = node.as_str() else { continue };
            if name.trim().is_empty() {
                continue;
            }
            out.push(Reference {
                node,
                name,
                key: &entry.key,
                section: section.to_string(),
                existing: Arc::clone(&existing),
            });
        }
    }
    out
}

/// Names of the pages of `section` across the site's content directories: `x.md`,
/// `x.<lang>.md`, and bundles `x/index.md` / `x/_index.md`.
fn section_pages(cache: &Cache, cx: &Context<'_>, section: &str) -> Option<Arc<BTreeSet<String>>> {
    let dirs: Vec<PathBuf> = cx
        .site
        .content_dirs()
        .map(|d| d.join(section))
        .filter(|d| d.is_dir())
        .collect();
    let key = dirs.first()?.clone();
    let mut map = cache.sections.lock().unwrap_or_else(|e| e.into_inner());
    let names = map.entry(key).or_insert_with(|| {
        let mut names = BTreeSet::new();
        for d in &dirs {
            collect_pages(d, &mut names);
        }
        Arc::new(names)
    });
    Some(Arc::clone(names))
}
