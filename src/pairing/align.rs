//! Alignment of a page with its translation, block by block.
//!
//! Each page is cut into blocks ([`Unit`]s): its front-matter fields, and the headings,
//! paragraphs, list items, table rows, quotes, code blocks, images, HTML blocks and
//! Speakers entries of its body. The fields are paired by key. The body blocks are paired
//! by a dynamic programme over the two sequences, in a band around the diagonal, whose
//! moves are 1–1, 1–2, 2–1 and a block left without counterpart; a move costs by the kinds
//! of the blocks (a heading goes with a heading of about the same level, a code block with
//! a code block), by their sizes against the length ratio of the language pair, and by
//! their anchors: numbers, URLs, inline code, code, image sources and Latin-script terms
//! found on both sides. The ratio starts from the scripts of the two pages and is then
//! learned from the pair itself: from the confidently matched blocks of a first pass.
//! The result is deterministic (ties go to the earliest move) and costs about
//! `n × band` cost evaluations.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::front_matter::Value;
use crate::document::Document;
use crate::source::Span;

/// What a block is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A top-level front-matter field, by key.
    Field(String),
    /// A heading of this level.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A list item (without its nested lists, which are items of their own).
    Item,
    /// A table row (the header row included).
    Row,
    /// A block quote or admonition, whole.
    Quote,
    /// A fenced or indented code block.
    Code,
    /// A paragraph or HTML block that only shows an image.
    Image,
    /// Any other HTML block.
    Html,
    /// An entry (a paragraph or HTML block) of the Speakers section.
    Speaker,
}

impl Kind {
    /// A short name, for printing.
    pub fn name(&self) -> String {
        match self {
            Kind::Field(k) => format!("field {k}"),
            Kind::Heading(l) => format!("h{l}"),
            Kind::Paragraph => "para".into(),
            Kind::Item => "item".into(),
            Kind::Row => "row".into(),
            Kind::Quote => "quote".into(),
            Kind::Code => "code".into(),
            Kind::Image => "image".into(),
            Kind::Html => "html".into(),
            Kind::Speaker => "speaker".into(),
        }
    }

    /// Whether the block is prose, whose size depends on the language.
    pub fn is_prose(&self) -> bool {
        matches!(
            self,
            Kind::Heading(_)
                | Kind::Paragraph
                | Kind::Item
                | Kind::Row
                | Kind::Quote
                | Kind::Speaker
        )
    }

    /// Whether two blocks of these kinds may be one block merged or split in translation.
    pub fn mergeable(&self) -> bool {
        matches!(
            self,
            Kind::Paragraph | Kind::Item | Kind::Quote | Kind::Html
        )
    }
}

/// One block of a page.
#[derive(Clone, Debug)]
pub struct Unit {
    /// What it is.
    pub kind: Kind,
    /// Its bytes in the file.
    pub span: Span,
    /// Its size: Han, kana and Hangul characters plus Latin words for prose; lines for code.
    pub size: u32,
    /// Anchors: hashes of the normalised numbers, URLs, code, image sources (strong) and
    /// Latin-script terms (weak, low bit set), sorted and without repeats.
    pub anchors: Vec<u64>,
    /// How many of the anchors are strong.
    strong: usize,
    /// Han, kana and Hangul characters, and Latin-script words (prose only): how the page
    /// is written.
    han: u32,
    latin: u32,
    /// The heading whose section holds the block (an index into the same list).
    pub section: Option<usize>,
}

impl Unit {
    /// The anchors that identify a block (numbers, URLs, code, images), not Latin words.
    pub fn strong(&self) -> impl Iterator<Item = &u64> {
        self.anchors.iter().filter(|a| *a & 1 == 0)
    }
}

fn hash_anchor(tag: u8, text: &str, weak: bool) -> u64 {
    hash_bytes(tag, text.bytes(), weak)
}

/// An anchor's hash, of the tag and the bytes (as `str`'s `Hash` writes them), fed through
/// a small buffer so that a word can be hashed lowercased without a copy of it. The
/// lowest bit is the anchor's strength.
fn hash_bytes(tag: u8, bytes: impl Iterator<Item = u8>, weak: bool) -> u64 {
    let mut h = DefaultHasher::new();
    h.write_u8(tag);
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in bytes {
        if n == buf.len() {
            h.write(&buf);
            n = 0;
        }
        buf[n] = b;
        n += 1;
    }
    h.write(&buf[..n]);
    h.write_u8(0xff);
    let v = h.finish();
    if weak {
        v | 1
    } else {
        v & !1
    }
}

/// The anchor of a number value (figures written differently hash the same).
pub fn number_anchor(value: f64) -> u64 {
    hash_anchor(b'n', &format!("{:.3}", value), false)
}

