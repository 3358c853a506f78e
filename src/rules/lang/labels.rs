//! `lang/label-unknown` and `lang/label-language`: the session-type label of one page.

use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::{self, Labels};
use crate::rules::{Context, Rule, RuleMeta};
use crate::schema::quote_like;
use crate::text::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Checks the session-type label (`stype:`) against the label vocabulary, and suggests
    /// the closest known label for a typo (`英文文演讲` → `英文演讲`).
    ///
    /// The vocabulary is data: `rules/lang/stype.yaml` maps each label to the language the
    /// talk is given in, the language the label is written in, and the kind of slot
    /// (session, panel, keynote, workshop, lightning talk). A site adds labels with a pack
    /// of its own (`packs:` in `contentlint.yaml`, a YAML file with
    /// `rule: lang/label-unknown`), and reads another key with the option `key`.
    ///
    /// ## Why is this bad?
    /// Templates and filters match labels exactly: an unknown label drops the session from
    /// the "English talks" filter and shows a raw string on the programme.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar 实践"
    /// stype: "英文文演讲"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar 实践"
    /// stype: "英文演讲"
    /// ---
    /// ```
    pub LangLabelUnknown, "lang/label-unknown", Severity::Error, "session-type label is not in the vocabulary"
}

impl Rule for LangLabelUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let labels = Labels::load(cx.packs);
        out.extend(labels.errors.iter().map(|e| e.diagnostic(&Self::META)));
        let Some((value, span)) = doc.fm_str(labels.key(cx.options)) else {
            return;
        };
        if value.trim().is_empty() || labels.get(value).is_some() {
            return;
        }
        // Prefer labels in the page's language.
        let page = lang::page_lang(doc);
        let in_lang = labels
            .labels
            .iter()
            .filter(|l| page.is_none_or(|p| lang::same_lang(&l.lang, p)))
            .map(|l| l.label.as_str());
        let closest = did_you_mean(value, in_lang)
            .or_else(|| did_you_mean(value, labels.labels.iter().map(|l| l.label.as_str())));
        let mut d = Diagnostic::new(
            &Self::META,
            &doc.source,
            span,
            format!("`{value}` is not a known session type"),
        );
        d = match closest {
            Some(c) => d
                .help(format!("did you mean `{c}`?"))
                .fix(Fix::replace(span, quote_like(doc.slice(span), c), Applicability::Unsafe)),
            None => d.help(
                "use a label of the vocabulary (`contentlint explain lang/label-unknown`), or add this one to a label pack",
            ),
        };
        out.push(d);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a session-type label written in another language than the page: an English
    /// label on a Chinese page (`stype: "Chinese Session"` in `1058.zh.md`) or the reverse.
    /// The fix is the label for the same talk language and kind in the page's language
    /// (`Chinese Session` → `中文演讲`).
    ///
    /// The label says which language the *talk* is given in, and is itself written in the
    /// page's language: the English page of a talk given in Chinese is labelled `Chinese
    /// Session`, and that is correct. A page with no declared language (outside a site, no
    /// `.zh` in its name) takes the language of its prose.
    ///
    /// ## Why is this bad?
    /// Chinese readers see an English label in the programme, and the language filter of
    /// the Chinese site misses the talk.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar 在腾讯的实践"
    /// stype: "Chinese Session"
    /// ---
    /// 本次分享介绍 Apache Pulsar 在腾讯计费场景中的落地经验，以及我们在运维上踩过的坑。
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar 在腾讯的实践"
    /// stype: "中文演讲"
    /// ---
    /// 本次分享介绍 Apache Pulsar 在腾讯计费场景中的落地经验，以及我们在运维上踩过的坑。
    /// ```
    pub LangLabelLanguage, "lang/label-language", Severity::Error, "session-type label is written in another language than the page", fixable = true
}

impl Rule for LangLabelLanguage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let labels = Labels::load(cx.packs);
        let Some((value, span)) = doc.fm_str(labels.key(cx.options)) else {
            return;
        };
        let Some(label) = labels.get(value) else {
            return;
        };
        let Some(page) = lang::page_lang(doc) else {
            return;
        };
        if lang::same_lang(&label.lang, page) {
            return;
        }
        let mut d = Diagnostic::new(
            &Self::META,
            &doc.source,
            span,
            format!(
                "`{value}` is a label in `{}` on a page in `{page}`",
                label.lang
            ),
        );
        d = match labels.translate(label, page) {
            Some(t) => d
                .help(format!(
                    "write `{}`: the same session type in the page's language",
                    t.label
                ))
                .fix(Fix::replace(
                    span,
                    quote_like(doc.slice(span), &t.label),
                    Applicability::Safe,
                )),
            None => d.help(format!(
                "the vocabulary has no `{}` label for a {} {}: add one to a label pack",
                page, label.talk, label.kind
            )),
        };
        out.push(d);
    }
}
