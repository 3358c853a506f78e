//! One defect, one finding: a page-level finding that a text is untranslated, or that a
//! page is a copy of its counterpart, stands for the line-level findings under it that say
//! the same thing (foreign script, foreign punctuation, spacing of the other language).
//! They are folded into it: counted in its message and listed in its `folded` (JSON), or
//! shown as they are with `--no-fold`.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Folded};

/// Findings that stand for the text they cover, the more specific first: an untranslated
/// block covers its span, a copied page the whole page.
const COVERING: &[&str] = &["lang/untranslated", "pair/copied"];

/// Findings that only repeat, on text in another language, what a covering finding says.
/// Folding runs on each group of pages as it is checked, so it sees the page and pair
/// passes only: `mt/zh-spacing` is folded when the site sets its `style`; the style it
/// infers over the whole run is reported after every page and is not folded.
const FOLDABLE: &[&str] = &[
    "mt/cjk-in-english",
    "mt/zh-halfwidth-punct",
    "mt/zh-spacing",
    "lang/name-script",
];

/// Fold the foldable findings of `found` into the covering finding of the same page whose
/// text holds them.
pub fn fold(found: &mut Vec<Diagnostic>) {
    if !found.iter().any(|d| COVERING.contains(&d.rule.id)) {
        return;
    }
    let covers = |c: &Diagnostic, d: &Diagnostic| {
        Arc::ptr_eq(&c.file, &d.file)
            && (c.rule.id == "pair/copied"
                || (c.span.start <= d.span.start && d.span.end <= c.span.end))
    };
    let all: &[Diagnostic] = found;
    let covering: Vec<usize> = COVERING
        .iter()
        .flat_map(|id| (0..all.len()).filter(move |&i| all[i].rule.id == *id))
        .collect();
    let mut into: Vec<Option<usize>> = vec![None; found.len()];
    for (i, d) in found.iter().enumerate() {
        if FOLDABLE.contains(&d.rule.id) {
            into[i] = covering.iter().copied().find(|&c| covers(&found[c], d));
        }
    }
    let mut folded: Vec<Vec<Folded>> = vec![Vec::new(); found.len()];
    for (i, c) in into.iter().enumerate() {
        if let Some(c) = *c {
            let d = &found[i];
            folded[c].push(Folded {
                rule: d.rule,
                span: d.span,
                message: Arc::clone(&d.message),
            });
        }
    }
    for (d, f) in found.iter_mut().zip(folded) {
        if !f.is_empty() {
            let n = f.len();
            d.message = format!(
                "{} ({n} finding{} on this text folded in)",
                d.message,
                if n == 1 { "" } else { "s" }
            )
            .into();
            d.folded.extend(f);
        }
    }
    let mut i = 0;
    found.retain(|_| {
        i += 1;
        into[i - 1].is_none()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;

    /// A Chinese paragraph left on an English page: its full-width punctuation is folded
    /// into the untranslated finding; the same punctuation in an English paragraph is not.
    #[test]
    fn findings_under_an_untranslated_block_are_folded_into_it() {
        let text = "---\ntitle: x\n---\n\nThis talk is about gateways and how we run them at scale：we share numbers from two years in production.\n\nWe start with the design of the routing layer, then show how the plugin system lets teams add their own checks without a restart, and how we test them.\n\nFinally we look at what went wrong, what we measured, and what we would do differently next time, with advice for teams starting out today.\n\n这个演讲介绍了我们如何在大规模的生产环境中运行网关，以及我们从中学到的经验，包括性能调优、故障排查和容量规划。\n";
        let mut found = check_text("x.md", text, &["lang/untranslated", "mt/cjk-in-english"]);
        let before: Vec<&str> = found.iter().map(|d| d.rule.id).collect();
        assert!(before.contains(&"lang/untranslated"), "{before:?}");
        let on_chinese = found
            .iter()
            .filter(|d| {
                d.rule.id == "mt/cjk-in-english"
                    && d.span.start as usize >= text.find("这个").unwrap()
            })
            .count();
        assert!(on_chinese > 0, "{before:?}");
        fold(&mut found);
        let after: Vec<&str> = found.iter().map(|d| d.rule.id).collect();
        assert_eq!(
            after.iter().filter(|r| **r == "mt/cjk-in-english").count(),
            before.iter().filter(|r| **r == "mt/cjk-in-english").count() - on_chinese,
            "{after:?}"
        );
        assert!(
            after.contains(&"mt/cjk-in-english"),
            "the English line keeps its finding"
        );
        let u = found
            .iter()
            .find(|d| d.rule.id == "lang/untranslated")
            .unwrap();
        assert_eq!(u.folded.len(), on_chinese);
        assert!(u.message.contains("folded in"), "{}", u.message);
    }
}
