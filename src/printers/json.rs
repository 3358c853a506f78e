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
    m.insert("message".into(), json!(&*d.message));
    m.insert("help".into(), json!(d.help.as_deref()));
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

/// `value` pretty-printed, its lines after the first indented by `indent` spaces.
fn nested(value: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = " ".repeat(indent);
    text.replace('\n', &format!("\n{pad}"))
}

/// The report, written one diagnostic at a time (the same text `to_string_pretty` gives
/// for the whole document, without holding the whole document, as a JSON tree or as text).
pub(super) fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (e, w, i) = super::counts(&report.diagnostics);
    write!(
        out,
        "{{\n  \"version\": 1,\n  \"files_checked\": {},\n  \"diagnostics\": [",
        report.files_checked
    )?;
    for (n, d) in report.diagnostics.iter().enumerate() {
        out.write_all(if n == 0 { b"\n    " } else { b",\n    " })?;
        out.write_all(nested(&diagnostic(d), 4).as_bytes())?;
    }
    if !report.diagnostics.is_empty() {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"],\n  \"summary\": ")?;
    let summary = json!({"error": e, "warning": w, "info": i});
    out.write_all(nested(&summary, 2).as_bytes())?;
    if !report.fixed.is_empty() {
        out.write_all(b",\n  \"fixed\": ")?;
        out.write_all(nested(&json!(report.fixed), 2).as_bytes())?;
    }
    out.write_all(b"\n}\n")
}

/// The report as one string (see [`write`]).
pub(super) fn render(report: &Report) -> String {
    let mut buf = Vec::new();
    let _ = write(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_text_equals_the_whole_document_pretty_printed() {
        let report = crate::check::Report {
            diagnostics: crate::check::check_text("x.md", "---\ntitle: \"a\"\ntitle: \"b\"\n", &[]),
            files_checked: 1,
            fixed: vec![crate::baseline::Entry {
                rule: "schema/empty".into(),
                path: "x.md".into(),
                text: "\"\"".into(),
                count: 1,
            }],
            ..Default::default()
        };
        assert!(!report.diagnostics.is_empty());
        let whole = json!({
            "version": 1,
            "files_checked": 1,
            "diagnostics": report.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
            "summary": {"error": super::super::counts(&report.diagnostics).0, "warning": super::super::counts(&report.diagnostics).1, "info": super::super::counts(&report.diagnostics).2},
            "fixed": report.fixed,
        });
        assert_eq!(
            render(&report),
            serde_json::to_string_pretty(&whole).unwrap() + "\n"
        );
        let empty = crate::check::Report::default();
        let whole = json!({"version": 1, "files_checked": 0, "diagnostics": [], "summary": {"error": 0, "warning": 0, "info": 0}});
        assert_eq!(
            render(&empty),
            serde_json::to_string_pretty(&whole).unwrap() + "\n"
        );
    }
}
