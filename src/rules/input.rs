//! The `input/*` rules: reported by the loader when a file cannot become a page.

use crate::declare_rule;
use crate::diagnostic::Severity;

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
