//! A page as the rules see it: read once, parsed once.

pub mod front_matter;
pub mod markdown;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

pub use front_matter::{FrontMatter, Node, Value};
pub use markdown::{Block, BlockKind, Body, ImageOrigin, ImageRef, LinkRef, Segment};

use crate::source::{SourceFile, Span};

/// Why a file could not become a [`Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    /// The file could not be read.
    Unreadable(String),
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// First invalid byte.
        offset: usize,
        /// A hint such as "UTF-16".
        encoding: Option<&'static str>,
    },
    /// The file holds NUL bytes: it is binary.
    Binary {
        /// First NUL byte.
        offset: usize,
    },
    /// The file is larger than the configured limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Read and decode a file, refusing what is not a text page.
pub fn read_source(path: &Path, display: &str, limit: u64) -> Result<SourceFile, InputProblem> {
    // Look before opening: opening a FIFO would block until something writes to it.
    let meta = std::fs::metadata(path).map_err(|e| InputProblem::Unreadable(io_reason(&e)))?;
    if !meta.is_file() {
        return Err(InputProblem::Unreadable("not a regular file".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| InputProblem::Unreadable(io_reason(&e)))?;
    if meta.len() > limit {
        return Err(InputProblem::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputProblem::Unreadable(io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(InputProblem::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    decode(bytes)
        .map(|(text, bom)| SourceFile::new(display.to_string(), path.to_path_buf(), text, bom))
}

/// An I/O error in a few words, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// Decode bytes as UTF-8, stripping (and reporting) a byte-order mark.
pub fn decode(mut bytes: Vec<u8>) -> Result<(String, bool), InputProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputProblem::NotUtf8 {
            offset: 0,
            encoding: Some("UTF-16"),
        });
    }
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    if bom {
        bytes.drain(..3);
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(InputProblem::Binary { offset });
    }
    String::from_utf8(bytes)
        .map(|t| (t, bom))
        .map_err(|e| InputProblem::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
            encoding: None,
        })
}

/// A region in which some rules are switched off by a comment in the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// First and last byte offsets covered (inclusive start, exclusive end).
    pub span: Span,
    /// Rule ids or families; empty means every rule.
    pub rules: Vec<String>,
}

impl Suppression {
    /// Whether this suppression covers a finding of `rule` starting at `offset`.
    pub fn covers(&self, rule: &str, offset: u32) -> bool {
        self.span.start <= offset
            && offset < self.span.end
            && (self.rules.is_empty()
                || self
                    .rules
                    .iter()
                    .any(|r| crate::diagnostic::id_matches(r, rule)))
    }
}

/// A loaded page.
#[derive(Debug)]
pub struct Document {
    /// The file.
    pub source: Arc<SourceFile>,
    /// The page's language (`en`, `zh`, …), when known.
    pub lang: Option<String>,
    /// The front matter, when the page has one.
    pub front_matter: Option<FrontMatter>,
    /// Byte offset where the body starts.
    pub body_start: usize,
    /// Prose, images, links and code of the body.
    pub body: Body,
    /// Inline suppressions.
    pub suppressions: Vec<Suppression>,
    /// The language its prose is written in, worked out on first use by
    /// `lang::prose_lang` (several rules of a page ask).
    pub(crate) prose_lang: std::sync::OnceLock<Option<&'static str>>,
}

impl Document {
    /// Parse a source file. Never fails: problems become part of the document.
    pub fn parse(source: Arc<SourceFile>, lang: Option<String>) -> Document {
        let (front_matter, body_start) = front_matter::split(&source.text);
        let body = markdown::extract(&source.text, body_start);
        let mut doc = Document {
            source,
            lang,
            front_matter,
            body_start,
            body,
            suppressions: Vec::new(),
            prose_lang: std::sync::OnceLock::new(),
        };
        doc.suppressions = suppressions(&doc);
        doc
    }

    /// The page text.
    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    /// The top-level string value of a front-matter key, with its span.
    pub fn fm_str(&self, key: &str) -> Option<(&str, Span)> {
        self.front_matter.as_ref()?.str_value(key)
    }

    /// Prose segments grouped by block, in order: (block index, segments).
    pub fn paragraphs(&self) -> impl Iterator<Item = (u32, &[Segment])> {
        self.body
            .prose
            .chunk_by(|a, b| a.block == b.block)
            .map(|c| (c[0].block, c))
    }

    /// Whether `offset` lies inside code.
    pub fn in_code(&self, offset: u32) -> bool {
        self.body
            .code
            .iter()
            .any(|c| c.start <= offset && offset < c.end)
    }
}

fn parse_ids(s: &str) -> Vec<String> {
    s.split([',', ' ', '\t'])
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn suppressions(doc: &Document) -> Vec<Suppression> {
    let text = doc.text();
    let lines = &doc.source.lines;
    let mut out = Vec::new();
    let mut open: Vec<(u32, Vec<String>)> = Vec::new();
    for (span, inner) in &doc.body.comments {
        let inner = inner.trim();
        if let Some(ids) = inner.strip_prefix("contentlint-disable-next-line") {
            let line = lines.line_of(span.end as usize) + 1;
            let r = lines.line_range(text, line);
            out.push(Suppression {
                span: Span::new(r.start, r.end + 1),
                rules: parse_ids(ids),
            });
        } else if let Some(ids) = inner.strip_prefix("contentlint-disable") {
            open.push((span.start, parse_ids(ids)));
        } else if let Some(ids) = inner.strip_prefix("contentlint-enable") {
            let ids = parse_ids(ids);
            if let Some(i) = open.iter().rposition(|(_, r)| ids.is_empty() || *r == ids) {
                let (start, rules) = open.remove(i);
                out.push(Suppression {
                    span: Span::new(start as usize, span.end as usize),
                    rules,
                });
            }
        }
    }
    for (start, rules) in open {
        out.push(Suppression {
            span: Span::new(start as usize, text.len() + 1),
            rules,
        });
    }
    if let Some(fm) = &doc.front_matter {
        let content = &text[fm.content.range()];
        let mut off = fm.content.start as usize;
        for line in content.split_inclusive('\n') {
            if let Some(i) = line.find("# contentlint-disable-line") {
                let ids = line[i + "# contentlint-disable-line".len()..].trim_end();
                out.push(Suppression {
                    span: Span::new(off, off + line.len()),
                    rules: parse_ids(ids),
                });
            }
            off += line.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_what_is_not_text() {
        assert_eq!(
            decode(vec![0xFF, 0xFE, b'a', 0]),
            Err(InputProblem::NotUtf8 {
                offset: 0,
                encoding: Some("UTF-16")
            })
        );
        assert_eq!(
            decode(b"ab\0c".to_vec()),
            Err(InputProblem::Binary { offset: 2 })
        );
        assert_eq!(
            decode(vec![b'a', 0xC3]),
            Err(InputProblem::NotUtf8 {
                offset: 1,
                encoding: None
            })
        );
        assert_eq!(
            decode(vec![0xEF, 0xBB, 0xBF, b'x']),
            Ok(("x".to_string(), true))
        );
    }

    #[test]
    fn inline_suppressions() {
        let text = "---\ndate: \"\" # contentlint-disable-line schema/empty\n---\n<!-- contentlint-disable-next-line mt -->\nbad line\n\nok\n";
        let source = Arc::new(SourceFile::new(
            "x.md".into(),
            "x.md".into(),
            text.into(),
            false,
        ));
        let doc = Document::parse(source, None);
        let bad = text.find("bad").unwrap() as u32;
        assert!(doc.suppressions.iter().any(|s| s.covers("mt/calque", bad)));
        assert!(!doc
            .suppressions
            .iter()
            .any(|s| s.covers("mt/calque", text.find("ok").unwrap() as u32)));
        let date = text.find("\"\"").unwrap() as u32;
        assert!(doc
            .suppressions
            .iter()
            .any(|s| s.covers("schema/empty", date)));
        assert!(!doc
            .suppressions
            .iter()
            .any(|s| s.covers("schema/type", date)));
    }
}
