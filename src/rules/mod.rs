//! Rules: their metadata, the traits they implement, and the list of all of them.
//!
//! A page rule sees one [`Document`]; a pair rule sees a page and its translation. Rules
//! never read files themselves and never print: they push [`Diagnostic`]s. Each rule's doc
//! comment is its documentation, printed by `contentlint explain` and run as a test (the
//! fenced `markdown` blocks under `## Example` must fire, those under `Use instead:` must not).

use crate::config::{Config, RuleOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::packs::Packs;
use crate::site::Site;

mod input;
// schema
mod schema_date;
mod schema_duplicate_key;
mod schema_no_front_matter;
mod schema_reference;
mod schema_syntax;
mod schema_unclosed;
mod schema_validation;
// image
mod image_case_mismatch;
pub mod image_common;
mod image_empty_src;
mod image_insecure;
mod image_missing;
mod image_missing_alt;
mod image_not_an_image;
mod image_outside_site;
mod image_remote;
mod image_sequence;
// lang
mod lang_label_pair;
mod lang_labels;
mod lang_name_script;
mod lang_speakers;
mod lang_untranslated;
// mt
mod mt_broken_markup;
mod mt_calque;
mod mt_cjk_in_english;
pub mod mt_common;
mod mt_repeated_word;
mod mt_shouting;
mod mt_term_variant;
mod mt_token_spacing;
mod mt_zh_halfwidth_punct;
mod mt_zh_spacing;
// pair
mod pair_copied;
mod pair_field;
mod pair_images;
pub mod pair_length;
pub mod pair_missing;
mod pair_numbers;
mod pair_stale;
mod pair_structure;
mod pair_urls;

pub use input::{InputBinary, InputNotUtf8, InputTooLarge, InputUnreadable};

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// `family/name`.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: what it does, why, examples (from the rule's doc comment).
    pub explanation: &'static str,
    /// Whether the rule offers fixes.
    pub fixable: bool,
    /// Where the rule is defined, for contributors.
    pub defined_at: &'static str,
}

impl RuleMeta {
    /// The family part of the id.
    pub fn family(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }

    /// The explanation without the one-space indent doc comments carry.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.explanation.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first fenced `yaml` block of the explanation: the `contentlint.yaml` the examples
    /// are checked under.
    pub fn example_config(&self) -> Option<String> {
        let text = self.explanation();
        let start = text.find("```yaml\n")? + "```yaml\n".len();
        let len = text[start..].find("```")?;
        Some(text[start..start + len].to_string())
    }

    /// The fenced `markdown` examples of the explanation: (must fire, text).
    /// Blocks under `## Example` must fire; blocks after `Use instead:` must not.
    pub fn examples(&self) -> Vec<(bool, String)> {
        let mut out = Vec::new();
        let mut bad = true;
        let mut in_block: Option<String> = None;
        for line in self.explanation().lines() {
            match &mut in_block {
                Some(buf) => {
                    if line.trim_start().starts_with("```") {
                        out.push((bad, std::mem::take(buf)));
                        in_block = None;
                    } else {
                        buf.push_str(line);
                        buf.push('\n');
                    }
                }
                None => {
                    if line.starts_with("## Example") {
                        bad = true;
                    } else if line.starts_with("Use instead") {
                        bad = false;
                    } else if line.starts_with("## ") {
                        bad = true;
                    }
                    if line.trim_start() == "```markdown" {
                        in_block = Some(String::new());
                    }
                }
            }
        }
        out
    }
}

/// Declare a rule: a unit struct plus its [`RuleMeta`], documented by its doc comment.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident, $id:literal, $sev:expr, $summary:literal $(, fixable = $fix:literal)? $(,)?) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $name;
        impl $name {
            /// This rule's metadata.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
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
}

