//! `mt/token-spacing`: spaces that machine translation put inside a token.

use std::sync::OnceLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::en_or_zh;
use crate::rules::mt::{prose_spans, MAX_PER_PAGE};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags spaces inside a token of an English page: after or before the `/` or `-` of a
    /// name (`Summit/ Meetup`, `Dubbo- Go`), inside a domain (`API7. Ai`), inside an
    /// abbreviation (`e. g.`), just inside brackets (`( incubating )`), and before
    /// `, . ; : ? !`. Machine translation from Chinese splits tokens this way because Chinese
    /// text has no spaces to keep them together.
    ///
    /// ## Why is this bad?
    /// The page looks careless, and names stop being searchable (`Dubbo- Go` is not found
    /// by a search for `Dubbo-Go`).
    ///
    /// ## Example
    /// ```markdown
    /// What problems have you met on the way to a Summit/ Meetup?
    /// ```
    ///
    /// ```markdown
    /// Reese Liu is from the API7. Ai user growth team.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// What problems have you met on the way to a Summit/Meetup? We met a few, e.g. this one.
    /// ```
    ///
    /// Spaces around a slash on both sides (`A / B`), suspended hyphens (`pre- and
    /// post-processing`) and `w/` are left alone, and so is a slash that starts a path
    /// (`copy it into /opt/peers`). Fixes that only delete spaces inside a token are safe;
    /// joining a hyphen or a domain, or a slash next to a lowercase word or a path (`into
    /// /etc`, `/opt/ peers`), is offered but not applied by `--fix`: the space may be meant.
    pub MtTokenSpacing, "mt/token-spacing", Severity::Warning, "space inside a token", fixable = true
}

struct Patterns {
    slash_after: Regex,
    slash_before: Regex,
    hyphen_after: Regex,
    hyphen_before: Regex,
    domain: Regex,
    abbrev: Regex,
    open_bracket: Regex,
    close_bracket: Regex,
    before_punct: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("valid regex");
        Patterns {
            // `Summit/ Meetup`: a word of two or more characters, a slash, spaces, a word.
            slash_after: re(r"([A-Za-z0-9][A-Za-z0-9.+#]*[A-Za-z0-9+#])(/[ \t]+)([A-Za-z0-9][A-Za-z0-9.+#-]*[A-Za-z0-9+#]|[A-Za-z0-9])"),
            // `Summit /Meetup`
            slash_before: re(r"([A-Za-z0-9])([ \t]+/)([A-Za-z0-9]{2})"),
            // `Dubbo- Go`, `community- based`
            hyphen_after: re(r"([A-Za-z0-9]{2,})(-[ \t]+)([A-Za-z][A-Za-z0-9]*)"),
            // `Dubbo -Go`
            hyphen_before: re(r"([A-Za-z0-9]{2,})([ \t]+-)([A-Z][A-Za-z0-9]*)"),
            // `API7. Ai`, `example. com`
            domain: re(r"\b([A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])\.[ \t]+(ai|Ai|io|com|cn|org|net|dev|tech|cloud)\b"),
            // `e. g.`, `i. e.`
            abbrev: re(r"\b(?:e\.[ \t]+g|i\.[ \t]+e)\."),
            open_bracket: re(r"\(([ \t]+)[^\s)]"),
            close_bracket: re(r"[^\s(]([ \t]+)\)"),
            before_punct: re(r"([A-Za-z0-9\)\x22'])([ \t]+)([,;:?!.])"),
        }
    })
}

/// The captures of `re` in `text`, when `needed` (a character every match holds occurs).
fn captures_if<'a>(
    needed: bool,
    re: &'a Regex,
    text: &'a str,
) -> impl Iterator<Item = regex::Captures<'a>> + 'a {
    needed.then(|| re.captures_iter(text)).into_iter().flatten()
}

