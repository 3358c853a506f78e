//! `mt/repeated-word`: the same word twice in a row.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::mt_common::{page_lang, prose_spans};
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
        if page_lang(doc) != Some("en") {
            return;
        }
        for seg in prose_spans(doc) {
            let text = doc.slice(seg);
            let base = seg.start as usize;
            let mut prev: Option<(usize, usize)> = None;
            let mut start = None;
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
                let Some(s) = start.take() else {
                    if !c.is_whitespace() && c != '\0' {
                        prev = None;
                    }
                    continue;
                };
                let word = &text[s..i];
                if let Some((ps, pe)) = prev {
                    let before = &text[ps..pe];
                    let gap = &text[pe..s];
                    if before.eq_ignore_ascii_case(word)
                        && !gap.is_empty()
                        && gap.chars().all(|c| c == ' ' || c == '\t')
                        && !ALLOWED.contains(&word.to_lowercase().as_str())
                        && word.chars().any(|c| c.is_alphabetic())
                        // `Yu Yu`, `Lin Lin`: Chinese given names repeat a syllable.
                        && !(before.starts_with(char::is_uppercase) && word.starts_with(char::is_uppercase))
                    {
                        let span = Span::new(base + pe, base + i);
                        let safe = FUNCTION_WORDS.contains(&word.to_lowercase().as_str());
                        out.push(
                            Diagnostic::new(
                                &Self::META,
                                &doc.source,
                                Span::new(base + s, base + i),
                                format!("`{word}` is repeated"),
                            )
                            .help(format!("remove the second `{word}`"))
                            .fix(Fix::replace(
                                span,
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
                prev = if c.is_whitespace() || c == '\0' {
                    Some((s, i))
                } else {
                    None
                };
            }
        }
    }
}
