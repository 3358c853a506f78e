use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::image;
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags an image loaded over plain `http://` on a site served over HTTPS (any site
    /// whose `baseURL` does not start with `http://`, and pages outside a site). The fix,
    /// shown but never applied by itself, switches to `https://`: check that the host
    /// serves the image there.
    ///
    /// ## Why is this bad?
    /// Browsers block or upgrade mixed content: the image may not show, and the page loses
    /// its padlock.
    ///
    /// ## Example
    /// ```markdown
    /// ![Sponsor](http://example.com/logo.png)
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ![Sponsor](https://example.com/logo.png)
    /// ```
    pub ImageInsecure, "image/insecure", Severity::Warning, "image loaded over plain HTTP", fixable = true
}

impl Rule for ImageInsecure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((_, _, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        let http_site = cx
            .site
            .base_url
            .as_deref()
            .is_some_and(|b| b.trim().to_ascii_lowercase().starts_with("http://"));
        if http_site {
            return;
        }
        for img in &refs {
            let text = doc.slice(img.src_span);
            let lead = text.len() - text.trim_start().len();
            let scheme = text.get(lead..lead + 7);
            if !scheme.is_some_and(|s| s.eq_ignore_ascii_case("http://")) {
                continue;
            }
            if !matches!(image::classify(&img.src, cx.site), image::Kind::Remote(_)) {
                continue;
            }
            let scheme_span = Span::new(
                img.src_span.start as usize + lead,
                img.src_span.start as usize + lead + 4,
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    img.src_span,
                    format!("image `{}` is loaded over plain HTTP", img.src.trim()),
                )
                .help("use `https://` (check that the host serves the image over HTTPS)")
                .fix(Fix::replace(scheme_span, "https", Applicability::Unsafe)),
            );
        }
    }
}
