//! Shared setup for the browser tests in `tests/browser.rs`: the shipped site
//! built into a temporary folder, a chromedriver on a free port, a headless
//! Chromium session driven through fantoccini, a tiny static HTTP server that
//! sends `Content-Security-Policy: default-src 'self'`, and the browser's
//! console log read back through chromedriver.
//!
//! This folder is not a test crate of its own: `tests/browser.rs` includes it
//! with `#[path = "browser/mod.rs"] mod support;`.

// Not every test uses every helper.
#![allow(dead_code)]

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value as Json, json};
use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "chromedriver";

/// How long a test waits for something the page should do by itself.
pub const WAIT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------
// The built site
// ---------------------------------------------------------------------------

/// The shipped default site (the crate's own folder), built into a temporary folder.
pub struct BuiltSite {
    _dir: TempDir,
    pub out: PathBuf,
}

impl BuiltSite {
    /// `file://` URL of a page of the built site (`path` relative to the output root).
    pub fn file_url(&self, path: &str) -> String {
        let full = self.out.join(path);
        assert!(full.is_file(), "the build wrote no {path}");
        format!("file://{}", full.display())
    }

    /// Every HTML file of the build, relative to the output root, sorted.
    pub fn html_pages(&self) -> Vec<String> {
        let mut pages = Vec::new();
        collect_html(&self.out, &self.out, &mut pages);
        pages.sort();
        pages
    }
}

fn collect_html(root: &Path, dir: &Path, pages: &mut Vec<String>) {
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
    {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_html(root, &path, pages);
        } else if path.extension().is_some_and(|e| e == "html") {
            pages.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// Build the site under `CARGO_MANIFEST_DIR` with `briefing::build`.
pub fn build_site() -> BuiltSite {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("cannot create a temporary folder");
    let out = dir.path().join("site");
    if let Err(failure) = briefing::build(&root, &out) {
        panic!("the shipped site does not build: {failure:?}");
    }
    BuiltSite { _dir: dir, out }
}

// ---------------------------------------------------------------------------
// Static HTTP server with a strict Content-Security-Policy
// ---------------------------------------------------------------------------

pub const CSP: &str = "default-src 'self'";

/// Serves one folder on `127.0.0.1:<free port>` until dropped. Each response
/// carries `Content-Security-Policy: default-src 'self'`, so inline scripts,
/// inline styles and `style=` attributes are refused as on a strict server.
pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind a local port");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || serve_connection(&root, stream));
            }
        });
        StaticServer {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve_connection(root: &Path, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers: nothing in them changes the answer.
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let (status, content_type, body) = if method != "GET" && method != "HEAD" {
        (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        )
    } else {
        match resolve(root, target) {
            Resolved::File(path) => match std::fs::read(&path) {
                Ok(bytes) => ("200 OK", content_type(&path), bytes),
                Err(_) => (
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    b"not found\n".to_vec(),
                ),
            },
            Resolved::Refused => (
                "403 Forbidden",
                "text/plain; charset=utf-8",
                b"refused\n".to_vec(),
            ),
            Resolved::Missing => (
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found\n".to_vec(),
            ),
        }
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

enum Resolved {
    File(PathBuf),
    Refused,
    Missing,
}

/// Map a request target to a file under `root`; `..` (also percent-encoded) is refused.
fn resolve(root: &Path, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains('\0') || decoded.contains('\\') {
        return Resolved::Refused;
    }
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Resolved::Refused;
    }
    let mut full = root.join(relative);
    if full.is_dir() {
        full = full.join("index.html");
    }
    if full.is_file() {
        Resolved::File(full)
    } else {
        Resolved::Missing
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// One raw HTTP/1.1 exchange: `(status line, headers, body)`. For tests of the
/// server itself and for chromedriver endpoints fantoccini has no method for.
pub fn http_request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    body: Option<&str>,
) -> (String, String, Vec<u8>) {
    let mut stream =
        TcpStream::connect(addr).unwrap_or_else(|e| panic!("cannot connect to {addr}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    // Read by Content-Length (or chunks): chromedriver keeps the connection open.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let mut read_more = |raw: &mut Vec<u8>| -> bool {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                true
            }
        }
    };
    let split = loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break split;
        }
        assert!(
            read_more(&mut raw),
            "the connection to {addr} closed before the end of the headers"
        );
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    let lower = headers.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse::<usize>().expect("bad Content-Length"));
    let chunked = lower.contains("transfer-encoding: chunked");
    loop {
        let have = raw.len() - (split + 4);
        let done = match length {
            Some(length) => have >= length,
            None if chunked => raw[split + 4..].windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done || !read_more(&mut raw) {
            break;
        }
    }
    let mut body = raw[split + 4..].to_vec();
    if let Some(length) = length {
        body.truncate(length);
    } else if chunked {
        body = dechunk(&body);
    }
    (status.to_string(), headers.to_string(), body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

// ---------------------------------------------------------------------------
// chromedriver and the Chromium session
// ---------------------------------------------------------------------------

/// A chromedriver process on a free port, killed (with the browsers it started) on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
    /// Already waited for: its pid may belong to someone else now.
    reaped: bool,
}

impl Driver {
    /// Start chromedriver on a free port; try another port if it cannot listen
    /// (another program took the port between our probe and its start).
    pub fn start() -> Driver {
        for _ in 0..3 {
            if let Some(driver) = Driver::try_start() {
                return driver;
            }
        }
        panic!("chromedriver would not start on any of three free ports");
    }

    fn try_start() -> Option<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("no free port")
            .port();
        let mut command = Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that Chromium (its child) can be ended with it
        // even when a test panics before the session is closed.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().unwrap_or_else(|e| {
            panic!("cannot start `{CHROMEDRIVER}` (install chromium and chromium-driver): {e}")
        });
        let mut driver = Driver {
            child,
            port,
            reaped: false,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(stream) = TcpStream::connect(driver.addr()) {
                drop(stream);
                let (status, _, body) = http_request(driver.addr(), "GET", "/status", None);
                if status.contains(" 200")
                    && String::from_utf8_lossy(&body).contains("\"ready\":true")
                {
                    return Some(driver);
                }
            }
            if driver.child.try_wait().ok().flatten().is_some() {
                driver.reaped = true;
                return None; // exited: most likely the port was taken
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port} within 15 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if self.reaped {
            return;
        }
        // The process group this test started: chromedriver and any Chromium it
        // left behind. chromedriver is not yet waited for, so its id is still ours.
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Chromium flags that work as root on these machines.
pub fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1024",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(std::iter::once(format!(
        "--user-data-dir={}",
        profile.display()
    )))
    .collect()
}

