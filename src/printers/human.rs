//! `--format human`: each finding as a code snippet with its span underlined and the help
//! under it (rendered by `annotate-snippets`), then a one-line summary.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{floor_char_boundary, SourceFile, Span};

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    /// Use colour.
    pub color: bool,
}

/// Widest part of a long line shown around a span, in bytes.
const WINDOW: usize = 240;

/// The lines around `span`, cut to a window when a line is very long:
/// (excerpt, its first line number, the span relative to the excerpt).
fn excerpt(file: &SourceFile, span: Span) -> (&str, usize, std::ops::Range<usize>) {
    let text = &file.text;
    let lines = &file.lines;
    let first = lines.line_of(span.start as usize);
    let last = lines.line_of(span.end as usize);
    let last = last.min(first + 8);
    let start = lines.line_range(text, first).start;
    let end = lines.line_range(text, last).end.max(start);
    let mut s = start;
    let mut e = end;
    if e - s > WINDOW * 2 {
        s = floor_char_boundary(
            text,
            (span.start as usize).saturating_sub(WINDOW / 2).max(start),
        );
        e = floor_char_boundary(text, (span.end as usize + WINDOW / 2).min(end));
        if e < span.end as usize {
            e = floor_char_boundary(text, (span.end as usize).min(end));
        }
    }
    let rel_start = (span.start as usize).clamp(s, e) - s;
    let rel_end = (span.end as usize).clamp(s, e) - s;
    (&text[s..e], first + 1, rel_start..rel_end.max(rel_start))
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(d: &Diagnostic, renderer: &Renderer) -> String {
    let (code, line_start, rel) = excerpt(&d.file, d.span);
    let mut snippet = Snippet::source(code)
        .line_start(line_start)
        .path(d.file.display.as_str());
    if d.file.text.is_empty() {
        snippet = snippet.fold(false);
    }
    snippet = snippet.annotation(AnnotationKind::Primary.span(rel));
    let mut related = Vec::new();
    for l in &d.labels {
        if std::sync::Arc::ptr_eq(&l.file, &d.file)
            && d.file.lines.line_of(l.span.start as usize) == line_start - 1
        {
            let (_, _, r) = excerpt(&d.file, l.span);
            snippet = snippet.annotation(AnnotationKind::Context.span(r).label(l.message.as_str()));
        } else {
            related.push(l);
        }
    }
    let mut group = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule.id)
        .element(snippet);
    for l in related {
        let (code, ls, r) = excerpt(&l.file, l.span);
        group = group.element(
            Snippet::source(code)
                .line_start(ls)
                .path(l.file.display.as_str())
                .annotation(AnnotationKind::Context.span(r).label(l.message.as_str())),
        );
    }
    let mut report: Vec<Group<'_>> = vec![group];
    if let Some(h) = &d.help {
        report.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
    }
    if let Some(fix) = &d.fix {
        if let [edit] = fix.edits.as_slice() {
            let what = if edit.replacement.is_empty() {
                "delete it".to_string()
            } else {
                format!("`{}`", edit.replacement)
            };
            let how = match fix.applicability {
                crate::diagnostic::Applicability::Safe => "fix (safe, applied by --fix)",
                crate::diagnostic::Applicability::Unsafe => "suggestion",
            };
            report.push(Group::with_title(
                Level::NOTE.secondary_title(format!("{how}: {what}")),
            ));
        }
    }
    renderer.render(&report)
}

pub(super) fn render(report: &Report, opts: &HumanOptions) -> String {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&render_one(d, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    out
}