/// The key of one line of code: blanks squeezed, a trailing comment removed; empty for a
/// blank or comment-only line.
pub fn code_line_key(line: &str) -> String {
    let t = line.trim();
    let comment_starts = ["#", "//", "--", "/*", "*", "<!--", ";"];
    if t.is_empty()
        || comment_starts
            .iter()
            .any(|c| t.starts_with(c) && !t.starts_with("#!"))
    {
        return String::new();
    }
    let mut code = t;
    for marker in [" #", " //", "\t#"] {
        if let Some(i) = code.find(marker) {
            code = &code[..i];
        }
    }
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines of a fenced or indented code block's content, with their byte spans (the fences
/// left out).
pub fn code_lines(doc: &Document, span: Span) -> Vec<(Span, &str)> {
    let text = doc.slice(span);
    let mut out = Vec::new();
    let mut pos = span.start as usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let fenced = lines
        .first()
        .is_some_and(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"));
    for (i, l) in lines.iter().enumerate() {
        let start = pos;
        pos += l.len();
        let is_fence =
            fenced && (i == 0 || (i == lines.len() - 1 && l.trim_start().starts_with(['`', '~'])));
        if is_fence {
            continue;
        }
        let body = l.trim_end_matches(['\n', '\r']);
        out.push((Span::new(start, start + body.len()), body));
    }
    out
}

/// Cut the page into blocks, in order: front-matter fields first.
pub fn units(doc: &Document) -> Vec<Unit> {
    let (numbers, urls) = (
        crate::rules::pair::numbers(doc),
        crate::rules::pair::urls(doc),
    );
    units_with(doc, &numbers, &urls)
}

/// [`units`], given the page's numbers and URLs (which the pair rules compute anyway).
pub fn units_with(
    doc: &Document,
    numbers: &[crate::rules::pair::Number],
    urls: &[crate::rules::pair::Url],
) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    if let Some(fm) = &doc.front_matter {
        if let Some(root) = &fm.root {
            if let Value::Map(entries) = &root.value {
                for e in entries {
                    out.push(Unit {
                        kind: Kind::Field(e.key.clone()),
                        span: e.value.span,
                        size: 1,
                        anchors: Vec::new(),
                        strong: 0,
                        han: 0,
                        latin: 0,
                        section: None,
                    });
                }
            }
        }
    }
    let fields = out.len();
    let mut body: Vec<Unit> = Vec::new();
    body_units(doc, &mut body);
    body.sort_by_key(|u| (u.span.start, u.span.end));
    fill(doc, &mut body, fields, numbers, urls);
    out.extend(body);
    out
}

fn body_units(doc: &Document, out: &mut Vec<Unit>) {
    let text = doc.text();
    let start = doc.body_start.min(text.len());
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    let at = |r: Range<usize>| Span::new(start + r.start, start + r.end);
    let unit = |kind: Kind, span: Span| Unit {
        kind,
        span,
        size: 0,
        anchors: Vec::new(),
        strong: 0,
        han: 0,
        latin: 0,
        section: None,
    };
    // Open containers: (is a quote, index of the item's unit when an item).
    let mut quotes = 0usize;
    let mut items: Vec<usize> = Vec::new();
    let mut in_table = 0usize;
    for (event, range) in Parser::new_ext(&text[start..], opts).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::BlockQuote(_) => {
                    if quotes == 0 {
                        cut_item(out, &items, at(range.clone()).start);
                        out.push(unit(Kind::Quote, at(range)));
                    }
                    quotes += 1;
                }
                _ if quotes > 0 => {}
                Tag::Heading { level, .. } => out.push(unit(Kind::Heading(level as u8), at(range))),
                Tag::Paragraph if items.is_empty() && in_table == 0 => {
                    out.push(unit(Kind::Paragraph, at(range)))
                }
                Tag::Item => {
                    cut_item(out, &items, at(range.clone()).start);
                    out.push(unit(Kind::Item, at(range)));
                    items.push(out.len() - 1);
                }
                Tag::List(_) => cut_item(out, &items, at(range).start),
                Tag::CodeBlock(_) => {
                    cut_item(out, &items, at(range.clone()).start);
                    out.push(unit(Kind::Code, at(range)));
                }
                Tag::Table(_) => in_table += 1,
                Tag::TableHead | Tag::TableRow => out.push(unit(Kind::Row, at(range))),
                Tag::HtmlBlock => out.push(unit(Kind::Html, at(range))),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::BlockQuote(_) => quotes = quotes.saturating_sub(1),
                TagEnd::Item if quotes == 0 => {
                    items.pop();
                }
                TagEnd::Table if quotes == 0 => in_table = in_table.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    // An item's text ends where its first nested block begins; strip the trailing blank.
    for u in out.iter_mut() {
        let s = doc.slice(u.span);
        let trimmed = s.trim_end();
        u.span = Span::new(u.span.start as usize, u.span.start as usize + trimmed.len());
    }
    out.retain(|u| !u.span.is_empty());
}

/// End the innermost open item's text at `at`, when its text reaches past it.
fn cut_item(out: &mut [Unit], items: &[usize], at: u32) {
    if let Some(&i) = items.last() {
        let u = &mut out[i];
        if u.span.end > at && at > u.span.start {
            u.span.end = at;
        }
    }
}

/// Sizes, anchors, sections and the kinds that need the text (images, speakers).
fn fill(
    doc: &Document,
    body: &mut [Unit],
    offset: usize,
    numbers: &[crate::rules::pair::Number],
    urls: &[crate::rules::pair::Url],
) {
    let starts: Vec<u32> = body.iter().map(|u| u.span.start).collect();
    let owner = |at: u32| -> Option<usize> {
        let i = starts.partition_point(|s| *s <= at).checked_sub(1)?;
        (body[i].span.end > at).then_some(i)
    };
    let mut anchors: Vec<Vec<u64>> = vec![Vec::new(); body.len()];
    let mut images: Vec<usize> = vec![0; body.len()];
    for n in numbers {
        if let Some(i) = owner(n.span.start) {
            anchors[i].push(number_anchor(n.value));
            if let Some(alt) = n.alt {
                anchors[i].push(number_anchor(alt));
            }
        }
    }
    for u in urls {
        if let Some(i) = owner(u.span.start) {
            anchors[i].push(hash_anchor(b'u', &u.key, false));
        }
    }
    for img in &doc.body.images {
        if let Some(i) = owner(img.span.start) {
            anchors[i].push(hash_anchor(b'i', &image_key(&img.src), false));
            images[i] += 1;
        }
    }
    for c in &doc.body.code {
        if let Some(i) = owner(c.start) {
            if body[i].kind == Kind::Code {
                continue;
            }
            let code = doc.slice(*c).trim_matches('`').trim();
            if !code.is_empty() {
                anchors[i].push(hash_anchor(b'c', code, false));
            }
        }
    }
    let speakers = crate::lang::speakers_section(doc);
    let mut section = None;
    for (i, u) in body.iter_mut().enumerate() {
        let text = doc.slice(u.span);
        if u.kind == Kind::Code {
            let keys: Vec<String> = code_lines(doc, u.span)
                .into_iter()
                .map(|(_, l)| code_line_key(l))
                .filter(|k| !k.is_empty())
                .collect();
            u.size = keys.len().max(1) as u32;
            // Each line, so that two versions of a block share what they have in common.
            for k in &keys {
                anchors[i].push(hash_anchor(b'k', k, false));
            }
        } else {
            let c = crate::lang::counts(&visible(text));
            u.han = (c.han + c.kana + c.hangul) as u32;
            u.latin = c.latin_words as u32;
            u.size = u.han + u.latin + c.other_words as u32;
            for w in text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| w.len() >= 3 && w.bytes().any(|b| b.is_ascii_alphabetic()))
            {
                let lower = w.bytes().map(|b| b.to_ascii_lowercase());
                anchors[i].push(hash_bytes(b't', lower, true));
            }
        }
        if matches!(u.kind, Kind::Paragraph | Kind::Html) && images[i] > 0 && u.size <= 2 {
            u.kind = Kind::Image;
            u.size = images[i] as u32;
        }
        let in_speakers = speakers.is_some_and(|s| s.start <= u.span.start && u.span.end <= s.end);
        if in_speakers && matches!(u.kind, Kind::Paragraph | Kind::Html | Kind::Image) {
            u.kind = Kind::Speaker;
        }
        if let Kind::Heading(_) = u.kind {
            section = Some(offset + i);
            u.section = None;
        } else {
            u.section = section;
        }
        let mut a = std::mem::take(&mut anchors[i]);
        a.sort_unstable();
        a.dedup();
        // A sample of each kind, the same on both pages (the smallest hashes): the costs
        // count a few anchors in common at most, and long lists made the alignment slow.
        let (mut ns, mut nw) = (0, 0);
        a.retain(|x| {
            if x & 1 == 0 {
                ns += 1;
                ns <= STRONG_SAMPLE
            } else {
                nw += 1;
                nw <= WEAK_SAMPLE
            }
        });
        u.strong = a.iter().filter(|x| *x & 1 == 0).count();
        u.anchors = a;
    }
}

