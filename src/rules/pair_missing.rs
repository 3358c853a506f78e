//! `pair/missing` is reported by the pipeline, which knows which counterparts it looked for.

use std::path::PathBuf;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pair::page_span;

declare_rule! {
    /// ## What it does
    /// Reports a page of a multilingual site (one that declares two or more languages)
    /// that has no translation in one of the site's languages, e.g. `sessions/2002.md`
    /// without `sessions/2002.zh.md`. The finding is on the page that exists, at its title.
    /// Info by default: many sites translate only some pages on purpose.
    ///
    /// ## Why is this bad?
    /// Readers of the other language get a 404 from the language switcher, and the talk is
    /// missing from their programme.
    ///
    /// ## Example
    /// A Hugo site declaring `en` and `zh` with `content/sessions/2002.md` and no
    /// `content/sessions/2002.zh.md`:
    /// ```text
    /// content/sessions/2002.md
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// content/sessions/2002.md
    /// content/sessions/2002.zh.md
    /// ```
    pub PairMissing, "pair/missing", Severity::Info, "a page has no translation"
}

/// The finding for `doc`, whose translations `missing` (language, expected path) do not
/// exist.
pub fn report(doc: &Document, missing: &[(String, PathBuf)]) -> Diagnostic {
    let span = doc
        .fm_str("title")
        .map_or_else(|| page_span(doc), |(_, s)| s);
    let names: Vec<String> = missing
        .iter()
        .map(|(lang, path)| {
            let file = path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
            format!("`{lang}` (`{file}`)")
        })
        .collect();
    Diagnostic::new(
        &PairMissing::META,
        &doc.source,
        span,
        format!("no translation in {}", names.join(", ")),
    )
    .help("translate the page, or silence this rule for pages that stay in one language")
}
