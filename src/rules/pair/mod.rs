//! What the translation-pair rules share: where in the translation a finding about the
//! original belongs, and the numbers and URLs of a text.

pub(crate) mod code;
pub(crate) mod copied;
pub(crate) mod field;
pub(crate) mod images;
pub(crate) mod length;
pub(crate) mod missing;
pub(crate) mod missing_block;
pub(crate) mod numbers;
pub(crate) mod stale;
pub(crate) mod urls;

use crate::document::Document;
use crate::source::Span;

/// Where text of the original at `offset` belongs in the translation: the translation's
/// block aligned with the original's block holding it, or, when that block has no
/// counterpart, the translation's block where it would have been. Falls back to the
/// translation's first paragraph.
pub fn counterpart_span(pair: &crate::rules::Pair<'_>, offset: u32) -> Span {
    use crate::pairing::align::insertion_span;
    let al = pair.alignment();
    let fallback = page_span(pair.translation);
    let Some((_, k)) = al.block_at(true, offset) else {
        return fallback;
    };
    let l = &al.links[k];
    if l.b.is_empty() {
        insertion_span(&al.b, l.b.start, fallback)
    } else {
        al.b[l.b.start].span
    }
}

/// Where a finding about a whole page goes in the translation: its first paragraph, or the
/// front matter when it has no prose.
pub fn page_span(doc: &Document) -> Span {
    doc.paragraphs()
        .next()
        .map(|(_, segs)| {
            Span::new(
                segs[0].span.start as usize,
                segs[segs.len() - 1].span.end as usize,
            )
        })
        .or_else(|| doc.front_matter.as_ref().and_then(|f| f.close))
        .unwrap_or_else(|| crate::text::visible_span(doc.text(), 0))
}

/// A URL of a body with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// The URL, normalised for comparison (no trailing `/`, `.`, `)`, fragment kept).
    pub key: String,
    /// As written.
    pub text: String,
    /// Its bytes in the file.
    pub span: Span,
}

/// Every absolute http(s) URL of the body: links, images and bare URLs, once each.
pub fn urls(doc: &Document) -> Vec<Url> {
    let mut out: Vec<Url> = Vec::new();
    let text = doc.text();
    let mut add = |raw: &str, span: Span| {
        let trimmed = raw.trim_end_matches(['.', ',', ')', '）', '。', '，', ';', '>', '"', '\'']);
        if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
            return;
        }
        let key = url_key(trimmed);
        if out.iter().any(|u| u.key == key) {
            return;
        }
        out.push(Url {
            key,
            text: trimmed.to_string(),
            span: Span::new(span.start as usize, span.start as usize + trimmed.len()),
        });
    };
    for l in &doc.body.links {
        add(&l.url, l.span);
    }
    // Bare URLs anywhere in the body (prose leaves them out).
    let body = &text[doc.body_start.min(text.len())..];
    let mut from = 0;
    while let Some(i) = body[from..].find("http") {
        let start = from + i;
        // A bare URL ends at a blank, at the first non-ASCII character (Chinese text
        // follows URLs without a space) and at Markdown or HTML punctuation.
        let end = body[start..]
            .find(|c: char| {
                c.is_whitespace()
                    || !c.is_ascii()
                    || matches!(
                        c,
                        '<' | '>' | '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '*'
                    )
            })
            .map_or(body.len(), |e| start + e);
        let abs = doc.body_start + start;
        add(&body[start..end], Span::new(abs, doc.body_start + end));
        from = end.max(start + 4);
    }
    out
}

/// A URL reduced for comparison: no scheme, `www.` or trailing slash, and language tokens
/// (`/zh/`, `_en_`, `-cn.`) blanked, so that each page may link its own language's version.
pub fn url_key(url: &str) -> String {
    let mut key = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_lowercase();
    for lang in ["en", "zh", "cn", "zh-cn", "zh_cn", "english", "chinese"] {
        // Every token below holds the language code: most keys hold none of them.
        if !key.contains(lang) {
            continue;
        }
        for (a, b) in [
            ("/", "/"),
            ("_", "_"),
            ("-", "-"),
            ("_", "."),
            ("-", "."),
            ("/", ""),
        ] {
            let token = format!("{a}{lang}{b}");
            if b.is_empty() {
                if key.ends_with(&token) {
                    key.truncate(key.len() - token.len());
                }
            } else if key.contains(&token) {
                key = key.replace(&token, &format!("{a}~{b}"));
            }
        }
    }
    key
}

