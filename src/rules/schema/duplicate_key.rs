use std::collections::HashMap;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::front_matter::{Entry, Node, Value};
use crate::document::Document;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a key that appears twice in the same front-matter mapping (at any depth),
    /// pointing at the second one, with the first one labelled.
    ///
    /// ## Why is this bad?
    /// Hugo's YAML reader refuses a mapping with a repeated key ("mapping key already
    /// defined") and the page is not built. Other tools silently keep one of the two values,
    /// so which video link a reader sees depends on the tool.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// speechLink: "https://www.youtube.com/embed/Ehg3diG3_UA"
    /// speechLink: "https://player.bilibili.com/player.html?bvid=BV15q4y1D7Q2"
    /// ---
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Apache Pulsar at scale"
    /// speechLink: "https://www.youtube.com/embed/Ehg3diG3_UA"
    /// ---
    /// ```
    pub SchemaDuplicateKey, "schema/duplicate-key", Severity::Error, "a front-matter key is repeated"
}

impl Rule for SchemaDuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(root) = doc.front_matter.as_ref().and_then(|fm| fm.root.as_ref()) else {
            return;
        };
        let mut stack: Vec<&Node> = vec![root];
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Map(entries) => {
                    let mut seen: HashMap<&str, &Entry> = HashMap::with_capacity(entries.len());
                    for e in entries {
                        if let Some(first) = seen.get(e.key.as_str()).copied() {
                            let same = doc.slice(first.value.span) == doc.slice(e.value.span);
                            out.push(
                                Diagnostic::new(
                                    &Self::META,
                                    &doc.source,
                                    e.key_span,
                                    format!("`{}` is defined twice", e.key),
                                )
                                .label(&doc.source, first.key_span, "first defined here")
                                .help(if same {
                                    "both have the same value: delete this line".to_string()
                                } else {
                                    format!("keep the `{}` line with the right value and delete the other", e.key)
                                }),
                            );
                        }
                        seen.entry(&e.key).or_insert(e);
                        stack.push(&e.value);
                    }
                }
                Value::Seq(items) => stack.extend(items),
                _ => {}
            }
        }
    }
}
