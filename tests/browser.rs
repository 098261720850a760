//! Browser tests of the scenario quizzes: the shipped site, built with
//! `briefing::build`, driven in headless Chromium through chromedriver.
//!
//! They need `/usr/bin/chromium` and `chromedriver` on the PATH, so they are
//! ignored by default. Run them with
//!
//! ```text
//! cargo test --test browser -- --ignored --test-threads=1
//! ```
//!
//! Pages are opened two ways: from `file://`, as a reader opening the folder
//! would, and from a local HTTP server that sends
//! `Content-Security-Policy: default-src 'self'`, as a strict intranet server
//! would. Assertions are on what the browser shows: text, visibility, focus,
//! and the state of the form controls.

mod common;
#[path = "browser/mod.rs"]
mod support;

use fantoccini::key::Key;
use support::*;

const FENCE_LINE: &str = "quizzes/the-fence-line.html";
const TWO_STEPS: &str = "quizzes/bus-stop-then-car-park.html";

// ---------------------------------------------------------------------------
// 1. Feedback on one question
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn feedback_on_answers_from_file_url() {
    let site = build_site();
    let url = site.file_url(FENCE_LINE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        feedback_on_answers(&b).await;
        drop(site);
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn feedback_on_answers_over_http_with_strict_csp() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url(FENCE_LINE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        feedback_on_answers(&b).await;
        assert_no_console_errors(&b, FENCE_LINE).await;
        drop((server, site));
    })
    .await;
}

/// "The fence line": the script upgrades the page; a wrong answer, a right
/// answer and the element-by-element feedback of the `{.decision}` question.
async fn feedback_on_answers(b: &Browser) {
    wait_for_quiz_script(b).await;
    let quiz = quiz_data(b).await;
    assert_eq!(
        b.find_all("form.question").await.len(),
        quiz.questions.len(),
        "one form per question"
    );

    // Before any attempt: every Check answer button shown, every answer and feedback hidden.
    for q in &quiz.questions {
        assert!(
            b.displayed(&format!("#{} .question__actions button", q.id))
                .await,
            "Check answer on {} is hidden",
            q.id
        );
        assert!(
            !b.displayed(&format!("#{}-answer", q.id)).await,
            "the answer to {} shows before an attempt",
            q.id
        );
        assert!(
            !b.displayed(&format!("#{}-feedback", q.id)).await,
            "feedback on {} shows before an attempt",
            q.id
        );
    }

    let wrong_q = quiz
        .questions
        .iter()
        .find(|q| q.kind == "single")
        .expect("a single-choice question")
        .clone();
    let right_q = quiz
        .questions
        .iter()
        .find(|q| q.kind == "true_false")
        .expect("a true-or-false question")
        .clone();
    let decision = quiz
        .questions
        .iter()
        .find(|q| q.kind == "decision")
        .expect("a {.decision} question")
        .clone();

    // Checking with nothing chosen asks for a choice and changes nothing else.
    check_answer(b, &wrong_q.id).await;
    let feedback = b.text(&format!("#{}-feedback", wrong_q.id)).await;
    assert!(
        feedback.contains("Choose an answer first."),
        "feedback with no choice: {feedback:?}"
    );
    assert!(
        b.displayed(&format!("#{} .question__actions button", wrong_q.id))
            .await
    );
    assert!(!b.displayed(&format!("#{}-answer", wrong_q.id)).await);
    for input in b.find_all(&format!("#{} input", wrong_q.id)).await {
        assert!(
            input.is_enabled().await.unwrap(),
            "an input of {} was disabled without an answer",
            wrong_q.id
        );
    }

    // A wrong answer.
    let wrong = wrong_q.first_wrong().clone();
    choose(b, &[&wrong.id]).await;
    check_answer(b, &wrong_q.id).await;
    let feedback_css = format!("#{}-feedback", wrong_q.id);
    b.wait_for(
        &format!("document.querySelector('{feedback_css}').textContent.indexOf('Not quite') >= 0"),
        "the verdict",
    )
    .await;
    let feedback = squash(&b.text(&feedback_css).await);
    assert!(
        feedback.starts_with("Not quite."),
        "verdict on a wrong answer: {feedback:?}"
    );
    let right_label = html_text(b, &wrong_q.right()[0].label).await;
    assert!(
        feedback.contains(&format!("The answer is: {right_label}")),
        "the right answer is not named: {feedback:?}"
    );
    let choice_feedback = html_text(b, &wrong.feedback).await;
    assert!(!choice_feedback.is_empty());
    assert!(
        feedback.contains(&choice_feedback),
        "the chosen choice's feedback {choice_feedback:?} is missing from {feedback:?}"
    );
    assert!(has_class(b, &feedback_css, "feedback--incorrect").await);
    for input in b.find_all(&format!("#{} input", wrong_q.id)).await {
        assert!(
            !input.is_enabled().await.unwrap(),
            "an input of {} is still enabled after the answer",
            wrong_q.id
        );
    }
    assert!(
        b.displayed(&format!("#{}-answer", wrong_q.id)).await,
        "the answer details stay hidden after an attempt"
    );
    assert!(
        !b.displayed(&format!("#{} .question__actions button", wrong_q.id))
            .await,
        "Check answer still shown"
    );
    assert_eq!(
        b.focused_id().await,
        format!("{}-feedback", wrong_q.id),
        "focus does not move to the feedback"
    );
    assert_eq!(
        b.attr(&feedback_css, "role").await.as_deref(),
        Some("status")
    );
    // A second Check (there is no button now, but Enter could resubmit) changes nothing.
    b.js(
        &format!("document.getElementById('{}').requestSubmit();", wrong_q.id),
        vec![],
    )
    .await;
    assert_eq!(squash(&b.text(&feedback_css).await), feedback);

    // A right answer.
    let right: Vec<&str> = right_q.right().iter().map(|c| c.id.as_str()).collect();
    choose(b, &right).await;
    check_answer(b, &right_q.id).await;
    let feedback_css = format!("#{}-feedback", right_q.id);
    let feedback = squash(&b.text(&feedback_css).await);
    assert!(
        feedback.starts_with("Correct."),
        "verdict on a right answer: {feedback:?}"
    );
    assert!(!feedback.contains("Not quite"));
    let choice_feedback = html_text(b, &right_q.right()[0].feedback).await;
    assert!(
        feedback.contains(&choice_feedback),
        "the chosen choice's feedback {choice_feedback:?} is missing from {feedback:?}"
    );
    assert!(has_class(b, &feedback_css, "feedback--correct").await);
    assert!(b.displayed(&format!("#{}-answer", right_q.id)).await);

    // The decision question: the element-by-element table and the generated
    // feedback, which names the element to look at again.
    assert!(
        !decision.breakdown_names.is_empty(),
        "the decision question has no breakdown"
    );
    let wrong = decision.first_wrong().clone();
    choose(b, &[&wrong.id]).await;
    check_answer(b, &decision.id).await;
    let feedback_css = format!("#{}-feedback", decision.id);
    let feedback = squash(&b.text(&feedback_css).await);
    assert!(feedback.starts_with("Not quite."), "{feedback:?}");
    assert!(
        feedback.contains("Element by element"),
        "no breakdown in the feedback: {feedback:?}"
    );
    assert!(
        b.displayed(&format!("{feedback_css} table.breakdown"))
            .await,
        "the breakdown table is not shown"
    );
    let rows = b
        .find_all(&format!("{feedback_css} table.breakdown tbody tr th"))
        .await;
    let mut names = Vec::new();
    for row in rows {
        names.push(row.text().await.unwrap());
    }
    assert_eq!(
        names, decision.breakdown_names,
        "breakdown rows in the feedback"
    );
    let generated = html_text(b, &wrong.feedback).await;
    assert!(
        feedback.contains(&generated),
        "the wrong choice's feedback {generated:?} is missing from {feedback:?}"
    );
    let at = generated
        .find("Look again at ")
        .unwrap_or_else(|| panic!("no \"Look again at\" in {generated:?}"));
    let named = generated[at + "Look again at ".len()..].to_lowercase();
    assert!(
        decision
            .breakdown_names
            .iter()
            .any(|n| named.starts_with(&n.to_lowercase())),
        "\"Look again at\" names no element of the breakdown: {generated:?}"
    );
}

