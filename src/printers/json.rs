//! `--format json`: the contract other tools read. Keep it stable (see README).

use std::io::Write as _;

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
    if !d.folded.is_empty() {
        let folded: Vec<Value> = d
            .folded
            .iter()
            .map(|f| {
                let mut r = location(&d.file, f.span);
                r.insert("rule".into(), json!(f.rule.id));
                r.insert("message".into(), json!(&*f.message));
                Value::Object(r)
            })
            .collect();
        m.insert("folded".into(), Value::Array(folded));
    }
    Value::Object(m)
}

/// `value` pretty-printed, its lines after the first indented by `indent` spaces.
fn nested(value: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let pad = " ".repeat(indent);
    text.replace('\n', &format!("\n{pad}"))
}

/// Members of a JSON object, written one per line as serde_json's pretty printer writes
/// them (two spaces a level), `pad` spaces in.
struct Members<'a> {
    out: &'a mut Vec<u8>,
    pad: usize,
    empty: bool,
}

impl<'a> Members<'a> {
    fn open(out: &'a mut Vec<u8>, pad: usize) -> Members<'a> {
        out.push(b'{');
        Members {
            out,
            pad,
            empty: true,
        }
    }

    /// Start the member `name`; its value is written to what this returns.
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        pad(self.out, self.pad);
        string(self.out, name);
        self.out.extend_from_slice(b": ");
        self.out
    }

    fn string(&mut self, name: &str, value: &str) {
        string(self.key(name), value);
    }

    fn number(&mut self, name: &str, value: usize) {
        let out = self.key(name);
        let _ = write!(out, "{value}");
    }

    fn location(&mut self, file: &SourceFile, span: Span) {
        let (s, e) = range(file, span);
        self.string("path", &file.display);
        self.number("line", s.line);
        self.number("column", s.column);
        self.number("end_line", e.line);
        self.number("end_column", e.column);
    }

    fn close(self) {
        if !self.empty {
            self.out.push(b'\n');
            pad(self.out, self.pad - 2);
        }
        self.out.push(b'}');
    }
}

fn pad(out: &mut Vec<u8>, n: usize) {
    out.resize(out.len() + n, b' ');
}

/// A JSON string, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(out, s);
}

/// The items of `items` as a JSON array, `pad` spaces in, each written by `item`.
fn array<T>(out: &mut Vec<u8>, pad_to: usize, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.push(b'[');
    for (n, x) in items.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
        pad(out, pad_to);
        item(out, x);
    }
    out.push(b'\n');
    pad(out, pad_to - 2);
    out.push(b']');
}

/// One diagnostic, as `nested(&diagnostic(d), 4)` writes it, without building the JSON tree
/// first: a bulk audit writes hundreds of thousands.
fn write_diagnostic(d: &Diagnostic, out: &mut Vec<u8>) {
    let mut m = Members::open(out, 6);
    m.location(&d.file, d.span);
    m.string("rule", d.rule.id);
    m.string("severity", d.severity.as_str());
    m.string("message", &d.message);
    match &d.help {
        Some(help) => m.string("help", help),
        None => m.key("help").extend_from_slice(b"null"),
    }
    array(m.key("related"), 8, &d.labels, |out, l| {
        let mut r = Members::open(out, 10);
        r.location(&l.file, l.span);
        r.string("message", &l.message);
        r.close();
    });
    match &d.fix {
        None => m.key("fix").extend_from_slice(b"null"),
        Some(f) => {
            let mut fix = Members::open(m.key("fix"), 8);
            let _ = serde_json::to_writer(fix.key("applicability"), &f.applicability);
            array(fix.key("edits"), 10, &f.edits, |out, e| {
                let (s, en) = range(&d.file, e.span);
                let mut edit = Members::open(out, 12);
                edit.number("line", s.line);
                edit.number("column", s.column);
                edit.number("end_line", en.line);
                edit.number("end_column", en.column);
                edit.string("replacement", &e.replacement);
                edit.close();
            });
            fix.close();
        }
    }
    if !d.folded.is_empty() {
        array(m.key("folded"), 8, &d.folded, |out, f| {
            let mut r = Members::open(out, 10);
            r.location(&d.file, f.span);
            r.string("rule", f.rule.id);
            r.string("message", &f.message);
            r.close();
        });
    }
    m.close();
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
    let mut buf = Vec::new();
    for (n, d) in report.diagnostics.iter().enumerate() {
        buf.clear();
        buf.extend_from_slice(if n == 0 { b"\n    " } else { b",\n    " });
        write_diagnostic(d, &mut buf);
        out.write_all(&buf)?;
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
    use crate::diagnostic::{Applicability, Edit, Fix};
    use std::sync::Arc;

    #[test]
    fn each_diagnostic_is_written_as_its_json_tree_prints() {
        let seeds = [
            "000_416d272279f92868.txt",
            "001_119b05e0e8ce1ec6.txt",
            "002_e1228fa46efa7b0a.txt",
        ];
        let mut all = Vec::new();
        for name in seeds {
            let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("seed");
            all.extend(crate::check::check_text(name, &text, &[]));
        }
        assert!(all.len() > 20 && all.iter().any(|d| d.fix.is_some()));
        // What the seeds do not have: no help, several related places and edits, text to escape.
        let file = Arc::new(SourceFile::new(
            "dir/\"odd\"\\name.md".into(),
            "x.md".into(),
            "a\tb\r\nc \u{1F600} 文\n".into(),
            false,
        ));
        let mut bare = Diagnostic::new(all[0].rule, &file, Span::new(2, 3), "says \"\u{1}\"\n");
        bare.help = None;
        all.push(bare.clone());
        let edits = vec![
            Edit {
                span: Span::new(0, 1),
                replacement: "\\ \u{7f} é".into(),
            },
            Edit {
                span: Span::new(7, 9),
                replacement: String::new(),
            },
        ];
        all.push(
            bare.label(&file, Span::new(5, 6), "here")
                .label(&all[0].file.clone(), all[0].span, "and there \u{2028}")
                .fix(Fix {
                    edits,
                    applicability: Applicability::Unsafe,
                }),
        );
        for d in &all {
            let mut buf = Vec::new();
            write_diagnostic(d, &mut buf);
            assert_eq!(String::from_utf8(buf).unwrap(), nested(&diagnostic(d), 4));
        }
    }

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
