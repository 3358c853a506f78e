//! `mt/cjk-in-english`: Chinese characters and full-width forms left in English prose.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::lang::{en_or_zh, is_han};
use crate::rules::mt::{prose_spans, MAX_PER_PAGE};
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
        let spans = prose_spans(doc);
        for &seg in &spans {
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
                    self.wide_run(doc, &spans, base, &chars, end, out);
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
        spans: &[Span],
        base: usize,
        run: &[(usize, char)],
        run_end: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        let whole = doc.text();
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
            let (start, end) = (base + off, base + end);
            let span = Span::new(start, end);
            let mut d = Diagnostic::new(
                &Self::META,
                &doc.source,
                span,
                format!("full-width `{}` in English text", &whole[start..end]),
            );
            match ascii_replacement(whole, start, end) {
                None => d = d.help("use the ASCII form"),
                Some((replacement, mut safe)) => {
                    d = d.help(format!("write `{}`", replacement.trim_end()));
                    let mut edits = vec![Edit { span, replacement }];
                    // A bracket is converted with its partner, or by a person: `Calcite（基于
                    // …)` is worse than either form.
                    if bracket_pair(c).is_some() {
                        match partner_edit(whole, spans, start, c) {
                            Partner::Ascii => {}
                            Partner::Wide(edit) => edits.push(edit),
                            Partner::Unconvertible => safe = false,
                        }
                    }
                    let a = if safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    };
                    d = d.fix(Fix {
                        edits,
                        applicability: a,
                    });
                }
            }
            out.push(d);
            k = l;
        }
    }
}

/// The ASCII text for the full-width forms at `start..end` of `whole`, with the space
/// English puts around it, and whether the change is safe. `None` when a form has no ASCII
/// equivalent.
fn ascii_replacement(whole: &str, start: usize, end: usize) -> Option<(String, bool)> {
    let original = &whole[start..end];
    let mut safe = true;
    let mut ascii = String::new();
    for ch in original.chars() {
        let (a, s) = ascii_of(ch)?;
        ascii.push(a);
        safe &= s;
    }
    // Neighbours in the file, not the segment: a comma between two links is a segment of
    // its own.
    let prev = whole[..start].chars().next_back();
    let next = whole[end..].chars().next();
    // `1、` numbers a list item: it is `1.`, not `1,`.
    if original == "、" && prev.is_some_and(|c| c.is_ascii_digit()) {
        ascii = ".".into();
        let line_start = whole[..start]
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches([' ', '\t'])
            .ends_with(['\n', '\r']);
        safe &= line_start;
    }
    let mut replacement = ascii.clone();
    let opens_word = next
        .is_some_and(|n| n.is_alphanumeric() || matches!(n, '[' | '(' | '*' | '_') || is_han(n));
    // Before a digit, `：` may join a host and port (`your-IP：30200`) and `，` or `。` may
    // be inside a number: the ASCII mark alone, for a person to confirm.
    if matches!(ascii.as_str(), "," | "." | ":") && next.is_some_and(|n| n.is_ascii_digit()) {
        safe = false;
    } else if matches!(ascii.as_str(), "," | "." | ":" | ";" | "!" | "?" | ")") && opens_word {
        replacement.push(' ');
    }
    if ascii == "(" && prev.is_some_and(char::is_alphanumeric) {
        replacement.insert(0, ' ');
    }
    Some((replacement, safe))
}

/// For a bracket, its partner and whether it opens: `（` → (`）`, true).
fn bracket_pair(c: char) -> Option<(char, bool)> {
    match c {
        '（' => Some(('）', true)),
        '）' => Some(('（', false)),
        '［' => Some(('］', true)),
        '］' => Some(('［', false)),
        '｛' => Some(('｝', true)),
        '｝' => Some(('｛', false)),
        _ => None,
    }
}

/// What becomes of a bracket's partner when the bracket is converted.
enum Partner {
    /// The partner is ASCII already: converting the bracket alone completes the pair.
    Ascii,
    /// The partner is full-width too and is converted by the same fix.
    Wide(Edit),
    /// There is no partner in the paragraph, or it cannot be converted safely (it is
    /// outside prose, or beside Chinese text that stays).
    Unconvertible,
}

/// Longest stretch searched for a bracket's partner, in bytes.
const PARTNER_REACH: usize = 4096;

/// The partner of the full-width bracket `c` at byte `at` of `whole`: the matching bracket
/// (ASCII or full-width, nesting counted) within the same paragraph.
fn partner_edit(whole: &str, spans: &[Span], at: usize, c: char) -> Partner {
    let Some((wide_partner, opens)) = bracket_pair(c) else {
        return Partner::Unconvertible;
    };
    let ascii = |x: char| ascii_of(x).map(|(a, _)| a);
    let (own, other) = (ascii(c), ascii(wide_partner));
    let mut depth = 0usize;
    let found = if opens {
        let after = &whole[at + c.len_utf8()..];
        let after = &after[..floor_boundary(after, PARTNER_REACH)];
        after
            .char_indices()
            .map(|(i, x)| (at + c.len_utf8() + i, x))
            .find(|&(_, x)| step(x, own, other, &mut depth))
    } else {
        let before = &whole[..at];
        let from = before.len().saturating_sub(PARTNER_REACH);
        let from = (from..=before.len())
            .find(|&i| before.is_char_boundary(i))
            .unwrap_or(0);
        before[from..]
            .char_indices()
            .rev()
            .map(|(i, x)| (from + i, x))
            .find(|&(_, x)| step(x, own, other, &mut depth))
    };
    let Some((pos, p)) = found else {
        return Partner::Unconvertible;
    };
    let (lo, hi) = if opens { (at, pos) } else { (pos, at) };
    if whole[lo..hi].contains("\n\n") {
        return Partner::Unconvertible;
    }
    if p.is_ascii() {
        return Partner::Ascii;
    }
    let end = pos + p.len_utf8();
    let in_prose = spans
        .iter()
        .any(|s| s.start as usize <= pos && end <= s.end as usize);
    match ascii_replacement(whole, pos, end) {
        Some((replacement, true)) if in_prose && !in_han_run(whole, pos, end) => {
            Partner::Wide(Edit {
                span: Span::new(pos, end),
                replacement,
            })
        }
        _ => Partner::Unconvertible,
    }
}

/// Counts one character of a bracket search: a bracket like the one searched from nests
/// one deeper, a partner closes a level. Whether `x` is the partner that was searched for.
fn step(x: char, own: Option<char>, other: Option<char>, depth: &mut usize) -> bool {
    let ax = ascii_of(x).map(|(a, _)| a).unwrap_or(x);
    if Some(ax) == own {
        *depth += 1;
    } else if Some(ax) == other {
        if *depth == 0 {
            return true;
        }
        *depth -= 1;
    }
    false
}

/// The largest char boundary of `s` at or below `n`.
fn floor_boundary(s: &str, n: usize) -> usize {
    (0..=n.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// Whether the form at `start..end` belongs to a run of Chinese text, which this rule
/// reports for translation instead of converting.
fn in_han_run(whole: &str, start: usize, end: usize) -> bool {
    let cjk = |c: char| is_han(c) || is_wide(c);
    let left = whole[..start].chars().rev().take_while(|&c| cjk(c));
    let right = whole[end..].chars().take_while(|&c| cjk(c));
    left.chain(right).any(is_han)
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
