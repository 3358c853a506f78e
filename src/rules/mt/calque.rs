//! `mt/calque`: Chinese idioms translated word for word, from the lexicons under `rules/mt/`.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::lang::en_or_zh;
use crate::rules::mt::{list_option, prose_spans, Lexicon, MAX_PER_PAGE};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags Chinese idioms and names that machine translation rendered word for word:
    /// `stepped into many holes` (踩坑), `constantly grope` (摸索), `free face brush` (刷脸),
    /// `Ali cloud` (阿里云), `landing` for 落地. The phrases come from lexicons under
    /// `rules/mt/` (`calques.en.yaml`), each entry with its explanation and rewrites;
    /// `contentlint rules` lists the rule, and each entry's examples are tested.
    ///
    /// ## Why is this bad?
    /// A reader who does not know the Chinese phrase cannot guess what is meant, and the
    /// page reads as unedited machine output.
    ///
    /// ## Example
    /// ```markdown
    /// In building the community, Jing and Reese have stepped into many holes.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// In building the community, Jing and Reese ran into many pitfalls.
    /// ```
    ///
    /// ## Options
    /// - `disable`: entry ids to switch off, e.g. `[landing]`.
    ///
    /// A site adds its own entries with a pack (`rule: mt/calque`, `lang: en`, `entries:`)
    /// in a directory listed under `packs:` in `contentlint.yaml`; an entry with the id of a
    /// built-in one replaces it.
    pub MtCalque, "mt/calque", Severity::Warning, "Chinese idiom translated word for word", fixable = true
}

/// The calque lexicon of this run. Without site packs it is the built-in one, compiled once
/// per process (tests and fuzzing check many texts, each with fresh packs).
pub fn lexicon(cx: &Context<'_>) -> Arc<Lexicon> {
    let lex = cx.packs.get_or_parse("mt/calque", |p| {
        if p.for_rule("mt/calque").any(|f| f.site) {
            Arc::new(Lexicon::load(p, "mt/calque"))
        } else {
            static BUILTIN: OnceLock<Arc<Lexicon>> = OnceLock::new();
            Arc::clone(BUILTIN.get_or_init(|| Arc::new(Lexicon::load(p, "mt/calque"))))
        }
    });
    Arc::clone(&lex)
}

impl Rule for MtCalque {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let lex = lexicon(cx);
        out.extend(lex.error_diagnostics(&Self::META));
        let Some(lang) = en_or_zh(doc) else { return };
        let disabled: HashSet<&str> = list_option(cx.options, "disable").collect();
        let cap = out.len() + MAX_PER_PAGE;
        for span in prose_spans(doc) {
            let text = doc.slice(span);
            for hit in lex.find(lang, text, span.start as usize) {
                if out.len() >= cap {
                    return;
                }
                if disabled.contains(lex.entry(hit.entry).id.as_str()) {
                    continue;
                }
                out.push(lex.diagnostic(&Self::META, &doc.source, hit));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::Packs;

    /// Every entry of the built-in lexicons flags its bad examples and not its good ones.
    #[test]
    fn lexicon_entries_behave_as_documented() {
        let packs = Packs::builtin_only();
        let lex = Lexicon::load(&packs, "mt/calque");
        assert!(lex.errors.is_empty(), "{:?}", lex.errors);
        assert!(lex.len() >= 60, "only {} entries", lex.len());
        let mut ids = HashSet::new();
        for (i, e) in lex.entries().enumerate() {
            assert!(ids.insert(e.id.clone()), "duplicate id {}", e.id);
            assert!(
                !e.bad.is_empty() && !e.good.is_empty(),
                "{} lacks examples",
                e.id
            );
            assert!(!e.suggestions.is_empty(), "{} lacks suggestions", e.id);
            let lang = e.lang.clone().unwrap_or_else(|| "en".into());
            for bad in &e.bad {
                let hits = lex.find(&lang, bad, 0);
                assert!(
                    hits.iter().any(|h| h.entry == i),
                    "{}: should flag {bad:?}, got {:?}",
                    e.id,
                    hits.iter()
                        .map(|h| &lex.entry(h.entry).id)
                        .collect::<Vec<_>>()
                );
            }
            for good in &e.good {
                let hits = lex.find(&lang, good, 0);
                assert!(
                    hits.is_empty(),
                    "{}: should not flag {good:?}, got {:?}",
                    e.id,
                    hits.iter()
                        .map(|h| &lex.entry(h.entry).id)
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}
