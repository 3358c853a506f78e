//! `mt/repeated-word`: the same word twice in a row.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::en_or_zh;
use crate::rules::mt::{prose_spans, MAX_PER_PAGE};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a word repeated right after itself in English prose (`the the`, `to to`).
    /// Doubles that English allows (`that that`, `had had`, `is is`, `bye bye`) are left
    /// alone, and so are numbers.
    ///
    /// ## Why is this bad?
    /// It is a slip that machine translation and hand edits of machine output both leave
    /// behind, and readers stumble on it.
    ///
    /// ## Example
    /// ```markdown
    /// This talk introduces the the architecture of Apache Pulsar.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// This talk introduces the architecture of Apache Pulsar. He said that that was fine.
    /// ```
    ///
    /// Removing a repeated function word (`the`, `a`, `to`, `of`, …) is a safe fix; other
    /// words are offered for removal but left to a human.
    pub MtRepeatedWord, "mt/repeated-word", Severity::Warning, "word repeated", fixable = true
}

const ALLOWED: &[&str] = &[
    "that", "had", "is", "bye", "very", "so", "ha", "no", "knock",
];
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "to", "of", "and", "in", "for", "on", "with", "we", "will", "be", "can",
    "is", "are", "at", "by", "from", "as", "or", "it", "this",
];

impl Rule for MtRepeatedWord {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if en_or_zh(doc) != Some("en") {
            return;
        }
        let cap = out.len() + MAX_PER_PAGE;
        for seg in prose_spans(doc) {
            let text = doc.slice(seg);
            let base = seg.start as usize;
            // Words, and whether only spaces separate each from the one before.
            let mut words: Vec<(usize, usize, bool)> = Vec::new();
            let mut start = None;
            let mut last_end = None;
            for (i, c) in text
                .char_indices()
                .chain(std::iter::once((text.len(), '\0')))
            {
                if c.is_alphabetic() || c == '\'' && start.is_some() {
                    if start.is_none() {
                        start = Some(i);
                    }
                    continue;
                }
                if let Some(s) = start.take() {
                    let joined = last_end.is_some_and(|e: usize| {
                        let gap = &text[e..s];
                        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t')
                    });
                    words.push((s, i, joined));
                    last_end = Some(i);
                }
            }
            let same = |a: (usize, usize, bool), b: (usize, usize, bool)| {
                b.2 && text[a.0..a.1].eq_ignore_ascii_case(&text[b.0..b.1])
            };
            for n in 1..words.len() {
                if out.len() >= cap {
                    return;
                }
                let (prev, cur) = (words[n - 1], words[n]);
                if !same(prev, cur) {
                    continue;
                }
                // Exactly two: three or more in a row are deliberate (or not prose at all).
                if n >= 2 && same(words[n - 2], prev)
                    || words.get(n + 1).is_some_and(|&x| same(cur, x))
                {
                    continue;
                }
                let before = &text[prev.0..prev.1];
                let word = &text[cur.0..cur.1];
                let lower = word.to_lowercase();
                // `Yu Yu`, `Lin Lin`: Chinese given names repeat a syllable.
                if ALLOWED.contains(&lower.as_str())
                    || before.starts_with(char::is_uppercase)
                        && word.starts_with(char::is_uppercase)
                {
                    continue;
                }
                let safe = FUNCTION_WORDS.contains(&lower.as_str());
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        Span::new(base + cur.0, base + cur.1),
                        format!("`{word}` is repeated"),
                    )
                    .help(format!("remove the second `{word}`"))
                    .fix(Fix::replace(
                        Span::new(base + prev.1, base + cur.1),
                        "",
                        if safe {
                            Applicability::Safe
                        } else {
                            Applicability::Unsafe
                        },
                    )),
                );
            }
        }
    }
}
