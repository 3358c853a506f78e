//! Front-matter schemas: the built-in ones and compiling one. Choosing a schema for a page
//! and validating its front matter is the schema rules' (`crate::rules::schema`).
//!
//! A schema is a JSON Schema (draft 2020-12) written in YAML. Two extension keywords are
//! ours: `x-sections` (top level: the Hugo content sections the schema applies to when the
//! config does not say) and `x-reference` (on a property: the value must name a page of a
//! content section, e.g. `{section: tracks}`).

pub mod date;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value as J;

/// A compiled schema.
pub struct Schema {
    /// Its name (built-in name or path as configured).
    pub name: String,
    /// The schema document.
    pub root: J,
    validator: jsonschema::Validator,
}

impl Schema {
    /// The compiled validator.
    pub fn validator(&self) -> &jsonschema::Validator {
        &self.validator
    }
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema").field("name", &self.name).finish()
    }
}

/// The text of a built-in schema (`session` → `rules/schemas/session.yaml`).
pub fn builtin(name: &str) -> Option<&'static str> {
    crate::packs::builtin_text(&format!("schemas/{name}.yaml"))
}

/// Names of the built-in schemas.
pub fn builtin_names() -> Vec<&'static str> {
    crate::packs::builtin_names()
        .filter_map(|n| n.strip_prefix("schemas/")?.strip_suffix(".yaml"))
        .collect()
}

/// Compile a schema from YAML or JSON text.
pub fn compile(name: &str, text: &str) -> Result<Schema, String> {
    let root: J = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    if !root.is_object() {
        return Err("a schema must be a mapping".into());
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        // Dates are checked by `schema/date` with Hugo's rules and better messages.
        .with_format("hugo-date", |_: &str| true)
        .build(&root)
        .map_err(|e| e.to_string())?;
    Ok(Schema {
        name: name.to_string(),
        root,
        validator,
    })
}

/// `new` written with the same quoting as `original` (a double-quoted original stays
/// double-quoted).
pub fn quote_like(original: &str, new: &str) -> String {
    if original.starts_with('\'') {
        format!("'{}'", new.replace('\'', "''"))
    } else if original.starts_with('"') {
        format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        new.to_string()
    }
}

/// Keys Hugo itself reads as dates.
pub const HUGO_DATE_KEYS: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
    "expirydate",
    "unpublishdate",
];

/// Names of the pages of `section` in every content directory of `site`.
pub fn section_names(site: &crate::site::Site, section: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for d in site.content_dirs() {
        collect_pages(&d.join(section), &mut names);
    }
    names
}

pub(crate) fn collect_pages(dir: &Path, names: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if path.is_dir() {
            let bundle = ["index", "_index"].iter().any(|stem| {
                std::fs::read_dir(&path).is_ok_and(|mut it| {
                    it.any(|f| {
                        f.is_ok_and(|f| {
                            f.file_name()
                                .to_string_lossy()
                                .split('.')
                                .next()
                                .is_some_and(|s| s == *stem)
                        })
                    })
                })
            });
            if bundle {
                names.insert(name);
            }
        } else if let Some(stem) = name
            .strip_suffix(".md")
            .or_else(|| name.strip_suffix(".markdown"))
        {
            if stem == "_index" {
                continue;
            }
            // `x.zh` → `x` (a language suffix); a plain `x` stays.
            let base = match stem.rsplit_once('.') {
                Some((b, lang))
                    if lang.len() <= 5
                        && lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-') =>
                {
                    b
                }
                _ => stem,
            };
            names.insert(base.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schemas_compile() {
        let names = builtin_names();
        assert!(names.contains(&"session") && names.contains(&"blog-post"));
        for n in names {
            compile(n, builtin(n).expect("exists")).expect(n);
        }
    }

    #[test]
    fn quoting_is_kept() {
        assert_eq!(quote_like("\"x\"", "a\"b"), "\"a\\\"b\"");
        assert_eq!(quote_like("'x'", "it's"), "'it''s'");
        assert_eq!(quote_like("x", "y"), "y");
    }
}
