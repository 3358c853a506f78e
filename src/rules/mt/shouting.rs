//! `mt/shouting`: common words in capitals, or capitalised, in the middle of a sentence.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::{BlockKind, Document};
use crate::lang::en_or_zh;
use crate::packs::{PackError, PackFile, Packs};
use crate::rules::mt::{list_option, MAX_PER_PAGE};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a common English word written in capitals in the middle of a sentence (`What
    /// problems have YOU encountered`), and a common noun capitalised in the middle of a
    /// sentence between lowercase words (`so that Users and developers`). Acronyms (`API`,
    /// `IT`), names, words next to other capitalised words (`Open Source Summit`), sentence
    /// starts, headings and titles are left alone.
    ///
    /// ## Why is this bad?
    /// Chinese has no letter case; when translation copies the emphasis or the capitals of
    /// a Chinese source, the English text seems to shout, or looks as if common words were
    /// names.
    ///
    /// ## Example
    /// ```markdown
    /// What problems have YOU encountered on the way to a meetup?
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// What problems have you encountered on the way to the Apache Way Summit? The API is new.
    /// ```
    ///
    /// Words in capitals are warnings with a safe fix to lowercase; capitalised common nouns
    /// are reported as info, with a fix a human should confirm.
    ///
    /// ## Options
    /// - `allow`: words never reported, in any case, e.g. `[KEY]` for a site where it is a
    ///   product name.
    ///
    /// The word lists are in `rules/mt/shouting.en.yaml`. A site adds its own words with a
    /// pack (`rule: mt/shouting`, `lang: en`, and any of `caps`, `nouns`, `connectors`,
    /// `groups`) in a directory listed under `packs:` in `contentlint.yaml`.
    pub MtShouting, "mt/shouting", Severity::Warning, "common word in capitals mid-sentence", fixable = true
}

/// The word lists of a run: `rules/mt/shouting.en.yaml` and a site's packs.
#[derive(Debug, Default)]
struct Lists {
    /// Common words reported when written in capitals.
    caps: HashSet<String>,
    /// Common nouns (lowercase) reported when capitalised.
    nouns: HashSet<String>,
    /// Words that join the parts of a name (lowercase).
    connectors: Vec<String>,
    /// Words after which a capitalised noun names a unit of an organisation.
    groups: Vec<String>,
    /// Sentences the rule must report, and must not (tested for the built-in pack).
    bad: Vec<String>,
    good: Vec<String>,
    errors: Vec<PackError>,
}

/// A pack as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLists {
    rule: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    caps: Vec<Spanned<String>>,
    #[serde(default)]
    nouns: Vec<Spanned<String>>,
    #[serde(default)]
    connectors: Vec<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
    #[serde(default)]
    bad: Vec<String>,
    #[serde(default)]
    good: Vec<String>,
}

impl Lists {
    /// Every pack whose `rule:` is `mt/shouting` and whose `lang` is English, merged.
    fn load<'a>(files: impl IntoIterator<Item = &'a PackFile>) -> Lists {
        let mut lists = Lists::default();
        for f in files {
            let raw: RawLists = match serde_saphyr::from_str(&f.text) {
                Ok(r) => r,
                Err(e) => {
                    lists.errors.push(f.yaml_error(&e));
                    continue;
                }
            };
            if raw.rule != MtShouting::META.id || raw.lang.as_deref().is_some_and(|l| l != "en") {
                continue;
            }
            for w in raw.caps {
                if is_caps_word(&w.value) {
                    lists.caps.insert(w.value);
                } else {
                    let message = format!(
                        "`{}` under `caps` is not a word in capitals (A to Z, two letters or more), so it never matches",
                        w.value
                    );
                    lists.errors.push(f.error_in(&w, None, message));
                }
            }
            let mut nouns = Vec::new();
            let lower = [
                ("nouns", raw.nouns, &mut nouns),
                ("connectors", raw.connectors, &mut lists.connectors),
                ("groups", raw.groups, &mut lists.groups),
            ];
            for (key, words, into) in lower {
                for w in words {
                    if !w.value.is_empty() && w.value.to_lowercase() == w.value {
                        into.push(w.value);
                    } else {
                        let message =
                            format!("`{}` under `{key}` must be written in lowercase", w.value);
                        lists.errors.push(f.error_in(&w, None, message));
                    }
                }
            }
            lists.nouns.extend(nouns);
            lists.bad.extend(raw.bad);
            lists.good.extend(raw.good);
        }
        lists
    }

    /// Whether `w` is one of the common nouns, in any case.
    fn is_noun(&self, w: &str) -> bool {
        // Nouns are lowercase, so this is `w` in ASCII lower case; most words fit the
        // buffer.
        let mut buf = [0; 32];
        match buf.get_mut(..w.len()) {
            Some(lower) => {
                lower.copy_from_slice(w.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).is_ok_and(|l| self.nouns.contains(l))
            }
            None => self.nouns.contains(&w.to_ascii_lowercase()),
        }
    }

    fn is_connector(&self, w: &str) -> bool {
        let w = w.to_lowercase();
        self.connectors.contains(&w)
    }
}

