//! Baselines: record today's findings, then report only new ones.
//!
//! A site with two thousand legacy problems can turn the check on today and burn the list
//! down. An entry is a fingerprint of the rule, the path and the flagged text (the text under
//! the span, or the message when the span is empty), with a count — never a line number, so
//! entries survive unrelated edits above or below the finding. Entries that no longer match
//! anything are reported as fixed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// One recorded finding (with how many identical ones there were).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// Path as displayed.
    pub path: String,
    /// The flagged text.
    pub text: String,
    /// How many findings share this fingerprint.
    pub count: usize,
}

/// A baseline file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Recorded findings, sorted.
    pub entries: Vec<Entry>,
}

type Key = (String, String, String);

fn key(d: &Diagnostic) -> Key {
    let flagged = d.file.slice(d.span);
    let text = if flagged.trim().is_empty() {
        d.message.to_string()
    } else {
        flagged.to_string()
    };
    (d.rule.id.to_string(), d.file.display.clone(), text)
}

impl Baseline {
    /// A baseline of these findings.
    pub fn of(diags: &[Diagnostic]) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for d in diags {
            *counts.entry(key(d)).or_default() += 1;
        }
        let entries = counts
            .into_iter()
            .map(|((rule, path, text), count)| Entry {
                rule,
                path,
                text,
                count,
            })
            .collect();
        Baseline {
            version: 1,
            entries,
        }
    }

    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a contentlint baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Write the baseline as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write baseline: {e}", path.display()))
    }

    /// Drop the findings the baseline knows; return the baseline entries that matched
    /// nothing (fixed since the baseline was written).
    pub fn filter(&self, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
        let mut left: BTreeMap<Key, usize> = self
            .entries
            .iter()
            .map(|e| ((e.rule.clone(), e.path.clone(), e.text.clone()), e.count))
            .collect();
        diags.retain(|d| match left.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
        left.into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((rule, path, text), count)| Entry {
                rule,
                path,
                text,
                count,
            })
            .collect()
    }
}