/// At most this many strong anchors of a block take part in the alignment.
const STRONG_SAMPLE: usize = 32;
/// At most this many weak ones.
const WEAK_SAMPLE: usize = 32;

/// The text of a block without tags, link targets and Markdown markers, for its size.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut in_target = 0usize;
    let mut prev = ' ';
    // A bare URL is left out like a link target: `[a] (url)` and `[a](url)` are one size.
    let mut in_url = false;
    for (i, c) in text.char_indices() {
        if in_url {
            if !(c.is_whitespace() || matches!(c, ')' | '>' | '"')) {
                continue;
            }
            in_url = false;
        } else if text[i..].starts_with("http://") || text[i..].starts_with("https://") {
            in_url = true;
            continue;
        }
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '(' if prev == ']' => in_target = 1,
            '(' if in_target > 0 => in_target += 1,
            ')' if in_target > 0 => in_target -= 1,
            _ if in_tag || in_target > 0 => {}
            _ => out.push(c),
        }
        prev = c;
    }
    out
}

/// An image source reduced for comparison: no scheme, no leading `./` or `/`, no case.
pub fn image_key(src: &str) -> String {
    src.trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/')
        .to_lowercase()
}

/// Blocks of one page paired with blocks of the other: `a` and `b` are index ranges into
/// the pages' units. A range is empty for a block without counterpart; its start is then
/// where the missing block would be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Units of the first page.
    pub a: Range<usize>,
    /// Units of the second page.
    pub b: Range<usize>,
}

/// Two pages aligned.
#[derive(Debug)]
pub struct Alignment {
    /// The first page's blocks.
    pub a: Arc<Vec<Unit>>,
    /// The second page's blocks.
    pub b: Arc<Vec<Unit>>,
    /// The links, fields first (in the first page's order, then fields only the second
    /// page has), then the body in order.
    pub links: Vec<Link>,
    /// Size of the second page's prose per unit of the first's, as learned.
    pub ratio: f64,
}

impl Alignment {
    /// The body block of the first page (`first`) or of the second holding byte `at`, as
    /// (its index among the page's units, the index of its link).
    pub fn block_at(&self, first: bool, at: u32) -> Option<(usize, usize)> {
        let units = if first { &self.a } else { &self.b };
        let u = units.iter().position(|u| {
            !matches!(u.kind, Kind::Field(_)) && u.span.start <= at && at < u.span.end
        })?;
        let side = |l: &Link| if first { l.a.clone() } else { l.b.clone() };
        let k = self.links.iter().position(|l| side(l).contains(&u))?;
        Some((u, k))
    }
}

/// Where a block missing from a page belongs in it: the page's block just before the
/// insertion point `at` (an index into `units`), else the one after it.
pub fn insertion_span(units: &[Unit], at: usize, fallback: Span) -> Span {
    let body = |u: &&Unit| !matches!(u.kind, Kind::Field(_));
    units[..at.min(units.len())]
        .iter()
        .rev()
        .find(body)
        .or_else(|| units[at.min(units.len())..].iter().find(body))
        .map_or(fallback, |u| u.span)
}

