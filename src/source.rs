//! Source text, byte spans and the line index that turns them into lines and columns.
//!
//! Every position inside contentlint is a byte range into [`SourceFile::text`]. Lines and
//! columns are computed only when a diagnostic is printed; columns count Unicode scalar
//! values (characters), as editors and the JSON contract expect.

use std::path::PathBuf;

/// A byte range into a [`SourceFile`]'s text, start inclusive, end exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// An empty span at `at`.
    pub fn empty(at: usize) -> Span {
        Span::new(at, at)
    }

    /// The span as a `usize` range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// This span moved `by` bytes to the right.
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A line and column, both 1-based; the column counts characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// The byte offsets at which lines start. `\n`, `\r\n` and a lone `\r` each end a line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut i = 0;
        while let Some(off) = memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + off;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(clamp_u32(next));
            i = next;
        }
        LineIndex { starts }
    }

    /// Number of lines (a trailing newline opens an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line number containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = clamp_u32(offset);
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Byte range of 0-based line `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(text.len() as u32) as usize;
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&s| s as usize);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Line and column (both 1-based, column in characters) of byte `offset` in `text`.
    /// An offset inside a character or past the end is moved back to a boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// The largest char boundary of `text` that is `<= offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

fn memchr2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == a || c == b)
}

/// One file as read from disk, decoded and indexed.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given on the command line, or relative to the working directory.
    pub display: String,
    /// The path used to read the file.
    pub path: PathBuf,
    /// The text without its UTF-8 byte-order mark (see [`SourceFile::bom`]).
    pub text: String,
    /// Whether the file started with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Line starts of `text`.
    pub lines: LineIndex,
}

impl SourceFile {
    /// Build a source file from decoded text (BOM already removed).
    pub fn new(display: String, path: PathBuf, text: String, bom: bool) -> SourceFile {
        let lines = LineIndex::new(&text);
        SourceFile {
            display,
            path,
            text,
            bom,
            lines,
        }
    }

    /// Line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// The text a span covers (empty when the span is out of range or splits a character).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The dominant line ending of the file, used when a fix inserts lines.
    pub fn line_ending(&self) -> &'static str {
        if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_all_line_endings() {
        let text = "ab\r\n中文x\rz\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 2, column: 3 });
        let z = text.find('z').unwrap();
        assert_eq!(idx.position(text, z), Position { line: 3, column: 1 });
        assert_eq!(
            idx.position(text, text.len()),
            Position { line: 4, column: 5 }
        );
        assert_eq!(idx.line_range(text, 0), 0..2);
        assert_eq!(&text[idx.line_range(text, 1)], "中文x");
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "中";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
    }
}
