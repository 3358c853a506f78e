use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{BlockKind, Document};
use crate::lang;
use crate::rules::pair::page_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the shape of a page and its translation: the number of headings, of list
    /// items (when both pages have a list: a list on one side and numbered lines on the
    /// other is formatting) and of speakers in the Speakers section. Paragraphs are not
    /// compared: translators merge and split them freely. One finding per kind, on the
    /// translation.
    ///
    /// ## Why is this bad?
    /// A heading or list item fewer in the translation is a section that was never
    /// translated; a speaker fewer is a person missing from one programme.
    ///
    /// ## Example
    /// The original's outline has four list items; the translation:
    /// ```text
    /// - 背景介绍
    /// - 基础架构体系 1.0
    /// - 未来展望
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// - 背景介绍
    /// - 基础架构体系 1.0
    /// - 基础架构体系 2.0
    /// - 未来展望
    /// ```
    pub PairStructure, "pair/structure", Severity::Warning, "a page and its translation have a different structure"
}

struct Shape {
    headings: usize,
    items: usize,
    speakers: Option<usize>,
}

fn shape(doc: &Document) -> Shape {
    let count = |k: fn(&BlockKind) -> bool| doc.body.blocks.iter().filter(|b| k(&b.kind)).count();
    Shape {
        headings: count(|k| matches!(k, BlockKind::Heading(_))),
        items: count(|k| matches!(k, BlockKind::ListItem)),
        speakers: lang::speakers(doc).map(|s| s.len()).filter(|n| *n > 0),
    }
}

impl PairRule for PairStructure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let (so, st) = (shape(o), shape(t));
        let mut diffs = Vec::new();
        if so.headings != st.headings {
            diffs.push(("headings", so.headings, st.headings));
        }
        // A list on one side and numbered lines on the other is formatting, not content.
        if so.items != st.items && so.items > 0 && st.items > 0 {
            diffs.push(("list items", so.items, st.items));
        }
        if let (Some(a), Some(b)) = (so.speakers, st.speakers) {
            if a != b {
                diffs.push(("speakers", a, b));
            }
        }
        for (what, a, b) in diffs {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    page_span(t),
                    format!("{b} {what} here, {a} on the other page"),
                )
                .label(&o.source, page_span(o), "the other page")
                .help(format!(
                    "compare the {what} of the two pages: one of them lost or gained some"
                )),
            );
        }
    }
}
