//! `mt/term-variant`: one name spelled several ways.
//!
//! Two sources of truth: the glossary (`rules/mt/glossary.yaml` plus a site's packs), checked
//! page by page, and the majority spelling over the whole run, for names the glossary does
//! not know. The second needs every page first: while pages are checked, name-shaped tokens
//! are counted per spelling in the rule's run state, and `finish` compares them once all
//! pages are done, reading again only the pages that hold a variant.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use foldhash::HashMap;
use rayon::prelude::*;
use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::en_or_zh;
use crate::packs::{PackError, Packs};
use crate::rules::mt::{prose_spans, PageRef, MAX_PER_PAGE};
use crate::rules::{Context, RuleMeta, RunContext, RunRule};
use crate::source::{SourceFile, Span};

declare_rule! {
    /// ## What it does
    /// Flags a product, project or company name spelled differently from its canonical
    /// spelling: by case, hyphens or spaces (`Dubbo- Go`, `Shardingsphere`, `Tencent cloud`),
    /// or by one letter in a name-shaped token (`dubo-Go`). Canonical spellings come from the
    /// glossary `rules/mt/glossary.yaml`; for names it does not list, the spelling used by
    /// most of the run is canonical (at least three times as often as the variant), when it
    /// has inner capitals (`OpenSergo`).
    ///
    /// ## Why is this bad?
    /// Machine translation spells a name however the Chinese text happened to write it, so
    /// one page says `Dubbo-go`, `dubo-Go` and `Dubbo- Go`. Readers wonder whether these are
    /// different things, and searches miss pages.
    ///
    /// ## Example
    /// ```markdown
    /// Similarly, Dubbo- Go, as a part of the Dubbo ecosystem, is developed by the community of dubo-Go.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Similarly, Dubbo-go, as a part of the Dubbo ecosystem, is run by its community. Kafka and kafka are both fine.
    /// ```
    ///
    /// A site adds names with a pack (`rule: mt/term-variant`, `terms: [{name: ...}]`) in a
    /// directory listed under `packs:` in `contentlint.yaml`.
    pub MtTermVariant, "mt/term-variant", Severity::Warning, "name spelled differently from its usual spelling", fixable = true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    rule: String,
    #[serde(default)]
    lang: Option<String>,
    terms: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    name: String,
    #[serde(default)]
    also: Vec<String>,
}

/// One canonical name.
#[derive(Debug, Clone)]
struct Term {
    name: String,
    also: Vec<String>,
    /// Lowercase and uppercase forms are accepted (the name has no inner capitals).
    loose: bool,
}

/// A glossary key that a token one edit away matches.
#[derive(Debug)]
struct LongKey {
    key: String,
    term: usize,
    /// Its first and last characters: keys one edit apart share one of them.
    ends: (char, char),
    /// Its [`letters`].
    letters: u64,
}

/// The set of characters of `k`, one bit each (characters other than ASCII letters and
/// digits share the remaining bits). One edit adds a character, removes one or both, so
/// the sets of two keys one edit apart differ in at most two bits: a cheap test that rules
/// out nearly every key before the exact one.
fn letters(k: &str) -> u64 {
    k.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + (c as u32 - '0' as u32),
            _ => 36 + c as u32 % 28,
        };
        set | 1 << bit
    })
}

/// The first and last characters of `k`.
fn ends(k: &str) -> Option<(char, char)> {
    Some((k.chars().next()?, k.chars().next_back()?))
}

/// The glossary of this run.
#[derive(Debug, Default)]
struct Glossary {
    terms: Vec<Term>,
    /// Key → term index.
    by_key: HashMap<String, usize>,
    /// Keys of at least six characters, for one-edit matches, at their length in
    /// characters.
    long_keys: Vec<Vec<LongKey>>,
    /// Packs that do not load, reported on every page.
    errors: Vec<PackError>,
}

/// Letters and digits of `s`, lowercased: what spellings of one name share.
fn key(s: &str) -> String {
    key_in(s, &mut String::new()).to_string()
}

