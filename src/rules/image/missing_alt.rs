use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::markdown::html_attributes;
use crate::document::{Document, ImageOrigin};
use crate::rules::image;
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags an image without alternative text: a Markdown image with empty brackets
    /// (`![](x.png)`), an `<img>` tag with no `alt` attribute, a `figure` shortcode with
    /// neither `alt` nor `caption`. An explicit `alt=""` on an `<img>` marks a decorative
    /// image and is accepted. Front-matter images have no alt text and are not checked.
    ///
    /// ## Why is this bad?
    /// Screen readers announce the file name, or nothing; search engines and readers on a
    /// slow connection see nothing where the image fails to load.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="images/speaker/1058.png" width="200" /><br>Jing Li: Apache APISIX community
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// <img src="images/speaker/1058.png" alt="Jing Li" width="200" /><br>Jing Li: Apache APISIX community
    /// ```
    ///
    /// It is `info` by default: an accessibility hint, not a page that breaks. A site that
    /// wants alt text everywhere sets `rules: {image/missing-alt: warning}` (or `error`).
    ///
    /// ## Options
    /// - `markdown` (default `true`): check Markdown images.
    /// - `html` (default `true`): check `<img>` tags.
    pub ImageMissingAlt, "image/missing-alt", Severity::Info, "image has no alternative text"
}

impl Rule for ImageMissingAlt {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((opts, _, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        let mut seen: Vec<Span> = Vec::new();
        for img in &refs {
            if seen.contains(&img.span) {
                continue; // one finding per tag, not one per `srcset` candidate
            }
            seen.push(img.span);
            let text = doc.slice(img.span);
            let missing = match img.origin {
                ImageOrigin::Markdown | ImageOrigin::MarkdownReference => {
                    opts.markdown != Some(false)
                        && img.alt.as_deref().is_none_or(|a| a.trim().is_empty())
                }
                ImageOrigin::Html => opts.html != Some(false) && img.alt.is_none(),
                ImageOrigin::Shortcode => {
                    img.alt.as_deref().is_none_or(|a| a.trim().is_empty())
                        && !shortcode_has(text, "caption")
                }
                ImageOrigin::FrontMatter => false,
            };
            if !missing {
                continue;
            }
            let (span, help) = match img.origin {
                ImageOrigin::Html => (
                    Span::new(img.span.start as usize, img.span.start as usize + 4),
                    "add `alt=\"…\"` describing the image (`alt=\"\"` if it is only decoration)",
                ),
                ImageOrigin::Shortcode => (img.span, "add `alt=\"…\"` describing the image"),
                _ => (
                    img.span,
                    "write a description of the image between the brackets: `![Jing Li](…)`",
                ),
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    span,
                    format!("image `{}` has no alternative text", img.src.trim()),
                )
                .help(help),
            );
        }
    }
}

/// Whether a shortcode's text has a non-empty attribute `name`.
fn shortcode_has(text: &str, name: &str) -> bool {
    let inner = text
        .trim_start_matches("{{")
        .trim_end_matches("}}")
        .trim_matches(['<', '>', '%']);
    html_attributes(&format!("<{inner}>"))
        .iter()
        .any(|(n, v, _)| n == name && !v.trim().is_empty())
}