async fn has_class(b: &Browser, css: &str, class: &str) -> bool {
    b.attr(css, "class")
        .await
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == class)
}

// ---------------------------------------------------------------------------
// 2. The result, the best score and the progress page
// ---------------------------------------------------------------------------

/// Answer every question in page order, wrong for the ids in `wrong` and right
/// otherwise, continuing to the next step when offered.
async fn answer_all(b: &Browser, quiz: &QuizData, wrong: &[&str]) {
    for (index, (step_id, _)) in quiz.steps.iter().enumerate() {
        if index > 0 {
            b.click(&format!(
                "#{} .step-continue button",
                quiz.steps[index - 1].0
            ))
            .await;
            assert!(b.displayed(&format!("#{step_id}")).await);
        }
        for q in quiz.in_step(index) {
            answer(b, q, !wrong.contains(&q.id.as_str())).await;
        }
    }
}

/// The score sentence the result shows for `score` of `total` with `pass_mark`.
fn score_sentence(score: usize, total: usize, pass_mark: u64) -> String {
    let percent = (score as f64 / total as f64 * 100.0).round() as u64;
    let verdict = if percent >= pass_mark {
        "You reached the pass mark."
    } else {
        "You have not reached the pass mark yet."
    };
    format!(
        "You answered {score} of {total} questions correctly ({percent}%). The pass mark is {pass_mark}%. {verdict}"
    )
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn finishing_a_quiz_shows_the_result_from_file_url() {
    let site = build_site();
    let url = site.file_url(FENCE_LINE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_quiz_script(&b).await;
        let quiz = quiz_data(&b).await;
        assert!(
            !b.displayed("#quiz-result").await,
            "the result shows before any answer"
        );
        let first = quiz.questions[0].id.clone();
        answer_all(&b, &quiz, &[&first]).await;
        assert!(
            b.displayed("#quiz-result").await,
            "no result after the last answer"
        );
        let total = quiz.questions.len();
        assert_eq!(
            squash(&b.text("#quiz-score").await),
            score_sentence(total - 1, total, quiz.pass_mark)
        );
        assert_eq!(b.focused_id().await, "quiz-result-title");
        // localStorage may or may not be kept for file:// pages; the page works either way.
        drop(site);
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn best_score_survives_a_reload_and_shows_on_the_progress_page() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let quiz_url = server.url(FENCE_LINE);
    let progress_url = server.url("progress.html");
    with_browser(move |b| async move {
        // The progress page before any attempt.
        b.goto(&progress_url).await;
        b.wait_for(
            "!document.getElementById('progress-summary').hidden",
            "the progress script",
        )
        .await;
        let rows = b.find_all(".progress-table tbody tr").await.len();
        assert!(rows > 1);
        assert_eq!(
            b.text("#progress-summary").await,
            format!("You have tried 0 of {rows} scenarios and reached the pass mark in 0.")
        );
        let today = b.text("#record-date").await;
        assert_ne!(today, "not shown without scripts");

        b.goto(&quiz_url).await;
        wait_for_quiz_script(&b).await;
        let quiz = quiz_data(&b).await;
        assert!(
            !b.displayed("#quiz-best").await,
            "a best score shows before any attempt"
        );
        let total = quiz.questions.len();
        let first = quiz.questions[0].id.clone();
        answer_all(&b, &quiz, &[&first]).await;
        assert!(b.displayed("#quiz-result").await);
        let score = score_sentence(total - 1, total, quiz.pass_mark);
        assert_eq!(squash(&b.text("#quiz-score").await), score);
        let percent = ((total - 1) as f64 / total as f64 * 100.0).round() as u64;
        assert!(score.contains(&format!("The pass mark is {}%", quiz.pass_mark)));
        let best =
            format!("Your best score in this scenario so far: {percent}% (last tried {today}).");
        assert_eq!(
            b.text("#quiz-best").await,
            best,
            "best score after finishing"
        );

        // Kept in localStorage: shown again after a reload.
        b.refresh().await;
        wait_for_quiz_script(&b).await;
        assert!(
            b.displayed("#quiz-best").await,
            "the best score is not shown after a reload"
        );
        assert_eq!(b.text("#quiz-best").await, best);
        assert!(
            !b.displayed("#quiz-result").await,
            "the result shows after a reload"
        );

        // The progress page shows it against this scenario only.
        b.goto(&progress_url).await;
        b.wait_for(
            "!document.getElementById('progress-summary').hidden",
            "the progress script",
        )
        .await;
        let row = format!(".progress-table tr[data-scenario='{}']", quiz.id);
        assert_eq!(
            b.text(&format!("{row} .progress-table__best")).await,
            format!("{percent}% ({today})")
        );
        let reached = if percent >= quiz.pass_mark {
            "Pass mark reached"
        } else {
            "Pass mark not yet reached"
        };
        assert_eq!(
            b.text(&format!("{row} .progress-table__result")).await,
            reached
        );
        let passed = usize::from(percent >= quiz.pass_mark);
        assert_eq!(
            b.text("#progress-summary").await,
            format!("You have tried 1 of {rows} scenarios and reached the pass mark in {passed}.")
        );
        let others = b
            .find_all(&format!(
                ".progress-table tbody tr:not([data-scenario='{}']) .progress-table__best",
                quiz.id
            ))
            .await;
        assert_eq!(others.len(), rows - 1);
        for cell in others {
            assert_eq!(cell.text().await.unwrap(), "Not attempted");
        }
        assert_no_console_errors(&b, "progress.html").await;
        drop((server, site));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 3. A two-step quiz
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn second_step_opens_only_after_the_first_is_answered() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url(TWO_STEPS);
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_quiz_script(&b).await;
        let quiz = quiz_data(&b).await;
        assert_eq!(quiz.steps.len(), 2, "{TWO_STEPS} should have two steps");
        let (first_step, _) = quiz.steps[0].clone();
        let (second_step, second_title) = quiz.steps[1].clone();
        assert!(b.displayed(&format!("#{first_step}")).await);
        assert!(
            !b.displayed(&format!("#{second_step}")).await,
            "step 2 shows before step 1 is answered"
        );

        let step_one = quiz.in_step(0);
        let (last, rest) = step_one.split_last().unwrap();
        for q in rest {
            answer(&b, q, true).await;
            assert!(
                !b.exists(".step-continue").await,
                "Continue offered before every question of step 1 is answered"
            );
            assert!(!b.displayed(&format!("#{second_step}")).await);
        }
        answer(&b, last, false).await;
        let button = format!("#{first_step} .step-continue button");
        assert!(
            b.displayed(&button).await,
            "no Continue button after step 1"
        );
        assert_eq!(b.text(&button).await, "Continue the scenario");
        assert!(
            !b.displayed(&format!("#{second_step}")).await,
            "step 2 opens before Continue is pressed"
        );
        assert!(
            !b.displayed("#quiz-result").await,
            "the result shows after step 1 of 2"
        );

        b.click(&button).await;
        assert!(
            b.displayed(&format!("#{second_step}")).await,
            "Continue does not show step 2"
        );
        assert!(
            !b.exists(".step-continue").await,
            "the Continue button stays after use"
        );
        assert_eq!(
            b.focused_id().await,
            format!("{second_step}-title"),
            "focus does not move to the step 2 heading"
        );
        let title = html_text(&b, &second_title).await;
        assert_eq!(
            squash(&b.text(&format!("#{second_step}-title")).await),
            title
        );

        for q in quiz.in_step(1) {
            answer(&b, q, true).await;
        }
        assert!(b.displayed("#quiz-result").await);
        let total = quiz.questions.len();
        assert_eq!(
            squash(&b.text("#quiz-score").await),
            score_sentence(total - 1, total, quiz.pass_mark)
        );

        // Trying again closes step 2 and takes the Continue button away.
        b.click("#quiz-retry").await;
        assert!(
            !b.displayed(&format!("#{second_step}")).await,
            "step 2 stays open after Try again"
        );
        assert!(!b.exists(".step-continue").await);
        assert_eq!(b.focused_id().await, format!("{first_step}-title"));
        assert_no_console_errors(&b, TWO_STEPS).await;
        drop((server, site));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 4. Keyboard only
// ---------------------------------------------------------------------------

const TAB: char = '\u{e004}';
const ENTER: char = '\u{e007}';
const SPACE: char = '\u{e00d}';
const DOWN: char = '\u{e015}';

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn questions_can_be_answered_with_the_keyboard_only() {
    assert_eq!(char::from(Key::Tab), TAB);
    assert_eq!(char::from(Key::Enter), ENTER);
    assert_eq!(char::from(Key::Space), SPACE);
    assert_eq!(char::from(Key::Down), DOWN);
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url(FENCE_LINE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_quiz_script(&b).await;
        let quiz = quiz_data(&b).await;
        // "The fence line" opens with a checkbox question, then radio questions.
        let box_q = quiz.questions[0].clone();
        assert!(box_q.multiple, "{FENCE_LINE} should open with a checkbox question");
        let radio_q = quiz.questions.iter().find(|q| !q.multiple).expect("a radio question").clone();
        assert_eq!(b.focused_id().await, "", "something has focus before any key is pressed");

        // From the top of the page: Tab through the checkboxes, ticking the right
        // ones with Space, on to the Check answer button, and press Enter.
        let right_boxes: Vec<String> = box_q.right().iter().map(|c| c.id.clone()).collect();
        let mut ticked = Vec::new();
        let mut presses = 0;
        loop {
            presses += 1;
            assert!(presses <= 80, "80 presses of Tab never reached the Check answer button of {}", box_q.id);
            b.press(&[TAB]).await;
            let focused = b.focused_id().await;
            if right_boxes.contains(&focused) {
                b.press(&[SPACE]).await;
                assert!(b.find(&format!("#{focused}")).await.is_selected().await.unwrap(), "Space does not tick {focused}");
                ticked.push(focused);
            }
            let script = format!("return document.activeElement === document.querySelector('#{} button[type=submit]');", box_q.id);
            if b.js(&script, vec![]).await == serde_json::Value::Bool(true) {
                break;
            }
        }
        assert_eq!(ticked, right_boxes);
        b.press(&[ENTER]).await;
        let feedback = format!("{}-feedback", box_q.id);
        b.wait_for(&format!("document.getElementById('{feedback}').textContent !== ''"), "feedback after Enter").await;
        let text = squash(&b.text(&format!("#{feedback}")).await);
        assert!(text.starts_with("Correct."), "{text:?}");
        assert_eq!(b.focused_id().await, feedback, "focus does not move to the feedback");

        // Tab on to the first radio button.
        let first_radio = radio_q.choices[0].id.clone();
        let mut presses = 0;
        while b.focused_id().await != first_radio {
            presses += 1;
            assert!(presses <= 20, "20 more presses of Tab never reached the first radio button {first_radio}");
            b.press(&[TAB]).await;
        }

        // Space picks the focused radio; the arrow keys move the choice within the group.
        b.press(&[SPACE]).await;
        assert!(b.find(&format!("#{first_radio}")).await.is_selected().await.unwrap(), "Space does not select the radio");
        let right = radio_q.right()[0].id.clone();
        let right_index = radio_q.choices.iter().position(|c| c.id == right).unwrap();
        assert!(right_index > 0, "the test expects the right answer not to be the first choice");
        for _ in 0..right_index {
            b.press(&[DOWN]).await;
        }
        assert_eq!(b.focused_id().await, right);
        assert!(b.find(&format!("#{right}")).await.is_selected().await.unwrap(), "the arrow keys do not move the choice");

        // Enter on the radio button submits its form.
        b.press(&[ENTER]).await;
        let feedback = format!("{}-feedback", radio_q.id);
        b.wait_for(&format!("document.getElementById('{feedback}').textContent !== ''"), "feedback after Enter").await;
        let text = squash(&b.text(&format!("#{feedback}")).await);
        assert!(text.starts_with("Correct."), "{text:?}");
        assert_eq!(b.focused_id().await, feedback, "focus does not move to the feedback");
        drop((server, site));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 5. Try again
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn try_again_resets_the_quiz() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url(FENCE_LINE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_quiz_script(&b).await;
        let quiz = quiz_data(&b).await;
        let all_wrong: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
        answer_all(&b, &quiz, &all_wrong[1..]).await;
        assert!(b.displayed("#quiz-result").await);
        // "Show all answers" opens every answer.
        b.click("#quiz-show-answers").await;
        for q in &quiz.questions {
            assert_eq!(
                b.attr(&format!("#{}-answer", q.id), "open")
                    .await
                    .as_deref(),
                Some("true"),
                "{} not opened",
                q.id
            );
        }
        let best = b.text("#quiz-best").await;

        b.click("#quiz-retry").await;
        assert!(
            !b.displayed("#quiz-result").await,
            "the result stays after Try again"
        );
        assert_eq!(b.focused_id().await, format!("{}-title", quiz.steps[0].0));
        for q in &quiz.questions {
            for input in b.find_all(&format!("#{} input", q.id)).await {
                assert!(
                    input.is_enabled().await.unwrap(),
                    "an input of {} stays disabled",
                    q.id
                );
                assert!(
                    !input.is_selected().await.unwrap(),
                    "an input of {} stays ticked",
                    q.id
                );
            }
            let feedback = b.find(&format!("#{}-feedback", q.id)).await;
            assert_eq!(
                feedback.html(true).await.unwrap(),
                "",
                "feedback on {} is not emptied",
                q.id
            );
            assert!(!feedback.is_displayed().await.unwrap());
            assert_eq!(
                b.attr(&format!("#{}-feedback", q.id), "class")
                    .await
                    .as_deref(),
                Some("feedback")
            );
            assert!(
                !b.displayed(&format!("#{}-answer", q.id)).await,
                "the answer to {} stays shown",
                q.id
            );
            assert_eq!(
                b.attr(&format!("#{}-answer", q.id), "open").await,
                None,
                "the answer to {} stays open",
                q.id
            );
            assert!(
                b.displayed(&format!("#{} .question__actions button", q.id))
                    .await,
                "no Check answer on {}",
                q.id
            );
        }
        // The best score is kept and shown.
        assert_eq!(b.text("#quiz-best").await, best);

        // The quiz works again: a new attempt is checked and scored afresh.
        answer_all(&b, &quiz, &all_wrong).await;
        let total = quiz.questions.len();
        assert_eq!(
            squash(&b.text("#quiz-score").await),
            score_sentence(0, total, quiz.pass_mark)
        );
        // A worse attempt does not lower the best score.
        assert_eq!(b.text("#quiz-best").await, best);
        drop((server, site));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 6. No console errors, no CSP violations
// ---------------------------------------------------------------------------

/// Fail on any SEVERE entry of the browser's console log since the last read
/// (uncaught exceptions, CSP violations, failed loads), bar the favicon request.
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

/// Answer every question of the open quiz (first choice), continue through every
/// step, show all answers and try again: all the HTML the script inserts.
const EXERCISE_QUIZ: &str = r#"
var forms = document.querySelectorAll('form.question');
for (var round = 0; round < 20; round++) {
  var progressed = false;
  for (var i = 0; i < forms.length; i++) {
    var f = forms[i];
    if (f.closest('[hidden]') || f.querySelector('input:disabled')) { continue; }
    f.querySelector('input').click();
    f.querySelector('button[type=submit]').click();
    progressed = true;
  }
  var more = document.querySelectorAll('.step-continue button');
  for (var j = 0; j < more.length; j++) { more[j].click(); progressed = true; }
  if (!progressed) { break; }
}
var finished = !document.getElementById('quiz-result').hidden;
var score = document.getElementById('quiz-score').textContent;
document.getElementById('quiz-show-answers').click();
document.getElementById('quiz-retry').click();
return { finished: finished, score: score };
"#;

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn no_console_errors_or_csp_violations_on_any_page() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let pages = site.html_pages();
    let base = server.url("");
    with_browser(move |b| async move {
        let mut problems = Vec::new();
        let mut quizzes = 0;
        for page in &pages {
            b.goto(&format!("{base}{page}")).await;
            b.wait_for("document.readyState === 'complete'", "the page to load")
                .await;
            b.watch_csp_violations().await;
            if b.exists("#quiz-data").await {
                quizzes += 1;
                wait_for_quiz_script(&b).await;
                let outcome = b.js(EXERCISE_QUIZ, vec![]).await;
                if outcome["finished"] != serde_json::Value::Bool(true) {
                    problems.push(format!("{page}: answering every question shows no result"));
                } else if !outcome["score"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("You answered ")
                {
                    problems.push(format!(
                        "{page}: unexpected score text {:?}",
                        outcome["score"]
                    ));
                }
            } else if b.exists(".progress-table").await {
                b.wait_for(
                    "!document.getElementById('progress-summary').hidden",
                    "the progress script",
                )
                .await;
            }
            for violation in b.csp_violations().await {
                problems.push(format!("{page}: CSP violation after load: {violation}"));
            }
            for entry in b.console_log().await {
                if entry.is_page_error() {
                    problems.push(format!("{page}: [{}] {}", entry.source, entry.message));
                }
            }
        }
        assert!(quizzes >= 2, "only {quizzes} quiz pages found");
        for required in ["quizzes/index.html", "progress.html", FENCE_LINE, TWO_STEPS] {
            assert!(
                pages.iter().any(|p| p == required),
                "the build has no {required}"
            );
        }
        assert!(pages.len() > quizzes + 2, "no guidance pages were checked");
        assert!(
            problems.is_empty(),
            "{} problems on {} pages:\n{}",
            problems.len(),
            pages.len(),
            problems.join("\n")
        );
        drop((server, site));
    })
    .await;
}

/// The checks above would pass vacuously if the console log or the violation
/// listener saw nothing: a page with one of each mistake must show each.
#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn the_console_check_sees_csp_violations_and_script_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>plain</title></head><body>\n\
         <p id=\"styled\" style=\"color: red\">styled</p>\n\
         <script>document.title = 'inline script ran';</script>\n\
         <script src=\"throws.js\"></script>\n</body></html>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("throws.js"),
        "throw new Error('deliberate failure');\n",
    )
    .unwrap();
    let server = StaticServer::start(dir.path());
    let url = server.url("index.html");
    with_browser(move |b| async move {
        b.goto(&url).await;
        b.wait_for("document.readyState === 'complete'", "the page to load")
            .await;
        assert_eq!(
            b.client.title().await.unwrap(),
            "plain",
            "the inline script ran despite the CSP"
        );
        b.watch_csp_violations().await;
        b.js(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: blue\">late</p>');",
            vec![],
        )
        .await;
        let violations = b.csp_violations().await;
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(
            violations[0].starts_with("style-src-attr"),
            "{violations:?}"
        );

        let errors: Vec<String> = b
            .console_log()
            .await
            .into_iter()
            .filter(LogEntry::is_page_error)
            .map(|e| e.message)
            .collect();
        let mentions = |what: &str| errors.iter().filter(|m| m.contains(what)).count();
        assert!(
            mentions("Content Security Policy") >= 3,
            "inline style, inline script and the late style: {errors:#?}"
        );
        assert_eq!(mentions("deliberate failure"), 1, "{errors:#?}");
        drop((server, dir));
    })
    .await;
}

// ---------------------------------------------------------------------------
// The test server itself (no browser needed)
// ---------------------------------------------------------------------------

#[test]
fn static_server_sends_csp_and_content_types_and_refuses_parent_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(root.join("assets/quiz.js"), "1;").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let server = StaticServer::start(&root);

    let (status, headers, body) = http_request(server.addr(), "GET", "/", None);
    assert!(status.ends_with("200 OK"), "{status}");
    assert!(
        headers.contains("Content-Type: text/html; charset=utf-8"),
        "{headers}"
    );
    assert!(
        headers.contains("Content-Security-Policy: default-src 'self'"),
        "{headers}"
    );
    assert_eq!(body, b"<!doctype html><title>t</title>");

    let (status, headers, _) = http_request(server.addr(), "GET", "/assets/quiz.js?v=1", None);
    assert!(status.ends_with("200 OK"), "{status}");
    assert!(
        headers.contains("Content-Type: text/javascript"),
        "{headers}"
    );

    for target in [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2e%2e/secret.txt",
    ] {
        let (status, _, body) = http_request(server.addr(), "GET", target, None);
        assert!(status.ends_with("403 Forbidden"), "{target}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"));
    }
    let (status, _, _) = http_request(server.addr(), "GET", "/missing.html", None);
    assert!(status.ends_with("404 Not Found"), "{status}");
}

// ---------------------------------------------------------------------------
// briefing serve: live reload and the problems overlay, under its strict CSP
// ---------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn serve_reloads_after_a_save_and_shows_problems_over_the_page() {
    let workspace = common::Workspace::with_shipped_site();
    let mut options = briefing::serve::Options::new(&workspace.site());
    options.port = 0;
    let running = briefing::serve::start(options).expect("serve starts");
    let url = format!("http://{}/offences/stalking.html", running.address);
    let page = workspace.site().join("content/offences/stalking.md");
    with_browser(move |b| async move {
        b.goto(&url).await;
        // Marks this page load: a reload wipes it.
        b.js("window.notReloaded = true;", vec![]).await;
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, text.replacen("## Elements", "## Elements\n\nSaved while the browser watched.", 1)).unwrap();
        b.wait_for(
            "!window.notReloaded && document.body.textContent.indexOf('Saved while the browser watched.') >= 0",
            "the page to reload with the edit",
        )
        .await;

        b.js("window.notReloaded = true;", vec![]).await;
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, text.replacen("title:", "titel:", 1)).unwrap();
        b.wait_for("!window.notReloaded && document.getElementById('briefing-overlay')", "the overlay").await;
        let overlay = b.text("#briefing-overlay").await;
        assert!(overlay.contains("unknown key `titel`"), "{overlay}");
        assert!(overlay.contains("content/offences/stalking.md:2:1"), "{overlay}");
        assert!(b.text("main h1").await.contains("Stalking"), "the last good page is still shown");

        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, text.replacen("titel:", "title:", 1)).unwrap();
        b.wait_for("!document.getElementById('briefing-overlay')", "the overlay to go").await;
        assert_no_console_errors(&b, "offences/stalking.html (served)").await;
        drop((running, workspace));
    })
    .await;
}

