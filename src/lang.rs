//! Language facts about text and pages, the only ones: what a Han character is, which
//! script a run of prose is written in, the language a page is in, the speaker entries of a
//! session page, and the session-type label vocabulary. Every family asks here, so that a
//! page is `zh` to all of them or to none.
//!
//! Detection is by script, which is exact and cheap: Chinese is told from English by its Han
//! characters, counted against Latin *words* (not letters), so that a Chinese sentence full
//! of English product names ("基于 Apache Flink 的实时计算") is still Chinese, and an English
//! paragraph naming one speaker in Han characters is still English. A long run of ASCII
//! without a blank (a key, a hash, base64 data) holds no words. Below a minimum amount of
//! text nothing is claimed.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::document::Document;
use crate::packs::Packs;
use crate::source::Span;

/// The script a run of text is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Han characters (Chinese).
    Han,
    /// Kana (Japanese).
    Kana,
    /// Hangul (Korean).
    Hangul,
    /// Latin letters (English and other Western languages).
    Latin,
}

impl Script {
    /// The language code this script means on a Chinese/English site.
    pub fn lang(self) -> &'static str {
        match self {
            Script::Han => "zh",
            Script::Kana => "ja",
            Script::Hangul => "ko",
            Script::Latin => "en",
        }
    }

    /// The script a language is written in (`None` when we do not know it).
    pub fn of_lang(lang: &str) -> Option<Script> {
        let main = lang.split(['-', '_']).next().unwrap_or(lang);
        Some(match main.to_ascii_lowercase().as_str() {
            "zh" => Script::Han,
            "ja" => Script::Kana,
            "ko" => Script::Hangul,
            "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "sv" | "da" | "no" | "nb" | "fi"
            | "pl" | "cs" | "tr" | "id" | "ms" | "vi" | "ro" | "hu" => Script::Latin,
            _ => return None,
        })
    }
}

/// Letter counts of a run of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Han characters.
    pub han: usize,
    /// Hiragana and katakana.
    pub kana: usize,
    /// Hangul syllables.
    pub hangul: usize,
    /// Words of Latin letters.
    pub latin_words: usize,
    /// Words of another alphabet (Cyrillic, Greek, Devanagari, Arabic, …).
    pub other_words: usize,
}

/// Whether `c` is a Han (Chinese) character: the CJK unified ideographs with extensions A
/// to H, and the compatibility ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x30000..=0x3134F)
}

/// Whether `s` holds at least one Han character.
pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic()
}

/// A run of this many ASCII characters without a blank is a key, a hash or encoded data,
/// not words: a Chinese page that shows an SSH key is still Chinese.
const LONG_TOKEN: usize = 40;

/// Count the letters of `text` by script.
pub fn counts(text: &str) -> Counts {
    let mut n = Counts::default();
    let mut in_word = false;
    let mut in_other = false;
    // The current run of ASCII without a blank: its length, and the words that began in it.
    let (mut run, mut run_words) = (0, 0);
    for c in text.chars() {
        if c.is_ascii_graphic() {
            run += 1;
        } else {
            if run >= LONG_TOKEN {
                n.latin_words -= run_words;
            }
            (run, run_words) = (0, 0);
        }
        if is_latin_letter(c) {
            if !in_word {
                n.latin_words += 1;
                run_words += usize::from(c.is_ascii());
            }
            in_word = true;
            in_other = false;
            continue;
        }
        in_word = false;
        // Indic and Arabic signs (a virama, a vowel mark) go on with the word they are in.
        let mark = in_other && matches!(c, '\u{0900}'..='\u{0DFF}' | '\u{064B}'..='\u{065F}');
        let other = mark
            || !c.is_ascii()
                && !is_han(c)
                && !matches!(c, '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}')
                && c.is_alphabetic();
        if other && !in_other {
            n.other_words += 1;
        }
        in_other = other;
        if is_han(c) {
            n.han += 1;
        } else if matches!(c, '\u{3040}'..='\u{30FF}') {
            n.kana += 1;
        } else if matches!(c, '\u{AC00}'..='\u{D7AF}') {
            n.hangul += 1;
        }
    }
    if run >= LONG_TOKEN {
        n.latin_words -= run_words;
    }
    n
}

