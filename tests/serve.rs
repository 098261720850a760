//! `briefing serve`: pages from memory, rebuilds on save, the overlay on
//! failure, refused traversal, the CSP header, and incremental updates that
//! equal a full build.

mod common;

use briefing::config::Edition;
use briefing::serve::live::{Body, Live, Outcome};
use briefing::serve::{Options, Running, start};
use common::{Workspace, fixture};
use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Response {
    status: u16,
    headers: String,
    body: String,
}

/// Send `path` exactly as written (no client-side clean-up of `..`).
fn get(running: &Running, path: &str) -> Response {
    let mut stream = TcpStream::connect(running.address).expect("the server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_lowercase(),
        body: body.to_string(),
    }
}

/// Poll until `check` holds (the watcher and rebuild take a moment), or fail.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting until {what}");
}

fn serve(site: &Path) -> Running {
    let mut options = Options::new(site);
    options.port = 0;
    start(options).expect("serve starts")
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_with_the_csp_header_and_the_reload_script() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    let running = serve(&workspace.site());
    let page = get(&running, "/index.html");
    assert_eq!(page.status, 200);
    assert!(
        page.headers
            .contains("content-security-policy: default-src 'self'"),
        "{}",
        page.headers
    );
    assert!(
        page.headers
            .contains("content-type: text/html; charset=utf-8"),
        "{}",
        page.headers
    );
    assert!(
        page.body
            .contains("<script src=\"/__briefing/reload.js\"></script></body>")
    );
    let css = get(&running, "/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.headers.contains("content-type: text/css"),
        "{}",
        css.headers
    );
    assert!(
        css.headers
            .contains("content-security-policy: default-src 'self'")
    );
    let script = get(&running, "/__briefing/reload.js");
    assert!(
        script.headers.contains("content-type: text/javascript"),
        "{}",
        script.headers
    );
    assert!(script.body.contains("EventSource"));
    let missing = get(&running, "/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert!(
        missing
            .headers
            .contains("content-security-policy: default-src 'self'")
    );
    // A build never carries the serve-only script.
    assert!(
        !workspace.site().join("public").exists(),
        "serve writes no output folder"
    );
}

#[test]
fn an_edit_is_served_and_a_broken_edit_shows_the_overlay_over_the_old_page() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    let running = serve(&workspace.site());
    let page = workspace.site().join("content/offences/stalking.md");
    let before = get(&running, "/offences/stalking.html").body;

    edit(
        &page,
        "\n---\n",
        "\n---\n\nA sentence added while serving.\n",
    );
    eventually("the edit is served", || {
        get(&running, "/offences/stalking.html")
            .body
            .contains("A sentence added while serving.")
    });

    edit(&page, "title:", "titel:");
    eventually("the overlay appears", || {
        get(&running, "/offences/stalking.html")
            .body
            .contains("id=\"briefing-overlay\"")
    });
    let broken = get(&running, "/offences/stalking.html");
    assert_eq!(broken.status, 200, "the last good page is still served");
    assert!(broken.body.contains("A sentence added while serving."));
    assert!(
        broken.body.contains("error: unknown key `titel`"),
        "{}",
        broken.body
    );
    assert!(
        broken
            .body
            .contains(" --&gt; content/offences/stalking.md:2:1"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("= help: did you mean `title`?"));
    assert!(
        get(&running, "/index.html")
            .body
            .contains("briefing-overlay"),
        "every page shows the overlay"
    );

    edit(&page, "titel:", "title:");
    eventually("the overlay goes", || {
        !get(&running, "/offences/stalking.html")
            .body
            .contains("briefing-overlay")
    });
    assert_ne!(get(&running, "/offences/stalking.html").body, before);
}

#[test]
fn added_and_deleted_pages_appear_and_disappear() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    let running = serve(&workspace.site());
    let added = workspace.site().join("content/offences/orders.md");
    fs::write(
        &added,
        "---\ntitle: Orders added while serving\n---\n\nBody.\n",
    )
    .unwrap();
    eventually("the new page is served", || {
        get(&running, "/offences/orders.html").status == 200
    });
    assert!(
        get(&running, "/offences/index.html")
            .body
            .contains("Orders added while serving"),
        "the section lists it"
    );
    fs::remove_file(&added).unwrap();
    eventually("the deleted page is gone", || {
        get(&running, "/offences/orders.html").status == 404
    });
}

