//! `--fix`: fixes reach a stable text, and a second run changes nothing.

use std::path::{Path, PathBuf};

use contentlint::check::{self, CheckOptions};
use contentlint::config::Config;
use contentlint::fix;
use proptest::prelude::*;

fn options(paths: Vec<PathBuf>) -> CheckOptions {
    CheckOptions {
        paths,
        select: vec!["mt".into()],
        jobs: 1,
        ..CheckOptions::default()
    }
}

/// Fix everything under `paths`, then check that another pass has nothing left to do.
fn fix_twice(paths: Vec<PathBuf>, files: &[PathBuf]) {
    let config = Config::default();
    let opts = options(paths);
    let report = check::run(&opts, &config);
    let (outcome, after) = fix::fix_until_stable(&opts, &config, report);
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(
        fix::plan(&after.diagnostics).is_empty(),
        "safe fixes left after --fix"
    );
    let report = check::run(&opts, &config);
    let (second, _) = fix::fix_until_stable(&opts, &config, report);
    assert_eq!(second.fixed, 0);
    let again: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(before, again, "a second --fix changed a file");
}

const PIECES: &[&str] = &[
    "Summit/ Meetup",
    "Contributor /API7.ai",
    "Dubbo- Go",
    "e. g. ",
    "( incubating )",
    "word , next",
    "end .",
    "question ?",
    "，",
    "。",
    "：",
    "；",
    "（",
    "）",
    "、",
    "1、item",
    "Ａ１",
    "\u{3000}",
    "《书》",
    "Ali cloud",
    "This sharing",
    "this sharing of data",
    "stepped into many holes",
    "中文",
    "API7. Ai",
    " ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "text",
    "`code , here`",
    "[link](http://x.y/a , b)",
    "**bold ,**",
    "- item ,",
    "<br>",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the text, `--fix` converges and a second `--fix` changes nothing; the byte
    /// order mark and the line endings outside fixed spans are kept.
    #[test]
    fn second_fix_changes_nothing(idx in proptest::collection::vec(0..PIECES.len(), 1..40), bom in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        let mut text = String::from("---\ntitle: \"Summit/ Meetup ， This sharing\"\n---\n");
        for i in idx {
            text.push_str(PIECES[i]);
        }
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
        }
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(&path, &bytes).unwrap();
        fix_twice(vec![dir.path().to_path_buf()], std::slice::from_ref(&path));
        let after = std::fs::read(&path).unwrap();
        prop_assert_eq!(after.starts_with(&[0xEF, 0xBB, 0xBF]), bom);
        let crlf = |b: &[u8]| b.windows(2).filter(|w| w == b"\r\n").count();
        prop_assert_eq!(crlf(&after), crlf(&bytes));
    }
}

fn copy_dir(from: &Path, to: &Path, files: &mut Vec<PathBuf>) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let q = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &q, files);
        } else if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, &q).unwrap();
            files.push(q);
        }
    }
}

/// The round trip on a copy of the real corpus. Needs ../shared/corpus, so it is ignored by
/// default: `cargo test --test fix -- --ignored`.
#[test]
#[ignore]
fn corpus_round_trip() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let corpus = if corpus.is_dir() {
        corpus
    } else {
        PathBuf::from("/work/shared/corpus")
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    copy_dir(&corpus, &dir.path().join("corpus"), &mut files);
    assert!(!files.is_empty());
    fix_twice(vec![dir.path().join("corpus")], &files);
}
