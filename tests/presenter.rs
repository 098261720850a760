//! Browser tests of the presenter views (`present/<quiz>.html` and
//! `present/session-<slug>.html`): the shipped site, built with `briefing`,
//! driven in headless Chromium with real key presses, as a trainer with a
//! presentation clicker would.
//!
//! The expected beats come from the compiled quiz model (`briefing::compile`),
//! not from the rendered pages: a scenario beat, then for each step its
//! narrative, and for each question the question, the room's vote, the answer
//! and, for an offence decision, the element-by-element breakdown; one end beat
//! closes the view.
//!
//! They need `/usr/bin/chromium` and `chromedriver`, so they are ignored by
//! default:
//!
//! ```text
//! cargo test --test presenter -- --ignored --test-threads=1
//! ```

#[path = "browser/mod.rs"]
mod support;

use briefing::config::Edition;
use briefing::quiz::Quiz;
use briefing::quiz::model::Kind;
use fantoccini::key::Key;
use serde::Deserialize;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use support::*;

const FENCE_LINE: &str = "the-fence-line";
const SESSION: &str = "Recognising stalking";
const SESSION_PAGE: &str = "present/session-recognising-stalking.html";

fn key(k: Key) -> char {
    char::from(k)
}

// ---------------------------------------------------------------------------
// What the views should show, from the quiz model
// ---------------------------------------------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn compiled(edition: Edition) -> briefing::Compiled {
    briefing::compile_edition(&root(), edition)
        .unwrap_or_else(|problems| panic!("the shipped site does not compile: {problems:?}"))
}

fn quiz<'a>(compiled: &'a briefing::Compiled, id: &str) -> &'a Quiz {
    compiled
        .site
        .quizzes
        .iter()
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("no quiz {id}"))
}

/// The quizzes of a session of `site.yaml`, in its order.
fn session<'a>(compiled: &'a briefing::Compiled, title: &str) -> Vec<&'a Quiz> {
    let session = compiled
        .site
        .config
        .sessions
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("site.yaml has no session “{title}”"));
    session
        .scenarios
        .iter()
        .map(|id| quiz(compiled, id))
        .collect()
}

/// A heading as the model gives it: plain text, or inline HTML.
#[derive(Debug, Clone)]
enum Source {
    Text(String),
    Html(String),
}

#[derive(Debug, Clone)]
struct ExpectedBeat {
    kind: &'static str,
    /// 1-based number of the scenario in the view; 0 for the end.
    scenario: usize,
    /// The beat's label line (`Scenario 1 of 5`, `Question 3`), as a prefix.
    label: Option<String>,
    heading: Source,
    /// Answer beats: the labels (HTML) of the right and the wrong choices.
    right: Vec<String>,
    wrong: Vec<String>,
    /// Breakdown beats: the element names, in order.
    elements: Vec<String>,
    /// Votes beats: how many choices (one count box each).
    choices: usize,
}

impl ExpectedBeat {
    fn new(kind: &'static str, scenario: usize, heading: Source) -> ExpectedBeat {
        ExpectedBeat {
            kind,
            scenario,
            label: None,
            heading,
            right: Vec::new(),
            wrong: Vec::new(),
            elements: Vec::new(),
            choices: 0,
        }
    }
}