#[test]
fn traversal_attempts_are_refused() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    fs::write(workspace.path().join("secret.txt"), "TOP-SECRET-CONTENT").unwrap();
    let running = serve(&workspace.site());
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/offences/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%00",
        &format!("/{}", workspace.path().join("secret.txt").display()),
    ] {
        let response = get(&running, path);
        assert!(
            matches!(response.status, 403 | 404),
            "{path} answered {}",
            response.status
        );
        assert!(
            !response.body.contains("TOP-SECRET-CONTENT"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn a_link_in_content_pointing_outside_the_site_is_not_served() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    let outside = workspace.path().join("secret.txt");
    fs::write(&outside, "TOP-SECRET-CONTENT").unwrap();
    std::os::unix::fs::symlink(&outside, workspace.site().join("content/secret.txt")).unwrap();
    let running = serve(&workspace.site());
    let response = get(&running, "/secret.txt");
    assert!(
        matches!(response.status, 403 | 404),
        "answered {}",
        response.status
    );
    assert!(!response.body.contains("TOP-SECRET-CONTENT"));
}

/// The served files as bytes, for comparison with a full build.
fn served(live: &Live) -> HashMap<String, Vec<u8>> {
    live.files
        .iter()
        .map(|(path, body)| {
            let bytes = match body {
                Body::Bytes(bytes) => bytes.to_vec(),
                Body::File(path) => fs::read(path).unwrap(),
            };
            (path.clone(), bytes)
        })
        .collect()
}

fn full_build(site: &Path) -> HashMap<String, Vec<u8>> {
    served(&Live::new(site, Edition::Learner).0)
}

#[test]
fn an_incremental_update_equals_a_full_build() {
    let workspace = Workspace::with_shipped_site();
    let site = workspace.site();
    let (mut live, first) = Live::new(&site, Edition::Learner);
    assert_eq!(first, Outcome::Rebuilt);

    let page = PathBuf::from("content/offences/stalking.md");
    edit(
        &site.join(&page),
        "## Elements",
        "## Elements\n\nA sentence added for the test.",
    );
    let quiz = PathBuf::from("quizzes/the-fence-line.md");
    edit(&site.join(&quiz), "Ruth", "Ruth (edited)");
    let outcome = live.update(&[page, quiz]);
    let Outcome::Rerendered(files) = outcome else {
        panic!("expected an incremental update, got {outcome:?}")
    };
    assert_eq!(
        files[..5],
        [
            "offences/stalking.html",
            "quizzes/the-fence-line.html",
            "search.html",
            "quizzes/index.html",
            "progress.html"
        ]
    );
    assert!(
        files.contains(&"present/the-fence-line.html".to_string()),
        "the presenter view shows the edited scenario: {files:?}"
    );
    assert!(
        !files.contains(&"offences/harassment.html".to_string()),
        "pages the edit does not touch are left alone"
    );
    assert!(
        live.catch_up(),
        "the search index is brought up to date afterwards"
    );
    assert_eq!(
        served(&live),
        full_build(&site),
        "incremental and full results differ"
    );
}

#[test]
fn a_change_other_pages_show_falls_back_to_a_full_build() {
    let workspace = Workspace::with_shipped_site();
    let site = workspace.site();
    let (mut live, _) = Live::new(&site, Edition::Learner);
    let page = PathBuf::from("content/offences/stalking.md");
    edit(
        &site.join(&page),
        "title: Stalking (section 2A)",
        "title: Stalking (s.2A)",
    );
    assert_eq!(live.update(&[page]), Outcome::Rebuilt);
    assert!(
        String::from_utf8_lossy(&served(&live)["offences/harassment.html"])
            .contains("Stalking (s.2A)"),
        "the new title is in other pages' navigation"
    );
    assert_eq!(served(&live), full_build(&site));
}

#[test]
fn a_save_that_changes_nothing_does_nothing() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    let (mut live, _) = Live::new(&workspace.site(), Edition::Learner);
    assert_eq!(
        live.update(&[PathBuf::from("content/offences/stalking.md")]),
        Outcome::Unchanged
    );
}

#[test]
fn the_search_index_catches_up_once_saves_pause() {
    let workspace = Workspace::with_site(&fixture("navigation_order"));
    let running = serve(&workspace.site());
    let page = workspace.site().join("content/offences/stalking.md");
    edit(
        &page,
        "\n---\n",
        "\n---\n\nZanzibarish is a word no page had.\n",
    );
    eventually("the edited page is served", || {
        get(&running, "/offences/stalking.html")
            .body
            .contains("Zanzibarish")
    });
    eventually("the search index has the new word", || {
        get(&running, "/assets/search-index.js")
            .body
            .contains("\"zanzibarish\"")
    });
}