/// How a page's prose is written, for the default length ratio.
fn han_like(units: &[Unit]) -> bool {
    let prose = units.iter().filter(|u| u.kind.is_prose()).take(40);
    let (han, latin) = prose.fold((0, 0), |(h, l), u| (h + u.han, l + u.latin));
    han > latin
}

/// Align two pages.
pub fn align(a: &Document, b: &Document) -> Alignment {
    align_units(Arc::new(units(a)), Arc::new(units(b)))
}

/// Align two pages cut into blocks (by [`units`]).
pub fn align_units(ua: Arc<Vec<Unit>>, ub: Arc<Vec<Unit>>) -> Alignment {
    let mut links = Vec::new();
    let fa = ua
        .iter()
        .take_while(|u| matches!(u.kind, Kind::Field(_)))
        .count();
    let fb = ub
        .iter()
        .take_while(|u| matches!(u.kind, Kind::Field(_)))
        .count();
    // Fields by key.
    let mut used = vec![false; fb];
    for (i, u) in ua[..fa].iter().enumerate() {
        let m = (0..fb).find(|&j| !used[j] && ub[j].kind == u.kind);
        match m {
            Some(j) => {
                used[j] = true;
                links.push(Link {
                    a: i..i + 1,
                    b: j..j + 1,
                });
            }
            None => links.push(Link {
                a: i..i + 1,
                b: fb..fb,
            }),
        }
    }
    for (j, u) in used.iter().enumerate() {
        if !u {
            links.push(Link {
                a: fa..fa,
                b: j..j + 1,
            });
        }
    }
    // The default ratio from the scripts, bounded by the pages' totals, then learned.
    let default = match (han_like(&ua), han_like(&ub)) {
        (true, false) => 0.6,
        (false, true) => 1.7,
        _ => 1.0,
    };
    let total = |u: &[Unit]| {
        u.iter()
            .filter(|x| x.kind.is_prose())
            .map(|x| x.size as f64)
            .sum::<f64>()
    };
    let (ta, tb) = (total(&ua[fa..]), total(&ub[fb..]));
    let mut ratio = if ta > 0.0 && tb > 0.0 {
        (tb / ta).clamp(default / 2.0, default * 2.0)
    } else {
        default
    };
    let band = Band::new(ua.len() - fa, ub.len() - fb);
    let ov = Overlaps::new(&ua[fa..], &ub[fb..], |p| band.pairs_of(p));
    let mut body = dp(&ua, fa, &ub, fb, ratio, &band, &ov);
    let mut seen: Vec<f64> = body
        .iter()
        .filter(|l| l.a.len() == 1 && l.b.len() == 1)
        .filter_map(|l| {
            let (x, y) = (&ua[l.a.start], &ub[l.b.start]);
            let shared = shared(x.strong(), y.strong());
            (x.kind.is_prose() && x.size >= 5 && y.size >= 3 && shared > 0)
                .then(|| y.size as f64 / x.size as f64)
        })
        .collect();
    if seen.len() >= 3 {
        seen.sort_by(|p, q| p.total_cmp(q));
        let learned = seen[seen.len() / 2].clamp(default / 3.0, default * 3.0);
        if (learned / ratio).ln().abs() > 0.2 {
            ratio = learned;
            body = dp(&ua, fa, &ub, fb, ratio, &band, &ov);
        }
    }
    links.extend(body);
    Alignment {
        a: ua,
        b: ub,
        links,
        ratio,
    }
}

/// The strong and the weak anchors two sorted lists have in common, in one pass.
fn overlap(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut strong, mut weak) = (0, 0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if a[i] & 1 == 0 {
                    strong += 1;
                } else {
                    weak += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    (strong, weak)
}

/// How many values two sorted lists of anchors have in common.
pub fn shared<'x>(a: impl Iterator<Item = &'x u64>, b: impl Iterator<Item = &'x u64>) -> usize {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut n = 0;
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                n += 1;
                a.next();
                b.next();
            }
        }
    }
    n
}

const SKIP: f64 = 2.0;
const MERGE: f64 = 2.0;
/// Both blocks have strong anchors and share none: evidence that they are not one text.
const DISJOINT: f64 = 2.0;
/// Two prose blocks share no anchor at all.
const UNANCHORED: f64 = 1.0;

fn skip_cost(u: &Unit) -> f64 {
    // A heading is short and cheap to leave out when its section is; so is a block of a
    // word or two without strong anchors.
    let small = u.size <= 2 && u.anchors.iter().all(|a| a & 1 == 1) && u.kind != Kind::Code;
    if small || matches!(u.kind, Kind::Heading(_)) {
        SKIP / 2.0
    } else {
        SKIP
    }
}

fn kind_cost(x: &Kind, y: &Kind) -> f64 {
    use Kind::*;
    match (x, y) {
        // Headings are the page's skeleton: two of them in step are most likely one
        // heading translated, even with no anchor in common.
        (Heading(p), Heading(q)) => 0.5 * (*p as f64 - *q as f64).abs() - 1.0,
        // So are two code blocks: code is not translated, and a changed line is still
        // the same block.
        (Code, Code) => -1.0,
        _ if x == y => 0.0,
        (Code, _) | (_, Code) => 6.0,
        (Heading(_), _) | (_, Heading(_)) => 3.0,
        (Image, Html) | (Html, Image) | (Speaker, _) | (_, Speaker) => 0.5,
        _ => 1.0,
    }
}

/// The anchors blocks of the two pages share, (strong, weak), for the pairs of blocks the
/// moves of the banded programme look at, counted once for both passes and for every move
/// that holds the pair.
struct Overlaps {
    /// Per block of the first page: the first block of the second page counted, and the
    /// counts from there on.
    rows: Vec<(usize, Vec<(u8, u8)>)>,
}