/// The [`key`] of `s`: `s` itself when it already is one (a word in lower case), else made
/// in `k`, a buffer reused from token to token.
fn key_in<'a>(s: &'a str, k: &'a mut String) -> &'a str {
    if s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return s;
    }
    k.clear();
    if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // Most tokens are one plain word: its key is the word in lower case.
        k.push_str(s);
        k.make_ascii_lowercase();
    } else if s.is_ascii() {
        let letters = s.bytes().filter(u8::is_ascii_alphanumeric);
        k.extend(letters.map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        let letters = s.chars().filter(|c| c.is_alphanumeric());
        k.extend(letters.flat_map(char::to_lowercase));
    }
    k
}

fn has_inner_capital(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.iter().skip(1).any(u8::is_ascii_uppercase)
            && b.iter().any(u8::is_ascii_lowercase);
    }
    s.chars().skip(1).any(char::is_uppercase) && s.chars().any(char::is_lowercase)
}

impl Glossary {
    fn load(packs: &Packs) -> Glossary {
        let mut g = Glossary::default();
        for f in packs.for_rule("mt/term-variant") {
            let raw: RawGlossary = match serde_saphyr::from_str(&f.text) {
                Ok(r) => r,
                Err(e) => {
                    g.errors.push(f.yaml_error(&e));
                    continue;
                }
            };
            if raw.rule != "mt/term-variant" || raw.lang.as_deref().is_some_and(|l| l != "en") {
                continue;
            }
            for t in raw.terms {
                let k = key(&t.name);
                if k.is_empty() {
                    continue;
                }
                let loose = !has_inner_capital(&t.name)
                    && t.name.chars().filter(|c| c.is_alphabetic()).count() > 0
                    && !t
                        .name
                        .chars()
                        .all(|c| !c.is_alphabetic() || c.is_uppercase());
                let i = g.terms.len();
                g.terms.push(Term {
                    name: t.name,
                    also: t.also,
                    loose,
                });
                g.by_key.insert(k.clone(), i);
                let n = k.chars().count();
                if let Some(ends) = ends(&k).filter(|_| n >= 6) {
                    let long = LongKey {
                        letters: letters(&k),
                        key: k,
                        term: i,
                        ends,
                    };
                    if g.long_keys.len() <= n {
                        g.long_keys.resize_with(n + 1, Vec::new);
                    }
                    g.long_keys[n].push(long);
                }
            }
        }
        g
    }

    /// The term a spelling belongs to, by key or (for name-shaped tokens) one edit away.
    fn lookup(&self, token: &str, k: &str) -> Option<usize> {
        if let Some(&i) = self.by_key.get(k) {
            return Some(i);
        }
        // A key of fewer than five bytes has fewer than five characters.
        if k.len() < 5 {
            return None;
        }
        let shaped = k.len() >= 8 || token.contains('-') || has_inner_capital(token);
        let n = k.chars().count();
        let (first, last) = ends(k)?;
        if !shaped || n < 5 {
            return None;
        }
        let set = letters(k);
        // The first term in glossary order wins, as when all keys were tried in order.
        [n - 1, n, n + 1]
            .iter()
            .filter_map(|&len| self.long_keys.get(len))
            .flatten()
            // One edit leaves the first character or the last one in place.
            .filter(|l| l.ends.0 == first || l.ends.1 == last)
            .filter(|l| (l.letters ^ set).count_ones() <= 2)
            // A plural is the same name, not a misspelling.
            .filter(|l| {
                k.strip_suffix('s') != Some(l.key.as_str()) && l.key.strip_suffix('s') != Some(k)
            })
            .filter(|l| crate::text::one_edit_apart(&l.key, k))
            .map(|l| l.term)
            .min()
    }

    /// Whether `token` is an accepted spelling of term `i`.
    fn accepts(&self, i: usize, token: &str) -> bool {
        let t = &self.terms[i];
        let token = normalize_space(token);
        if token == t.name || t.also.contains(&token) {
            return true;
        }
        t.loose
            && key(&token) == key(&t.name)
            && (token == t.name.to_lowercase() || token == t.name.to_uppercase())
    }
}

