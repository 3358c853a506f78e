//! `mt/shouting`: common words in capitals, or capitalised, in the middle of a sentence.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::{BlockKind, Document};
use crate::rules::mt_common::{page_lang, MAX_PER_PAGE};
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
    pub MtShouting, "mt/shouting", Severity::Warning, "common word in capitals mid-sentence", fixable = true
}

/// Common words that are never acronyms in capitals (`IT`, `US`, `AS`, `OR`, `AND`, `NOT`,
/// `ON`, `NO`, `OK`, `ALL`, `ONE` are left out on purpose).
const CAPS_WORDS: &[&str] = &[
    "YOU",
    "YOUR",
    "YOURS",
    "YOURSELF",
    "WE",
    "OUR",
    "OURS",
    "THEY",
    "THEIR",
    "THEM",
    "HE",
    "SHE",
    "HIS",
    "HER",
    "THE",
    "THIS",
    "THAT",
    "THESE",
    "THOSE",
    "WHAT",
    "WHY",
    "HOW",
    "WHEN",
    "WHERE",
    "WHO",
    "WHICH",
    "VERY",
    "MUST",
    "NEVER",
    "ALWAYS",
    "REALLY",
    "HAVE",
    "HAS",
    "WILL",
    "SHOULD",
    "MORE",
    "MOST",
    "ONLY",
    "JUST",
    "EVERY",
    "EVERYONE",
    "BUT",
    "WITH",
    "FROM",
    "ABOUT",
    "INTO",
    "ARE",
    "WAS",
    "WERE",
    "DOES",
    "MAKE",
    "BEST",
    "EVERYTHING",
    "SOMETHING",
    "NOTHING",
    "WHOLE",
    "REAL",
    "TRULY",
    "HUGE",
    "GREAT",
    "IMPORTANT",
    "KEY",
    "BOTH",
    "SIDES",
];

/// Common nouns that a translation capitalises mid-sentence.
const NOUNS: &[&str] = &[
    "users",
    "user",
    "developers",
    "developer",
    "community",
    "communities",
    "data",
    "system",
    "systems",
    "platform",
    "platforms",
    "project",
    "projects",
    "service",
    "services",
    "company",
    "companies",
    "team",
    "teams",
    "business",
    "technology",
    "technologies",
    "application",
    "applications",
    "performance",
    "problem",
    "problems",
    "solution",
    "solutions",
    "practice",
    "practices",
    "architecture",
    "framework",
    "engine",
    "database",
    "storage",
    "network",
    "model",
    "models",
    "process",
    "processes",
    "product",
    "products",
    "customer",
    "customers",
    "enterprise",
    "enterprises",
    "industry",
    "market",
    "people",
    "members",
    "partners",
    "scenarios",
    "scenario",
    "capabilities",
    "capability",
    "features",
    "feature",
    "ecosystem",
    "operators",
    "operation",
    "operations",
    "cluster",
    "clusters",
    "traffic",
    "message",
    "messages",
    "task",
    "tasks",
    "job",
    "jobs",
    "query",
    "queries",
    "student",
    "students",
    "everyone",
    "experience",
    "challenges",
    "challenge",
    "advantages",
    "community's",
];

/// Words that join the parts of a name.
const CONNECTORS: &[&str] = &["and", "of", "for", "over", "the", "&", "de", "in"];

/// Words after which a capitalised noun names a unit of an organisation.
const GROUPS: &[&str] = &[
    "team",
    "teams",
    "group",
    "groups",
    "department",
    "division",
    "lab",
    "unit",
    "center",
    "centre",
];

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

/// Whether `w` is one of the common nouns, in any case.
fn is_noun(w: &str) -> bool {
    NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

fn capitalised(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(|f| f.is_ascii_uppercase()) && c.all(|x| !x.is_uppercase())
}

impl Rule for MtShouting {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if page_lang(doc) != Some("en") {
            return;
        }
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
                if is_caps_word(w) && CAPS_WORDS.contains(&w) {
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
                } else if capitalised(w) && is_noun(w) {
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
                    let connector = |v: &str| CONNECTORS.contains(&v.to_lowercase().as_str());
                    if connector(pw) && cap(n.checked_sub(2).and_then(|p| words.get(p))) {
                        continue;
                    }
                    if let Some((_, nw)) = next {
                        if connector(nw) && cap(words.get(n + 2)) || GROUPS.contains(&nw) {
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
        assert!(is_noun("Users") && is_noun("COMMUNITY'S") && !is_noun("Usérs"));
    }
}