impl Counts {
    /// Add another run's counts.
    pub fn add(&mut self, o: Counts) {
        self.han += o.han;
        self.kana += o.kana;
        self.hangul += o.hangul;
        self.latin_words += o.latin_words;
        self.other_words += o.other_words;
    }

    /// The script most of the text is in (CJK characters against Latin words), for a
    /// whole page; `None` when there is too little text.
    pub fn majority(&self) -> Option<Script> {
        let cjk = self.han + self.kana + self.hangul;
        if cjk + self.latin_words < 4 {
            return None;
        }
        if cjk >= self.latin_words {
            self.script().or(Some(Script::Han))
        } else {
            Some(Script::Latin)
        }
    }

    /// The dominant script, or `None` when there is too little text to tell. A Han
    /// character counts as much as a Latin word.
    pub fn script(&self) -> Option<Script> {
        if self.kana >= 3 && self.kana * 4 >= self.han {
            return Some(Script::Kana);
        }
        if self.hangul >= 3 {
            return Some(Script::Hangul);
        }
        let han = self.han;
        let words = self.latin_words;
        if han >= 4 && han >= words {
            Some(Script::Han)
        } else if words >= 4 && han * 4 <= words {
            Some(Script::Latin)
        } else {
            None
        }
    }
}

/// The language of a page: its declared language (file name, content directory, site
/// default), or else the language its prose is written in. The one decision every family
/// uses.
pub fn page_lang(doc: &Document) -> Option<&str> {
    doc.lang.as_deref().or_else(|| prose_lang(doc))
}

/// `en` or `zh` when the page is in English or Chinese (in any region), for the rules that
/// know only these two; `None` for any other language and for a page that cannot be told.
pub fn en_or_zh(doc: &Document) -> Option<&'static str> {
    let page = page_lang(doc)?;
    ["en", "zh"].into_iter().find(|l| {
        page.strip_prefix(l)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '_']))
    })
}

/// The language the page's prose is written in, whatever it declares (the script most of
/// its body is in); `None` when there is too little prose to tell.
pub fn prose_lang(doc: &Document) -> Option<&'static str> {
    *doc.prose_lang.get_or_init(|| {
        let mut n = Counts::default();
        for seg in &doc.body.prose {
            n.add(counts(doc.slice(seg.span)));
        }
        n.majority().map(Script::lang)
    })
}

/// Whether two language codes name the same language (`zh` and `zh-cn` do).
pub fn same_lang(a: &str, b: &str) -> bool {
    let main = |s: &str| s.split(['-', '_']).next().unwrap_or(s).to_ascii_lowercase();
    main(a) == main(b)
}

/// One entry of a page's Speakers section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The name as written.
    pub name: String,
    /// Its bytes in the file.
    pub span: Span,
}

/// Headings that open the list of speakers, lowercased, without the trailing colon.
const SPEAKER_HEADINGS: &[&str] = &[
    "speakers",
    "speaker",
    "presenters",
    "presenter",
    "讲师",
    "嘉宾",
    "演讲嘉宾",
    "分享嘉宾",
    "讲者",
    "演讲者",
];

/// The bytes of the page's Speakers section: from the end of its heading to the next
/// heading of the same or a higher level (or the end of the page).
pub fn speakers_section(doc: &Document) -> Option<Span> {
    let mut start = None;
    let mut level = 0;
    let mut end = doc.text().len();
    for b in &doc.body.blocks {
        let crate::document::BlockKind::Heading(l) = b.kind else {
            continue;
        };
        if start.is_some() {
            if l <= level {
                end = b.span.start as usize;
                break;
            }
            continue;
        }
        let title = doc
            .slice(b.span)
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_end_matches([':', '：', ' '])
            .to_lowercase();
        if SPEAKER_HEADINGS.contains(&title.as_str()) {
            start = Some(b.span.end as usize);
            level = l;
        }
    }
    start.map(|s| Span::new(s, end.max(s)))
}

