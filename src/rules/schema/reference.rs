use super::references;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};
use crate::schema::quote_like;
use crate::text::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Checks values that must name a page of the site. In a schema, a property with
    /// `x-reference: {section: tracks}` must be the name of a page in `content/tracks/`:
    /// `X.md`, `X.<lang>.md`, or a bundle `X/index.md` / `X/_index.md` (taxonomy term pages
    /// are bundles, so `x-reference: {section: tags}` checks a list of tags the same way).
    /// Every content directory of the site counts (one per language when the site has
    /// them). The suggestion is the closest existing name. When the section does not exist
    /// at all, or the page is not part of a Hugo site, there is nothing to compare with and
    /// the rule stays silent.
    ///
    /// ## Why is this bad?
    /// A session whose `track` names no track page is missing from every track listing and
    /// links to a 404.
    ///
    /// The built-in `session` schema declares `track` as a reference to `tracks`.
    ///
    /// ## Example
    /// A session in a site whose `content/tracks/` holds `streaming.md`:
    /// ```text
    /// track: "streaming-bk"
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// track: "streaming"
    /// ```
    pub SchemaReference, "schema/reference", Severity::Error, "a front-matter value names a page that does not exist", fixable = true
}

impl Rule for SchemaReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in references(doc, cx) {
            if r.existing.contains(r.name) {
                continue;
            }
            let closest =
                did_you_mean(r.name, r.existing.iter().map(String::as_str)).or_else(|| {
                    // `streaming-bk` → `streaming`: a known name the value starts with.
                    r.existing
                        .iter()
                        .filter(|n| r.name.starts_with(n.as_str()))
                        .max_by_key(|n| n.len())
                        .map(String::as_str)
                });
            let mut d = Diagnostic::new(
                &Self::META,
                &doc.source,
                r.node.span,
                format!(
                    "`{}` names no page in `{}` (`{}: {}`)",
                    r.name, r.section, r.key, r.name
                ),
            );
            d = match closest {
                Some(c) => d.help(format!("did you mean `{c}`?")).fix(Fix::replace(
                    r.node.span,
                    quote_like(doc.slice(r.node.span), c),
                    Applicability::Unsafe,
                )),
                None => d.help(format!(
                    "use one of the {} pages of `{}`, or add `content/{}/{}.md`",
                    r.existing.len(),
                    r.section,
                    r.section,
                    r.name
                )),
            };
            out.push(d);
        }
    }
}