/// A number of a text, with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The value (`120万` → 1 200 000).
    pub value: f64,
    /// Another reading of the same text (`14年`: 14 years, or the year 2014).
    pub alt: Option<f64>,
    /// As written.
    pub text: String,
    /// Its bytes in the file.
    pub span: Span,
}

fn chinese_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' => 1e4,
        '亿' => 1e8,
        '千' => 1e3,
        '百' => 1e2,
        _ => return None,
    })
}

/// Units written right after a number (`40TB`, `200ms`), which keep its value.
const UNITS: &[&str] = &[
    "kb", "mb", "gb", "tb", "pb", "eb", "kib", "mib", "gib", "tib", "ms", "us", "ns", "s", "h",
    "x", "qps", "tps", "rps", "km", "cm", "mm",
];

fn english_unit(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "thousand" => 1e3,
        "million" | "millions" => 1e6,
        "billion" | "billions" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// The numbers a reader sees that carry information: 10 or more, or with a unit or a
/// percent sign (`1.5 years` is often `一年半`). A two-digit year before `年` is a year
/// (`14年` = 2014). Numbers glued to letters (`Log4j`, `S3`, `API7`) are
/// names, and dotted versions (`3.0.1`, `4.x`) are kept as written.
pub fn numbers(doc: &Document) -> Vec<Number> {
    let mut out = Vec::new();
    for run in visible_runs(doc) {
        let text = doc.slice(run);
        let base = run.start as usize;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            let mut before = text[..start].chars().rev();
            let glued_before = before.next().is_some_and(|c| {
                (c.is_alphanumeric() && !crate::lang::is_han(c))
                    || matches!(c, '.' | '-' | '_' | '/' | '=' | '&' | '#' | ':' | '@' | '?')
                    // `%D1%82`: percent-encoding, not a percentage (Turkish writes `%10`).
                    || c == '%' && before.next().is_some_and(|p| p.is_ascii_alphanumeric())
            });
            while i < b.len() {
                let digit_next = b.get(i + 1).is_some_and(u8::is_ascii_digit);
                if b[i].is_ascii_digit() || (matches!(b[i], b',' | b'.') && digit_next) {
                    i += 1;
                } else {
                    break;
                }
            }
            let raw = &text[start..i];
            if glued_before || raw.matches('.').count() > 1 {
                continue;
            }
            let Ok(mut value) = raw.replace(',', "").parse::<f64>() else {
                continue;
            };
            let mut end = i;
            let mut unit = false;
            let mut alt = None;
            let rest = &text[i..];
            let glued: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
            // `100 万`: a Chinese magnitude after a space.
            let spaced = rest.trim_start_matches([' ', '\u{a0}']);
            let gap = rest.len() - spaced.len();
            if gap > 0 {
                if let Some(m) = spaced
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '万' | '亿' | '倍'))
                {
                    value *= chinese_unit(m).unwrap_or(1.0);
                    out.push(Number {
                        value,
                        alt: None,
                        text: text[start..i + gap + m.len_utf8()].to_string(),
                        span: Span::new(base + start, base + i + gap + m.len_utf8()),
                    });
                    i += gap + m.len_utf8();
                    continue;
                }
            }
            // A day of a month written as a word (`November 19`, `19 November`): the
            // other language writes the date with digits glued to units or as ISO.
            if raw.len() <= 2 && next_to_month(&text[..start], rest) {
                continue;
            }
            if let Some(c) = rest.chars().next() {
                if let Some(m) = chinese_unit(c) {
                    // `120万`, `1.5亿`
                    value *= m;
                    end += c.len_utf8();
                    unit = true;
                } else if matches!(c, '%' | '％') {
                    end += c.len_utf8();
                    unit = true;
                } else if c == '年' && raw.len() == 2 && !rest.starts_with("年代") {
                    // `14年毕业` is 2014, `18年经验` eighteen years: either may be meant.
                    alt = Some(value + 2000.0);
                } else if c == '倍' {
                    end += c.len_utf8();
                    unit = true;
                } else if rest
                    .trim_start()
                    .starts_with(['月', '日', '号', '点', '时'])
                {
                    continue; // dates and times: English writes the month as a word
                } else if matches!(glued.as_str(), "s" | "ies" | "th" | "st" | "nd" | "rd") {
                    // `1990s`, `1990ies`, `10th`: the number itself.
                } else if !glued.is_empty() {
                    // `1.5K` and `10w` are magnitudes; `40TB`, `200ms` units; `Log4j` a name.
                    match glued.to_ascii_lowercase().as_str() {
                        "k" => value *= 1e3,
                        "w" => value *= 1e4,
                        u if UNITS.contains(&u) => {}
                        // `20CPU`, `8GPU`: a unit in capitals.
                        _ if glued.len() >= 2 && glued.bytes().all(|b| b.is_ascii_uppercase()) => {}
                        _ => continue,
                    }
                    end += glued.len();
                    unit = true;
                }
            }
            if !unit {
                let word: String = rest
                    .trim_start_matches(' ')
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                if let Some(m) = english_unit(&word) {
                    if rest.starts_with(' ') {
                        value *= m;
                        end += rest.len() - rest.trim_start_matches(' ').len() + word.len();
                        unit = true;
                    }
                }
            }
            if value < 10.0 && !unit {
                continue;
            }
            out.push(Number {
                value,
                alt,
                text: text[start..end].to_string(),
                span: Span::new(base + start, base + end),
            });
            i = end.max(i);
        }
        han_numbers(text, base, &mut out);
        english_numbers(text, base, &mut out);
    }
    out.sort_by_key(|n| n.span.start);
    out
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn next_to_month(before: &str, after: &str) -> bool {
    let prev_start = before
        .trim_end()
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic())
        .last()
        .map(|(i, _)| i);
    let prev = prev_start.map_or("", |i| &before.trim_end()[i..]);
    let next_text = after.trim_start_matches(' ');
    let next_len = next_text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(next_text.len());
    let next = if after.starts_with(' ') {
        &next_text[..next_len]
    } else {
        ""
    };
    let is_month = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_uppercase())
            && MONTHS.contains(&w.to_ascii_lowercase().as_str())
    };
    is_month(prev) || is_month(next)
}