/// The speaker entries of the page's Speakers section (`### Speakers:` / `### 讲师:`):
/// each line of the form `[<img …><br>]Name: biography`, the name being short. `None`
/// when the page has no such section.
pub fn speakers(doc: &Document) -> Option<Vec<Speaker>> {
    let text = doc.text();
    let section = speakers_section(doc)?;
    let (start, end) = (section.start as usize, section.end as usize);
    let mut out: Vec<(Speaker, bool)> = Vec::new();
    let mut pos = start;
    for line in text.get(start..end)?.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        // Skip leading blanks and tags (`<img …>`, `<br>`).
        let mut rest = line;
        let mut tagged = false;
        loop {
            let trimmed = rest.trim_start();
            if let Some(after) = trimmed.strip_prefix('<') {
                match after.find('>') {
                    Some(i) => {
                        rest = &after[i + 1..];
                        tagged = true;
                    }
                    None => break,
                }
            } else {
                rest = trimmed;
                break;
            }
        }
        let Some(colon) = rest.find([':', '：']) else {
            continue;
        };
        let raw = &rest[..colon];
        let name = raw.trim();
        if !looks_like_name(name) {
            continue;
        }
        let offset = line_start + (line.len() - rest.len()) + (raw.len() - raw.trim_start().len());
        if out.iter().any(|(s, _)| same_name(&s.name, name)) {
            continue;
        }
        let speaker = Speaker {
            name: name.to_string(),
            span: Span::new(offset, offset + name.len()),
        };
        out.push((speaker, tagged));
    }
    // When entries start with a photo (`<img …><br>Name:`), untagged `Word Word:` lines are
    // sub-headings of a biography, not speakers.
    let any_tagged = out.iter().any(|(_, t)| *t);
    Some(
        out.into_iter()
            .filter(|(_, t)| *t || !any_tagged)
            .map(|(s, _)| s)
            .collect(),
    )
}

/// Chinese compound surnames, which make four-character names possible.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "澹台",
];

/// Whether the text before a colon in the Speakers section is a person's name: two or
/// three Han characters (four with a compound surname), one to four capitalised Latin
/// words, or both (`刘勋 Kevin Su`).
fn looks_like_name(s: &str) -> bool {
    if s.is_empty() || s.chars().count() > 40 {
        return false;
    }
    let han: String = s.chars().filter(|c| is_han(*c)).collect();
    let rest: String = s.chars().filter(|c| !is_han(*c)).collect();
    let han_ok = match han.chars().count() {
        0 => true,
        2 | 3 => true,
        4 => COMPOUND_SURNAMES.iter().any(|c| han.starts_with(c)),
        _ => false,
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let latin_ok = words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        });
    han_ok && latin_ok && (han.chars().count() >= 2 || !words.is_empty())
}

