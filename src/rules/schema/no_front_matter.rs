use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::visible_span;

declare_rule! {
    /// ## What it does
    /// Flags a content page that has no front matter (no `---`, `+++` or `{` block at the
    /// very top). Files outside a site's content directory (a README beside the site) are
    /// left alone.
    ///
    /// ## Why is this bad?
    /// The page has no title, date or type: Hugo publishes it with an empty title, and the
    /// schema checks have nothing to check.
    ///
    /// ## Example
    /// ```markdown
    /// # Apache APISIX community practice sharing
    ///
    /// How to help the community grow.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache APISIX community practice sharing"
    /// ---
    /// How to help the community grow.
    /// ```
    pub SchemaNoFrontMatter, "schema/no-front-matter", Severity::Warning, "page has no front matter"
}

impl Rule for SchemaNoFrontMatter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if doc.front_matter.is_some() || !cx.site.is_content_page(&doc.source.path) {
            return;
        }
        let lead = doc.text().len() - doc.text().trim_start().len();
        let span = if doc.text().trim().is_empty() {
            visible_span(doc.text(), 0)
        } else {
            {
                let r = doc
                    .source
                    .lines
                    .line_range(doc.text(), doc.source.lines.line_of(lead));
                crate::source::Span::new(r.start, r.end)
            }
        };
        out.push(
            Diagnostic::new(&Self::META, &doc.source, span, "page has no front matter")
                .help("start the file with a `---` line, the page's fields (`title: \"…\"`), and another `---` line"),
        );
    }
}