fn han_digit(c: char) -> Option<f64> {
    Some(match c {
        '零' | '〇' => 0.0,
        '一' => 1.0,
        '二' | '两' => 2.0,
        '三' => 3.0,
        '四' => 4.0,
        '五' => 5.0,
        '六' => 6.0,
        '七' => 7.0,
        '八' => 8.0,
        '九' => 9.0,
        _ => return None,
    })
}

/// The value of a run of Chinese numerals (`三千`, `一百二十`, `十五`, `一亿五千万`), or
/// `None` when the run is not a well-formed number (`五一`, `万一`).
pub fn han_value(run: &str) -> Option<f64> {
    let (mut total, mut section) = (0.0f64, 0.0f64);
    let mut digit: Option<f64> = None;
    let mut first = true;
    for c in run.chars() {
        if let Some(d) = han_digit(c) {
            if digit.is_some() {
                return None;
            }
            digit = Some(d);
        } else {
            match c {
                '十' | '百' | '千' => {
                    let m = chinese_unit(c).unwrap_or(10.0);
                    let m = if c == '十' { 10.0 } else { m };
                    let d = match digit.take() {
                        Some(d) => d,
                        None if first && c == '十' => 1.0,
                        None => return None,
                    };
                    section += d * m;
                }
                '万' | '亿' => {
                    section += digit.take().unwrap_or(0.0);
                    if section == 0.0 && total == 0.0 {
                        return None;
                    }
                    let m = chinese_unit(c).unwrap_or(1.0);
                    total = (total + section) * m;
                    section = 0.0;
                }
                _ => return None,
            }
        }
        first = false;
    }
    Some(total + section + digit.unwrap_or(0.0))
}

/// Numbers written in Chinese numerals, 10 or more: `三千` = 3,000. A lone `十` (`十分`) is
/// a word, and `百分之` a percentage whose figure follows.
fn han_numbers(text: &str, base: usize, out: &mut Vec<Number>) {
    let is_numeral =
        |c: char| han_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿');
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if !is_numeral(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if !is_numeral(d) {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        let run = &text[start..end];
        let has_digit = run.chars().any(|c| han_digit(c).is_some());
        let tens = run.starts_with('十') && run.chars().count() >= 2;
        if !(has_digit || tens) || text[end..].starts_with("分之") {
            continue;
        }
        let Some(value) = han_value(run) else {
            continue;
        };
        if value >= 10.0 {
            out.push(Number {
                value,
                alt: None,
                text: run.to_string(),
                span: Span::new(base + start, base + end),
            });
        }
    }
}

fn english_word_value(w: &str) -> Option<(f64, bool)> {
    const SMALL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    // Most words are not number words: no copy of each, and none longer than `seventeen`.
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    let is = |s: &&str| s.eq_ignore_ascii_case(w);
    if let Some(i) = SMALL.iter().position(is) {
        return Some((i as f64, false));
    }
    if let Some(i) = TENS.iter().position(is) {
        return Some((20.0 + 10.0 * i as f64, false));
    }
    const BIG: &[(&str, f64)] = &[
        ("hundred", 100.0),
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
    ];
    BIG.iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(w))
        .map(|&(_, v)| (v, true))
}

