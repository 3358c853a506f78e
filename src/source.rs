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
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
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
    /// Line starts of `text`. In a compacted copy, only those of the lines kept (and of
    /// the line after each run of them): ask [`SourceFile::line_of`] for line numbers.
    pub lines: LineIndex,
    /// Empty for a whole file. For a compacted one (see [`SourceFile::compact`]), the
    /// lines kept, and `text` holds only them, one after the other.
    pieces: Vec<Piece>,
    /// Length of the file's text in bytes.
    len: u32,
}

/// How much of a file [`SourceFile::compact`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Whole lines: what a printer showing the lines needs.
    Lines,
    /// Each line up to the end of the span on it: enough for positions and flagged text,
    /// what machine-readable reports need.
    Spans,
}

/// A run of text kept by [`SourceFile::compact`], starting at a line start.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the lines start in the file.
    at: u32,
    /// Where they start in the compacted `text`.
    local: u32,
    len: u32,
    /// The 0-based number of the first line.
    line: u32,
}

impl SourceFile {
    /// Build a source file from decoded text (BOM already removed).
    pub fn new(display: String, path: PathBuf, text: String, bom: bool) -> SourceFile {
        let lines = LineIndex::new(&text);
        let len = clamp_u32(text.len());
        SourceFile {
            display,
            path,
            text,
            bom,
            lines,
            pieces: Vec::new(),
            len,
        }
    }

    /// Length of the file's text in bytes (also when compacted).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the file's text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether this is a compacted copy holding only some lines.
    pub fn is_compacted(&self) -> bool {
        !self.pieces.is_empty()
    }

    /// The text of byte range `r` of the file: `None` when out of range, not on character
    /// boundaries, or (in a compacted copy) not within the lines kept.
    pub fn get(&self, r: std::ops::Range<usize>) -> Option<&str> {
        if self.pieces.is_empty() {
            return self.text.get(r);
        }
        let i = self.pieces.partition_point(|p| p.at as usize <= r.start);
        let p = self.pieces.get(i.checked_sub(1)?)?;
        let (at, local) = (p.at as usize, p.local as usize);
        if r.end > at + p.len as usize || r.end < r.start {
            return None;
        }
        self.text.get(local + r.start - at..local + r.end - at)
    }

