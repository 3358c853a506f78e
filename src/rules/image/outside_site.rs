use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::image::{self, Outcome};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a local image path that climbs out of the site with `..`: out of the site root
    /// for a site-relative path, out of the content directory for a page-bundle path (for a
    /// page outside any site: out of the working directory).
    ///
    /// ## Why is this bad?
    /// Only files inside the site are published. A path like `../../../etc/x.png` may work
    /// in an editor's preview and never on the site.
    ///
    /// ## Example
    /// ```markdown
    /// ![Diagram](../../../etc/diagram.png)
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ![Diagram](tests/data/images/Logo.png)
    /// ```
    pub ImageOutsideSite, "image/outside-site", Severity::Error, "image path leads outside the site"
}

impl Rule for ImageOutsideSite {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((opts, state, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        for (img, outcome) in image::resolve_local(&state, doc, cx, &opts, &refs) {
            if outcome != Outcome::Outside {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    img.src_span,
                    format!("image `{}` leads outside the site", img.src.trim()),
                )
                .help(
                    "put the image in the page bundle or a static directory and link it from there",
                ),
            );
        }
    }
}