fn expected_beats(quizzes: &[&Quiz]) -> Vec<ExpectedBeat> {
    let total = quizzes.len();
    let mut beats = Vec::new();
    for (index, quiz) in quizzes.iter().enumerate() {
        let n = index + 1;
        let mut scenario = ExpectedBeat::new("scenario", n, Source::Text(quiz.title.clone()));
        scenario.label = Some(format!("Scenario {n} of {total}"));
        beats.push(scenario);
        for step in &quiz.steps {
            let heading = if step.title.is_empty() {
                Source::Text("The scenario".to_string())
            } else {
                Source::Html(step.title.clone())
            };
            let mut narrative = ExpectedBeat::new("narrative", n, heading);
            narrative.label = Some(quiz.title.clone());
            beats.push(narrative);
            for q in &step.questions {
                let label = Some(format!("Question {}", q.number));
                let mut question = ExpectedBeat::new("question", n, Source::Html(q.prompt.clone()));
                question.label = label.clone();
                beats.push(question);
                let mut votes = ExpectedBeat::new("votes", n, Source::Html(q.prompt.clone()));
                votes.label = label.clone();
                votes.choices = q.choices.len();
                beats.push(votes);
                let mut answer = ExpectedBeat::new("answer", n, Source::Html(q.answer.clone()));
                answer.label = label.clone();
                answer.right = q
                    .choices
                    .iter()
                    .filter(|c| c.correct)
                    .map(|c| c.label.clone())
                    .collect();
                answer.wrong = q
                    .choices
                    .iter()
                    .filter(|c| !c.correct)
                    .map(|c| c.label.clone())
                    .collect();
                beats.push(answer);
                if !q.breakdown.is_empty() {
                    let mut breakdown = ExpectedBeat::new(
                        "breakdown",
                        n,
                        Source::Html(format!("Why: {}", q.answer)),
                    );
                    breakdown.label = label.clone();
                    breakdown.elements = q.breakdown.iter().map(|i| i.name.to_string()).collect();
                    beats.push(breakdown);
                }
            }
        }
    }
    beats.push(ExpectedBeat::new(
        "end",
        0,
        Source::Text("End of the session".to_string()),
    ));
    beats
}

/// The plain text of a heading source, as the browser renders it.
async fn source_text(b: &Browser, source: &Source) -> String {
    match source {
        Source::Text(text) => squash(text),
        Source::Html(html) => html_text(b, html).await,
    }
}

// ---------------------------------------------------------------------------
// What the view shows
// ---------------------------------------------------------------------------

/// The state of the presenter view, read in one script.
#[derive(Debug, Deserialize)]
struct Shown {
    count: usize,
    /// Ids of the beats that are rendered (have a layout box).
    shown: Vec<String>,
    index: i64,
    kind: Option<String>,
    scenario: Option<String>,
    label: Option<String>,
    heading: Option<String>,
    position: String,
    progress: f64,
    progress_max: f64,
    focused: String,
    rows: Vec<String>,
    inputs: usize,
    trainer_note: Option<String>,
}

const SHOWN: &str = r#"
var beats = Array.prototype.slice.call(document.querySelectorAll('.beat'));
var shown = beats.filter(function (b) { return b.getClientRects().length > 0; });
var b = shown.length === 1 ? shown[0] : null;
var h = b && b.querySelector('h1, h2');
var label = b && b.querySelector('.beat__label');
var note = b && b.querySelector('.trainer-note');
var p = document.getElementById('presenter-progress');
var a = document.activeElement;
return {
  count: beats.length,
  shown: shown.map(function (s) { return s.id; }),
  index: b ? beats.indexOf(b) : -1,
  kind: b ? b.getAttribute('data-kind') : null,
  scenario: b ? b.getAttribute('data-scenario') : null,
  label: label ? label.textContent : null,
  heading: h ? h.textContent : null,
  position: document.getElementById('presenter-position').textContent,
  progress: p.value,
  progress_max: p.max,
  focused: a ? (a.id || '') : '',
  rows: b ? Array.prototype.map.call(b.querySelectorAll('.breakdown tbody tr th'), function (t) { return t.textContent; }) : [],
  inputs: b ? b.querySelectorAll('input.votes__count').length : 0,
  trainer_note: note && note.getClientRects().length > 0 ? note.textContent : null
};
"#;

async fn shown(b: &Browser) -> Shown {
    let value = b.js(SHOWN, vec![]).await;
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("unexpected state {value}: {e}"))
}

/// Wait until the presenter script has run (it shows the controls).
async fn wait_for_presenter_script(b: &Browser) {
    b.wait_for(
        "document.querySelector('.presenter__controls') && !document.querySelector('.presenter__controls').hidden",
        "the presenter script to show its controls",
    )
    .await;
}