impl Overlaps {
    fn new(xa: &[Unit], xb: &[Unit], cols: impl Fn(usize) -> Range<usize>) -> Overlaps {
        let rows = (0..xa.len())
            .map(|p| {
                let r = cols(p);
                let counts = xb[r.clone()]
                    .iter()
                    .map(|y| {
                        let (s, w) = overlap(&xa[p].anchors, &y.anchors);
                        (s.min(255) as u8, w.min(255) as u8)
                    })
                    .collect();
                (r.start, counts)
            })
            .collect();
        Overlaps { rows }
    }

    /// The anchors block `p` of the first page shares with block `q` of the second.
    fn get(&self, xa: &[Unit], xb: &[Unit], p: usize, q: usize) -> (usize, usize) {
        let (start, counts) = &self.rows[p];
        match q.checked_sub(*start).and_then(|k| counts.get(k)) {
            Some(&(s, w)) => (s as usize, w as usize),
            None => overlap(&xa[p].anchors, &xb[q].anchors),
        }
    }
}

/// The cost of linking the blocks `xs` of the first page with `ys` of the second.
fn link_cost(
    xa: &[Unit],
    xs: Range<usize>,
    xb: &[Unit],
    ys: Range<usize>,
    ratio: f64,
    ov: &Overlaps,
) -> f64 {
    let shared = |p: usize, q: usize| ov.get(xa, xb, p, q);
    let (pa, pb) = (xs.clone(), ys.clone());
    let (xs, ys) = (&xa[xs], &xb[ys]);
    let mut cost = 0.0;
    if xs.len() > 1 || ys.len() > 1 {
        if !xs.iter().chain(ys).all(|u| u.kind.mergeable()) {
            return f64::INFINITY;
        }
        cost += MERGE;
    }
    for x in xs {
        for y in ys {
            cost += kind_cost(&x.kind, &y.kind);
        }
    }
    let prose = xs
        .iter()
        .chain(ys)
        .all(|u| u.kind.is_prose() || u.kind == Kind::Html);
    let r = if prose { ratio } else { 1.0 };
    let sa: f64 = xs.iter().map(|u| u.size as f64).sum();
    let sb: f64 = ys.iter().map(|u| u.size as f64).sum();
    cost += 2.5 * ((sb + 2.0) / (r * sa + 2.0)).ln().abs();
    // Anchors in common, block by block (one side is a single block): an anchor two
    // blocks of a merge share counts twice, which the caps below absorb.
    let (mut s_strong, mut s_weak) = (0, 0);
    for p in pa.clone() {
        for q in pb.clone() {
            let (s, w) = shared(p, q);
            s_strong += s;
            s_weak += w;
        }
    }
    let strong_a: usize = xs.iter().map(|u| u.strong).sum();
    let strong_b: usize = ys.iter().map(|u| u.strong).sum();
    let unshared = (strong_a + strong_b).saturating_sub(2 * s_strong);
    cost -= 0.8 * s_strong.min(5) as f64;
    cost += 0.4 * unshared.min(5) as f64;
    if strong_a > 0 && strong_b > 0 && s_strong == 0 {
        cost += DISJOINT;
    }
    // Prose linked on order and length alone, with no anchor in common.
    if prose && s_strong == 0 && s_weak == 0 && sa >= 2.0 && sb >= 2.0 {
        cost += UNANCHORED;
    }
    // Each block of a merge must bring an anchor of the other side when it has any.
    if xs.len() > 1 || ys.len() > 1 {
        // One side is a single block: what each block of the other side shares with it.
        let brings = |p: usize, q: usize| shared(p, q).0 > 0;
        let lonely = if xs.len() > 1 {
            pa.filter(|&p| xa[p].strong > 0 && !brings(p, pb.start))
                .count()
        } else {
            pb.filter(|&q| xb[q].strong > 0 && !brings(pa.start, q))
                .count()
        };
        for _ in 0..lonely {
            cost += DISJOINT;
        }
    }
    cost -= 0.3 * s_weak.min(5) as f64;
    cost
}

/// A block left out right after another one left out of the same page costs this share of
/// a first one: a missing section is one gap, not many (an affine gap cost).
const EXTEND: f64 = 0.5;
/// A gap at the end of the page costs this share of one inside it.
const TRAIL: f64 = 0.5;

/// The cells of the programme: row `i` (blocks of the first page done) holds the columns
/// `lo(i)..=hi(i)` (blocks of the second page done), around the diagonal.
struct Band {
    na: usize,
    nb: usize,
    width: usize,
}

impl Band {
    fn new(na: usize, nb: usize) -> Band {
        let width = 16usize.max(na.max(nb) / 10) + na.abs_diff(nb);
        Band { na, nb, width }
    }

    fn lo(&self, i: usize) -> usize {
        (i * self.nb / self.na.max(1)).saturating_sub(self.width)
    }

    fn hi(&self, i: usize) -> usize {
        (i * self.nb / self.na.max(1) + self.width).min(self.nb)
    }

    /// The blocks of the second page that block `p` of the first may be linked with: a
    /// move into row `p + 1` or `p + 2` links it with blocks up to two columns back.
    fn pairs_of(&self, p: usize) -> Range<usize> {
        let start = self.lo(p + 1).saturating_sub(2);
        let end = self.hi((p + 2).min(self.na));
        start..end.max(start)
    }
}

