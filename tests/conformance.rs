//! Conformance of the built site: accessible (axe-core, WCAG 2.2 AA), valid
//! HTML (the Nu HTML Checker), and fit for a locked-down intranet (no dead link
//! when opened from disk, no request that leaves the site).
//!
//! The browser and checker tests need Chromium, chromedriver, Java and the npm
//! test tools under `target/npm-tools` (`.ci/run` installs them), so they are
//! ignored by default:
//!
//! ```text
//! cargo test --test conformance -- --ignored --test-threads=1
//! ```
//!
//! The scan of the output for outside addresses needs nothing and runs with
//! `cargo test`. Every checker here has a test of its own that feeds it one of
//! each mistake, so a clean result on the real site means something.

#[path = "browser/mod.rs"]
mod support;

use scraper::{ElementRef, Html, Node};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use support::*;

const FENCE_LINE: &str = "quizzes/the-fence-line.html";
const TWO_STEPS: &str = "quizzes/bus-stop-then-car-park.html";

/// The WCAG levels the site is held to: 2.0, 2.1 and 2.2, A and AA.
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// A file the npm test tools installed (`.ci/run` installs them into `target/npm-tools`).
fn npm_tool(relative: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/npm-tools/node_modules")
        .join(relative);
    assert!(
        path.is_file(),
        "{} is missing. Install the test tools as .ci/run does:\n  \
         mkdir -p target/npm-tools && (cd target/npm-tools && npm install axe-core@4 vnu-jar scorm-again@3)",
        path.display()
    );
    path
}

// ---------------------------------------------------------------------------
// Every kind of page, in every state the scripts put it in
// ---------------------------------------------------------------------------

