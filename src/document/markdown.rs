//! The body: prose, images and links, extracted once with their byte spans.
//!
//! Prose leaves out code, HTML tags, Hugo shortcodes, URLs and image alt text, so that
//! language and wording rules only ever see words a reader sees as running text.

use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::source::Span;

/// What kind of block a piece of prose belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// A heading of the given level.
    Heading(u8),
    /// A list item.
    ListItem,
    /// A table cell.
    TableCell,
}

/// A block of the body that holds prose.
#[derive(Clone, Debug)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// Its bytes in the file.
    pub span: Span,
}

/// A run of prose text.
#[derive(Clone, Debug)]
pub struct Segment {
    /// Its bytes in the file.
    pub span: Span,
    /// Index into [`Body::blocks`].
    pub block: u32,
}

/// Where an image reference was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageOrigin {
    /// `![alt](src)`
    Markdown,
    /// `![alt][ref]` with `[ref]: src`
    MarkdownReference,
    /// `<img src=…>` (or `srcset`)
    Html,
    /// `{{< figure src=… >}}`
    Shortcode,
    /// A front-matter field.
    FrontMatter,
}

/// One image reference.
#[derive(Clone, Debug)]
pub struct ImageRef {
    /// The source as written.
    pub src: String,
    /// The bytes of the source value.
    pub src_span: Span,
    /// Alt text; `None` when there is no alt attribute at all.
    pub alt: Option<String>,
    /// The whole reference (tag, Markdown image, shortcode).
    pub span: Span,
    /// Where it was written.
    pub origin: ImageOrigin,
}

/// One link.
#[derive(Clone, Debug)]
pub struct LinkRef {
    /// The URL as written.
    pub url: String,
    /// The bytes of the URL.
    pub span: Span,
}

/// Everything extracted from a body.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// Blocks holding prose, in order.
    pub blocks: Vec<Block>,
    /// Prose runs, in order.
    pub prose: Vec<Segment>,
    /// Image references, in order.
    pub images: Vec<ImageRef>,
    /// Links and bare URLs, in order.
    pub links: Vec<LinkRef>,
    /// Code spans and code blocks.
    pub code: Vec<Span>,
    /// HTML comments (for inline suppression), with their text.
    pub comments: Vec<(Span, String)>,
}

fn img_tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"(?i)<img\b(?:[^>"']|"[^"]*"|'[^']*')*>"#).expect("valid regex"))
}

fn attr_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
            .expect("valid regex")
    })
}

fn shortcode_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\{\{[<%](?s:.)*?[%>]\}\}").expect("valid regex"))
}

fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'()\[\]{}，。）]+"#)
            .expect("valid regex")
    })
}

fn comment_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?s)<!--(.*?)-->").expect("valid regex"))
}

/// The attributes of an HTML start tag: (lowercased name, value, value span relative to `tag`).
pub fn html_attributes(tag: &str) -> Vec<(String, String, std::ops::Range<usize>)> {
    let inner_start = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let inner_end = tag.len().saturating_sub(1).max(inner_start);
    let inner = &tag[inner_start..inner_end];
    attr_re()
        .captures_iter(inner)
        .map(|c| {
            let name = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let value = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4));
            match value {
                Some(v) => (
                    name,
                    v.as_str().to_string(),
                    inner_start + v.start()..inner_start + v.end(),
                ),
                None => {
                    let end = inner_start + c.get(0).map_or(0, |m| m.end());
                    (name, String::new(), end..end)
                }
            }
        })
        .collect()
}

