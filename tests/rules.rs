//! Every rule's documented examples, and the fixture snapshots under `tests/fixtures/`.

use std::path::{Path, PathBuf};

use contentlint::check::{self, CheckOptions};
use contentlint::config::Config;
use contentlint::printers::{self, Format, HumanOptions};
use contentlint::rules;

/// The bad example of every rule fires that rule; the good one does not.
#[test]
fn every_rule_example_behaves_as_documented() {
    let mut checked = 0;
    for meta in rules::all_meta() {
        if meta.family() == "input" {
            continue; // reported by the loader, covered by tests/cli.rs
        }
        let examples = meta.examples();
        // A rule about the site around a page (a missing track page, a missing image) shows
        // its examples as text and is tested by its fixture site instead.
        let (family, name) = meta.id.split_once('/').expect("family/name");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(family)
            .join(name);
        // A rule that needs a whole run or a git history names its test: "Tested by
        // `tests/x.rs`".
        let tested_by = meta
            .explanation()
            .split("Tested by `")
            .nth(1)
            .and_then(|r| r.split('`').next())
            .map(|f| Path::new(env!("CARGO_MANIFEST_DIR")).join(f));
        assert!(
            examples.iter().any(|(bad, _)| *bad)
                || fixture.is_dir()
                || tested_by.as_ref().is_some_and(|f| f.is_file()),
            "{} has neither a bad example, a fixture nor a named test",
            meta.id
        );
        let config = match meta.example_config() {
            Some(yaml) => Config::parse(&yaml, Path::new("contentlint.yaml"), Path::new("."))
                .unwrap_or_else(|e| panic!("{}: example config: {e}", meta.id)),
            None => Config::default(),
        };
        for (bad, text) in examples {
            let found = check::check_text_with("example.md", &text, &[meta.id], &config);
            let fired = found.iter().any(|d| d.rule.id == meta.id);
            assert_eq!(
                fired,
                bad,
                "{}: example {} {}:\n{text}\n{found:#?}",
                meta.id,
                if bad {
                    "should fire"
                } else {
                    "should not fire"
                },
                if bad { "but did not" } else { "but did" }
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// The human report of `contentlint check <fixture> --select <family/name>`.
pub fn run_fixture(path: &Path) -> String {
    let rel = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .expect("under fixtures");
    let mut parts = rel.iter().map(|c| c.to_string_lossy().into_owned());
    let rule = format!(
        "{}/{}",
        parts.next().expect("family"),
        parts.next().expect("name")
    );
    let shown = PathBuf::from("tests/fixtures").join(rel);
    let config = match Config::discover(&shown) {
        Some(p) => Config::load(&p).expect("fixture config"),
        None => Config::default(),
    };
    let opts = CheckOptions {
        paths: vec![shown],
        select: vec![rule],
        jobs: 1,
        ..CheckOptions::default()
    };
    let report = check::run(&opts, &config);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    printers::render(Format::Human, &report, &HumanOptions { color: false })
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// One snapshot per fixture file, named after its path under `tests/fixtures/`.
#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    assert!(!files.is_empty());
    for path in files {
        let rel = path.strip_prefix(&root).expect("under fixtures");
        let name = rel
            .with_extension("")
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let mut settings = insta::Settings::clone_current();
        settings.set_input_file(&path);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/fixtures"),
        );
        settings.bind(|| insta::assert_snapshot!(name, run_fixture(&path)));
    }
}