/// What to do with each page state the tour reaches.
enum Inspect<'a> {
    /// Run axe-core and add each violation to the list, and each control
    /// that shows no change when it has focus.
    Axe(&'a Axe),
    /// Save the live DOM as an HTML file in this folder, for the Nu checker.
    Snapshot(&'a Path),
    /// Check that nothing but a scroll box is wider than the window.
    Reflow,
}

/// Visit every kind of page over the strict-CSP server `base`, and drive the
/// scripts through every state they have: a quiz before and after answering
/// (with a mistake, with the "choose an answer first" error, with every answer
/// shown), a two-step quiz continued to its end, the progress page with a
/// score, and the search page with and without results. Returns how many
/// states were inspected.
async fn tour(b: &Browser, base: &str, inspect: &Inspect<'_>, problems: &mut Vec<String>) -> usize {
    let mut seen = 0;
    let mut at = async |label: &str, problems: &mut Vec<String>| {
        inspect_state(b, label, inspect, problems).await;
        seen += 1;
    };
    for page in [
        "index.html",
        "offences/index.html",
        "offences/stalking.html",
        "quizzes/index.html",
        "about/accessibility.html",
    ] {
        open(b, &format!("{base}{page}")).await;
        at(page, problems).await;
    }

    open(b, &format!("{base}search.html")).await;
    at("search.html (no query)", problems).await;
    open(b, &format!("{base}search.html?q=stalking")).await;
    b.wait_for(
        "document.querySelectorAll('.search-result').length > 0",
        "search results",
    )
    .await;
    at("search.html?q=stalking", problems).await;
    open(b, &format!("{base}search.html?q=xylophone")).await;
    b.wait_for(
        "document.getElementById('search-status').textContent.indexOf('No pages match') === 0",
        "the no-match message",
    )
    .await;
    at("search.html?q=xylophone (no match)", problems).await;

    // A one-step quiz: before, after an empty check, after every answer, with
    // every answer shown.
    open(b, &format!("{base}{FENCE_LINE}")).await;
    wait_for_quiz_script(b).await;
    at(&format!("{FENCE_LINE} (before answering)"), problems).await;
    let quiz = quiz_data(b).await;
    check_answer(b, &quiz.questions[0].id).await;
    at(&format!("{FENCE_LINE} (checked with no choice)"), problems).await;
    answer_all(b, &quiz).await;
    assert!(
        b.displayed("#quiz-result").await,
        "no result on {FENCE_LINE}"
    );
    at(&format!("{FENCE_LINE} (every question answered)"), problems).await;
    b.click("#quiz-show-answers").await;
    at(&format!("{FENCE_LINE} (all answers shown)"), problems).await;

    // A quiz in steps: before, with the Continue button, at its end.
    open(b, &format!("{base}{TWO_STEPS}")).await;
    wait_for_quiz_script(b).await;
    at(&format!("{TWO_STEPS} (before answering)"), problems).await;
    let quiz = quiz_data(b).await;
    assert!(quiz.steps.len() > 1, "{TWO_STEPS} has one step");
    for q in quiz.in_step(0) {
        answer(b, q, true).await;
    }
    assert!(
        b.exists(".step-continue button").await,
        "no Continue button on {TWO_STEPS}"
    );
    at(&format!("{TWO_STEPS} (first step answered)"), problems).await;
    answer_all(b, &quiz).await;
    assert!(
        b.displayed("#quiz-result").await,
        "no result on {TWO_STEPS}"
    );
    at(&format!("{TWO_STEPS} (every step answered)"), problems).await;

    // The progress page, now with scores in its table.
    open(b, &format!("{base}progress.html")).await;
    b.wait_for(
        "!document.getElementById('progress-summary').hidden",
        "the progress script",
    )
    .await;
    let scored = b
        .js(
            "return Array.prototype.filter.call(document.querySelectorAll('.progress-table__best'), \
             function (c) { return c.textContent !== 'Not attempted'; }).length;",
            vec![],
        )
        .await;
    assert_eq!(scored, json!(2), "the progress page shows no scores");
    at("progress.html (two scenarios finished)", problems).await;
    seen
}

async fn open(b: &Browser, url: &str) {
    b.goto(url).await;
    b.wait_for("document.readyState === 'complete'", "the page to load")
        .await;
}

/// Answer every question still open, in page order, the first wrong and the
/// rest right, continuing to the next step when offered.
async fn answer_all(b: &Browser, quiz: &QuizData) {
    for (index, (step_id, _)) in quiz.steps.iter().enumerate() {
        if index > 0 && !b.displayed(&format!("#{step_id}")).await {
            b.click(&format!(
                "#{} .step-continue button",
                quiz.steps[index - 1].0
            ))
            .await;
            assert!(b.displayed(&format!("#{step_id}")).await);
        }
        for q in quiz.in_step(index) {
            // An answered question's choices are disabled.
            let answered = b
                .js(
                    "return document.getElementById(arguments[0]).querySelector('input').disabled;",
                    vec![json!(q.id)],
                )
                .await;
            if answered != json!(true) {
                answer(b, q, q.id != quiz.questions[0].id).await;
            }
        }
    }
}

async fn inspect_state(
    b: &Browser,
    label: &str,
    inspect: &Inspect<'_>,
    problems: &mut Vec<String>,
) {
    match inspect {
        Inspect::Axe(axe) => {
            let report = axe.run(b).await;
            problems.extend(report.violations.iter().map(|v| format!("{label}: {v}")));
            problems.extend(
                focus_not_shown(b)
                    .await
                    .into_iter()
                    .map(|c| format!("{label}: {c}")),
            );
        }
        Inspect::Snapshot(dir) => {
            let html = b
                .js(
                    "return '<!DOCTYPE html>\\n' + document.documentElement.outerHTML;",
                    vec![],
                )
                .await;
            let name: String = label
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let count = std::fs::read_dir(dir).unwrap().count();
            let file = dir.join(format!("{count:02}-{name}.html"));
            std::fs::write(&file, html.as_str().unwrap_or(""))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        }
        Inspect::Reflow => {
            for overflow in overflowing(b).await {
                problems.push(format!("{label}: {overflow}"));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 1. axe-core
// ---------------------------------------------------------------------------

/// axe-core's source, injected into each page through WebDriver: script run
/// that way is not subject to the page's Content-Security-Policy.
struct Axe {
    source: String,
}

struct AxeReport {
    violations: Vec<Violation>,
    /// Rules that ran and passed: zero would mean axe checked nothing.
    passes: usize,
}

struct Violation {
    id: String,
    impact: String,
    help: String,
    help_url: String,
    /// `(CSS target, HTML, failure summary)`.
    nodes: Vec<(String, String, String)>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} ({}): {} <{}>",
            self.id, self.impact, self.help, self.help_url
        )?;
        for (target, html, summary) in &self.nodes {
            writeln!(f, "    at {target}: {html}")?;
            for line in summary.lines() {
                writeln!(f, "        {line}")?;
            }
        }
        Ok(())
    }
}

const AXE_RUN: &str = r#"
var done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
  .then(function (r) {
    done({
      passes: r.passes.length,
      violations: r.violations.map(function (v) {
        return {
          id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map(function (n) {
            return { target: n.target.join(' '), html: n.html, summary: n.failureSummary || '' };
          })
        };
      })
    });
  })
  .catch(function (e) { done({ error: String(e && e.stack || e) }); });
"#;

impl Axe {
    fn load() -> Axe {
        let path = npm_tool("axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Axe { source }
    }

    async fn run(&self, b: &Browser) -> AxeReport {
        if b.js("return typeof window.axe;", vec![]).await != json!("object") {
            b.js(&self.source, vec![]).await;
            assert_eq!(
                b.js("return typeof window.axe;", vec![]).await,
                json!("object"),
                "axe.min.js did not define `axe` in the page"
            );
        }
        let result = b
            .client
            .execute_async(AXE_RUN, vec![json!(AXE_TAGS)])
            .await
            .unwrap_or_else(|e| panic!("axe.run failed: {e}"));
        if let Some(error) = result.get("error") {
            panic!("axe.run failed: {error}");
        }
        let text = |v: &Json| v.as_str().unwrap_or("").to_string();
        let violations = result["violations"]
            .as_array()
            .expect("axe returned no violations list")
            .iter()
            .map(|v| Violation {
                id: text(&v["id"]),
                impact: text(&v["impact"]),
                help: text(&v["help"]),
                help_url: text(&v["helpUrl"]),
                nodes: v["nodes"]
                    .as_array()
                    .map(|nodes| {
                        nodes
                            .iter()
                            .map(|n| (text(&n["target"]), text(&n["html"]), text(&n["summary"])))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        AxeReport {
            violations,
            passes: result["passes"].as_u64().unwrap_or(0) as usize,
        }
    }
}

/// WCAG 2.4.7 (focus visible), which axe does not test: every control that
/// is shown and enabled must look different when it has focus (an outline, a
/// shadow or a new background), as the theme's `:focus` styles make it.
const FOCUS_NOT_SHOWN: &str = r#"
var props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color'];
function look(e) {
  var s = getComputedStyle(e), out = {};
  props.forEach(function (p) { out[p] = s.getPropertyValue(p); });
  return out;
}
function clear(colour) { return colour === 'transparent' || /rgba\(.*, 0\)$/.test(colour); }
var missing = [];
var controls = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
Array.prototype.forEach.call(controls, function (e) {
  if (e.disabled || e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden') { return; }
  if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
  var before = look(e);
  e.focus({ preventScroll: true });
  var name = '<' + e.tagName.toLowerCase() + (e.id ? ' id="' + e.id + '"' : '') +
    (e.className ? ' class="' + e.className + '"' : '') + '> "' + (e.textContent || e.value || '').trim().slice(0, 40) + '"';
  if (document.activeElement !== e) { missing.push(name + ' cannot take focus'); return; }
  var after = look(e);
  e.blur();
  var outline = after['outline-style'] !== 'none' && parseFloat(after['outline-width']) >= 2 && !clear(after['outline-color']);
  var shadow = after['box-shadow'] !== 'none' && after['box-shadow'] !== before['box-shadow'];
  var background = after['background-color'] !== before['background-color'] && !clear(after['background-color']);
  if (!outline && !shadow && !background) { missing.push(name + ' shows no focus'); }
});
return { controls: controls.length, missing: missing };
"#;

/// The controls of the open page that do not show focus.
async fn focus_not_shown(b: &Browser) -> Vec<String> {
    let result = b.js(FOCUS_NOT_SHOWN, vec![]).await;
    result["missing"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|c| format!("focus-visible (WCAG 2.4.7): {}", c.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn axe_finds_no_wcag_violations_on_any_kind_of_page() {
    let started = Instant::now();
    let axe = Axe::load();
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let base = server.url("");
    with_browser(move |b| async move {
        let mut problems = Vec::new();
        let states = tour(&b, &base, &Inspect::Axe(&axe), &mut problems).await;
        assert!(states >= 16, "only {states} page states were checked");
        assert!(
            problems.is_empty(),
            "axe-core ({}) found {} violations in {states} page states:\n\n{}",
            AXE_TAGS.join(", "),
            problems.len(),
            problems.join("\n")
        );
        println!(
            "axe: {states} page states, no violations, {:?}",
            started.elapsed()
        );
        drop((server, site));
    })
    .await;
}

/// Every built page, as it loads (the tour above covers the scripted states of
/// each kind of page; this covers what authors wrote on every other page).
#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn axe_finds_no_wcag_violations_on_any_built_page() {
    let started = Instant::now();
    let axe = Axe::load();
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let pages = site.html_pages();
    let base = server.url("");
    with_browser(move |b| async move {
        let mut problems = Vec::new();
        for page in &pages {
            open(&b, &format!("{base}{page}")).await;
            let report = axe.run(&b).await;
            assert!(
                report.passes > 10,
                "{page}: axe passed only {} rules",
                report.passes
            );
            problems.extend(report.violations.iter().map(|v| format!("{page}: {v}")));
            problems.extend(
                focus_not_shown(&b)
                    .await
                    .into_iter()
                    .map(|c| format!("{page}: {c}")),
            );
        }
        assert!(
            problems.is_empty(),
            "axe-core ({}) found {} violations on {} pages:\n\n{}",
            AXE_TAGS.join(", "),
            problems.len(),
            pages.len(),
            problems.join("\n")
        );
        println!(
            "axe: {} pages, no violations, {:?}",
            pages.len(),
            started.elapsed()
        );
        drop((server, site));
    })
    .await;
}

/// The injection works under the strict CSP, and axe and the focus check see
/// what they should.
#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn axe_reports_violations_on_a_page_with_known_mistakes() {
    let axe = Axe::load();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bad</title>\
         <link rel=\"stylesheet\" href=\"bad.css\"></head><body><main>\
         <h1>Bad</h1><img src=\"missing.png\"><p class=\"faint\">faint text</p>\
         <input type=\"text\"><a href=\"#top\" class=\"plain\">no focus style</a>\
         <a href=\"#top\" class=\"ringed\">a focus style</a></main></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.css"),
        ".faint { color: #bbb; }\n.plain:focus, input:focus { outline: none; }\n\
         .ringed:focus { outline: 3px solid #fd0; }\n",
    )
    .unwrap();
    let server = StaticServer::start(dir.path());
    let url = server.url("index.html");
    with_browser(move |b| async move {
        open(&b, &url).await;
        let report = axe.run(&b).await;
        let ids: BTreeSet<&str> = report.violations.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(
            ids,
            BTreeSet::from(["color-contrast", "html-has-lang", "image-alt", "label"]),
            "{}",
            report
                .violations
                .iter()
                .map(ToString::to_string)
                .collect::<String>()
        );
        let image = report
            .violations
            .iter()
            .find(|v| v.id == "image-alt")
            .unwrap();
        assert_eq!(image.nodes[0].0, "img");
        assert!(report.passes > 0);
        assert_eq!(
            focus_not_shown(&b).await,
            [
                "focus-visible (WCAG 2.4.7): <input> \"\" shows no focus",
                "focus-visible (WCAG 2.4.7): <a class=\"plain\"> \"no focus style\" shows no focus",
            ]
        );
        drop((server, dir));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 2. Reflow (WCAG 1.4.10): usable at 320 CSS pixels without scrolling sideways
// ---------------------------------------------------------------------------

/// The window width of WCAG 1.4.10: a 1280-pixel screen at 400% zoom.
const NARROW: u32 = 320;

/// The elements and text that stick out of the page's width, unless a box that
/// scrolls sideways on its own holds them (a wide table in `.table-wrap` may scroll,
/// as 1.4.10 allows for data tables; the page itself may not).
const OVERFLOWING: &str = r#"
var width = document.documentElement.clientWidth, found = [];
function inScrollBox(e) {
  for (var p = e; p && p !== document.body; p = p.parentElement) {
    var x = getComputedStyle(p).overflowX;
    if (x === 'auto' || x === 'scroll' || x === 'hidden') { return true; }
  }
  return false;
}
function sticksOut(box) { return box.width > 0 && box.right > width + 1; }
function describe(e) {
  return '<' + e.tagName.toLowerCase() + (e.className ? ' class="' + e.className + '"' : '') + '>';
}
/* The outermost element that sticks out (its parent does not), and text that
   sticks out of an element that does not. */
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
for (var node = walker.nextNode(); node; node = walker.nextNode()) {
  var parent = node.parentElement;
  if (node.nodeType === Node.TEXT_NODE) {
    if (!node.textContent.trim() || inScrollBox(parent) || sticksOut(parent.getBoundingClientRect())) { continue; }
    var range = document.createRange();
    range.selectNodeContents(node);
    var box = range.getBoundingClientRect();
    if (sticksOut(box)) {
      found.push('text in ' + describe(parent) + ' ends at ' + Math.round(box.right) + 'px: "' + node.textContent.trim().replace(/\s+/g, ' ').slice(0, 60) + '"');
    }
  } else if (!inScrollBox(node) && sticksOut(node.getBoundingClientRect()) &&
             (parent === document.body || !sticksOut(parent.getBoundingClientRect()))) {
    found.push(describe(node) + ' ends at ' + Math.round(node.getBoundingClientRect().right) + 'px: "' +
      (node.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60) + '"');
  }
}
if (found.length === 0 && document.documentElement.scrollWidth > width) {
  found.push('the page is ' + document.documentElement.scrollWidth + 'px wide');
}
return { width: width, found: found };
"#;

async fn overflowing(b: &Browser) -> Vec<String> {
    let result = b.js(OVERFLOWING, vec![]).await;
    let width = result["width"].as_u64().unwrap_or(0);
    result["found"]
        .as_array()
        .map(|found| {
            found
                .iter()
                .map(|f| {
                    format!(
                        "wider than the {width}px window: {}",
                        f.as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn every_page_reflows_to_320_css_pixels() {
    let started = Instant::now();
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let pages = site.html_pages();
    let base = server.url("");
    with_browser(move |b| async move {
        b.client
            .set_window_size(NARROW, 900)
            .await
            .expect("cannot resize the window");
        let inner = b.js("return window.innerWidth;", vec![]).await;
        assert_eq!(
            inner,
            json!(NARROW),
            "the window did not shrink to {NARROW}px"
        );
        let mut problems = Vec::new();
        let states = tour(&b, &base, &Inspect::Reflow, &mut problems).await;
        for page in &pages {
            open(&b, &format!("{base}{page}")).await;
            problems.extend(
                overflowing(&b)
                    .await
                    .into_iter()
                    .map(|o| format!("{page}: {o}")),
            );
        }
        assert!(
            problems.is_empty(),
            "{} things stick out sideways at {NARROW}px:\n{}",
            problems.len(),
            problems.join("\n")
        );
        println!(
            "reflow: {states} page states and {} pages at {NARROW}px, {:?}",
            pages.len(),
            started.elapsed()
        );
        drop((server, site));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 3. The Nu HTML Checker
// ---------------------------------------------------------------------------

/// `java -jar vnu.jar --errors-only --skip-non-html DIR`: (exit code, stdout + stderr).
fn nu_check(dir: &Path) -> (Option<i32>, String, String) {
    let jar = npm_tool("vnu-jar/build/dist/vnu.jar");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run java (install a JRE, Java 17 or later): {e}"));
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_nu_clean(dir: &Path, what: &str) {
    let (code, stdout, stderr) = nu_check(dir);
    assert!(
        code == Some(0) && stderr.trim().is_empty() && stdout.trim().is_empty(),
        "the Nu HTML Checker found errors in {what} (exit code {code:?}):\n{stderr}{stdout}"
    );
}

#[test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
fn the_shipped_site_is_valid_html() {
    let started = Instant::now();
    let site = build_site();
    let pages = site.html_pages().len();
    assert!(pages > 20, "only {pages} pages");
    assert_nu_clean(&site.out, &format!("the {pages} pages of the shipped site"));
    println!(
        "Nu HTML Checker: {pages} pages, no errors, {:?}",
        started.elapsed()
    );
}

/// The scripts write HTML too (feedback, the result, search results): the live
/// DOM of each state the tour reaches must be valid as well.
#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn pages_stay_valid_html_after_the_scripts_change_them() {
    npm_tool("vnu-jar/build/dist/vnu.jar");
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let base = server.url("");
    let snapshots = tempfile::tempdir().unwrap();
    let dir = snapshots.path().to_path_buf();
    with_browser(move |b| async move {
        let mut problems = Vec::new();
        let states = tour(&b, &base, &Inspect::Snapshot(&dir), &mut problems).await;
        assert!(states >= 16, "only {states} page states were saved");
        assert_nu_clean(&dir, &format!("the live DOM of {states} page states"));
        drop((server, site));
    })
    .await;
    drop(snapshots);
}

#[test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
fn the_nu_checker_reports_invalid_html() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body>\
         <p id=\"a\">one</p><p id=\"a\"><div>two</div></p></body></html>",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not HTML").unwrap();
    let (code, stdout, stderr) = nu_check(dir.path());
    let report = format!("{stderr}{stdout}");
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("Duplicate ID"), "{report}");
    assert!(report.contains("No “p” element in scope"), "{report}");
    assert!(!report.contains("notes.txt"), "{report}");
}

// ---------------------------------------------------------------------------
// 4. The intranet: every link works from disk
// ---------------------------------------------------------------------------

/// Open every page of `out` from `file://` and follow (on disk) every link that
/// stays on disk: its file must exist inside `out`, and its `#fragment` must be
/// an id on the target page. Returns the problems and how many links were checked.
async fn dead_links_from_disk(b: &Browser, out: &Path, pages: &[String]) -> (Vec<String>, usize) {
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for page in pages {
        let file = out.join(page);
        b.goto(&format!("file://{}", file.display())).await;
        let found = b
            .js(
                "return { url: location.href,
                          ids: Array.prototype.map.call(document.querySelectorAll('[id]'), function (e) { return e.id; }),
                          links: Array.prototype.map.call(document.querySelectorAll('a[href]'), function (a) { return a.href; }) };",
                vec![],
            )
            .await;
        assert!(
            found["url"].as_str().unwrap_or("").starts_with("file://"),
            "{page} did not open from disk: {found}"
        );
        let strings = |v: &Json| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        ids.insert(file, strings(&found["ids"]).into_iter().collect());
        links.extend(
            strings(&found["links"])
                .into_iter()
                .map(|l| (page.clone(), l)),
        );
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, link) in &links {
        let Some(rest) = link.strip_prefix("file://") else {
            continue;
        };
        checked += 1;
        let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let path = path.split('?').next().unwrap_or("");
        let target = PathBuf::from(percent_decode(path));
        if !target.starts_with(out) {
            problems.push(format!("{page}: {link} leads out of the site's folder"));
        } else if !target.is_file() {
            problems.push(format!("{page}: {link} leads to no file"));
        } else if !fragment.is_empty() {
            let fragment = percent_decode(fragment);
            match ids.get(&target) {
                Some(found) if found.contains(&fragment) => {}
                Some(_) => problems.push(format!(
                    "{page}: {link}: the target page has no id `{fragment}`"
                )),
                None => problems.push(format!(
                    "{page}: {link}: a fragment on a file that is not a page"
                )),
            }
        }
    }
    (problems, checked)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn no_dead_link_when_the_site_is_opened_from_disk() {
    let started = Instant::now();
    let site = build_site();
    let pages = site.html_pages();
    let out = site.out.clone();
    with_browser(move |b| async move {
        let (problems, checked) = dead_links_from_disk(&b, &out, &pages).await;
        assert!(
            checked > pages.len() * 10,
            "only {checked} links on {} pages",
            pages.len()
        );
        assert!(
            problems.is_empty(),
            "{} dead links from file:// ({checked} checked on {} pages):\n{}",
            problems.len(),
            pages.len(),
            problems.join("\n")
        );
        println!(
            "file:// walk: {checked} links on {} pages, none dead, {:?}",
            pages.len(),
            started.elapsed()
        );
        drop(site);
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium, chromedriver, java and the npm test tools (see .ci/run); run with cargo test --test conformance -- --ignored"]
async fn the_disk_walk_reports_each_kind_of_dead_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    std::fs::create_dir_all(out.join("a")).unwrap();
    std::fs::write(out.join("my file.pdf"), "pdf").unwrap();
    std::fs::write(out.join("outside.html"), "").unwrap();
    std::fs::write(
        out.join("a/b.html"),
        "<!DOCTYPE html><title>b</title><h2 id=\"here\">Here</h2><a href=\"../index.html#top\">back</a>",
    )
    .unwrap();
    std::fs::write(
        out.join("index.html"),
        "<!DOCTYPE html><title>i</title><p id=\"top\">\
         <a href=\"a/b.html#here\">fine</a> <a href=\"my%20file.pdf\">fine</a> \
         <a href=\"https://www.legislation.gov.uk/\">fine: not on disk</a> <a href=\"#top\">fine</a> \
         <a href=\"search.html?q=x\">missing with a query</a> <a href=\"a/b.html#nowhere\">bad fragment</a> \
         <a href=\"a/\">a folder</a> <a href=\"../site/../outside.html\">outside</a> \
         <a href=\"my%20file.pdf#x\">fragment on a file</a>",
    )
    .unwrap();
    let pages = vec!["a/b.html".to_string(), "index.html".to_string()];
    let site_dir = out.clone();
    with_browser(move |b| async move {
        let (problems, checked) = dead_links_from_disk(&b, &site_dir, &pages).await;
        let root = format!("file://{}", site_dir.display());
        let problems: Vec<String> = problems.iter().map(|p| p.replace(&root, "ROOT")).collect();
        assert_eq!(
            problems,
            [
                "index.html: ROOT/search.html?q=x leads to no file",
                "index.html: ROOT/a/b.html#nowhere: the target page has no id `nowhere`",
                "index.html: ROOT/a/ leads to no file",
                &format!(
                    "index.html: file://{}/outside.html leads out of the site's folder",
                    site_dir.parent().unwrap().display()
                ),
                "index.html: ROOT/my%20file.pdf#x: a fragment on a file that is not a page",
            ]
        );
        assert_eq!(checked, 9);
        drop(dir);
    })
    .await;
}

// ---------------------------------------------------------------------------
// 5. The intranet: nothing leaves the site except the authors' own links
// ---------------------------------------------------------------------------

/// Where authors' words appear: page content, sources, quiz text and answers,
/// and the organisations' links from `site.yaml`. An outside address is allowed
/// only as the `href` of an `<a>` inside one of these.
const AUTHOR_CONTENT: &[&str] = &[
    "prose",
    "sources",
    "question",
    "answer",
    "feedback",
    "site-footer__orgs",
];

fn has_outside_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("http://") || lower.contains("https://") || lower.contains("//www.")
}

fn in_author_content(element: ElementRef<'_>) -> bool {
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| e.value().classes().any(|c| AUTHOR_CONTENT.contains(&c)))
}

/// Every outside address in the HTML `html` that is not an author's link.
/// `all_content`: the HTML is a fragment of the quiz data (authors' text).
fn outside_urls_in_html(html: &Html, all_content: bool, place: &str, problems: &mut Vec<String>) {
    for node in html.tree.root().descendants() {
        let parent = node.parent().and_then(ElementRef::wrap);
        match node.value() {
            Node::Element(element) => {
                let element_ref = ElementRef::wrap(node).unwrap();
                for (name, value) in element.attrs() {
                    if !has_outside_url(value) {
                        continue;
                    }
                    let author_link = element.name() == "a"
                        && name == "href"
                        && (all_content || in_author_content(element_ref));
                    if !author_link {
                        problems.push(format!(
                            "{place}: <{} {name}=\"{value}\"> is an outside address outside the authors' links",
                            element.name()
                        ));
                    }
                }
            }
            Node::Text(text) if has_outside_url(text) => {
                let parent_name = parent.map(|p| p.value().name()).unwrap_or("");
                if parent.is_some_and(|p| p.value().id() == Some("quiz-data")) {
                    outside_urls_in_quiz_data(text, place, problems);
                } else if parent_name == "script" || parent_name == "style" {
                    problems.push(format!(
                        "{place}: an outside address in a <{parent_name}> element"
                    ));
                } else if !all_content && !parent.is_some_and(in_author_content) {
                    problems.push(format!(
                        "{place}: an outside address in the theme's text: {:?}",
                        text.trim()
                    ));
                }
            }
            Node::Comment(comment) if has_outside_url(comment) => {
                problems.push(format!("{place}: an outside address in a comment"));
            }
            _ => {}
        }
    }
}

/// The quiz data block holds the authors' text as HTML strings.
fn outside_urls_in_quiz_data(json: &str, place: &str, problems: &mut Vec<String>) {
    let Ok(data) = serde_json::from_str::<Json>(json) else {
        problems.push(format!("{place}: #quiz-data is not JSON"));
        return;
    };
    let mut strings = Vec::new();
    collect_strings(&data, &mut strings);
    for string in strings.into_iter().filter(|s| has_outside_url(s)) {
        let fragment = Html::parse_fragment(string);
        outside_urls_in_html(&fragment, true, &format!("{place} #quiz-data"), problems);
    }
}

fn collect_strings<'a>(value: &'a Json, out: &mut Vec<&'a str>) {
    match value {
        Json::String(s) => out.push(s),
        Json::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Json::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// A stylesheet may not load anything from elsewhere: no `@import`, and every
/// `url()` relative to the stylesheet.
fn outside_urls_in_css(css: &str, place: &str, problems: &mut Vec<String>) {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        problems.push(format!("{place}: @import"));
    }
    for (at, _) in lower.match_indices("url(") {
        let argument = lower[at + 4..]
            .split(')')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if argument.starts_with('/') || argument.contains(':') {
            problems.push(format!(
                "{place}: url({argument}) is not a file of the site"
            ));
        }
    }
    if has_outside_url(css) && !lower.contains("url(") {
        problems.push(format!("{place}: an outside address"));
    }
}

/// Every outside address in the output folder `out` that is not an author's link.
fn outside_urls(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    collect_files(out, out, &mut files);
    for file in files {
        let path = out.join(&file);
        if file.ends_with(".html") {
            let text = std::fs::read_to_string(&path).unwrap();
            outside_urls_in_html(&Html::parse_document(&text), false, &file, &mut problems);
        } else if file.ends_with(".css") {
            let text = std::fs::read_to_string(&path).unwrap();
            outside_urls_in_css(&text, &file, &mut problems);
        } else if file.ends_with(".js") && !file.ends_with("search-index.js") {
            // The theme's scripts (the search index is the authors' text).
            let text = std::fs::read_to_string(&path).unwrap();
            if has_outside_url(&text) {
                problems.push(format!("{file}: a script names an outside address"));
            }
        }
    }
    problems
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(root, &path, files);
        } else {
            files.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    files.sort();
}

#[test]
fn outside_addresses_appear_only_in_the_authors_links() {
    let site = build_site();
    let problems = outside_urls(&site.out);
    assert!(
        problems.is_empty(),
        "{} outside addresses where the theme or a request put them:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Not vacuous: the shipped site does link to legislation.
    let sources = std::fs::read_to_string(site.out.join("offences/stalking.html")).unwrap();
    assert!(sources.contains("href=\"https://www.legislation.gov.uk/"));
}

#[test]
fn the_outside_address_scan_reports_each_kind_of_leak() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    std::fs::create_dir_all(out.join("assets")).unwrap();
    std::fs::write(
        out.join("assets/style.css"),
        "@import \"https://fonts.example.org/a.css\";\n\
         .a { background: url(\"../img/fine.png\"); }\n\
         .b { background: url(https://cdn.example.org/b.png); }\n\
         .c { background: url(/img/c.png); }\n",
    )
    .unwrap();
    std::fs::write(
        out.join("assets/theme.js"),
        "fetch('https://stats.example.org/');\n",
    )
    .unwrap();
    std::fs::write(
        out.join("assets/search-index.js"),
        "window.i = ['see https://example.org'];\n",
    )
    .unwrap();
    let quiz = json!({ "steps": [{ "questions": [{
        "explanation": "<p><a href=\"https://www.legislation.gov.uk/\">fine</a></p>",
        "feedback": "<img src=\"https://cdn.example.org/q.png\" alt=\"\">"
    }] }] });
    let page = format!(
        "<!DOCTYPE html><html><head><title>t</title>\
         <link rel=\"stylesheet\" href=\"https://cdn.example.org/x.css\">\
         <script src=\"https://cdn.example.org/x.js\"></script>\
         <!-- see https://example.org --></head><body>\
         <header><a href=\"https://theme.example.org/\">theme link</a> Made by https://theme.example.org</header>\
         <div class=\"prose\"><p><a href=\"https://www.legislation.gov.uk/ukpga/1997/40\">fine</a> and https://fine.example.org</p>\
         <img src=\"https://cdn.example.org/y.png\" alt=\"\"></div>\
         <section class=\"sources\"><a href=\"https://www.legislation.gov.uk/\">fine</a></section>\
         <p class=\"site-footer__orgs\"><a href=\"https://www.cps.gov.uk/\">fine</a></p>\
         <script type=\"application/json\" id=\"quiz-data\">{quiz}</script></body></html>"
    );
    std::fs::write(out.join("index.html"), page).unwrap();
    assert_eq!(
        outside_urls(out),
        [
            "assets/style.css: @import",
            "assets/style.css: url(https://cdn.example.org/b.png) is not a file of the site",
            "assets/style.css: url(/img/c.png) is not a file of the site",
            "assets/theme.js: a script names an outside address",
            "index.html: <link href=\"https://cdn.example.org/x.css\"> is an outside address outside the authors' links",
            "index.html: <script src=\"https://cdn.example.org/x.js\"> is an outside address outside the authors' links",
            "index.html: an outside address in a comment",
            "index.html: <a href=\"https://theme.example.org/\"> is an outside address outside the authors' links",
            "index.html: an outside address in the theme's text: \"Made by https://theme.example.org\"",
            "index.html: <img src=\"https://cdn.example.org/y.png\"> is an outside address outside the authors' links",
            "index.html #quiz-data: <img src=\"https://cdn.example.org/q.png\"> is an outside address outside the authors' links",
        ]
    );
}
