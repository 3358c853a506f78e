//! `pair/missing`: a page without a translation. Pairing looked for the counterparts; the
//! rule is told which it did not find (`Context::missing`).

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::pair::page_span;
use crate::rules::{Context, Rule, RuleMeta};

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

impl Rule for PairMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.missing.is_empty() || !cx.site.is_content_page(&doc.source.path) {
            return;
        }
        let span = doc
            .fm_str("title")
            .map_or_else(|| page_span(doc), |(_, s)| s);
        let names: Vec<String> = cx
            .missing
            .iter()
            .map(|(lang, path)| {
                let file = path
                    .file_name()
                    .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
                format!("`{lang}` (`{file}`)")
            })
            .collect();
        out.push(
            Diagnostic::new(
                &Self::META,
                &doc.source,
                span,
                format!("no translation in {}", names.join(", ")),
            )
            .help("translate the page, or silence this rule for pages that stay in one language"),
        );
    }
}
