use std::sync::OnceLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, ImageOrigin};
use crate::rules::image;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a numbered series of images used out of order in one page. Speaker photos of a
    /// session are often numbered after it, in the order of the speakers: `1058.png` for the
    /// first, `1058_2.png` for the second. When `1058_2.png` comes before `1058.png` in the
    /// page, the photos are probably swapped: each speaker is shown with the other's face.
    /// A name without a suffix counts as number 0 (`1058.png` < `1058_1.png` < `1058_2.png`);
    /// `-` works like `_`.
    ///
    /// ## Why is this bad?
    /// A reader puts the wrong face to a name, and nothing else catches it: every file exists.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="images/speaker/1058_2.png" alt="Jing Li" /><br>Jing Li: Apache APISIX community
    ///
    /// <img src="images/speaker/1058.png" alt="Reese Liu" /><br>Reese Liu: Apache APISIX community
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// <img src="images/speaker/1058.png" alt="Jing Li" /><br>Jing Li: Apache APISIX community
    ///
    /// <img src="images/speaker/1058_2.png" alt="Reese Liu" /><br>Reese Liu: Apache APISIX community
    /// ```
    pub ImageSequence, "image/sequence", Severity::Warning, "numbered images used out of order"
}

fn series_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?P<stem>.*?\d+)(?:[_-](?P<n>\d{1,3}))?\.[A-Za-z0-9]+$").expect("valid regex")
    })
}

/// `images/speaker/1058_2.png` → (`images/speaker/1058`, 2).
pub fn series_member(src: &str) -> Option<(String, u32)> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let caps = series_re().captures(name)?;
    let stem = caps.name("stem")?.as_str();
    let n = match caps.name("n") {
        Some(m) => m.as_str().parse().ok()?,
        None => 0,
    };
    Some((format!("{dir}/{stem}"), n))
}

impl Rule for ImageSequence {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some((_, _, refs)) = image::prepare(&Self::META, doc, cx, out) else {
            return;
        };
        // (series, number, index into refs) for the first use of each distinct src.
        let mut seen_src: Vec<&str> = Vec::new();
        let mut members: Vec<(String, u32, usize)> = Vec::new();
        for (i, img) in refs.iter().enumerate() {
            if img.origin == ImageOrigin::FrontMatter || seen_src.contains(&img.src.as_str()) {
                continue;
            }
            seen_src.push(&img.src);
            if let Some((series, n)) = series_member(img.src.trim()) {
                members.push((series, n, i));
            }
        }
        let mut reported: Vec<&str> = Vec::new();
        for (k, (series, n, i)) in members.iter().enumerate() {
            if reported.contains(&series.as_str()) {
                continue;
            }
            let before = members[..k]
                .iter()
                .filter(|(s, m, _)| s == series && m > n)
                .min_by_key(|(_, m, _)| *m);
            if let Some((_, _, j)) = before {
                reported.push(series);
                let img = &refs[*i];
                let earlier = &refs[*j];
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        &doc.source,
                        img.src_span,
                        format!(
                            "`{}` comes after `{}`: the numbered photos are out of order",
                            img.src.trim(),
                            earlier.src.trim()
                        ),
                    )
                    .label(&doc.source, earlier.src_span, "the higher number comes first here")
                    .help("check that each photo sits next to the right person; the series is numbered in the order of the speakers"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        assert_eq!(
            series_member("images/speaker/1058_2.png"),
            Some(("images/speaker/1058".into(), 2))
        );
        assert_eq!(
            series_member("images/speaker/1058.png"),
            Some(("images/speaker/1058".into(), 0))
        );
        assert_eq!(series_member("images/logo/alc_baidu_2x.png"), None);
        assert_eq!(series_member("images/logo/HUAWEI.png"), None);
    }
}
