use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pairing::align::insertion_span;
use crate::rules::pair::{page_span, same_value, Number};
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the numbers of each block of a page with the numbers of the block the
    /// alignment pairs it with, in both directions: a figure of the original missing from
    /// its block in the translation (on that block), a figure that changed (on the
    /// translation's figure), and a figure only the translation has (on it). A figure found
    /// elsewhere on the other page is not reported. Numbers are read with
    /// Chinese units, Chinese numerals and English magnitude and number words understood
    /// (`120万` = `100 万` + … = `1.2 million` = `1,200,000`; `三千` = `3,000` = `three
    /// thousand`; `150多个` ≈ `more than 150`), days next to a month name (`November 19`)
    /// left to the date, percentages kept, and
    /// thousands separators ignored. Small counts below 10 (often written as words),
    /// numbers glued to letters (`Log4j`, `S3`, but not units such as `20CPU` or `2.73 倍`),
    /// ordinals, the digits of addresses (URLs, link targets, percent-encoding) and dotted
    /// versions are left out: the rule
    /// looks for lost figures, not for formatting. When most of the original's figures are
    /// missing from the whole translation (more than eight, and more than half of them), the
    /// translation has lost a part of the page, not a figure: that is one finding, on the
    /// translation's block aligned with the first one missing.
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
    pub PairNumbers, "pair/numbers", Severity::Warning, "a number differs between a block and its translation"
}

/// More missing figures than this (and more than half) are one lost part of the page.
const LOST_PART: usize = 8;

impl PairRule for PairNumbers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let al = pair.alignment();
        let (no, nt) = (pair.numbers(o), pair.numbers(t));
        // The link of each number (by its block), or none outside every block.
        let link_of = |n: &Number, first: bool| al.block_at(first, n.span.start).map(|(_, k)| k);
        let lo: Vec<Option<usize>> = no.iter().map(|n| link_of(n, true)).collect();
        let lt: Vec<Option<usize>> = nt.iter().map(|n| link_of(n, false)).collect();
        let paired = |k: usize| {
            let l = &al.links[k];
            !l.a.is_empty() && !l.b.is_empty()
        };
        // In a block with a counterpart, and nowhere on the other page.
        let lost_o: Vec<usize> = (0..no.len())
            .filter(|&i| lo[i].is_some_and(paired))
            .filter(|&i| !nt.iter().any(|x| x.matches(&no[i])))
            .collect();
        let lost_t: Vec<usize> = (0..nt.len())
            .filter(|&j| lt[j].is_some_and(paired))
            .filter(|&j| !no.iter().any(|x| x.matches(&nt[j])))
            .collect();
        let mut seen: Vec<f64> = Vec::new();
        let mut missing = Vec::new();
        for (i, n) in no.iter().enumerate() {
            if !seen.iter().any(|v| same_value(*v, n.value)) {
                seen.push(n.value);
                if !nt.iter().any(|x| x.matches(n)) {
                    missing.push(i);
                }
            }
        }
        if missing.len() > LOST_PART && missing.len() * 2 > seen.len() {
            let n = &no[missing[0]];
            let at = match lo[missing[0]] {
                Some(k) if paired(k) => al.b[al.links[k].b.start].span,
                Some(k) => insertion_span(&al.b, al.links[k].b.start, page_span(t)),
                None => page_span(t),
            };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    at,
                    format!(
                        "{} of the other page's {} figures are missing here, from `{}` on",
                        missing.len(),
                        seen.len(),
                        n.text
                    ),
                )
                .label(&o.source, n.span, "the first figure missing")
                .help("a part of the page is not translated: translate the rest of the original"),
            );
            return;
        }
        let mut used_t = vec![false; nt.len()];
        seen.clear();
        for &i in &lost_o {
            let n = &no[i];
            if seen.iter().any(|v| same_value(*v, n.value)) {
                continue;
            }
            seen.push(n.value);
            let k = lo[i].unwrap_or(0);
            // A figure of the same block on the other side that is not the original's
            // either: the figure changed.
            let changed = lost_t
                .iter()
                .copied()
                .find(|&j| !used_t[j] && lt[j] == Some(k));
            let d = match changed {
                Some(j) => {
                    used_t[j] = true;
                    Diagnostic::new(
                        &Self::META,
                        &t.source,
                        nt[j].span,
                        format!("`{}` here, `{}` on the other page", nt[j].text, n.text),
                    )
                    .label(&o.source, n.span, "the original figure")
                    .help(format!(
                        "check the figure: the other page says `{}`",
                        n.text
                    ))
                }
                None => {
                    let l = &al.links[k];
                    let at = al.b[l.b.start].span;
                    Diagnostic::new(
                        &Self::META,
                        &t.source,
                        at,
                        format!("`{}` of the other page is missing from this block", n.text),
                    )
                    .label(&o.source, n.span, "the original figure")
                    .help("check the figure in the translation: it is missing or has changed")
                }
            };
            out.push(d);
        }
        for &j in &lost_t {
            let n = &nt[j];
            if used_t[j] || seen.iter().any(|v| same_value(*v, n.value)) {
                continue;
            }
            seen.push(n.value);
            let l = &al.links[lt[j].unwrap_or(0)];
            let at = al.a[l.a.start].span;
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    n.span,
                    format!("`{}` is not in the other page's block", n.text),
                )
                .label(&o.source, at, "the other page's block")
                .help("check the figure: the original does not have it"),
            );
        }
    }
}
