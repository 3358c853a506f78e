//! The command-line contract: exit codes, every output format, bad input, determinism.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run contentlint")
}

fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn exit_codes() {
    let clean = run(&["check", "tests/cmd/mixed/good.md"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(stdout(&clean), "no problems in 1 file\n");

    let findings = run(&["check", "tests/cmd/mixed"]);
    assert_eq!(findings.status.code(), Some(1));

    let warning_only = run(&["tests/cmd/mixed/sub/no-front-matter.md"]);
    assert_eq!(warning_only.status.code(), Some(0));
    let fail_on_warning = run(&[
        "tests/cmd/mixed/sub/no-front-matter.md",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(fail_on_warning.status.code(), Some(1));

    let missing = run(&["check", "tests/cmd/does-not-exist.md"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("does-not-exist.md: no such file or directory"),
        "{}",
        stderr(&missing)
    );

    let bad_select = run(&["check", "--select", "schema/unclosd", "tests/cmd/mixed"]);
    assert_eq!(bad_select.status.code(), Some(2));
    assert!(
        stderr(&bad_select).contains("did you mean `schema/unclosed`"),
        "{}",
        stderr(&bad_select)
    );

    let usage = run(&["check", "--format", "yaml"]);
    assert_eq!(usage.status.code(), Some(2));
}

/// `check .` in a folder with one page and this `contentlint.yaml`: must be exit 2; its
/// stderr.
fn config_error(config: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("contentlint.yaml"), config).unwrap();
    std::fs::write(tmp.path().join("a.md"), "---\ntitle: x\n---\n").unwrap();
    let o = run_in(tmp.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    stderr(&o)
}

#[test]
fn bad_config_is_exit_2_with_file_line_and_suggestion() {
    let err = config_error("include: ['**']\nexlude: []\n");
    assert!(
        err.contains("contentlint.yaml")
            && err.contains("line 2")
            && err.contains("did you mean `exclude`"),
        "{err}"
    );
}

/// An unknown rule under `rules` (top level or in an override) is exit 2 with where it is
/// written and the closest rule.
#[test]
fn unknown_rule_in_config_is_exit_2_with_place_and_suggestion() {
    let err = config_error(
        "rules:\n  mt: warning\noverrides:\n  - paths: ['*.md']\n    rules:\n      image/missing-alts: off\n",
    );
    assert!(
        err.contains("contentlint.yaml:6:")
            && err.contains("unknown rule or family `image/missing-alts` under `rules`")
            && err.contains("did you mean `image/missing-alt`"),
        "{err}"
    );
}

#[test]
fn select_and_ignore_families() {
    let only_syntax = run(&["check", "tests/cmd/mixed", "--select", "schema/syntax"]);
    assert_eq!(only_syntax.status.code(), Some(0));
    let ignored = run(&["check", "tests/cmd/mixed", "--ignore", "schema"]);
    assert_eq!(stdout(&ignored), "no problems in 3 files\n");
}

/// Invalid UTF-8, a binary file, UTF-16 and unreadable paths each give an `input/*`
/// finding, and the other files are still checked.
#[test]
fn bad_input_gets_a_diagnostic_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    std::fs::write(d.join("binary.md"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    std::fs::write(d.join("utf16.md"), b"\xff\xfe-\0-\0-\0").unwrap();
    std::fs::write(d.join("unclosed.md"), "---\ntitle: x\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("gone.md"), d.join("dangling.md")).unwrap();
        let fifo = d.join("pipe.md");
        let made = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(made, "mkfifo");
    }
    let mut args = vec![
        "check",
        "--format",
        "json",
        "latin1.md",
        "binary.md",
        "utf16.md",
        "unclosed.md",
    ];
    if cfg!(unix) {
        args.extend(["dangling.md", "pipe.md"]);
    }
    let o = run_in(d, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<(String, String)> = v["diagnostics"]
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
    let want = |p: &str, r: &str| (p.to_string(), r.to_string());
    assert!(
        got.contains(&want("latin1.md", "input/not-utf8")),
        "{got:?}"
    );
    assert!(got.contains(&want("binary.md", "input/binary")), "{got:?}");
    assert!(got.contains(&want("utf16.md", "input/not-utf8")), "{got:?}");
    assert!(
        got.contains(&want("unclosed.md", "schema/unclosed")),
        "{got:?}"
    );
    if cfg!(unix) {
        assert!(
            got.contains(&want("dangling.md", "input/unreadable")),
            "{got:?}"
        );
        assert!(
            got.contains(&want("pipe.md", "input/unreadable")),
            "{got:?}"
        );
    }
}

#[test]
fn too_large_respects_the_configured_limit() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("contentlint.yaml"), "max-file-size: 100\n").unwrap();
    std::fs::write(tmp.path().join("big.md"), "x".repeat(101)).unwrap();
    std::fs::write(tmp.path().join("ok.md"), "---\ntitle: x\n---\n").unwrap();
    let o = run_in(tmp.path(), &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files_checked"], 2);
    assert_eq!(v["diagnostics"][0]["rule"], "input/too-large");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn printers_snapshot() {
    for format in ["human", "json", "sarif", "github"] {
        let o = run(&["check", "tests/cmd/mixed", "--format", format]);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(format);
        settings.add_filter(r#""version": "\d+\.\d+\.\d+""#, r#""version": "[VERSION]""#);
        settings.bind(|| insta::assert_snapshot!(stdout(&o)));
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // The official file has a language pattern with a stray `]` (in `run` and in
    // `toolComponent`) that ECMAScript tolerates and the Rust engines reject; use the pattern
    // it plainly means (we never emit `language`).
    for def in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for paths in [&["tests/cmd/mixed"][..], &["seeds"][..]] {
        let mut args = vec!["check", "--format", "sarif"];
        args.extend(paths);
        let o = run(&args);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(v["runs"][0]["tool"]["driver"]["name"], "contentlint");
    }
}

#[test]
fn json_contract_fields() {
    let o = run(&["check", "tests/cmd/mixed/unclosed.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["files_checked"], 1);
    let d = &v["diagnostics"][0];
    for key in [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
        "help",
        "related",
        "fix",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    assert_eq!(d["path"], "tests/cmd/mixed/unclosed.md");
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(1), Some(1), Some(4))
    );
    assert_eq!(v["summary"]["error"], 1);
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let o = run(&["check", "tests/cmd/mixed/unclosed.md", "--format", "github"]);
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("::error file=tests/cmd/mixed/unclosed.md,line=1,col=1,endLine=1,endColumn=4,title=contentlint schema/unclosed::"), "{first}");
    assert!(first.contains("%0Ahelp: "), "{first}");
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let one = run(&["check", "--format", "json", "--jobs", "1", "tests", "seeds"]);
    let two = run(&["check", "--format", "json", "--jobs", "2", "tests", "seeds"]);
    let eight = run(&["check", "--format", "json", "--jobs", "8", "tests", "seeds"]);
    assert_eq!(stdout(&one), stdout(&two));
    assert_eq!(stdout(&one), stdout(&eight));
    // One file: with threads to spare, its rules run side by side.
    for seed in std::fs::read_dir("seeds").unwrap() {
        let seed = seed.unwrap().path();
        let seed = seed.to_str().unwrap();
        let one = run(&["check", "--format", "json", "--jobs", "1", seed]);
        let eight = run(&["check", "--format", "json", "--jobs", "8", seed]);
        assert_eq!(stdout(&one), stdout(&eight), "{seed}");
    }
}

#[test]
fn seeds_snapshot() {
    let o = run(&["check", "seeds/"]);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn rules_and_explain() {
    let list = run(&["rules"]);
    assert_eq!(list.status.code(), Some(0));
    assert!(stdout(&list).contains("schema/unclosed"));
    let explain = run(&["explain", "schema/unclosed"]);
    assert!(stdout(&explain).contains("## What it does"));
    let unknown = run(&["explain", "schema/unclose"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `schema/unclosed`"));
}

/// docs/rules.md is the output of `contentlint rules --format markdown`, checked in.
#[test]
fn rules_doc_is_up_to_date() {
    let want = contentlint::cli::rules_listing(true);
    let path = root().join("docs/rules.md");
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        if std::env::var_os("CONTENTLINT_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
        } else {
            panic!(
                "docs/rules.md is stale: run `CONTENTLINT_BLESS=1 cargo test --test cli rules_doc`"
            );
        }
    }
}

#[test]
fn config_globs_and_inline_suppression() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("content/drafts")).unwrap();
    std::fs::write(
        d.join("contentlint.yaml"),
        "include: ['content/**']\nexclude: ['content/drafts/**']\n",
    )
    .unwrap();
    std::fs::write(d.join("README.md"), "---\nnot closed\n").unwrap();
    std::fs::write(d.join("content/drafts/x.md"), "---\nnot closed\n").unwrap();
    std::fs::write(
        d.join("content/a.md"),
        "<!-- contentlint-disable schema -->\nno front matter\n",
    )
    .unwrap();
    std::fs::write(d.join("content/b.md"), "---\ntitle: x\n").unwrap();
    let o = run_in(d, &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files_checked"], 2, "{v}");
    let found: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["content/b.md"]);
}

/// On a very long line the human printer shows a window around the finding; the location
/// it prints is still the finding's real line and column, the same as in JSON.
#[test]
fn human_location_is_right_on_long_lines() {
    let dir = tempfile::tempdir().unwrap();
    for (name, before) in [("near.md", 300), ("far.md", 20_000)] {
        let text = format!(
            "---\ntitle: x\n---\n{}Summit/ Meetup{}\n",
            "word ".repeat(before),
            " word".repeat(200)
        );
        std::fs::write(dir.path().join(name), text).unwrap();
        let column = before * 5 + 7;
        let args = ["check", name, "--select", "mt/token-spacing"];
        let human = stdout(&run_in(dir.path(), &args));
        assert!(
            human.contains(&format!(" --> {name}:4:{column}\n")),
            "{human}"
        );
        assert!(human.contains("Summit/ Meetup"), "{human}");
        let json = stdout(&run_in(
            dir.path(),
            &[&args[..], &["--format", "json"]].concat(),
        ));
        assert!(json.contains(&format!("\"column\": {column}")), "{json}");
    }
}

/// `--diff` and `--fix` from the command line: the run keeps whole sources for them (a
/// plain run keeps only the lines findings point at).
#[test]
fn diff_then_fix_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    let text =
        "---\ntitle: \"Summit/ Meetup\"\n---\n\nline one\n\nWe met at the Summit/ Meetup .\n";
    std::fs::write(&page, text).unwrap();
    let args = ["check", "page.md", "--select", "mt/token-spacing"];
    let diff = run_in(dir.path(), &[&args[..], &["--diff"]].concat());
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert!(
        stdout(&diff).contains("+We met at the Summit/Meetup."),
        "{}",
        stdout(&diff)
    );
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        text,
        "--diff wrote"
    );
    let fix = run_in(dir.path(), &[&args[..], &["--fix"]].concat());
    assert_eq!(
        fix.status.code(),
        Some(0),
        "{}{}",
        stdout(&fix),
        stderr(&fix)
    );
    let fixed = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        fixed,
        "---\ntitle: \"Summit/Meetup\"\n---\n\nline one\n\nWe met at the Summit/Meetup.\n"
    );
}

/// `--quiet` prints the findings without the closing summary line; `-o` writes the same
/// report to a file.
#[test]
fn quiet_and_output_file() {
    let full = stdout(&run(&["check", "seeds"]));
    let quiet = stdout(&run(&["check", "seeds", "--quiet"]));
    let last = full.trim_end().rsplit('\n').next().unwrap();
    assert!(last.contains("errors,"), "{last}");
    assert!(!quiet.contains(last));
    assert!(full.starts_with(&quiet));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let to_file = run(&[
        "check",
        "seeds",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(to_file.status.code(), Some(1));
    assert!(stdout(&to_file).is_empty());
    let json = stdout(&run(&["check", "seeds", "--format", "json"]));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), json);
}

#[test]
fn timings_go_to_stderr_and_leave_the_report_alone() {
    let plain = run(&["check", "--format", "json", "seeds"]);
    let timed = run(&["check", "--format", "json", "--timings", "seeds"]);
    assert_eq!(stdout(&plain), stdout(&timed));
    assert_eq!(plain.status.code(), timed.status.code());
    let err = stderr(&timed);
    for phase in ["walk", "group", "check", "sort", "output"] {
        assert!(
            err.lines().any(|l| l.starts_with(phase)),
            "no {phase} line in:\n{err}"
        );
    }
    // Every rule that ran on the seeds has a line, and the total comes last.
    assert!(err.lines().any(|l| l.starts_with("mt/calque ")), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("mt/term-variant ")),
        "{err}"
    );
    assert!(
        err.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("all rules"),
        "{err}"
    );
    assert!(stderr(&plain).is_empty(), "{}", stderr(&plain));
}

/// `contentlint pair` shows the two pages side by side, finding the translation itself
/// when given one page, and says so when there is none.
#[test]
fn pair_shows_the_alignment() {
    let dir = "tests/fixtures/pair/missing-block/content/docs";
    let both = run(&[
        "pair",
        &format!("{dir}/install.md"),
        &format!("{dir}/install.zh.md"),
    ]);
    assert_eq!(both.status.code(), Some(0), "{}", stderr(&both));
    let text = stdout(&both);
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle) && l.contains(" h2 "))
            .unwrap_or_else(|| panic!("no heading `{needle}` in:\n{text}"))
            .to_string()
    };
    assert!(line("## Install").contains("## 安装"), "{text}");
    assert!(line("## Upgrade").contains(" < "), "{text}");
    assert!(line("## 卸载").contains(" > "), "{text}");
    let one = run(&["pair", &format!("{dir}/install.md")]);
    // The same alignment (the header names the found page by its own path).
    let body = |t: &str| t.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&stdout(&one)), body(&text));
    let none = run(&[
        "pair",
        "tests/fixtures/pair/missing-block/config.toml/none.md",
    ]);
    assert_ne!(none.status.code(), Some(0));
}

