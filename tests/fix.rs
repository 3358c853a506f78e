//! `--fix`: fixes reach a stable text, and a second run changes nothing.

use std::path::PathBuf;

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

/// The text of a one-page site after `--fix`.
fn fixed(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    std::fs::write(&path, text).unwrap();
    fix_twice(vec![dir.path().to_path_buf()], std::slice::from_ref(&path));
    std::fs::read_to_string(&path).unwrap()
}

const FRONT: &str =
    "---\ntitle: A page\n---\nThis page is written in English for the readers of the site.\n\n";

/// What a safe fix may never touch: paths, flags, code, URLs, HTML attributes, shortcodes,
/// front-matter keys, and one bracket of a pair without the other.
#[test]
fn safe_fixes_leave_meaning_alone() {
    let untouched = [
        "Copy the peers into /opt/peers before you start the node.",
        "Edit /etc/hosts and list /opt/ peers again.",
        "Mount the volume into /etc and restart.",
        "Read ./docs first, then ~/.config and C:\\Users .",
        "Run the binary with -V to see the version.",
        "Use `a , b` and `Summit/ Meetup` in code.",
        "```\nSummit/ Meetup , e. g.\n```",
        "See [the page](<https://example.com/a /b , c>) for more.",
        "<img src=\"a /b.png\" alt=\"x , y\">",
        "{{< figure src=\"a , b\" >}}",
        "Calcite（基于关系代数）is a framework.",
        "Calcite（基于…）is a framework.",
        "It is（mostly stable.",
        "We designed multi-region disaster tolerance.",
        "Open your-IP：30200 in a browser.",
    ];
    for body in untouched {
        let text = format!("{FRONT}{body}\n");
        assert_eq!(fixed(&text), text, "a safe fix changed: {body}");
    }
    // A front-matter key is never renamed, whatever its value says.
    let text = "---\ntitle: x\nSummit/ Meetup: y\n---\nText.\n";
    assert_eq!(fixed(text), text);
}

/// What safe fixes do repair: spaces inside a token, and full-width brackets as a pair.
#[test]
fn safe_fixes_repair_split_tokens_and_whole_bracket_pairs() {
    let cases = [
        ("The Summit/ Meetup is open.", "The Summit/Meetup is open."),
        (
            "Ask the Contributor /API7 team.",
            "Ask the Contributor/API7 team.",
        ),
        ("It works , really ?", "It works, really?"),
        (
            "Apache Linkis ( incubating ) is here.",
            "Apache Linkis (incubating) is here.",
        ),
        (
            "Apache Linkis（incubating）is here.",
            "Apache Linkis (incubating) is here.",
        ),
        (
            "Apache Linkis（incubating) is here.",
            "Apache Linkis (incubating) is here.",
        ),
        (
            "It has two parts：a gateway，a store。",
            "It has two parts: a gateway, a store.",
        ),
    ];
    for (body, want) in cases {
        let text = format!("{FRONT}{body}\n");
        assert_eq!(fixed(&text), format!("{FRONT}{want}\n"), "fixing: {body}");
    }
}

/// A page that is a link is fixed in its target when the target is in the checked tree, and
/// left alone, link and target, when it is not.
#[cfg(unix)]
#[test]
fn fixes_write_through_links_inside_the_tree_only() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let outside = tempfile::tempdir().unwrap();
    let site = tempfile::tempdir().unwrap();
    let bad = format!("{FRONT}The Summit/ Meetup is open.\r\n");
    let inside_target = site.path().join("shared.md");
    std::fs::write(&inside_target, &bad).unwrap();
    std::fs::set_permissions(&inside_target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let outside_target = outside.path().join("theirs.md");
    std::fs::write(&outside_target, &bad).unwrap();
    let content = site.path().join("content");
    std::fs::create_dir(&content).unwrap();
    symlink(&inside_target, content.join("in.md")).unwrap();
    symlink(&outside_target, content.join("out.md")).unwrap();

    // Named as a pre-commit hook names them: a walk does not follow links.
    let config = Config::default();
    let opts = options(vec![
        site.path().to_path_buf(),
        content.join("in.md"),
        content.join("out.md"),
    ]);
    let report = check::run(&opts, &config);
    let (outcome, _) = fix::fix_until_stable(&opts, &config, report);
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);

    let good = format!("{FRONT}The Summit/Meetup is open.\r\n");
    assert!(std::fs::symlink_metadata(content.join("in.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&inside_target).unwrap(), good);
    let mode = std::fs::metadata(&inside_target)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);

    assert!(std::fs::symlink_metadata(content.join("out.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&outside_target).unwrap(), bad);
    assert_eq!(outcome.skipped.len(), 1, "{:?}", outcome.skipped);
    assert!(
        outcome.skipped[0].contains("outside the checked tree"),
        "{:?}",
        outcome.skipped
    );
}

/// `--diff` of a page that starts with a byte-order mark shows the mark on the first line, as
/// the file has it, so the patch applies to the file.
#[test]
fn the_diff_of_a_page_with_a_byte_order_mark_matches_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let page =
        "\u{FEFF}The Summit/ Meetup is open.\n\nThis page is written in English for its readers.\n";
    std::fs::write(dir.path().join("page.md"), page).unwrap();
    let report = check::run(&options(vec![dir.path().to_path_buf()]), &Config::default());
    let diff = fix::unified_diff(&fix::plan(&report.diagnostics));
    assert!(
        diff.contains(
            "\n-\u{FEFF}The Summit/ Meetup is open.\n+\u{FEFF}The Summit/Meetup is open.\n"
        ),
        "{diff}"
    );
}
