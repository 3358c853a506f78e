//! Findings as data: what was found, where, how bad, and how to fix it.
//!
//! Diagnostics know nothing about printing; printers know nothing about rules.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::{SourceFile, Span};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably wrong; fails a run only with `--fail-on warning`.
    Warning,
    /// Wrong; fails the run.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Always correct: applied by `--fix`.
    Safe,
    /// Usually right but needs a human: shown, never applied automatically.
    Unsafe,
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Bytes to replace (in the diagnostic's file).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// A set of edits that together fix one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Non-overlapping edits, in any order.
    pub edits: Vec<Edit>,
    /// How safe the fix is.
    pub applicability: Applicability,
}

impl Fix {
    /// A fix that replaces one span.
    pub fn replace(
        span: Span,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Fix {
        Fix {
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
            applicability,
        }
    }
}

/// A secondary location, possibly in another file (e.g. the same field in the translation).
#[derive(Clone, Debug)]
pub struct Label {
    /// The file the location is in.
    pub file: Arc<SourceFile>,
    /// Bytes of the location.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static RuleMeta,
    /// Severity after configuration.
    pub severity: Severity,
    /// The file the finding is in.
    pub file: Arc<SourceFile>,
    /// The offending value or token.
    pub span: Span,
    /// What is wrong: lowercase, no final period, values in backticks.
    pub message: Arc<str>,
    /// What to do about it.
    pub help: Option<Arc<str>>,
    /// Related locations.
    pub labels: Vec<Label>,
    /// An automatic fix.
    pub fix: Option<Fix>,
    /// Findings of other rules on text this one covers that say the same thing, folded
    /// into it (see `crate::fold`).
    pub folded: Vec<Folded>,
}

/// A finding folded into another: where it was and what it said. It is on the same page.
#[derive(Clone, Debug)]
pub struct Folded {
    /// Its rule.
    pub rule: &'static RuleMeta,
    /// Its place.
    pub span: Span,
    /// Its message.
    pub message: Arc<str>,
}

impl Diagnostic {
    /// A finding of `rule` at `span` with the rule's default severity.
    pub fn new(
        rule: &'static RuleMeta,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            file: Arc::clone(file),
            span,
            message: message.into().into(),
            help: None,
            labels: Vec::new(),
            fix: None,
            folded: Vec::new(),
        }
    }

    /// Add a help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into().into());
        self
    }

    /// Add a related location.
    pub fn label(
        mut self,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.labels.push(Label {
            file: Arc::clone(file),
            span,
            message: message.into(),
        });
        self
    }

    /// Attach a fix.
    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    /// Override the severity.
    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// The key diagnostics are sorted by: path, position, rule, message.
    pub fn sort_key(&self) -> (&str, Span, &str, &str) {
        (&self.file.display, self.span, self.rule.id, &self.message)
    }
}

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// `family/name`.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: what it does, why, examples (from the rule's doc comment).
    pub explanation: &'static str,
    /// Whether the rule offers fixes.
    pub fixable: bool,
    /// Where the rule is defined, for contributors.
    pub defined_at: &'static str,
}

impl RuleMeta {
    /// The family part of the id.
    pub fn family(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }

    /// The explanation without the one-space indent doc comments carry.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.explanation.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first fenced `yaml` block of the explanation: the `contentlint.yaml` the examples
    /// are checked under.
    pub fn example_config(&self) -> Option<String> {
        let text = self.explanation();
        let start = text.find("```yaml\n")? + "```yaml\n".len();
        let len = text[start..].find("```")?;
        Some(text[start..start + len].to_string())
    }

    /// The fenced `markdown` examples of the explanation: (must fire, text).
    /// Blocks under `## Example` must fire; blocks after `Use instead:` must not.
    pub fn examples(&self) -> Vec<(bool, String)> {
        let mut out = Vec::new();
        let mut bad = true;
        let mut in_block: Option<String> = None;
        for line in self.explanation().lines() {
            match &mut in_block {
                Some(buf) => {
                    if line.trim_start().starts_with("```") {
                        out.push((bad, std::mem::take(buf)));
                        in_block = None;
                    } else {
                        buf.push_str(line);
                        buf.push('\n');
                    }
                }
                None => {
                    if line.starts_with("## Example") {
                        bad = true;
                    } else if line.starts_with("Use instead") {
                        bad = false;
                    } else if line.starts_with("## ") {
                        bad = true;
                    }
                    if line.trim_start() == "```markdown" {
                        in_block = Some(String::new());
                    }
                }
            }
        }
        out
    }
}

/// Whether a selector (a full id like `mt/calque` or a family like `mt`) names `rule`.
pub fn id_matches(selector: &str, rule: &str) -> bool {
    selector == rule
        || selector == "all"
        || rule
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}
