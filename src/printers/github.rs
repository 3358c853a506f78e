//! `--format github`: GitHub Actions workflow commands, one line per finding.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step, so a final line says
//! how many there were and points to SARIF for the rest.

use super::range;
use crate::check::Report;
use crate::diagnostic::Severity;

/// Escape the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let (s, e) = range(&d.file, d.span);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut msg = d.message.to_string();
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&d.file.display),
            s.line,
            s.column,
            e.line,
            e.column,
            property(&format!("contentlint {}", d.rule.id)),
            data(&msg)
        ));
    }
    let (errors, warnings, infos) = super::counts(&report.diagnostics);
    let mut last = format!("contentlint: {}", super::summary_line(report));
    if errors > 10 || warnings > 10 || infos > 10 {
        last.push_str("; GitHub shows only the first 10 annotations of each kind here, upload `--format sarif` to code scanning to see all");
    }
    out.push_str(&last);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
