use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::lang::{self, Counts, Labels, Script};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a paragraph, and separately the title, written in another language than the
    /// page: an English abstract left on the Chinese page, a Chinese paragraph on the
    /// English one. Detection is by script and claims nothing on short text: on a Chinese
    /// page a paragraph is untranslated when it has at least eight Latin words and no Han
    /// character; on a page in a Latin-script language, when it has at least eight Han
    /// characters and more of them than Latin words. English product names inside Chinese
    /// sentences are therefore normal. A title is untranslated from three words on, and a
    /// Latin title only when it reads as a phrase (it has a lowercase word: `Chopping the
    /// monolith`, not `Web Server/Tomcat`). Code, links, HTML, image text and the Speakers
    /// section (names and biographies) are left out.
    ///
    /// ## Options
    /// - `allow-talk-language` (default `false`): accept text in the language the talk is
    ///   given in (from the session-type label), for sites whose policy is to keep the
    ///   speaker's original abstract on the translated page.
    ///
    /// ## Why is this bad?
    /// The reader of the Chinese site gets an English abstract: the page was copied, not
    /// translated.
    ///
    /// ## Example
    /// A Chinese page (`example.zh.md`) whose abstract is in English:
    /// ```text
    /// This talk introduces how we run Apache Pulsar at scale and what we learned.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 本次分享介绍我们如何大规模运行 Apache Pulsar，以及从中得到的经验。
    /// ```
    ///
    /// ## Example
    /// On a page whose prose is English, a paragraph left in Chinese:
    /// ```markdown
    /// This talk introduces how we run Apache Pulsar at scale and what we learned from it.
    ///
    /// 本次分享介绍我们如何大规模运行 Apache Pulsar，以及从中得到的经验和教训。
    ///
    /// Join us to hear how the billing team moved to Pulsar in six months.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// This talk introduces how we run Apache Pulsar at scale and what we learned from it.
    ///
    /// Join us to hear how the billing team moved to Pulsar in six months.
    /// ```
    pub LangUntranslated, "lang/untranslated", Severity::Warning, "text in another language than the page"
}

/// Whether text with these counts is clearly in a language of `script` other than the
/// page's `page` script.
fn foreign(n: Counts, page: Script, title: bool) -> Option<Script> {
    let min = if title { 3 } else { 8 };
    match page {
        Script::Han | Script::Kana | Script::Hangul => {
            (n.latin_words >= min && n.han + n.kana + n.hangul == 0).then_some(Script::Latin)
        }
        Script::Latin => {
            let cjk = n.han + n.kana;
            (cjk >= min && cjk > n.latin_words).then(|| n.script().unwrap_or(Script::Han))
        }
    }
}

impl Rule for LangUntranslated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(page) = lang::page_lang(doc) else {
            return;
        };
        let Some(page_script) = Script::of_lang(page) else {
            return;
        };
        let allowed: Option<Script> = cx
            .options
            .get("allow-talk-language")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
            .then(|| {
                let labels = Labels::load(cx.packs);
                let (v, _) = doc.fm_str(labels.key(cx.options))?;
                Script::of_lang(&labels.get(v)?.talk)
            })
            .flatten();
        let mut report = |span: Span, n: Counts, title: bool| {
            let Some(found) = foreign(n, page_script, title) else {
                return;
            };
            if Some(found) == allowed {
                return;
            }
            let what = if title { "the title" } else { "this paragraph" };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &doc.source,
                    span,
                    format!("{what} is in `{}` on a page in `{page}`", found.lang()),
                )
                .help(format!(
                    "translate it into `{page}`, or move it to the `{}` page",
                    found.lang()
                )),
            );
        };
        if let Some((title, span)) = doc.fm_str("title") {
            // A Latin title must read as a phrase (`Chopping the monolith`), not a name
            // (`Web Server/Tomcat`): it needs a lowercase word.
            let phrase = title
                .split(|c: char| !c.is_alphabetic())
                .any(|w| w.len() >= 2 && w.chars().all(|c| c.is_lowercase()));
            if phrase || page_script == Script::Latin {
                report(span, lang::counts(title), true);
            }
        }
        let speakers = lang::speakers_section(doc).map_or(u32::MAX, |s| s.start);
        for (_, segs) in doc.paragraphs() {
            let start = segs[0].span.start;
            if start >= speakers {
                break;
            }
            let mut n = Counts::default();
            for s in segs {
                n.add(lang::counts(doc.slice(s.span)));
            }
            let end = segs[segs.len() - 1].span.end;
            report(Span::new(start as usize, end as usize), n, false);
        }
    }
}
