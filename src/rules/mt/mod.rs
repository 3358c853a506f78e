//! Shared machinery of the `mt/*` rules: which of a page's text is prose a reader sees, and
//! lexicons compiled once per run. Which language a page is in is `crate::lang`'s to say.
//!
//! Lexicons are data (`rules/mt/*.yaml`, plus a site's own packs): each entry names a phrase
//! that machine translation produces, says what went wrong and what to write instead, and
//! carries a bad and a good example that the tests run. All literal patterns of one language
//! go into a single Aho-Corasick automaton, together with the literals each regex needs, so
//! that a page is scanned once per language however many entries there are and only the
//! regexes whose literals occur are compiled and run.

pub(crate) mod broken_markup;
pub(crate) mod calque;
pub(crate) mod cjk_in_english;
pub(crate) mod repeated_word;
pub(crate) mod shouting;
pub(crate) mod term_mistranslated;
pub(crate) mod term_variant;
pub(crate) mod token_spacing;
pub(crate) mod zh_halfwidth_punct;
pub(crate) mod zh_spacing;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::RegexSet;
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use serde::Deserialize;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::{read_source, Document};
use crate::packs::{PackError, PackFile, Packs};
use crate::rules::RuleMeta;
use crate::source::{SourceFile, Span};

/// At most this many findings of one rule on one page. A page past it is generated or
/// garbage, and more findings would only cost memory (a 20 MB line of `word word …`).
pub const MAX_PER_PAGE: usize = 500;

/// A page to read again once the run is over. Run-wide rules learn only at the end which
/// pages to report; keeping every page's text until then would hold the whole site in
/// memory, so they keep this instead and re-read the few pages they report on.
///
/// A bulk audit keeps one per page, so it is kept small: the display name is usually the
/// tail of the path and is then not stored again.
#[derive(Debug, Clone)]
pub struct PageRef {
    path: Box<Path>,
    /// The display name when it is not the tail of the path.
    display: Option<Box<str>>,
    /// Its length in bytes when it is.
    display_len: u32,
    lang: Option<Box<str>>,
    len: usize,
    hash: u64,
    /// The text itself, for a page that was not read from disk (checked from memory).
    kept: Option<Arc<SourceFile>>,
}

fn text_hash(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl PageRef {
    /// A reference to `doc`'s file as it was checked.
    pub fn of(doc: &Document) -> PageRef {
        let display = &doc.source.display;
        let display_len = u32::try_from(display.len()).ok();
        let tail = display_len.is_some()
            && doc
                .source
                .path
                .to_str()
                .is_some_and(|p| p.ends_with(display.as_str()));
        PageRef {
            path: doc.source.path.clone().into_boxed_path(),
            display: (!tail).then(|| display.as_str().into()),
            display_len: display_len.unwrap_or(0),
            lang: doc.lang.as_deref().map(Box::from),
            len: doc.source.text.len(),
            hash: text_hash(&doc.source.text),
            kept: (!doc.source.path.is_file()).then(|| Arc::clone(&doc.source)),
        }
    }

    fn display(&self) -> &str {
        self.display.as_deref().unwrap_or_else(|| {
            let p = self.path.to_str().unwrap_or("");
            p.get(p.len().saturating_sub(self.display_len as usize)..)
                .unwrap_or(p)
        })
    }

    /// The page parsed again; `None` when it can no longer be read or its text is not the
    /// text that was checked (findings on other bytes would point at the wrong places).
    pub fn reload(&self) -> Option<Document> {
        let lang = self.lang.as_deref().map(String::from);
        if let Some(source) = &self.kept {
            return Some(Document::parse(Arc::clone(source), lang));
        }
        let limit = (self.len as u64).saturating_add(4);
        let source = read_source(&self.path, self.display(), limit).ok()?;
        if source.text.len() != self.len || text_hash(&source.text) != self.hash {
            return None;
        }
        Some(Document::parse(Arc::new(source), lang))
    }
}

/// Whether `c` is a letter or digit of a word (ASCII or not).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Front-matter keys whose values are prose a reader sees.
const PROSE_KEYS: &[&str] = &["title", "description", "summary", "subtitle"];

/// The spans of a page that hold prose: the inside of prose-like front-matter strings
/// (`title`, `description`) and the prose segments of the body, in file order.
pub fn prose_spans(doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    for key in PROSE_KEYS {
        if let Some((_, span)) = doc.fm_str(key) {
            let raw = doc.slice(span);
            let quoted = raw.len() >= 2
                && ((raw.starts_with('"') && raw.ends_with('"'))
                    || (raw.starts_with('\'') && raw.ends_with('\'')));
            // Only plain one-line scalars: their bytes are the value as written.
            if raw.contains('\n') || raw.starts_with(['>', '|']) {
                continue;
            }
            let s = if quoted {
                Span::new(span.start as usize + 1, span.end as usize - 1)
            } else {
                span
            };
            if !s.is_empty() {
                out.push(s);
            }
        }
    }
    out.extend(doc.body.prose.iter().map(|s| s.span));
    out.sort();
    out
}

/// Whether the characters around `start..end` of `text` leave the match a whole word
/// (a match that itself starts or ends with a non-word character needs no boundary there).
pub fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ok_before = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let ok_after = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    ok_before && ok_after
}

