//! The bad-input matrix: every case ends in a named diagnostic or a clear exit 2 — never a
//! panic — and the other files of the run are still checked.
//!
//! No test here reads the clock: how long the large inputs take is measured by
//! `benches/bad_input.sh`, which also checks that the work grows linearly with their size.

use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run contentlint")
}

/// Run on one file (plus a clean companion that must still be checked) and return
/// (exit code, [(rule, line, column)]) for the file.
fn check_one(name: &str, bytes: &[u8]) -> (i32, Vec<(String, u64, u64)>) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(name), bytes).unwrap();
    std::fs::write(tmp.path().join("companion.md"), "---\ntitle: x\n").unwrap();
    let o = run_in(
        tmp.path(),
        &["check", "--format", "json", name, "companion.md"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{name}: {e}: {stderr}"));
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags
            .iter()
            .any(|d| d["path"] == "companion.md" && d["rule"] == "schema/unclosed"),
        "{name}: the companion file was not checked"
    );
    let mine = diags
        .iter()
        .filter(|d| d["path"] == name)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    (o.status.code().unwrap_or(-1), mine)
}

fn rules(found: &[(String, u64, u64)]) -> Vec<&str> {
    found.iter().map(|f| f.0.as_str()).collect()
}

#[test]
fn empty_file() {
    let (_, found) = check_one("empty.md", b"");
    assert_eq!(rules(&found), ["schema/no-front-matter"]);
}

#[test]
fn dashes_alone_and_never_closed() {
    let (_, found) = check_one("dashes.md", b"---");
    assert_eq!(found, [("schema/unclosed".to_string(), 1, 1)]);
    let (_, found) = check_one("open.md", b"---\ntitle: a\nbody text\n");
    assert_eq!(rules(&found), ["schema/unclosed"]);
}

#[test]
fn ten_megabyte_front_matter() {
    let mut fm = String::from("---\n");
    let mut i = 0;
    while fm.len() < 10 * 1024 * 1024 {
        fm.push_str(&format!(
            "key{i}: \"a value that is long enough to fill the block quickly {i}\"\n"
        ));
        i += 1;
    }
    fm.push_str("---\nbody\n");
    let (_, found) = check_one("big-fm.md", fm.as_bytes());
    assert!(!rules(&found).contains(&"schema/syntax"), "{found:?}");
}

