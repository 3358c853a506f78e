use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::image::{self, Outcome};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an image whose file exists only with different letter case: the page says
    /// `logo.png`, the file is `Logo.png`. Names are compared exactly even on a file system
    /// that ignores case (macOS, Windows). The fix writes the file's real name.
    ///
    /// ## Why is this bad?
    /// It works on the author's laptop and 404s on the Linux server that publishes the site.
    ///
    /// ## Example
    /// ```markdown
    /// ![Logo](tests/data/images/logo.png)
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ![Logo](tests/data/images/Logo.png)
    /// ```
    pub ImageCaseMismatch, "image/case-mismatch", Severity::Error, "image file exists only with different letter case", fixable = true
}

impl Rule for ImageCaseMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((opts, state, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        for (img, outcome) in image::resolve_local(&state, doc, cx, &opts, &refs) {
            let Outcome::CaseMismatch { actual, fixed } = outcome else {
                continue;
            };
            let file = image::shown(cx.site, &actual);
            let mut d = Diagnostic::new(
                &Self::META,
                &doc.source,
                img.src_span,
                format!(
                    "image `{}` exists only as `{file}` (letter case differs)",
                    img.src.trim()
                ),
            );
            match fixed {
                Some(f) => {
                    d = d
                        .help(format!("write `{f}`: the server compares names exactly"))
                        .fix(Fix::replace(img.src_span, f, Applicability::Safe));
                }
                None => {
                    d = d.help(
                        "write the file's name with its exact letter case, or rename the file",
                    )
                }
            }
            out.push(d);
        }
    }
}
