use super::date_entries;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::front_matter::Value;
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};
use crate::schema::date::{self, DateProblem};
use crate::schema::quote_like;

declare_rule! {
    /// ## What it does
    /// Checks every front-matter date the way Hugo reads it: the keys Hugo treats as dates
    /// (`date`, `publishDate`, `lastmod`, `expiryDate` and their aliases) and any field the
    /// page's schema marks `format: hugo-date`. It reports a shape Hugo cannot parse
    /// (`2022/07/30`, `30.07.2022`, `tomorrow`) and a date or time that does not exist
    /// (`2023-02-30`, `2022-07-30T24:30`). A year-first date with other separators or
    /// unpadded numbers gets a safe fix (`2022/7/30` → `2022-07-30`); day- and month-first
    /// dates are ambiguous and only explained.
    ///
    /// Empty dates are left to `schema/empty`.
    ///
    /// ## Time zones
    /// A date without a zone is accepted: Hugo reads it in the site's `timeZone` (UTC when
    /// unset), which is what the conference sites rely on. A site that wants every date
    /// explicit sets the option `require-timezone: true`.
    ///
    /// ## Why is this bad?
    /// Hugo stops the build on a date it cannot parse, and an impossible date is a typo
    /// that puts the talk on the wrong day.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2023-02-30T14:00:00"
    /// ---
    /// ```
    ///
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022/07/30"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// ---
    /// ```
    ///
    /// ## Options
    /// - `require-timezone` (default `false`): report dates that carry a time but no zone.
    pub SchemaDate, "schema/date", Severity::Error, "a front-matter date Hugo cannot read", fixable = true
}

impl Rule for SchemaDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let require_zone = cx
            .options
            .get("require-timezone")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        for e in date_entries(doc, cx) {
            let Value::String(s) = &e.value.value else {
                continue; // TOML dates are checked by the TOML parser; numbers are epochs
            };
            if s.trim().is_empty() {
                continue;
            }
            let span = e.value.span;
            let raw = doc.slice(span);
            match date::parse(s) {
                Ok(d) => {
                    if require_zone && !d.has_zone && s.len() > 10 {
                        out.push(
                            Diagnostic::new(
                                &Self::META,
                                &doc.source,
                                span,
                                format!("`{}` has no time zone", e.key),
                            )
                            .help(format!(
                                "add the zone the time is in, e.g. `{s}+08:00` or `{s}Z`"
                            )),
                        );
                    }
                }
                Err(DateProblem::Impossible(why)) => out.push(
                    Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        span,
                        format!("`{s}` is not a real date: {why}"),
                    )
                    .help("check the day, month and time against the programme"),
                ),
                Err(DateProblem::Format(rewrite)) => {
                    let mut d = Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        span,
                        format!("`{s}` is not a date format Hugo reads"),
                    );
                    match rewrite {
                        Some(r) => {
                            d = d.help(format!("write `{r}`")).fix(Fix::replace(
                                span,
                                quote_like(raw, &r),
                                Applicability::Safe,
                            ));
                        }
                        None => {
                            d = d.help(
                                "write it as YYYY-MM-DD, optionally followed by Thh:mm:ss and a zone: `2022-07-30T14:00:00+08:00`",
                            );
                        }
                    }
                    out.push(d);
                }
            }
        }
    }
}