/// Lowercase letters and digits of each word of a name.
fn name_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether two names are the same name written differently: case, spacing and hyphens
/// (`XunLiu`, `Xun Liu`, `Feng-hua Hu` / `Fenghua Hu`) or word order (`Liu Xun`).
pub fn same_name(a: &str, b: &str) -> bool {
    let (mut wa, mut wb) = (name_words(a), name_words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    if wa.concat() == wb.concat() {
        return true;
    }
    wa.sort();
    wb.sort();
    wa == wb
}

/// A name reduced for comparison (see [`same_name`]): its words, lowercased and sorted.
pub fn normalize_name(s: &str) -> String {
    let mut w = name_words(s);
    w.sort();
    w.join(" ")
}

/// The ways a presenter entry may be written elsewhere: `Xiaolong Ran（冉小龙）` is also
/// `Xiaolong Ran` and `冉小龙`; `刘勋 Kevin Su` is also `刘勋` and `Kevin Su`.
pub fn name_variants(s: &str) -> Vec<String> {
    let mut out = vec![s.trim().to_string()];
    if let Some(open) = s.find(['(', '（']) {
        let outside = s[..open].trim();
        let inside = s[open..]
            .trim_start_matches(['(', '（'])
            .trim_end()
            .trim_end_matches([')', '）'])
            .trim();
        out.push(outside.to_string());
        out.push(inside.to_string());
    }
    let han: String = s.chars().filter(|c| is_han(*c)).collect();
    if !han.is_empty() && counts(s).latin_words > 0 {
        out.push(han);
        let latin: String = s
            .chars()
            .filter(|c| !is_han(*c) && !matches!(c, '(' | ')' | '（' | '）'))
            .collect();
        out.push(latin.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let mut unique: Vec<String> = Vec::new();
    for v in out {
        if !v.is_empty() && !unique.contains(&v) {
            unique.push(v);
        }
    }
    unique
}

/// The names of a `presenters` value with their spans: split at commas (`,` `，` `、`) and
/// ` and ` / ` 和 `.
pub fn presenter_names(value: &str, value_span: Span, raw: &str) -> Vec<Speaker> {
    // `raw` is the value as written (with quotes); names are located inside it.
    let quote = usize::from(raw.starts_with(['"', '\'']));
    let mut out = Vec::new();
    let mut search_from = quote;
    for part in value.split([',', '，', '、', ';', '；']) {
        for name in part.split(" and ").flat_map(|p| p.split(" 和 ")) {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let start = raw
                .get(search_from..)
                .and_then(|r| r.find(name))
                .map(|i| search_from + i);
            let span = match start {
                Some(s) => {
                    search_from = s + name.len();
                    Span::new(
                        value_span.start as usize + s,
                        value_span.start as usize + s + name.len(),
                    )
                }
                None => value_span,
            };
            out.push(Speaker {
                name: name.to_string(),
                span,
            });
        }
    }
    out
}

/// The language a talk is given in, when one of its pages says so through its session-type
/// label (`stype: "Chinese Session"`): the first page with a known label tells.
pub fn talk_lang<'a>(docs: &[&'a Document], labels: &'a Labels) -> Option<&'a str> {
    docs.iter().find_map(|d| {
        let (v, _) = d.fm_str(&labels.key)?;
        labels.get(v).map(|l| l.talk.as_str())
    })
}

/// One session-type label.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The label as written.
    pub label: String,
    /// The language the talk is given in.
    pub talk: String,
    /// The language the label is written in.
    pub lang: String,
    /// The kind of slot (session, panel, keynote…).
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelPack {
    #[allow(dead_code)]
    rule: String,
    key: String,
    labels: Vec<Label>,
}

/// The session-type vocabulary: every label pack merged.
#[derive(Debug, Default)]
pub struct Labels {
    /// The front-matter key holding the label.
    pub key: String,
    /// Every label.
    pub labels: Vec<Label>,
    by_label: HashMap<String, usize>,
    /// Packs that do not load (reported by `lang/label-unknown`).
    pub errors: Vec<crate::packs::PackError>,
}

impl Labels {
    /// The vocabulary of all packs whose `rule:` is `lang/label-unknown`.
    pub fn load(packs: &Packs) -> Arc<Labels> {
        packs.get_or_parse("lang/labels", |packs| {
            let mut out = Labels::default();
            for f in packs.for_rule("lang/label-unknown") {
                match serde_saphyr::from_str::<LabelPack>(&f.text) {
                    Ok(p) => {
                        out.key = p.key;
                        out.labels.extend(p.labels);
                    }
                    Err(e) => out.errors.push(f.yaml_error(&e)),
                }
            }
            if out.key.is_empty() {
                out.key = "stype".into();
            }
            for (i, l) in out.labels.iter().enumerate() {
                out.by_label.entry(l.label.clone()).or_insert(i);
            }
            out
        })
    }

    /// The entry of a label as written (surrounding blanks ignored).
    pub fn get(&self, label: &str) -> Option<&Label> {
        self.by_label.get(label.trim()).map(|&i| &self.labels[i])
    }

    /// The label for the same talk language and kind, written in `lang`.
    pub fn translate(&self, label: &Label, lang: &str) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.talk == label.talk && l.kind == label.kind && same_lang(&l.lang, lang))
    }

    /// The key to read: the rule's `key` option, else the vocabulary's.
    pub fn key<'a>(&'a self, options: &'a crate::config::RuleOptions) -> &'a str {
        options
            .get("key")
            .and_then(serde_json::Value::as_str)
            .unwrap_or(&self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_other_alphabets_are_counted_apart() {
        let c = counts("Шлюз API объединяет уникальные интерфейсы");
        assert_eq!((c.latin_words, c.other_words), (1, 4));
        let c = counts("Việt Nam và यह क्या है");
        assert_eq!((c.latin_words, c.other_words), (3, 3));
    }

    #[test]
    fn chinese_with_product_names_is_chinese() {
        let c = counts("通过 Apache APISIX Ingress Controller 实现 Kubernetes 流量管理");
        assert_eq!(c.script(), Some(Script::Han));
        let c = counts("基于 Kafka 的实时计算");
        assert_eq!(c.script(), Some(Script::Han));
    }

    #[test]
    fn english_with_a_chinese_name_is_english() {
        let c = counts(
            "Li Zhixin (李志信) is responsible for the Dubbo-go community and its ecosystem.",
        );
        assert_eq!(c.script(), Some(Script::Latin));
    }

    #[test]
    fn too_little_text_claims_nothing() {
        assert_eq!(counts("Apache APISIX").script(), None);
        assert_eq!(counts("简介").script(), None);
    }

    fn undeclared(body: &str) -> Document {
        let src = crate::source::SourceFile::new("p.md".into(), "p.md".into(), body.into(), false);
        Document::parse(Arc::new(src), None)
    }

    #[test]
    fn chinese_prose_with_many_english_names_is_a_chinese_page() {
        // The `mt` rules used to count letters, not words: this page, a third of whose
        // letters are Latin, was neither English nor Chinese to them.
        let doc = undeclared(
            "Volcano scheduler通过一系列的action和plugin调度Job，并为它找到一个最适合的节点。\n\n\
             Volcano controllermanager管理CRD资源的生命周期。\n",
        );
        assert_eq!(page_lang(&doc), Some("zh"));
        assert_eq!(en_or_zh(&doc), Some("zh"));
    }

    #[test]
    fn a_key_on_a_chinese_page_holds_no_words() {
        // Before, the letters of a base64 key counted as hundreds of words and the page,
        // Chinese but for the key, was English to the `lang` rules.
        let key = "MIIEpAIBAAKCAQEAyeyZjWDx5Na9bw1f61M4s+QlLT/kyrB37AR2j5Sb/A9hvJak".repeat(8);
        let doc = undeclared(&format!(
            "私钥字符串，请确保取值正确。\n\nssh: [\"--ssh-private-key={key}\"]\n"
        ));
        assert_eq!(page_lang(&doc), Some("zh"));
        assert_eq!(counts(&key).latin_words, 0);
        assert_eq!(counts("Join us in Hangzhou").latin_words, 4);
    }

    #[test]
    fn a_japanese_page_is_not_chinese() {
        // Counting only Han and ASCII letters, the `mt` rules took this page for Chinese.
        let doc = undeclared("本日はクラウドネイティブの最新動向についてお話しします。\n");
        assert_eq!(page_lang(&doc), Some("ja"));
        assert_eq!(en_or_zh(&doc), None);
    }

    #[test]
    fn han_covers_the_extensions() {
        assert!(is_han('中') && is_han('\u{3400}') && is_han('\u{2B740}') && is_han('\u{30000}'));
        assert!(!is_han('ア') && !is_han('，'));
    }

    #[test]
    fn names_compare_loosely() {
        assert!(same_name("Xun Liu", "XunLiu"));
        assert!(same_name("Liu Xun", "xun liu"));
        assert!(same_name("Fränkel Nicolas", "Nicolas Fränkel"));
        assert!(same_name("Feng-hua Hu", "Fenghua Hu"));
        assert!(!same_name("Xun Liu", "Xin Liu"));
        assert_eq!(
            name_variants("Xiaolong Ran（冉小龙）"),
            ["Xiaolong Ran（冉小龙）", "Xiaolong Ran", "冉小龙"]
        );
        assert!(name_variants("刘勋 Kevin Su").contains(&"Kevin Su".to_string()));
    }

    #[test]
    fn speaker_names_look_like_names() {
        for ok in [
            "Li Zhixin",
            "李志信",
            "欧阳明辉",
            "刘勋 Kevin Su",
            "Jean-Luc O'Neil",
        ] {
            assert!(looks_like_name(ok), "{ok}");
        }
        for bad in [
            "演讲经历",
            "开源地址",
            "- 阿里云基于 AI 编译器",
            "公司目前知名开源项目如https",
            "the speaker",
        ] {
            assert!(!looks_like_name(bad), "{bad}");
        }
    }

    #[test]
    fn presenter_names_have_spans() {
        let raw = "\"Jing Li, Reese Liu\"";
        let v = presenter_names("Jing Li, Reese Liu", Span::new(100, 100 + raw.len()), raw);
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].name, "Reese Liu");
        assert_eq!(v[1].span, Span::new(110, 119));
    }

    #[test]
    fn builtin_vocabulary_translates() {
        let labels = Labels::load(&Packs::builtin_only());
        assert!(labels.errors.is_empty(), "{:?}", labels.errors);
        let cs = labels.get("Chinese Session").expect("known");
        assert_eq!(
            labels.translate(cs, "zh").map(|l| l.label.as_str()),
            Some("中文演讲")
        );
    }
}
