//! Rules: their metadata, the traits they implement, and the list of all of them.
//!
//! A page rule sees one [`Document`]; a pair rule sees a page and its translation; a
//! run-wide rule collects what it needs from pages or pairs into a state the run owns and
//! reports once every page is done. The `input/*` rules are reported by the loader. Every
//! rule of every kind is one line of [`REGISTRY`]. Rules never read files themselves (a
//! run-wide rule may read again a page it reports on) and never print: they push
//! [`Diagnostic`]s. Each rule's doc
//! comment is its documentation, printed by `contentlint explain` and run as a test (the
//! fenced `markdown` blocks under `## Example` must fire, those under `Use instead:` must not).

use std::any::{Any, TypeId};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use rayon::prelude::*;

use crate::config::{Config, RuleOptions};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::packs::Packs;
use crate::site::Site;
use crate::source::SourceFile;

pub mod image;
mod input;
pub mod lang;
pub mod mt;
pub mod pair;
pub mod schema;

pub use crate::diagnostic::{id_matches, RuleMeta};
pub use input::{input_diagnostic, unreadable_path, InputUnreadable};

/// Declare a rule: a unit struct plus its [`RuleMeta`], documented by its doc comment.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident, $id:literal, $sev:expr, $summary:literal $(, fixable = $fix:literal)? $(,)?) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $name;
        impl $name {
            /// This rule's metadata.
            pub const META: $crate::diagnostic::RuleMeta = $crate::diagnostic::RuleMeta {
                id: $id,
                severity: $sev,
                summary: $summary,
                explanation: concat!($($doc, "\n",)*),
                fixable: false $(|| $fix)?,
                defined_at: concat!(file!(), ":", line!()),
            };
        }
    };
}

/// What a rule may look at besides the page.
pub struct Context<'a> {
    /// The site the page belongs to.
    pub site: &'a Site,
    /// Options for this rule from the configuration.
    pub options: &'a RuleOptions,
    /// The rule packs in force.
    pub packs: &'a Packs,
    /// The configuration in force.
    pub config: &'a Config,
    /// The translations of the page that were looked for and do not exist (language,
    /// expected path), when it has none at all; empty otherwise and for pair checks.
    pub missing: &'a [(String, PathBuf)],
    /// Values computed from a page that several rules ask for in turn.
    pub page: &'a PageCache,
}

/// What several rules compute from the same page (its schema, its schema violations, its
/// resolved images), computed once per page and kind of value, and dropped with the page.
/// One cache serves one page, or one pair in the pair pass (keyed by the page's source, so
/// either page of the pair can be asked about).
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<Vec<CacheEntry>>,
}

/// One cached value: its type, the page it was computed from (held, so that its address
/// cannot be reused by another page), and the value.
type CacheEntry = (TypeId, Arc<SourceFile>, Arc<dyn Any + Send + Sync>);

