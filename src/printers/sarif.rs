//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF readers.
//!
//! Columns are counted in Unicode code points (`columnKind: unicodeCodePoints`), the same
//! as every other format of ours.

use serde_json::{json, Value};

use super::range;
use crate::check::Report;
use crate::diagnostic::{Applicability, Severity};
use crate::rules;
use crate::source::{SourceFile, Span};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference (percent-encoding what a URI cannot hold).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(file: &SourceFile, span: Span) -> Value {
    let (s, e) = range(file, span);
    json!({"startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column})
}

fn physical(file: &SourceFile, span: Span) -> Value {
    json!({"physicalLocation": {"artifactLocation": {"uri": uri(&file.display)}, "region": region(file, span)}})
}

fn pascal(id: &str) -> String {
    id.split(['/', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

pub(super) fn render(report: &Report) -> String {
    let all = rules::all_meta();
    let rules_json: Vec<Value> = all
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": pascal(m.id),
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.explanation(), "markdown": m.explanation()},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"tags": [m.family()], "fixable": m.fixable},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.to_string();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let mut r = json!({
                "ruleId": d.rule.id,
                "ruleIndex": all.iter().position(|m| m.id == d.rule.id).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [physical(&d.file, d.span)],
            });
            if !d.labels.is_empty() {
                r["relatedLocations"] = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = physical(&l.file, l.span);
                        loc["id"] = json!(i);
                        loc["message"] = json!({"text": l.message});
                        loc
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"deletedRegion": region(&d.file, e.span), "insertedContent": {"text": e.replacement}}))
                    .collect();
                let description = match fix.applicability {
                    Applicability::Safe => "safe fix (applied by `contentlint check --fix`)",
                    Applicability::Unsafe => "suggested fix (review before applying)",
                };
                r["fixes"] = json!([{
                    "description": {"text": description},
                    "artifactChanges": [{"artifactLocation": {"uri": uri(&d.file.display)}, "replacements": replacements}],
                }]);
            }
            r
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "contentlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/contentlint/contentlint",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(uri("content/a b.md"), "content/a%20b.md");
        assert_eq!(uri("中.md"), "%E4%B8%AD.md");
        assert_eq!(pascal("schema/no-front-matter"), "SchemaNoFrontMatter");
    }
}
