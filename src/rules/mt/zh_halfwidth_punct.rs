//! `mt/zh-halfwidth-punct`: ASCII punctuation between Chinese characters.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::lang::{en_or_zh, is_han};
use crate::rules::mt::{prose_spans, MAX_PER_PAGE};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags `, : ; ? !` written in ASCII between two Chinese characters of a Chinese page,
    /// and `( )` around Chinese text, and fixes them to their full-width forms (`，：；？！（）`).
    ///
    /// The separators of generated speaker lines (`<br>刘勋: 滴滴, 高级技术专家`), a
    /// comma or colon followed by a space, are a template, not prose: they are left alone
    /// unless the option `template-separators` is `true`.
    ///
    /// ## Why is this bad?
    /// Chinese text uses full-width punctuation; an ASCII comma is cramped against the
    /// characters around it and marks text pasted from, or converted by, a tool.
    ///
    /// ## Example
    /// ```markdown
    /// 本次演讲将介绍社区的发展,以及我们遇到的问题。
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// 本次演讲将介绍社区的发展，以及 Apache Linkis(incubating)遇到的问题。
    /// ```
    ///
    /// ## Options
    /// - `template-separators` (default `false`): also flag `, ` and `: ` in speaker lines.
    pub MtZhHalfwidthPunct, "mt/zh-halfwidth-punct", Severity::Warning, "ASCII punctuation in Chinese text", fixable = true
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Whether the line around `at` is a generated speaker line (`<br>Name: company, title`).
fn speaker_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[start..at];
    if before.contains("<br") {
        return true;
    }
    // The name itself, before its colon, or the fields after it.
    let t = before.trim();
    let name = match t.find([':', '：']) {
        Some(i) => t[..i].trim_end(),
        None => t,
    };
    let n = name.chars().filter(|c| !c.is_whitespace()).count();
    (1..=4).contains(&n) && name.chars().all(|c| is_han(c) || c == ' ')
}

impl Rule for MtZhHalfwidthPunct {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if en_or_zh(doc) != Some("zh") {
            return;
        }
        let templates = cx
            .options
            .get("template-separators")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let whole = doc.text();
        let cap = out.len() + MAX_PER_PAGE;
        for seg in prose_spans(doc) {
            let text = doc.slice(seg);
            let base = seg.start as usize;
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            for (n, &(off, c)) in chars.iter().enumerate() {
                if out.len() >= cap {
                    return;
                }
                if !matches!(c, ',' | ':' | ';' | '?' | '!') {
                    continue;
                }
                let prev = n.checked_sub(1).map(|p| chars[p].1);
                let mut next_i = n + 1;
                let spaced = chars.get(next_i).is_some_and(|&(_, x)| x == ' ');
                if spaced {
                    next_i += 1;
                }
                let next = chars.get(next_i).map(|&(_, x)| x);
                if !(prev.is_some_and(is_han) && next.is_some_and(is_han)) {
                    continue;
                }
                if spaced && matches!(c, ',' | ':') && !templates && speaker_line(whole, base + off)
                {
                    continue;
                }
                let end = chars.get(next_i).map_or(text.len(), |&(o, _)| o);
                let span = Span::new(base + off, base + end);
                let Some(fw) = full_width(c) else { continue };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        Span::new(base + off, base + off + 1),
                        format!("ASCII `{c}` between Chinese characters"),
                    )
                    .help(format!("write `{fw}`"))
                    .fix(Fix::replace(
                        span,
                        fw.to_string(),
                        Applicability::Safe,
                    )),
                );
            }
            // Brackets, as pairs: full-width when what they hold is Chinese.
            let mut open: Option<usize> = None;
            for (n, &(off, c)) in chars.iter().enumerate() {
                match c {
                    _ if out.len() >= cap => return,
                    '(' => open = Some(n),
                    ')' => {
                        let Some(o) = open.take() else { continue };
                        let inner = &text[chars[o].0 + 1..off];
                        let han = inner.chars().filter(|&x| is_han(x)).count();
                        let latin = inner.chars().filter(|x| x.is_ascii_alphanumeric()).count();
                        let before = o.checked_sub(1).map(|p| chars[p].1);
                        let after = chars.get(n + 1).map(|&(_, x)| x);
                        let chinese_around =
                            before.is_some_and(is_han) || after.is_some_and(is_han);
                        if han == 0 || han * 2 < latin || !chinese_around || inner.contains('\n') {
                            continue;
                        }
                        let (os, cs) = (base + chars[o].0, base + off);
                        out.push(
                            Diagnostic::new(
                                &Self::META,
                                &doc.source,
                                Span::new(os, cs + 1),
                                "ASCII brackets around Chinese text",
                            )
                            .help("write `（…）`")
                            .fix(Fix {
                                edits: vec![
                                    Edit {
                                        span: Span::new(os, os + 1),
                                        replacement: "（".into(),
                                    },
                                    Edit {
                                        span: Span::new(cs, cs + 1),
                                        replacement: "）".into(),
                                    },
                                ],
                                applicability: Applicability::Safe,
                            }),
                        );
                    }
                    '\n' => open = None,
                    _ => {}
                }
            }
        }
    }
}
