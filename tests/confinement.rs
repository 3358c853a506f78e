//! A pull request's check reads the configuration of the branch it checks, so that
//! configuration must not widen what CI does: every path it names stays inside the
//! repository, and `allow-private` takes effect only when the command line allows it.
//!
//! The only host these tests talk to is a server on 127.0.0.1 that they start themselves.

use std::path::Path;
use std::process::Output;
use std::sync::atomic::Ordering;

#[path = "common/server.rs"]
mod server;
use server::Server;

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// `contentlint check <args>` in `dir`, without `CONTENTLINT_ALLOW_PRIVATE` unless given.
fn check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_contentlint"));
    cmd.current_dir(dir)
        .arg("check")
        .args(args)
        .env_remove("CONTENTLINT_ALLOW_PRIVATE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run contentlint")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A site with one page, and the given `contentlint.yaml` in `config_dir` (under `dir`).
fn site(dir: &Path, config_dir: &str, config: &str) {
    write(&dir.join("content/page.md"), "---\ntitle: T\n---\nText.\n");
    write(&dir.join(config_dir).join("contentlint.yaml"), config);
}

/// A configuration error: exit 2, the file and line, and the reason.
fn assert_config_error(o: &Output, line: &str, wanted: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}\n{}", stdout(o));
    assert!(err.contains(&format!("contentlint.yaml:{line}")), "{err}");
    for w in wanted {
        assert!(err.contains(w), "`{w}` not in: {err}");
    }
}

#[test]
fn an_absolute_path_is_a_configuration_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let outside = tempfile::tempdir().expect("tempdir");
    let abs = outside.path().display().to_string();

    site(d, "", &format!("packs:\n  - {abs}\n"));
    let o = check(d, &["content"], &[]);
    assert_config_error(&o, "2:", &["`packs`", "is an absolute path", &abs]);

    let schema = outside.path().join("page.yaml");
    write(&schema, "type: object\n");
    site(
        d,
        "",
        &format!(
            "schemas:\n  - paths: ['content/**']\n    schema: {}\n",
            schema.display()
        ),
    );
    let o = check(d, &["content"], &[]);
    assert_config_error(&o, "3:", &["`schemas: schema`", "is an absolute path"]);

    let cache = outside.path().join("cache.json");
    site(
        d,
        "",
        &format!(
            "rules:\n  image/remote:\n    cache-file: {}\n",
            cache.display()
        ),
    );
    let o = check(d, &["content"], &[]);
    assert_config_error(&o, "", &["cache-file", "is an absolute path"]);

    site(d, "", "rules:\n  image:\n    roots: [/etc]\n");
    let o = check(d, &["content"], &[]);
    assert_config_error(&o, "", &["roots", "`/etc` is an absolute path"]);
}

#[test]
fn dot_dot_that_leads_out_is_a_configuration_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // The repository is `repo/` (it has a `.git`); `elsewhere/` is beside it.
    let d = tmp.path().join("repo");
    std::fs::create_dir_all(d.join(".git")).expect("mkdir");
    write(&tmp.path().join("elsewhere/x.yaml"), "type: object\n");

    site(&d, "", "include: ['**']\npacks: [../elsewhere]\n");
    let o = check(&d, &["content"], &[]);
    assert_config_error(
        &o,
        "2:",
        &[
            "`packs`",
            "`../elsewhere` leads out of the repository",
            "`..`",
        ],
    );

    site(
        &d,
        "",
        "schemas:\n  - paths: ['content/**']\n    schema: ../elsewhere/x.yaml\n",
    );
    let o = check(&d, &["content"], &[]);
    assert_config_error(
        &o,
        "3:",
        &["`schemas: schema`", "leads out of the repository"],
    );

    site(
        &d,
        "",
        "overrides:\n  - paths: ['content/**']\n    rules:\n      image/remote:\n        cache-file: a/../../../cache.json\n",
    );
    let o = check(&d, &["content"], &[]);
    assert_config_error(&o, "", &["cache-file", "leads out of the repository"]);

    site(&d, "", "rules:\n  image:\n    roots: ['../static']\n");
    let o = check(&d, &["content"], &[]);
    assert_config_error(&o, "", &["roots", "climbs with `..`"]);
}