fn normalize_space(s: &str) -> String {
    if !s.contains(char::is_whitespace) {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How often one spelling of a name occurs over the run, and on which pages.
#[derive(Debug, Default)]
struct Spelling {
    count: usize,
    /// The pages it is on, as increasing indexes into [`Names::pages`]: the gaps between
    /// them in LEB128 (a common name is on nearly every page, and most gaps take a byte).
    gaps: Vec<u8>,
    last: Option<u32>,
}

impl Spelling {
    fn add_page(&mut self, id: u32) {
        let mut gap = match self.last {
            Some(last) if last >= id => return,
            Some(last) => id - last,
            None => id,
        };
        self.last = Some(id);
        while gap >= 0x80 {
            self.gaps.push((gap & 0x7f) as u8 | 0x80);
            gap >>= 7;
        }
        self.gaps.push(gap as u8);
    }

    fn pages(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.gaps.iter();
        let mut at: Option<u32> = None;
        std::iter::from_fn(move || {
            let (mut gap, mut shift) = (0u32, 0);
            loop {
                let b = *bytes.next()?;
                gap |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            let id = at.map_or(gap, |a| a + gap);
            at = Some(id);
            Some(id)
        })
    }
}

/// Name-shaped tokens collected over the run: counts per spelling, by key, and the pages
/// to read again for the spellings that turn out to be variants.
#[derive(Debug, Default)]
pub struct Names {
    pages: Vec<PageRef>,
    by_key: HashMap<String, HashMap<String, Spelling>>,
}

/// The end of the name-shaped token starting with the ASCII letter at `start`: a word of
/// ASCII letters and digits, with hyphenated parts (spaces or tabs around the hyphen allowed:
/// `Dubbo- Go`).
fn token_end(b: &[u8], start: usize) -> usize {
    let word = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        i
    };
    let blanks = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let mut end = word(start + 1);
    loop {
        let hyphen = blanks(end);
        if b.get(hyphen) != Some(&b'-') {
            return end;
        }
        let part = blanks(hyphen + 1);
        let part_end = word(part);
        if part_end == part {
            return end;
        }
        end = part_end;
    }
}

/// Tokens of a prose text: (start, end) byte offsets, skipping parts of paths, handles,
/// domains and identifiers.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    // About one token in six bytes of English prose.
    let mut out = Vec::with_capacity(b.len() / 6);
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let (start, end) = (i, token_end(b, i));
        i = end;
        // ASCII around an ASCII token: bytes are characters here.
        let before = start.checked_sub(1).map(|j| b[j]);
        let after = b.get(end).copied();
        let glued = matches!(
            before,
            Some(b'/' | b'@' | b'_' | b'.' | b'\\' | b'#' | b'=')
        );
        let dot_word = after == Some(b'.')
            && text[end + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if glued || dot_word || matches!(after, Some(b'/' | b'@' | b'_' | b'\\')) {
            continue;
        }
        out.push((start, end));
    }
    out
}

fn glossary(packs: &Packs) -> Arc<Glossary> {
    packs.get_or_parse("mt/term-variant", Glossary::load)
}

fn diagnostic(
    file: &Arc<SourceFile>,
    span: Span,
    spelling: &str,
    canonical: &str,
    why: &str,
) -> Diagnostic {
    Diagnostic::new(
        &MtTermVariant::META,
        file,
        span,
        format!("`{spelling}` is a variant spelling of `{canonical}`"),
    )
    .help(format!("write `{canonical}` ({why})"))
    .fix(Fix::replace(span, canonical, Applicability::Unsafe))
}

impl RunRule for MtTermVariant {
    type State = Mutex<Names>;

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn page(&self, doc: &Document, cx: &Context<'_>, run: &Self::State, out: &mut Vec<Diagnostic>) {
        let g = glossary(cx.packs);
        out.extend(g.errors.iter().map(|e| e.diagnostic(&Self::META)));
        if en_or_zh(doc) != Some("en") {
            return;
        }
        // Each token as written, how often: a page repeats its names, and the run-wide
        // store is then touched once per name, not once per occurrence.
        let mut local: HashMap<&str, usize> = HashMap::default();
        scan(doc, &g, out, |_, tok, _| {
            *local.entry(tok).or_default() += 1
        });
        if local.is_empty() {
            return;
        }
        // Keys and spellings are made before the run-wide store is locked, which the other
        // threads wait for.
        let local: Vec<(String, String, usize)> = local
            .into_iter()
            .map(|(tok, n)| (key(tok), normalize_space(tok), n))
            .collect();
        let page = PageRef::of(doc);
        let mut names = run.lock().unwrap_or_else(|e| e.into_inner());
        let id = u32::try_from(names.pages.len()).unwrap_or(u32::MAX);
        names.pages.push(page);
        for (k, spelling, n) in local {
            let s = names
                .by_key
                .entry(k)
                .or_default()
                .entry(spelling)
                .or_default();
            s.count += n;
            s.add_page(id);
        }
    }

    fn finish(&self, state: Self::State, run: &RunContext<'_>) -> Vec<Diagnostic> {
        finish(state.into_inner().unwrap_or_else(|e| e.into_inner()), run)
    }
}

/// Walk the name-shaped tokens of an English page. Spellings the glossary rejects are
/// reported to `out`; tokens it does not know, and that look like names, go to `collect`
/// with their key, as written, and where (suppressed ones are left out).
fn scan<'d>(
    doc: &'d Document,
    g: &Glossary,
    out: &mut Vec<Diagnostic>,
    mut collect: impl FnMut(&str, &'d str, Span),
) {
    let mut buf = String::new();
    let cap = out.len() + MAX_PER_PAGE;
    let mut collected = 0;
    for seg in prose_spans(doc) {
        let text = doc.slice(seg);
        let base = seg.start as usize;
        let toks = tokens(text);
        let mut skip_next = false;
        for (n, &(s, e)) in toks.iter().enumerate() {
            if out.len() >= cap || collected >= MAX_PER_PAGE * 20 {
                return;
            }
            if skip_next {
                skip_next = false;
                continue;
            }
            // Two words separated by spaces only may spell a two-word name (`Tencent cloud`).
            let capital = text[s..e].starts_with(|c: char| c.is_ascii_uppercase());
            if let Some(&(s2, e2)) = toks.get(n + 1).filter(|_| capital) {
                let between = &text[e..s2];
                if !between.is_empty() && between.chars().all(|c| c == ' ') {
                    let pair = &text[s..e2];
                    if let Some(&i) = g.by_key.get(key_in(pair, &mut buf)) {
                        if g.terms[i].name.contains(' ') {
                            if !g.accepts(i, pair) {
                                out.push(diagnostic(
                                    &doc.source,
                                    Span::new(base + s, base + e2),
                                    pair,
                                    &g.terms[i].name,
                                    "the glossary spelling",
                                ));
                            }
                            skip_next = true;
                            continue;
                        }
                    }
                }
            }
            let tok = &text[s..e];
            let k = key_in(tok, &mut buf);
            // Tokens are ASCII: bytes are characters.
            if k.len() < 3 {
                continue;
            }
            let span = Span::new(base + s, base + e);
            if let Some(i) = g.lookup(tok, k) {
                if !g.accepts(i, tok) {
                    out.push(diagnostic(
                        &doc.source,
                        span,
                        tok,
                        &g.terms[i].name,
                        "the glossary spelling",
                    ));
                }
                continue;
            }
            // What could be a name, or a variant of one, for the run-wide pass.
            let shaped = tok.chars().any(char::is_uppercase) || tok.contains('-');
            let suppressed = doc
                .suppressions
                .iter()
                .any(|x| x.covers(MtTermVariant::META.id, span.start));
            if shaped && !suppressed {
                collected += 1;
                collect(k, tok, span);
            }
        }
    }
}

/// Compare the spellings collected over the run: report occurrences of a minority spelling
/// of a name whose majority spelling has inner capitals. Only the pages holding such a
/// spelling are read again, to find where.
fn finish(names: Names, run: &RunContext<'_>) -> Vec<Diagnostic> {
    // key -> variant spelling -> (majority spelling, its count)
    let mut variants: HashMap<String, HashMap<String, (String, usize)>> = HashMap::default();
    let mut revisit: BTreeSet<u32> = BTreeSet::new();
    for (k, spellings) in names.by_key {
        if spellings.len() < 2 {
            continue;
        }
        let Some((major, n)) = spellings
            .iter()
            .map(|(s, x)| (s, x.count))
            .max_by_key(|(s, c)| (*c, std::cmp::Reverse(*s)))
        else {
            continue;
        };
        if n < 3 || !has_inner_capital(major) {
            continue;
        }
        let first_lower = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect::<String>())
                .unwrap_or_default()
        };
        for (sp, x) in &spellings {
            if sp == major || first_lower(sp) == first_lower(major) {
                continue;
            }
            // Capitals for emphasis (`DUBBOGO`) are a matter for mt/shouting.
            if sp.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) {
                continue;
            }
            if x.count * 3 > n {
                continue;
            }
            revisit.extend(x.pages());
            variants
                .entry(k.clone())
                .or_default()
                .insert(sp.clone(), (major.clone(), n));
        }
    }
    if revisit.is_empty() {
        return Vec::new();
    }
    let g = glossary(run.packs);
    let revisit: Vec<u32> = revisit.into_iter().collect();
    let found: Vec<Vec<Diagnostic>> = revisit
        .par_iter()
        .filter_map(|&id| {
            let doc = names.pages.get(id as usize).and_then(PageRef::reload)?;
            let mut out = Vec::new();
            let mut ignored = Vec::new();
            scan(&doc, &g, &mut ignored, |k, tok, span| {
                if let Some((major, n)) = variants.get(k).and_then(|v| v.get(&normalize_space(tok)))
                {
                    out.push(diagnostic(
                        &doc.source,
                        span,
                        tok,
                        major,
                        &format!("spelled so {n} times in this run"),
                    ));
                }
            });
            Some((run.keep)(out))
        })
        .collect();
    found.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_round_trip() {
        let ids = [
            0,
            0,
            1,
            2,
            127,
            128,
            129,
            300,
            16_384,
            16_384,
            2_000_000,
            u32::MAX,
        ];
        let mut s = Spelling::default();
        for id in ids {
            s.add_page(id);
        }
        let mut want = ids.to_vec();
        want.dedup();
        assert_eq!(s.pages().collect::<Vec<_>>(), want);
        assert!(s.gaps.len() < want.len() * 2, "{}", s.gaps.len());
    }

    #[test]
    fn majority_spelling_from_memory() {
        let text = "---\ntitle: x\n---\nKubeFlake runs. KubeFlake scales. KubeFlake heals. Kubeflake breaks.\n";
        let found = crate::check::check_text("not-on-disk.md", text, &["mt/term-variant"]);
        let flagged: Vec<&str> = found.iter().map(|d| d.file.slice(d.span)).collect();
        assert_eq!(flagged, vec!["Kubeflake"]);
        assert!(found[0].help.as_deref().unwrap_or("").contains("3 times"));
    }

    #[test]
    fn glossary_matches_variants() {
        let packs = Packs::builtin_only();
        let g = Glossary::load(&packs);
        assert!(g.errors.is_empty(), "{:?}", g.errors);
        let find = |t: &str| g.lookup(t, &key(t)).map(|i| g.terms[i].name.as_str());
        assert_eq!(find("dubo-Go"), Some("Dubbo-go"));
        assert_eq!(find("Dubbo- Go"), Some("Dubbo-go"));
        assert_eq!(find("Shardingsphere"), Some("ShardingSphere"));
        assert_eq!(find("Links"), None);
        let i = g.lookup("kafka", "kafka").unwrap();
        assert!(g.accepts(i, "kafka") && g.accepts(i, "Kafka") && !g.accepts(i, "KafKa"));
        let i = g.lookup("rocketmq", "rocketmq").unwrap();
        assert!(!g.accepts(i, "rocketmq"));
        let i = g.lookup("dubbo-go", "dubbogo").unwrap();
        assert!(g.accepts(i, "dubbo-go") && !g.accepts(i, "Dubbo- Go"));
    }

    /// What `tokens` did with a regex before it scanned bytes by hand.
    fn tokens_by_regex(text: &str) -> Vec<(usize, usize)> {
        let re = regex::Regex::new(r"[A-Za-z][A-Za-z0-9]*(?:[ \t]*-[ \t]*[A-Za-z0-9]+)*")
            .expect("valid regex");
        let glued = |c: Option<char>| matches!(c, Some('/' | '@' | '_' | '.' | '\\' | '#' | '='));
        re.find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                let dot_word = after == Some('.')
                    && text[m.end() + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                !(glued(before) || dot_word || matches!(after, Some('/' | '@' | '_' | '\\')))
            })
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn tokens_match_the_regex_they_replace(pieces in proptest::collection::vec(
            proptest::prop_oneof![
                "[a-cA-C]{1,3}", "[0-9]", " ", "\t", "-", "[./@_#=\\\\]", "é", "文"
            ],
            0..16,
        )) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(tokens(&text), tokens_by_regex(&text));
        }

        /// The letter-set test never rules out a key one edit away.
        #[test]
        fn keys_one_edit_apart_differ_in_two_letter_bits_at_most(
            word in "[a-e0-2é文ß]{0,10}",
            edit in 0u8..3,
            at in 0usize..12,
            c in "[a-f0-3é文ü]",
        ) {
            let mut other: Vec<char> = word.chars().collect();
            let at = at % (other.len() + 1);
            let c = c.chars().next().unwrap_or('x');
            match edit {
                0 => other.insert(at, c),
                1 if at < other.len() => { other.remove(at); }
                _ if at < other.len() => other[at] = c,
                _ => {}
            }
            let other: String = other.into_iter().collect();
            proptest::prop_assert!(crate::text::one_edit_apart(&word, &other) || word == other);
            proptest::prop_assert!((letters(&word) ^ letters(&other)).count_ones() <= 2);
        }

        /// Tokens one edit (or none) away from a glossary name, and hyphenated forms.
        #[test]
        fn one_edit_lookup_agrees_with_trying_every_key(
            term in 0usize..1000,
            edit in 0u8..4,
            at in 0usize..100,
            c in "[a-zA-Z-]",
        ) {
            let packs = Packs::builtin_only();
            let g = Glossary::load(&packs);
            let mut token: Vec<char> = g.terms[term % g.terms.len()].name.chars().collect();
            let at = at % (token.len() + 1);
            let c = c.chars().next().unwrap_or('x');
            match edit {
                0 => token.insert(at, c),
                1 if at < token.len() => { token.remove(at); }
                2 if at < token.len() => token[at] = c,
                _ => {}
            }
            let token: String = token.into_iter().collect();
            let k = key(&token);
            proptest::prop_assume!(!k.is_empty());
            let shaped = token.contains('-') || has_inner_capital(&token) || k.len() >= 8;
            let every = g.by_key.get(&k).copied().or_else(|| {
                let plural = |a: &str, b: &str| a.strip_suffix('s') == Some(b);
                (shaped && k.len() >= 5)
                    .then(|| g.long_keys.iter().flatten())
                    .into_iter()
                    .flatten()
                    .filter(|l| !plural(&k, &l.key) && !plural(&l.key, &k))
                    .filter(|l| crate::text::one_edit_apart(&l.key, &k))
                    .map(|l| l.term)
                    .min()
            });
            proptest::prop_assert_eq!(g.lookup(&token, &k), every);
        }
    }

    #[test]
    fn one_edit_lookup_finds_a_change_at_either_end() {
        let packs = Packs::builtin_only();
        let g = Glossary::load(&packs);
        let name = |t: &str| g.lookup(t, &key(t)).map(|i| g.terms[i].name.as_str());
        assert_eq!(name("XhardingSphere"), Some("ShardingSphere"));
        assert_eq!(name("ShardingSpherX"), Some("ShardingSphere"));
        assert_eq!(name("hardingSphere"), Some("ShardingSphere"));
        assert_eq!(name("ShardingSpher"), Some("ShardingSphere"));
    }

    #[test]
    fn tokens_skip_paths_and_handles() {
        let t = "see apache/dubbo-go and GitHub@Laurence and api7.ai, then Dubbo- Go.";
        let toks: Vec<&str> = tokens(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert!(toks.contains(&"Dubbo- Go"));
        assert!(!toks.contains(&"dubbo-go"));
        assert!(!toks.contains(&"Laurence"));
        assert!(!toks.contains(&"api7"));
    }
}
