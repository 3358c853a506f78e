use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::pair::{aligned_span, numbers, same_value};
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a number of the original's prose that the translation does not have, with
    /// Chinese units and English magnitude words understood (`120万` = `1.2 million` =
    /// `1,200,000`; `2万` = `20,000`; `150多个` ≈ `more than 150`), percentages kept, and
    /// thousands separators ignored. Small counts below 10 (often written as words),
    /// numbers glued to letters (`Log4j`, `S3`) and dotted versions are left out: the rule
    /// looks for lost figures, not for formatting. When most of the original's figures are
    /// missing (more than eight, and more than half of them), the translation has lost a
    /// part of the page, not a figure: that is one finding, on the first one missing.
    ///
    /// ## Why is this bad?
    /// A lost or changed figure changes the claim: "2万 QPS" translated as "2,000 QPS".
    ///
    /// ## Example
    /// The original says `集群每天处理 120万 条消息`; the translation:
    /// ```text
    /// The cluster handles 12 million messages a day.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The cluster handles 1.2 million messages a day.
    /// ```
    pub PairNumbers, "pair/numbers", Severity::Warning, "a number of the original is missing from the translation"
}

/// More missing figures than this (and more than half) are one lost part of the page.
const LOST_PART: usize = 8;

impl PairRule for PairNumbers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let tn = numbers(t);
        let mut seen: Vec<f64> = Vec::new();
        let mut distinct = 0usize;
        let mut missing = Vec::new();
        for n in numbers(o) {
            if seen.iter().any(|v| same_value(*v, n.value)) {
                continue;
            }
            seen.push(n.value);
            distinct += 1;
            if !tn.iter().any(|x| x.matches(&n)) {
                missing.push(n);
            }
        }
        if missing.len() > LOST_PART && missing.len() * 2 > distinct {
            let n = &missing[0];
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    aligned_span(o, t, n.span.start),
                    format!(
                        "{} of the other page's {distinct} figures are missing here, from `{}` on",
                        missing.len(),
                        n.text
                    ),
                )
                .label(&o.source, n.span, "the first figure missing")
                .help("a part of the page is not translated: translate the rest of the original"),
            );
            return;
        }
        for n in missing {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    aligned_span(o, t, n.span.start),
                    format!("`{}` of the other page is missing here", n.text),
                )
                .label(&o.source, n.span, "the original figure")
                .help("check the figure in the translation: it is missing or has changed"),
            );
        }
    }
}
