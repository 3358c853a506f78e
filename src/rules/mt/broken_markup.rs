//! `mt/broken-markup`: Markdown and HTML damaged by spaces or lost tags.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::mt::MAX_PER_PAGE;
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags Markdown and HTML that a translation pass damaged: a space between the two
    /// halves of a link or image (`[text] (url)`, `! [alt](src)`), spaces inside a tag
    /// (`< br >`, `</ p>`) or an entity (`& nbsp;`), and HTML tags that are opened but never
    /// closed, or closed but never opened. Runs on pages in any language.
    ///
    /// ## Why is this bad?
    /// The page shows the raw markup as text (`[docs] (https://…)`, `< br >`), or a lost
    /// closing tag turns the rest of the page bold or into a link.
    ///
    /// ## Example
    /// ```markdown
    /// See the [documentation] (https://apisix.apache.org/docs/) for details.
    /// ```
    ///
    /// ```markdown
    /// Jing Li: Apache APISIX community< br >Reese Liu: API7.ai
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// See the [documentation](https://apisix.apache.org/docs/) for details.<br>Thanks &nbsp; all.
    /// ```
    ///
    /// Removing the stray spaces is a safe fix; unbalanced tags are reported without a fix.
    pub MtBrokenMarkup, "mt/broken-markup", Severity::Warning, "damaged Markdown or HTML markup", fixable = true
}

/// HTML elements that need a closing tag (elements whose end tag is optional, like `p` and
/// `li`, and void elements, like `br` and `img`, are not checked for balance).
const PAIRED: &[&str] = &[
    "a",
    "b",
    "i",
    "em",
    "strong",
    "span",
    "div",
    "ul",
    "ol",
    "table",
    "sup",
    "sub",
    "u",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "center",
    "font",
    "blockquote",
    "details",
    "summary",
    "small",
    "mark",
    "del",
    "s",
];

const TAGS: &str = "br|p|img|a|b|i|em|strong|span|div|ul|ol|li|table|tr|td|th|sup|sub|u|code|pre|hr|h[1-6]|center|font|blockquote|details|summary|small|mark|del|s";

struct Patterns {
    link_gap: Regex,
    image_gap: Regex,
    spaced_tag: Regex,
    spaced_entity: Regex,
    tag: Regex,
    comment: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("valid regex");
        Patterns {
            // `[text] (url)`: the gap is the spaces between `]` and `(`. The text's length
            // is limited in code: a bounded repeat of a Unicode class costs milliseconds to
            // compile, which a pre-commit run on one file feels.
            link_gap: re(r"\[([^\[\]\n]+)\]([ \t]+)\((?:https?://|www\.|mailto:|/|\./|\.\./|#)[^)\s]*\)"),
            // `! [alt](src)`
            image_gap: re(r"!([ \t]+)\[([^\]\n]*)\]\("),
            // `< br >`, `</ p>`, `<br / >`
            spaced_tag: re(&format!(
                r"(?i)<(?:[ \t]+/?[ \t]*(?:{TAGS})\b[ \t]*/?[ \t]*|/[ \t]+(?:{TAGS})[ \t]*)>"
            )),
            // `& nbsp;`, `&nbsp ;`
            spaced_entity: re(r"&(?:[ \t]+(?:nbsp|amp|lt|gt|quot|apos|#[0-9]{1,6}|#x[0-9a-fA-F]{1,6})[ \t]*|(?:nbsp|amp|lt|gt|quot|apos)[ \t]+);"),
            comment: re(r"(?s)<!--.*?(?:-->|\z)"),
            tag: re(r#"<(/?)([A-Za-z][A-Za-z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>"#),
        }
    })
}

/// Link text a person wrote: longer than this, the brackets are not a link's.
fn short_link_text(text: &str) -> bool {
    text.chars().count() <= 200
}

// The parts of a match are found in its text rather than as the regex's captures: finding
// captures runs a slower engine on each match, and a page has many tags. The tests check
// that both agree.

/// The link text and the gap after it, in a match of `link_gap`: `[`, text without
/// brackets, `]`, spaces and tabs, `(`.
fn link_parts(m: &str) -> (Range<usize>, Range<usize>) {
    let close = m.find(']').unwrap_or(m.len());
    let gap = close + 1..close + 1 + blanks(m.get(close + 1..).unwrap_or(""));
    (1.min(close)..close, gap)
}

/// The gap and the alt text in a match of `image_gap`: `!`, spaces and tabs, `[alt](`.
fn image_parts(m: &str) -> (Range<usize>, Range<usize>) {
    let gap = 1..1 + blanks(&m[1..]);
    let alt = gap.end + 1..m.len().saturating_sub(2).max(gap.end + 1);
    (gap, alt)
}

/// Whether a match of `tag` closes an element, its name, and whether it closes itself:
/// `<` or `</`, letters and digits, and `/>` at the end. (The lazy attribute loop stops
/// before a `/` that `>` follows, so such a `/` is always the regex's last group.)
fn tag_parts(m: &str) -> (bool, &str, bool) {
    let closing = m.starts_with("</");
    let name = &m[1 + usize::from(closing)..];
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    (closing, &name[..end], m.ends_with("/>"))
}

