//! `--format json`: the contract other tools read. Keep it stable (see README).

use serde_json::{json, Value};

use super::range;
use crate::check::Report;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

fn location(file: &SourceFile, span: Span) -> serde_json::Map<String, Value> {
    let (s, e) = range(file, span);
    let mut m = serde_json::Map::new();
    m.insert("path".into(), json!(file.display));
    m.insert("line".into(), json!(s.line));
    m.insert("column".into(), json!(s.column));
    m.insert("end_line".into(), json!(e.line));
    m.insert("end_column".into(), json!(e.column));
    m
}

/// One diagnostic as a JSON object.
pub fn diagnostic(d: &Diagnostic) -> Value {
    let mut m = location(&d.file, d.span);
    m.insert("rule".into(), json!(d.rule.id));
    m.insert("severity".into(), json!(d.severity.as_str()));
    m.insert("message".into(), json!(d.message));
    m.insert("help".into(), json!(d.help));
    let related: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let mut r = location(&l.file, l.span);
            r.insert("message".into(), json!(l.message));
            Value::Object(r)
        })
        .collect();
    m.insert("related".into(), Value::Array(related));
    let fix = d.fix.as_ref().map(|f| {
        let edits: Vec<Value> = f
            .edits
            .iter()
            .map(|e| {
                let (s, en) = range(&d.file, e.span);
                json!({"line": s.line, "column": s.column, "end_line": en.line, "end_column": en.column, "replacement": e.replacement})
            })
            .collect();
        json!({"applicability": f.applicability, "edits": edits})
    });
    m.insert("fix".into(), fix.unwrap_or(Value::Null));
    Value::Object(m)
}

pub(super) fn render(report: &Report) -> String {
    let (e, w, i) = super::counts(&report.diagnostics);
    let mut v = json!({
        "version": 1,
        "files_checked": report.files_checked,
        "diagnostics": report.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
        "summary": {"error": e, "warning": w, "info": i},
    });
    if !report.fixed.is_empty() {
        v["fixed"] = json!(report.fixed);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