/// Give `replacement` the capital first letter of `matched` when it has one.
pub fn match_case(matched: &str, replacement: &str) -> String {
    let upper = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(c) if upper && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// How safe an entry's suggested rewrite is.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// No automatic fix; the suggestion is only shown.
    #[default]
    None,
    /// A fix is offered but applied only by a human.
    Unsafe,
    /// `--fix` applies the first suggestion.
    Safe,
}

/// A lexicon pack as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPack {
    rule: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    description: Option<String>,
    entries: Vec<Entry>,
}

/// One lexicon entry: a phrase machine translation produces and what to write instead.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Entry {
    /// Stable id, unique within the rule.
    pub id: String,
    /// The page language it applies to (default: the pack's `lang`).
    #[serde(default)]
    pub lang: Option<String>,
    /// A literal phrase, matched as whole words, ASCII case ignored.
    #[serde(default)]
    pub literal: Option<String>,
    /// A list of literal phrases, any of which matches.
    #[serde(default)]
    pub words: Vec<String>,
    /// A regular expression (Rust syntax), case ignored unless `case-sensitive`.
    #[serde(default)]
    pub regex: Option<String>,
    /// Match case exactly.
    #[serde(default)]
    pub case_sensitive: bool,
    /// Not a finding when the text just before the match ends with this regex.
    #[serde(default)]
    pub unless_before: Option<String>,
    /// Not a finding when the text just after the match starts with this regex.
    #[serde(default)]
    pub unless_after: Option<String>,
    /// The message (lowercase, values in backticks; `{match}` is replaced by the match).
    pub message: String,
    /// What went wrong in translation.
    pub explanation: String,
    /// Rewrites, best first.
    pub suggestions: Vec<String>,
    /// Sentences the entry must flag.
    pub bad: Vec<String>,
    /// Sentences the entry must not flag.
    pub good: Vec<String>,
    /// Severity of its findings.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// Whether the first suggestion may replace the match without a human.
    #[serde(default)]
    pub fix: FixSafety,
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// A compiled entry.
#[derive(Debug)]
struct Compiled {
    entry: Entry,
    lang: String,
    /// For a regex entry, literals one of which every match contains.
    needs: Option<Needs>,
    unless_before: Option<LazyRegex>,
    unless_after: Option<LazyRegex>,
}

/// A pattern checked when the lexicon is read and compiled only when first needed: most
/// entries never match a given page, and a pre-commit run should not pay for them.
#[derive(Debug)]
struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// `flags` then `before`, `pattern` and `after`, if that parses. The flags are left out
    /// of the check: case folding makes parsing several times slower and cannot turn a
    /// valid pattern invalid.
    fn new(flags: &str, before: &str, pattern: &str, after: &str) -> Result<LazyRegex, BadPattern> {
        let body = format!("{before}{pattern}{after}");
        regex_syntax::Parser::new()
            .parse(&body)
            .map_err(|e| BadPattern::new(&e, before.len(), pattern.len()))?;
        Ok(LazyRegex::unchecked(format!("{flags}{body}")))
    }

    fn unchecked(pattern: String) -> LazyRegex {
        LazyRegex {
            pattern,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex (`None` if it does not compile, which validation rules out).
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(&self.pattern).ok())
            .as_ref()
    }

    fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(text))
    }
}

/// Why a pattern of a pack does not parse, and where in the pattern as written.
#[derive(Debug)]
struct BadPattern {
    message: String,
    at: std::ops::Range<usize>,
}

impl BadPattern {
    /// The parser's error `e` on a pattern of `len` bytes that starts `shift` bytes into
    /// what was parsed (wrapped in a group, say).
    fn new(e: &regex_syntax::Error, shift: usize, len: usize) -> BadPattern {
        let (message, span) = match e {
            regex_syntax::Error::Parse(e) => (e.kind().to_string(), e.span()),
            regex_syntax::Error::Translate(e) => (e.kind().to_string(), e.span()),
            _ => {
                return BadPattern {
                    message: e.to_string(),
                    at: 0..len,
                }
            }
        };
        let within = |offset: usize| offset.saturating_sub(shift).min(len);
        BadPattern {
            message,
            at: within(span.start.offset)..within(span.end.offset),
        }
    }
}

