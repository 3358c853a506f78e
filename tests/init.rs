//! `contentlint init` on a small site (tests/data/init-site).

use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/init-site"),
        tmp.path(),
    );
    tmp
}

#[test]
fn infers_a_schema_per_section() {
    let tmp = site();
    let o = run_in(tmp.path(), &["init"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let schema: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(tmp.path().join(".contentlint/schemas/sessions.yaml")).unwrap(),
    )
    .unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // `room` is in 2 of 6 pages: optional; the rest are everywhere.
    assert_eq!(required, ["title", "date", "track", "presenters", "stype"]);
    let props = &schema["properties"];
    assert_eq!(props["date"]["format"], "hugo-date");
    assert_eq!(props["track"]["x-reference"]["section"], "tracks");
    assert_eq!(
        props["stype"]["enum"],
        serde_json::json!(["Chinese Session", "English Session"])
    );
    assert_eq!(props["presenters"]["type"], "string");
    assert!(props["presenters"].get("enum").is_none());
    assert_eq!(schema["additionalProperties"], false);
    // Two tracks pages: too few for a schema of their own.
    assert!(!tmp.path().join(".contentlint/schemas/tracks.yaml").exists());

    let config = std::fs::read_to_string(tmp.path().join("contentlint.yaml")).unwrap();
    assert!(config.contains("content/sessions/**"), "{config}");
    // The report names what it inferred and what the new config finds (the empty date).
    assert!(out.contains("references: track → content/tracks"), "{out}");
    assert!(out.contains("schema/empty: 1 page(s)"), "{out}");

    // The written config is the one `check` now uses.
    let o = run_in(tmp.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"schema/empty"), "{rules:?}");
}

#[test]
fn never_overwrites_without_force() {
    let tmp = site();
    std::fs::write(tmp.path().join("contentlint.yaml"), "# mine\n").unwrap();
    let o = run_in(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("contentlint.yaml")).unwrap(),
        "# mine\n"
    );
    let o = run_in(tmp.path(), &["init", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(tmp.path().join("contentlint.yaml"))
        .unwrap()
        .contains("schemas:"));
}

#[test]
fn refuses_a_directory_that_is_not_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_in(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no Hugo config"));
}
