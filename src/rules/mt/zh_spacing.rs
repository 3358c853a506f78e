//! `mt/zh-spacing`: spacing between Chinese and Latin words that breaks the house style.
//!
//! Whether `Jing 和 Reese` or `Jing和Reese` is right is a matter of style. With a style set
//! in the configuration, every boundary that breaks it is reported as the page is checked.
//! Without one, the style is inferred: the run's majority when it is clear (four boundaries
//! out of five), else each page's own majority when that is clear (three out of four);
//! that needs every page first, so pages only collect their counts into the rule's run
//! state and `finish` reports, one finding per page that strays.

use std::sync::Mutex;

use rayon::prelude::*;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::lang::{en_or_zh, is_han};
use crate::rules::mt::{prose_spans, PageRef, MAX_PER_PAGE};
use crate::rules::{Context, RuleMeta, RunContext, RunRule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags spacing between Chinese characters and Latin words in a Chinese page that
    /// differs from the house style: a space (`Jing 和 Reese`) or none (`Jing和Reese`).
    /// The style is the option `style`; when it is not set, it is the clear majority of the
    /// run, or else of the page, and a page that strays from it gets one finding with a fix
    /// for all its boundaries.
    ///
    /// ## Why is this bad?
    /// Mixed spacing within a site looks careless; it usually comes from pages written by
    /// different tools (or translated by different engines).
    ///
    /// ## Example
    /// ```markdown
    /// 本次分享由 Jing 和 Reese 介绍 APISIX 社区的 Summit 与 Meetup 经验,以及Dubbo社区。
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// 本次分享由 Jing 和 Reese 介绍 APISIX 社区的 Summit 与 Meetup 经验，以及 Dubbo 社区。
    /// ```
    ///
    /// ## Options
    /// - `style`: `spaced` or `unspaced`; every boundary that breaks it is a warning with a
    ///   safe fix. Unset (the default): inferred, findings are info and fixes need a human.
    /// - `digits` (default `false`): count digits as Latin (`2021 年` vs `2021年`).
    pub MtZhSpacing, "mt/zh-spacing", Severity::Info, "spacing between Chinese and Latin text differs from the house style", fixable = true
}

/// A place where Chinese meets a Latin word.
#[derive(Debug, Clone, Copy)]
struct Boundary {
    /// The space (spaced) or the empty insertion point (unspaced).
    gap: Span,
    /// The two characters around it, for pointing at.
    around: Span,
    spaced: bool,
}

/// A page's boundaries as counted while checking; the page is read again at the end only
/// if it strays from the style.
#[derive(Debug)]
pub struct PageCount {
    page: PageRef,
    digits: bool,
    spaced: usize,
    total: usize,
}