/// The length of the run of spaces and tabs that `s` starts with.
fn blanks(s: &str) -> usize {
    s.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count()
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Rule for MtBrokenMarkup {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let Some(body) = text.get(doc.body_start..) else {
            return;
        };
        let base = doc.body_start;
        let p = patterns();
        // Comments, found here rather than taken from the body: a comment over several
        // lines reaches the Markdown parser as several HTML chunks.
        let comments: Vec<(usize, usize)> = p
            .comment
            .find_iter(body)
            .map(|m| (base + m.start(), base + m.end()))
            .collect();
        let in_skipped = |off: usize| {
            doc.in_code(off as u32) || comments.iter().any(|&(s, e)| s <= off && off < e)
        };
        let cap = out.len() + MAX_PER_PAGE;
        let mut push = |span: Span, msg: String, help: String, fix: Option<String>| {
            if out.len() >= cap {
                return;
            }
            let mut d = Diagnostic::new(&Self::META, &doc.source, span, msg).help(help);
            if let Some(f) = fix {
                d = d.fix(Fix::replace(span, f, Applicability::Safe));
            }
            out.push(d);
        };
        for w in p.link_gap.find_iter(body) {
            let (text, gap) = link_parts(w.as_str());
            if !short_link_text(&w.as_str()[text]) || in_skipped(base + w.start()) {
                continue;
            }
            let at = base + w.start();
            push(
                Span::new(at + gap.start, at + gap.end),
                "space between the link text and its URL".into(),
                "write `](` with nothing between, or the link shows as text".into(),
                Some(String::new()),
            );
        }
        for w in p.image_gap.find_iter(body) {
            let (gap, alt) = image_parts(w.as_str());
            if !short_link_text(&w.as_str()[alt]) || in_skipped(base + w.start()) {
                continue;
            }
            let at = base + w.start();
            push(
                Span::new(at + gap.start, at + gap.end),
                "space between `!` and `[` of an image".into(),
                "write `![` with nothing between, or the image shows as a link".into(),
                Some(String::new()),
            );
        }
        for m in p
            .spaced_tag
            .find_iter(body)
            .chain(p.spaced_entity.find_iter(body))
        {
            if in_skipped(base + m.start()) {
                continue;
            }
            let fixed = compact(m.as_str());
            push(
                Span::new(base + m.start(), base + m.end()),
                format!("markup `{}` is broken by spaces", m.as_str()),
                format!("write `{fixed}`"),
                Some(fixed),
            );
        }
        // Balance of paired tags, in file order.
        let mut open: Vec<(String, Span)> = Vec::new();
        for w in p.tag.find_iter(body) {
            if in_skipped(base + w.start()) {
                continue;
            }
            let (closing, name, self_closing) = tag_parts(w.as_str());
            let name = name.to_ascii_lowercase();
            if !PAIRED.contains(&name.as_str()) || self_closing {
                continue;
            }
            let span = Span::new(base + w.start(), base + w.end());
            if !closing {
                open.push((name, span));
            } else if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                for (n, s) in open.drain(i..).skip(1) {
                    push(
                        s,
                        format!("`<{n}>` is never closed"),
                        format!("add `</{n}>` where the element ends"),
                        None,
                    );
                }
            } else {
                push(
                    span,
                    format!("`</{name}>` closes a tag that was never opened"),
                    format!("remove it, or add the opening `<{name}>`"),
                    None,
                );
            }
        }
        for (n, s) in open {
            push(
                s,
                format!("`<{n}>` is never closed"),
                format!("add `</{n}>` where the element ends"),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matches to take apart: tags with quoted `>` and `/`, self-closing ones with and
    /// without spaces, names glued to non-ASCII letters, links and images with tabs, empty
    /// and long texts.
    const TEXTS: &[&str] = &[
        "<p>one</p> <br/> <br /> <img src=\"a/b.png\"/> <a href='x>y'>t</a> </ div>",
        "<div title=\"a/\">x</div><span/><p\t/>< p></p ><P CLASS=\"X\">",
        "<pé>x</p> <h1>T</h1 > <a href=\"/\" / > <b>/</b> <i a='/'> <a title=\"x/>y\">",
        "[text] (https://example.com) [a]\t\t(/x) [ spaced ]  (#top) [x](y) [é] (./a)",
        "! [alt](a.png) !\t[](b.png) !  [long alt text with words](c.png) ![ok](d.png)",
    ];

    #[test]
    fn parts_are_the_regex_captures() {
        let p = patterns();
        let all = TEXTS.join("\n");
        let long = format!("[{}] (/x) ! [{}](y.png)", "w ".repeat(150), "é".repeat(120));
        let mut seen = [0; 3];
        // Two ranges in the match, as groups 1 and 2 of `re`; returns how many matches.
        let two_parts = |re: &Regex, parts: fn(&str) -> (Range<usize>, Range<usize>), text| {
            let mut n = 0;
            for c in re.captures_iter(text) {
                let m = c.get(0).unwrap();
                let shift = |r: Range<usize>| m.start() + r.start..m.start() + r.end;
                let (first, second) = parts(m.as_str());
                assert_eq!(shift(first), c.get(1).unwrap().range(), "{}", m.as_str());
                assert_eq!(shift(second), c.get(2).unwrap().range(), "{}", m.as_str());
                n += 1;
            }
            n
        };
        for text in TEXTS.iter().copied().chain([all.as_str(), long.as_str()]) {
            seen[0] += two_parts(&p.link_gap, link_parts, text);
            seen[1] += two_parts(&p.image_gap, image_parts, text);
            for c in p.tag.captures_iter(text) {
                let m = c.get(0).unwrap();
                let want = (
                    !c.get(1).unwrap().is_empty(),
                    c.get(2).unwrap().as_str(),
                    !c.get(3).unwrap().is_empty(),
                );
                assert_eq!(tag_parts(m.as_str()), want, "{}", m.as_str());
                seen[2] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n >= 5), "too few matches: {seen:?}");
    }
}
