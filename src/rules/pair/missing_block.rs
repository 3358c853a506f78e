//! `pair/missing-block`: a block of one page that the alignment found no counterpart for
//! in the other, reported on the page that lacks it; a run of such blocks (a whole
//! section) is one finding. A translation that covers only a small share of the original
//! is one finding for the page instead.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pairing::align::{insertion_span, Kind, Unit};
use crate::rules::pair::page_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Aligns the blocks of a page and its translation (headings with their sections,
    /// paragraphs, list items, table rows, quotes, code blocks) by order, length and
    /// shared anchors (numbers, URLs, inline code, Latin terms), and reports a block that
    /// has no counterpart, on the page that lacks it, with the block as related location.
    /// Consecutive blocks without counterpart are one finding (a missing section is one
    /// finding at its heading). Small blocks (a word or two), images (`pair/images`) and
    /// Speakers entries are left out. A translation whose aligned blocks cover less than
    /// half of the original is one finding for the page, with the share it covers.
    /// `contentlint pair A.md B.md` shows the alignment.
    ///
    /// ## Why is this bad?
    /// A section, paragraph or list item present on one side only is information a reader
    /// of the other language never gets.
    ///
    /// ## Example
    /// The original has `## Upgrade` with two paragraphs between `## Install` and `## Use`;
    /// the translation:
    /// ```text
    /// ## 安装
    /// …
    /// ## 使用
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// ## 安装
    /// …
    /// ## 升级
    /// …
    /// ## 使用
    /// ```
    pub PairMissingBlock, "pair/missing-block", Severity::Warning, "a block of one page has no counterpart in its translation"
}

/// Whether a block without counterpart is worth a finding on its own.
fn counts(u: &Unit) -> bool {
    match u.kind {
        Kind::Field(_) | Kind::Image | Kind::Speaker => false,
        Kind::Heading(_) | Kind::Code => true,
        Kind::Html => u.size >= 8,
        _ => u.size >= 4,
    }
}

fn prose_total(us: &[Unit]) -> u32 {
    us.iter()
        .filter(|u| !matches!(u.kind, Kind::Field(_) | Kind::Code | Kind::Image))
        .map(|u| u.size)
        .sum()
}

fn describe(doc: &Document, run: &[Unit]) -> String {
    let first = &run[0];
    let line = doc.slice(first.span).lines().next().unwrap_or("").trim();
    let short: String = line.chars().take(60).collect();
    let short = if short.len() < line.len() {
        format!("{short}…")
    } else {
        short
    };
    let what = match first.kind {
        Kind::Heading(_) => "the section",
        Kind::Code => "the code block",
        Kind::Item => "the list item",
        Kind::Row => "the table row",
        Kind::Quote => "the note",
        _ => "the paragraph",
    };
    if run.len() > 1 {
        format!("{what} `{short}` and {} more blocks", run.len() - 1)
    } else {
        format!("{what} `{short}`")
    }
}

impl PairRule for PairMissingBlock {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let al = pair.alignment();
        // A truncated or placeholder translation: one finding for the page.
        let total = prose_total(&al.a);
        let matched: u32 = al
            .links
            .iter()
            .filter(|l| !l.a.is_empty() && !l.b.is_empty())
            .map(|l| prose_total(&al.a[l.a.clone()]))
            .sum();
        if total >= 40 && (matched as f64) < 0.5 * total as f64 {
            let share = (100.0 * matched as f64 / total as f64).round();
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    page_span(t),
                    format!("this translation covers about {share}% of the other page"),
                )
                .label(&o.source, page_span(o), "the whole page")
                .help("translate the rest of the page, or mark it as a draft"),
            );
            return;
        }
        // Runs of consecutive blocks without counterpart, on either side.
        let links = &al.links;
        let mut k = 0;
        while k < links.len() {
            let l = &links[k];
            let (lacking_a, run_side) = if l.a.is_empty() && !l.b.is_empty() {
                (true, &al.b)
            } else if l.b.is_empty() && !l.a.is_empty() {
                (false, &al.a)
            } else {
                k += 1;
                continue;
            };
            // The run: the following links missing on the same side.
            let mut end = k + 1;
            while end < links.len() {
                let n = &links[end];
                let same = if lacking_a {
                    n.a.is_empty() && !n.b.is_empty()
                } else {
                    n.b.is_empty() && !n.a.is_empty()
                };
                if !same {
                    break;
                }
                end += 1;
            }
            let range =
                |x: &crate::pairing::align::Link| if lacking_a { x.b.clone() } else { x.a.clone() };
            let units: Vec<Unit> = links[k..end]
                .iter()
                .flat_map(|x| run_side[range(x)].iter().cloned())
                .filter(counts)
                .collect();
            let at = if lacking_a { l.a.start } else { l.b.start };
            k = end;
            if units.is_empty() {
                continue;
            }
            let (lacks, has) = if lacking_a { (o, t) } else { (t, o) };
            let lacks_units = if lacking_a { &al.a } else { &al.b };
            let span = insertion_span(lacks_units, at, page_span(lacks));
            let whole: Span = units[0].span.cover(units[units.len() - 1].span);
            let what = describe(has, &units);
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &lacks.source,
                    span,
                    format!("{what} of the other page has no counterpart here"),
                )
                .label(&has.source, whole, "only on the other page")
                .help(if lacking_a {
                    "add the text to this page too, or remove it from the translation"
                } else {
                    "translate the missing text and add it after this block"
                }),
            );
        }
    }
}
