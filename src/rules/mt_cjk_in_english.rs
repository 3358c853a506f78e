//! `mt/cjk-in-english`: Chinese characters and full-width forms left in English prose.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::{en_or_zh, is_han};
use crate::rules::mt_common::{prose_spans, MAX_PER_PAGE};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags Chinese characters and full-width punctuation, letters and digits
    /// (`，。：；！？（）、《》【】`, `Ａ`–`Ｚ`, `０`–`９`) in the prose of an English page.
    /// Full-width forms between Latin words are fixed to their ASCII equivalent (`，` → `, `);
    /// runs of Chinese text are reported for translation.
    ///
    /// A short run of Chinese characters in brackets after a name, or just before a colon
    /// (`Yuqi Gu（顾煜祺）`, `邸帅: WeBank`), is a person's name: it is left to
    /// `lang/name-script`. Curly quotes (`“”‘’`) are English typography too and are not flagged.
    ///
    /// ## Why is this bad?
    /// Full-width punctuation breaks the rhythm of English text (a full-width comma takes a
    /// whole character cell and has no space after it), and Chinese words are unreadable
    /// to the page's audience.
    ///
    /// ## Example
    /// ```markdown
    /// Gu Jun is an open source advocate，Zilliz co-partner.
    /// ```
    ///
    /// ```markdown
    /// This talk covers service governance and 流量治理 in depth.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Gu Jun is an open source advocate, Zilliz co-partner. “Quoted” text is fine.
    /// ```
    pub MtCjkInEnglish, "mt/cjk-in-english", Severity::Warning, "Chinese characters or full-width forms in English prose", fixable = true
}

/// Full-width and CJK punctuation, ideographic space, full-width ASCII.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF5E)
}

/// The ASCII form of a wide character, and whether replacing it needs a human.
fn ascii_of(c: char) -> Option<(char, bool)> {
    let safe = |a: char| Some((a, true));
    match c {
        '\u{3000}' => safe(' '),
        '。' => safe('.'),
        '、' => safe(','),
        '《' | '》' => Some(('"', false)),
        '【' => Some(('[', false)),
        '】' => Some((']', false)),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).map(|a| (a, true)),
        _ => None,
    }
}

/// Whether a Han run at `start..end` of `text` looks like a person's name: at most four
/// characters, in brackets or followed by a colon.
fn looks_like_name(text: &str, start: usize, end: usize) -> bool {
    let run = &text[start..end];
    if run.chars().count() > 4 || !run.chars().all(is_han) {
        return false;
    }
    let before = text[..start]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back();
    let after = text[end..].trim_start_matches([' ', '\t']).chars().next();
    let bracketed = matches!(before, Some('(' | '（')) && matches!(after, Some(')' | '）'));
    bracketed || matches!(after, Some(':' | '：')) && before.is_none_or(|b| !is_han(b))
}

impl Rule for MtCjkInEnglish {
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
            let cjk = |c: char| is_han(c) || is_wide(c);
            let mut from = 0;
            // Runs of Chinese characters and wide forms, found without indexing the segment.
            while let Some(rel) = text[from..].find(cjk) {
                if out.len() >= cap {
                    return;
                }
                let start = from + rel;
                let end = text[start..]
                    .find(|c: char| !cjk(c))
                    .map_or(text.len(), |e| start + e);
                let run = &text[start..end];
                if run.chars().any(is_han) {
                    // Trim wide punctuation around the Chinese words (brackets, commas).
                    let s = start + (run.len() - run.trim_start_matches(|c| !is_han(c)).len());
                    let e = end - (run.len() - run.trim_end_matches(|c| !is_han(c)).len());
                    if !looks_like_name(text, s, e) {
                        out.push(
                            Diagnostic::new(
                                &Self::META,
                                &doc.source,
                                Span::new(base + s, base + e),
                                format!("Chinese text `{}` in an English page", &text[s..e]),
                            )
                            .help("translate it; a person's name is written in Latin letters, the Chinese form may follow in brackets"),
                        );
                    }
                } else {
                    let chars: Vec<(usize, char)> =
                        run.char_indices().map(|(o, c)| (start + o, c)).collect();
                    self.wide_run(doc, text, base, &chars, end, out);
                }
                from = end;
            }
        }
    }
}

impl MtCjkInEnglish {
    /// Full-width forms between Latin text: one finding per punctuation mark, one per run of
    /// full-width letters and digits.
    fn wide_run(
        &self,
        doc: &Document,
        text: &str,
        base: usize,
        run: &[(usize, char)],
        run_end: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut k = 0;
        while k < run.len() && out.len() < MAX_PER_PAGE * 4 {
            let (off, c) = run[k];
            let alnum = |c: char| matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９');
            let mut l = k + 1;
            if alnum(c) {
                while l < run.len() && alnum(run[l].1) {
                    l += 1;
                }
            }
            let end = run.get(l).map_or(run_end, |&(o, _)| o);
            let original = &text[off..end];
            let mut safe = true;
            let mut ascii = String::new();
            for ch in original.chars() {
                match ascii_of(ch) {
                    Some((a, s)) => {
                        ascii.push(a);
                        safe &= s;
                    }
                    None => safe = false,
                }
            }
            // Neighbours in the file, not the segment: a comma between two links is a
            // segment of its own.
            let whole = doc.text();
            let prev = whole[..base + off].chars().next_back();
            let next = whole[base + end..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
            // `1、` numbers a list item: it is `1.`, not `1,`.
            if original == "、" && prev.is_some_and(|c| c.is_ascii_digit()) {
                ascii = ".".into();
                let line_start = whole[..base + off]
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .trim_end_matches([' ', '\t'])
                    .ends_with(['\n', '\r']);
                safe &= line_start;
            }
            let mut replacement = ascii.clone();
            let opens_word = next.is_some_and(|n| {
                n.is_alphanumeric() || matches!(n, '[' | '(' | '*' | '_') || is_han(n)
            });
            if matches!(ascii.as_str(), "," | "." | ":" | ";" | "!" | "?" | ")") && opens_word {
                replacement.push(' ');
            }
            if ascii == "(" && word(prev) {
                replacement.insert(0, ' ');
            }
            let span = Span::new(base + off, base + end);
            let mut d = Diagnostic::new(
                &Self::META,
                &doc.source,
                span,
                format!("full-width `{original}` in English text"),
            );
            if ascii.is_empty() {
                d = d.help("use the ASCII form");
            } else {
                d = d.help(format!("write `{}`", replacement.trim_end()));
                let a = if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                d = d.fix(Fix::replace(span, replacement, a));
            }
            out.push(d);
            k = l;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_left_alone() {
        let t = "Yuqi Gu（顾煜祺）: Arm";
        let s = t.find('顾').unwrap();
        let e = t.find('）').unwrap();
        assert!(looks_like_name(t, s, e));
        let t = "邸帅: WeBank";
        assert!(looks_like_name(t, 0, "邸帅".len()));
        let t = "covers 流量治理 in depth";
        let s = t.find('流').unwrap();
        assert!(!looks_like_name(t, s, s + "流量治理".len()));
    }

    #[test]
    fn ascii_forms() {
        assert_eq!(ascii_of('，'), Some((',', true)));
        assert_eq!(ascii_of('Ａ'), Some(('A', true)));
        assert_eq!(ascii_of('《'), Some(('"', false)));
    }
}
