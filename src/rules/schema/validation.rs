//! The rules that report front-matter schema violations (see [`crate::schema`]). The page is
//! validated against its schema and each violation goes to the rule of its kind.

use super::{violations, Kind};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};

fn report(
    doc: &Document,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    meta: &'static RuleMeta,
    kind: Kind,
) {
    for v in violations(doc, cx).iter().filter(|v| v.kind == kind) {
        let mut d = Diagnostic::new(meta, &doc.source, v.span, v.message.clone());
        if let Some(h) = &v.help {
            d = d.help(h.clone());
        }
        if let Some(f) = &v.fix {
            d = d.fix(f.clone());
        }
        out.push(d);
    }
}

macro_rules! validation_rule {
    ($name:ident, $kind:expr) => {
        impl Rule for $name {
            fn meta(&self) -> &'static RuleMeta {
                &Self::META
            }

            fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
                report(doc, cx, out, &Self::META, $kind);
            }
        }
    };
}

declare_rule! {
    /// ## What it does
    /// Reports a field the page's schema requires but the front matter lacks. The finding
    /// points at the closing `---` of the front matter (where the field would go) and the
    /// help names the field with an example value from the schema.
    ///
    /// ## Why is this bad?
    /// The site's templates read the field: a session without `stype` shows no session type,
    /// one without `date` sorts to the start of the epoch.
    ///
    /// ## Which schema?
    /// The `schemas:` list of `contentlint.yaml` maps paths to schemas; without it, a Hugo
    /// page in `content/sessions/` gets the built-in `session` schema and one in `content/post/`,
    /// `content/posts/` or `content/blog/` the built-in `blog-post` schema. The examples below
    /// are checked under:
    ///
    /// ```yaml
    /// schemas:
    ///   - paths: ["**"]
    ///     schema: session
    /// ```
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// ---
    /// ```
    pub SchemaRequired, "schema/required", Severity::Error, "a required front-matter field is missing"
}
validation_rule!(SchemaRequired, Kind::Required);

declare_rule! {
    /// ## What it does
    /// Reports a field that is present but empty (`""`, nothing, `[]`) where the schema needs
    /// a value: a required field, or one with a minimum length. The finding points at the
    /// empty value.
    ///
    /// ## Why is this bad?
    /// An empty `date: ""` is a missing date in disguise: Hugo shows the page as written on
    /// 1 January 0001, and a schema check that only looks for the key lets it through.
    ///
    /// ```yaml
    /// schemas:
    ///   - paths: ["**"]
    ///     schema: session
    /// ```
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: ""
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// ---
    /// ```
    pub SchemaEmpty, "schema/empty", Severity::Error, "a front-matter field that needs a value is empty"
}
validation_rule!(SchemaEmpty, Kind::Empty);

declare_rule! {
    /// ## What it does
    /// Reports a value of the wrong type: a list where the schema expects a string, a
    /// number where it expects text, a mapping where it expects a list. When a list of
    /// strings stands where one string is expected, the suggested fix joins them with
    /// commas (not applied automatically).
    ///
    /// ## Why is this bad?
    /// Templates that treat `presenters` as a string print a list as `[Jing Li Reese Liu]`.
    ///
    /// ```yaml
    /// schemas:
    ///   - paths: ["**"]
    ///     schema: session
    /// ```
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: ["Jing Li", "Reese Liu"]
    /// stype: "English Session"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li, Reese Liu"
    /// stype: "English Session"
    /// ---
    /// ```
    pub SchemaType, "schema/type", Severity::Error, "a front-matter value has the wrong type"
}
validation_rule!(SchemaType, Kind::Type);

declare_rule! {
    /// ## What it does
    /// Reports a value outside the set the schema allows (`enum` or `const`), and suggests
    /// the closest allowed value.
    ///
    /// ## Why is this bad?
    /// Hugo and templates compare such values exactly: `build: {list: nevr}` is not
    /// `never`, and the page shows up in every list.
    ///
    /// ```yaml
    /// schemas:
    ///   - paths: ["**"]
    ///     schema: blog-post
    /// ```
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Release notes"
    /// date: "2022-07-30"
    /// build:
    ///   list: "nevr"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Release notes"
    /// date: "2022-07-30"
    /// build:
    ///   list: "never"
    /// ---
    /// ```
    pub SchemaEnum, "schema/enum", Severity::Error, "a front-matter value is not one of the allowed values"
}
validation_rule!(SchemaEnum, Kind::Enum);

declare_rule! {
    /// ## What it does
    /// Reports a front-matter key the schema does not list (when the schema closes the set
    /// with `additionalProperties: false`), pointing at the key, with the closest known
    /// key as suggestion.
    ///
    /// ## Why is this bad?
    /// A misspelled key is a missing value the templates never see: `presenter:` leaves the
    /// speaker line blank.
    ///
    /// ```yaml
    /// schemas:
    ///   - paths: ["**"]
    ///     schema: session
    /// ```
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// speechlink: "https://www.youtube.com/embed/Ehg3diG3_UA"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// speechLink: "https://www.youtube.com/embed/Ehg3diG3_UA"
    /// ---
    /// ```
    pub SchemaUnknownKey, "schema/unknown-key", Severity::Warning, "a front-matter key is not in the schema"
}
validation_rule!(SchemaUnknownKey, Kind::UnknownKey);

declare_rule! {
    /// ## What it does
    /// Reports a value that breaks any other constraint of the schema: a `pattern`, a
    /// `format` such as `uri`, a length or a numeric range. The help quotes the field's
    /// description from the schema.
    ///
    /// ## Why is this bad?
    /// A video link without `https://` embeds nothing; a title of 300 characters breaks the
    /// page layout. The schema says what the templates need.
    ///
    /// ```yaml
    /// schemas:
    ///   - paths: ["**"]
    ///     schema: session
    /// ```
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// speechLink: "www.youtube.com/embed/Ehg3diG3_UA"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// date: "2022-07-30T14:00:00"
    /// track: "messaging"
    /// presenters: "Jing Li"
    /// stype: "English Session"
    /// speechLink: "https://www.youtube.com/embed/Ehg3diG3_UA"
    /// ---
    /// ```
    pub SchemaInvalid, "schema/invalid", Severity::Error, "a front-matter value breaks a schema constraint"
}
validation_rule!(SchemaInvalid, Kind::Invalid);