/// Where the values of a lexicon's entries are in its pack. Read only when an entry is
/// wrong, to point at the mistake; the pack parsed already, so it parses again.
#[derive(Deserialize)]
struct PackAt {
    #[serde(default)]
    entries: Vec<EntryAt>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct EntryAt {
    id: serde_saphyr::Spanned<String>,
    #[serde(default)]
    regex: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    unless_before: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    unless_after: Option<serde_saphyr::Spanned<String>>,
}

/// A value of an entry that a mistake is reported on.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Regex,
    UnlessBefore,
    UnlessAfter,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Regex => "regex",
            Field::UnlessBefore => "unless-before",
            Field::UnlessAfter => "unless-after",
        }
    }
}

impl EntryAt {
    fn get(&self, field: Field) -> &serde_saphyr::Spanned<String> {
        let value = match field {
            Field::Id => None,
            Field::Regex => self.regex.as_ref(),
            Field::UnlessBefore => self.unless_before.as_ref(),
            Field::UnlessAfter => self.unless_after.as_ref(),
        };
        value.unwrap_or(&self.id)
    }
}

/// A mistake in entry `n` of pack `f`, reported on its `field` (for a bad pattern, on the
/// part of it that is wrong).
fn entry_error(
    f: &PackFile,
    n: usize,
    field: Field,
    within: Option<std::ops::Range<usize>>,
    message: String,
) -> PackError {
    let pack = serde_saphyr::from_str::<PackAt>(&f.text).ok();
    match pack.as_ref().and_then(|p| p.entries.get(n)) {
        Some(e) => f.error_in(e.get(field), within, message),
        None => PackError {
            part: true,
            ..f.error(message)
        },
    }
}

/// Literal and regex patterns of one language.
#[derive(Debug)]
struct LangMatcher {
    /// Every literal pattern, and the literals that any match of a regex must start or end
    /// with, in one automaton: a page is scanned once to find both the literal hits and the
    /// few regexes worth running.
    literals: Option<Scanner>,
    /// Pattern index of the automaton → what a match of it means.
    targets: Vec<Target>,
    /// The regexes no literal can rule out, checked together.
    regex_set: Option<RegexSet>,
    /// Set index → index in `regexes`.
    set_regex: Vec<usize>,
    /// The regex entries.
    regexes: Vec<RegexEntry>,
}

/// The strings of a rule's list option (`disable: [a, b]`); other values are left out.
pub fn list_option<'a>(
    options: &'a crate::config::RuleOptions,
    key: &str,
) -> impl Iterator<Item = &'a str> {
    options
        .get(key)
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
}

/// Bytes a lexicon scans before it builds a DFA (see [`Scanner`]).
const DFA_AFTER: usize = 512 * 1024;

/// The automaton of one language's literals. It starts as the library's own choice, a
/// contiguous NFA, which is cheap to build. A DFA scans prose about a third faster, but
/// costs about 20 M instructions (5 ms) to build for the built-in lexicon: more than a
/// pre-commit hook's whole check of a page. So the thread that takes the run past
/// [`DFA_AFTER`] scanned bytes (about 450 English pages, where the DFA starts to pay)
/// builds one, while the others go on with the NFA. Both find the same matches in the
/// same order. Should a site's packs make the DFA too large to build, the NFA stays.
#[derive(Debug)]
struct Scanner {
    patterns: Vec<String>,
    nfa: AhoCorasick,
    dfa: OnceLock<Option<AhoCorasick>>,
    scanned: AtomicUsize,
}

impl Scanner {
    fn new(patterns: Vec<String>) -> Option<Scanner> {
        if patterns.is_empty() {
            return None;
        }
        Some(Scanner {
            nfa: Scanner::build(&patterns, None)?,
            patterns,
            dfa: OnceLock::new(),
            scanned: AtomicUsize::new(0),
        })
    }

    fn build(patterns: &[String], kind: Option<AhoCorasickKind>) -> Option<AhoCorasick> {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(patterns)
            .ok()
    }

    /// The automaton to scan `len` more bytes with.
    fn automaton(&self, len: usize) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref().unwrap_or(&self.nfa);
        }
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before < DFA_AFTER && before + len >= DFA_AFTER {
            let _ = self
                .dfa
                .set(Scanner::build(&self.patterns, Some(AhoCorasickKind::DFA)));
        }
        &self.nfa
    }
}

/// A regex entry of one language.
#[derive(Debug)]
struct RegexEntry {
    /// Index of the entry.
    entry: usize,
    /// Whether it has start literals (else it runs on the whole text).
    has_starts: bool,
    /// Whether it has literals to contain (else nothing else is required for it to run).
    has_contains: bool,
    /// Compiled the first time it may match.
    regex: LazyRegex,
}

