use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pairing::align::{image_key as key, Kind, Unit};
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
        let link = |units: &[Unit], at: u32, a_side: bool| -> Option<usize> {
            let u = units.iter().position(|u| {
                !matches!(u.kind, Kind::Field(_)) && u.span.start <= at && at < u.span.end
            })?;
            if units[u].kind == Kind::Speaker {
                return None;
            }
            al.links
                .iter()
                .position(|l| {
                    if a_side {
                        l.a.contains(&u)
                    } else {
                        l.b.contains(&u)
                    }
                })
                .filter(|&k| !al.links[k].a.is_empty() && !al.links[k].b.is_empty())
        };
        // For each image of `doc` that the other page does not show: the link of its block.
        let lone = |doc: &Document, others: &[String], a_side: bool| -> Vec<Option<usize>> {
            let units = if a_side { &al.a } else { &al.b };
            doc.body
                .images
                .iter()
                .filter(|i| !i.src.trim().is_empty() && !others.contains(&key(&i.src)))
                .map(|i| link(units, i.span.start, a_side))
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