/// Check that exactly beat `index` of `expected` is shown, with the right
/// heading, position and progress, and (after a key press) focus.
async fn assert_beat(
    b: &Browser,
    expected: &[ExpectedBeat],
    scenarios: usize,
    index: usize,
    focused: bool,
    context: &str,
) -> Shown {
    let state = shown(b).await;
    let want = &expected[index];
    let m = expected.len();
    assert_eq!(state.count, m, "{context}: number of beats");
    assert_eq!(
        state.shown.len(),
        1,
        "{context}: exactly one beat should be shown, not {:?}",
        state.shown
    );
    assert_eq!(
        state.index,
        index as i64,
        "{context}: beat {} is shown, not beat {}",
        state.index + 1,
        index + 1
    );
    let id = &state.shown[0];
    assert!(
        b.displayed(&format!("#{}", css_id(id))).await,
        "{context}: WebDriver does not see #{id} as displayed"
    );
    assert_eq!(
        state.kind.as_deref(),
        Some(want.kind),
        "{context}: data-kind"
    );
    assert_eq!(
        state.scenario.as_deref(),
        Some(want.scenario.to_string().as_str()),
        "{context}: data-scenario"
    );
    let heading = squash(state.heading.as_deref().unwrap_or(""));
    assert_eq!(
        heading,
        source_text(b, &want.heading).await,
        "{context}: heading of the {} beat",
        want.kind
    );
    if let Some(label) = &want.label {
        let shown_label = squash(state.label.as_deref().unwrap_or(""));
        assert!(
            shown_label.starts_with(label.as_str()),
            "{context}: label {shown_label:?} should start with {label:?}"
        );
    }
    if want.kind == "answer" {
        for right in &want.right {
            let right = html_text(b, right).await;
            assert!(
                heading.contains(&right),
                "{context}: the answer beat {heading:?} does not name the right answer {right:?}"
            );
        }
        let mut rights = Vec::new();
        for right in &want.right {
            rights.push(html_text(b, right).await);
        }
        for wrong in &want.wrong {
            let wrong = html_text(b, wrong).await;
            if rights.iter().any(|r| r.contains(&wrong)) {
                continue;
            }
            assert!(
                !heading.contains(&wrong),
                "{context}: the answer beat {heading:?} names the wrong answer {wrong:?}"
            );
        }
    }
    let rows: Vec<String> = state.rows.iter().map(|r| squash(r)).collect();
    assert_eq!(
        rows, want.elements,
        "{context}: the element rows of the {} beat",
        want.kind
    );
    assert_eq!(
        state.inputs, want.choices,
        "{context}: count boxes on the {} beat",
        want.kind
    );
    let mut position = format!("Step {} of {m}", index + 1);
    if want.scenario > 0 {
        position.push_str(&format!(" · scenario {} of {scenarios}", want.scenario));
    }
    assert_eq!(state.position, position, "{context}: position text");
    assert_eq!(
        state.progress,
        (index + 1) as f64,
        "{context}: progress value"
    );
    assert_eq!(state.progress_max, m as f64, "{context}: progress max");
    if focused {
        assert_eq!(
            &state.focused, id,
            "{context}: focus should be on the shown beat"
        );
    }
    state
}

async fn assert_no_console_errors(b: &Browser, page: &str) {
    let severe: Vec<String> = b
        .console_log()
        .await
        .into_iter()
        .filter(LogEntry::is_page_error)
        .map(|e| format!("[{}] {}", e.source, e.message))
        .collect();
    assert!(
        severe.is_empty(),
        "console errors on {page}:\n{}",
        severe.join("\n")
    );
}

/// A build of the shipped site in one edition, in a temporary folder.
struct EditionSite {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

impl EditionSite {
    fn build(edition: Edition) -> EditionSite {
        let dir = tempfile::tempdir().expect("cannot create a temporary folder");
        let out = dir.path().join("site");
        let options = briefing::BuildOptions {
            edition,
            ..Default::default()
        };
        if let Err(failure) = briefing::build_with(&root(), &out, &options) {
            panic!("the shipped site does not build ({edition:?}): {failure:?}");
        }
        EditionSite { _dir: dir, out }
    }

