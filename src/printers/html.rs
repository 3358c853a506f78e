//! `--format html`: one self-contained page to open and act on — counts per rule and per
//! directory as bar charts, filters by severity, family and page language, and findings
//! grouped by rule or by file with their snippet, help and fix.

use serde_json::json;

use crate::check::Report;

const TEMPLATE: &str = include_str!("report.html");

/// Text around the span on its line, and the span's position in it (in UTF-16 units, as
/// JavaScript slices strings).
fn excerpt(d: &crate::diagnostic::Diagnostic) -> (String, usize, usize) {
    let file = &d.file;
    let line = file.line_range(file.line_of(d.span.start as usize));
    let start = line.start;
    let end = file.floor_char_boundary(line.end.max(start).min(start + 400));
    let s = (d.span.start as usize).clamp(start, end);
    let e = (d.span.end as usize).clamp(s, end);
    let units = |a: usize, b: usize| file.get(a..b).unwrap_or("").encode_utf16().count();
    (
        file.get(start..end).unwrap_or("").to_string(),
        units(start, s),
        units(start, e),
    )
}

pub(super) fn render(report: &Report) -> String {
    let diags: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = super::json::diagnostic(d);
            let (text, a, b) = excerpt(d);
            v["excerpt"] = json!(text);
            v["excerpt_start"] = json!(a);
            v["excerpt_end"] = json!(b);
            v
        })
        .collect();
    let (e, w, i) = super::counts(&report.diagnostics);
    let data = json!({
        "headline": super::summary_line(report),
        "files_checked": report.files_checked,
        "diagnostics": diags,
        "summary": {"error": e, "warning": w, "info": i},
    });
    // Inside <script>, `</` must not appear literally.
    let payload = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace("</", "<\\/");
    TEMPLATE.replace("__DATA__", &payload)
}
