//! Front matter: finding the block, parsing it, and keeping a span for every key and value.
//!
//! YAML is parsed from `saphyr-parser` events into our own tree, so that every key and value
//! keeps its byte span, duplicate keys are kept (a rule reports them), aliases are never
//! expanded (no "billion laughs"), and nesting is bounded. TOML uses `toml`'s spanned
//! `DeTable`. A leading JSON object is parsed as YAML flow syntax, which JSON is a subset of.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::source::Span;

/// Deepest nesting of front-matter collections we accept.
pub const MAX_DEPTH: usize = 128;

/// Which syntax the front matter uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
    /// a leading `{ … }`
    Json,
}

impl Format {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// A value in front matter.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (quoted or plain).
    String(String),
    /// A TOML date-time, kept as written.
    Datetime(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in source order, duplicates kept.
    Map(Vec<Entry>),
    /// A YAML alias (`*name`); never expanded.
    Alias,
}

/// A value with its source span.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The bytes of the value (for a quoted string, including the quotes).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A mapping entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key as text.
    pub key: String,
    /// The bytes of the key.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The entry for `key` in a mapping (the last one when the key is repeated, like Hugo).
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value as a string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) | Value::Datetime(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Datetime(_) => "date-time",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
            Value::Alias => "alias",
        }
    }

    /// Convert to JSON (for schema validation); the last of duplicate keys wins.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null | Value::Alias => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) | Value::Datetime(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json());
                }
                J::Object(map)
            }
        }
    }
}

/// Why front matter could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub span: Span,
    /// The parser's complaint, in plain words.
    pub message: String,
}

/// The front-matter block of a document.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    /// Its syntax.
    pub format: Format,
    /// The opening delimiter (`---`, `+++` or `{`).
    pub open: Span,
    /// The closing delimiter; `None` when the block is never closed.
    pub close: Option<Span>,
    /// The text between the delimiters.
    pub content: Span,
    /// The parsed tree (a mapping when well-formed).
    pub root: Option<Node>,
    /// The first syntax error, if any.
    pub error: Option<SyntaxError>,
}

impl FrontMatter {
    /// The top-level entry for `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.root.as_ref().and_then(|r| r.get(key))
    }

    /// The top-level string value of `key` with its span.
    pub fn str_value(&self, key: &str) -> Option<(&str, Span)> {
        let e = self.get(key)?;
        e.value.as_str().map(|s| (s, e.value.span))
    }

    /// Top-level entries (empty when the front matter is not a mapping).
    pub fn entries(&self) -> &[Entry] {
        match self.root.as_ref().map(|r| &r.value) {
            Some(Value::Map(e)) => e,
            _ => &[],
        }
    }
}

/// The line starting at `pos`: (end of its text, start of the next line). `\n`, `\r\n` and
/// a lone `\r` all end a line.
fn line_at(text: &str, pos: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match bytes[pos..].iter().position(|&b| b == b'\n' || b == b'\r') {
        None => (text.len(), text.len()),
        Some(i) => {
            let end = pos + i;
            let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            (end, next)
        }
    }
}

/// Split `text` into front matter and the byte offset where the body starts.
pub fn split(text: &str) -> (Option<FrontMatter>, usize) {
    let (first_end, content_start) = line_at(text, 0);
    let (format, delim) = match text[..first_end].trim_end_matches([' ', '\t']) {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ if text.starts_with('{') => return split_json(text),
        _ => return (None, 0),
    };
    let open = Span::new(0, 3);
    let mut pos = content_start;
    while pos < text.len() {
        let (end, next) = line_at(text, pos);
        let line = text[pos..end].trim_end_matches([' ', '\t']);
        if line == delim || (format == Format::Yaml && line == "...") {
            let content = Span::new(content_start, pos);
            let close = Span::new(pos, pos + line.len());
            let mut fm = FrontMatter {
                format,
                open,
                close: Some(close),
                content,
                root: None,
                error: None,
            };
            parse_into(&mut fm, &text[content.range()], content_start);
            return (Some(fm), next);
        }
        pos = next;
    }
    let content = Span::new(content_start.min(text.len()), text.len());
    let fm = FrontMatter {
        format,
        open,
        close: None,
        content,
        root: None,
        error: None,
    };
    (Some(fm), text.len())
}

