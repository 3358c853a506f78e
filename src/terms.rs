//! The bilingual term base: names of products, projects, companies and organisations, and
//! common technical terms, each with its English name, the Chinese names in use, and the
//! wrong renderings machine translation produces in either direction.
//!
//! The data is YAML under `rules/terms/` (embedded like every pack) plus a site's packs with
//! `rule: terms`; `docs/terms.md` describes the format. The base is compiled once per run into
//! one automaton per language that finds wrong renderings and right names together, so that
//! a right name that contains a wrong one (`火山引擎` around `火山`) is never reported.

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use foldhash::HashMap;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::has_han;
use crate::packs::{PackError, PackFile, Packs};
use crate::rules::RuleMeta;
use crate::source::Span;

/// The value of `rule:` that term-base packs carry.
pub const PACK_RULE: &str = "terms";

/// What an entry names.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A product, project or service.
    Product,
    /// A company.
    Company,
    /// A foundation, community, university or other organisation.
    Organisation,
    /// A common technical term (calques of it are the wrong renderings).
    Term,
}

impl Kind {
    /// How a message calls it.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Product => "product name",
            Kind::Company => "company name",
            Kind::Organisation => "organisation name",
            Kind::Term => "term",
        }
    }
}

/// One of the two languages of the base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// English.
    En,
    /// Chinese.
    Zh,
}

impl Side {
    /// The side of a language code `en` or `zh`.
    pub fn of(lang: &str) -> Option<Side> {
        match lang {
            "en" => Some(Side::En),
            "zh" => Some(Side::Zh),
            _ => None,
        }
    }

    /// The other language.
    pub fn other(self) -> Side {
        match self {
            Side::En => Side::Zh,
            Side::Zh => Side::En,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBase {
    rule: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    terms: Vec<Term>,
}

/// One entry of the term base.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Term {
    /// The English name (or term), as it is written.
    pub en: String,
    /// Other accepted English spellings.
    #[serde(default)]
    pub also: Vec<String>,
    /// The Chinese names in use, as the owner writes them. Empty: the name has none, and
    /// Chinese text writes the English name.
    #[serde(default)]
    pub zh: Vec<String>,
    /// What it names.
    pub kind: Kind,
    /// Wrong renderings seen on Chinese pages (`脉冲星` for Pulsar).
    #[serde(default)]
    pub wrong_zh: Vec<String>,
    /// Wrong renderings seen on English pages (`millet` for 小米).
    #[serde(default)]
    pub wrong_en: Vec<String>,
    /// The severity of a wrong rendering that the other page does not confirm (the other
    /// page lacks the right name, or there is none). Absent: such a hit is not reported.
    #[serde(default)]
    pub alone: Option<Severity>,
    /// Why the rendering is wrong, when the message needs it.
    #[serde(default)]
    pub note: Option<String>,
    /// Sentences with a wrong rendering, which must be found.
    pub bad: Vec<String>,
    /// Sentences with the right name, in which nothing may be found.
    pub good: Vec<String>,
}

impl Term {
    /// The right names on `side`: on the Chinese side the Chinese names, or the English
    /// ones when the name is kept in English.
    pub fn right(&self, side: Side) -> Vec<&str> {
        let en = || {
            std::iter::once(self.en.as_str())
                .chain(self.also.iter().map(String::as_str))
                .collect()
        };
        match side {
            Side::En => en(),
            Side::Zh if self.zh.is_empty() => en(),
            Side::Zh => self.zh.iter().map(String::as_str).collect(),
        }
    }

    /// The wrong renderings of `side`.
    pub fn wrong(&self, side: Side) -> &[String] {
        match side {
            Side::En => &self.wrong_en,
            Side::Zh => &self.wrong_zh,
        }
    }
}

/// What one pattern of a side's automaton stands for.
#[derive(Debug, Default)]
struct Target {
    /// Terms it is a wrong rendering of.
    wrong: Vec<usize>,
    /// Whether it is a right name of some term (then it is never reported).
    right: bool,
}

/// One side's automaton.
#[derive(Debug)]
struct Matcher {
    automaton: AhoCorasick,
    targets: Vec<Target>,
}

/// A wrong rendering found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrongHit {
    /// Bytes matched, shifted by the offset given to [`TermBase::find`].
    pub span: Span,
    /// The terms it may be a wrong rendering of.
    pub terms: Vec<usize>,
}

/// The term base of a run.
#[derive(Debug, Default)]
pub struct TermBase {
    terms: Vec<Term>,
    en: Option<Matcher>,
    zh: Option<Matcher>,
    /// Problems found while loading.
    pub errors: Vec<PackError>,
}

/// Whether `c` continues a Latin word.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() && !crate::lang::is_han(c) || c == '_'
}

