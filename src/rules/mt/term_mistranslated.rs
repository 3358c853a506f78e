//! `mt/term-mistranslated`: a name or term of the term base rendered wrongly, with the other
//! page of the pair as evidence.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::en_or_zh;
use crate::rules::mt::{prose_spans, MAX_PER_PAGE};
use crate::rules::pair::visible_runs;
use crate::rules::{Context, Pair, PairRule, RuleMeta};
use crate::source::Span;
use crate::terms::{Kind, Side, TermBase};

declare_rule! {
    /// ## What it does
    /// Compares a page and its translation through the bilingual term base
    /// (`rules/terms/`, see `docs/terms.md`): a product, company or organisation name
    /// translated as a word (`脉冲星` for Pulsar, `臭氧` for Ozone, "Himalaya" for 喜马拉雅,
    /// "Open Atomic Open Source Foundation" for 开放原子开源基金会), or a common term rendered
    /// word for word ("seven-tier gateway" for 七层网关, "user portrait" for 用户画像). Both
    /// directions: the wrong rendering may be on the English or on the Chinese page. Renderings
    /// that `mt/calque` already finds on English pages ("millet", "Small Banks") are left to it.
    ///
    /// A wrong rendering is an error when the other page writes the right name (the source
    /// term the translation came from): the pair itself confirms the mistake. Without that
    /// confirmation (the other page lacks the name) a rendering is reported only when its
    /// entry says so (`alone:`), at that entry's severity; most entries are silent then,
    /// because words such as "nail" or `冰山` also have their ordinary meaning.
    ///
    /// ## Why is this bad?
    /// A reader cannot find "Himalaya" or `脉冲星` anywhere: the company is called Ximalaya and
    /// the product Pulsar. Machine translation renders names it does not know as words.
    ///
    /// ## Example
    /// The English page says `built on Apache Pulsar`; the Chinese page:
    /// ```text
    /// 基于 Apache 脉冲星 构建的消息平台
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 基于 Apache Pulsar 构建的消息平台
    /// ```
    ///
    /// The fixture `tests/fixtures/mt/term-mistranslated/` covers both directions. A site
    /// adds its own glossary and do-not-translate names with a pack (`rule: terms`) in a
    /// directory listed under `packs:` in `contentlint.yaml`.
    pub MtTermMistranslated, "mt/term-mistranslated", Severity::Error, "a name or term rendered wrongly where the other page has the right one", fixable = true
}

/// The spans of `doc` a reader sees: prose front-matter values and the visible body text
/// (speaker lines inside HTML included), merged.
fn reader_spans(doc: &Document) -> Vec<Span> {
    let mut all = prose_spans(doc);
    all.extend(visible_runs(doc));
    all.sort();
    let mut out: Vec<Span> = Vec::new();
    for s in all {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

impl PairRule for MtTermMistranslated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let base = TermBase::load(cx.packs);
        out.extend(base.error_diagnostics(&Self::META));
        let (o, t) = (pair.original, pair.translation);
        for (page, other) in [(t, o), (o, t)] {
            let (Some(side), Some(other_side)) = (
                en_or_zh(page).and_then(Side::of),
                en_or_zh(other).and_then(Side::of),
            ) else {
                continue;
            };
            if side == other_side {
                continue;
            }
            check_page(&base, page, side, other, out);
        }
    }
}

fn check_page(
    base: &TermBase,
    page: &Document,
    side: Side,
    other: &Document,
    out: &mut Vec<Diagnostic>,
) {
    let mut lower: Option<String> = None;
    let other_text = other.text();
    let cap = out.len() + MAX_PER_PAGE;
    for span in reader_spans(page) {
        for hit in base.find(side, page.slice(span), span.start as usize) {
            if out.len() >= cap {
                return;
            }
            let lower = lower.get_or_insert_with(|| other_text.to_ascii_lowercase());
            let confirmed = hit.terms.iter().find_map(|&i| {
                base.find_right(i, side.other(), other_text, lower)
                    .map(|at| (i, at))
            });
            // One line in the message, however the text was wrapped.
            let wrong = page
                .slice(hit.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let d = match confirmed {
                Some((i, (at, source))) => {
                    let term = base.term(i);
                    let right = term.right(side)[0];
                    let message = match term.kind {
                        Kind::Term => {
                            format!("`{wrong}` renders `{source}` of the other page word for word")
                        }
                        k => format!(
                            "`{wrong}` is not the {} `{}`, which the other page writes `{source}`",
                            k.noun(),
                            term.en
                        ),
                    };
                    Diagnostic::new(&MtTermMistranslated::META, &page.source, hit.span, message)
                        .label(
                            &other.source,
                            Span::new(at.start, at.end),
                            "the name on the other page",
                        )
                        .help(help(term, side, right))
                        .fix(Fix::replace(hit.span, right, Applicability::Unsafe))
                }
                None => {
                    // Unconfirmed: only an entry that says so, and only when the rendering
                    // belongs to one entry.
                    let [i] = hit.terms[..] else { continue };
                    let term = base.term(i);
                    let Some(severity) = term.alone else { continue };
                    let right = term.right(side)[0];
                    Diagnostic::new(
                        &MtTermMistranslated::META,
                        &page.source,
                        hit.span,
                        format!(
                            "`{wrong}` looks like a machine rendering of the {} `{}`",
                            term.kind.noun(),
                            term.en
                        ),
                    )
                    .severity(severity)
                    .help(help(term, side, right))
                }
            };
            out.push(d);
        }
    }
}

/// What to write instead.
fn help(term: &crate::terms::Term, side: Side, right: &str) -> String {
    let mut h = match (side, term.kind, term.zh.is_empty()) {
        (Side::Zh, Kind::Term, _) => format!("write `{right}`"),
        (Side::Zh, _, true) => format!(
            "`{}` has no Chinese name: keep `{right}` in Chinese text",
            term.en
        ),
        _ => format!("write `{right}`"),
    };
    if let Some(note) = &term.note {
        h.push_str(" (");
        h.push_str(note.trim().trim_end_matches('.'));
        h.push(')');
    }
    h
}