#[test]
fn paths_inside_the_repository_work_from_a_subdirectory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    // A git work tree whose configuration sits in `lint/` and names files beside it.
    std::fs::create_dir_all(d.join(".git")).expect("mkdir");
    write(
        &d.join("schemas/page.yaml"),
        "type: object\nrequired: [title, date]\n",
    );
    write(
        &d.join("packs/words.yaml"),
        "rule: mt/shouting\ncaps: [NASA]\n",
    );
    site(
        d,
        "lint",
        "packs: [../packs]\nschemas:\n  - paths: ['**']\n    schema: ../schemas/page.yaml\nrules:\n  image/remote:\n    cache-file: ../.cache/remote.json\n",
    );
    let o = check(d, &["--config", "lint/contentlint.yaml", "content"], &[]);
    // The schema was read: the page lacks `date`.
    assert_eq!(o.status.code(), Some(1), "{}\n{}", stderr(&o), stdout(&o));
    assert!(stdout(&o).contains("date"), "{}", stdout(&o));

    // Outside any work tree the configuration's own directory is the repository.
    std::fs::remove_dir(d.join(".git")).expect("rmdir");
    let o = check(d, &["--config", "lint/contentlint.yaml", "content"], &[]);
    assert_config_error(&o, "1:", &["`packs`", "leads out of the repository"]);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_that_leads_out_is_a_configuration_error() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path().join("repo");
    let outside = tmp.path().join("outside");
    write(&outside.join("x.yaml"), "type: object\n");
    std::fs::create_dir_all(&d).expect("mkdir");
    symlink(&outside, d.join("linked")).expect("symlink");

    site(&d, "", "packs: [linked]\n");
    let o = check(&d, &["content"], &[]);
    assert_config_error(
        &o,
        "1:",
        &["`packs`", "leads out of the repository", "symbolic link"],
    );

    site(
        &d,
        "",
        "schemas:\n  - paths: ['content/**']\n    schema: linked/x.yaml\n",
    );
    let o = check(&d, &["content"], &[]);
    assert_config_error(&o, "3:", &["`schemas: schema`", "symbolic link"]);

    // Not yet there: the link on the way is what counts.
    site(
        &d,
        "",
        "rules:\n  image/remote:\n    cache-file: linked/new/cache.json\n",
    );
    let o = check(&d, &["content"], &[]);
    assert_config_error(&o, "", &["cache-file", "symbolic link"]);

    // A link inside the repository that stays inside is fine.
    std::fs::create_dir_all(d.join("real")).expect("mkdir");
    write(&d.join("real/x.yaml"), "type: object\n");
    symlink(d.join("real"), d.join("inner")).expect("symlink");
    site(
        &d,
        "",
        "schemas:\n  - paths: ['content/**']\n    schema: inner/x.yaml\n",
    );
    let o = check(&d, &["content"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // The default cache directory, linked out by the branch: no cache, and a warning. The
    // image's host is loopback, refused before any connection.
    symlink(&outside, d.join(".contentlint-cache")).expect("symlink");
    write(
        &d.join("content/remote.md"),
        "---\ntitle: T\n---\n![a](http://127.0.0.1:9/x.png)\n",
    );
    site(&d, "", "");
    let o = check(
        &d,
        &["content", "--remote", "--select", "image/remote"],
        &[],
    );
    let err = stderr(&o);
    assert!(stdout(&o).contains("was not checked"), "{}", stdout(&o));
    assert!(
        err.contains("warning: the remote-image cache is off") && err.contains("symbolic link"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(0), "{err}");
    std::fs::remove_file(d.join("content/remote.md")).expect("rm");

    // A pack directory inside the repository may not hold a link to a file outside it.
    std::fs::create_dir_all(d.join("packs")).expect("mkdir");
    symlink(outside.join("x.yaml"), d.join("packs/x.yaml")).expect("symlink");
    site(&d, "", "packs: [packs]\n");
    let o = check(&d, &["content"], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("leads out of the repository") && err.contains("x.yaml"),
        "{err}"
    );
}

#[test]
fn allow_private_in_the_configuration_alone_is_ignored() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(
        &d.join("content/page.md"),
        &format!(
            "---\ntitle: T\n---\n![a](http://127.0.0.1:{}/missing.png)\n",
            server.port
        ),
    );
    write(
        &d.join("contentlint.yaml"),
        "rules:\n  image/remote:\n    allow-private: true\n    retries: 0\n    cache-ttl: 0\n",
    );
    let args = ["content", "--remote", "--select", "image/remote"];

    // The configuration alone: refused, with a warning that says how to allow it.
    let o = check(d, &args, &[]);
    let err = stderr(&o);
    assert!(stdout(&o).contains("was not checked"), "{}", stdout(&o));
    assert!(
        err.contains("warning")
            && err.contains("contentlint.yaml:")
            && err.contains("`allow-private` is ignored")
            && err.contains("--allow-private")
            && err.contains("CONTENTLINT_ALLOW_PRIVATE=1"),
        "{err}"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
    // Another value of the variable is not a yes.
    let o = check(d, &args, &[("CONTENTLINT_ALLOW_PRIVATE", "yes")]);
    assert!(stdout(&o).contains("was not checked"), "{}", stdout(&o));
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);

    // With the flag: checked.
    let mut with_flag = args.to_vec();
    with_flag.push("--allow-private");
    let o = check(d, &with_flag, &[]);
    assert!(stdout(&o).contains("answers 404"), "{}", stdout(&o));
    assert!(!stderr(&o).contains("ignored"), "{}", stderr(&o));
    let after_flag = server.requests.load(Ordering::SeqCst);
    assert!(after_flag > 0);

    // With the variable: checked.
    let o = check(d, &args, &[("CONTENTLINT_ALLOW_PRIVATE", "1")]);
    assert!(stdout(&o).contains("answers 404"), "{}", stdout(&o));
    assert!(server.requests.load(Ordering::SeqCst) > after_flag);

    // The flag alone does not allow private hosts: the configuration must ask too.
    write(
        &d.join("contentlint.yaml"),
        "rules:\n  image/remote:\n    retries: 0\n    cache-ttl: 0\n",
    );
    let before = server.requests.load(Ordering::SeqCst);
    let o = check(d, &with_flag, &[]);
    assert!(stdout(&o).contains("was not checked"), "{}", stdout(&o));
    assert_eq!(server.requests.load(Ordering::SeqCst), before);
}
