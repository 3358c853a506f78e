use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, ImageOrigin};
use crate::rules::image::{self, Kind};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an image with an empty source: `![Photo]()`, `<img src="">`, `{{< figure src="" >}}`,
    /// or an empty front-matter image field.
    ///
    /// ## Why is this bad?
    /// The page shows a broken image, and browsers request the page itself again as the
    /// image. An empty src is usually a photo that was never filled in.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="" alt="Jing Li" width="200" />
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// <img src="tests/data/images/speaker.png" alt="Jing Li" width="200" />
    /// ```
    pub ImageEmptySrc, "image/empty-src", Severity::Error, "image has an empty source"
}

impl Rule for ImageEmptySrc {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((_, _, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        for img in &refs {
            if image::classify(&img.src, cx.site) != Kind::Empty {
                continue;
            }
            // An empty `srcset` candidate list is not an empty image; only whole sources.
            let what = match img.origin {
                ImageOrigin::FrontMatter => "front-matter image field is empty",
                _ => "image has an empty source",
            };
            let span = if img.src_span.is_empty() || img.src_span == img.span {
                img.span
            } else {
                img.src_span
            };
            out.push(
                Diagnostic::new(&Self::META, &doc.source, span, what)
                    .help("give the path of the image, or remove the image"),
            );
        }
    }
}