/// Numbers written in English words, when the words are several or reach a hundred
/// (`three thousand`, `twenty-five`): single small words (`ten`) are too often idiom.
fn english_numbers(text: &str, base: usize, out: &mut Vec<Number>) {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphabetic() {
            open.get_or_insert(i);
        } else if let Some(s) = open.take() {
            words.push((s, &text[s..i]));
        }
    }
    if let Some(s) = open {
        words.push((s, &text[s..]));
    }
    let mut k = 0;
    while k < words.len() {
        let Some((v, big)) = english_word_value(words[k].1) else {
            k += 1;
            continue;
        };
        let first = k;
        let (mut total, mut section) = (0.0, 0.0);
        let (mut count, mut any_big) = (0, false);
        let mut last = k;
        let mut cur = Some((v, big));
        while let Some((v, big)) = cur {
            if big {
                if section == 0.0 {
                    section = 1.0;
                }
                if v == 100.0 {
                    section *= v;
                } else {
                    total += section * v;
                    section = 0.0;
                }
                any_big = true;
            } else {
                section += v;
            }
            count += 1;
            last = k;
            k += 1;
            // Words join with a blank, a hyphen or `and`.
            let mut next = k;
            if next < words.len() && words[next].1.eq_ignore_ascii_case("and") {
                next += 1;
            }
            cur = None;
            if next < words.len() {
                let gap = &text[words[last].0 + words[last].1.len()..words[next].0];
                let joined = gap.chars().all(|c| c == ' ' || c == '-') && gap.len() <= 1
                    || gap.trim().eq_ignore_ascii_case("and");
                if joined {
                    if let Some(x) = english_word_value(words[next].1) {
                        cur = Some(x);
                        k = next;
                    }
                }
            }
        }
        let value = total + section;
        // `one hundred` counts; `a thousand reasons` is not a figure (no number word before).
        if count >= 2 && value >= 10.0 && (any_big || value >= 20.0) {
            let (s, e) = (words[first].0, words[last].0 + words[last].1.len());
            out.push(Number {
                value,
                alt: None,
                text: text[s..e].to_string(),
                span: Span::new(base + s, base + e),
            });
        }
    }
}