    /// The largest character boundary `<= offset` (within the kept lines when compacted).
    pub fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut o = offset.min(self.len());
        while o > 0 && self.get(o..o).is_none() {
            o -= 1;
        }
        o
    }

    /// Byte range of 0-based line `line`, without its line terminator (an empty range for
    /// a line a compacted copy did not keep).
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let starts = &self.lines.starts;
        let len = self.len();
        let (start, mut end) = if self.pieces.is_empty() {
            let at = |l: usize| starts.get(l).map_or(len, |&s| s as usize);
            (at(line), at(line + 1))
        } else {
            let i = self.pieces.partition_point(|p| p.line as usize <= line);
            let kept = i.checked_sub(1).and_then(|i| {
                let p = self.pieces[i];
                let end = p.at + p.len;
                let k = starts.partition_point(|&s| s < p.at) + (line - p.line as usize);
                let start = *starts.get(k).filter(|&&s| s <= end)?;
                let next = starts.get(k + 1).copied().filter(|&n| n <= end);
                Some((start as usize, next.unwrap_or(end) as usize))
            });
            kept.unwrap_or((len, len))
        };
        while end > start && matches!(self.get(end - 1..end), Some("\n" | "\r")) {
            end -= 1;
        }
        start..end
    }

    /// 0-based line containing byte `offset` (in a compacted copy, an offset in the lines
    /// kept), and where that line starts.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let starts = &self.lines.starts;
        if self.pieces.is_empty() {
            let line = self.lines.line_of(offset);
            return (line, starts[line] as usize);
        }
        let o = clamp_u32(offset);
        let i = self.pieces.partition_point(|p| p.at <= o);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return (0, 0);
        };
        let first = starts.partition_point(|&s| s < p.at);
        let last = starts.partition_point(|&s| s <= o).max(first + 1) - 1;
        let start = starts.get(last).map_or(p.at, |&s| s) as usize;
        (p.line as usize + (last - first), start)
    }

    /// 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.locate(offset).0
    }

    /// Line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset);
        let (line, start) = self.locate(offset);
        let column = self.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text a span covers (empty when the span is out of range or splits a character).
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.range()).unwrap_or("")
    }

    /// A copy that keeps only the text `spans` need (at most the first nine lines of a long
    /// span, as much as a printer shows): their whole lines, or with [`Keep::Spans`] each
    /// line only up to the end of the span. Offsets, lines and columns stay those of the
    /// file; only the memory goes. For findings kept until the end of a long run.
    pub fn compact(&self, spans: impl IntoIterator<Item = Span>, keep: Keep) -> SourceFile {
        let starts = &self.lines.starts;
        let line_start = |l: usize| starts.get(l).map_or(self.len(), |&s| s as usize);
        let mut ranges: Vec<(usize, usize)> = spans
            .into_iter()
            .map(|s| {
                let first = self.lines.line_of(s.start as usize);
                let last = self.lines.line_of(s.end as usize).min(first + 8);
                let (a, mut b) = (line_start(first), line_start(last + 1));
                if keep == Keep::Spans {
                    b = b.min((s.end as usize).max(a));
                    while b < self.len() && !self.text.is_char_boundary(b) {
                        b += 1;
                    }
                }
                (a, b)
            })
            .collect();
        ranges.sort_unstable();
        let mut text = String::new();
        let mut pieces: Vec<Piece> = Vec::new();
        for (a, b) in ranges {
            match pieces.last_mut() {
                Some(p) if (p.at + p.len) as usize >= a => {
                    let end = (p.at + p.len) as usize;
                    if b > end {
                        text.push_str(self.get(end..b).unwrap_or(""));
                        p.len = clamp_u32(b - p.at as usize);
                    }
                }
                _ => {
                    pieces.push(Piece {
                        at: clamp_u32(a),
                        local: clamp_u32(text.len()),
                        len: clamp_u32(b - a),
                        line: clamp_u32(self.lines.line_of(a)),
                    });
                    text.push_str(self.get(a..b).unwrap_or(""));
                }
            }
        }
        if pieces.is_empty() {
            pieces.push(Piece {
                at: 0,
                local: 0,
                len: 0,
                line: 0,
            });
        }
        text.shrink_to_fit();
        let mut kept_starts = Vec::new();
        for p in &pieces {
            let from = starts.partition_point(|&s| s < p.at);
            let to = starts.partition_point(|&s| s <= p.at + p.len);
            kept_starts.extend_from_slice(&starts[from..to]);
        }
        kept_starts.shrink_to_fit();
        SourceFile {
            display: self.display.clone(),
            path: self.path.clone(),
            text,
            bom: self.bom,
            lines: LineIndex {
                starts: kept_starts,
            },
            pieces,
            len: self.len,
        }
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
    fn a_compacted_copy_answers_like_the_file_for_what_it_kept() {
        let text = "---\r\ntitle: é\r\n---\nfirst 名字 line\rlone CR line\n\nlast ✓ line";
        let file = SourceFile::new("x.md".into(), "x.md".into(), text.into(), false);
        let spans = [
            Span::new(text.find("é").unwrap(), text.find("é").unwrap() + 2),
            Span::new(text.find("名字").unwrap(), text.find("名字").unwrap() + 6),
            Span::new(text.find("✓").unwrap(), text.len()),
        ];
        let small = file.compact(spans, Keep::Lines);
        assert!(small.is_compacted());
        assert!(small.text.len() < text.len());
        assert_eq!(small.len(), file.len());
        for span in spans {
            assert_eq!(small.slice(span), file.slice(span));
            for o in [span.start, span.end] {
                assert_eq!(small.position(o as usize), file.position(o as usize));
            }
            let line = file.lines.line_of(span.start as usize);
            assert_eq!(small.line_range(line), file.line_range(line));
            assert_eq!(
                small.get(small.line_range(line)),
                file.get(file.line_range(line))
            );
        }
        // Lines not kept are not there, and asking for them is not an error.
        let lone = text.find("lone").unwrap();
        assert_eq!(small.slice(Span::new(lone, lone + 4)), "");
        assert_eq!(file.slice(Span::new(lone, lone + 4)), "lone");
        let empty = SourceFile::new("e.md".into(), "e.md".into(), String::new(), false)
            .compact([], Keep::Lines);
        assert_eq!(empty.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn a_copy_kept_to_the_spans_answers_positions_and_flagged_text() {
        let text =
            "---\ntitle: é and more\n---\nA 名字 in a long line, then a second 名字 and the rest\n";
        let file = SourceFile::new("x.md".into(), "x.md".into(), text.into(), false);
        let first = text.find("名字").unwrap();
        let second = text.rfind("名字").unwrap();
        let spans = [
            Span::new(text.find("é").unwrap(), text.find("é").unwrap() + 2),
            Span::new(second, second + 6),
            Span::new(first, first + 6),
            // Ends inside `字`: kept up to the end of the character.
            Span::new(first, first + 4),
        ];
        let small = file.compact(spans, Keep::Spans);
        let lines = file.compact(spans, Keep::Lines);
        assert!(small.text.len() < lines.text.len());
        assert!(small.text.ends_with("second 名字"), "{:?}", small.text);
        for span in spans {
            assert_eq!(small.slice(span), file.slice(span));
            for o in [span.start, span.end] {
                assert_eq!(small.position(o as usize), file.position(o as usize));
            }
        }
    }

    #[test]
    fn a_compacted_copy_numbers_lines_like_the_file_for_every_span() {
        let text = "a\r\n\nbé c\rd\n\n\r\ne 中 f\ng";
        let file = SourceFile::new("x.md".into(), "x.md".into(), text.into(), false);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for (i, &a) in bounds.iter().enumerate() {
            for &b in &bounds[i..] {
                for keep in [Keep::Lines, Keep::Spans] {
                    let span = Span::new(a, b);
                    let small = file.compact([span, Span::empty(text.len())], keep);
                    assert!(small.lines.starts.len() <= file.lines.starts.len());
                    for o in [a, b] {
                        let at = (span, keep, o);
                        assert_eq!(small.line_of(o), file.line_of(o), "{at:?}");
                        assert_eq!(small.position(o), file.position(o), "{at:?}");
                    }
                    if keep == Keep::Lines {
                        let line = file.line_of(a);
                        assert_eq!(small.line_range(line), file.line_range(line), "{span:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "中";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
    }
}