// ---------------------------------------------------------------------------
// SCORM 1.2: the quiz reports to an LMS (scorm-again) and stays quiet without one
// ---------------------------------------------------------------------------

/// scorm-again's SCORM 1.2 runtime (the classic-script build that defines
/// `Scorm12API`), as CI installs it with npm.
fn scorm_again_runtime() -> std::path::PathBuf {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/npm-tools/node_modules/scorm-again/dist/scorm12.js");
    assert!(
        dist.is_file(),
        "this test needs scorm-again's {}; install it with \
         `mkdir -p target/npm-tools && cd target/npm-tools && npm install scorm-again@3` \
         (`bash .ci/run` does this)",
        dist.display()
    );
    dist
}

/// The test LMS: a page that provides `window.API` and frames one quiz. Its
/// script is a file of its own because the server's CSP refuses inline scripts.
const LMS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script src="lms.js"></script>
</head><body>
<iframe id="sco" title="Scenario" src="quizzes/the-fence-line.html" width="1000" height="800"></iframe>
</body></html>
"#;

/// Provide the API without any LMS server (no commit URL, so no network), and
/// record every call the page makes with its result and error code.
const LMS_SCRIPT: &str = r#"
window.API = new Scorm12API({ lmsCommitUrl: false, autocommit: false, logLevel: 4 });
window.lmsCalls = [];
["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"].forEach(function (name) {
  var original = window.API[name];
  window.API[name] = function () {
    var result = original.apply(window.API, arguments);
    window.lmsCalls.push({ name: name, args: Array.prototype.slice.call(arguments), result: String(result),
                           error: String(window.API.LMSGetLastError()) });
    return result;
  };
});
"#;

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn a_quiz_in_an_lms_frame_reports_to_scorm_again() {
    let runtime = scorm_again_runtime();
    let site = build_site();
    std::fs::copy(&runtime, site.out.join("scorm12.js")).expect("cannot copy scorm-again");
    std::fs::write(site.out.join("lms.html"), LMS_PAGE).expect("cannot write the LMS page");
    std::fs::write(site.out.join("lms.js"), LMS_SCRIPT).expect("cannot write the LMS script");
    let server = StaticServer::start(&site.out);
    let url = server.url("lms.html");
    with_browser(move |b| async move {
        b.goto(&url).await;
        b.wait_for("window.API && window.lmsCalls", "the test LMS").await;
        b.client.enter_frame(0).await.expect("cannot enter the quiz frame");
        wait_for_quiz_script(&b).await;
        let quiz = quiz_data(&b).await;
        let elements = b
            .js(
                "var d = JSON.parse(document.getElementById('quiz-data').textContent), e = [];
                 d.steps.forEach(function (s) { s.questions.forEach(function (q) { e.push(q.element || ''); }); });
                 return e;",
                vec![],
            )
            .await;
        let first = quiz.questions[0].id.clone();
        answer_all(&b, &quiz, &[&first]).await;
        let total = quiz.questions.len();
        let score_text = squash(&b.text("#quiz-score").await);
        assert_eq!(score_text, score_sentence(total - 1, total, quiz.pass_mark));
        let shown_percent = score_text
            .split('(')
            .nth(1)
            .and_then(|rest| rest.split('%').next())
            .expect("no percentage in the score")
            .to_string();
        b.client.enter_parent_frame().await.expect("cannot leave the frame");

        let state = b
            .js(
                "return { initialized: API.isInitialized(), terminated: API.isTerminated(),
                          cmi: API.renderCMIToJSONObject(), calls: window.lmsCalls };",
                vec![],
            )
            .await;
        assert_eq!(state["initialized"], true, "LMSInitialize was not called");
        let calls = state["calls"].as_array().expect("no call log").clone();
        let failed: Vec<_> = calls.iter().filter(|c| c["result"] != "true" && c["name"] != "LMSGetValue").collect();
        assert!(failed.is_empty(), "scorm-again refused calls: {failed:#?}");
        let count = |name: &str| calls.iter().filter(|c| c["name"] == name).count();
        assert_eq!(count("LMSInitialize"), 1);
        assert!(count("LMSCommit") > total, "a commit after each answer and at the end");
        assert_eq!(count("LMSFinish"), 0, "finished before the page was left");

        // renderCMIToJSONObject puts the data model under a `cmi` key.
        let cmi = &state["cmi"]["cmi"];
        let core = &cmi["core"];
        let passed = (total - 1) as u64 * 100 >= quiz.pass_mark * total as u64;
        assert_eq!(core["lesson_status"], if passed { "passed" } else { "failed" });
        assert_eq!(core["score"]["raw"], shown_percent.as_str());
        assert_eq!(core["score"]["min"], "0");
        assert_eq!(core["score"]["max"], "100");

        let interactions = &cmi["interactions"];
        let records: Vec<&serde_json::Value> = (0..total)
            .map(|i| &interactions[i.to_string()])
            .collect();
        assert!(
            interactions[total.to_string()].is_null(),
            "more interactions than questions: {interactions:#}"
        );
        let symbol = |q: &Question, id: &str| {
            let at = q.choices.iter().position(|c| c.id == id).expect("unknown choice");
            "abcdefghijklmnopqrstuvwxyz0123456789"[at..=at].to_string()
        };
        for (i, (q, record)) in quiz.questions.iter().zip(records).enumerate() {
            let element = elements[i].as_str().unwrap_or("");
            let id = if element.is_empty() { q.id.clone() } else { format!("{}_{element}", q.id) };
            assert_eq!(record["id"], id.as_str(), "{record:#}");
            assert_eq!(record["type"], "choice");
            let right: Vec<String> = q.right().iter().map(|c| symbol(q, &c.id)).collect();
            assert_eq!(record["correct_responses"]["0"]["pattern"], right.join(",").as_str(), "{record:#}");
            if q.id == first {
                assert_eq!(record["result"], "wrong");
                assert_eq!(record["student_response"], symbol(q, &q.first_wrong().id).as_str());
            } else {
                assert_eq!(record["result"], "correct");
                assert_eq!(record["student_response"], right.join(",").as_str());
            }
        }

        // Leaving the quiz page (pagehide) ends the session.
        b.js("document.getElementById('sco').src = 'index.html';", vec![]).await;
        b.wait_for("API.isTerminated()", "LMSFinish when the quiz page is left").await;
        let finished = b
            .js("return window.lmsCalls.filter(function (c) { return c.name === 'LMSFinish'; });", vec![])
            .await;
        assert_eq!(finished.as_array().map(Vec::len), Some(1), "{finished:#}");
        assert_eq!(finished[0]["result"], "true");
        // scorm-again warns when it has to repair a value ("incorrect" for
        // "wrong"): a warning is a value a stricter LMS would refuse.
        let complaints: Vec<String> = b
            .console_log()
            .await
            .into_iter()
            .filter(|e| e.is_page_error() || e.level == "WARNING")
            .map(|e| format!("[{} {}] {}", e.level, e.source, e.message))
            .collect();
        assert!(
            complaints.is_empty(),
            "console errors or warnings in the LMS:\n{}",
            complaints.join("\n")
        );
        drop((server, site));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with cargo test --test browser -- --ignored"]
async fn a_quiz_without_an_lms_is_unchanged_by_the_scorm_script() {
    let site = build_site();
    let server = StaticServer::start(&site.out);
    let url = server.url(FENCE_LINE);
    with_browser(move |b| async move {
        b.goto(&url).await;
        wait_for_quiz_script(&b).await;
        assert!(
            b.exists("script[src$='assets/scorm.js']").await,
            "the quiz page does not load scorm.js"
        );
        b.watch_csp_violations().await;
        let quiz = quiz_data(&b).await;
        answer_all(&b, &quiz, &[]).await;
        let total = quiz.questions.len();
        assert_eq!(
            squash(&b.text("#quiz-score").await),
            score_sentence(total, total, quiz.pass_mark)
        );
        assert!(b.csp_violations().await.is_empty());
        assert_eq!(b.js("return typeof window.API;", vec![]).await, "undefined");
        // Leaving the page finds no LMS to finish with, and throws nothing.
        b.goto(&url).await;
        wait_for_quiz_script(&b).await;
        assert_no_console_errors(&b, FENCE_LINE).await;
        drop((server, site));
    })
    .await;
}