/// One entry of the browser's console log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

impl LogEntry {
    /// Chromium asks every HTTP origin for `/favicon.ico` by itself; the site
    /// declares no icon, and a site served below the root of a host cannot
    /// answer for the root, so a 404 for that one request is not the site's error.
    pub fn is_implicit_favicon_request(&self) -> bool {
        let Some(rest) = self.message.strip_prefix("http://127.0.0.1:") else {
            return false;
        };
        let port_len = rest.chars().take_while(char::is_ascii_digit).count();
        self.source == "network" && port_len > 0 && rest[port_len..].starts_with("/favicon.ico - ")
    }

    /// An error the page caused: SEVERE, apart from the implicit favicon request.
    pub fn is_page_error(&self) -> bool {
        self.level == "SEVERE" && !self.is_implicit_favicon_request()
    }
}

/// A WebDriver session on headless Chromium. Cheap to clone (the client is shared).
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    session_id: String,
    driver: SocketAddr,
}

/// Start chromedriver and a fresh Chromium profile, run `body`, then close the
/// session and stop chromedriver, whether `body` passed or panicked.
pub async fn with_browser<F, Fut>(body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("cannot create a profile folder");
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({ "binary": CHROMIUM, "args": chromium_args(profile.path()) }),
    );
    capabilities.insert("goog:loggingPrefs".to_string(), json!({ "browser": "ALL" }));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| panic!("cannot open a Chromium session through chromedriver: {e}"));
    let session_id = client
        .session_id()
        .await
        .unwrap()
        .expect("the session has no id");
    let browser = Browser {
        client: client.clone(),
        session_id,
        driver: driver.addr(),
    };
    let outcome = tokio::spawn(body(browser)).await;
    let _ = client.close().await;
    drop(driver);
    drop(profile);
    if let Err(error) = outcome {
        if error.is_panic() {
            std::panic::resume_unwind(error.into_panic());
        }
        panic!("the test body did not finish: {error}");
    }
}

