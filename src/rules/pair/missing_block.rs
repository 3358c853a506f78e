//! `pair/missing-block`: a block of one page that the alignment found no counterpart for
//! in the other, reported on the page that lacks it; a run of such blocks (a whole
//! section) is one finding. A translation that covers only a small share of the original
//! is one finding for the page instead.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pairing::align::{insertion_span, shared, Alignment, Kind, Link, Unit};
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
    /// Speakers entries are left out, and so is what a translation adapts without losing
    /// text: headings alone (a heading added over text both pages have), a run whose text is
    /// inside the neighbouring blocks of the other page (their length fits the run and its
    /// neighbours together), and a run moved or rewritten (a run of the other page near it
    /// shares its anchors or, next to it, has the length the page ratio predicts; or a
    /// nearby block of the other page has its anchors). A translation whose aligned blocks
    /// cover less than half of the original is one finding for the page, with the share it
    /// covers, on its last aligned block when the rest of the original is what is missing.
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
        let more = run.len() - 1;
        format!(
            "{what} `{short}` and {more} more block{}",
            if more == 1 { "" } else { "s" }
        )
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
            let last = al
                .links
                .iter()
                .rposition(|l| !l.a.is_empty() && !l.b.is_empty());
            // Most of what is missing comes after the last linked block: the translation
            // stops there.
            let cut = last.filter(|&k| {
                let after = prose_total(&al.a[al.links[k].a.end..]);
                2 * after >= total - matched
            });
            let d = match cut {
                Some(k) => {
                    let l = &al.links[k];
                    let rest = al.a[l.a.end..]
                        .iter()
                        .map(|u| u.span)
                        .reduce(|x, y| x.cover(y))
                        .unwrap_or_else(|| page_span(o));
                    Diagnostic::new(
                        &Self::META,
                        &t.source,
                        al.b[l.b.end - 1].span,
                        format!(
                            "this translation covers about {share}% of the other page: it stops here"
                        ),
                    )
                    .label(&o.source, rest, "not translated")
                }
                None => Diagnostic::new(
                    &Self::META,
                    &t.source,
                    page_span(t),
                    format!("this translation covers about {share}% of the other page"),
                )
                .label(&o.source, page_span(o), "the whole page"),
            };
            out.push(d.help("translate the rest of the page, or mark it as a draft"));
            return;
        }
        let runs = runs(al);
        for (r, run) in runs.iter().enumerate() {
            // Nothing worth a finding, or headings alone: a structure the translation
            // adapted (a heading added over text that both pages have), not missing text.
            if run.units.iter().all(|u| matches!(u.kind, Kind::Heading(_))) {
                continue;
            }
            if runs.iter().enumerate().any(|(q, other)| {
                q != r && other.lacking_a != run.lacking_a && moved(al, run, other)
            }) {
                continue;
            }
            if merged(al, run) || anchored_nearby(al, run) {
                continue;
            }
            let lacking_a = run.lacking_a;
            let l = &al.links[run.first];
            let at = if lacking_a { l.a.start } else { l.b.start };
            let (lacks, has) = if lacking_a { (o, t) } else { (t, o) };
            let lacks_units = if lacking_a { &al.a } else { &al.b };
            let span = insertion_span(lacks_units, at, page_span(lacks));
            let units = &run.units;
            let whole: Span = units[0].span.cover(units[units.len() - 1].span);
            let what = describe(has, units);
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

/// Consecutive links whose blocks are on one page only.
struct Run {
    /// Whether the first page lacks them.
    lacking_a: bool,
    /// The links `first..end`.
    first: usize,
    end: usize,
    /// Their blocks worth a finding.
    units: Vec<Unit>,
}

impl Run {
    /// The anchors of all its blocks, sorted and without repeats.
    fn anchors(&self, al: &Alignment) -> Vec<u64> {
        let mut v: Vec<u64> = self
            .all(al)
            .flat_map(|u| u.anchors.iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The blocks of the page that has them, all of them.
    fn all<'a>(&self, al: &'a Alignment) -> impl Iterator<Item = &'a Unit> + 'a {
        let (lacking_a, (first, end)) = (self.lacking_a, (self.first, self.end));
        al.links[first..end].iter().flat_map(move |l| {
            if lacking_a {
                &al.b[l.b.clone()]
            } else {
                &al.a[l.a.clone()]
            }
        })
    }
}

fn runs(al: &Alignment) -> Vec<Run> {
    let one_sided = |l: &Link| -> Option<bool> {
        match (l.a.is_empty(), l.b.is_empty()) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < al.links.len() {
        let Some(lacking_a) = one_sided(&al.links[k]) else {
            k += 1;
            continue;
        };
        let mut end = k + 1;
        while end < al.links.len() && one_sided(&al.links[end]) == Some(lacking_a) {
            end += 1;
        }
        let mut run = Run {
            lacking_a,
            first: k,
            end,
            units: Vec::new(),
        };
        run.units = run.all(al).filter(|u| counts(u)).cloned().collect();
        if !run.units.is_empty() {
            out.push(run);
        }
        k = end;
    }
    out
}

/// Links this close are one place of the page.
const NEAR: usize = 3;

/// Whether `other`, a run on the other page near `run`, is its text moved or rewritten
/// rather than two missing texts: the two share a strong anchor or half their anchors, or
/// they are at most one link apart and of about the length the page ratio predicts.
fn moved(al: &Alignment, run: &Run, other: &Run) -> bool {
    let gap = other
        .first
        .checked_sub(run.end)
        .or(run.first.checked_sub(other.end))
        .unwrap_or(0);
    if gap > NEAR {
        return false;
    }
    let (xs, ys) = (run.anchors(al), other.anchors(al));
    let strong = |v: &[u64]| {
        v.iter()
            .filter(|a| *a & 1 == 0)
            .copied()
            .collect::<Vec<_>>()
    };
    // A strong anchor in common, or half the anchors of the smaller one.
    let both = shared(xs.iter(), ys.iter());
    if shared(strong(&xs).iter(), strong(&ys).iter()) > 0
        || both > 0 && 2 * both >= xs.len().min(ys.len())
    {
        return true;
    }
    let size = |r: &Run| r.all(al).map(|u| u.size as f64).sum::<f64>();
    let (sa, sb) = if run.lacking_a {
        (size(other), size(run))
    } else {
        (size(run), size(other))
    };
    gap <= 1 && (sb / (al.ratio * sa).max(1.0)).ln().abs() < std::f64::consts::LN_2
}

/// Whether the run's anchors are in a block of the other page near it: its text is there,
/// in another order than the alignment could follow.
fn anchored_nearby(al: &Alignment, run: &Run) -> bool {
    let mine = run.anchors(al);
    if mine.is_empty() {
        return false;
    }
    let from = run.first.saturating_sub(NEAR);
    let to = (run.end + NEAR).min(al.links.len());
    al.links[from..to].iter().any(|l| {
        let units = if run.lacking_a {
            &al.a[l.a.clone()]
        } else {
            &al.b[l.b.clone()]
        };
        units.iter().any(|u| {
            let both = shared(mine.iter(), u.anchors.iter());
            let strong = shared(mine.iter().filter(|a| *a & 1 == 0), u.strong());
            strong > 0 || both >= 2 && 2 * both >= mine.len()
        })
    })
}

/// Whether the text of a run of prose is most likely inside its neighbours' counterparts
/// (merged into a longer block there, which the alignment cannot link as one): the
/// neighbours on the other page are as long as the run and its neighbours together
/// predict, rather than as long as the neighbours alone.
fn merged(al: &Alignment, run: &Run) -> bool {
    if !run
        .all(al)
        .all(|u| u.kind.is_prose() || u.kind == Kind::Html)
    {
        return false;
    }
    let paired = |l: &&Link| !l.a.is_empty() && !l.b.is_empty();
    let before = al.links[..run.first].iter().rev().take(2).filter(paired);
    let after = al.links[run.end..].iter().take(2).filter(paired);
    let prose = |us: &[Unit]| -> f64 {
        us.iter()
            .filter(|u| u.kind.mergeable())
            .map(|u| u.size as f64)
            .sum()
    };
    let (mut ha, mut hb) = (0.0, 0.0);
    for l in before.into_iter().chain(after) {
        ha += prose(&al.a[l.a.clone()]);
        hb += prose(&al.b[l.b.clone()]);
    }
    if ha == 0.0 || hb == 0.0 {
        return false;
    }
    let rs: f64 = run.all(al).map(|u| u.size as f64).sum();
    // Sizes of the page that has the run, and of the one that lacks it, in the lacking
    // page's measure.
    let (has, lacks, scale) = if run.lacking_a {
        (hb, ha, 1.0 / al.ratio)
    } else {
        (ha, hb, al.ratio)
    };
    let with = ((has + rs) * scale).max(1.0);
    let without = (has * scale).max(1.0);
    (lacks / with).ln().abs() < (lacks / without).ln().abs()
}
