//! `mt/broken-markup`: Markdown and HTML damaged by spaces or lost tags.

use std::sync::OnceLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::mt_common::MAX_PER_PAGE;
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
        for c in p.link_gap.captures_iter(body) {
            let (Some(w), Some(t), Some(g)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if !short_link_text(t.as_str()) || in_skipped(base + w.start()) {
                continue;
            }
            push(
                Span::new(base + g.start(), base + g.end()),
                "space between the link text and its URL".into(),
                "write `](` with nothing between, or the link shows as text".into(),
                Some(String::new()),
            );
        }
        for c in p.image_gap.captures_iter(body) {
            let (Some(w), Some(g), Some(t)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if !short_link_text(t.as_str()) || in_skipped(base + w.start()) {
                continue;
            }
            push(
                Span::new(base + g.start(), base + g.end()),
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
        for c in p.tag.captures_iter(body) {
            let (Some(w), Some(close), Some(name), Some(selfclose)) =
                (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if in_skipped(base + w.start()) {
                continue;
            }
            let name = name.as_str().to_ascii_lowercase();
            if !PAIRED.contains(&name.as_str()) || !selfclose.as_str().is_empty() {
                continue;
            }
            let span = Span::new(base + w.start(), base + w.end());
            if close.as_str().is_empty() {
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
