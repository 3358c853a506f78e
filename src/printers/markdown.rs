//! `--format markdown`: a report to paste into an issue or a pull-request comment.

use std::collections::BTreeMap;

use super::range;
use crate::check::Report;
use crate::diagnostic::Severity;

fn escape(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('\n', " ")
        .replace('<', "&lt;")
}

pub(super) fn render(report: &Report) -> String {
    let mut out = format!("### contentlint: {}\n\n", super::summary_line(report));
    if report.diagnostics.is_empty() && report.fixed.is_empty() {
        return out;
    }
    let mut by_rule: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for d in &report.diagnostics {
        let c = by_rule.entry(d.rule.id).or_default();
        c[match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    if !by_rule.is_empty() {
        out.push_str("| rule | errors | warnings | infos |\n| --- | ---: | ---: | ---: |\n");
        for (rule, c) in &by_rule {
            out.push_str(&format!("| `{rule}` | {} | {} | {} |\n", c[0], c[1], c[2]));
        }
        out.push('\n');
    }
    let mut by_file: BTreeMap<&str, Vec<&crate::diagnostic::Diagnostic>> = BTreeMap::new();
    for d in &report.diagnostics {
        by_file.entry(d.file.display.as_str()).or_default().push(d);
    }
    for (path, diags) in by_file {
        out.push_str(&format!(
            "<details><summary><code>{}</code> ({})</summary>\n\n",
            escape(path),
            diags.len()
        ));
        for d in diags {
            let (s, _) = range(&d.file, d.span);
            let flagged = d.file.slice(d.span);
            let quote = if flagged.is_empty() || flagged.contains('\n') || flagged.len() > 80 {
                String::new()
            } else {
                format!(" `{}`", flagged.replace('`', "'"))
            };
            out.push_str(&format!(
                "- **{}** `{}` line {}, column {}{quote}: {}",
                d.severity.as_str(),
                d.rule.id,
                s.line,
                s.column,
                escape(&d.message)
            ));
            if let Some(h) = &d.help {
                out.push_str(&format!(" — _{}_", escape(h)));
            }
            out.push('\n');
        }
        out.push_str("\n</details>\n\n");
    }
    if !report.fixed.is_empty() {
        out.push_str("**Fixed since the baseline:**\n\n");
        for e in &report.fixed {
            out.push_str(&format!(
                "- `{}` in `{}`: `{}`\n",
                e.rule,
                escape(&e.path),
                escape(&e.text)
            ));
        }
    }
    out
}
