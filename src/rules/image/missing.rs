use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::image::{self, Outcome};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an image whose file exists nowhere the published site would serve it from: not
    /// in the page bundle, not in a static directory of the site or its theme, not in
    /// `assets/`. It looks at Markdown images (inline and reference-style), `<img src>` and
    /// `srcset` in HTML, `figure` shortcodes and front-matter image fields. When a file with
    /// a close name exists, it says which.
    ///
    /// A root-relative src (`/images/x.png`) is looked up in every static directory, after
    /// the path of `baseURL` is taken off. A relative src (`images/x.png`) resolves against
    /// the site root when a layout sets `<base href>`, against the page's URL when the layouts
    /// do not, and either way when there is no layout to read. Query strings and fragments
    /// are ignored, `%20` and friends are decoded. Names must match exactly, letter case
    /// included (see `image/case-mismatch`). A page outside any Hugo site resolves relative
    /// srcs against its own directory (the examples here are such pages, checked from the
    /// project's directory).
    ///
    /// ## Why is this bad?
    /// The published page shows a broken image: a speaker without a photo, a diagram that
    /// is not there.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="images/speaker/0000.png" width="200" />
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// <img src="tests/data/images/speaker.png" width="200" />
    /// ```
    ///
    /// ## Options
    /// These options are shared by every `image/*` rule; set them under `rules: image:`.
    /// - `relative-to`: `auto` (default), `site`, `page` or `both`: how a relative src
    ///   resolves (see above).
    /// - `roots`: extra directories, relative to the site root, whose files are published at
    ///   the site root (for module mounts Hugo's config does not show).
    /// - `front-matter-keys`: front-matter fields holding images; dotted for nested ones.
    ///   Default: `image`, `images`, `cover.image`, `featured_image`, `featuredImage`.
    pub ImageMissing, "image/missing", Severity::Error, "image file not found", fixable = true
}

impl Rule for ImageMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((opts, state, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        for (img, outcome) in image::resolve_local(&state, doc, cx, &opts, &refs) {
            let Outcome::Missing { looked, suggestion } = outcome else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                &doc.source,
                img.src_span,
                format!("image `{}` not found", img.src.trim()),
            );
            let mut help = if looked.is_empty() {
                String::new()
            } else {
                format!("looked for {}", looked.join("; "))
            };
            if let Some(s) = &suggestion {
                help = format!("did you mean `{s}`? ({help})");
                d = d.fix(Fix::replace(img.src_span, s.clone(), Applicability::Unsafe));
            } else if !help.is_empty() {
                help.push_str("; add the file or correct the path");
            }
            if !help.is_empty() {
                d = d.help(help);
            }
            out.push(d);
        }
    }
}