/// Extract prose, images, links and code from `text[start..]`.
pub fn extract(text: &str, start: usize) -> Body {
    let body_text = &text[start..];
    let mut body = Body::default();
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    let parser = Parser::new_ext(body_text, opts);
    let refdefs: Vec<(String, std::ops::Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(k, d)| (k.to_string(), d.span.clone()))
        .collect();
    let at = |r: std::ops::Range<usize>| Span::new(start + r.start, start + r.end);

    let mut block: Option<u32> = None;
    let mut in_code = false;
    let mut image: Option<(ImageRef, String, Option<String>)> = None;
    let mut html_chunks: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                // A paragraph inside a list item belongs to the item's block.
                Tag::Paragraph if block.is_some() => {}
                Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell => {
                    let kind = match tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(level as u8),
                        Tag::Item => BlockKind::ListItem,
                        Tag::TableCell => BlockKind::TableCell,
                        _ => BlockKind::Paragraph,
                    };
                    body.blocks.push(Block {
                        kind,
                        span: at(range.clone()),
                    });
                    block = Some(body.blocks.len() as u32 - 1);
                }
                Tag::CodeBlock(_) => {
                    in_code = true;
                    body.code.push(at(range.clone()));
                }
                Tag::Image {
                    link_type,
                    dest_url,
                    ..
                } => {
                    let whole = at(range.clone());
                    let reference = matches!(
                        link_type,
                        pulldown_cmark::LinkType::Reference
                            | pulldown_cmark::LinkType::Collapsed
                            | pulldown_cmark::LinkType::Shortcut
                    );
                    let src_span = if reference {
                        refdefs
                            .iter()
                            .filter_map(|(_, r)| locate(text, at(r.clone()), &dest_url))
                            .next()
                            .unwrap_or(whole)
                    } else {
                        locate_last(text, whole, &dest_url).unwrap_or(whole)
                    };
                    let origin = if reference {
                        ImageOrigin::MarkdownReference
                    } else {
                        ImageOrigin::Markdown
                    };
                    let img = ImageRef {
                        src: dest_url.to_string(),
                        src_span,
                        alt: None,
                        span: whole,
                        origin,
                    };
                    image = Some((img, String::new(), None));
                }
                Tag::Link { dest_url, .. } => {
                    let whole = at(range.clone());
                    let span = locate_last(text, whole, &dest_url).unwrap_or(whole);
                    body.links.push(LinkRef {
                        url: dest_url.to_string(),
                        span,
                    });
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    block = None
                }
                TagEnd::CodeBlock => in_code = false,
                TagEnd::Image => {
                    if let Some((mut img, alt, _)) = image.take() {
                        img.alt = Some(alt);
                        body.images.push(img);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, alt, _)) = image.as_mut() {
                    alt.push_str(&t);
                } else if !in_code {
                    if let Some(b) = block {
                        push_prose(&mut body.prose, at(range), b);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak if image.is_none() => {
                if let (Some(b), Some(last)) = (block, body.prose.last_mut()) {
                    if last.block == b && last.span.end as usize == start + range.start {
                        last.span.end = (start + range.end) as u32;
                    }
                }
            }
            Event::Code(_) => body.code.push(at(range)),
            // An HTML block comes one line per event: join touching chunks so that a
            // comment or a tag spanning lines is seen whole.
            Event::Html(_) | Event::InlineHtml(_) => match html_chunks.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => html_chunks.push(range),
            },
            _ => {}
        }
    }
    mdx_syntax(text, &mut body);
    for seg in &mut body.prose {
        while seg.span.end > seg.span.start
            && text.as_bytes()[seg.span.end as usize - 1].is_ascii_whitespace()
        {
            seg.span.end -= 1;
        }
    }
    for r in html_chunks {
        let chunk_start = start + r.start;
        let chunk = &text[chunk_start..start + r.end];
        for m in comment_re().captures_iter(chunk) {
            let whole = m.get(0).map_or(0..0, |g| g.range());
            let inner = m.get(1).map_or("", |g| g.as_str());
            body.comments.push((
                Span::new(chunk_start + whole.start, chunk_start + whole.end),
                inner.to_string(),
            ));
        }
        html_images(chunk, chunk_start, &mut body.images);
    }
    shortcodes_and_urls(text, start, &mut body);
    body.images.sort_by_key(|i| i.span);
    body.links.sort_by_key(|l| l.span);
    body.prose.retain(|s| !s.span.is_empty());
    body
}

/// An MDX `import`/`export` statement at the start of a paragraph (`import Tabs from
/// '@theme/Tabs';`, `export const x = …`): code, not prose.
fn mdx_statement_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"^(?:import\s+(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s+as\s+[\w$]+)?\s*(?:from\s*)?["'][^"'\n]+["'];?|export\s+(?:default\s|const\s|let\s|var\s|function[\s*]|async\s+function\s|class\s|\{))"#,
        )
        .expect("valid regex")
    })
}

/// The marker of a Docusaurus admonition, at the start of a line: `:::note`, `:::tip[Title]`,
/// `:::` (the title after the marker is prose and stays).
fn admonition_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)^[ \t>]*(:::+[A-Za-z0-9_-]*)").expect("valid regex"))
}

