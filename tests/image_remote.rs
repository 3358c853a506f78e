//! `image/remote` against an HTTP server on 127.0.0.1 started by the test itself (the only
//! host these tests ever talk to; the test's config allows loopback explicitly, and so
//! does the run, as the command line's `--allow-private` would).

use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::Ordering;

#[path = "common/server.rs"]
mod server;
use server::Server;

use contentlint::check::{self, CheckOptions};
use contentlint::config::Config;

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn site(dir: &Path, body: &str, rule_options: &str) {
    std::fs::create_dir_all(dir.join("content")).expect("mkdir");
    std::fs::write(
        dir.join("config.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .expect("config");
    std::fs::write(
        dir.join("content/page.md"),
        format!("---\ntitle: T\n---\n{body}"),
    )
    .expect("page");
    std::fs::write(
        dir.join("contentlint.yaml"),
        format!("rules:\n  image/remote:\n{rule_options}"),
    )
    .expect("contentlint.yaml");
}

fn run(dir: &Path, remote: bool) -> Vec<String> {
    let mut config = Config::load(&dir.join("contentlint.yaml")).expect("config");
    config.remote = remote;
    config.allow_private = true;
    let opts = CheckOptions {
        paths: vec![dir.join("content")],
        select: vec!["image/remote".into()],
        jobs: 1,
        ..CheckOptions::default()
    };
    let report = check::run(&opts, &config);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    report
        .diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect()
}

#[test]
fn remote_answers_are_reported_and_cached() {
    let server = Server::start();
    let refused = closed_port();
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache.json");
    let body = format!(
        "<img src=\"{}\" alt=\"a\">\n\n![b]({})\n\n![c]({})\n\n![d]({})\n\n![e]({})\n\n![f](http://127.0.0.1:{refused}/x.png)\n\n![g]({})\n",
        server.url("/ok.png"),
        server.url("/missing.png"),
        server.url("/moved.png"),
        server.url("/page.png"),
        server.url("/slow.png"),
        server.url("/ok.png"),
    );
    let options =
        "    allow-private: true\n    timeout: 1\n    retries: 0\n    cache-file: cache.json\n";
    site(tmp.path(), &body, options);

    // Off by default: no request at all.
    assert_eq!(run(tmp.path(), false), Vec::<String>::new());
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);

    let found = run(tmp.path(), true);
    let p = server.port;
    assert_eq!(
        found,
        vec![
            format!("remote image `http://127.0.0.1:{p}/missing.png` answers 404 Not Found"),
            format!(
                "remote image `http://127.0.0.1:{p}/page.png` is served as `text/html`, not as an image"
            ),
            format!("remote image `http://127.0.0.1:{p}/slow.png` did not answer within 1 s"),
            format!(
                "remote image `http://127.0.0.1:{refused}/x.png` cannot be fetched: connection refused"
            ),
        ],
    );
    let first = server.requests.load(Ordering::SeqCst);
    // ok (HEAD), missing (HEAD+GET), moved (HEAD, then HEAD ok.png), page (HEAD+GET), slow
    // (HEAD): the repeated `ok.png` is asked once.
    assert_eq!(first, 8, "requests on the first run");
    let cached = std::fs::read_to_string(&cache).expect("cache written");
    assert!(cached.contains("/missing.png"), "{cached}");
    assert!(!cached.contains("/slow.png"), "timeouts are not cached");

    // Second run: the cached answers are used; only the timeout is asked again.
    let again = run(tmp.path(), true);
    assert_eq!(again, found);
    assert_eq!(server.requests.load(Ordering::SeqCst), first + 1);
}

#[test]
fn private_hosts_are_refused_unless_allowed() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let body = format!("![a]({})\n", server.url("/missing.png"));
    site(tmp.path(), &body, "    cache-ttl: 0\n");
    let found = run(tmp.path(), true);
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("was not checked"), "{found:?}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

/// The binary saves the cache before it exits: a first run asks the server and writes the
/// cache file, a second run asks nothing.
#[test]
fn the_binary_saves_the_cache_for_the_next_run() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let body = format!(
        "![a]({})\n\n![b]({})\n",
        server.url("/ok.png"),
        server.url("/missing.png")
    );
    site(
        tmp.path(),
        &body,
        "    allow-private: true\n    retries: 0\n",
    );
    let cache = tmp.path().join(".contentlint-cache/remote-images.json");
    let check = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_contentlint"))
            .current_dir(tmp.path())
            .args([
                "check",
                "content",
                "--remote",
                "--allow-private",
                "--select",
                "image/remote",
                "--format",
                "json",
            ])
            .env_remove("CONTENTLINT_ALLOW_PRIVATE")
            .output()
            .expect("run contentlint")
    };
    let findings = |o: &std::process::Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json report");
        v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .collect()
    };

    let first = check();
    assert!(
        first.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let found = findings(&first);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("/missing.png` answers 404"), "{found:?}");
    let asked = server.requests.load(Ordering::SeqCst);
    // ok.png (HEAD), missing.png (HEAD, then GET).
    assert_eq!(asked, 3, "requests on the first run");
    let saved = std::fs::read_to_string(&cache).expect("the first run wrote the cache");
    assert!(
        saved.contains("/ok.png") && saved.contains("/missing.png"),
        "{saved}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&cache)
            .expect("cache")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{mode:o}");
    }
    // Written through a temporary file that was renamed: none is left behind.
    let left: Vec<_> = std::fs::read_dir(cache.parent().expect("dir"))
        .expect("cache dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("remote-images.json")]);

    let second = check();
    assert_eq!(findings(&second), found);
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        asked,
        "the second run asked the server again"
    );
    // Nothing new: the cache is not rewritten.
    assert_eq!(std::fs::read_to_string(&cache).expect("cache"), saved);
}
