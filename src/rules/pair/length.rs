//! `pair/length` needs every pair of the run before it can judge one: pairs are measured
//! as they are checked and judged at the end of the run.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::pair::page_span;
use crate::rules::{Context, Pair, RuleMeta, RunContext, RunRule};
use crate::source::{SourceFile, Span};

declare_rule! {
    /// ## What it does
    /// Reports a translation far shorter or longer than expected. The expected length is
    /// learned from the run's own pairs, per language direction (`en` → `zh` and `zh` →
    /// `en` separately): the median ratio of translation to original, in units that fit both
    /// scripts (a Han character or a Latin word each), and the median absolute deviation
    /// around it. A pair whose ratio is more than five deviations away (and at least half or
    /// double the median) is an outlier. Nothing is claimed with fewer than 20 pairs in a
    /// direction, or for originals under 20 units.
    ///
    /// ## Why is this bad?
    /// A translation half as long as its siblings lost paragraphs (often the last ones: a
    /// truncated abstract); one twice as long holds text that is not in the original.
    ///
    /// ## Example
    /// Among 300 English pages whose Chinese translation is 1.6 times as long in units, one
    /// page of 200 words translated into 40 characters:
    /// ```text
    /// 本次分享介绍 Apache Pulsar。
    /// ```
    ///
    /// Use instead: the whole abstract, translated.
    ///
    /// Tested by `tests/pairs.rs` (a run of generated pairs) and the unit tests of this rule.
    pub PairLength, "pair/length", Severity::Warning, "a translation is far shorter or longer than expected"
}

impl RunRule for PairLength {
    type State = Mutex<Vec<Sample>>;

    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn pair(&self, pair: &Pair<'_>, _cx: &Context<'_>, run: &Self::State) {
        let (o, t) = (pair.original, pair.translation);
        let sample = Sample {
            direction: format!(
                "{} → {}",
                o.lang.as_deref().unwrap_or("?"),
                t.lang.as_deref().unwrap_or("?")
            ),
            original_units: pair.text_units(o),
            translation_units: pair.text_units(t),
            translation: Place::of(&t.source, page_span(t)),
            original: Place::of(&o.source, page_span(o)),
        };
        run.lock().unwrap_or_else(|e| e.into_inner()).push(sample);
    }

    fn finish(&self, state: Self::State, run: &RunContext<'_>) -> Vec<Diagnostic> {
        let samples = state.into_inner().unwrap_or_else(|e| e.into_inner());
        (run.keep)(judge(&samples))
    }
}

/// One measured pair.
#[derive(Clone, Debug)]
pub struct Sample {
    /// `original language → translation language`.
    pub direction: String,
    /// Units of the original.
    pub original_units: usize,
    /// Units of the translation.
    pub translation_units: usize,
    /// The translation (where the finding goes) and its first paragraph.
    pub translation: Place,
    /// The original and its first paragraph.
    pub original: Place,
}

/// A page and a span in it, without its text: a run measures every pair but reports few,
/// so samples must not keep every page in memory. Outliers are read again.
#[derive(Clone, Debug)]
pub struct Place {
    /// The path to read.
    pub path: std::path::PathBuf,
    /// The path as shown.
    pub display: String,
    /// Where.
    pub span: Span,
}

impl Place {
    /// Remember where `span` of `file` is.
    pub fn of(file: &SourceFile, span: Span) -> Place {
        Place {
            path: file.path.clone(),
            display: file.display.clone(),
            span,
        }
    }

    fn load(&self) -> Option<Arc<SourceFile>> {
        crate::document::read_source(&self.path, &self.display, u64::MAX)
            .ok()
            .map(Arc::new)
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Judge every sample against its direction's statistics.
fn judge(samples: &[Sample]) -> Vec<Diagnostic> {
    let mut by_dir: BTreeMap<&str, Vec<&Sample>> = BTreeMap::new();
    for s in samples.iter().filter(|s| s.original_units >= 20) {
        by_dir.entry(&s.direction).or_default().push(s);
    }
    let mut out = Vec::new();
    for (dir, pairs) in by_dir {
        if pairs.len() < 20 {
            continue;
        }
        let logs: Vec<f64> = pairs
            .iter()
            .map(|s| ((s.translation_units.max(1)) as f64 / s.original_units as f64).ln())
            .collect();
        let med = median(&mut logs.clone());
        let mut dev: Vec<f64> = logs.iter().map(|l| (l - med).abs()).collect();
        let mad = median(&mut dev).max(0.05);
        for (s, l) in pairs.iter().zip(&logs) {
            let off = l - med;
            if off.abs() < 5.0 * mad || off.abs() < std::f64::consts::LN_2 {
                continue;
            }
            let (Some(file), Some(original)) = (s.translation.load(), s.original.load()) else {
                continue;
            };
            let expected = (s.original_units as f64 * med.exp()).round();
            let (what, help) = if off < 0.0 {
                (
                    "shorter",
                    "compare the two pages: the translation may be truncated or missing paragraphs",
                )
            } else {
                (
                    "longer",
                    "compare the two pages: the translation holds text the original does not",
                )
            };
            out.push(
                Diagnostic::new(
                    &PairLength::META,
                    &file,
                    s.translation.span,
                    format!(
                        "the translation is far {what} than usual for `{dir}`: {} units for an original of {} (about {expected} expected)",
                        s.translation_units, s.original_units
                    ),
                )
                .label(&original, s.original.span, "the original")
                .help(help),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(o: usize, t: usize) -> Sample {
        // Any readable file stands for the pages.
        let f = SourceFile::new(
            "Cargo.toml".into(),
            "Cargo.toml".into(),
            String::new(),
            false,
        );
        Sample {
            direction: "en → zh".into(),
            original_units: o,
            translation_units: t,
            translation: Place::of(&f, Span::empty(0)),
            original: Place::of(&f, Span::empty(0)),
        }
    }

    #[test]
    fn outliers_against_the_runs_own_ratio() {
        // Chinese translations run about 1.5 times the English units, give or take.
        let mut s: Vec<Sample> = (0..30)
            .map(|i| sample(100 + i, 150 + (i * 7) % 20))
            .collect();
        s.push(sample(200, 40)); // truncated
        s.push(sample(100, 600)); // padded
        s.push(sample(10, 1)); // too short to judge
        let found = judge(&s);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].message.contains("shorter"));
        assert!(found[1].message.contains("longer"));
    }

    #[test]
    fn too_few_pairs_claim_nothing() {
        let s: Vec<Sample> = (0..19)
            .map(|_| sample(100, 150))
            .chain([sample(100, 10)])
            .collect();
        assert!(judge(&s[..19]).is_empty());
    }
}