fn split_json(text: &str) -> (Option<FrontMatter>, usize) {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    let close = Span::new(i, i + 1);
                    let mut fm = FrontMatter {
                        format: Format::Json,
                        open: Span::new(0, 1),
                        close: Some(close),
                        content: Span::new(0, i + 1),
                        root: None,
                        error: None,
                    };
                    parse_into(&mut fm, &text[..=i], 0);
                    let body = text[i + 1..]
                        .find('\n')
                        .map_or(text.len(), |n| i + 1 + n + 1);
                    return (Some(fm), body);
                }
            }
            _ => {}
        }
    }
    let fm = FrontMatter {
        format: Format::Json,
        open: Span::new(0, 1),
        close: None,
        content: Span::new(0, text.len()),
        root: None,
        error: None,
    };
    (Some(fm), text.len())
}

fn parse_into(fm: &mut FrontMatter, content: &str, base: usize) {
    let result = match fm.format {
        Format::Yaml | Format::Json => parse_yaml(content, base),
        Format::Toml => parse_toml(content, base),
    };
    match result {
        Ok(root) => fm.root = Some(root),
        Err(e) => fm.error = Some(e),
    }
}

/// Converts the parser's character indices into byte offsets, moving forward cheaply.
struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl CharToByte<'_> {
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        while self.chars < char_index {
            match self.text[self.bytes..].chars().next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        self.bytes
    }
}

/// Parse YAML `content` (which starts at byte `base` of the file) into a spanned tree.
///
/// Hugo's YAML parser (go-yaml) accepts a quoted value whose continuation lines are not
/// indented; strict YAML does not. Such values are read as Hugo reads them, by indenting
/// the continuation lines in a copy and mapping every span back to the original text.
pub fn parse_yaml(content: &str, base: usize) -> Result<Node, SyntaxError> {
    let first = parse_yaml_with(content, base, &[]);
    match &first {
        Err(e) if e.message.contains("invalid indentation in quoted scalar") => {
            let (patched, inserts) = indent_continuations(content);
            if inserts.is_empty() {
                return first;
            }
            parse_yaml_with(&patched, base, &inserts).or(first)
        }
        _ => first,
    }
}

/// Indent by one space every unindented line that continues a quoted scalar.
/// Returns the new text and the positions (in the new text) of the inserted spaces.
fn indent_continuations(content: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(content.len() + 16);
    let mut inserts = Vec::new();
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        if prev == '\n' && quote.is_some() && !matches!(c, ' ' | '\t' | '\n' | '\r') {
            inserts.push(out.len());
            out.push(' ');
        }
        out.push(c);
        match (quote, c) {
            (None, '"' | '\'') if matches!(prev, ' ' | ':' | '-' | '[' | ',' | '{') => {
                quote = Some(c)
            }
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            (Some(q), c) if c == q => quote = None,
            (None, '#') if matches!(prev, ' ' | '\t') => {
                // A comment: skip to the end of the line.
                for n in chars.by_ref() {
                    out.push(n);
                    if n == '\n' {
                        break;
                    }
                }
                prev = '\n';
                continue;
            }
            _ => {}
        }
        prev = c;
    }
    (out, inserts)
}

