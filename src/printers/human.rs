//! `--format human`: each finding as a code snippet with its span underlined and the help
//! under it (rendered by `annotate-snippets`), then a one-line summary.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    /// Use colour.
    pub color: bool,
}

/// Widest part of a long line shown around a span, in bytes.
const WINDOW: usize = 16 * 1024;

/// The lines around a span, cut to a window when a line is very long.
struct Excerpt<'a> {
    code: &'a str,
    /// 1-based number of its first line.
    line: usize,
    /// Byte offset of `code` in the file.
    base: usize,
    /// Whether `code` starts inside a line.
    clipped: bool,
}

impl Excerpt<'_> {
    /// `span` relative to the excerpt, clamped to it.
    fn rel(&self, span: Span) -> std::ops::Range<usize> {
        let end = self.base + self.code.len();
        let s = (span.start as usize).clamp(self.base, end) - self.base;
        let e = (span.end as usize).clamp(self.base, end) - self.base;
        s..e.max(s)
    }
}

fn excerpt(file: &SourceFile, span: Span) -> Excerpt<'_> {
    let first = file.line_of(span.start as usize);
    let last = file.line_of(span.end as usize);
    let last = last.min(first + 8);
    let start = file.line_range(first).start;
    let end = file.line_range(last).end.max(start);
    let mut s = start;
    let mut e = end;
    if e - s > WINDOW * 2 {
        s = file.floor_char_boundary((span.start as usize).saturating_sub(WINDOW / 2).max(start));
        e = file.floor_char_boundary((span.end as usize + WINDOW / 2).min(end));
        if e < span.end as usize {
            e = file.floor_char_boundary((span.end as usize).min(end));
        }
    }
    Excerpt {
        code: file.get(s..e).unwrap_or(""),
        line: first + 1,
        base: s,
        clipped: s > start,
    }
}

/// Add a snippet of `ex` to the last group of `report`. When the excerpt starts inside a
/// line, the renderer would count the column from the cut, so the real position goes to
/// that group as an [`Origin`] and the snippet to a group of its own.
fn push_snippet<'a>(
    report: &mut Vec<Group<'a>>,
    level: Level<'a>,
    file: &'a SourceFile,
    ex: Excerpt<'a>,
    at: Span,
    annotations: Vec<annotate_snippets::Annotation<'a>>,
) {
    let mut snippet = Snippet::source(ex.code).line_start(ex.line);
    if file.is_empty() {
        snippet = snippet.fold(false);
    }
    let Some(mut group) = report.pop() else {
        return;
    };
    if ex.clipped {
        let pos = file.position(at.start as usize);
        let origin = Origin::path(file.display.as_str())
            .line(pos.line)
            .char_column(pos.column);
        report.push(group.element(origin));
        group = Group::with_level(level);
    } else {
        snippet = snippet.path(file.display.as_str());
    }
    report.push(group.element(snippet.annotations(annotations)));
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(d: &Diagnostic, renderer: &Renderer) -> String {
    let ex = excerpt(&d.file, d.span);
    let mut annotations = vec![AnnotationKind::Primary.span(ex.rel(d.span))];
    let mut related = Vec::new();
    for l in &d.labels {
        let same_line = |o: u32| d.file.line_of(o as usize) + 1 == ex.line;
        if std::sync::Arc::ptr_eq(&l.file, &d.file)
            && same_line(l.span.start)
            && same_line(l.span.end)
        {
            annotations.push(
                AnnotationKind::Context
                    .span(ex.rel(l.span))
                    .label(l.message.as_str()),
            );
        } else {
            related.push(l);
        }
    }
    let title = level(d.severity).primary_title(&*d.message).id(d.rule.id);
    let mut report = vec![Group::with_title(title)];
    push_snippet(
        &mut report,
        level(d.severity),
        &d.file,
        ex,
        d.span,
        annotations,
    );
    for l in related {
        let ex = excerpt(&l.file, l.span);
        let label = AnnotationKind::Context
            .span(ex.rel(l.span))
            .label(l.message.as_str());
        push_snippet(
            &mut report,
            level(d.severity),
            &l.file,
            ex,
            l.span,
            vec![label],
        );
    }
    if let Some(h) = &d.help {
        report.push(Group::with_title(Level::HELP.secondary_title(&**h)));
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