/// A rule over a page and its translation.
pub trait PairRule: Sync {
    /// Id, severity, documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Push findings for the pair (on either page; normally the translation).
    fn check_pair(&self, pair: &Pair<'_>, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Rules the loader itself reports (the file could not become a document).
pub const INPUT: &[&RuleMeta] = &[
    &InputUnreadable::META,
    &InputNotUtf8::META,
    &InputBinary::META,
    &InputTooLarge::META,
];

/// Rules the pipeline reports itself, from what it sees across pages.
pub const PIPELINE: &[&RuleMeta] = &[
    &pair_missing::PairMissing::META,
    &pair_length::PairLength::META,
];

/// Every page rule.
pub const PAGE: &[&dyn Rule] = &[
    // schema
    &schema_no_front_matter::SchemaNoFrontMatter,
    &schema_unclosed::SchemaUnclosed,
    &schema_syntax::SchemaSyntax,
    &schema_duplicate_key::SchemaDuplicateKey,
    &schema_validation::SchemaRequired,
    &schema_validation::SchemaEmpty,
    &schema_validation::SchemaType,
    &schema_validation::SchemaEnum,
    &schema_validation::SchemaUnknownKey,
    &schema_validation::SchemaInvalid,
    &schema_date::SchemaDate,
    &schema_reference::SchemaReference,
    // image
    &image_missing::ImageMissing,
    &image_case_mismatch::ImageCaseMismatch,
    &image_empty_src::ImageEmptySrc,
    &image_outside_site::ImageOutsideSite,
    &image_not_an_image::ImageNotAnImage,
    &image_missing_alt::ImageMissingAlt,
    &image_sequence::ImageSequence,
    &image_insecure::ImageInsecure,
    &image_remote::ImageRemote,
    // lang
    &lang_labels::LangLabelUnknown,
    &lang_labels::LangLabelLanguage,
    &lang_name_script::LangNameScript,
    &lang_speakers::LangSpeakers,
    &lang_untranslated::LangUntranslated,
    // mt
    &mt_broken_markup::MtBrokenMarkup,
    &mt_calque::MtCalque,
    &mt_cjk_in_english::MtCjkInEnglish,
    &mt_repeated_word::MtRepeatedWord,
    &mt_shouting::MtShouting,
    &mt_term_variant::MtTermVariant,
    &mt_token_spacing::MtTokenSpacing,
    &mt_zh_halfwidth_punct::MtZhHalfwidthPunct,
    &mt_zh_spacing::MtZhSpacing,
];

/// Every pair rule.
pub const PAIR: &[&dyn PairRule] = &[
    // lang
    &lang_label_pair::LangLabelPair,
    // pair
    &pair_field::PairField,
    &pair_images::PairImages,
    &pair_urls::PairUrls,
    &pair_numbers::PairNumbers,
    &pair_structure::PairStructure,
    &pair_copied::PairCopied,
    &pair_stale::PairStale,
];

/// Findings of rules that compare the whole run, once every page has been checked (their
/// page checks collected what they need in the packs cache, which lives as long as the run),
/// handed to `page` one page at a time, so the caller can drop the page's text: it
/// returns what is to be kept. Pages are read again on the current thread pool.
pub fn finish_run(packs: &Packs, page: &PageFindings<'_>) -> Vec<Diagnostic> {
    let (names, spacing) = rayon::join(
        || mt_term_variant::finish(packs, page),
        || mt_zh_spacing::finish(packs, page),
    );
    names.into_iter().chain(spacing).flatten().collect()
}

/// What [`finish_run`] hands the findings of each page to.
pub type PageFindings<'a> = dyn Fn(Vec<Diagnostic>) -> Vec<Diagnostic> + Sync + 'a;

/// Metadata of every rule, sorted by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&'static RuleMeta> = INPUT.to_vec();
    all.extend(PIPELINE);
    all.extend(PAGE.iter().map(|r| r.meta()));
    all.extend(PAIR.iter().map(|r| r.meta()));
    all.sort_by_key(|m| m.id);
    all
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static RuleMeta> {
    all_meta().into_iter().find(|m| m.id == id)
}

/// Whether a selector (a full id like `mt/calque` or a family like `mt`) names `rule`.
pub fn id_matches(selector: &str, rule: &str) -> bool {
    selector == rule
        || selector == "all"
        || rule
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a selector names at least one known rule.
pub fn selector_is_known(selector: &str) -> bool {
    all_meta().iter().any(|m| id_matches(selector, m.id))
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (crate::text::edit_distance(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
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
    fn selectors() {
        assert!(id_matches("mt", "mt/calque"));
        assert!(id_matches("mt/calque", "mt/calque"));
        assert!(!id_matches("m", "mt/calque"));
        assert_eq!(
            did_you_mean("presenter", ["presenters", "title"]),
            Some("presenters")
        );
        assert_eq!(did_you_mean("zzz", ["presenters", "title"]), None);
    }
}
