use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::pair::aligned_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the images of a page and its translation (Markdown images, `<img>` tags,
    /// figure shortcodes): an image of the original missing from the translation (reported
    /// where it should be, with the original's image as related location) and an image of
    /// the translation that the original does not have (reported at its source). Sources
    /// are compared without the scheme (`http://` and `https://` are the same image), a
    /// leading `./` or `/`, a trailing `/`, and case.
    ///
    /// ## Why is this bad?
    /// A speaker photo present on one side only: one of the two pages lost a speaker, or
    /// shows someone else's face.
    ///
    /// ## Example
    /// `sessions/1058.md` shows `images/speaker/1058.png` and `images/speaker/1058_2.png`;
    /// `sessions/1058.zh.md` only:
    /// ```text
    /// <img src="images/speaker/1058.png" width="200" />
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// <img src="images/speaker/1058.png" width="200" />
    /// <img src="images/speaker/1058_2.png" width="200" />
    /// ```
    pub PairImages, "pair/images", Severity::Warning, "images differ between a page and its translation"
}

/// An image source reduced for comparison: no scheme, no leading `./` or `/`, no trailing
/// `/`, no case.
fn key(src: &str) -> String {
    src.trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/')
        .to_lowercase()
}

fn keys(doc: &Document) -> Vec<String> {
    doc.body.images.iter().map(|i| key(&i.src)).collect()
}

impl PairRule for PairImages {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let (ok, tk) = (keys(o), keys(t));
        for img in &o.body.images {
            if img.src.trim().is_empty() || tk.contains(&key(&img.src)) {
                continue;
            }
            let at = aligned_span(o, t, img.span.start);
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    at,
                    format!("the other page shows `{}`, this one does not", img.src),
                )
                .label(&o.source, img.src_span, "shown on the other page")
                .help(format!(
                    "add the image here (`{}`), or remove it from the other page",
                    img.src
                )),
            );
        }
        for img in &t.body.images {
            if img.src.trim().is_empty() || ok.contains(&key(&img.src)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    img.src_span,
                    format!("`{}` is not on the other page", img.src),
                )
                .help("check that this is the right photo, and add it to the other page too"),
            );
        }
    }
}