impl Browser {
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    pub async fn refresh(&self) {
        self.client.refresh().await.expect("cannot reload the page");
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}`: {e}"))
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("cannot look for `{css}`: {e}"))
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self.find_all(css).await.is_empty()
    }

    /// Whether the element is shown, in WebDriver's sense (rendered, not `hidden`).
    pub async fn displayed(&self, css: &str) -> bool {
        self.find(css)
            .await
            .is_displayed()
            .await
            .unwrap_or_else(|e| panic!("cannot tell if `{css}` is shown: {e}"))
    }

    /// The text the browser renders for the element (empty when it is hidden).
    pub async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("cannot read the text of `{css}`: {e}"))
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css)
            .await
            .attr(name)
            .await
            .unwrap_or_else(|e| panic!("cannot read `{name}` of `{css}`: {e}"))
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Run a script in the page; `arguments[0..]` are `args`.
    pub async fn js(&self, script: &str, args: Vec<Json>) -> Json {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The `id` of the focused element (empty when it has none or nothing is focused).
    pub async fn focused_id(&self) -> String {
        self.js(
            "var a = document.activeElement; return a ? (a.id || '') : '';",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Wait until `condition` (a JS expression) is truthy; panic with `what` after [`WAIT`].
    pub async fn wait_for(&self, condition: &str, what: &str) {
        let script = format!("return !!({condition});");
        let deadline = Instant::now() + WAIT;
        loop {
            if self.js(&script, vec![]).await == Json::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {WAIT:?} waiting for {what} ({condition})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Press and release each key in turn, at whatever has focus (real keyboard input).
    pub async fn press(&self, keys: &[char]) {
        let mut actions = KeyActions::new("keyboard".to_string());
        for &key in keys {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .expect("cannot send key presses");
        self.client
            .release_actions()
            .await
            .expect("cannot release keys");
    }

    /// Record the page's `securitypolicyviolation` events from now on (they can
    /// only be watched after load: what the load itself broke is in the console log).
    pub async fn watch_csp_violations(&self) {
        self.js(
            "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', function (e) { \
             window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + \
             e.sourceFile + ':' + e.lineNumber); });",
            vec![],
        )
        .await;
    }

    /// The violations recorded since [`Browser::watch_csp_violations`].
    pub async fn csp_violations(&self) -> Vec<String> {
        // The events are dispatched in a task of their own: let it run.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let found = self
            .js("return window.__cspViolations || null;", vec![])
            .await;
        let list = found
            .as_array()
            .expect("watch_csp_violations was not called on this page");
        list.iter()
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect()
    }

    /// The browser's console log since the last call (chromedriver clears it on read).
    pub async fn console_log(&self) -> Vec<LogEntry> {
        let addr = self.driver;
        let target = format!("/session/{}/se/log", self.session_id);
        let (status, _, body) = tokio::task::spawn_blocking(move || {
            http_request(addr, "POST", &target, Some(r#"{"type":"browser"}"#))
        })
        .await
        .unwrap();
        assert!(
            status.contains(" 200"),
            "chromedriver refused the log request: {status} {}",
            String::from_utf8_lossy(&body)
        );
        let json: Json = serde_json::from_slice(&body).expect("the log is not JSON");
        json["value"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| LogEntry {
                        level: e["level"].as_str().unwrap_or("").to_string(),
                        source: e["source"].as_str().unwrap_or("").to_string(),
                        message: e["message"].as_str().unwrap_or("").to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------
// Quiz pages
// ---------------------------------------------------------------------------

/// A question of the quiz, as the page's `#quiz-data` block describes it.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: String,
    pub multiple: bool,
    pub step: usize,
    pub choices: Vec<Choice>,
    pub breakdown_names: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    /// HTML.
    pub label: String,
    pub correct: bool,
    /// HTML.
    pub feedback: String,
}

impl Question {
    pub fn right(&self) -> Vec<&Choice> {
        self.choices.iter().filter(|c| c.correct).collect()
    }

    pub fn first_wrong(&self) -> &Choice {
        self.choices
            .iter()
            .find(|c| !c.correct)
            .unwrap_or_else(|| panic!("{} has no wrong choice", self.id))
    }
}

/// The quiz model of the page that is open.
#[derive(Debug, Clone)]
pub struct QuizData {
    pub id: String,
    pub pass_mark: u64,
    /// `(step id, step title)`.
    pub steps: Vec<(String, String)>,
    pub questions: Vec<Question>,
}

