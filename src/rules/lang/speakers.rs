use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::lang::{self, normalize_name, same_name, Speaker};
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::edit_distance;

declare_rule! {
    /// ## What it does
    /// Compares the `presenters` of the front matter with the names of the page's Speakers
    /// section (`### Speakers:` / `### 讲师:`, entries `Name: biography`). It reports a
    /// presenter with no entry, a speaker missing from `presenters`, and a name spelled
    /// differently in the two places. Order, spacing, case and word order do not matter
    /// (`XunLiu`, `Xun Liu` and `Liu Xun` are the same name). Names written in different
    /// scripts are left to `lang/name-script`; a page without a Speakers section is not
    /// checked.
    ///
    /// ## Why is this bad?
    /// The programme lists one set of speakers and the page introduces another: a speaker
    /// dropped by an edit, or a typo that breaks the speaker's search results.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// presenters: "Jing Li, Reese Liu"
    /// ---
    /// How we run Pulsar at scale.
    ///  ### Speakers:
    ///  <img src="images/speaker/1.png" width="200" /><br>Jing Li: Apache Pulsar committer.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// presenters: "Jing Li, Reese Liu"
    /// ---
    /// How we run Pulsar at scale.
    ///  ### Speakers:
    ///  <img src="images/speaker/1.png" width="200" /><br>JingLi: Apache Pulsar committer.
    ///  <img src="images/speaker/2.png" width="200" /><br>Liu Reese: Apache Pulsar PMC member.
    /// ```
    pub LangSpeakers, "lang/speakers", Severity::Warning, "presenters and the Speakers section disagree"
}

fn close(a: &str, b: &str) -> bool {
    let (a, b) = (normalize_name(a), normalize_name(b));
    let limit = (a.chars().count().max(b.chars().count()) / 6).max(1);
    edit_distance(&a, &b) <= limit
}

/// Text reduced for "does the section mention this name": lowercase, no blanks or hyphens.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            // A shortcut, not a definition of Han (that is `lang::is_han`): the common
            // ideographs, letters without case and the bulk of a Chinese page.
            out.push(c);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

impl Rule for LangSpeakers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((value, span)) = doc.fm_str("presenters") else {
            return;
        };
        let (Some(section), Some(speakers)) = (lang::speakers_section(doc), lang::speakers(doc))
        else {
            return;
        };
        if speakers.is_empty() || value.trim().is_empty() {
            return;
        }
        let section_text = squash(doc.slice(section));
        let presenters = lang::presenter_names(value, span, doc.slice(span));
        let matches = |p: &Speaker, s: &Speaker| {
            let sv = lang::name_variants(&s.name);
            lang::name_variants(&p.name)
                .iter()
                .any(|v| sv.iter().any(|w| same_name(v, w)))
        };
        // Presenters with an entry (or at least named in the section, whatever punctuation
        // follows the name), and speakers accounted for by a presenter.
        let mut open_p: Vec<&Speaker> = presenters
            .iter()
            .filter(|p| {
                !speakers.iter().any(|s| matches(p, s))
                    && !lang::name_variants(&p.name).iter().any(|v| {
                        squash(v).chars().count() >= 2 && section_text.contains(&squash(v))
                    })
            })
            .collect();
        let mut open_s: Vec<&Speaker> = speakers
            .iter()
            .filter(|s| !presenters.iter().any(|p| matches(p, s)))
            .collect();

        // `Thomas, Mark` for `Mark Thomas`: one name split at its comma.
        for w in presenters.windows(2) {
            let joined = format!("{} {}", w[0].name, w[1].name);
            if let Some(i) = open_s.iter().position(|s| same_name(&joined, &s.name)) {
                let s = open_s.remove(i);
                open_p.retain(|p| *p != &w[0] && *p != &w[1]);
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        w[0].span.cover(w[1].span),
                        format!(
                            "`{}, {}` is one name split at a comma: the Speakers section says `{}`",
                            w[0].name, w[1].name, s.name
                        ),
                    )
                    .label(&doc.source, s.span, "the speaker's entry")
                    .help(format!("write `{}`; commas separate presenters", s.name)),
                );
            }
        }
        // The same name spelled differently.
        open_p.retain(|p| {
            let Some(i) = open_s.iter().position(|s| {
                lang::has_han(&s.name) == lang::has_han(&p.name) && close(&p.name, &s.name)
            }) else {
                return true;
            };
            let s = open_s.remove(i);
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    p.span,
                    format!(
                        "`{}` is spelled `{}` in the Speakers section",
                        p.name, s.name
                    ),
                )
                .label(&doc.source, s.span, "spelled this way here")
                .help("use one spelling in both places"),
            );
            false
        });
        // A name in one script here and another there cannot be compared: pair them off.
        open_p.retain(|p| {
            match open_s
                .iter()
                .position(|s| lang::has_han(&s.name) != lang::has_han(&p.name))
            {
                Some(i) => {
                    open_s.remove(i);
                    false
                }
                None => true,
            }
        });
        for p in open_p {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    p.span,
                    format!(
                        "presenter `{}` has no entry in the Speakers section",
                        p.name
                    ),
                )
                .help(
                    "add the speaker's photo and biography, or remove the name from `presenters`",
                ),
            );
        }
        for s in open_s {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    s.span,
                    format!("speaker `{}` is not in `presenters`", s.name),
                )
                .label(&doc.source, span, "presenters")
                .help(format!("add `{}` to `presenters`", s.name)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths of `squash` keep and lowercase exactly what Unicode says, for every
    /// character.
    #[test]
    fn squash_agrees_with_unicode_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want: String = Some(c)
                .filter(|c| c.is_alphanumeric())
                .into_iter()
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(squash(&c.to_string()), want, "{c:?}");
        }
    }
}