/// Whether `text[start..end]` is not part of a longer Latin word; with `hyphen_joins`, a
/// hyphen between letters makes one word.
fn whole_word(text: &str, start: usize, end: usize, hyphen_joins: bool) -> bool {
    let inner_first = text[start..end].chars().next().is_some_and(word_char);
    let inner_last = text[start..end].chars().next_back().is_some_and(word_char);
    // A wrong rendering is a whole phrase: `Code Cloud` is not one in "Low Code
    // Cloud-Native". A right name may be part of a compound (`Pulsar-based`).
    let mut back = text[..start].chars().rev();
    let before = match back.next() {
        Some('-') if hyphen_joins => back.next().is_some_and(word_char),
        c => c.is_some_and(word_char),
    };
    let mut ahead = text[end..].chars();
    let after = match ahead.next() {
        Some('-') if hyphen_joins => ahead.next().is_some_and(word_char),
        c => c.is_some_and(word_char),
    };
    (!inner_first || !before) && (!inner_last || !after)
}

impl TermBase {
    /// The term base of this run: the built-in one (compiled once per process) unless a
    /// site adds packs.
    pub fn load(packs: &Packs) -> Arc<TermBase> {
        let base = packs.get_or_parse("terms", |p| {
            if p.for_rule(PACK_RULE).any(|f| f.site) {
                Arc::new(TermBase::from_files(
                    &p.for_rule(PACK_RULE).collect::<Vec<_>>(),
                ))
            } else {
                static BUILTIN: OnceLock<Arc<TermBase>> = OnceLock::new();
                Arc::clone(BUILTIN.get_or_init(|| {
                    Arc::new(TermBase::from_files(
                        &p.for_rule(PACK_RULE).collect::<Vec<_>>(),
                    ))
                }))
            }
        });
        Arc::clone(&base)
    }

    /// Compile the given pack files. A site entry whose English name is that of a built-in
    /// one replaces it.
    pub fn from_files(files: &[&PackFile]) -> TermBase {
        let mut base = TermBase::default();
        let mut by_name: HashMap<String, usize> = HashMap::default();
        for f in files {
            let raw: RawBase = match serde_saphyr::from_str(&f.text) {
                Ok(r) => r,
                Err(e) => {
                    base.errors.push(f.yaml_error(&e));
                    continue;
                }
            };
            if raw.rule != PACK_RULE {
                continue;
            }
            for t in raw.terms {
                if let Some(problem) = entry_problem(&t) {
                    base.errors.push(PackError {
                        part: true,
                        ..f.error(format!("entry `{}`: {problem}", t.en))
                    });
                    continue;
                }
                match by_name.get(&t.en) {
                    Some(&i) => base.terms[i] = t,
                    None => {
                        by_name.insert(t.en.clone(), base.terms.len());
                        base.terms.push(t);
                    }
                }
            }
        }
        base.en = base.matcher(Side::En);
        base.zh = base.matcher(Side::Zh);
        base
    }