/// The banded dynamic programme over the body blocks `ua[fa..]` and `ub[fb..]`, with three
/// states per cell (last move a link, a block of the first page left out, one of the
/// second page left out) so that a gap costs less to extend than to open.
fn dp(
    ua: &[Unit],
    fa: usize,
    ub: &[Unit],
    fb: usize,
    ratio: f64,
    band: &Band,
    ov: &Overlaps,
) -> Vec<Link> {
    let (xa, xb) = (&ua[fa..], &ub[fb..]);
    let (na, nb) = (xa.len(), xb.len());
    let (lo, hi) = (|i| band.lo(i), |i| band.hi(i));
    const MOVES: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)];
    // The state a move ends in.
    let state_of = |m: usize| match MOVES[m] {
        (1, 0) => 1,
        (0, 1) => 2,
        _ => 0,
    };
    // Row i holds columns lo(i)..=hi(i); each cell holds three states.
    let mut cost: Vec<Vec<[f64; 3]>> = Vec::with_capacity(na + 1);
    // The move and the state before it, per state.
    let mut back: Vec<Vec<[(u8, u8); 3]>> = Vec::with_capacity(na + 1);
    const NONE: (u8, u8) = (u8::MAX, u8::MAX);
    for i in 0..=na {
        let (l, h) = (lo(i), hi(i));
        let mut row = vec![[f64::INFINITY; 3]; h - l + 1];
        let mut brow = vec![[NONE; 3]; h - l + 1];
        for j in l..=h {
            if i == 0 && j == 0 {
                row[0][0] = 0.0;
                continue;
            }
            for (m, &(di, dj)) in MOVES.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let (pi, pj) = (i - di, j - dj);
                let prev = if pi == i {
                    if pj < l {
                        continue;
                    }
                    row[pj - l]
                } else {
                    let (pl, ph) = (lo(pi), hi(pi));
                    if pj < pl || pj > ph {
                        continue;
                    }
                    cost[pi][pj - pl]
                };
                let to = state_of(m);
                let step = match (di, dj) {
                    (1, 0) => skip_cost(&xa[pi]),
                    (0, 1) => skip_cost(&xb[pj]),
                    _ => link_cost(xa, pi..i, xb, pj..j, ratio, ov),
                };
                for (from, p) in prev.iter().enumerate() {
                    if !p.is_finite() {
                        continue;
                    }
                    let s = if to != 0 && from == to {
                        step * EXTEND
                    } else {
                        step
                    };
                    let c = p + s;
                    if c < row[j - l][to] {
                        row[j - l][to] = c;
                        brow[j - l][to] = (m as u8, from as u8);
                    }
                }
            }
        }
        cost.push(row);
        back.push(brow);
    }
    // The path may end before either page does: the rest of the other page is then one
    // trailing gap, cheaper than a gap inside (a translation that stops is common, one
    // that lost a middle part and kept the end less so).
    let gap = |us: &[Unit]| -> f64 {
        us.iter()
            .enumerate()
            .map(|(k, u)| skip_cost(u) * if k == 0 { 1.0 } else { EXTEND })
            .sum::<f64>()
            * TRAIL
    };
    let best = |c: &[f64; 3]| -> (f64, usize) {
        (0..3)
            .map(|s| (c[s], s))
            .min_by(|p, q| p.0.total_cmp(&q.0))
            .unwrap_or((f64::INFINITY, 0))
    };
    let (mut end_cost, mut s) = best(&cost[na][nb - lo(na)]);
    let (mut i, mut j) = (na, nb);
    for jj in lo(na)..nb {
        let (c, st) = best(&cost[na][jj - lo(na)]);
        let c = c + gap(&xb[jj..]);
        if c < end_cost {
            (end_cost, s, i, j) = (c, st, na, jj);
        }
    }
    for ii in 0..na {
        if lo(ii) <= nb && nb <= hi(ii) {
            let (c, st) = best(&cost[ii][nb - lo(ii)]);
            let c = c + gap(&xa[ii..]);
            if c < end_cost {
                (end_cost, s, i, j) = (c, st, ii, nb);
            }
        }
    }
    let mut out: Vec<Link> = (j..nb)
        .rev()
        .map(|q| Link {
            a: fa + na..fa + na,
            b: fb + q..fb + q + 1,
        })
        .chain((i..na).rev().map(|p| Link {
            a: fa + p..fa + p + 1,
            b: fb + nb..fb + nb,
        }))
        .collect();
    while i > 0 || j > 0 {
        let (m, from) = back[i][j - lo(i)][s];
        let (di, dj) = if m == u8::MAX {
            // Outside every reachable path (cannot happen with skips allowed): skip.
            if i > 0 {
                (1, 0)
            } else {
                (0, 1)
            }
        } else {
            MOVES[m as usize]
        };
        out.push(Link {
            a: fa + i - di..fa + i,
            b: fb + j - dj..fb + j,
        });
        i -= di;
        j -= dj;
        s = if m == u8::MAX { 0 } else { from as usize };
    }
    out.reverse();
    out
}

/// The first line of a block's text, cut to about `width` columns (a Han character counts
/// two).
fn snippet(doc: &Document, u: &Unit, width: usize) -> String {
    let line = doc
        .slice(u.span)
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut out = String::new();
    let mut w = 0;
    for c in line.trim().chars() {
        let cw = if crate::lang::is_han(c) || (c as u32) >= 0x3000 {
            2
        } else {
            1
        };
        if w + cw > width {
            out.push('…');
            w += 1;
            break;
        }
        out.push(c);
        w += cw;
    }
    while w < width + 1 {
        out.push(' ');
        w += 1;
    }
    out
}