    fn file_url(&self, path: &str) -> String {
        file_url(&self.out, path)
    }
}

fn file_url(out: &Path, path: &str) -> String {
    let full = out.join(path);
    assert!(full.is_file(), "the build wrote no {path}");
    format!("file://{}", full.display())
}

// ---------------------------------------------------------------------------
// 1. Stepping through one scenario with the keys a clicker sends
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test presenter -- --ignored"]
async fn a_scenario_steps_forward_and_back_with_the_keyboard_from_file_url() {
    let compiled = compiled(Edition::Learner);
    let fence = quiz(&compiled, FENCE_LINE);
    let expected = expected_beats(&[fence]);
    // The shape the session plan relies on: breakdowns follow exactly the
    // offence decisions, and each has seven elements.
    let kinds: Vec<&str> = expected.iter().map(|e| e.kind).collect();
    assert_eq!(&kinds[..3], ["scenario", "narrative", "question"]);
    let decisions = fence
        .steps
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| q.kind == Kind::Decision)
        .count();
    assert!(decisions >= 1, "{FENCE_LINE} has no decision question");
    assert_eq!(
        kinds.iter().filter(|k| **k == "breakdown").count(),
        decisions,
        "one breakdown beat per decision question"
    );
    for (i, beat) in expected.iter().enumerate() {
        if beat.kind == "breakdown" {
            assert_eq!(kinds[i - 1], "answer", "a breakdown follows its answer");
            assert_eq!(beat.elements.len(), 7, "a decision has seven elements");
        }
    }
    let m = expected.len();
    let site = build_site();
    let url = site.file_url(&format!("present/{FENCE_LINE}.html"));
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_presenter_script(&b).await;
        assert_beat(&b, &expected, 1, 0, false, "on load").await;

        // Forward: Space, → and Page Down in turn.
        let forward = [key(Key::Space), key(Key::Right), key(Key::PageDown)];
        let forward_names = ["Space", "ArrowRight", "PageDown"];
        let mut seen = vec![expected[0].kind];
        for i in 1..m {
            let k = (i - 1) % forward.len();
            b.press(&[forward[k]]).await;
            let context = format!("after {} to step {}", forward_names[k], i + 1);
            let state = assert_beat(&b, &expected, 1, i, true, &context).await;
            seen.push(match state.kind.as_deref() {
                Some("scenario") => "scenario",
                Some("narrative") => "narrative",
                Some("question") => "question",
                Some("votes") => "votes",
                Some("answer") => "answer",
                Some("breakdown") => "breakdown",
                Some("end") => "end",
                other => panic!("unknown beat kind {other:?}"),
            });
        }
        assert_eq!(seen, kinds, "the order of the beats");
        // Past the end: nothing moves.
        b.press(&[key(Key::Space)]).await;
        assert_beat(&b, &expected, 1, m - 1, true, "Space on the end beat").await;

        // Back: ←, Page Up and Backspace in turn.
        let back = [key(Key::Left), key(Key::PageUp), key(Key::Backspace)];
        let back_names = ["ArrowLeft", "PageUp", "Backspace"];
        for (n, i) in (0..m - 1).rev().enumerate() {
            let k = n % back.len();
            b.press(&[back[k]]).await;
            let context = format!("after {} back to step {}", back_names[k], i + 1);
            assert_beat(&b, &expected, 1, i, true, &context).await;
        }
        b.press(&[key(Key::Left)]).await;
        assert_beat(&b, &expected, 1, 0, true, "ArrowLeft on the first beat").await;

        // End and Home jump.
        b.press(&[key(Key::End)]).await;
        assert_beat(&b, &expected, 1, m - 1, true, "after End").await;
        b.press(&[key(Key::Home)]).await;
        assert_beat(&b, &expected, 1, 0, true, "after Home").await;
        drop(site);
    })
    .await;
}