/// Take MDX syntax out of the prose: `import`/`export` statements (the whole paragraph)
/// and admonition markers. JSX elements are HTML to the Markdown parser, so already out.
fn mdx_syntax(text: &str, body: &mut Body) {
    let mut cut: Vec<Span> = Vec::new();
    for b in &body.blocks {
        if b.kind == BlockKind::Paragraph
            && mdx_statement_re().is_match(&text[b.span.start as usize..b.span.end as usize])
        {
            cut.push(b.span);
        }
    }
    if cut.is_empty()
        && !body
            .prose
            .iter()
            .any(|s| text[s.span.start as usize..s.span.end as usize].contains(":::"))
    {
        return;
    }
    for s in &body.prose {
        let seg = &text[s.span.start as usize..s.span.end as usize];
        if !seg.contains(":::") {
            continue;
        }
        // A marker counts at the start of a line of the file, not in mid-sentence.
        let line_start = text[..s.span.start as usize]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let from = line_start;
        let to = s.span.end as usize;
        for m in admonition_re().captures_iter(&text[from..to]) {
            if let Some(g) = m.get(1) {
                let (a, e) = (from + g.start(), from + g.end());
                if a >= s.span.start as usize {
                    cut.push(Span::new(a, e));
                }
            }
        }
    }
    if cut.is_empty() {
        return;
    }
    cut.sort_by_key(|c| c.start);
    let mut out = Vec::with_capacity(body.prose.len());
    for seg in body.prose.drain(..) {
        let mut rest = seg.span;
        for c in cut
            .iter()
            .filter(|c| c.start < seg.span.end && c.end > seg.span.start)
        {
            if c.start > rest.start {
                out.push(Segment {
                    span: Span::new(rest.start as usize, c.start as usize),
                    block: seg.block,
                });
            }
            rest.start = rest.start.max(c.end.min(rest.end));
        }
        if rest.end > rest.start {
            out.push(Segment {
                span: rest,
                block: seg.block,
            });
        }
    }
    body.prose = out;
}

fn push_prose(prose: &mut Vec<Segment>, span: Span, block: u32) {
    if let Some(last) = prose.last_mut() {
        if last.block == block && last.span.end == span.start {
            last.span.end = span.end;
            return;
        }
    }
    prose.push(Segment { span, block });
}

