use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::visible_span;

declare_rule! {
    /// ## What it does
    /// Reports front matter that the YAML, TOML or JSON parser cannot read, at the place the
    /// parser stopped, in words a content editor understands.
    ///
    /// ## Why is this bad?
    /// Hugo refuses to build the site (or drops the page) when its front matter does not parse.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Kafka: the "fast" path
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: 'Kafka: the "fast" path'
    /// ---
    /// ```
    pub SchemaSyntax, "schema/syntax", Severity::Error, "front matter cannot be parsed"
}

impl Rule for SchemaSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = &doc.front_matter else { return };
        if fm.close.is_none() {
            return; // schema/unclosed says it better
        }
        let Some(err) = &fm.error else { return };
        let span = if err.span.is_empty() {
            visible_span(doc.text(), err.span.start as usize)
        } else {
            err.span
        };
        out.push(
            Diagnostic::new(&Self::META, &doc.source, span, err.message.clone()).help(
                "quote values that contain `:`, `#` or quotes, and indent with spaces, not tabs",
            ),
        );
    }
}