// ---------------------------------------------------------------------------
// 2. Before any key: the script shows only the first beat
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test presenter -- --ignored"]
async fn only_the_first_beat_shows_before_any_key_is_pressed() {
    let compiled = compiled(Edition::Learner);
    let expected = expected_beats(&[quiz(&compiled, FENCE_LINE)]);
    let site = build_site();
    let page = format!("present/{FENCE_LINE}.html");
    // Without the script every beat is shown: the page itself hides none.
    let html = std::fs::read_to_string(site.out.join(&page)).unwrap();
    let sections: Vec<&str> = html
        .match_indices("<section class=\"beat")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()])
        .collect();
    assert_eq!(sections.len(), expected.len(), "beats written to {page}");
    for tag in &sections {
        assert!(
            !tag.contains("hidden"),
            "{page} hides a beat without the script: {tag}"
        );
    }
    assert!(html.contains("Showing every step (scripts are off)"));
    let url = site.file_url(&page);
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_presenter_script(&b).await;
        let state = assert_beat(&b, &expected, 1, 0, false, "before any key").await;
        assert_eq!(state.shown, ["beat-1"]);
        assert_eq!(state.focused, "", "nothing should take focus on load");
        for i in 2..=expected.len() {
            assert!(
                !b.displayed(&format!("#beat-{i}")).await,
                "beat {i} shows before any key press"
            );
        }
        for button in [
            "#presenter-previous",
            "#presenter-next",
            "#presenter-fullscreen",
        ] {
            assert!(b.displayed(button).await, "{button} is not shown");
        }
        drop(site);
    })
    .await;
}

// ---------------------------------------------------------------------------
// 3. Counting the room's votes
// ---------------------------------------------------------------------------

/// `n (p%)` as the view writes a share of the hands.
fn share(n: u32, total: u32) -> String {
    // Math.round: halves go up.
    let percent = (200 * n + total) / (2 * total);
    format!("{n} ({percent}%)")
}