/// The alignment as text, the two pages side by side: each line a link, with the first
/// page's line number, kind and text on the left, the second page's on the right, and
/// between them `=` (1–1), `<` (first page only), `>` (second page only) or `n:m`.
pub fn render(al: &Alignment, a: &Document, b: &Document, width: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} ⟷ {}   (length ratio {:.2})\n",
        a.source.display, b.source.display, al.ratio
    ));
    let side = |doc: &Document, us: &[Unit], r: &Range<usize>, k: usize| -> String {
        match us.get(r.start + k).filter(|_| k < r.len()) {
            Some(u) => format!(
                "{:>5} {:<8} {}",
                doc.source.line_of(u.span.start as usize) + 1,
                u.kind.name().chars().take(8).collect::<String>(),
                snippet(doc, u, width)
            ),
            None => format!("{:>5} {:<8} {}", "", "", snippet_blank(width)),
        }
    };
    for l in &al.links {
        let mark = match (l.a.len(), l.b.len()) {
            (1, 1) => "=".to_string(),
            (_, 0) => "<".to_string(),
            (0, _) => ">".to_string(),
            (p, q) => format!("{p}:{q}"),
        };
        for k in 0..l.a.len().max(l.b.len()) {
            let m = if k == 0 { mark.as_str() } else { "" };
            out.push_str(&side(a, &al.a, &l.a, k));
            out.push_str(&format!(" {m:^3} "));
            out.push_str(side(b, &al.b, &l.b, k).trim_end());
            out.push('\n');
        }
    }
    out
}