fn boundaries(doc: &Document, digits: bool) -> Vec<Boundary> {
    let latin = |c: char| c.is_ascii_alphabetic() || digits && c.is_ascii_digit();
    let mut out = Vec::new();
    for seg in prose_spans(doc) {
        let text = doc.slice(seg);
        let base = seg.start as usize;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
        for i in 0..chars.len() {
            if out.len() >= MAX_PER_PAGE * 40 {
                break;
            }
            let (o, c) = chars[i];
            let Some(&(o1, c1)) = chars.get(i + 1) else {
                break;
            };
            let pair = (is_han(c) && latin(c1)) || (latin(c) && is_han(c1));
            if pair {
                out.push(Boundary {
                    gap: Span::empty(base + o1),
                    around: Span::new(base + o, base + end_of(i + 2)),
                    spaced: false,
                });
                continue;
            }
            if c1 == ' ' {
                if let Some(&(_, c2)) = chars.get(i + 2) {
                    if (is_han(c) && latin(c2)) || (latin(c) && is_han(c2)) {
                        out.push(Boundary {
                            gap: Span::new(base + o1, base + o1 + 1),
                            around: Span::new(base + o, base + end_of(i + 3)),
                            spaced: true,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The boundaries of a page that a finding may point at: widened over their Latin word,
/// suppressed ones left out.
fn page_boundaries(doc: &Document, digits: bool) -> Vec<Boundary> {
    let mut found = boundaries(doc, digits);
    for b in &mut found {
        b.around = widen(doc.text(), b.around);
    }
    found.retain(|b| {
        !doc.suppressions
            .iter()
            .any(|s| s.covers(MtZhSpacing::META.id, b.around.start))
    });
    found
}

/// Widen `around` over the whole Latin word on its Latin side, for a readable message.
fn widen(text: &str, around: Span) -> Span {
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut s = around.start as usize;
    let mut e = around.end as usize;
    if text[s..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        while let Some(c) = text[..s].chars().next_back().filter(|&c| word(c)) {
            s -= c.len_utf8();
        }
    }
    if text[..e]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        while let Some(c) = text[e..].chars().next().filter(|&c| word(c)) {
            e += c.len_utf8();
        }
    }
    Span::new(s, e)
}

fn describe(spaced: bool) -> &'static str {
    if spaced {
        "with a space"
    } else {
        "without a space"
    }
}

fn edit(b: &Boundary) -> Edit {
    Edit {
        span: b.gap,
        replacement: if b.spaced { String::new() } else { " ".into() },
    }
}

impl RunRule for MtZhSpacing {
    type State = Mutex<Vec<PageCount>>;

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn page(&self, doc: &Document, cx: &Context<'_>, run: &Self::State, out: &mut Vec<Diagnostic>) {
        if en_or_zh(doc) != Some("zh") {
            return;
        }
        let digits = cx
            .options
            .get("digits")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let style = match cx.options.get("style").and_then(|v| v.as_str()) {
            Some("spaced") => Some(true),
            Some("unspaced") => Some(false),
            _ => None,
        };
        let found = page_boundaries(doc, digits);
        match style {
            Some(spaced) => {
                for b in found
                    .iter()
                    .filter(|b| b.spaced != spaced)
                    .take(MAX_PER_PAGE)
                {
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            &doc.source,
                            b.around,
                            format!(
                                "`{}` is written {}; the configured style is {}",
                                doc.slice(b.around),
                                describe(b.spaced),
                                describe(spaced)
                            ),
                        )
                        .severity(Severity::Warning)
                        .help(if spaced {
                            "put a space between Chinese and Latin text"
                        } else {
                            "remove the space between Chinese and Latin text"
                        })
                        .fix(Fix {
                            edits: vec![edit(b)],
                            applicability: Applicability::Safe,
                        }),
                    );
                }
            }
            None if !found.is_empty() => {
                run.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(PageCount {
                        page: PageRef::of(doc),
                        digits,
                        spaced: found.iter().filter(|b| b.spaced).count(),
                        total: found.len(),
                    });
            }
            None => {}
        }
    }

    fn finish(&self, state: Self::State, run: &RunContext<'_>) -> Vec<Diagnostic> {
        finish(state.into_inner().unwrap_or_else(|e| e.into_inner()), run)
    }
}

/// Decide the inferred style over the run and report pages that stray from it.
fn finish(pages: Vec<PageCount>, run: &RunContext<'_>) -> Vec<Diagnostic> {
    let spaced: usize = pages.iter().map(|p| p.spaced).sum();
    let total: usize = pages.iter().map(|p| p.total).sum();
    let house = if total >= 10 && spaced * 5 >= total * 4 {
        Some(true)
    } else if total >= 10 && (total - spaced) * 5 >= total * 4 {
        Some(false)
    } else {
        None
    };
    let found: Vec<Vec<Diagnostic>> = pages.into_par_iter().filter_map(|p| {
        let (n, sp) = (p.total, p.spaced);
        let (style, whose) = match house {
            Some(h) => (h, "this site"),
            None if n >= 4 && sp * 4 >= n * 3 => (true, "this page"),
            None if n >= 4 && (n - sp) * 4 >= n * 3 => (false, "this page"),
            None => return None,
        };
        let stray_count = if style { n - sp } else { sp };
        if stray_count == 0 {
            return None;
        }
        let doc = p.page.reload()?;
        let found = page_boundaries(&doc, p.digits);
        let strays: Vec<&Boundary> = found.iter().filter(|b| b.spaced != style).collect();
        let first = strays.first()?;
        let (yes, all) = match whose {
            "this site" => (if style { spaced } else { total - spaced }, total),
            _ => (if style { sp } else { n - sp }, n),
        };
        Some((run.keep)(vec![
            Diagnostic::new(
                &MtZhSpacing::META,
                &doc.source,
                first.around,
                format!(
                    "`{}` is written {}, while {whose} writes Chinese next to Latin text {} ({yes} of {all} places)",
                    doc.slice(first.around),
                    describe(first.spaced),
                    describe(style),
                ),
            )
            .help(format!(
                "write Chinese and Latin text {} ({} place(s) on this page); set `style` in contentlint.yaml to choose",
                describe(style),
                strays.len()
            ))
            .fix(Fix { edits: strays.iter().map(|b| edit(b)).collect(), applicability: Applicability::Unsafe }),
        ]))
    })
    .collect();
    found.into_iter().flatten().collect()
}
