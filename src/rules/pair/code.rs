//! `pair/code`: a code block of the translation that differs from its counterpart in the
//! original, line by line; comments may be translated.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::pairing::align::{code_line_key, code_lines, Kind};
use crate::rules::{Context, Pair, PairRule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Compares each code block of the translation with the code block the alignment pairs
    /// it with in the original, line by line, with blanks squeezed and comments (whole-line
    /// `#`, `//`, `--` comments and trailing ` #`/` //` comments) left out: comments may be
    /// translated, commands, values and flags may not. A comment line of one side that is a
    /// code line of the other (`# kubectl get pods` as a shell prompt) is the same line, and a
    /// line of the translation with letters of its own language (a translated value,
    /// placeholder or comment) is left to the translator. One finding per block, on its first
    /// differing line, with the differing lines in the help. A code block present on one
    /// side only is `pair/missing-block`.
    ///
    /// ## Why is this bad?
    /// A reader of the translation runs a different command: a flag dropped, a version
    /// left behind, a value changed.
    ///
    /// ## Example
    /// The original has `helm install volcano volcano-sh/volcano -n volcano-system
    /// --create-namespace`; the translation:
    /// ```text
    /// helm install volcano volcano-sh/volcano -n volcano-system
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// helm install volcano volcano-sh/volcano -n volcano-system --create-namespace
    /// ```
    pub PairCode, "pair/code", Severity::Warning, "a code block differs from the original's"
}

impl PairRule for PairCode {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (o, t) = (pair.original, pair.translation);
        let al = pair.alignment();
        for l in &al.links {
            if l.a.len() != 1 || l.b.len() != 1 {
                continue;
            }
            let (ua, ub) = (&al.a[l.a.start], &al.b[l.b.start]);
            if ua.kind != Kind::Code || ub.kind != Kind::Code {
                continue;
            }
            let keyed = |lines: Vec<(Span, &str)>| -> Vec<(Span, String)> {
                lines
                    .into_iter()
                    .map(|(s, line)| (s, code_line_key(line)))
                    .filter(|(_, k)| !k.is_empty())
                    .collect()
            };
            let (la, lb) = (keyed(code_lines(o, ua.span)), keyed(code_lines(t, ub.span)));
            let ka: Vec<&str> = la.iter().map(|(_, k)| k.as_str()).collect();
            let kb: Vec<&str> = lb.iter().map(|(_, k)| k.as_str()).collect();
            if ka == kb {
                continue;
            }
            // The text of each side's comment lines, without the marker: a `# cmd` of one
            // page is a shell prompt, the same line as `cmd` on the other.
            let commented = |doc: &Document, span: Span| -> Vec<String> {
                code_lines(doc, span)
                    .into_iter()
                    .filter(|(_, line)| code_line_key(line).is_empty())
                    .map(|(_, line)| {
                        let t = line.trim().trim_start_matches(['#', '$', '>']);
                        t.split_whitespace().collect::<Vec<_>>().join(" ")
                    })
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            let (ca, cb) = (commented(o, ua.span), commented(t, ub.span));
            // A line of the translation written in its own language is a translated
            // value, placeholder or comment, not a changed command.
            let translated = |k: &str| k.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
            let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb);
            let mut first: Option<Span> = None;
            let mut first_a: Option<Span> = None;
            let mut diff = Vec::new();
            for op in &ops {
                let (_, old, new) = op.as_tag_tuple();
                if op.tag() == similar::DiffTag::Replace
                    && kb[new.clone()].iter().all(|k| translated(k))
                {
                    continue;
                }
                for i in old.clone().filter(|_| op.tag() != similar::DiffTag::Equal) {
                    if cb.iter().any(|c| c == ka[i]) {
                        continue;
                    }
                    first_a.get_or_insert(la[i].0);
                    diff.push(format!("- {}", ka[i]));
                }
                for j in new.clone().filter(|_| op.tag() != similar::DiffTag::Equal) {
                    if ca.iter().any(|c| c == kb[j]) || translated(kb[j]) {
                        continue;
                    }
                    first.get_or_insert(lb[j].0);
                    diff.push(format!("+ {}", kb[j]));
                }
            }
            if diff.is_empty() {
                continue;
            }
            // A line only deleted: the finding goes where the translation lacks it.
            let span = first.unwrap_or(ub.span);
            let changed = diff.len();
            diff.truncate(8);
            if changed > diff.len() {
                diff.push(format!("… and {} more lines", changed - diff.len()));
            }
            out.push(
                Diagnostic::new(
                    &Self::META,
                    &t.source,
                    span,
                    "this code block differs from the other page's".to_string(),
                )
                .label(&o.source, first_a.unwrap_or(ua.span), "the other page's code")
                .help(format!(
                    "make the code the same as the other page's (comments may differ); the other page (-) and this one (+):\n{}",
                    diff.join("\n")
                )),
            );
        }
    }
}
