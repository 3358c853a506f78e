use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags front matter that is opened (`---`, `+++` or `{`) but never closed.
    ///
    /// ## Why is this bad?
    /// Hugo reads the whole page as front matter and fails to build, or publishes the body
    /// as garbage fields.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Dubbogo community"
    /// date: "2022-07-30T14:00:00"
    /// This sharing will introduce the Dubbo-Go community.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Dubbogo community"
    /// date: "2022-07-30T14:00:00"
    /// ---
    /// This sharing will introduce the Dubbo-Go community.
    /// ```
    pub SchemaUnclosed, "schema/unclosed", Severity::Error, "front matter is never closed"
}

impl Rule for SchemaUnclosed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = &doc.front_matter else { return };
        if fm.close.is_some() {
            return;
        }
        let close = match fm.format {
            crate::document::front_matter::Format::Json => "`}`".to_string(),
            _ => format!("`{}` line", doc.slice(fm.open)),
        };
        out.push(
            Diagnostic::new(
                &Self::META,
                &doc.source,
                fm.open,
                format!(
                    "{} front matter is opened here but never closed",
                    fm.format.as_str()
                ),
            )
            .help(format!("add a closing {close} after the last field")),
        );
    }
}