impl PageCache {
    /// The value of type `T` for `doc`, computed by `compute` the first time it is asked
    /// for. `compute` runs without the cache locked, so it may ask the cache for another
    /// value; when two rules race, the first value stored is the one both get.
    pub fn get_or<T: Any + Send + Sync>(
        &self,
        doc: &Document,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let lookup = |entries: &[CacheEntry]| {
            entries
                .iter()
                .find(|(t, src, _)| *t == TypeId::of::<T>() && Arc::ptr_eq(src, &doc.source))
                .and_then(|(_, _, v)| Arc::clone(v).downcast::<T>().ok())
        };
        if let Some(v) = lookup(&self.lock()) {
            return v;
        }
        let value = Arc::new(compute());
        let mut entries = self.lock();
        if let Some(v) = lookup(&entries) {
            return v;
        }
        entries.push((TypeId::of::<T>(), Arc::clone(&doc.source), value.clone()));
        value
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<CacheEntry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A rule over one page.
pub trait Rule: Sync {
    /// Id, severity, documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Push findings for `doc`.
    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// A page and its translation.
pub struct Pair<'a> {
    /// The page in the source language.
    pub original: &'a Document,
    /// The translated page; pair findings are reported here.
    pub translation: &'a Document,
    /// What is computed from each page once for all the pairs it is in: the original of a
    /// glossary in 16 languages is in 15 pairs.
    pub pages: &'a PageCache,
    /// The two pages aligned block by block (the original as the first page), made once
    /// on first use and shared by the pair rules.
    pub aligned: std::sync::OnceLock<crate::pairing::align::Alignment>,
}

impl<'a> Pair<'a> {
    /// A pair of pages, not aligned yet; `pages` keeps what is computed from each page.
    pub fn new(original: &'a Document, translation: &'a Document, pages: &'a PageCache) -> Self {
        Pair {
            original,
            translation,
            pages,
            aligned: std::sync::OnceLock::new(),
        }
    }

    /// The alignment of the original with the translation.
    pub fn alignment(&self) -> &crate::pairing::align::Alignment {
        self.aligned.get_or_init(|| {
            crate::pairing::align::align_units(
                self.units(self.original),
                self.units(self.translation),
            )
        })
    }

    /// The numbers of one of the pages.
    pub fn numbers(&self, doc: &Document) -> Arc<Vec<pair::Number>> {
        self.pages.get_or(doc, || pair::numbers(doc))
    }

    /// The URLs of one of the pages.
    pub fn urls(&self, doc: &Document) -> Arc<Vec<pair::Url>> {
        self.pages.get_or(doc, || pair::urls(doc))
    }

    /// The size of one of the pages' prose, by [`pair::text_units`].
    pub fn text_units(&self, doc: &Document) -> usize {
        struct TextUnits(usize);
        self.pages
            .get_or(doc, || TextUnits(pair::text_units(doc)))
            .0
    }

    /// One of the pages cut into blocks for the alignment.
    pub fn units(&self, doc: &Document) -> Arc<Vec<crate::pairing::align::Unit>> {
        self.pages.get_or(doc, || {
            crate::pairing::align::units_with(doc, &self.numbers(doc), &self.urls(doc))
        })
    }
}

/// A rule over a page and its translation.
pub trait PairRule: Sync {
    /// Id, severity, documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Push findings for the pair (on either page; normally the translation).
    fn check_pair(&self, pair: &Pair<'_>, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// A rule that compares the whole run: it collects from each page, or each pair, into a
/// state the run owns (one per run, shared by the worker threads, so it locks what it
/// changes), and reports once every page has been checked.
pub trait RunRule: Sync {
    /// What it collects over the run.
    type State: Default + Send + Sync + 'static;
    /// Id, severity, documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Collect from `doc` into `run`, and push the findings that need no other page.
    fn page(
        &self,
        _doc: &Document,
        _cx: &Context<'_>,
        _run: &Self::State,
        _: &mut Vec<Diagnostic>,
    ) {
    }
    /// Collect from a page and its translation into `run`.
    fn pair(&self, _pair: &Pair<'_>, _cx: &Context<'_>, _run: &Self::State) {}
    /// Decide, once per run, from what was collected.
    fn finish(&self, state: Self::State, run: &RunContext<'_>) -> Vec<Diagnostic>;
}

/// What a run-wide rule's [`RunRule::finish`] may use.
pub struct RunContext<'a> {
    /// The rule packs in force.
    pub packs: &'a Packs,
    /// Takes the findings on one page and returns those to keep, at their configured level
    /// and without the rest of the page's text: a rule that reads pages again hands over
    /// each page's findings as it goes.
    pub keep: &'a PageFindings<'a>,
}

/// What [`RunContext::keep`] is.
pub type PageFindings<'a> = dyn Fn(Vec<Diagnostic>) -> Vec<Diagnostic> + Sync + 'a;

/// The state of one run-wide rule, its type known only to the rule.
pub type RunState = Box<dyn Any + Send + Sync>;

/// A [`RunRule`] with the type of its state hidden, as the registry holds it.
pub trait AnyRunRule: Sync {
    /// Id, severity, documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// A state for a new run.
    fn new_state(&self) -> RunState;
    /// See [`RunRule::page`].
    fn page(&self, doc: &Document, cx: &Context<'_>, state: &RunState, out: &mut Vec<Diagnostic>);
    /// See [`RunRule::pair`].
    fn pair(&self, pair: &Pair<'_>, cx: &Context<'_>, state: &RunState);
    /// See [`RunRule::finish`].
    fn finish(&self, state: RunState, run: &RunContext<'_>) -> Vec<Diagnostic>;
}

impl<R: RunRule> AnyRunRule for R {
    fn meta(&self) -> &'static RuleMeta {
        RunRule::meta(self)
    }
    fn new_state(&self) -> RunState {
        Box::new(R::State::default())
    }
    fn page(&self, doc: &Document, cx: &Context<'_>, state: &RunState, out: &mut Vec<Diagnostic>) {
        if let Some(run) = state.downcast_ref() {
            RunRule::page(self, doc, cx, run, out);
        }
    }
    fn pair(&self, pair: &Pair<'_>, cx: &Context<'_>, state: &RunState) {
        if let Some(run) = state.downcast_ref() {
            RunRule::pair(self, pair, cx, run);
        }
    }
    fn finish(&self, state: RunState, run: &RunContext<'_>) -> Vec<Diagnostic> {
        match state.downcast() {
            Ok(state) => RunRule::finish(self, *state, run),
            Err(_) => Vec::new(),
        }
    }
}

/// A rule of any kind, as [`REGISTRY`] lists it.
#[derive(Clone, Copy)]
pub enum Registered {
    /// Reported by the loader when a file cannot become a page.
    Input(&'static RuleMeta),
    /// A [`Rule`] over one page.
    Page(&'static dyn Rule),
    /// A [`PairRule`] over a page and its translation.
    Pair(&'static dyn PairRule),
    /// A [`RunRule`] over the whole run.
    Run(&'static dyn AnyRunRule),
}

impl Registered {
    /// Id, severity, documentation.
    pub fn meta(&self) -> &'static RuleMeta {
        match self {
            Registered::Input(m) => m,
            Registered::Page(r) => r.meta(),
            Registered::Pair(r) => r.meta(),
            Registered::Run(r) => r.meta(),
        }
    }
}

/// A page rule's line in [`REGISTRY`].
const fn page(r: &'static dyn Rule) -> Registered {
    Registered::Page(r)
}

/// A pair rule's line in [`REGISTRY`].
const fn pair(r: &'static dyn PairRule) -> Registered {
    Registered::Pair(r)
}

/// A run-wide rule's line in [`REGISTRY`].
const fn run(r: &'static dyn AnyRunRule) -> Registered {
    Registered::Run(r)
}

/// An `input/*` rule's line in [`REGISTRY`].
const fn input(m: &'static RuleMeta) -> Registered {
    Registered::Input(m)
}

/// Every rule, of every kind: adding a rule is its file, one line here and its fixture.
/// Within a pass, rules run in this order.
pub const REGISTRY: &[Registered] = &[
    // input
    input(&input::InputUnreadable::META),
    input(&input::InputNotUtf8::META),
    input(&input::InputBinary::META),
    input(&input::InputTooLarge::META),
    // schema
    page(&schema::no_front_matter::SchemaNoFrontMatter),
    page(&schema::unclosed::SchemaUnclosed),
    page(&schema::syntax::SchemaSyntax),
    page(&schema::duplicate_key::SchemaDuplicateKey),
    page(&schema::validation::SchemaRequired),
    page(&schema::validation::SchemaEmpty),
    page(&schema::validation::SchemaType),
    page(&schema::validation::SchemaEnum),
    page(&schema::validation::SchemaUnknownKey),
    page(&schema::validation::SchemaInvalid),
    page(&schema::date::SchemaDate),
    page(&schema::reference::SchemaReference),
    // image
    page(&image::missing::ImageMissing),
    page(&image::case_mismatch::ImageCaseMismatch),
    page(&image::empty_src::ImageEmptySrc),
    page(&image::outside_site::ImageOutsideSite),
    page(&image::not_an_image::ImageNotAnImage),
    page(&image::missing_alt::ImageMissingAlt),
    page(&image::sequence::ImageSequence),
    page(&image::insecure::ImageInsecure),
    page(&image::remote::ImageRemote),
    // lang
    page(&lang::labels::LangLabelUnknown),
    page(&lang::labels::LangLabelLanguage),
    page(&lang::name_script::LangNameScript),
    page(&lang::speakers::LangSpeakers),
    page(&lang::untranslated::LangUntranslated),
    pair(&lang::label_pair::LangLabelPair),
    // mt
    page(&mt::broken_markup::MtBrokenMarkup),
    page(&mt::calque::MtCalque),
    page(&mt::cjk_in_english::MtCjkInEnglish),
    page(&mt::repeated_word::MtRepeatedWord),
    page(&mt::shouting::MtShouting),
    pair(&mt::term_mistranslated::MtTermMistranslated),
    run(&mt::term_variant::MtTermVariant),
    page(&mt::token_spacing::MtTokenSpacing),
    page(&mt::zh_halfwidth_punct::MtZhHalfwidthPunct),
    run(&mt::zh_spacing::MtZhSpacing),
    // pair
    page(&pair::missing::PairMissing),
    pair(&pair::field::PairField),
    pair(&pair::images::PairImages),
    pair(&pair::urls::PairUrls),
    pair(&pair::numbers::PairNumbers),
    pair(&pair::missing_block::PairMissingBlock),
    pair(&pair::code::PairCode),
    pair(&pair::copied::PairCopied),
    pair(&pair::stale::PairStale),
    run(&pair::length::PairLength),
];

/// The rules that look at each page (page rules and run-wide rules), with their place in
/// [`REGISTRY`], in its order.
pub fn page_pass() -> &'static [(usize, Registered)] {
    static PASS: LazyLock<Vec<(usize, Registered)>> =
        LazyLock::new(|| pass(|r| matches!(r, Registered::Page(_) | Registered::Run(_))));
    &PASS
}

/// The rules that look at each pair (pair rules and run-wide rules), as [`page_pass`].
pub fn pair_pass() -> &'static [(usize, Registered)] {
    static PASS: LazyLock<Vec<(usize, Registered)>> =
        LazyLock::new(|| pass(|r| matches!(r, Registered::Pair(_) | Registered::Run(_))));
    &PASS
}

fn pass(keep: impl Fn(&Registered) -> bool) -> Vec<(usize, Registered)> {
    REGISTRY
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, r)| keep(r))
        .collect()
}

/// The states of the run-wide rules for one run, by place in [`REGISTRY`].
pub struct RunStates(Vec<Option<RunState>>);

impl Default for RunStates {
    fn default() -> RunStates {
        RunStates(
            REGISTRY
                .iter()
                .map(|r| match r {
                    Registered::Run(r) => Some(r.new_state()),
                    _ => None,
                })
                .collect(),
        )
    }
}

impl RunStates {
    /// The state of the run-wide rule at place `i` of [`REGISTRY`].
    pub fn get(&self, i: usize) -> Option<&RunState> {
        self.0.get(i)?.as_ref()
    }

    /// Findings of every run-wide rule, once every page has been checked, the rules side
    /// by side on the current thread pool.
    pub fn finish(self, run: &RunContext<'_>) -> Vec<Diagnostic> {
        let each: Vec<Vec<Diagnostic>> = REGISTRY
            .iter()
            .zip(self.0)
            .filter_map(|(r, state)| match (r, state) {
                (Registered::Run(r), Some(state)) => Some((*r, state)),
                _ => None,
            })
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(r, state)| r.finish(state, run))
            .collect();
        each.into_iter().flatten().collect()
    }
}

/// Metadata of every rule, sorted by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&'static RuleMeta> = REGISTRY.iter().map(Registered::meta).collect();
    all.sort_by_key(|m| m.id);
    all
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static RuleMeta> {
    all_meta().into_iter().find(|m| m.id == id)
}

/// Whether a selector names at least one known rule.
pub fn selector_is_known(selector: &str) -> bool {
    all_meta().iter().any(|m| id_matches(selector, m.id))
}

/// The rule id closest to a mistyped `word`, if one is close enough.
pub fn suggestion(word: &str) -> Option<&'static str> {
    crate::text::did_you_mean(word, all_meta().into_iter().map(|m| m.id))
}

/// The one check of rule selectors, for the configuration (each with where it is written)
/// and for `--select`/`--ignore` (without): the first that names no rule, as an error
/// message with a did-you-mean.
pub fn check_selectors<'a>(
    selectors: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<(), String> {
    for (sel, at) in selectors {
        if selector_is_known(sel) {
            continue;
        }
        let hint = suggestion(sel)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_else(|| "; `contentlint rules` lists them".into());
        return Err(match at {
            Some(at) => format!("{at}: unknown rule or family `{sel}` under `rules`{hint}"),
            None => format!("unknown rule or family `{sel}`{hint}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let all = all_meta();
        for w in all.windows(2) {
            assert_ne!(w[0].id, w[1].id, "duplicate rule id");
        }
        let family = ["input", "schema", "image", "lang", "mt", "pair"];
        for m in all {
            let (f, name) = m.id.split_once('/').expect("family/name");
            assert!(family.contains(&f), "{}", m.id);
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                m.id
            );
            assert!(
                m.explanation().contains("## What it does"),
                "{} lacks docs",
                m.id
            );
        }
    }

    #[test]
    fn the_registry_holds_every_kind_and_each_pass_its_own() {
        let kind = |id: &str| {
            REGISTRY
                .iter()
                .find(|r| r.meta().id == id)
                .map(|r| match r {
                    Registered::Input(_) => "input",
                    Registered::Page(_) => "page",
                    Registered::Pair(_) => "pair",
                    Registered::Run(_) => "run",
                })
        };
        assert_eq!(kind("input/binary"), Some("input"));
        assert_eq!(kind("pair/missing"), Some("page"));
        assert_eq!(kind("pair/stale"), Some("pair"));
        assert_eq!(kind("pair/length"), Some("run"));
        assert_eq!(kind("mt/zh-spacing"), Some("run"));
        let ids = |pass: &[(usize, Registered)]| -> Vec<&str> {
            pass.iter()
                .map(|(i, r)| {
                    assert_eq!(REGISTRY[*i].meta().id, r.meta().id);
                    r.meta().id
                })
                .collect()
        };
        let (page, pair) = (ids(page_pass()), ids(pair_pass()));
        assert!(page.contains(&"mt/term-variant") && !page.contains(&"pair/stale"));
        assert!(pair.contains(&"pair/length") && !pair.contains(&"schema/empty"));
        assert!(!page.contains(&"input/binary") && !pair.contains(&"input/binary"));
    }

    #[test]
    fn selectors_are_checked_with_a_suggestion() {
        assert_eq!(
            check_selectors([("mt", None), ("mt/calque", Some("c:1:1"))]),
            Ok(())
        );
        assert_eq!(
            check_selectors([("mt", None), ("mt/calqe", Some("c.yaml:3:3"))]),
            Err("c.yaml:3:3: unknown rule or family `mt/calqe` under `rules`; did you mean `mt/calque`?".into())
        );
        assert_eq!(
            check_selectors([("zzzzzz", None)]),
            Err("unknown rule or family `zzzzzz`; `contentlint rules` lists them".into())
        );
    }

    #[test]
    fn selectors() {
        assert!(id_matches("mt", "mt/calque"));
        assert!(id_matches("mt/calque", "mt/calque"));
        assert!(!id_matches("m", "mt/calque"));
    }

    #[test]
    fn a_page_value_is_computed_once_per_kind_and_page() {
        let page = |name: &str| {
            let source = SourceFile::new(name.into(), name.into(), "# T\n".into(), false);
            Document::parse(Arc::new(source), None)
        };
        let (a, b) = (page("a.md"), page("b.md"));
        let cache = PageCache::default();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let count = |v: u32| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            v
        };
        assert_eq!(*cache.get_or(&a, || count(1u32)), 1);
        assert_eq!(
            *cache.get_or(&a, || count(2u32)),
            1,
            "same page, same kind: cached"
        );
        assert_eq!(*cache.get_or(&b, || count(3u32)), 3, "another page");
        assert_eq!(*cache.get_or(&a, || count(4u32) as u64), 4, "another kind");
        // A value may ask the cache for another one while it is computed.
        let nested = cache.get_or(&a, || format!("{}", cache.get_or(&a, || count(5u32))));
        assert_eq!(*nested, "1");
        assert_eq!(calls.into_inner(), 3);
    }
}