/// What a match of one pattern of the automaton means.
#[derive(Debug)]
enum Target {
    /// A literal entry (entry index, the literal as written).
    Literal(usize, String),
    /// A literal every match of the regex at this index of `regexes` starts with.
    Start(usize),
    /// One of the literals that every match of the regex at this index of `regexes`
    /// contains.
    Contains(usize),
}

/// Literals every match of a regex contains: one of `starts` at its start, and one of
/// `contains` (those it ends with or, failing that, ones inside it). A regex is tried only
/// where one of its start literals occurs (anchored there), and only when one of the
/// literals it contains occurs too.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Needs {
    starts: Vec<String>,
    contains: Vec<String>,
}

/// Literals of at least three bytes that every match of a pattern starts with, and those
/// it contains: the ones it ends with or, when they are too short, ones inside it (the
/// `background` of `(?:under|in)\s+the\s+background\s+of`). `None` when there are
/// neither. The automaton finds them ignoring ASCII case only, so a case-blind pattern with
/// non-ASCII literals gets none. (A case-blind regex also matches the long s `ſ` for `s`
/// and the Kelvin sign for `k`; a page spelling an English phrase that way is not one a
/// translation left behind.)
fn required_literals(hir: &regex_syntax::hir::Hir, case_sensitive: bool) -> Option<Needs> {
    use regex_syntax::hir::literal::ExtractKind;
    let starts = usable_literals(hir, ExtractKind::Prefix, case_sensitive).unwrap_or_default();
    let contains = usable_literals(hir, ExtractKind::Suffix, case_sensitive)
        .or_else(|| inner_literals(hir, case_sensitive))
        // The start literals themselves say nothing more.
        .filter(|lits| *lits != starts)
        .unwrap_or_default();
    let needs = Needs { starts, contains };
    (!needs.starts.is_empty() || !needs.contains.is_empty()).then_some(needs)
}

/// Literals one of which every match of `hir` contains, taken from a part every match has:
/// a piece of a concatenation (the one whose shortest literal is longest), or every branch
/// of an alternation.
fn inner_literals(hir: &regex_syntax::hir::Hir, case_sensitive: bool) -> Option<Vec<String>> {
    use regex_syntax::hir::{literal::ExtractKind, HirKind};
    let of = |part| {
        usable_literals(part, ExtractKind::Prefix, case_sensitive)
            .or_else(|| inner_literals(part, case_sensitive))
    };
    match hir.kind() {
        HirKind::Capture(c) => inner_literals(&c.sub, case_sensitive),
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(of)
            .max_by_key(|lits| lits.iter().map(String::len).min()),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(of(b)?);
            }
            all.sort();
            all.dedup();
            Some(all)
        }
        _ => None,
    }
}

/// The literals of `kind` (prefixes or suffixes) of every match of `hir`, if there are
/// finitely many, each of at least three bytes, and ASCII unless case matters.
fn usable_literals(
    hir: &regex_syntax::hir::Hir,
    kind: regex_syntax::hir::literal::ExtractKind,
    case_sensitive: bool,
) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::Extractor;
    let mut seq = Extractor::new().kind(kind).extract(hir);
    seq.dedup();
    let lits = seq.literals()?;
    let all_ok = !lits.is_empty()
        && lits
            .iter()
            .all(|l| l.len() >= 3 && (case_sensitive || l.as_bytes().is_ascii()));
    if !all_ok {
        return None;
    }
    lits.iter()
        .map(|l| String::from_utf8(l.as_bytes().to_vec()).ok())
        .collect()
}

/// One match of a lexicon entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry in [`Lexicon::entries`].
    pub entry: usize,
    /// Bytes matched (in the text passed to [`Lexicon::find`], shifted by its offset).
    pub span: Span,
}

/// All entries of the packs read by one rule, compiled.
#[derive(Debug, Default)]
pub struct Lexicon {
    compiled: Vec<Compiled>,
    by_lang: BTreeMap<String, LangMatcher>,
    /// Problems found while loading.
    pub errors: Vec<PackError>,
}

impl Lexicon {
    /// Load and compile every pack whose `rule:` is `rule`.
    pub fn load(packs: &Packs, rule: &str) -> Lexicon {
        let files: Vec<&PackFile> = packs.for_rule(rule).collect();
        Lexicon::from_files(&files, rule)
    }

