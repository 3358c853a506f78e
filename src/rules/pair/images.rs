use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pairing::align::{image_key as key, Kind};
use crate::rules::pair::counterpart_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the images of a page and its translation (Markdown images, `<img>` tags,
    /// figure shortcodes): an image of the original missing from the translation (reported
    /// where it should be, with the original's image as related location) and an image of
    /// the translation that the original does not have (reported at its source). Sources
    /// are compared without the scheme (`http://` and `https://` are the same image), a
    /// leading `./` or `/`, a trailing `/`, and case. A missing image is reported at the
    /// translation's block aligned with the original's block that shows it. An image
    /// replaced by another one in the block the alignment pairs with it (a localised
    /// screenshot) is not reported, except in a Speakers entry, where it is the wrong photo.
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
        let al = pair.alignment();
        // The link of the block that shows an image, unless it is a Speakers entry.
        let link = |at: u32, a_side: bool| -> Option<usize> {
            let (u, k) = al.block_at(a_side, at)?;
            let kind = &if a_side { &al.a } else { &al.b }[u].kind;
            let l = &al.links[k];
            (*kind != Kind::Speaker && !l.a.is_empty() && !l.b.is_empty()).then_some(k)
        };
        // For each image of `doc` that the other page does not show: the link of its block.
        let lone = |doc: &Document, others: &[String], a_side: bool| -> Vec<Option<usize>> {
            doc.body
                .images
                .iter()
                .filter(|i| !i.src.trim().is_empty() && !others.contains(&key(&i.src)))
                .map(|i| link(i.span.start, a_side))
                .collect()
        };
        let (lone_o, lone_t) = (lone(o, &tk, true), lone(t, &ok, false));
        // An image of one page whose block is linked with a block of the other page that
        // shows another image of its own: the same figure, localised.
        let localised =
            |k: &Option<usize>, others: &[Option<usize>]| k.is_some() && others.contains(k);
        let (mut lo, mut lt) = (lone_o.iter(), lone_t.iter());
        for img in &o.body.images {
            if img.src.trim().is_empty() || tk.contains(&key(&img.src)) {
                continue;
            }
            if lo.next().is_some_and(|k| localised(k, &lone_t)) {
                continue;
            }
            let at = counterpart_span(pair, img.span.start);
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
            if lt.next().is_some_and(|k| localised(k, &lone_o)) {
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