async fn assert_votes(b: &Browser, beat: &str, counts: &[u32]) {
    let total: u32 = counts.iter().sum();
    let read = b
        .js(
            "var b = document.getElementById(arguments[0]); return {\
               values: Array.prototype.map.call(b.querySelectorAll('.votes__count'), function (i) { return i.value; }),\
               bars: Array.prototype.map.call(b.querySelectorAll('meter.votes__bar'), function (m) { return [m.value, m.max, m.min]; }),\
               shares: Array.prototype.map.call(b.querySelectorAll('output.votes__share'), function (o) { return o.textContent; })\
             };",
            vec![Json::String(beat.to_string())],
        )
        .await;
    let values: Vec<String> = read["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = counts.iter().map(u32::to_string).collect();
    assert_eq!(values, want, "the typed counts");
    let bars = read["bars"].as_array().unwrap();
    let shares = read["shares"].as_array().unwrap();
    assert_eq!(bars.len(), counts.len(), "one bar per choice");
    assert_eq!(shares.len(), counts.len(), "one share per choice");
    for (i, &n) in counts.iter().enumerate() {
        let bar = bars[i].as_array().unwrap();
        assert_eq!(bar[0].as_f64(), Some(f64::from(n)), "bar {} value", i + 1);
        assert_eq!(bar[1].as_f64(), Some(f64::from(total)), "bar {} max", i + 1);
        assert_eq!(bar[2].as_f64(), Some(0.0), "bar {} min", i + 1);
        assert_eq!(
            shares[i].as_str(),
            Some(share(n, total).as_str()),
            "share of choice {}",
            i + 1
        );
    }
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test presenter -- --ignored"]
async fn typed_votes_draw_bars_and_shares_without_moving_the_beat() {
    assert_eq!(share(1, 12), "1 (8%)");
    assert_eq!(share(1, 8), "1 (13%)", "12.5 rounds up, as Math.round does");
    let compiled = compiled(Edition::Learner);
    let fence = quiz(&compiled, FENCE_LINE);
    let expected = expected_beats(&[fence]);
    let decision_prompt = fence
        .steps
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.kind == Kind::Decision)
        .expect("a decision question")
        .prompt
        .clone();
    let votes_at = expected
        .iter()
        .position(|e| {
            e.kind == "votes" && matches!(&e.heading, Source::Html(h) if *h == decision_prompt)
        })
        .expect("a votes beat for the decision");
    let choices = expected[votes_at].choices;
    assert_eq!(choices, 5, "the decision has five standard choices");
    let site = build_site();
    let url = site.file_url(&format!("present/{FENCE_LINE}.html"));
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_presenter_script(&b).await;
        for i in 1..=votes_at {
            b.press(&[key(Key::Right)]).await;
            assert_beat(&b, &expected, 1, i, true, &format!("step {}", i + 1)).await;
        }
        let beat = format!("beat-{}", votes_at + 1);
        let inputs = b.find_all(&format!("#{beat} input.votes__count")).await;
        assert_eq!(inputs.len(), choices);
        // Before any count: empty bars, no shares.
        let empty = b
            .js(
                "return Array.prototype.map.call(document.querySelectorAll('#' + arguments[0] + ' output.votes__share'), function (o) { return o.textContent; });",
                vec![Json::String(beat.clone())],
            )
            .await;
        assert_eq!(empty, serde_json::json!(["–", "–", "–", "–", "–"]));

        // Click into the first box and type; keys that move between beats
        // elsewhere must edit the number here.
        inputs[0].click().await.expect("cannot click the first count box");
        let first_id = inputs[0].attr("id").await.unwrap().unwrap();
        assert_eq!(b.focused_id().await, first_id);
        b.press(&['3', '6']).await;
        b.press(&[key(Key::Backspace)]).await;
        let context = "typing in a count box";
        assert_beat(&b, &expected, 1, votes_at, false, context).await;
        assert_eq!(
            b.js("return document.activeElement.value;", vec![]).await,
            "3",
            "Backspace in a count box should delete a digit, not go back"
        );
        for (k, name) in [
            (Key::Space, "Space"),
            (Key::Right, "ArrowRight"),
            (Key::PageDown, "PageDown"),
            (Key::Left, "ArrowLeft"),
            (Key::PageUp, "PageUp"),
            (Key::Home, "Home"),
            (Key::End, "End"),
        ] {
            b.press(&[key(k)]).await;
            assert_beat(&b, &expected, 1, votes_at, false, &format!("{name} in a count box"))
                .await;
            assert_eq!(b.focused_id().await, first_id, "{name} moved focus from the box");
        }
        // Tab on to the other boxes, as a trainer would.
        let counts = [3, 1, 0, 6, 2];
        for n in &counts[1..] {
            b.press(&[key(Key::Tab)]).await;
            b.press(&n.to_string().chars().collect::<Vec<_>>()).await;
        }
        assert_beat(&b, &expected, 1, votes_at, false, "after typing every count").await;
        assert_votes(&b, &beat, &counts).await;

        // A corrected count redraws every bar.
        inputs[0].click().await.unwrap();
        b.press(&[key(Key::End), key(Key::Backspace), '9']).await;
        let counts = [9, 1, 0, 6, 2];
        assert_votes(&b, &beat, &counts).await;

        // Out of the box (a click on the beat) the keys move on again, and the
        // counts are still there on the way back.
        b.click(&format!("#{beat} h2")).await;
        b.press(&[key(Key::Right)]).await;
        assert_beat(&b, &expected, 1, votes_at + 1, true, "→ after the votes").await;
        b.press(&[key(Key::Left)]).await;
        assert_beat(&b, &expected, 1, votes_at, true, "← back to the votes").await;
        assert_votes(&b, &beat, &counts).await;
        drop(site);
    })
    .await;
}

