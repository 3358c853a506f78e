use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::lang;
use crate::rules::{Context, Pair, PairRule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Compares front-matter fields that must be equal on a page and its translation:
    /// by default `date`, `track`, `room`, and `presenters` when both pages write the names
    /// in the same script (tolerant of order, case and spacing). A field present on one
    /// side only, or empty on one side, counts as different. The finding is on the
    /// translation, with the original's value as related location. `speechLink` may differ
    /// (each site embeds its own video player). A value written in Han script on one side
    /// and not on the other (`room: "Hall 2"` and `room: "二号厅"`) is a translation, not a
    /// difference; date-times are compared as instants.
    ///
    /// ## Options
    /// - `fields` (list of keys): the fields to compare, replacing the default list.
    ///
    /// ## Why is this bad?
    /// The two programmes disagree: the Chinese page moved the talk to 14:00 and the
    /// English one still says 13:30.
    ///
    /// ## Example
    /// `sessions/1236.md` has `date: "2022-07-30T14:00:00"`; `sessions/1236.zh.md` has:
    /// ```text
    /// date: "2022-07-30T13:30:00"
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// date: "2022-07-30T14:00:00"
    /// ```
    pub PairField, "pair/field", Severity::Error, "a field differs between a page and its translation"
}

const DEFAULT_FIELDS: &[&str] = &["date", "track", "room", "presenters"];

fn value(doc: &Document, key: &str) -> Option<(String, Span)> {
    let e = doc.front_matter.as_ref()?.get(key)?;
    let text = match e.value.as_str() {
        Some(s) => s.trim().to_string(),
        None => doc.slice(e.value.span).trim().to_string(),
    };
    Some((text, e.value.span))
}

fn same_presenters(a: &str, b: &str) -> Option<bool> {
    let split = |s: &str| -> Vec<String> {
        s.split([',', '，', '、'])
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect()
    };
    let (pa, pb) = (split(a), split(b));
    let han = |v: &[String]| v.iter().any(|n| lang::has_han(n));
    if han(&pa) != han(&pb) {
        return None; // different scripts cannot be compared
    }
    Some(
        pa.len() == pb.len()
            && pa.iter().all(|x| {
                pb.iter().any(|y| {
                    lang::name_variants(x)
                        .iter()
                        .any(|v| lang::name_variants(y).iter().any(|w| lang::same_name(v, w)))
                })
            }),
    )
}

/// Whether two date-times are the same instant written differently
/// (`2022-07-30T14:00:00` and `2022-07-30 14:00`).
fn same_instant(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Option<String> {
        let s = s.trim().trim_matches(['"', '\'']);
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || !b[..4].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let (date, time) = (&s[..10], s[10..].trim_start_matches(['T', ' ']));
        let time = time.trim_end_matches('Z');
        let time = time.strip_suffix("+00:00").unwrap_or(time);
        let time = if time.is_empty() { "00:00:00" } else { time };
        let time = if time.len() == 5 {
            format!("{time}:00")
        } else {
            time.to_string()
        };
        Some(format!("{date}T{time}"))
    };
    matches!((norm(a), norm(b)), (Some(x), Some(y)) if x == y)
}

impl PairRule for PairField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_pair(&self, pair: &Pair<'_>, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let configured: Option<Vec<&str>> = cx
            .options
            .get("fields")
            .and_then(serde_json::Value::as_array)
            .map(|a| a.iter().filter_map(serde_json::Value::as_str).collect());
        let fields = configured.as_deref().unwrap_or(DEFAULT_FIELDS);
        let (o, t) = (pair.original, pair.translation);
        if o.front_matter.is_none() || t.front_matter.is_none() {
            return;
        }
        let t_close = t
            .front_matter
            .as_ref()
            .and_then(|f| f.close)
            .unwrap_or_else(|| Span::empty(0));
        for key in fields {
            let (ov, tv) = (value(o, key), value(t, key));
            let (o_text, t_text) = (
                ov.as_ref().map_or("", |v| v.0.as_str()),
                tv.as_ref().map_or("", |v| v.0.as_str()),
            );
            if o_text == t_text || same_instant(o_text, t_text) {
                continue;
            }
            // A value written in another script on each side (`Hall 2` and `二号厅`) is
            // translated, not changed.
            if !o_text.is_empty()
                && !t_text.is_empty()
                && lang::has_han(o_text) != lang::has_han(t_text)
            {
                continue;
            }
            if *key == "presenters" && same_presenters(o_text, t_text) != Some(false) {
                continue;
            }
            let shown = |s: &str| {
                if s.is_empty() {
                    "nothing".to_string()
                } else {
                    format!("`{s}`")
                }
            };
            let mut d = Diagnostic::new(
                &Self::META,
                &t.source,
                tv.as_ref().map_or(t_close, |v| v.1),
                format!(
                    "`{key}` is {} here but {} on the other page",
                    shown(t_text),
                    shown(o_text)
                ),
            );
            if let Some((_, span)) = &ov {
                d = d.label(&o.source, *span, "the other page's value");
            }
            d = d.help(if o_text.is_empty() {
                format!("fill in `{key}` on the other page too, or remove it here")
            } else {
                format!(
                    "make both pages say the same: `{key}: \"{o_text}\"`, or fix the other page"
                )
            });
            out.push(d);
        }
    }
}
