//! The `input/*` rules: reported by the loader when a file cannot become a page.

use std::path::PathBuf;
use std::sync::Arc;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::InputProblem;
use crate::source::{SourceFile, Span};

declare_rule! {
    /// ## What it does
    /// Reports a file that could not be read: permissions, a file removed while the run was
    /// going, a path that is not a regular file.
    ///
    /// ## Why is this bad?
    /// Nothing in the file was checked. The rest of the run goes on.
    ///
    /// ## Example
    /// ```text
    /// chmod 000 content/sessions/a.md
    /// ```
    pub InputUnreadable, "input/unreadable", Severity::Error, "file cannot be read"
}

declare_rule! {
    /// ## What it does
    /// Reports a file whose bytes are not UTF-8 (for example UTF-16, or Latin-1 saved by an
    /// old editor), with the offset of the first bad byte.
    ///
    /// ## Why is this bad?
    /// Hugo expects UTF-8; the page would render with replacement characters or not at all.
    ///
    /// ## Example
    /// ```text
    /// a page saved as UTF-16 with a byte-order mark
    /// ```
    ///
    /// Use instead: save the file as UTF-8.
    pub InputNotUtf8, "input/not-utf8", Severity::Error, "file is not UTF-8"
}

declare_rule! {
    /// ## What it does
    /// Reports a file that holds NUL bytes: a binary file with a content extension, or a
    /// file damaged in transfer.
    ///
    /// ## Why is this bad?
    /// It is not a page; something put it where pages live.
    ///
    /// ## Example
    /// ```text
    /// a PNG renamed to photo.md
    /// ```
    pub InputBinary, "input/binary", Severity::Error, "file is binary"
}

declare_rule! {
    /// ## What it does
    /// Reports a file larger than the size limit (`max-file-size` in the configuration,
    /// 32 MiB by default). The file is not read.
    ///
    /// ## Why is this bad?
    /// Pages are small; a huge file is generated or misplaced, and reading it would slow
    /// every run.
    ///
    /// ## Example
    /// ```text
    /// a 50 MB log saved as content/notes.md
    /// ```
    ///
    /// ## Options
    /// `max-file-size` (bytes) in `contentlint.yaml`.
    pub InputTooLarge, "input/too-large", Severity::Error, "file is larger than the size limit"
}

/// An empty stand-in for a file that could not be read, for its finding to point at.
fn empty_file(display: &str, path: PathBuf) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(
        display.to_string(),
        path,
        String::new(),
        false,
    ))
}

/// The finding for a file (shown as `display`) that could not become a page.
pub fn input_diagnostic(display: &str, path: PathBuf, problem: InputProblem) -> Diagnostic {
    let file = empty_file(display, path);
    let span = Span::empty(0);
    match problem {
        InputProblem::Unreadable(reason) => Diagnostic::new(
            &InputUnreadable::META,
            &file,
            span,
            format!("cannot read: {reason}"),
        )
        .help("check that the file exists and is readable; the rest of the run went on"),
        InputProblem::NotUtf8 { offset, encoding } => {
            let what = encoding
                .map(|e| format!("encoded as {e}"))
                .unwrap_or_else(|| format!("not valid UTF-8 at byte {offset}"));
            Diagnostic::new(&InputNotUtf8::META, &file, span, format!("file is {what}"))
                .help("save the file as UTF-8 (without changing its text)")
        }
        InputProblem::Binary { offset } => Diagnostic::new(
            &InputBinary::META,
            &file,
            span,
            format!("file holds a NUL byte at offset {offset}: it is binary"),
        )
        .help("remove the file, or give it the extension of what it is"),
        InputProblem::TooLarge { size, limit } => Diagnostic::new(
            &InputTooLarge::META,
            &file,
            span,
            format!("file is {size} bytes, over the limit of {limit}"),
        )
        .help(
            "raise `max-file-size` in contentlint.yaml if this page is really meant to be this big",
        ),
    }
}

/// The finding for a path the walk could not read (a directory it could not list).
pub fn unreadable_path(display: &str, reason: &str) -> Diagnostic {
    Diagnostic::new(
        &InputUnreadable::META,
        &empty_file(display, PathBuf::from(display)),
        Span::empty(0),
        format!("cannot read: {reason}"),
    )
    .help("check the permissions of this path; the rest of the run went on")
}