fn parse_yaml_with(content: &str, base: usize, inserts: &[usize]) -> Result<Node, SyntaxError> {
    let mut conv = CharToByte {
        text: content,
        ascii: content.is_ascii(),
        chars: 0,
        bytes: 0,
    };
    let unpatch = |p: usize| p - inserts.partition_point(|&i| i < p);
    let span_of = |s: saphyr_parser::Span, conv: &mut CharToByte| {
        let a = unpatch(conv.byte(s.start.index()));
        let b = unpatch(conv.byte(s.end.index()));
        Span::new(base + a, base + b.max(a))
    };
    // A stack of open collections: (span start, items, pending key for maps).
    // A flow collection (`[…]`, `{…}`) ends at its bracket; a block one at its last child
    // (the parser's end event for a block sits on the next key).
    enum Open {
        Seq(Span, bool, Vec<Node>),
        Map(Span, bool, Vec<Entry>, Option<(String, Span)>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut parser = Parser::new_from_str(content);
    let err_at = |span: Span, message: String| SyntaxError { span, message };
    loop {
        let (event, raw_span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let at = unpatch(conv.byte(e.marker().index()));
                let span = Span::new(base + at, base + at);
                return Err(err_at(span, plain_yaml_error(e.info())));
            }
        };
        let mut span = span_of(raw_span, &mut conv);
        if let Event::Scalar(..) = event {
            // The parser's scalar span may run over trailing blanks; point at the value only.
            let rel = original_text(
                content,
                inserts,
                span.start as usize - base,
                span.end as usize - base,
            );
            span.end = span.start + rel.trim_end().len() as u32;
        }
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                if root.is_some() {
                    return Err(err_at(
                        span,
                        "a second YAML document starts here; front matter holds one".into(),
                    ));
                }
                continue;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err_at(
                        span,
                        format!("nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                let at = span.start as usize - base;
                let flow = original_text(content, inserts, at, at + 1).starts_with(['[', '{']);
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(span, flow, Vec::new())
                } else {
                    Open::Map(span, flow, Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(start, flow, items)) => {
                    let mut end = items
                        .last()
                        .map_or(start.end, |n| n.span.end.max(start.end));
                    if flow || items.is_empty() {
                        end = end.max(span.end);
                    }
                    Node {
                        span: Span::new(start.start as usize, end as usize),
                        value: Value::Seq(items),
                    }
                }
                Some(Open::Map(start, flow, entries, _)) => {
                    let mut end = entries
                        .last()
                        .map_or(start.end, |e| e.value.span.end.max(start.end));
                    if flow || entries.is_empty() {
                        end = end.max(span.end);
                    }
                    Node {
                        span: Span::new(start.start as usize, end as usize),
                        value: Value::Map(entries),
                    }
                }
                None => continue,
            },
            Event::Alias(_) => Node {
                span,
                value: Value::Alias,
            },
            Event::Scalar(text, style, _, tag) => Node {
                span,
                value: scalar(text, style, tag.as_deref()),
            },
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Seq(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, entries, pending)) => match pending.take() {
                None => {
                    let key = match &node.value {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        _ => {
                            return Err(err_at(
                                node.span,
                                "a key must be plain text, not a list or mapping".into(),
                            ))
                        }
                    };
                    *pending = Some((key, node.span));
                }
                Some((key, key_span)) => entries.push(Entry {
                    key,
                    key_span,
                    value: node,
                }),
            },
        }
    }
    Ok(root.unwrap_or(Node {
        span: Span::empty(base),
        value: Value::Null,
    }))
}

/// The original text between two original offsets, read from the patched copy.
fn original_text(patched: &str, inserts: &[usize], start: usize, end: usize) -> String {
    if inserts.is_empty() {
        return patched.get(start..end).unwrap_or("").to_string();
    }
    // Walk the patched text, skipping inserted spaces, collecting original offsets start..end.
    let mut out = String::new();
    let mut orig = 0;
    for (i, c) in patched.char_indices() {
        if inserts.binary_search(&i).is_ok() {
            continue;
        }
        if orig >= start && orig < end {
            out.push(c);
        }
        orig += c.len_utf8();
        if orig >= end {
            break;
        }
    }
    out
}