/// `<img>` tags in an HTML chunk.
fn html_images(chunk: &str, chunk_start: usize, out: &mut Vec<ImageRef>) {
    for m in img_tag_re().find_iter(chunk) {
        let tag_start = chunk_start + m.start();
        let attrs = html_attributes(m.as_str());
        let alt = attrs.iter().find(|a| a.0 == "alt").map(|a| a.1.clone());
        let span = Span::new(tag_start, chunk_start + m.end());
        for (name, value, r) in &attrs {
            match name.as_str() {
                "src" => out.push(ImageRef {
                    src: value.clone(),
                    src_span: Span::new(tag_start + r.start, tag_start + r.end),
                    alt: alt.clone(),
                    span,
                    origin: ImageOrigin::Html,
                }),
                "srcset" => {
                    let mut off = 0;
                    for candidate in value.split(',') {
                        let lead = candidate.len() - candidate.trim_start().len();
                        let url = candidate.split_whitespace().next().unwrap_or("");
                        if !url.is_empty() {
                            let s = tag_start + r.start + off + lead;
                            out.push(ImageRef {
                                src: url.to_string(),
                                src_span: Span::new(s, s + url.len()),
                                alt: alt.clone(),
                                span,
                                origin: ImageOrigin::Html,
                            });
                        }
                        off += candidate.len() + 1;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Hugo shortcodes (figure images; removed from prose) and bare URLs (links; removed from prose).
fn shortcodes_and_urls(text: &str, start: usize, body: &mut Body) {
    let mut holes: Vec<Span> = Vec::new();
    let code = body.code.clone();
    let in_code = |s: Span| code.iter().any(|c| c.start <= s.start && s.end <= c.end);
    for m in shortcode_re().find_iter(&text[start..]) {
        let span = Span::new(start + m.start(), start + m.end());
        if in_code(span) {
            continue;
        }
        holes.push(span);
        let inner = m.as_str();
        let name = inner[3..]
            .trim_start()
            .split(|c: char| c.is_whitespace() || c == '>' || c == '%')
            .next();
        if name == Some("figure") {
            let attrs = html_attributes(&format!("<{}", &inner[3..inner.len() - 3]));
            let alt = attrs.iter().find(|a| a.0 == "alt").map(|a| a.1.clone());
            for (n, v, r) in attrs {
                if n == "src" {
                    // `html_attributes` saw the text shifted by the `{{` (2 bytes) we replaced with `<` (1).
                    let s = span.start as usize + 2 + r.start;
                    body.images.push(ImageRef {
                        src: v,
                        src_span: Span::new(s, s + r.len()),
                        alt: alt.clone(),
                        span,
                        origin: ImageOrigin::Shortcode,
                    });
                }
            }
        }
    }
    for seg in &body.prose {
        let seg_text = &text[seg.span.range()];
        for m in url_re().find_iter(seg_text) {
            let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
            let s = seg.span.start as usize + m.start();
            let span = Span::new(s, s + url.len());
            holes.push(span);
            if !body.links.iter().any(|l| l.span == span) {
                body.links.push(LinkRef {
                    url: url.to_string(),
                    span,
                });
            }
        }
    }
    if holes.is_empty() {
        return;
    }
    holes.sort();
    let mut out = Vec::with_capacity(body.prose.len());
    for seg in body.prose.drain(..) {
        let mut cur = seg.span.start;
        for h in holes
            .iter()
            .filter(|h| h.end > seg.span.start && h.start < seg.span.end)
        {
            if h.start > cur {
                out.push(Segment {
                    span: Span {
                        start: cur,
                        end: h.start,
                    },
                    block: seg.block,
                });
            }
            cur = cur.max(h.end);
        }
        if cur < seg.span.end {
            out.push(Segment {
                span: Span {
                    start: cur,
                    end: seg.span.end,
                },
                block: seg.block,
            });
        }
    }
    body.prose = out;
}

/// The last occurrence of `needle` inside `within`.
fn locate_last(text: &str, within: Span, needle: &str) -> Option<Span> {
    if needle.is_empty() {
        return None;
    }
    let hay = text.get(within.range())?;
    hay.rfind(needle).map(|i| {
        Span::new(
            within.start as usize + i,
            within.start as usize + i + needle.len(),
        )
    })
}

/// The first occurrence of `needle` inside `within`.
fn locate(text: &str, within: Span, needle: &str) -> Option<Span> {
    if needle.is_empty() {
        return None;
    }
    let hay = text.get(within.range())?;
    hay.find(needle).map(|i| {
        Span::new(
            within.start as usize + i,
            within.start as usize + i + needle.len(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<&str> {
        extract(text, 0)
            .prose
            .iter()
            .map(|s| &text[s.span.range()])
            .collect()
    }

    #[test]
    fn prose_leaves_out_code_urls_and_shortcodes() {
        let text = "Hello `code` world, see https://x.org/a.\n\n```\nfn x\n```\n\nA {{< figure src=\"a.png\" >}} B\n";
        assert_eq!(prose(text), vec!["Hello", " world, see ", ".", "A ", " B"]);
    }

    #[test]
    fn mdx_imports_and_admonition_markers_are_not_prose() {
        let text = "import Tabs from '@theme/Tabs';\nimport {A, B} from \"./x\";\n\nInstall it.\n\n:::note[Mind the version]\n\nIt needs 1.20.\n\n:::\n\n<Tabs>\n  <TabItem value=\"a\">x</TabItem>\n</Tabs>\n\nexport const y = 1;\n\nThe word import in a sentence stays, and so does a ::: in mid-line.\n";
        assert_eq!(
            prose(text),
            vec![
                "Install it.",
                "[Mind the version]",
                "It needs 1.20.",
                "The word import in a sentence stays, and so does a ::: in mid-line."
            ]
        );
    }

    #[test]
    fn html_images_with_any_quoting() {
        let text = " <img src=\"images/speaker/1058_2.png\" width=\"200\" /><br>Jing Li: x\n\n<IMG width=1 SRC=a.png alt='A'>\n";
        let body = extract(text, 0);
        let srcs: Vec<_> = body
            .images
            .iter()
            .map(|i| (&text[i.src_span.range()], i.alt.as_deref()))
            .collect();
        assert_eq!(
            srcs,
            vec![("images/speaker/1058_2.png", None), ("a.png", Some("A"))]
        );
        assert!(prose(text).contains(&"Jing Li: x"));
    }

    #[test]
    fn markdown_reference_and_shortcode_images() {
        let text = "![Alt](a.png \"t\") ![r][ref]\n\n{{< figure src=\"/f.png\" alt=\"F\" >}}\n\n[ref]: b.png\n";
        let body = extract(text, 0);
        let got: Vec<_> = body
            .images
            .iter()
            .map(|i| (&text[i.src_span.range()], i.origin))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a.png", ImageOrigin::Markdown),
                ("b.png", ImageOrigin::MarkdownReference),
                ("/f.png", ImageOrigin::Shortcode)
            ]
        );
        assert_eq!(body.images[0].alt.as_deref(), Some("Alt"));
    }

    #[test]
    fn no_images_inside_code() {
        let text = "`<img src=\"x.png\">`\n\n```\n![a](b.png)\n```\n";
        assert!(extract(text, 0).images.is_empty());
    }
}
