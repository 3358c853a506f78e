use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::pair::counterpart_span;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the absolute URLs of the two bodies (links, images and bare URLs): a URL of
    /// the original missing from the translation is reported where it should be, with the
    /// original's URL as related location. `http`/`https`, `www.`, a trailing slash and
    /// language tokens (`/zh/`, `_en_`: each page may link its own language's version) do
    /// not count as differences. URLs only the translation has are not reported: they are
    /// usually resources added for its readers (a local video platform or meeting app).
    ///
    /// ## Why is this bad?
    /// The translation lost the link to the project, the slides or the sign-up form, or
    /// points somewhere the original does not.
    ///
    /// ## Example
    /// The original ends with `Project: https://github.com/apache/dubbo-go`; the translation:
    /// ```text
    /// 项目地址：https://github.com/apache/dubbo
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 项目地址：https://github.com/apache/dubbo-go
    /// ```
    pub PairUrls, "pair/urls", Severity::Warning, "a URL is in one page of a pair but not the other"
}

impl PairRule for PairUrls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let (ou, tu) = (pair.urls(o), pair.urls(t));
        for u in ou.iter() {
            if tu.iter().any(|x| x.key == u.key) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    counterpart_span(pair, u.span.start),
                    format!("the other page links to `{}`, this one does not", u.text),
                )
                .label(&o.source, u.span, "on the other page")
                .help(format!("add `{}` to the translation", u.text)),
            );
        }
    }
}