/// The text of the body a reader sees: everything but code, HTML tags and comments.
/// (Text inside HTML blocks, such as a speaker line after an `<img>` tag, is included,
/// unlike the prose segments.)
pub fn visible_runs(doc: &Document) -> Vec<Span> {
    let text = doc.text();
    let mut holes: Vec<Span> = doc.body.code.clone();
    holes.extend(doc.body.comments.iter().map(|(s, _)| *s));
    let body = doc.body_start.min(text.len());
    let bytes = text.as_bytes();
    let mut i = body;
    while i < bytes.len() {
        // A URL or a link target: its digits are an address, not figures.
        let url = bytes[i..].starts_with(b"http://")
            || bytes[i..].starts_with(b"https://")
            || bytes[i..].starts_with(b"](");
        if url {
            let len = text[i..]
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\''))
                .map_or(text.len() - i, |n| n.max(2));
            holes.push(Span::new(i, i + len));
            i += len;
            continue;
        }
        if bytes[i] == b'<' {
            if let Some(j) = text[i..].find('>') {
                if !text[i..i + j].contains('\n') {
                    holes.push(Span::new(i, i + j + 1));
                    i += j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    holes.sort_by_key(|h| h.start);
    let mut out = Vec::new();
    let mut pos = body;
    for h in holes {
        let (hs, he) = (h.start as usize, h.end as usize);
        if hs > pos {
            out.push(Span::new(pos, hs));
        }
        pos = pos.max(he);
    }
    if pos < text.len() {
        out.push(Span::new(pos, text.len()));
    }
    out
}

impl Number {
    /// Whether `other` may be the same figure.
    pub fn matches(&self, other: &Number) -> bool {
        let mine = std::iter::once(self.value).chain(self.alt);
        mine.into_iter().any(|a| {
            std::iter::once(other.value)
                .chain(other.alt)
                .any(|b| same_value(a, b))
        })
    }
}

/// Whether two values are the same number written differently (rounding of a
/// `1.2 million` against `120万` included).
pub fn same_value(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    lo > 0.0 && (hi - lo) / hi < 1e-9
}

/// Prose size in comparable units: Han characters plus Latin words.
pub fn text_units(doc: &Document) -> usize {
    doc.body
        .prose
        .iter()
        .map(|s| {
            let c = crate::lang::counts(doc.slice(s.span));
            c.han + c.kana + c.hangul + c.latin_words
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn nums(body: &str) -> Vec<(f64, String)> {
        let src = crate::source::SourceFile::new("t.md".into(), "t.md".into(), body.into(), false);
        let doc = Document::parse(Arc::new(src), None);
        numbers(&doc)
            .into_iter()
            .map(|n| (n.value, n.text))
            .collect()
    }

    #[test]
    fn numbers_with_units_and_magnitudes() {
        assert_eq!(
            nums("集群每天处理 120万 条消息"),
            [(1_200_000.0, "120万".into())]
        );
        assert_eq!(
            nums("handles 1.2 million messages"),
            [(1_200_000.0, "1.2 million".into())]
        );
        assert_eq!(
            nums("handles 1,200,000 messages"),
            [(1_200_000.0, "1,200,000".into())]
        );
        assert_eq!(nums("增长到了1.5k星"), [(1500.0, "1.5k".into())]);
        assert_eq!(
            nums("over 500PB of data and 40 TB"),
            [(500.0, "500PB".into()), (40.0, "40".into())]
        );
        assert_eq!(nums("150多个项目"), [(150.0, "150".into())]);
        assert_eq!(nums("提升 30% 的性能"), [(30.0, "30%".into())]);
        assert_eq!(
            nums("Apache Tomcat 10.0 和 10.1 的版本经理"),
            [(10.0, "10.0".into()), (10.1, "10.1".into())]
        );
    }

    #[test]
    fn units_glued_or_spaced_and_ordinals() {
        assert_eq!(
            nums("分配 20CPU，20GiB 内存"),
            [(20.0, "20CPU".into()), (20.0, "20GiB".into())]
        );
        assert_eq!(nums("快了 2.73 倍"), [(2.73, "2.73 倍".into())]);
        assert_eq!(nums("since the 1990s"), [(1990.0, "1990".into())]);
        assert!(nums("the 3rd and 2nd talks").is_empty());
        // A Turkish percentage comes after its sign.
        assert_eq!(nums("trafiğin %10 kadarı"), [(10.0, "10".into())]);
    }

    #[test]
    fn digits_of_addresses_are_not_figures() {
        let t = "see https://example.org/2024/10/report and [the guide](/docs/v2/page-300) or /%D1%82%D0%B5";
        assert!(nums(t).is_empty(), "{:?}", nums(t));
    }

    #[test]
    fn names_versions_dates_and_small_counts_are_not_figures() {
        assert!(
            nums("Log4j, S3, API7 and Dubbo3 on 3.0.1 with 4.x").is_empty(),
            "{:?}",
            nums("Log4j, S3, API7 and Dubbo3 on 3.0.1 with 4.x")
        );
        assert!(nums("2020 年 10 月发布").iter().all(|(v, _)| *v == 2020.0));
        assert!(nums("three talks by 2 speakers in 1.5 years").is_empty());
        let src = crate::source::SourceFile::new(
            "t.md".into(),
            "t.md".into(),
            "14年毕业, 90年代".into(),
            false,
        );
        let doc = Document::parse(Arc::new(src), None);
        let n = numbers(&doc);
        assert_eq!((n[0].value, n[0].alt), (14.0, Some(2014.0)));
        assert_eq!((n[1].value, n[1].alt), (90.0, None));
    }

    #[test]
    fn url_keys_ignore_scheme_and_language() {
        assert_eq!(
            url_key("https://www.apache.org/"),
            url_key("http://apache.org")
        );
        assert_eq!(
            url_key("https://apachecon.com/acasia2022/video_guide_en_full.pdf"),
            url_key("https://apachecon.com/acasia2022/video_guide_zh_full.pdf")
        );
        assert_ne!(
            url_key("https://github.com/apache/dubbo"),
            url_key("https://github.com/apache/dubbo-go")
        );
    }
}