// ---------------------------------------------------------------------------
// 4. A session: its scenarios in the order of site.yaml
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test presenter -- --ignored"]
async fn a_session_plays_its_scenarios_in_order_under_a_strict_csp() {
    let compiled = compiled(Edition::Learner);
    let quizzes = session(&compiled, SESSION);
    assert_eq!(
        quizzes.len(),
        5,
        "“{SESSION}” in site.yaml has five scenarios"
    );
    let titles: Vec<String> = quizzes.iter().map(|q| q.title.clone()).collect();
    let scenarios = quizzes.len();
    let expected = expected_beats(&quizzes);
    let m = expected.len();
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url(SESSION_PAGE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        b.watch_csp_violations().await;
        wait_for_presenter_script(&b).await;
        assert_beat(&b, &expected, scenarios, 0, false, "on load").await;
        let title: String = b.client.title().await.unwrap();
        assert!(title.starts_with(SESSION), "page title {title:?}");

        // End jumps to the end beat; Home back to the start.
        b.press(&[key(Key::End)]).await;
        let end = assert_beat(&b, &expected, scenarios, m - 1, true, "after End").await;
        assert_eq!(end.heading.as_deref(), Some("End of the session"));
        assert_eq!(end.position, format!("Step {m} of {m}"));
        b.press(&[key(Key::Home)]).await;
        assert_beat(&b, &expected, scenarios, 0, true, "after Home").await;

        // Space all the way through.
        let mut presses = 0;
        let mut played = Vec::new();
        let mut last_scenario = 0;
        loop {
            let state = assert_beat(
                &b,
                &expected,
                scenarios,
                presses,
                presses > 0,
                &format!("after {presses} presses of Space"),
            )
            .await;
            let n: usize = state.scenario.as_deref().unwrap().parse().unwrap();
            if state.kind.as_deref() == Some("end") {
                break;
            }
            assert!(
                n >= last_scenario,
                "scenario {n} after scenario {last_scenario}"
            );
            last_scenario = n;
            if state.kind.as_deref() == Some("scenario") {
                played.push(squash(state.heading.as_deref().unwrap_or("")));
            }
            presses += 1;
            assert!(
                presses < m,
                "{m} presses of Space never reached the end beat"
            );
            b.press(&[key(Key::Space)]).await;
        }
        assert_eq!(presses, m - 1, "one press of Space per beat");
        assert_eq!(played, titles, "the scenarios in the order of site.yaml");
        assert_eq!(last_scenario, scenarios);
        assert_eq!(
            b.text("#presenter-position").await,
            format!("Step {m} of {m}")
        );

        assert_no_console_errors(&b, SESSION_PAGE).await;
        let violations = b.csp_violations().await;
        assert!(violations.is_empty(), "CSP violations: {violations:?}");
        drop((server, site));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 5. Trainer notes: in the trainer edition only
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test presenter -- --ignored"]
async fn trainer_notes_show_on_the_first_beat_in_the_trainer_edition_only() {
    let trainer = EditionSite::build(Edition::Trainer);
    let learner = EditionSite::build(Edition::Learner);
    let page = format!("present/{FENCE_LINE}.html");
    let learner_html = std::fs::read_to_string(learner.out.join(&page)).unwrap();
    assert!(
        !learner_html.contains("trainer-note"),
        "{page} (learner) has a trainer note"
    );
    assert!(!learner_html.contains("Expect some of the room"));
    let urls = [
        trainer.file_url(&page),
        trainer.file_url(SESSION_PAGE),
        learner.file_url(&page),
        learner.file_url(SESSION_PAGE),
    ];
    with_browser(move |b| async move {
        for (i, url) in urls.iter().enumerate() {
            let trainer_edition = i < 2;
            b.goto(url).await;
            wait_for_presenter_script(&b).await;
            let state = shown(&b).await;
            assert_eq!(state.shown, ["beat-1"], "{url}");
            assert_eq!(state.kind.as_deref(), Some("scenario"));
            assert_eq!(state.heading.as_deref(), Some("The fence line"));
            if trainer_edition {
                let note =
                    squash(state.trainer_note.as_deref().unwrap_or_else(|| {
                        panic!("{url}: no trainer notes shown on the first beat")
                    }));
                assert!(note.starts_with("Trainer notes"), "{url}: {note:?}");
                assert!(note.contains("Expect some of the room"), "{url}: {note:?}");
                assert!(
                    b.displayed("#beat-1 .trainer-note").await,
                    "{url}: the trainer notes are not displayed"
                );
                // Only on the scenario's first beat.
                b.press(&[key(Key::Space)]).await;
                let next = shown(&b).await;
                assert_eq!(next.trainer_note, None, "{url}: notes on beat 2");
            } else {
                assert_eq!(
                    state.trainer_note, None,
                    "{url}: trainer notes in the learner edition"
                );
                assert!(!b.exists(".trainer-note").await, "{url}");
                let text = b.text("body").await;
                assert!(!text.contains("Trainer notes"), "{url}");
            }
        }
        drop((trainer, learner));
    })
    .await;
}
