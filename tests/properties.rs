//! Properties that must hold for any input.

use proptest::prelude::*;

/// Pieces real pages are made of, including the awkward ones.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("title: \"".to_string()),
        Just("date: \"\" \n".to_string()),
        Just("presenters: 李志信\n".to_string()),
        Just("stype: \"Chinese Session\"\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("<img src=\"images/speaker/1058_2.png\" width=\"200\" /><br>".to_string()),
        Just("![alt](a b.png \"t\")".to_string()),
        Just("{{< figure src=\"/x.png\" >}}".to_string()),
        Just("```\ncode\n```\n".to_string()),
        Just("`inline`".to_string()),
        Just("https://example.com/a?b=c".to_string()),
        Just("<!-- contentlint-disable -->".to_string()),
        Just(" ### Speakers: \n".to_string()),
        Just("Summit/ Meetup, API7. Ai，中文。".to_string()),
        Just("😀e\u{301}\u{200b}\u{202e}".to_string()),
        Just("[link](http://x.org)".to_string()),
        Just("{\"a\": [1, {\"b\": \"c\"}]}".to_string()),
        Just("&a [*a]".to_string()),
        "[a-zA-Z0-9 ,.:;!?\\-/()\"'#*_\\[\\]{}<>|=+%&~`@$^\\\\]{0,12}",
        "[\\u{4e00}-\\u{9fff}，。：；！？（）]{0,6}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every reported span lies inside the file and on character boundaries, and so does
    /// every fix edit; nothing panics.
    #[test]
    fn spans_are_inside_the_text_and_on_char_boundaries(text in page()) {
        for name in ["p.md", "p.zh.md"] {
            for d in contentlint::check::check_text(name, &text, &[]) {
                let mut spans = vec![d.span];
                spans.extend(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)));
                for s in spans {
                    let (a, b) = (s.start as usize, s.end as usize);
                    prop_assert!(a <= b && b <= text.len(), "{}: {:?} out of {}", d.rule.id, s, text.len());
                    prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "{}: {:?}", d.rule.id, s);
                }
            }
        }
    }

    /// The JSON report of any page is valid JSON, laid out exactly as serde_json's pretty
    /// printer lays out the same document (the report is written by hand, finding by finding).
    #[test]
    fn json_report_is_serde_jsons_own_pretty_layout(text in page()) {
        use contentlint::printers::{render, Format, HumanOptions};
        let report = contentlint::check::Report {
            diagnostics: contentlint::check::check_text("p.md", &text, &[]),
            files_checked: 1,
            ..Default::default()
        };
        let out = render(Format::Json, &report, &HumanOptions { color: false });
        let value: serde_json::Value = serde_json::from_str(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(out, serde_json::to_string_pretty(&value).unwrap() + "\n");
    }

    /// Line and column of every offset agree with a naive count.
    #[test]
    fn positions_match_a_naive_count(text in page(), pick in 0usize..10_000) {
        let idx = contentlint::source::LineIndex::new(&text);
        let offset = contentlint::source::floor_char_boundary(&text, pick % (text.len() + 1));
        // An offset between the `\r` and `\n` of one line ending belongs to the line it ends.
        prop_assume!(!(text[..offset].ends_with('\r') && text[offset..].starts_with('\n')));
        let before = &text[..offset];
        let normalized = before.replace("\r\n", "\n").replace('\r', "\n");
        let line = normalized.matches('\n').count() + 1;
        let column = normalized.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let p = idx.position(&text, offset);
        prop_assert_eq!((p.line, p.column), (line, column));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The text `--fix` writes differs from the original only inside the spans of the edits
    /// it applied: every byte between, before and after them is where it was, shifted by
    /// what the earlier edits added or removed.
    #[test]
    fn fixing_changes_nothing_outside_the_fixed_spans(text in page()) {
        for name in ["p.md", "p.zh.md"] {
            let found = contentlint::check::check_text(name, &text, &[]);
            for plan in contentlint::fix::plan(&found) {
                let mut edits = plan.edits.clone();
                edits.sort_by_key(|e| (e.span.start, e.span.end));
                let mut kept = 0usize; // end of the previous edit in the original
                let mut shift = 0isize; // bytes added so far
                for e in &edits {
                    let (a, b) = (e.span.start as usize, e.span.end as usize);
                    prop_assert!(kept <= a, "edits overlap: {:?}", edits);
                    let at = (kept as isize + shift) as usize;
                    prop_assert_eq!(plan.fixed.get(at..at + (a - kept)), Some(&text[kept..a]));
                    let at = at + (a - kept);
                    prop_assert_eq!(plan.fixed.get(at..at + e.replacement.len()), Some(e.replacement.as_str()));
                    shift += e.replacement.len() as isize - (b - a) as isize;
                    kept = b;
                }
                let at = (kept as isize + shift) as usize;
                prop_assert_eq!(plan.fixed.get(at..), Some(&text[kept..]));
            }
        }
    }
}

/// A small bilingual site built from generated pages.
fn site(pages: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("content/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "defaultContentLanguage = \"en\"\n[languages.en]\n[languages.zh]\n",
    )
    .unwrap();
    for (i, (en, zh)) in pages.iter().enumerate() {
        std::fs::write(sessions.join(format!("{i}.md")), en).unwrap();
        if i % 3 != 2 {
            std::fs::write(sessions.join(format!("{i}.zh.md")), zh).unwrap();
        }
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The report is the same whatever the number of worker threads.
    #[test]
    fn output_does_not_depend_on_the_number_of_jobs(pages in prop::collection::vec((page(), page()), 1..12)) {
        use contentlint::check::{self, CheckOptions};
        use contentlint::printers::{self, Format, HumanOptions};
        let dir = site(&pages);
        let config = contentlint::config::Config::default();
        let render = |jobs: usize| {
            let opts = CheckOptions { paths: vec![dir.path().to_path_buf()], jobs, ..CheckOptions::default() };
            let report = check::run(&opts, &config);
            printers::render(Format::Json, &report, &HumanOptions::default())
        };
        let one = render(1);
        prop_assert!(one.contains("\"files_checked\""));
        prop_assert_eq!(&one, &render(2));
        prop_assert_eq!(&one, &render(4));
    }
}