fn scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&saphyr_parser::Tag>) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.into_owned());
    }
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() && tag.suffix == "str" {
            return Value::String(text.into_owned());
        }
    }
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        t => {
            if let Ok(i) = t.parse::<i64>() {
                Value::Int(i)
            } else if let Some(hex) = t
                .strip_prefix("0x")
                .and_then(|h| i64::from_str_radix(h, 16).ok())
            {
                Value::Int(hex)
            } else if looks_like_float(t) {
                t.parse::<f64>()
                    .map_or_else(|_| Value::String(t.to_string()), Value::Float)
            } else {
                match t {
                    ".inf" | ".Inf" | ".INF" | "+.inf" => Value::Float(f64::INFINITY),
                    "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY),
                    ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN),
                    _ => Value::String(text.into_owned()),
                }
            }
        }
    }
}

fn looks_like_float(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    !t.is_empty()
        && t.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && t.bytes().any(|b| b.is_ascii_digit())
}

/// Say a YAML parser error in words a content editor understands.
fn plain_yaml_error(info: &str) -> String {
    let lower = info.to_ascii_lowercase();
    let hint = if lower.contains("tab") {
        "YAML does not allow tabs for indentation; use spaces"
    } else if lower.contains("mapping values are not allowed") {
        "a value contains `: `; put the whole value in double quotes"
    } else if lower.contains("did not find expected key") || lower.contains("block mapping") {
        "a line is indented differently from the keys around it, or a value is not closed"
    } else if lower.contains("unclosed quote") || lower.contains("while scanning a quoted scalar") {
        "a quoted value is not closed; add the missing quote"
    } else if lower.contains("anchor") || lower.contains("alias") {
        "an `&anchor` or `*alias` is malformed"
    } else {
        ""
    };
    if hint.is_empty() {
        format!("YAML cannot be read: {info}")
    } else {
        format!("YAML cannot be read: {hint} ({info})")
    }
}

/// Parse TOML `content` (which starts at byte `base`) into a spanned tree.
pub fn parse_toml(content: &str, base: usize) -> Result<Node, SyntaxError> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(content);
    if let Some(e) = errors.first() {
        let r = e.span().unwrap_or(0..0);
        return Err(SyntaxError {
            span: Span::new(base + r.start, base + r.end),
            message: format!("TOML cannot be read: {}", e.message().trim()),
        });
    }
    let span = table.span();
    Ok(Node {
        span: Span::new(base + span.start, base + span.end),
        value: toml_table(table.get_ref(), base, 0),
    })
}

fn toml_table(t: &toml::de::DeTable<'_>, base: usize, depth: usize) -> Value {
    Value::Map(
        t.iter()
            .map(|(k, v)| {
                let ks = k.span();
                Entry {
                    key: k.get_ref().to_string(),
                    key_span: Span::new(base + ks.start, base + ks.end),
                    value: toml_node(v, base, depth + 1),
                }
            })
            .collect(),
    )
}

