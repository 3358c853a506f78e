//! Pair rules that need a whole run (`pair/length`) or a git history (`pair/stale`).

use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn site(dir: &Path) {
    std::fs::write(
        dir.join("config.toml"),
        "baseURL = \"https://example.org/\"\ndefaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("content/sessions")).unwrap();
}

fn page(dir: &Path, name: &str, stype: &str, body: &str) {
    std::fs::write(
        dir.join("content/sessions").join(name),
        format!("---\ntitle: \"t\"\nstype: \"{stype}\"\n---\n{body}\n"),
    )
    .unwrap();
}

fn rules_of(o: &Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn length_outliers_are_learned_from_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let en =
        "Apache Pulsar is a cloud native messaging and streaming platform used by many teams. ";
    let zh = "Apache Pulsar 是一个被众多团队使用的云原生消息与流平台。";
    for i in 0..24 {
        page(
            tmp.path(),
            &format!("{i}.md"),
            "English Session",
            &en.repeat(3 + i % 3),
        );
        page(
            tmp.path(),
            &format!("{i}.zh.md"),
            "英文演讲",
            &zh.repeat(3 + i % 3),
        );
    }
    // One translation kept only its first sentence.
    page(tmp.path(), "99.md", "English Session", &en.repeat(5));
    page(tmp.path(), "99.zh.md", "英文演讲", zh);
    let o = run_in(
        tmp.path(),
        &["check", "--select", "pair/length", "--format", "json"],
    );
    assert_eq!(
        rules_of(&o),
        [(
            "pair/length".to_string(),
            "content/sessions/99.zh.md".to_string()
        )]
    );
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let st = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?}");
}

#[test]
fn stale_translations_from_one_pass_over_history() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    site(d);
    git(d, &["init", "-q"], "2022-06-01T10:00:00Z");
    for n in ["1", "2"] {
        page(d, &format!("{n}.md"), "English Session", "Original text.");
        page(d, &format!("{n}.zh.md"), "英文演讲", "译文。");
    }
    git(d, &["add", "."], "2022-06-01T10:00:00Z");
    git(d, &["commit", "-qm", "pages"], "2022-06-01T10:00:00Z");
    // The original of 1 changes later; 2 changes in both languages.
    page(d, "1.md", "English Session", "Original text, corrected.");
    page(d, "2.md", "English Session", "Original text, corrected.");
    page(d, "2.zh.md", "英文演讲", "译文，已更正。");
    git(d, &["commit", "-qam", "update"], "2022-07-20T10:00:00Z");
    let o = run_in(d, &["check", "--select", "pair/stale", "--format", "json"]);
    assert_eq!(
        rules_of(&o),
        [(
            "pair/stale".to_string(),
            "content/sessions/1.zh.md".to_string()
        )]
    );
    let human = run_in(d, &["check", "--select", "pair/stale"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("on 2022-07-20, after this translation's last change"),
        "{text}"
    );

    // Outside a work tree the rule says nothing.
    let plain = tempfile::tempdir().unwrap();
    site(plain.path());
    page(plain.path(), "1.md", "English Session", "Original.");
    page(plain.path(), "1.zh.md", "英文演讲", "译文。");
    let o = run_in(
        plain.path(),
        &["check", "--select", "pair/stale", "--format", "json"],
    );
    assert!(rules_of(&o).is_empty());
}

#[test]
fn sites_of_one_repository_share_its_history() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    git(d, &["init", "-q"], "2022-06-01T10:00:00Z");
    let (one, two) = (d.join("one"), d.join("two"));
    for s in [&one, &two] {
        std::fs::create_dir_all(s).unwrap();
        site(s);
        page(s, "1.md", "English Session", "Original text.");
        page(s, "1.zh.md", "英文演讲", "译文。");
    }
    git(d, &["add", "."], "2022-06-01T10:00:00Z");
    git(d, &["commit", "-qm", "pages"], "2022-06-01T10:00:00Z");
    for s in [&one, &two] {
        page(s, "1.md", "English Session", "Original text, corrected.");
    }
    git(d, &["commit", "-qam", "update"], "2022-07-20T10:00:00Z");
    // Run from inside the second site's content: the work tree is found above it.
    let o = run_in(
        &two.join("content"),
        &[
            "check",
            "--select",
            "pair/stale",
            "--format",
            "json",
            "../../one",
            ".",
        ],
    );
    let mut got = rules_of(&o);
    got.sort();
    assert_eq!(
        got,
        [
            (
                "pair/stale".to_string(),
                "../../one/content/sessions/1.zh.md".to_string()
            ),
            ("pair/stale".to_string(), "sessions/1.zh.md".to_string()),
        ]
    );
    // A site reached through a link from outside the work tree has its history too.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&one, outside.path().join("alias")).unwrap();
        let o = run_in(
            outside.path(),
            &[
                "check",
                "--select",
                "pair/stale",
                "--format",
                "json",
                "alias",
            ],
        );
        assert_eq!(
            rules_of(&o),
            [(
                "pair/stale".to_string(),
                "alias/content/sessions/1.zh.md".to_string()
            )]
        );
    }
}

#[test]
fn pages_pair_only_within_their_own_site() {
    // Two sites with the same page names, checked in one run: each page's translation is
    // the one in its own site, whatever order the sites and files come in.
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for (name, url) in [
        ("a", "https://a.example.org/"),
        ("b", "https://b.example.org/"),
    ] {
        let s = d.join(name);
        std::fs::create_dir_all(&s).unwrap();
        site(&s);
        page(
            &s,
            "1.md",
            "English Session",
            &format!("See [the site]({url}) for 3 talks."),
        );
        page(
            &s,
            "1.zh.md",
            "英文演讲",
            &format!("见[网站]({url})，共 3 场演讲。"),
        );
    }
    let o = run_in(
        d,
        &["check", "--select", "pair", "--format", "json", "b", "a"],
    );
    assert_eq!(rules_of(&o), []);
    // The same pages with the link changed in one translation do pair up.
    page(
        &d.join("b"),
        "1.zh.md",
        "英文演讲",
        "见[网站](https://c.example.org/)，共 3 场演讲。",
    );
    let o = run_in(
        d,
        &[
            "check",
            "--select",
            "pair/urls",
            "--format",
            "json",
            "a",
            "b",
        ],
    );
    let got: Vec<String> = rules_of(&o).into_iter().map(|(_, p)| p).collect();
    assert!(
        !got.is_empty() && got.iter().all(|p| p == "b/content/sessions/1.zh.md"),
        "{got:?}"
    );
}
