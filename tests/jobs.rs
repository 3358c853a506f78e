//! The three jobs: baseline round trip (bulk audit), `--changed-since` (pull requests),
//! summary and markdown reports.

use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn findings(o: &Output) -> (Vec<(String, String)>, serde_json::Value) {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let list = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (list, v)
}

#[test]
fn baseline_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("a.md"),
        "---\ntitle: \"a\"\ntags:\n\t- x\n---\nbody\n",
    )
    .unwrap();
    std::fs::write(d.join("b.md"), "No front matter here.\n").unwrap();
    std::fs::write(d.join("c.md"), "---\ntitle: \"c\"\n---\nfine\n").unwrap();
    let o = run_in(
        d,
        &[
            "check",
            ".",
            "--format",
            "json",
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(findings(&o).0.len(), 2);

    // An unrelated edit above a finding: it stays hidden.
    std::fs::write(
        d.join("a.md"),
        "---\ntitle: \"a, edited\"\nauthor: \"new line\"\ntags:\n\t- x\n---\nbody\n",
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "check",
            ".",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
        ],
    );
    assert_eq!(findings(&o).0, Vec::<(String, String)>::new());
    assert_eq!(o.status.code(), Some(0));

    // A new defect: only it is reported.
    std::fs::write(d.join("c.md"), "---\ntitle: \"c\"\n").unwrap();
    let o = run_in(
        d,
        &[
            "check",
            ".",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
        ],
    );
    assert_eq!(
        findings(&o).0,
        vec![("c.md".to_string(), "schema/unclosed".to_string())]
    );
    assert_eq!(o.status.code(), Some(1));

    // Fix one: it is reported as fixed.
    std::fs::write(
        d.join("b.md"),
        "---\ntitle: \"b\"\n---\nNow with front matter.\n",
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "check",
            ".",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
        ],
    );
    let (_, v) = findings(&o);
    assert_eq!(v["fixed"][0]["path"], "b.md");
    assert_eq!(v["fixed"][0]["rule"], "schema/no-front-matter");
    let o = run_in(
        d,
        &[
            "check",
            ".",
            "--format",
            "summary",
            "--baseline",
            "baseline.json",
        ],
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("fixed since the baseline: 1"));
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn changed_since_reports_only_changed_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join("old.md"), "---\ntitle: x\n").unwrap();
    std::fs::write(d.join("touched.md"), "---\ntitle: x\n---\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "base"]);
    std::fs::write(d.join("touched.md"), "---\ntitle: y\n").unwrap();
    std::fs::write(d.join("new.md"), "no front matter\n").unwrap();
    let o = run_in(
        d,
        &["check", ".", "--format", "json", "--changed-since", "HEAD"],
    );
    let (list, v) = findings(&o);
    assert_eq!(v["files_checked"], 2);
    assert_eq!(
        list,
        vec![
            ("new.md".to_string(), "schema/no-front-matter".to_string()),
            ("touched.md".to_string(), "schema/unclosed".to_string())
        ]
    );
    let bad = run_in(d, &["check", ".", "--changed-since", "no-such-rev"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn summary_and_markdown_reports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for format in ["summary", "markdown"] {
        let o = run_in(root, &["check", "tests/cmd/mixed", "--format", format]);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(format);
        settings.bind(|| insta::assert_snapshot!(String::from_utf8_lossy(&o.stdout)));
    }
}