fn toml_node(v: &toml::Spanned<toml::de::DeValue<'_>>, base: usize, depth: usize) -> Node {
    use toml::de::DeValue as D;
    let r = v.span();
    let span = Span::new(base + r.start, base + r.end);
    let value = if depth > MAX_DEPTH {
        Value::Null
    } else {
        match v.get_ref() {
            D::String(s) => Value::String(s.to_string()),
            D::Integer(i) => {
                i64::from_str_radix(i.as_str(), i.radix()).map_or(Value::Null, Value::Int)
            }
            D::Float(f) => f
                .as_str()
                .replace('_', "")
                .parse()
                .map_or(Value::Null, Value::Float),
            D::Boolean(b) => Value::Bool(*b),
            D::Datetime(d) => Value::Datetime(d.to_string()),
            D::Array(a) => Value::Seq(a.iter().map(|x| toml_node(x, base, depth + 1)).collect()),
            D::Table(t) => toml_table(t, base, depth),
        }
    };
    Node { span, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> FrontMatter {
        split(text).0.expect("front matter")
    }

    #[test]
    fn empty_quoted_value_has_the_span_of_its_quotes() {
        let text = "---\ntitle: \"A\"\ndate: \"\" \n---\nbody";
        let fm = yaml(text);
        let (date, span) = fm.str_value("date").unwrap();
        assert_eq!(date, "");
        assert_eq!(&text[span.range()], "\"\"");
        assert_eq!(&text[fm.close.unwrap().range()], "---");
    }

    #[test]
    fn spans_are_bytes_even_after_chinese_text() {
        let text = "---\ntitle: \"中文标题\"\npresenters: 李志信\n---\n";
        let fm = yaml(text);
        let (p, span) = fm.str_value("presenters").unwrap();
        assert_eq!(p, "李志信");
        assert_eq!(&text[span.range()], "李志信");
        let e = fm.get("presenters").unwrap();
        assert_eq!(&text[e.key_span.range()], "presenters");
    }

    #[test]
    fn duplicate_keys_are_kept_and_aliases_not_expanded() {
        let text = "---\na: &x [1, 2]\nb: *x\na: 3\n---\n";
        let fm = yaml(text);
        assert_eq!(fm.entries().iter().filter(|e| e.key == "a").count(), 2);
        assert_eq!(fm.get("b").unwrap().value.value, Value::Alias);
        assert_eq!(fm.get("a").unwrap().value.value, Value::Int(3));
    }

    #[test]
    fn unclosed_and_crlf() {
        let (fm, body) = split("---\r\ntitle: x\r\n");
        let fm = fm.unwrap();
        assert!(fm.close.is_none());
        assert_eq!(body, "---\r\ntitle: x\r\n".len());
        let text = "---\r\ntitle: x\r\n---\r\nbody";
        let (fm, body) = split(text);
        assert_eq!(fm.unwrap().str_value("title").unwrap().0, "x");
        assert_eq!(&text[body..], "body");
    }

    #[test]
    fn toml_and_json_front_matter() {
        let text = "+++\ntitle = \"T\"\ndate = 2023-01-02\n+++\nbody";
        let fm = yaml(text);
        assert_eq!(fm.format, Format::Toml);
        let (t, span) = fm.str_value("title").unwrap();
        assert_eq!((t, &text[span.range()]), ("T", "\"T\""));
        assert!(matches!(
            fm.get("date").unwrap().value.value,
            Value::Datetime(_)
        ));
        let text = "{\"title\": \"J\", \"x\": {\"y\": [1]}}\nbody";
        let (fm, body) = split(text);
        let fm = fm.unwrap();
        assert_eq!(fm.format, Format::Json);
        assert_eq!(fm.str_value("title").unwrap().0, "J");
        assert_eq!(&text[body..], "body");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!(
            "---\na: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let fm = yaml(&text);
        let msg = fm.error.unwrap().message;
        assert!(msg.contains("nested") || msg.contains("recursion"), "{msg}");
    }

    #[test]
    fn unindented_quoted_continuation_is_read_like_hugo() {
        let text =
            "---\ntitle: \"The Failures of \nApache DolphinScheduler\"\ndate: \"2021\"\n---\n";
        let fm = yaml(text);
        assert!(fm.error.is_none(), "{:?}", fm.error);
        let (title, span) = fm.str_value("title").unwrap();
        assert_eq!(title, "The Failures of Apache DolphinScheduler");
        assert_eq!(
            &text[span.range()],
            "\"The Failures of \nApache DolphinScheduler\""
        );
        let (_, span) = fm.str_value("date").unwrap();
        assert_eq!(&text[span.range()], "\"2021\"");
    }

    #[test]
    fn syntax_error_is_located() {
        let text = "---\ntitle: \"open\n---\n";
        let fm = yaml(text);
        assert!(fm.error.is_some());
    }
}
