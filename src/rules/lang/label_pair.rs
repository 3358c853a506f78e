use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::Labels;
use crate::rules::{Context, Pair, PairRule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Compares the session-type labels of a page and its translation: both must say the
    /// talk is given in the same language (and is the same kind of slot). `Chinese Session`
    /// on the English page goes with `中文演讲` on the Chinese page; `英文演讲` there means
    /// the two pages disagree. The finding is on the translation, with the original's label
    /// as related location.
    ///
    /// ## Why is this bad?
    /// One of the two pages tells the audience the wrong language: someone who does not
    /// speak Chinese walks into a Chinese talk.
    ///
    /// ## Example
    /// `sessions/1058.md` says `stype: "Chinese Session"` and `sessions/1058.zh.md` says:
    /// ```text
    /// stype: "英文演讲"
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// stype: "中文演讲"
    /// ```
    pub LangLabelPair, "lang/label-pair", Severity::Error, "a page and its translation disagree about the talk's language"
}

impl PairRule for LangLabelPair {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let labels = Labels::load(cx.packs);
        let key = labels.key(cx.options);
        let (Some((ov, ospan)), Some((tv, tspan))) =
            (pair.original.fm_str(key), pair.translation.fm_str(key))
        else {
            return;
        };
        let (Some(o), Some(t)) = (labels.get(ov), labels.get(tv)) else {
            return; // unknown labels are lang/label-unknown's
        };
        let what = if o.talk != t.talk {
            format!(
                "`{tv}` says the talk is in `{}`, the other page's `{ov}` says `{}`",
                t.talk, o.talk
            )
        } else if o.kind != t.kind {
            format!(
                "`{tv}` says the slot is a {}, the other page's `{ov}` says a {}",
                t.kind, o.kind
            )
        } else {
            return;
        };
        let expected = pair
            .translation
            .lang
            .as_deref()
            .and_then(|l| labels.translate(o, l))
            .map(|l| l.label.clone());
        let mut d = Diagnostic::new(&Self::META, &pair.translation.source, tspan, what).label(
            &pair.original.source,
            ospan,
            "the other page's label",
        );
        d = d.help(match expected {
            Some(e) => format!(
                "if the other page is right, write `{e}` here; otherwise correct the other page"
            ),
            None => "make the two labels name the same talk language and kind".into(),
        });
        out.push(d);
    }
}
