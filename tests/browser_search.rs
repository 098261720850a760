//! Browser tests of the offline search: from `file://` and from a server that
//! sends `Content-Security-Policy: default-src 'self'`, with the keyboard.
//! Ignored by default like the other browser tests:
//! `cargo test --test browser_search -- --ignored --test-threads=1`.

#[path = "browser/mod.rs"]
mod support;

use support::*;

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser_search -- --ignored"]
async fn search_works_from_a_file_url() {
    let site = build_site();
    let url = format!("{}?q=restraining+order", site.file_url("search.html"));
    with_browser(move |b| async move {
        b.goto(&url).await;
        b.wait_for("document.querySelectorAll('.search-result').length > 0", "search results").await;
        let status = b.text("#search-status").await;
        assert!(status.contains("match \u{2018}restraining order\u{2019}"), "{status}");
        let first = b.text(".search-result__title").await;
        assert_eq!(first, "Restraining orders");
        assert!(b.exists(".search-result mark").await, "matches are highlighted");
        assert_eq!(
            b.js("return document.getElementById('search-q').value;", vec![]).await,
            "restraining order",
            "the query is kept in the search box"
        );
        b.click(".search-result__title").await;
        b.wait_for("document.querySelector('main h1') && document.querySelector('main h1').textContent === 'Restraining orders'", "the result's page").await;
        drop(site);
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser_search -- --ignored"]
async fn search_from_the_header_with_the_keyboard_under_a_strict_csp() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url("offences/stalking.html");
    with_browser(move |b| async move {
        b.goto(&url).await;
        b.js("document.getElementById('site-search-q').focus();", vec![]).await;
        b.press(&['F', 'O', 'U', 'R', '\u{e007}']).await;
        b.wait_for("document.querySelectorAll('.search-result').length > 0", "search results").await;
        let titles: Vec<String> = b
            .js("return Array.prototype.map.call(document.querySelectorAll('.search-result__title'), function (a) { return a.textContent; });", vec![])
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(titles[0], "FOUR and think stalking first", "{titles:?}");
        let errors: Vec<String> = b.console_log().await.into_iter().filter(LogEntry::is_page_error).map(|e| e.message).collect();
        assert!(errors.is_empty(), "{errors:?}");
        drop((server, site));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser_search -- --ignored"]
async fn a_search_without_matches_says_so() {
    let site = build_site();
    let url = format!("{}?q=xylophone", site.file_url("search.html"));
    with_browser(move |b| async move {
        b.goto(&url).await;
        b.wait_for(
            "document.getElementById('search-status').textContent.indexOf('No pages match') === 0",
            "the no-match message",
        )
        .await;
        assert!(!b.exists(".search-result").await);
        drop(site);
    })
    .await;
}