fn snippet_blank(width: usize) -> String {
    " ".repeat(width + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, text: &str) -> Document {
        let src = crate::source::SourceFile::new(name.into(), name.into(), text.into(), false);
        Document::parse(Arc::new(src), None)
    }

    /// The links as (first page's block texts, second page's), first lines only.
    fn pairs(a: &str, b: &str) -> Vec<(Vec<String>, Vec<String>)> {
        let (da, db) = (doc("a.md", a), doc("b.md", b));
        let al = align(&da, &db);
        let first =
            |d: &Document, u: &Unit| d.slice(u.span).lines().next().unwrap_or("").to_string();
        al.links
            .iter()
            .map(|l| {
                (
                    al.a[l.a.clone()].iter().map(|u| first(&da, u)).collect(),
                    al.b[l.b.clone()].iter().map(|u| first(&db, u)).collect(),
                )
            })
            .collect()
    }

    fn one(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    const EN: &str = "---\ntitle: Install\nroom: Hall 2\n---\n\n## Download\n\nGet release 2.4 from https://example.org/dl and unpack it.\n\n```sh\ntar xf volcano-2.4.tgz # unpack\n```\n\n## Configure\n\nEdit the `config.yaml` file and set 8 workers per node.\n\n- first, the scheduler\n- then the controller\n\n## Run\n\nStart it with `vcctl start` and wait 30 seconds.\n";

    #[test]
    fn blocks_of_a_page() {
        let d = doc("a.md", EN);
        let kinds: Vec<String> = units(&d).iter().map(|u| u.kind.name()).collect();
        assert_eq!(
            kinds,
            [
                "field title",
                "field room",
                "h2",
                "para",
                "code",
                "h2",
                "para",
                "item",
                "item",
                "h2",
                "para"
            ]
        );
        let u = units(&d);
        assert_eq!(u[3].section, Some(2));
        assert_eq!(u[7].section, Some(5));
        assert_eq!(d.slice(u[7].span), "- first, the scheduler");
    }

    #[test]
    fn a_faithful_translation_aligns_one_to_one() {
        let zh = "---\ntitle: 安装\nroom: 二号厅\n---\n\n## 下载\n\n从 https://example.org/dl 获取 2.4 版本并解压。\n\n```sh\ntar xf volcano-2.4.tgz # 解压\n```\n\n## 配置\n\n编辑 `config.yaml` 文件，每个节点设置 8 个 worker。\n\n- 首先是调度器\n- 然后是控制器\n\n## 运行\n\n用 `vcctl start` 启动，等待 30 秒。\n";
        let p = pairs(EN, zh);
        assert_eq!(p.len(), 11);
        assert!(
            p.iter().all(|(a, b)| a.len() == 1 && b.len() == 1),
            "{p:#?}"
        );
        assert_eq!(p[5], (one("## Configure"), one("## 配置")));
    }

    #[test]
    fn a_url_does_not_count_in_the_size_of_a_block() {
        // `--fix` turns the first into the second: the alignment must not move.
        let size = |t: &str| units(&doc("a.md", t))[0].size;
        let bare = size("See the [CNCF calendar] (https://www.cncf.io/calendar/) for dates.\n");
        let link = size("See the [CNCF calendar](https://www.cncf.io/calendar/) for dates.\n");
        assert_eq!((bare, link), (6, 6));
    }

    #[test]
    fn a_translation_that_stops_keeps_its_blocks_at_the_start() {
        // Four sections of alike length; the translation has the first one only. Its
        // blocks link with the first section, the rest is one trailing gap.
        let a = "## Queues\n\nA queue holds the jobs of a tenant and a share of the cluster.\n\n## Jobs\n\nA job is a group of pods that start together on the nodes.\n\n## Plugins\n\nA plugin orders the jobs and the queues in each cycle.\n\n## Actions\n\nAn action runs once per cycle, in a fixed order.\n";
        let b = "## 队列\n\n队列保存一个租户的作业以及集群的一份资源。\n";
        let p = pairs(a, b);
        assert!(p.contains(&(one("## Queues"), one("## 队列"))), "{p:#?}");
        assert!(
            p.contains(&(
                one("A queue holds the jobs of a tenant and a share of the cluster."),
                one("队列保存一个租户的作业以及集群的一份资源。")
            )),
            "{p:#?}"
        );
    }

    #[test]
    fn a_section_missing_on_each_side_is_unmatched_on_each_side() {
        let a = "## One\n\nAlpha text about Kubernetes pods.\n\n## Two\n\nBeta text about the scheduler and its 12 queues in detail.\n\n## Three\n\nGamma text about `vcctl` usage.\n";
        let b = "## 一\n\n关于 Kubernetes pods 的文字。\n\n## 三\n\n关于 `vcctl` 用法的文字。\n\n## 四\n\n关于 Prometheus 的 99 个指标的全新章节，原文没有。\n";
        let p = pairs(a, b);
        let only_a: Vec<&String> = p
            .iter()
            .filter(|(_, b)| b.is_empty())
            .flat_map(|(a, _)| a)
            .collect();
        let only_b: Vec<&String> = p
            .iter()
            .filter(|(a, _)| a.is_empty())
            .flat_map(|(_, b)| b)
            .collect();
        assert_eq!(
            only_a,
            [
                "## Two",
                "Beta text about the scheduler and its 12 queues in detail."
            ]
        );
        assert_eq!(
            only_b,
            [
                "## 四",
                "关于 Prometheus 的 99 个指标的全新章节，原文没有。"
            ]
        );
        assert!(p.contains(&(one("## Three"), one("## 三"))), "{p:#?}");
    }

    #[test]
    fn merged_paragraphs_align_two_to_one() {
        let a = "## Intro\n\nThe project started in 2019 at a small company.\n\nIt now has 300 contributors across the world.\n\n## End\n\nThanks for reading this post.\n";
        let b = "## 简介\n\n项目于 2019 年在一家小公司起步，如今在全球拥有 300 位贡献者。\n\n## 结束\n\n感谢阅读本文。\n";
        let p = pairs(a, b);
        assert!(
            p.contains(&(
                vec![
                    "The project started in 2019 at a small company.".to_string(),
                    "It now has 300 contributors across the world.".to_string()
                ],
                one("项目于 2019 年在一家小公司起步，如今在全球拥有 300 位贡献者。")
            )),
            "{p:#?}"
        );
    }

    #[test]
    fn anchors_pick_the_right_block_among_similar_ones() {
        // Three list items of equal length; the translation dropped the middle one.
        let a = "- Use port 8080 for the API\n- Use port 9090 for metrics\n- Use port 7070 for gossip\n";
        let b = "- API 使用 8080 端口\n- gossip 使用 7070 端口\n";
        let p = pairs(a, b);
        assert!(
            p.contains(&(one("- Use port 9090 for metrics"), vec![])),
            "{p:#?}"
        );
        assert!(p.contains(&(
            one("- Use port 7070 for gossip"),
            one("- gossip 使用 7070 端口")
        )));
    }

    #[test]
    fn code_blocks_align_with_code_blocks() {
        let a =
            "Run:\n\n```\nkubectl apply -f a.yaml\n```\n\nThen:\n\n```\nkubectl get pods\n```\n";
        let b = "运行：\n\n```\nkubectl apply -f a.yaml\n```\n\n```\nkubectl get pods -A\n```\n";
        let p = pairs(a, b);
        assert!(p.contains(&(one("```"), one("```"))));
        assert!(p.contains(&(one("Then:"), vec![])), "{p:#?}");
        assert_eq!(
            p.iter()
                .filter(|(a, b)| a == &one("```") && b == &one("```"))
                .count(),
            2
        );
    }

    #[test]
    fn fields_pair_by_key_and_tables_by_row() {
        let a =
            "---\ntitle: T\ntags: [a]\n---\n| k | v |\n|---|---|\n| cpu | 4 |\n| memory | 16 |\n";
        let b = "---\ntags: [a]\ntype: docs\n---\n| 键 | 值 |\n|---|---|\n| cpu | 4 |\n| memory | 16 |\n";
        let p = pairs(a, b);
        assert_eq!(p[0], (one("T"), vec![]));
        assert_eq!(p[1], (one("[a]"), one("[a]")));
        assert_eq!(p[2], (vec![], one("docs")));
        assert_eq!(
            p.iter()
                .filter(|(a, b)| a.len() == 1 && b.len() == 1)
                .count(),
            4
        );
    }

    #[test]
    fn alignment_is_deterministic_and_renders() {
        let (da, db) = (doc("a.md", EN), doc("b.md", "## Download\n\nGet it.\n"));
        let one = render(&align(&da, &db), &da, &db, 30);
        let two = render(&align(&da, &db), &da, &db, 30);
        assert_eq!(one, two);
        assert!(one.contains("## Download"), "{one}");
        assert!(one.lines().any(|l| l.contains(" < ")), "{one}");
    }

    #[test]
    fn long_pages_stay_in_the_band() {
        let a: String = (0..400)
            .map(|i| format!("Paragraph {i} says {} things.\n\n", i * 7 + 10))
            .collect();
        let b: String = (0..400)
            .filter(|i| i % 50 != 3)
            .map(|i| format!("第 {i} 段说了 {} 件事。\n\n", i * 7 + 10))
            .collect();
        let (da, db) = (doc("a.md", &a), doc("b.md", &b));
        let al = align(&da, &db);
        let missing = al.links.iter().filter(|l| l.b.is_empty()).count();
        assert_eq!(missing, 8);
        assert!(al.links.iter().all(|l| l.a.len() <= 1 && l.b.len() <= 1));
    }

    #[test]
    fn an_empty_field_value_is_a_field() {
        let d = doc("a.md", "---\ntitle:\nroom: A\n---\nText here.\n");
        let kinds: Vec<String> = units(&d).iter().map(|u| u.kind.name()).collect();
        assert_eq!(kinds, ["field title", "field room", "para"]);
    }

    #[test]
    fn code_line_keys_drop_comments() {
        assert_eq!(code_line_key("  tar xf a.tgz   # unpack"), "tar xf a.tgz");
        assert_eq!(code_line_key("# 解压"), "");
        assert_eq!(code_line_key("kubectl  get pods"), "kubectl get pods");
    }
}
