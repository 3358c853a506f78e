//! Printers turn the final, sorted list of findings into text. They know nothing about rules
//! beyond the metadata a finding carries.

mod github;
mod html;
mod human;
mod json;
mod markdown;
mod sarif;
mod summary;

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Position, SourceFile, Span};

pub use human::HumanOptions;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Code snippets with the span underlined (for people).
    #[default]
    Human,
    /// The stable JSON contract (for tools).
    Json,
    /// SARIF 2.1.0 (for code-scanning services).
    Sarif,
    /// GitHub Actions workflow commands (for inline annotations).
    Github,
    /// Counts per rule and directory, worst files, fixable share (for audits).
    Summary,
    /// A report to paste into an issue or pull-request comment.
    Markdown,
    /// One self-contained HTML page with charts and filters (use with `--output`).
    Html,
}

/// Render a report.
pub fn render(format: Format, report: &Report, human: &HumanOptions) -> String {
    match format {
        Format::Human => human::render(report, human),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Summary => summary::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    }
}

/// Write a report to `out`. JSON, the format of large runs, is written as it is produced;
/// the others are rendered first.
pub fn write(
    format: Format,
    report: &Report,
    human: &HumanOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, out),
        _ => out.write_all(render(format, report, human).as_bytes()),
    }?;
    out.flush()
}

/// Start and end positions of a span (end exclusive, both 1-based).
pub fn range(file: &SourceFile, span: Span) -> (Position, Position) {
    (
        file.position(span.start as usize),
        file.position(span.end as usize),
    )
}

/// Counts per severity.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `3 errors, 5 warnings in 2 of 3 files`.
pub fn summary_line(report: &Report) -> String {
    let line = findings_line(report);
    let mut skipped = Vec::new();
    if report.skipped_empty > 0 {
        skipped.push(format!(
            "{} left out",
            plural(report.skipped_empty, "empty file")
        ));
    }
    if report.skipped_not_content > 0 {
        skipped.push(format!(
            "{} left out (README, CHANGELOG…; `include` in the config brings them back)",
            plural(report.skipped_not_content, "repository document")
        ));
    }
    if skipped.is_empty() {
        line
    } else {
        format!("{line}; {}", skipped.join(", "))
    }
}

/// Findings and files checked, for [`summary_line`].
fn findings_line(report: &Report) -> String {
    let (e, w, i) = counts(&report.diagnostics);
    let files = {
        let mut v: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.file.display.as_str())
            .collect();
        v.dedup();
        v.len()
    };
    let checked = plural(report.files_checked, "file");
    if e + w + i == 0 {
        return format!("no problems in {checked}");
    }
    let mut parts = vec![plural(e, "error"), plural(w, "warning")];
    if i > 0 {
        parts.push(plural(i, "info"));
    }
    // Findings on a rule pack are in a file that was not checked.
    if files > report.files_checked {
        return format!(
            "{} in {}, {checked} checked",
            parts.join(", "),
            plural(files, "file")
        );
    }
    format!("{} in {files} of {checked}", parts.join(", "))
}