impl QuizData {
    pub fn question(&self, id: &str) -> &Question {
        self.questions
            .iter()
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("no question {id}"))
    }

    pub fn in_step(&self, step: usize) -> Vec<&Question> {
        self.questions.iter().filter(|q| q.step == step).collect()
    }
}

pub async fn quiz_data(browser: &Browser) -> QuizData {
    let raw = browser
        .js(
            "return document.getElementById('quiz-data').textContent;",
            vec![],
        )
        .await;
    let data: Json = serde_json::from_str(raw.as_str().expect("no #quiz-data block"))
        .expect("#quiz-data is not JSON");
    let str_of = |v: &Json| v.as_str().unwrap_or("").to_string();
    let mut steps = Vec::new();
    let mut questions = Vec::new();
    for (index, step) in data["steps"]
        .as_array()
        .expect("no steps")
        .iter()
        .enumerate()
    {
        steps.push((str_of(&step["id"]), str_of(&step["title"])));
        for q in step["questions"].as_array().expect("no questions") {
            questions.push(Question {
                id: str_of(&q["id"]),
                kind: str_of(&q["kind"]),
                multiple: q["multiple"].as_bool().unwrap_or(false),
                step: index,
                choices: q["choices"]
                    .as_array()
                    .expect("no choices")
                    .iter()
                    .map(|c| Choice {
                        id: str_of(&c["id"]),
                        label: str_of(&c["label"]),
                        correct: c["correct"].as_bool().unwrap_or(false),
                        feedback: str_of(&c["feedback"]),
                    })
                    .collect(),
                breakdown_names: q["breakdown"]
                    .as_array()
                    .map(|b| b.iter().map(|i| str_of(&i["name"])).collect())
                    .unwrap_or_default(),
            });
        }
    }
    QuizData {
        id: str_of(&data["id"]),
        pass_mark: data["pass_mark"].as_u64().unwrap_or(0),
        steps,
        questions,
    }
}

/// The text a fragment of HTML shows (parsed by the browser, in an inert document).
pub async fn html_text(browser: &Browser, html: &str) -> String {
    let text = browser
        .js(
            "var d = document.implementation.createHTMLDocument(''); d.body.innerHTML = arguments[0]; return d.body.textContent;",
            vec![Json::String(html.to_string())],
        )
        .await;
    squash(text.as_str().unwrap_or(""))
}

/// Collapse runs of white space, as rendered text does.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Wait until the page script has run (it shows the "Check answer" buttons).
pub async fn wait_for_quiz_script(browser: &Browser) {
    browser
        .wait_for(
            "document.querySelector('.question__actions') && !document.querySelector('.question__actions').hidden",
            "the quiz script to show the Check answer buttons",
        )
        .await;
}

/// Tick the given choices of a question by clicking their labels, as a reader would.
pub async fn choose(browser: &Browser, choice_ids: &[&str]) {
    for id in choice_ids {
        browser.click(&format!("label[for='{id}']")).await;
        let checked = browser
            .find(&format!("#{}", css_id(id)))
            .await
            .is_selected()
            .await
            .unwrap();
        assert!(checked, "clicking the label of {id} did not select it");
    }
}

/// Click the question's "Check answer" button.
pub async fn check_answer(browser: &Browser, question: &str) {
    let button = browser
        .find(&format!(
            "#{} .question__actions button[type=submit]",
            css_id(question)
        ))
        .await;
    assert_eq!(button.text().await.unwrap(), "Check answer");
    button
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click Check answer on {question}: {e}"));
    browser
        .wait_for(
            &format!(
                "document.getElementById({:?}).innerHTML !== ''",
                format!("{question}-feedback")
            ),
            &format!("feedback on {question}"),
        )
        .await;
}

/// Answer a question right or wrong and check it.
pub async fn answer(browser: &Browser, question: &Question, right: bool) {
    let ids: Vec<&str> = if right {
        question.right().iter().map(|c| c.id.as_str()).collect()
    } else {
        vec![question.first_wrong().id.as_str()]
    };
    choose(browser, &ids).await;
    check_answer(browser, &question.id).await;
}

/// Escape an id for a CSS `#id` selector (ids here are letters, digits and `-`).
pub fn css_id(id: &str) -> String {
    assert!(
        id.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "unexpected id {id:?}"
    );
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("\\3{} {}", &id[..1], &id[1..])
    } else {
        id.to_string()
    }
}