/// Words after a suspended hyphen (`pre- and post-`), which is correct English.
const SUSPENDED: &[&str] = &["and", "or", "to", "as", "nor", "versus", "vs"];

fn applicability(safe: bool) -> Applicability {
    if safe {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    }
}

/// The whitespace-delimited word of `text` that starts at byte `at`.
fn word_from(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())]
}

/// The whitespace-delimited word of `text` that ends at byte `end`.
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    head.rfind(char::is_whitespace).map_or(head, |i| {
        &head[i + head[i..].chars().next().map_or(1, char::len_utf8)..]
    })
}

/// Whether a word reads as a file-system path: a separator after its first character
/// (`/opt/peers`, `docs/setup`, `C:\dir`) or a home or Windows root (`~`, `\`).
fn looks_like_path(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        None => false,
        Some('~' | '\\') => true,
        Some(_) => chars.as_str().contains(['/', '\\']),
    }
}

/// Whether a word reads as a path or a file name (`/etc/hosts`, `/setup.md`).
fn looks_like_file(word: &str) -> bool {
    let inner = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
    looks_like_path(inner) || inner.get(1..).is_some_and(|r| r.contains('.'))
}

impl Rule for MtTokenSpacing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if en_or_zh(doc) != Some("en") {
            return;
        }
        let p = patterns();
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut push =
            |span: Span, msg: String, help: &str, fix: Option<(String, Applicability)>| {
                if found.len() >= MAX_PER_PAGE * 2 {
                    return;
                }
                let mut d =
                    Diagnostic::new(&Self::META, &doc.source, span, msg).help(help.to_string());
                if let Some((text, a)) = fix {
                    d = d.fix(Fix::replace(span, text, a));
                }
                found.push(d);
            };
        for seg in prose_spans(doc) {
            let text = doc.slice(seg);
            let base = seg.start as usize;
            let at = |r: std::ops::Range<usize>| Span::new(base + r.start, base + r.end);
            // Each pattern needs a character that most segments lack; a search for it is
            // much cheaper than starting the regex (its captures are made at each start).
            let (slash, hyphen) = (text.contains('/'), text.contains('-'));
            let (open, close) = (text.contains('('), text.contains(')'));
            for c in captures_if(slash, &p.slash_after, text) {
                let (Some(a), Some(sl), Some(b)) = (c.get(1), c.get(2), c.get(3)) else {
                    continue;
                };
                // `/opt/ peers` ends a path: joining would make `peers` part of it.
                let before = word_before(text, sl.start());
                let safe = !(before.contains('/') || before.starts_with(['~', '.', '\\']));
                push(
                    at(sl.range()),
                    format!(
                        "space after the slash in `{}{}{}`",
                        a.as_str(),
                        sl.as_str(),
                        b.as_str()
                    ),
                    "write the two words joined by the slash, without a space",
                    Some(("/".into(), applicability(safe))),
                );
            }
            for c in captures_if(slash, &p.slash_before, text) {
                let (Some(sl), Some(b)) = (c.get(2), c.get(3)) else {
                    continue;
                };
                // A slash with spaces on both sides is a style choice, not an artefact.
                if text[b.start()..].starts_with(' ') {
                    continue;
                }
                // `into /opt/peers`, `see /docs/setup.md`: the slash starts a path.
                let after = word_from(text, sl.end() - 1);
                if looks_like_file(after) {
                    continue;
                }
                // `Summit /Meetup` joins two names; `into /etc` may still be a path.
                let safe = after.chars().any(|c| c.is_ascii_uppercase());
                push(
                    at(sl.range()),
                    "space before the slash".to_string(),
                    "write the two words joined by the slash, without a space",
                    Some(("/".into(), applicability(safe))),
                );
            }
            for c in captures_if(hyphen, &p.hyphen_after, text) {
                let (Some(a), Some(h), Some(b)) = (c.get(1), c.get(2), c.get(3)) else {
                    continue;
                };
                if SUSPENDED.contains(&b.as_str().to_ascii_lowercase().as_str()) {
                    continue;
                }
                push(
                    at(h.range()),
                    format!(
                        "space after the hyphen in `{}{}{}`",
                        a.as_str(),
                        h.as_str(),
                        b.as_str()
                    ),
                    "join the hyphenated word, or use a dash with a space on both sides",
                    Some(("-".into(), Applicability::Unsafe)),
                );
            }
            for c in captures_if(hyphen, &p.hyphen_before, text) {
                let (Some(a), Some(h), Some(b)) = (c.get(1), c.get(2), c.get(3)) else {
                    continue;
                };
                // `run it with -V`: a command-line flag, not half of a name.
                if b.as_str().len() == 1 {
                    continue;
                }
                push(
                    at(h.range()),
                    format!(
                        "space before the hyphen in `{}{}{}`",
                        a.as_str(),
                        h.as_str(),
                        b.as_str()
                    ),
                    "join the hyphenated word, or use a dash with a space on both sides",
                    Some(("-".into(), Applicability::Unsafe)),
                );
            }
            for c in p.domain.captures_iter(text) {
                let (Some(whole), Some(name), Some(tld)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                // `in Beijing. Com…` at a sentence start is not a domain; `Ai` is (MT
                // capitalises the part after the split), lowercase TLDs are.
                let fixed = format!("{}.{}", name.as_str(), tld.as_str().to_ascii_lowercase());
                push(
                    at(whole.range()),
                    format!("domain `{fixed}` is split by a space"),
                    &format!("write `{fixed}`"),
                    Some((fixed.clone(), Applicability::Unsafe)),
                );
            }
            for m in p.abbrev.find_iter(text) {
                let fixed = if m.as_str().starts_with('e') {
                    "e.g."
                } else {
                    "i.e."
                };
                push(
                    at(m.range()),
                    format!("abbreviation `{}` is split by a space", m.as_str()),
                    &format!("write `{fixed}`"),
                    Some((fixed.to_string(), Applicability::Safe)),
                );
            }
            for c in captures_if(open, &p.open_bracket, text) {
                let (Some(whole), Some(sp)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                // `:( ` is a face, not a bracket.
                if text[..whole.start()].ends_with([':', ';']) {
                    continue;
                }
                push(
                    at(sp.range()),
                    "space just inside an opening bracket".to_string(),
                    "remove the space after `(`",
                    Some((String::new(), Applicability::Safe)),
                );
            }
            for c in captures_if(close, &p.close_bracket, text) {
                let Some(sp) = c.get(1) else { continue };
                push(
                    at(sp.range()),
                    "space just inside a closing bracket".to_string(),
                    "remove the space before `)`",
                    Some((String::new(), Applicability::Safe)),
                );
            }
            for c in p.before_punct.captures_iter(text) {
                let (Some(sp), Some(pm)) = (c.get(2), c.get(3)) else {
                    continue;
                };
                let next = text[pm.end()..].chars().next();
                // Only punctuation that ends a word: `.NET`, `.md`, `:)` and `...` are not.
                let ends_word = match next {
                    None => true,
                    Some(n) => n.is_whitespace() || (pm.as_str() != "." && n == '"'),
                };
                if !ends_word || text[pm.start()..].starts_with("..") {
                    continue;
                }
                // `edit ~/.bashrc .` or `C:\dir :`: the space may belong to a command line.
                if looks_like_path(word_before(text, sp.start())) {
                    continue;
                }
                push(
                    at(sp.range()),
                    format!("space before `{}`", pm.as_str()),
                    &format!("remove the space before `{}`", pm.as_str()),
                    Some((String::new(), Applicability::Safe)),
                );
            }
        }
        found.sort_by_key(|d| d.span);
        found.dedup_by(|a, b| a.span.start < b.span.end);
        found.truncate(MAX_PER_PAGE);
        out.extend(found);
    }
}
