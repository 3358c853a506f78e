use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::{self, same_name, Script};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports presenter names written in Han characters on a page in a Latin-script
    /// language (`presenters: "李志信"` on an English page). When the page's Speakers
    /// section gives the speaker's name in Latin letters, the help names it and a fix
    /// (not applied automatically) puts it in.
    ///
    /// A name that also gives the Latin spelling (`Mingyu Chen（陈明雨）`) is fine, and
    /// Chinese pages that keep foreign speakers' names in Latin letters are normal.
    ///
    /// ## Why is this bad?
    /// English readers cannot read or search the name, and the speaker appears under two
    /// names on the same page.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Dubbo-go community building"
    /// presenters: "李志信"
    /// ---
    /// This talk introduces the Dubbo-go community and how it grew.
    ///  ### Speakers:
    ///  <img src="images/speaker/1086.png" width="200" /><br>Li Zhixin: Apache Dubbo PMC member.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Dubbo-go community building"
    /// presenters: "Li Zhixin"
    /// ---
    /// This talk introduces the Dubbo-go community and how it grew.
    ///  ### Speakers:
    ///  <img src="images/speaker/1086.png" width="200" /><br>Li Zhixin: Apache Dubbo PMC member.
    /// ```
    pub LangNameScript, "lang/name-script", Severity::Warning, "presenter name in Han characters on a page in a Latin-script language"
}

impl Rule for LangNameScript {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(page) = lang::page_lang(doc) else {
            return;
        };
        if Script::of_lang(page) != Some(Script::Latin) {
            return;
        }
        let Some((value, span)) = doc.fm_str("presenters") else {
            return;
        };
        let presenters = lang::presenter_names(value, span, doc.slice(span));
        // `Mingyu Chen（陈明雨）` gives the Latin name: the Han one is only an aside.
        let han: Vec<_> = presenters
            .iter()
            .filter(|p| lang::has_han(&p.name) && lang::counts(&p.name).latin_words == 0)
            .collect();
        if han.is_empty() {
            return;
        }
        // Latin names of the Speakers section that no Latin presenter already accounts for.
        let latin_presenters: Vec<&str> = presenters
            .iter()
            .filter(|p| !lang::has_han(&p.name))
            .map(|p| p.name.as_str())
            .collect();
        let unmatched: Vec<String> = lang::speakers(doc)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| {
                !lang::has_han(&s.name) && !latin_presenters.iter().any(|p| same_name(p, &s.name))
            })
            .map(|s| s.name)
            .collect();
        for (i, p) in han.iter().enumerate() {
            let romanized = (unmatched.len() == han.len()).then(|| unmatched[i].clone());
            let mut d = Diagnostic::new(
                &Self::META,
                &doc.source,
                p.span,
                format!(
                    "presenter `{}` is written in Han characters on a page in `{page}`",
                    p.name
                ),
            );
            d = match romanized {
                Some(r) => d
                    .help(format!("the Speakers section calls them `{r}`: write that"))
                    .fix(Fix::replace(p.span, r, Applicability::Unsafe)),
                None => d.help("write the name in Latin letters, as the speaker writes it (family name last on the English site)"),
            };
            out.push(d);
        }
    }
}