    /// Compile the given pack files.
    pub fn from_files(files: &[&PackFile], rule: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut seen = std::collections::HashSet::new();
        for f in files {
            let raw: RawPack = match serde_saphyr::from_str(&f.text) {
                Ok(r) => r,
                Err(e) => {
                    lex.errors.push(f.yaml_error(&e));
                    continue;
                }
            };
            if raw.rule != rule {
                continue;
            }
            let _ = raw.description;
            for (n, entry) in raw.entries.into_iter().enumerate() {
                let Some(lang) = entry.lang.clone().or_else(|| raw.lang.clone()) else {
                    let message = format!("entry `{}` has no `lang`", entry.id);
                    lex.errors.push(entry_error(f, n, Field::Id, None, message));
                    continue;
                };
                let kinds = usize::from(entry.literal.is_some())
                    + usize::from(!entry.words.is_empty())
                    + usize::from(entry.regex.is_some());
                if kinds != 1 {
                    let message = format!(
                        "entry `{}` needs exactly one of `literal`, `words`, `regex`",
                        entry.id
                    );
                    lex.errors.push(entry_error(f, n, Field::Id, None, message));
                    continue;
                }
                let flags = if entry.case_sensitive { "" } else { "(?i)" };
                // A pattern that does not parse: reported on the part of it that is wrong.
                let bad = |field: Field, e: BadPattern| {
                    let message =
                        format!("entry `{}`: `{}`: {}", entry.id, field.name(), e.message);
                    entry_error(f, n, field, Some(e.at), message)
                };
                let before = match &entry.unless_before {
                    Some(r) => match LazyRegex::new(flags, "(?:", r, ")\\s*$") {
                        Ok(r) => Some(r),
                        Err(e) => {
                            lex.errors.push(bad(Field::UnlessBefore, e));
                            continue;
                        }
                    },
                    None => None,
                };
                let after = match &entry.unless_after {
                    Some(r) => match LazyRegex::new(flags, "^\\s*(?:", r, ")") {
                        Ok(r) => Some(r),
                        Err(e) => {
                            lex.errors.push(bad(Field::UnlessAfter, e));
                            continue;
                        }
                    },
                    None => None,
                };
                // Parsing is enough to find a bad pattern, and much cheaper than compiling;
                // the parsed pattern also tells which literals every match contains.
                let needs = match &entry.regex {
                    Some(r) => match regex_syntax::Parser::new().parse(r) {
                        Ok(hir) => required_literals(&hir, entry.case_sensitive),
                        Err(e) => {
                            let e = BadPattern::new(&e, 0, r.len());
                            lex.errors.push(bad(Field::Regex, e));
                            continue;
                        }
                    },
                    None => None,
                };
                if !seen.insert(entry.id.clone()) {
                    // A site entry with the id of a built-in one replaces it (once it is
                    // known to be valid: a broken one leaves the built-in in place).
                    lex.compiled.retain(|c| c.entry.id != entry.id);
                }
                lex.compiled.push(Compiled {
                    entry,
                    lang,
                    needs,
                    unless_before: before,
                    unless_after: after,
                });
            }
        }
        lex.build();
        lex
    }

    fn build(&mut self) {
        #[derive(Default)]
        struct Parts {
            literals: Vec<String>,
            targets: Vec<Target>,
            set: Vec<String>,
            set_regex: Vec<usize>,
            regexes: Vec<RegexEntry>,
        }
        let mut langs: BTreeMap<String, Parts> = BTreeMap::new();
        for (i, c) in self.compiled.iter().enumerate() {
            let slot = langs.entry(c.lang.clone()).or_default();
            let e = &c.entry;
            for lit in e.literal.iter().chain(&e.words) {
                if !lit.is_empty() {
                    slot.literals.push(lit.clone());
                    slot.targets.push(Target::Literal(i, lit.clone()));
                }
            }
            if let Some(r) = &e.regex {
                let flags = if e.case_sensitive { "" } else { "(?i)" };
                // ASCII word boundaries keep the engines on their fast DFAs even when the
                // page holds non-ASCII text (a Unicode `\b` sends them to the slow PikeVM).
                let full = format!("{flags}{}", r.replace("\\b", "(?-u:\\b)"));
                let k = slot.regexes.len();
                match &c.needs {
                    Some(needs) => {
                        for lit in &needs.starts {
                            slot.literals.push(lit.clone());
                            slot.targets.push(Target::Start(k));
                        }
                        for lit in &needs.contains {
                            slot.literals.push(lit.clone());
                            slot.targets.push(Target::Contains(k));
                        }
                    }
                    None => {
                        slot.set.push(full.clone());
                        slot.set_regex.push(k);
                    }
                }
                let needs = c.needs.as_ref();
                slot.regexes.push(RegexEntry {
                    entry: i,
                    has_starts: needs.is_some_and(|n| !n.starts.is_empty()),
                    has_contains: needs.is_some_and(|n| !n.contains.is_empty()),
                    regex: LazyRegex::unchecked(full),
                });
            }
        }
        for (lang, p) in langs {
            let literals = Scanner::new(p.literals);
            let regex_set = if p.set.is_empty() {
                None
            } else {
                RegexSet::new(&p.set).ok()
            };
            self.by_lang.insert(
                lang,
                LangMatcher {
                    literals,
                    targets: p.targets,
                    regex_set,
                    set_regex: p.set_regex,
                    regexes: p.regexes,
                },
            );
        }
    }