/// A hook that passes one page of a pair still hears what the pair lacks on the other page.
#[test]
fn one_page_of_a_pair_shows_the_pair_findings_of_both() {
    let dir = "tests/fixtures/pair/missing-block/content/docs";
    for page in ["install.md", "install.zh.md"] {
        let o = run(&[
            "check",
            &format!("{dir}/{page}"),
            "--select",
            "pair/missing-block",
            "--format",
            "json",
        ]);
        // Warnings: the run passes.
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut paths: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        assert_eq!(
            paths,
            [format!("{dir}/install.md"), format!("{dir}/install.zh.md")],
            "checking {page}"
        );
    }
}

/// The Docusaurus fixture: docs, versioned docs and blog of `en` under their own folders,
/// `zh-Hans` under `i18n/zh-Hans/docusaurus-plugin-content-*`, a `.mdx` page translated
/// as `.md`, a page only in each language, and an English copy left in the Chinese tree.
#[test]
fn pairs_lists_a_docusaurus_site() {
    let o = run(&["pairs", "tests/cmd/docusaurus", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["layout"], "docusaurus");
    assert_eq!(v["languages"], serde_json::json!(["en", "zh-Hans"]));
    let d = "tests/cmd/docusaurus/";
    let zh = "tests/cmd/docusaurus/i18n/zh-Hans/";
    let pages = v["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 12);
    let guide = pages
        .iter()
        .find(|p| p["path"] == format!("{zh}docusaurus-plugin-content-docs/current/guide.md"))
        .expect("the translation of guide.mdx is a page");
    assert_eq!(guide["lang"], "zh-Hans");
    assert_eq!(guide["key"], "docs/guide");
    let pairs: Vec<(String, String)> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect();
    let pair = |a: &str, b: &str| (format!("{d}{a}"), format!("{zh}{b}"));
    assert_eq!(
        pairs,
        vec![
            pair(
                "blog/2024-01-01-release.md",
                "docusaurus-plugin-content-blog/2024-01-01-release.md"
            ),
            pair(
                "docs/guide.mdx",
                "docusaurus-plugin-content-docs/current/guide.md"
            ),
            pair(
                "docs/intro.md",
                "docusaurus-plugin-content-docs/current/intro.md"
            ),
            pair(
                "docs/troubleshooting.md",
                "docusaurus-plugin-content-docs/current/troubleshooting.md"
            ),
            pair(
                "versioned_docs/version-1.0/intro.md",
                "docusaurus-plugin-content-docs/version-1.0/intro.md"
            ),
        ]
    );
    let mut unpaired: Vec<&str> = v["unpaired"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    unpaired.sort();
    assert_eq!(
        unpaired,
        vec![
            "tests/cmd/docusaurus/docs/only-english.md",
            "tests/cmd/docusaurus/i18n/zh-Hans/docusaurus-plugin-content-docs/current/only-chinese.md"
        ]
    );

    let text = stdout(&run(&["pairs", "tests/cmd/docusaurus"]));
    assert!(
        text.starts_with(
            "layout: docusaurus\nlanguages: en, zh-Hans\npages: en 6, zh-Hans 6\npairs: 5\n"
        ),
        "{text}"
    );
}

/// On the same site, `check` reads the Chinese pages as Chinese (no English-only rule on
/// them), leaves MDX imports and admonitions alone, and finds the English copy.
#[test]
fn check_on_a_docusaurus_site() {
    let o = run(&["check", "tests/cmd/docusaurus", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("tests/cmd/docusaurus/")
                    .to_string(),
            )
        })
        .collect();
    found.sort();
    let zh = "i18n/zh-Hans/docusaurus-plugin-content-docs/current/";
    let s = |r: &str, p: &str| (r.to_string(), p.to_string());
    assert_eq!(
        found,
        vec![
            s("lang/untranslated", &format!("{zh}troubleshooting.md")),
            s("pair/copied", &format!("{zh}troubleshooting.md")),
            s("pair/missing", "docs/only-english.md"),
            s("pair/missing", &format!("{zh}only-chinese.md")),
        ]
    );
}

/// A Chinese paragraph on an English page is one finding, `lang/untranslated`, with the
/// `mt/cjk-in-english` finding on the same text folded into it (listed in the JSON);
/// `--no-fold` shows both.
#[test]
fn findings_on_an_untranslated_block_are_folded_and_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "---\ntitle: x\n---\n\nThis talk is about gateways and how we run them at scale：we share numbers from two years in production.\n\nWe start with the design of the routing layer, then show how the plugin system lets teams add their own checks without a restart, and how we test them.\n\nFinally we look at what went wrong, what we measured, and what we would do differently next time, with advice for teams starting out today.\n\n这个演讲介绍了我们如何在大规模的生产环境中运行网关，以及我们从中学到的经验，包括性能调优、故障排查和容量规划。\n";
    std::fs::write(tmp.path().join("x.md"), page).unwrap();
    let json = |extra: &[&str]| {
        let mut args = vec!["check", "x.md", "--select", "lang,mt", "--format", "json"];
        args.extend_from_slice(extra);
        let o = run_in(tmp.path(), &args);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["diagnostics"].as_array().unwrap().clone()
    };
    let rules = |ds: &[serde_json::Value]| -> Vec<String> {
        ds.iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let folded = json(&[]);
    assert_eq!(rules(&folded), ["mt/cjk-in-english", "lang/untranslated"]);
    let u = &folded[1];
    assert_eq!(u["folded"].as_array().unwrap().len(), 1, "{u}");
    assert_eq!(u["folded"][0]["rule"], "mt/cjk-in-english");
    assert_eq!(u["folded"][0]["line"], 11);
    assert!(u["message"]
        .as_str()
        .unwrap()
        .contains("1 finding on this text folded in"));
    assert!(folded[0].get("folded").is_none());
    let all = json(&["--no-fold"]);
    assert_eq!(
        rules(&all),
        [
            "mt/cjk-in-english",
            "mt/cjk-in-english",
            "lang/untranslated"
        ]
    );
    assert!(all.iter().all(|d| d.get("folded").is_none()));
}
