use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::pair::page_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a translation whose body is the original's, unchanged or nearly (at least 90%
    /// of the character pairs of the prose shared), when the body has at least 30
    /// characters of prose.
    ///
    /// ## Why is this bad?
    /// The page was created by copying the original and never translated: the Chinese site
    /// shows an English abstract.
    ///
    /// ## Example
    /// `sessions/1058.md` and `sessions/1058.zh.md` both say:
    /// ```text
    /// This talk introduces how we run Apache Pulsar at scale.
    /// ```
    ///
    /// Use instead, in `1058.zh.md`:
    /// ```text
    /// 本次分享介绍我们如何大规模运行 Apache Pulsar。
    /// ```
    pub PairCopied, "pair/copied", Severity::Warning, "the translation is a copy of the original"
}

/// The pairs of characters in a row of a page's prose (blanks left out), each once and
/// sorted, and how many characters the prose has.
struct Bigrams(Vec<u64>, usize);

fn bigrams(doc: &Document) -> Bigrams {
    let chars: Vec<char> = doc
        .body
        .prose
        .iter()
        .flat_map(|s| doc.slice(s.span).chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut pairs: Vec<u64> = chars
        .windows(2)
        .map(|w| (w[0] as u64) << 32 | w[1] as u64)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    Bigrams(pairs, chars.len())
}

impl PairRule for PairCopied {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        // Pages in different scripts are not copies: skip the expensive comparison.
        if crate::lang::prose_lang(o) != crate::lang::prose_lang(t) {
            return;
        }
        // The original's once for all its translations.
        let (ob, tb) = (pair.pages.get_or(o, || bigrams(o)), bigrams(t));
        let (Bigrams(ob, on), Bigrams(tb, tn)) = (&*ob, &tb);
        if *on < 30 || *tn < 30 {
            return;
        }
        let shared = crate::pairing::align::shared(ob.iter(), tb.iter());
        let similarity = shared as f64 / ob.len().max(tb.len()).max(1) as f64;
        if similarity < 0.9 {
            return;
        }
        out.push(
            Diagnostic::new(
                &Self::META,
                &t.source,
                page_span(t),
                format!(
                    "the body is {}% the same as the other page's: it was not translated",
                    (similarity * 100.0).round()
                ),
            )
            .label(&o.source, page_span(o), "the other page")
            .help("translate the body (and the title) into this page's language"),
        );
    }
}