/// The word lists of this run. Without site packs they are the built-in ones, read once
/// per process (tests and fuzzing check many texts, each with fresh packs).
fn lists(packs: &Packs) -> Arc<Lists> {
    let lists = packs.get_or_parse(MtShouting::META.id, |p| {
        if p.for_rule(MtShouting::META.id).any(|f| f.site) {
            Arc::new(Lists::load(p.for_rule(MtShouting::META.id)))
        } else {
            static BUILTIN: OnceLock<Arc<Lists>> = OnceLock::new();
            Arc::clone(
                BUILTIN.get_or_init(|| Arc::new(Lists::load(p.for_rule(MtShouting::META.id)))),
            )
        }
    });
    Arc::clone(&lists)
}

fn is_caps_word(w: &str) -> bool {
    w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase())
}

/// The words of `text` with their offsets: runs of letters and digits, with apostrophes
/// inside (`community's`). ASCII is classified byte by byte, the rest as characters.
fn words(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut words = Vec::with_capacity(b.len() / 6);
    let mut start = None;
    let mut i = 0;
    while i <= b.len() {
        let (wordy, width) = match b.get(i) {
            None => (false, 1),
            Some(&c) if c.is_ascii() => (
                c.is_ascii_alphanumeric() || c == b'\'' && start.is_some(),
                1,
            ),
            Some(_) => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        match (wordy, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, text[s..i].trim_end_matches('\'')));
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    words
}

fn capitalised(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(|f| f.is_ascii_uppercase()) && c.all(|x| !x.is_uppercase())
}

impl Rule for MtShouting {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let lists = lists(cx.packs);
        out.extend(lists.errors.iter().map(|e| e.diagnostic(&Self::META)));
        if en_or_zh(doc) != Some("en") {
            return;
        }
        let allowed: Vec<&str> = list_option(cx.options, "allow").collect();
        let allowed = |w: &str| allowed.iter().any(|a| a.to_lowercase() == w.to_lowercase());
        let cap = out.len() + MAX_PER_PAGE;
        for seg in &doc.body.prose {
            let kind = doc.body.blocks.get(seg.block as usize).map(|b| b.kind);
            if !matches!(kind, Some(BlockKind::Paragraph | BlockKind::ListItem)) {
                continue;
            }
            let text = doc.slice(seg.span);
            let base = seg.span.start as usize;
            let words = words(text);
            for (n, &(s, w)) in words.iter().enumerate() {
                if out.len() >= cap {
                    return;
                }
                let prev = n.checked_sub(1).map(|p| words[p]);
                let next = words.get(n + 1).copied();
                // Mid-sentence: a word before it, and only spaces or a comma in between.
                let Some((ps, pw)) = prev else { continue };
                let gap = &text[ps + pw.len()..s];
                if !gap.chars().all(|c| c == ' ' || c == ',') || gap.is_empty() {
                    continue;
                }
                let span = Span::new(base + s, base + s + w.len());
                if is_caps_word(w) && lists.caps.contains(w) && !allowed(w) {
                    // Not when the neighbours shout too (a heading or slogan in capitals).
                    let loud = |x: Option<(usize, &str)>| {
                        x.is_some_and(|(_, v)| {
                            is_caps_word(v) || v.chars().all(|c| c.is_ascii_digit())
                        })
                    };
                    if loud(prev) || loud(next) {
                        continue;
                    }
                    let lower = w.to_lowercase();
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            &doc.source,
                            span,
                            format!("`{w}` in capitals in the middle of a sentence"),
                        )
                        .help(format!(
                            "write `{lower}`; use *emphasis* if the stress matters"
                        ))
                        .fix(Fix::replace(
                            span,
                            lower,
                            Applicability::Safe,
                        )),
                    );
                } else if capitalised(w) && lists.is_noun(w) && !allowed(w) {
                    let lower_word = |x: Option<(usize, &str)>| {
                        x.is_some_and(|(_, v)| v.chars().next().is_some_and(|c| c.is_lowercase()))
                    };
                    let gap_next = next.map_or("", |(ns, _)| &text[s + w.len()..ns]);
                    if !lower_word(prev) || !lower_word(next) || !gap_next.chars().all(|c| c == ' ')
                    {
                        continue;
                    }
                    // Part of a name (`University of Science and Technology`, `Head of
                    // Business and Marketing`) or of a team's name (`the Storage team`).
                    let cap = |x: Option<&(usize, &str)>| {
                        x.is_some_and(|(_, v)| capitalised(v) || is_caps_word(v))
                    };
                    if lists.is_connector(pw) && cap(n.checked_sub(2).and_then(|p| words.get(p))) {
                        continue;
                    }
                    if let Some((_, nw)) = next {
                        if lists.is_connector(nw) && cap(words.get(n + 2))
                            || lists.groups.iter().any(|g| g == nw)
                        {
                            continue;
                        }
                    }
                    let lower = w.to_lowercase();
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            &doc.source,
                            span,
                            format!("common noun `{w}` capitalised in the middle of a sentence"),
                        )
                        .severity(Severity::Info)
                        .help(format!("write `{lower}`, unless it is part of a name"))
                        .fix(Fix::replace(
                            span,
                            lower,
                            Applicability::Unsafe,
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;

    #[test]
    fn words_keep_inner_apostrophes_and_letters_of_any_script() {
        let text = "'Our community's Users, naïve café-TEAM 42x 用户 end'";
        let got: Vec<(usize, &str)> = words(text);
        let want = vec![
            (1, "Our"),
            (5, "community's"),
            (17, "Users"),
            (24, "naïve"),
            (31, "café"),
            (37, "TEAM"),
            (42, "42x"),
            (46, "用户"),
            (53, "end"),
        ];
        assert_eq!(got, want);
        let lists = lists(&Packs::builtin_only());
        assert!(lists.is_noun("Users") && lists.is_noun("COMMUNITY'S") && !lists.is_noun("Usérs"));
    }

    /// The built-in pack loads, and its example sentences behave as documented.
    #[test]
    fn built_in_pack_examples_behave_as_documented() {
        let lists = lists(&Packs::builtin_only());
        assert!(lists.errors.is_empty(), "{:?}", lists.errors);
        assert!(lists.caps.len() > 50 && lists.nouns.len() > 50);
        assert!(!lists.bad.is_empty() && !lists.good.is_empty());
        let run = |s: &str| check_text("example.md", &format!("{s}\n"), &["mt/shouting"]);
        for bad in &lists.bad {
            assert!(!run(bad).is_empty(), "should flag {bad:?}");
        }
        for good in &lists.good {
            let found = run(good);
            assert!(found.is_empty(), "should not flag {good:?}: {found:#?}");
        }
    }

    #[test]
    fn a_site_pack_adds_words_and_its_mistakes_are_reported() {
        let pack = |text: &str| PackFile {
            name: "site.yaml".into(),
            text: Arc::from(text),
            site: true,
        };
        let good = pack("rule: mt/shouting\nlang: en\ncaps: [NEW]\nnouns: [tenants]\n");
        let bad =
            pack("rule: mt/shouting\ncaps: [New, X, É]\nnouns: [Tenants, \"\"]\ngroups: [squad]\n");
        let other = pack("rule: mt/shouting\nlang: fr\ncaps: [VOUS]\n");
        let broken = pack("rule: mt/shouting\ncaps: [\n");
        let lists = Lists::load([&good, &bad, &other, &broken]);
        assert!(lists.caps.contains("NEW") && !lists.caps.contains("VOUS"));
        assert!(lists.is_noun("Tenants") && lists.groups == ["squad"]);
        let messages: Vec<&str> = lists.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(messages[0].contains("`New` under `caps`"));
        assert!(messages[3].contains("`Tenants` under `nouns` must be written in lowercase"));
        // Each word's finding points at the word, the empty one at its quotes.
        let at: Vec<&str> = lists.errors[..5]
            .iter()
            .map(|e| &e.file.text[e.span.start as usize..e.span.end as usize])
            .collect();
        assert_eq!(at, ["New", "X", "É", "Tenants", "\"\""]);
        let yaml = &lists.errors[5];
        assert!(messages[5].contains("unclosed bracket"), "{}", messages[5]);
        assert_eq!(&yaml.file.text[yaml.span.start as usize..], "[\n");
    }
}