    fn matcher(&self, side: Side) -> Option<Matcher> {
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        let mut slot = |p: &str| -> usize {
            let key = if side == Side::En {
                p.to_ascii_lowercase()
            } else {
                p.to_string()
            };
            *index.entry(key).or_insert_with(|| {
                patterns.push(p.to_string());
                targets.push(Target::default());
                patterns.len() - 1
            })
        };
        let mut wrong_at: Vec<(usize, usize)> = Vec::new();
        let mut right_at: Vec<usize> = Vec::new();
        for (i, t) in self.terms.iter().enumerate() {
            for w in t.wrong(side) {
                wrong_at.push((slot(w), i));
            }
            for r in t.right(side) {
                right_at.push(slot(r));
            }
        }
        for (p, i) in wrong_at {
            targets[p].wrong.push(i);
        }
        for p in right_at {
            targets[p].right = true;
        }
        if !targets.iter().any(|t| !t.wrong.is_empty()) {
            return None;
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(side == Side::En)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(Matcher { automaton, targets })
    }

    /// Every entry.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The entry at `i`.
    pub fn term(&self, i: usize) -> &Term {
        &self.terms[i]
    }

    /// Wrong renderings of `side` in `text`, which starts at byte `offset` of its file.
    pub fn find(&self, side: Side, text: &str, offset: usize) -> Vec<WrongHit> {
        let m = match side {
            Side::En => self.en.as_ref(),
            Side::Zh => self.zh.as_ref(),
        };
        let Some(m) = m else { return Vec::new() };
        // A name wrapped across lines ("Magnolia Open Source\nCommunity") is still the name:
        // English text is searched with line breaks as spaces (same length, same offsets).
        let unwrapped;
        let hay = if side == Side::En && text.contains(['\n', '\r']) {
            unwrapped = text.replace(['\n', '\r'], " ");
            unwrapped.as_str()
        } else {
            text
        };
        let mut out = Vec::new();
        for mat in m.automaton.find_iter(hay) {
            let t = &m.targets[mat.pattern().as_usize()];
            if t.right || t.wrong.is_empty() {
                continue;
            }
            let (s, e) = (mat.start(), mat.end());
            if side == Side::En && !whole_word(text, s, e, true) {
                continue;
            }
            out.push(WrongHit {
                span: Span::new(offset + s, offset + e),
                terms: t.wrong.clone(),
            });
        }
        out
    }

    /// Where a right name of term `i` on `side` occurs in `text` (whose ASCII-lowercased
    /// copy is `lower`): the first place, as bytes of `text`, and the name. Names with
    /// capitals must be written as they are; lowercase terms match in any case.
    pub fn find_right(
        &self,
        i: usize,
        side: Side,
        text: &str,
        lower: &str,
    ) -> Option<(std::ops::Range<usize>, String)> {
        let term = &self.terms[i];
        term.right(side)
            .into_iter()
            .filter_map(|name| {
                // A Chinese name, or a Latin one with capitals (`Spark`, not the word
                // "spark"), is matched as written; an all-lowercase term in any case.
                let exact = has_han(name) || name.chars().any(|c| c.is_uppercase());
                let (hay, needle) = if exact {
                    (text, name.to_string())
                } else {
                    (lower, name.to_ascii_lowercase())
                };
                let mut from = 0;
                while let Some(at) = hay[from..].find(&needle) {
                    let (s, e) = (from + at, from + at + needle.len());
                    if (has_han(name) || whole_word(text, s, e, false))
                        && !self.inside_other_name(i, side, text, s, e)
                    {
                        return Some((s..e, name.to_string()));
                    }
                    from = e;
                }
                None
            })
            .min_by_key(|(r, _)| r.start)
    }

    /// Whether `text[start..end]` lies inside a longer right name of another entry
    /// (`Volcano` inside `Volcano Engine`), so that it names that entry instead.
    fn inside_other_name(
        &self,
        i: usize,
        side: Side,
        text: &str,
        start: usize,
        end: usize,
    ) -> bool {
        let found = text[start..end].to_ascii_lowercase();
        self.terms.iter().enumerate().any(|(j, t)| {
            j != i
                && t.right(side).into_iter().any(|longer| {
                    longer.len() > found.len()
                        && longer
                            .to_ascii_lowercase()
                            .match_indices(&found)
                            .any(|(k, _)| {
                                k <= start
                                    && text
                                        .get(start - k..start - k + longer.len())
                                        .is_some_and(|w| w.eq_ignore_ascii_case(longer))
                            })
                })
        })
    }

    /// Diagnostics for pack problems, reported on the pack itself.
    pub fn error_diagnostics(&self, meta: &'static RuleMeta) -> Vec<Diagnostic> {
        self.errors.iter().map(|e| e.diagnostic(meta)).collect()
    }
}

/// What is wrong with an entry as written, if anything.
fn entry_problem(t: &Term) -> Option<String> {
    if t.en.trim().is_empty() {
        return Some("`en` is empty".into());
    }
    if t.wrong_en.is_empty() && t.wrong_zh.is_empty() {
        return Some("it needs at least one wrong rendering (`wrong-en` or `wrong-zh`)".into());
    }
    if t.bad.is_empty() || t.good.is_empty() {
        return Some("it needs a `bad` and a `good` example".into());
    }
    if let Some(w) = t
        .wrong_en
        .iter()
        .chain(&t.wrong_zh)
        .find(|w| w.trim().is_empty())
    {
        return Some(format!("wrong rendering `{w}` is empty"));
    }
    if let Some(z) = t.zh.iter().find(|z| !has_han(z)) {
        return Some(format!("Chinese name `{z}` has no Han character"));
    }
    if let Some(w) = t.wrong_zh.iter().find(|w| !has_han(w)) {
        return Some(format!("`wrong-zh` `{w}` has no Han character"));
    }
    if let Some(w) = t.wrong_en.iter().find(|w| has_han(w)) {
        return Some(format!("`wrong-en` `{w}` has Han characters"));
    }
    None
}

/// The side an example sentence is written on: Chinese when it has Han characters.
pub fn example_side(text: &str) -> Side {
    if has_han(text) {
        Side::Zh
    } else {
        Side::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Arc<TermBase> {
        TermBase::load(&Packs::builtin_only())
    }

    /// Every built-in entry finds its bad examples and nothing in its good ones.
    #[test]
    fn entries_behave_as_their_examples_say() {
        let base = builtin();
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        assert!(
            base.terms().len() >= 100,
            "only {} terms",
            base.terms().len()
        );
        for (i, t) in base.terms().iter().enumerate() {
            for bad in &t.bad {
                let hits = base.find(example_side(bad), bad, 0);
                assert!(
                    hits.iter().any(|h| h.terms.contains(&i)),
                    "{}: should find a wrong rendering in {bad:?}",
                    t.en
                );
            }
            for good in &t.good {
                for side in [Side::En, Side::Zh] {
                    let hits = base.find(side, good, 0);
                    assert!(
                        hits.is_empty(),
                        "{}: should find nothing in {good:?}, found {:?}",
                        t.en,
                        hits.iter()
                            .map(|h| &good[h.span.start as usize..h.span.end as usize])
                            .collect::<Vec<_>>()
                    );
                }
                // The good example writes the right name of its side.
                let side = example_side(good);
                let lower = good.to_ascii_lowercase();
                assert!(
                    base.find_right(i, side, good, &lower).is_some(),
                    "{}: good example {good:?} lacks the right name",
                    t.en
                );
            }
        }
    }

    #[test]
    fn names_are_unique_and_no_wrong_rendering_is_a_right_name() {
        let base = builtin();
        let mut names = std::collections::HashSet::new();
        let mut right = std::collections::HashSet::new();
        for t in base.terms() {
            assert!(names.insert(t.en.to_ascii_lowercase()), "{} twice", t.en);
            for side in [Side::En, Side::Zh] {
                right.extend(t.right(side).into_iter().map(str::to_ascii_lowercase));
            }
        }
        for t in base.terms() {
            for w in t.wrong_en.iter().chain(&t.wrong_zh) {
                assert!(
                    !right.contains(&w.to_ascii_lowercase()),
                    "{}: `{w}` is also a right name",
                    t.en
                );
            }
        }
    }

    fn pack(text: &str) -> PackFile {
        PackFile {
            name: "site.yaml".into(),
            text: Arc::from(text),
            site: true,
        }
    }

    #[test]
    fn a_longer_right_name_hides_a_wrong_one_inside_it() {
        let p = pack(
            "rule: terms\nterms:\n  - en: Volcano\n    kind: product\n    wrong-zh: [火山]\n    bad: [用火山调度]\n    good: [用 Volcano 调度]\n  - en: Volcano Engine\n    zh: [火山引擎]\n    kind: product\n    wrong-en: [Volcanic Engine]\n    bad: [on Volcanic Engine]\n    good: [on Volcano Engine]\n",
        );
        let base = TermBase::from_files(&[&p]);
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        assert_eq!(base.find(Side::Zh, "在火山引擎上", 0), vec![]);
        let hits = base.find(Side::Zh, "在火山上用火山引擎", 3);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span, Span::new(6, 12));
        // English: whole words, any case.
        assert_eq!(base.find(Side::En, "the VOLCANIC engine", 0).len(), 1);
        assert_eq!(base.find(Side::En, "the Volcanic\nEngine", 0).len(), 1);
        assert!(base.find(Side::En, "Volcanic Engine-based", 0).is_empty());
        assert_eq!(base.find(Side::En, "(Volcanic Engine) - a", 0).len(), 1);
        assert!(base.find(Side::En, "Volcanic Engines", 0).is_empty());
        let lower = "run on volcano engine";
        assert_eq!(
            base.find_right(1, Side::En, "run on Volcano Engine", lower),
            Some((7..21, "Volcano Engine".to_string()))
        );
        // `Volcano` inside `Volcano Engine` names the engine, not the scheduler.
        assert_eq!(
            base.find_right(0, Side::En, "run on Volcano Engine", lower),
            None
        );
        assert!(base
            .find_right(0, Side::En, "Volcano on Volcano Engine", "")
            .is_some());
        // Capitalised names are matched as written: the word "volcano" is not the name.
        assert_eq!(base.find_right(0, Side::En, "a volcano", "a volcano"), None);
        // A do-not-translate name is right on the Chinese side in English.
        assert!(base
            .find_right(0, Side::Zh, "用 Volcano 调度", "用 volcano 调度")
            .is_some());
        assert!(base
            .find_right(0, Side::Zh, "用 Volcanos", "用 volcanos")
            .is_none());
    }

    #[test]
    fn bad_entries_are_reported_and_left_out_and_site_entries_replace_built_in_ones() {
        let p = pack(
            "rule: terms\nterms:\n  - en: X\n    kind: product\n    bad: [a]\n    good: [b]\n  - en: Pulsar\n    kind: product\n    wrong-zh: [脉冲]\n    bad: [脉冲]\n    good: [Pulsar]\n  - en: Y\n    kind: company\n    wrong-zh: [abc]\n    bad: [a]\n    good: [b]\n",
        );
        let builtin: Vec<PackFile> = Packs::builtin_only().for_rule(PACK_RULE).cloned().collect();
        let mut files: Vec<&PackFile> = builtin.iter().collect();
        files.push(&p);
        let base = TermBase::from_files(&files);
        assert_eq!(base.errors.len(), 2, "{:?}", base.errors);
        assert!(base.errors.iter().all(|e| e.part));
        let pulsar = base.terms().iter().filter(|t| t.en == "Pulsar").count();
        assert_eq!(pulsar, 1);
        assert_eq!(base.find(Side::Zh, "脉冲", 0).len(), 1);
        let broken = pack("rule: terms\nterms: [{en: Z, kind: nothing}]\n");
        let base = TermBase::from_files(&[&broken]);
        assert_eq!(base.errors.len(), 1);
        assert!(!base.errors[0].part);
    }
}