    /// The entry behind a hit.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.compiled[i].entry
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.compiled.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.compiled.is_empty()
    }

    /// Every entry.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.compiled.iter().map(|c| &c.entry)
    }

    /// Matches of entries for `lang` in `text` (which starts at byte `offset` of its file),
    /// without overlaps: of overlapping matches the earliest, then the longest, wins.
    pub fn find(&self, lang: &str, text: &str, offset: usize) -> Vec<Hit> {
        let Some(m) = self.by_lang.get(lang) else {
            return Vec::new();
        };
        let mut hits = self.matches(m, text);
        hits.retain(|&(s, e, i)| {
            let c = &self.compiled[i];
            !c.unless_before
                .as_ref()
                .is_some_and(|r| r.is_match(&text[..s]))
                && !c
                    .unless_after
                    .as_ref()
                    .is_some_and(|r| r.is_match(&text[e..]))
        });
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<Hit> = Vec::new();
        let mut last_end = 0;
        for (s, e, i) in hits {
            if s < last_end {
                continue;
            }
            last_end = e;
            out.push(Hit {
                entry: i,
                span: Span::new(offset + s, offset + e),
            });
        }
        out
    }

    /// Every match (start, end, entry index) of the patterns of `m` in `text`, overlaps
    /// and exceptions included.
    fn matches(&self, m: &LangMatcher, text: &str) -> Vec<(usize, usize, usize)> {
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        // Where each regex's start literals occur, and which regexes' contained literals do.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut contained: Vec<usize> = Vec::new();
        if let Some(scanner) = &m.literals {
            for mat in scanner.automaton(text.len()).find_overlapping_iter(text) {
                match &m.targets[mat.pattern().as_usize()] {
                    Target::Literal(entry, lit) => {
                        let (s, e) = (mat.start(), mat.end());
                        let c = &self.compiled[*entry];
                        if c.entry.case_sensitive && &text[s..e] != lit.as_str() {
                            continue;
                        }
                        if whole_word(text, s, e) {
                            hits.push((s, e, *entry));
                        }
                    }
                    Target::Start(k) => starts.push((*k, mat.start())),
                    Target::Contains(k) => contained.push(*k),
                }
            }
        }
        contained.sort_unstable();
        contained.dedup();
        let contained_seen =
            |k: usize| !m.regexes[k].has_contains || contained.binary_search(&k).is_ok();
        // Regexes without start literals run on the whole text.
        let mut whole: Vec<usize> = contained
            .iter()
            .copied()
            .filter(|&k| !m.regexes[k].has_starts)
            .collect();
        if let Some(set) = &m.regex_set {
            whole.extend(set.matches(text).iter().map(|i| m.set_regex[i]));
        }
        for k in whole {
            let r = &m.regexes[k];
            let Some(re) = r.regex.get() else { continue };
            for mat in re.find_iter(text) {
                if !mat.is_empty() {
                    hits.push((mat.start(), mat.end(), r.entry));
                }
            }
        }
        // The others are tried where a start literal occurs, in order, each after the end
        // of the regex's previous match: the matches `find_iter` would give, since every
        // one of them starts at such a place.
        starts.sort_unstable();
        starts.dedup();
        let mut last: Option<(usize, usize)> = None;
        for (k, at) in starts {
            if !contained_seen(k) || last.is_some_and(|(lk, end)| lk == k && at < end) {
                continue;
            }
            let r = &m.regexes[k];
            let Some(re) = r.regex.get() else { continue };
            let input = Input::new(text).range(at..).anchored(Anchored::Yes);
            if let Some(mat) = re.search(&input).filter(|m| !m.is_empty()) {
                hits.push((mat.start(), mat.end(), r.entry));
                last = Some((k, mat.end()));
            }
        }
        hits
    }

    /// A diagnostic for a hit on `file`.
    pub fn diagnostic(
        &self,
        meta: &'static RuleMeta,
        file: &Arc<SourceFile>,
        hit: Hit,
    ) -> Diagnostic {
        let entry = self.entry(hit.entry);
        let matched = file.slice(hit.span);
        let message = entry.message.replace("{match}", matched);
        let mut d = Diagnostic::new(meta, file, hit.span, message).severity(entry.severity);
        let suggestions: Vec<String> = entry
            .suggestions
            .iter()
            .map(|s| format!("`{}`", match_case(matched, s)))
            .collect();
        if !suggestions.is_empty() {
            d = d.help(format!(
                "{}; write {} instead",
                entry.explanation.trim().trim_end_matches('.'),
                suggestions.join(" or ")
            ));
        }
        let applicability = match entry.fix {
            FixSafety::None => None,
            FixSafety::Unsafe => Some(Applicability::Unsafe),
            FixSafety::Safe => Some(Applicability::Safe),
        };
        if let (Some(a), Some(first)) = (applicability, entry.suggestions.first()) {
            d = d.fix(Fix::replace(hit.span, match_case(matched, first), a));
        }
        d
    }

    /// Diagnostics for pack problems, reported on the pack file itself.
    pub fn error_diagnostics(&self, meta: &'static RuleMeta) -> Vec<Diagnostic> {
        self.errors.iter().map(|e| e.diagnostic(meta)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_ref_reloads_the_page_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        let text = "---\ntitle: x\n---\nBody.\n";
        std::fs::write(&path, text).unwrap();
        for display in ["p.md", "shown/elsewhere.md"] {
            let src = SourceFile::new(display.into(), path.clone(), text.into(), false);
            let doc = Document::parse(Arc::new(src), Some("en".into()));
            let page = PageRef::of(&doc);
            assert_eq!(page.display.is_none(), display == "p.md");
            let again = page.reload().unwrap();
            assert_eq!(again.source.display, display);
            assert_eq!(again.lang.as_deref(), Some("en"));
        }
        let page = PageRef::of(&Document::parse(
            Arc::new(SourceFile::new(
                "p.md".into(),
                path.clone(),
                text.into(),
                false,
            )),
            None,
        ));
        std::fs::write(&path, "---\ntitle: y\n---\nBody.\n").unwrap();
        assert!(page.reload().is_none(), "a changed page is not reported on");
    }

    #[test]
    fn words_and_case() {
        let t = "a landing page";
        assert!(whole_word(t, 2, 9));
        assert!(!whole_word("landings", 0, 7));
        assert_eq!(match_case("Stepped", "ran into"), "Ran into");
        assert_eq!(match_case("stepped", "ran into"), "ran into");
    }

    #[test]
    fn regexes_are_ruled_out_by_their_literals() {
        let lits = |p, cs| {
            required_literals(&regex_syntax::Parser::new().parse(p).unwrap(), cs)
                .map(|n| (n.starts, n.contains))
        };
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lits(r"\bfree\s+face", false),
            Some((v(&["free"]), v(&["face"])))
        );
        // Only the end is long enough to filter on: every match ends with `brush`.
        assert_eq!(
            lits(r"\ba\s+face\s+brush", false),
            Some((v(&[]), v(&["brush"])))
        );
        // The end is `\w*`, but every match holds `around`.
        assert_eq!(
            lits(r"(?:grope|feel)\s+around\w*", false),
            Some((v(&["grope", "feel"]), v(&["around"])))
        );
        // Both ends too short: a literal inside, the longest, from a part every match has.
        assert_eq!(
            lits(
                r"\b(?:under|in)\s+the\s+(?:context\s+and\s+)?background\s+of\b",
                false
            ),
            Some((v(&[]), v(&["background"])))
        );
        assert_eq!(
            lits(r"\bStation\s+B\b|\bB\s+Station\b", true),
            Some((v(&[]), v(&["Station"])))
        );
        assert_eq!(
            lits(r"\bB\s+(?:Station|Site)\s+at\b|(\bin\s+Site\s+on\b)", true),
            Some((v(&[]), v(&["Site", "Station"])))
        );
        // Too short to filter anything, only in an optional part, only in some branches,
        // or a case-blind non-ASCII literal.
        assert_eq!(lits(r"\bin\s+\w+\s+of\b", false), None);
        assert_eq!(lits(r"\bin\s+(?:long\s+)?\w+\s+of\b", false), None);
        assert_eq!(lits(r"\bin\s+(?:long|a)\s+of\b", false), None);
        assert_eq!(lits(r"\bin\s+(?:long|tall)\s+of\b|at\s+on", false), None);
        assert_eq!(lits(r"é\w+é", false), None);
        assert_eq!(lits(r"é\w+é", true), None);
        assert_eq!(lits(r"ééé\w+", true), Some((v(&["ééé"]), v(&[]))));
    }

    #[test]
    fn a_prefiltered_regex_still_matches_in_any_case() {
        let pack = "rule: mt/calque\nlang: en\nentries:\n  - id: face-brush\n    regex: \"\\\\bfree\\\\s+face\\\\s+brush\\\\b\"\n    message: m\n    explanation: e\n    suggestions: [s]\n    bad: [free face brush]\n    good: [brush]\n";
        let file = PackFile {
            name: "t.yaml".into(),
            text: Arc::from(pack),
            site: true,
        };
        let lex = Lexicon::from_files(&[&file], "mt/calque");
        assert!(lex.errors.is_empty(), "{:?}", lex.errors);
        let m = &lex.by_lang["en"];
        assert!(m.regex_set.is_none(), "the regex should be prefiltered");
        let hits = lex.find("en", "How long the FREE Face  brush lasts", 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span, Span::new(23, 39));
        assert!(lex.find("en", "a face brush for free", 0).is_empty());
    }

    #[test]
    fn a_site_entry_replaces_the_built_in_one_of_its_id_only_when_valid() {
        let site = |unless: &str| {
            let head =
                "rule: mt/calque\nlang: en\nentries:\n  - id: ecology\n    literal: ecologies\n";
            let tail = "    message: m\n    explanation: e\n    suggestions: [s]\n    bad: []\n    good: []\n";
            PackFile {
                name: "site.yaml".into(),
                text: Arc::from(format!("{head}{unless}{tail}")),
                site: true,
            }
        };
        let builtin: Vec<PackFile> = Packs::builtin_only()
            .for_rule("mt/calque")
            .cloned()
            .collect();
        // What each hit matched.
        let found = |lex: &Lexicon, text: &str| -> Vec<String> {
            let hits = lex.find("en", text, 0);
            hits.iter()
                .map(|h| text[h.span.start as usize..h.span.end as usize].to_string())
                .collect()
        };
        let text = "the open source ecology and its ecologies";
        let valid = site("");
        let mut files: Vec<&PackFile> = builtin.iter().collect();
        files.push(&valid);
        let lex = Lexicon::from_files(&files, "mt/calque");
        assert!(lex.errors.is_empty(), "{:?}", lex.errors);
        assert_eq!(found(&lex, text), ["ecologies"]);
        // A broken replacement is reported and leaves the built-in entry in place.
        let broken = site("    unless-after: '(x'\n");
        files.pop();
        files.push(&broken);
        let lex = Lexicon::from_files(&files, "mt/calque");
        assert_eq!(lex.errors.len(), 1, "{:?}", lex.errors);
        let alone = Lexicon::load(&Packs::builtin_only(), "mt/calque");
        assert_eq!(found(&lex, text), found(&alone, text));
        assert!(found(&alone, text).contains(&"ecology".to_string()));
    }

    #[test]
    fn built_in_regexes_are_all_prefiltered() {
        // A regex left to the set is compiled and run on every page.
        let lex = Lexicon::load(&Packs::builtin_only(), "mt/calque");
        let m = &lex.by_lang["en"];
        assert!(m.regexes.len() > 50);
        assert!(
            m.set_regex.is_empty(),
            "{} regexes in the set",
            m.set_regex.len()
        );
    }

    #[test]
    fn filtered_regexes_find_what_a_plain_search_finds() {
        // Every built-in regex entry, on every example sentence, alone and with all the
        // others around it: the literal filter and anchored tries change nothing.
        let lex = Lexicon::load(&Packs::builtin_only(), "mt/calque");
        let m = &lex.by_lang["en"];
        let examples: Vec<&str> = lex
            .entries()
            .flat_map(|e| e.bad.iter().chain(&e.good))
            .map(String::as_str)
            .collect();
        let all = examples.join(" ");
        let twice = format!("{all} {}", all.to_uppercase());
        let texts = examples
            .iter()
            .copied()
            .chain([all.as_str(), twice.as_str()]);
        let plain: Vec<(usize, regex::Regex)> = m
            .regexes
            .iter()
            .map(|r| (r.entry, regex::Regex::new(&r.regex.pattern).unwrap()))
            .collect();
        for text in texts {
            let mut got: Vec<_> = lex
                .matches(m, text)
                .into_iter()
                .filter(|&(_, _, i)| lex.entry(i).regex.is_some())
                .collect();
            got.sort_unstable();
            let mut want = Vec::new();
            for (i, re) in &plain {
                for mat in re.find_iter(text).filter(|m| !m.is_empty()) {
                    want.push((mat.start(), mat.end(), *i));
                }
            }
            want.sort_unstable();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn the_dfa_finds_what_the_nfa_found() {
        // The scanner starts as an NFA and builds a DFA once enough text went through it:
        // every match, overlaps and exceptions included, is the same before and after.
        let lex = Lexicon::load(&Packs::builtin_only(), "mt/calque");
        let m = &lex.by_lang["en"];
        let scanner = m.literals.as_ref().expect("literals");
        let mut texts: Vec<String> = lex
            .entries()
            .flat_map(|e| e.bad.iter().chain(&e.good))
            .cloned()
            .collect();
        texts.push(texts.join(" "));
        let all = |lex: &Lexicon| -> Vec<Vec<(usize, usize, usize)>> {
            texts.iter().map(|t| lex.matches(m, t)).collect()
        };
        let before = all(&lex);
        assert!(scanner.dfa.get().is_none(), "built too early");
        lex.find("en", &"x ".repeat(DFA_AFTER / 2), 0);
        assert!(
            scanner.dfa.get().is_some_and(Option::is_some),
            "the DFA should be built"
        );
        assert_eq!(all(&lex), before);
        assert!(before.iter().filter(|h| !h.is_empty()).count() > 60);
    }
}