#[test]
fn alias_bomb_is_not_expanded() {
    let mut y = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ('a'..'i').zip('b'..'j') {
        y.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    y.push_str("---\nbody\n");
    let (_, found) = check_one("bomb.md", y.as_bytes());
    assert!(!rules(&found).contains(&"schema/syntax"), "{found:?}");
}

#[test]
fn deep_nesting_is_a_syntax_finding() {
    let text = format!(
        "---\na: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (_, found) = check_one("deep.md", text.as_bytes());
    assert_eq!(rules(&found), ["schema/syntax"]);
}

#[test]
fn tabs_in_yaml() {
    let (_, found) = check_one("tabs.md", b"---\ntags:\n\t- a\n---\n");
    assert_eq!(found, [("schema/syntax".to_string(), 3, 2)]);
}

#[test]
fn encodings_and_nul_bytes() {
    assert_eq!(
        rules(&check_one("latin1.md", b"---\ntitle: caf\xe9\n---\n").1),
        ["input/not-utf8"]
    );
    assert_eq!(
        rules(&check_one("utf16.md", b"\xff\xfe-\0-\0-\0\n\0").1),
        ["input/not-utf8"]
    );
    assert_eq!(
        rules(&check_one("nul.md", b"---\ntitle: a\0b\n---\n").1),
        ["input/binary"]
    );
    // A UTF-8 byte-order mark is stripped and remembered: the front matter still parses.
    assert_eq!(
        rules(&check_one("bom.md", b"\xef\xbb\xbf---\ntitle: x\n---\nbody\n").1),
        Vec::<&str>::new()
    );
}

#[test]
fn line_endings_keep_columns_right() {
    for (name, text) in [
        ("crlf.md", "---\r\ntitle: x\r\nbad: \"a\" b\r\n---\r\n"),
        ("cr.md", "---\rtitle: x\rbad: \"a\" b\r---\r"),
        ("mixed.md", "---\ntitle: x\r\nbad: \"a\" b\r---\n"),
    ] {
        let (_, found) = check_one(name, text.as_bytes());
        let syntax: Vec<_> = found.iter().filter(|f| f.0 == "schema/syntax").collect();
        assert_eq!(syntax.len(), 1, "{name}: {found:?}");
        assert_eq!((syntax[0].1, syntax[0].2), (3, 10), "{name}: {found:?}");
    }
}

#[test]
fn twenty_megabyte_single_line() {
    // The rules read the whole line: a defect at its far end is found, at the right column.
    let mut text = String::from("---\ntitle: x\n---\n");
    let words = 4 * 1024 * 1024;
    text.push_str(&"word ".repeat(words));
    text.push_str("at the Summit/ Meetup\n");
    let (code, found) = check_one("long-line.md", text.as_bytes());
    assert_ne!(code, 2);
    let column = (words * 5 + "at the Summit".len() + 1) as u64;
    assert!(
        found.contains(&("mt/token-spacing".to_string(), 4, column)),
        "{found:?}"
    );
}

#[test]
fn unicode_columns_count_characters() {
    // Emoji, a combining mark, a zero-width space and a right-to-left mark before the error.
    let text = "---\ntitle: x\nbad: \"😀e\u{301}\u{200b}\u{202e}\" b\n---\n";
    let (_, found) = check_one("unicode.md", text.as_bytes());
    let syntax: Vec<_> = found.iter().filter(|f| f.0 == "schema/syntax").collect();
    assert_eq!((syntax[0].1, syntax[0].2), (3, 14), "{found:?}");
}

#[cfg(unix)]
#[test]
fn links_fifos_and_odd_names_when_walking() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "no front matter").unwrap();
    std::os::unix::fs::symlink(&outside, site.join("content/escape")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.md"), site.join("content/link.md")).unwrap();
    std::os::unix::fs::symlink(site.join("content"), site.join("content/loop")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(site.join("content/pipe.md"))
        .status()
        .unwrap()
        .success());
    let odd = site
        .join("content")
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
    std::fs::write(&odd, "---\ntitle: x\n").unwrap();
    std::fs::write(site.join("content/ok.md"), "---\ntitle: x\n---\n").unwrap();
    let o = run_in(&site, &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Links are not followed (nothing outside the site is read), the FIFO is skipped, and
    // the file with a non-UTF-8 name is checked under a lossy display name.
    assert_eq!(v["files_checked"], 2, "{v}");
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["content/caf\u{fffd}.md"]);
    // Named explicitly, a link loop is unreadable and the rest goes on.
    std::os::unix::fs::symlink(site.join("self.md"), site.join("self.md")).unwrap();
    let o = run_in(
        &site,
        &["check", "--format", "json", "self.md", "content/ok.md"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["rule"], "input/unreadable");
    assert_eq!(v["files_checked"], 2);
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_reported_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("a.md"), "---\ntitle: x\n---\n").unwrap();
    std::fs::write(tmp.path().join("b.md"), "---\ntitle: x\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read = std::fs::read_dir(&locked).is_ok();
    let o = run_in(tmp.path(), &["check", "--format", "json", "."]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"schema/unclosed"), "{v}");
    if !root_can_read {
        assert!(rules.contains(&"input/unreadable"), "{v}");
    }
}

#[test]
fn a_file_deleted_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let gone = tmp.path().join("gone.md");
    std::fs::write(&gone, "x").unwrap();
    std::fs::remove_file(&gone).unwrap();
    let err = contentlint::document::read_source(&gone, "gone.md", 1 << 20).unwrap_err();
    assert_eq!(
        err,
        contentlint::document::InputProblem::Unreadable("no such file".into())
    );
}

#[test]
fn huge_front_matter_under_a_closed_schema() {
    // 100,000 unknown keys, each repeated, against a schema with
    // `additionalProperties: false`: both kinds of finding are reported, capped per rule.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("contentlint.yaml"),
        "schemas:\n  - paths: [\"**\"]\n    schema: session\n",
    )
    .unwrap();
    let mut fm = String::from("---\n");
    for i in 0..100_000 {
        fm.push_str(&format!("k{i}: \"v\"\nk{i}: \"w\"\n"));
    }
    fm.push_str("---\nbody\n");
    std::fs::write(tmp.path().join("keys.md"), fm).unwrap();
    let o = run_in(tmp.path(), &["check", "--format", "summary", "keys.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("schema/unknown-key"), "{out}");
    assert!(out.contains("schema/duplicate-key"), "{out}");
}

#[test]
fn findings_per_rule_and_file_are_capped() {
    // 3,000 unknown keys under a closed schema: 1,000 shown and one line saying how many more.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("contentlint.yaml"),
        "schemas:\n  - paths: [\"**\"]\n    schema: session\n",
    )
    .unwrap();
    let mut fm = String::from("---\n");
    for i in 0..3000 {
        fm.push_str(&format!("k{i}: \"v\"\n"));
    }
    fm.push_str("---\nbody\n");
    std::fs::write(tmp.path().join("keys.md"), fm).unwrap();
    let o = run_in(
        tmp.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "schema/unknown-key",
            "keys.md",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1001);
    assert!(diags
        .iter()
        .any(|d| d["message"].as_str().unwrap().contains("2000 more")));
}
