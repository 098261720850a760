//! Scenario quizzes: the mistakes a trainer can make and what the built page
//! does with a good quiz.
//!
//! Each case is a tiny site under `tests/quiz_fixtures/<case>/` (a home page,
//! `content/offences/stalking.md`, and `quizzes/<case>.md`). The mistake cases
//! hold ONE mistake each; their rendered diagnostics (file:line:col, the source
//! line, the caret, the help) are reviewed snapshots under `tests/snapshots/`.
//! The behaviour cases build into a temporary folder and are checked on the
//! parsed HTML and on `compiled.site.quizzes`.

mod common;

use briefing::diagnostic::Diagnostics;
use briefing::law::{self, Behaviour, ElementId, Facts, Offence};
use briefing::quiz::Quiz;
use briefing::quiz::model::{Kind, Question};
use common::*;
use scraper::Html;
use std::path::PathBuf;

fn quiz_fixture(case: &str) -> PathBuf {
    manifest_dir().join("tests/quiz_fixtures").join(case)
}

/// Compile a one-mistake fixture (nothing is written) and return what it reported.
fn problems(case: &str) -> Diagnostics {
    match briefing::compile(&quiz_fixture(case)) {
        Ok(compiled) => panic!(
            "`{case}` compiled, but it holds a mistake; warnings:\n{}",
            compiled.warnings
        ),
        Err(problems) => problems,
    }
}

/// Snapshot the rendered diagnostics of a one-mistake fixture, and check that
/// the one mistake caused exactly one diagnostic (no cascade, nothing missed).
fn one_mistake(case: &str) -> Diagnostics {
    let problems = problems(case);
    insta::assert_snapshot!(case, problems.to_string());
    assert_eq!(
        (problems.error_count(), problems.warning_count()),
        (1, 0),
        "`{case}` should report its one mistake once:\n{problems}"
    );
    problems
}

/// Snapshot a fixture whose one mistake is rightly reported more than once.
fn mistake_reported_as(case: &str, errors: usize) -> Diagnostics {
    let problems = problems(case);
    insta::assert_snapshot!(case, problems.to_string());
    assert_eq!(
        (problems.error_count(), problems.warning_count()),
        (errors, 0),
        "{problems}"
    );
    problems
}

/// The only diagnostic's help.
fn help(problems: &Diagnostics) -> String {
    problems
        .iter()
        .next()
        .and_then(|d| d.help.clone())
        .unwrap_or_default()
}

/// The only diagnostic's message.
fn message(problems: &Diagnostics) -> String {
    problems
        .iter()
        .next()
        .map(|d| d.message.clone())
        .unwrap_or_default()
}

/// (line, column) of the only diagnostic.
fn position(problems: &Diagnostics) -> (usize, usize) {
    let location = problems
        .iter()
        .next()
        .and_then(|d| d.location.clone())
        .expect("the diagnostic has a location");
    (location.line, location.column)
}

/// The 1-based number of the first line of the fixture's quiz that contains `needle`.
fn line_of(case: &str, needle: &str) -> usize {
    let path = quiz_fixture(case)
        .join("quizzes")
        .join(format!("{case}.md"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in {}", path.display()))
        + 1
}

// ---------------------------------------------------------------------------
// Written choices
// ---------------------------------------------------------------------------

#[test]
fn no_correct_answer() {
    let problems = one_mistake("no_correct_answer");
    assert_eq!(message(&problems), "this question has no correct answer");
    assert_eq!(
        position(&problems),
        (line_of("no_correct_answer", "- [ ] Yes"), 1)
    );
}

#[test]
fn two_correct_answers_in_single_choice() {
    let problems = one_mistake("two_correct_answers_in_single_choice");
    assert_eq!(
        message(&problems),
        "this single-choice question has 2 correct answers"
    );
    // The caret is on the second `[x]`, the one to remove.
    assert_eq!(
        position(&problems),
        (
            line_of("two_correct_answers_in_single_choice", "- [x] Watching"),
            1
        )
    );
}

#[test]
fn empty_feedback_blockquote() {
    let problems = one_mistake("empty_feedback_blockquote");
    assert_eq!(message(&problems), "this choice's feedback is empty");
    assert_eq!(
        position(&problems),
        (line_of("empty_feedback_blockquote", "- [ ] No"), 1)
    );
}

#[test]
fn question_without_choices() {
    let problems = one_mistake("question_without_choices");
    assert_eq!(message(&problems), "this question has no choices");
    assert_eq!(
        position(&problems),
        (line_of("question_without_choices", "## Does"), 1)
    );
}

#[test]
fn no_explanation_and_missing_feedback() {
    let problems = one_mistake("no_explanation_and_missing_feedback");
    assert_eq!(
        message(&problems),
        "this question has no explanation, and not every choice has feedback"
    );
    assert_eq!(
        position(&problems),
        (
            line_of("no_explanation_and_missing_feedback", "- [x] Yes"),
            1
        )
    );
}

#[test]
fn true_false_with_wrong_labels() {
    let problems = one_mistake("true_false_with_wrong_labels");
    assert_eq!(
        message(&problems),
        "a true-or-false question has exactly two choices, `True` and `False`"
    );
    assert_eq!(
        position(&problems),
        (line_of("true_false_with_wrong_labels", "- [x] Yes"), 1)
    );
}

// ---------------------------------------------------------------------------
// Front matter and the quiz as a whole
// ---------------------------------------------------------------------------

#[test]
fn unknown_related_page() {
    let problems = one_mistake("unknown_related_page");
    assert!(
        help(&problems).starts_with("did you mean `offences/stalking.md`?"),
        "{problems}"
    );
}

#[test]
fn unknown_related_page_is_an_error_at_its_line() {
    let problems = problems("unknown_related_page");
    assert_eq!(
        (problems.error_count(), problems.warning_count()),
        (1, 0),
        "{problems}"
    );
    assert_eq!(
        message(&problems),
        "the page `content/offences/stalkng.md` does not exist"
    );
    assert_eq!(
        position(&problems),
        (line_of("unknown_related_page", "stalkng"), 5)
    );
    assert!(
        help(&problems).contains("(`content/offences/stalking.md`)"),
        "{problems}"
    );
}

#[test]
fn pass_mark_0() {
    let problems = one_mistake("pass_mark_0");
    assert_eq!(
        message(&problems),
        "the pass mark 0 is not a percentage from 1 to 100"
    );
    assert_eq!(
        position(&problems),
        (line_of("pass_mark_0", "pass_mark:"), 1)
    );
}

#[test]
fn pass_mark_101() {
    let problems = one_mistake("pass_mark_101");
    assert_eq!(
        message(&problems),
        "the pass mark 101 is not a percentage from 1 to 100"
    );
    assert_eq!(
        position(&problems),
        (line_of("pass_mark_101", "pass_mark:"), 1)
    );
}

#[test]
fn no_questions() {
    let problems = one_mistake("no_questions");
    assert_eq!(message(&problems), "this quiz has no questions");
    // The body starts on the line after the closing `---`.
    assert_eq!(position(&problems), (line_of("no_questions", "Amira"), 1));
}

#[test]
fn no_questions_points_at_a_line_with_text() {
    let problems = problems("no_questions");
    let location = problems
        .iter()
        .next()
        .and_then(|d| d.location.clone())
        .unwrap();
    assert!(!location.line_text.trim().is_empty(), "{problems}");
}

// ---------------------------------------------------------------------------
// Question kinds
// ---------------------------------------------------------------------------

#[test]
fn unknown_heading_kind() {
    let problems = one_mistake("unknown_heading_kind");
    assert_eq!(message(&problems), "`.multi` is not a question kind");
    assert_eq!(help(&problems), "did you mean `{.multiple}`?");
    assert_eq!(
        position(&problems),
        (line_of("unknown_heading_kind", "{.multi}"), 1)
    );
}

#[test]
fn unknown_element() {
    let problems = one_mistake("unknown_element");
    assert_eq!(
        message(&problems),
        "`course` is not an element a question can ask about"
    );
    assert_eq!(
        position(&problems),
        (line_of("unknown_element", "{element=course}"), 1)
    );
}

#[test]
fn element_question_without_facts() {
    let problems = one_mistake("element_question_without_facts");
    assert_eq!(
        message(&problems),
        "this question needs the scenario's facts, and the quiz has none"
    );
    assert_eq!(
        position(&problems),
        (line_of("element_question_without_facts", "## Is there"), 1)
    );
}

#[test]
fn element_question_with_written_list() {
    let problems = one_mistake("element_question_with_written_list");
    assert_eq!(
        message(&problems),
        "an element question gets its choices from the scenario's facts"
    );
    assert_eq!(
        position(&problems),
        (
            line_of("element_question_with_written_list", "- [x] Yes"),
            1
        )
    );
}

// ---------------------------------------------------------------------------
// Offence decisions and the law model
// ---------------------------------------------------------------------------

#[test]
fn decision_without_facts_or_choices() {
    let problems = one_mistake("decision_without_facts_or_choices");
    assert_eq!(
        message(&problems),
        "this question needs the scenario's facts, and the quiz has none"
    );
    assert_eq!(
        position(&problems),
        (
            line_of("decision_without_facts_or_choices", "## Which offence"),
            1
        )
    );
}

#[test]
fn decision_key_disagrees() {
    let problems = one_mistake("decision_key_disagrees");
    let message = message(&problems);
    assert!(
        message.starts_with("the answer key says Harassment (s.2), but the law model says Stalking (s.2A): the element that differs is acts associated with stalking"),
        "{message}"
    );
    assert_eq!(
        position(&problems),
        (line_of("decision_key_disagrees", "- [x] Harassment"), 1)
    );
}

#[test]
fn decision_choice_names_no_outcome() {
    let problems = one_mistake("decision_choice_names_no_outcome");
    assert_eq!(
        message(&problems),
        "`Charge him with something` does not name an outcome"
    );
    assert_eq!(
        position(&problems),
        (line_of("decision_choice_names_no_outcome", "Charge him"), 1)
    );
}

#[test]
fn departure_explains_disagreement() {
    let built = build_site(Workspace::with_site(&quiz_fixture(
        "departure_explains_disagreement",
    )));
    assert!(
        built.compiled.warnings.is_empty(),
        "{}",
        built.compiled.warnings
    );
    let quiz = only_quiz(&built);
    let question = &quiz.steps[0].questions[0];
    assert_eq!(question.answer, "Harassment (s.2)");
    assert!(
        question
            .departure
            .contains("could not be proved to the criminal standard"),
        "{}",
        question.departure
    );
    let html = quiz_page(&built);
    assert_eq!(
        texts(&html, "#q1-answer .callout-important > p.callout-title"),
        ["Why this answer differs from the law model"]
    );
    assert_eq!(
        texts(
            &html,
            "#q1-answer .callout-important > p:not(.callout-title)"
        ),
        [
            "The CPS in this area charged s.2 because the following could not be proved to the criminal standard."
        ]
    );
    // The block is the trainer's note, not part of the question or the explanation.
    assert!(!text(one(&html, "#q1 fieldset")).contains("criminal standard"));
}

/// The warnings of a fixture that must build.
fn warnings(case: &str) -> Diagnostics {
    match briefing::compile(&quiz_fixture(case)) {
        Ok(compiled) => compiled.warnings,
        Err(problems) => panic!("`{case}` must build (with a warning):\n{problems}"),
    }
}

#[test]
fn departure_but_key_agrees() {
    let warnings = warnings("departure_but_key_agrees");
    insta::assert_snapshot!("departure_but_key_agrees", warnings.to_string());
    assert_eq!(
        position(&warnings),
        (line_of("departure_but_key_agrees", "::: departure"), 1)
    );
}

#[test]
fn departure_but_key_agrees_is_a_warning() {
    let warnings = warnings("departure_but_key_agrees");
    assert_eq!(
        (warnings.error_count(), warnings.warning_count()),
        (0, 1),
        "{warnings}"
    );
    assert_eq!(
        message(&warnings),
        "this `::: departure` block explains a departure, but the answer key agrees with the law model"
    );
    assert_eq!(
        help(&warnings),
        "remove the block, or check the `[x]` and the facts"
    );
}

#[test]
fn departure_under_generated_decision() {
    let warnings = warnings("departure_under_generated_decision");
    assert_eq!(
        (warnings.error_count(), warnings.warning_count()),
        (0, 1),
        "{warnings}"
    );
    assert_eq!(
        position(&warnings),
        (
            line_of("departure_under_generated_decision", "::: departure"),
            1
        )
    );
}

#[test]
fn unclosed_departure() {
    // Never closed, the block explains nothing, so the key's disagreement with
    // the law model is reported too: both point at what to fix.
    let problems = mistake_reported_as("unclosed_departure", 2);
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages[0].starts_with(
            "the answer key says Harassment (s.2), but the law model says Stalking (s.2A)"
        ),
        "{problems}"
    );
    assert_eq!(messages[1], "the `::: departure` block is never closed");
    let last = problems
        .iter()
        .last()
        .and_then(|d| d.location.clone())
        .unwrap();
    assert_eq!(
        (last.line, last.column, last.width),
        (line_of("unclosed_departure", "::: departure"), 1, 3)
    );
}

#[test]
fn departure_in_non_decision_question() {
    let problems = one_mistake("departure_in_non_decision_question");
    assert_eq!(
        position(&problems),
        (
            line_of("departure_in_non_decision_question", "::: departure"),
            1
        )
    );
}

#[test]
fn departure_in_non_decision_question_is_an_error() {
    let problems = problems("departure_in_non_decision_question");
    assert_eq!(
        (problems.error_count(), problems.warning_count()),
        (1, 0),
        "{problems}"
    );
    assert_eq!(
        message(&problems),
        "a `::: departure` block only belongs in an offence-decision question"
    );
    assert_eq!(
        help(&problems),
        "mark the question `{.decision}`, or remove the block"
    );
}

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

#[test]
fn facts_unknown_key() {
    let problems = one_mistake("facts_unknown_key");
    assert_eq!(message(&problems), "unknown key `behavours`");
    assert_eq!(help(&problems), "did you mean `behaviours`?");
    assert_eq!(
        position(&problems),
        (line_of("facts_unknown_key", "behavours:"), 3)
    );
}

#[test]
fn facts_no_victims() {
    let problems = one_mistake("facts_no_victims");
    assert!(message(&problems).starts_with("victims is 0"), "{problems}");
    assert_eq!(
        position(&problems),
        (line_of("facts_no_victims", "victims: 0"), 3)
    );
}

#[test]
fn facts_block_in_first_step() {
    let problems = one_mistake("facts_block_in_first_step");
    assert_eq!(
        message(&problems),
        "the first step's facts belong in the front matter"
    );
    assert_eq!(
        position(&problems),
        (
            line_of("facts_block_in_first_step", "behaviours: [following"),
            1
        )
    );
}

#[test]
fn facts_block_bad_key_in_later_step() {
    let problems = one_mistake("facts_block_bad_key_in_later_step");
    assert_eq!(
        message(&problems),
        "unknown key `fear_of_violance_occasions`"
    );
    assert_eq!(
        help(&problems),
        "did you mean `fear_of_violence_occasions`?"
    );
    assert_eq!(
        position(&problems),
        (
            line_of("facts_block_bad_key_in_later_step", "fear_of_violance"),
            1
        )
    );
}

// ---------------------------------------------------------------------------
// Every mistake in one run
// ---------------------------------------------------------------------------

#[test]
fn five_mistakes_are_all_reported_in_one_run() {
    let problems = problems("five_mistakes");
    insta::assert_snapshot!("five_mistakes", problems.to_string());
    let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
    let expected = [
        "the pass mark 0 is not a percentage from 1 to 100",
        "`.multi` is not a question kind",
        "this question has no correct answer",
        "this choice's feedback is empty",
        "the answer key says Harassment (s.2)",
    ];
    assert_eq!(messages.len(), expected.len(), "{problems}");
    for (message, expected) in messages.iter().zip(expected) {
        assert!(
            message.starts_with(expected),
            "expected `{expected}…`, found `{message}`"
        );
    }
    // In file order.
    let lines: Vec<usize> = problems
        .iter()
        .filter_map(|d| d.location.as_ref())
        .map(|l| l.line)
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
}

// ---------------------------------------------------------------------------
// Behaviour of good quizzes
// ---------------------------------------------------------------------------

fn build_quiz(case: &str) -> Built {
    let built = build_site(Workspace::with_site(&quiz_fixture(case)));
    assert!(
        built.compiled.warnings.is_empty(),
        "`{case}` built with warnings:\n{}",
        built.compiled.warnings
    );
    built
}

fn only_quiz(built: &Built) -> &Quiz {
    assert_eq!(built.compiled.site.quizzes.len(), 1);
    &built.compiled.site.quizzes[0]
}

fn quiz_page(built: &Built) -> Html {
    built.page(&only_quiz(built).output.to_string_lossy())
}

fn questions(quiz: &Quiz) -> Vec<&Question> {
    quiz.steps.iter().flat_map(|s| &s.questions).collect()
}

/// (label as text, correct) of each choice.
fn choices_as_text(question: &Question) -> Vec<(String, bool)> {
    question
        .choices
        .iter()
        .map(|c| (text_of(&c.label), c.correct))
        .collect()
}

/// (label, correct) of each choice.
fn choices(question: &Question) -> Vec<(String, bool)> {
    question
        .choices
        .iter()
        .map(|c| (c.label.clone(), c.correct))
        .collect()
}

fn offence_choices(right: Offence) -> Vec<(String, bool)> {
    [
        ("No offence under the Act", Offence::NoOffence),
        ("Harassment (s.2)", Offence::Harassment),
        ("Stalking (s.2A)", Offence::Stalking),
        (
            "Putting people in fear of violence (s.4)",
            Offence::FearOfViolence,
        ),
        (
            "Stalking involving fear of violence or serious alarm or distress (s.4A)",
            Offence::StalkingFearOrAlarm,
        ),
    ]
    .into_iter()
    .map(|(label, offence)| (label.to_string(), offence == right))
    .collect()
}

#[test]
fn generated_decision_choices_are_the_five_offences_keyed_by_the_law_model() {
    let built = build_quiz("generated_decision_choices");
    let quiz = only_quiz(&built);
    let facts = quiz.meta.facts.clone().expect("the fixture has facts");
    assert_eq!(law::decide(&facts).offence, Offence::Stalking);
    let question = questions(quiz)[0];
    assert_eq!(question.kind, Kind::Decision);
    assert!(!question.multiple);
    assert_eq!(choices(question), offence_choices(Offence::Stalking));
    assert_eq!(question.answer, "Stalking (s.2A)");
    let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["q1-1", "q1-2", "q1-3", "q1-4", "q1-5"]);
    // Every choice explains itself from the law model; the wrong ones name the element.
    assert_eq!(
        question.choices[2].feedback,
        "<p>Right: the law model also reaches Stalking (s.2A).</p>"
    );
    assert!(
        question.choices[1].feedback.starts_with(
            "<p>Harassment (s.2) is not the answer. Look again at acts associated with stalking (s.2A(2)(b), s.2A(3)):"
        ),
        "{}",
        question.choices[1].feedback
    );
    // The breakdown is one row per element of the law model.
    let elements: Vec<ElementId> = question.breakdown.iter().map(|b| b.element).collect();
    assert_eq!(elements, ElementId::ALL);

    let html = quiz_page(&built);
    assert_eq!(
        texts(&html, "#q1 .choice__label"),
        offence_choices(Offence::Stalking)
            .into_iter()
            .map(|(label, _)| label)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        text(one(&html, "#q1-answer .answer__body > p")),
        "Answer: Stalking (s.2A)"
    );
    assert_eq!(
        select(&html, "#q1-answer table.breakdown tbody tr").len(),
        7
    );
}

#[test]
fn element_questions_get_generated_choices_from_the_facts() {
    let built = build_quiz("generated_element_choices");
    let quiz = only_quiz(&built);
    let all = questions(quiz);
    assert!(all.iter().all(|q| q.kind == Kind::Element));
    let element = |i: usize| all[i].element;
    assert_eq!(
        (0..6).map(element).collect::<Vec<_>>(),
        [
            Some(ElementId::StalkingActs),
            Some(ElementId::CourseOfConduct),
            Some(ElementId::FearOfViolence),
            Some(ElementId::SeriousAlarmDistress),
            Some(ElementId::Harassment),
            Some(ElementId::Defence),
        ]
    );

    // Stalking acts: select all that apply, the seven acts of s.2A(3) and "None of these".
    let acts = all[0];
    assert!(acts.multiple);
    assert_eq!(acts.choices.len(), 8);
    let mut expected: Vec<(String, bool)> = Behaviour::ALL
        .iter()
        .map(|b| {
            (
                format!("{} ({})", b.label(), b.section()),
                matches!(b, Behaviour::Following | Behaviour::Loitering),
            )
        })
        .collect();
    expected.push(("None of these".to_string(), false));
    assert_eq!(choices_as_text(acts), expected);
    assert_eq!(acts.choices[0].label, "Following the person (s.2A(3)(a))");
    assert_eq!(
        acts.answer,
        "Following the person (s.2A(3)(a)); Loitering in any place, public or private (s.2A(3)(e))"
    );
    // Labels are HTML: the law's apostrophes are escaped, not dropped.
    assert_eq!(
        acts.choices[3].label,
        "Monitoring the person&#39;s use of the internet, email or other electronic communication (s.2A(3)(d))"
    );

    let yes = |label: &str, correct: bool| (label.to_string(), correct);
    assert!(!all[1].multiple);
    assert_eq!(choices(all[1]), [yes("Yes", true), yes("No", false)]);
    assert_eq!(
        choices(all[2]),
        [
            yes("Not at all", false),
            yes("On one occasion", true),
            yes("On two or more occasions", false)
        ]
    );
    assert_eq!(choices(all[3]), [yes("Yes", false), yes("No", true)]);
    assert_eq!(choices(all[4]), [yes("Yes", true), yes("No", false)]);
    assert_eq!(
        choices(all[5]),
        [
            yes("No defence answers the charge", true),
            yes("A defence answers the charge", false)
        ]
    );

    // On the page: checkboxes for the acts, radio buttons for the rest.
    let html = quiz_page(&built);
    assert_eq!(select(&html, "#q1 input[type=checkbox]").len(), 8);
    assert_eq!(
        attrs(&html, "#q1 fieldset", "aria-describedby"),
        ["q1-hint"]
    );
    assert_eq!(text(one(&html, "#q1-hint")), "Select all that apply.");
    assert_eq!(select(&html, "#q2 input[type=radio]").len(), 2);
    assert!(select(&html, "#q2 input[type=checkbox]").is_empty());
}

#[test]
fn an_unfolding_quiz_applies_each_steps_facts_over_the_last() {
    let built = build_quiz("unfolding_answer_flips");
    let quiz = only_quiz(&built);
    assert_eq!(quiz.steps.len(), 3);
    let titles: Vec<&str> = quiz.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["", "A month later", "At interview"]);
    let step_ids: Vec<&str> = quiz.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(step_ids, ["step-1", "step-2", "step-3"]);

    // Step 1: following on two occasions is stalking.
    // Step 2: plus fear of violence twice: stalking involving fear of violence.
    // Step 3: the following is withdrawn; the fear from step 2 still stands: s.4.
    let decisions: Vec<&Question> = questions(quiz)
        .into_iter()
        .filter(|q| q.kind == Kind::Decision)
        .collect();
    let answers: Vec<&str> = decisions.iter().map(|q| q.answer.as_str()).collect();
    assert_eq!(
        answers,
        [
            "Stalking (s.2A)",
            "Stalking involving fear of violence or serious alarm or distress (s.4A)",
            "Putting people in fear of violence (s.4)"
        ]
    );
    assert_eq!(
        choices(decisions[2]),
        offence_choices(Offence::FearOfViolence)
    );

    // The element question in step 3 sees the fear set in step 2.
    let fear = &quiz.steps[2].questions[0];
    assert_eq!(fear.element, Some(ElementId::FearOfViolence));
    assert_eq!(fear.answer, "On two or more occasions");

    // The same as deciding on the cumulative facts directly.
    let mut facts = Facts::new(4);
    facts.fear_of_violence_occasions = 2;
    assert_eq!(law::decide(&facts).offence, Offence::FearOfViolence);
    let stalking_row = |q: &Question| {
        q.breakdown
            .iter()
            .find(|b| b.element == ElementId::StalkingActs)
            .map(|b| b.status)
    };
    assert_eq!(stalking_row(decisions[0]), Some("met"));
    assert_eq!(stalking_row(decisions[2]), Some("not met"));

    let html = quiz_page(&built);
    assert_eq!(
        texts(&html, ".quiz-step > h2"),
        ["The scenario", "A month later", "At interview"]
    );
    // The ```facts block is for the law model, not the learner.
    assert!(select(&html, ".quiz-step pre, .quiz-step code").is_empty());
    assert!(!text(one(&html, "#step-2 .narrative")).contains("fear_of_violence_occasions"));
}

#[test]
fn text_under_a_generated_decision_question_is_its_explanation() {
    let built = build_quiz("text_under_generated_decision");
    let quiz = only_quiz(&built);
    let decision = &quiz.steps[0].questions[0];
    assert_eq!(decision.intro, "");
    assert_eq!(
        decision.explanation,
        "<p>Following and loitering are both listed in s.2A(3), so this is stalking.</p>\n"
    );
    // Whereas text between a written question's heading and its choices is the intro.
    let written = &quiz.steps[0].questions[1];
    assert_eq!(written.intro, "<p>Think about section 7(3).</p>\n");
    assert_eq!(
        written.explanation,
        "<p>Section 7(3) says a course of conduct involves conduct on at least two occasions.</p>\n"
    );

    let html = quiz_page(&built);
    assert!(
        select(&html, "#q1 .question__intro").is_empty(),
        "the explanation is not shown before answering"
    );
    assert_eq!(
        texts(&html, "#q1-answer .prose"),
        ["Following and loitering are both listed in s.2A(3), so this is stalking."]
    );
    assert_eq!(
        texts(&html, "#q2 .question__intro"),
        ["Think about section 7(3)."]
    );
}

#[test]
fn quiz_page_has_a_fieldset_per_question_answers_in_details_and_the_model_as_json() {
    let built = build_quiz("quiz_page_markup");
    let quiz = only_quiz(&built);
    let html = quiz_page(&built);
    let all = questions(quiz);
    assert_eq!(
        all.iter().map(|q| q.kind).collect::<Vec<_>>(),
        [
            Kind::Single,
            Kind::Multiple,
            Kind::TrueFalse,
            Kind::Decision
        ]
    );

    let forms = select(&html, "form.question");
    assert_eq!(forms.len(), all.len());
    for (form, question) in forms.iter().zip(&all) {
        let id = &question.id;
        assert_eq!(form.value().attr("id"), Some(id.as_str()));
        // One fieldset whose legend is the question.
        let legend = form
            .select(&selector(":scope > fieldset > legend"))
            .collect::<Vec<_>>();
        assert_eq!(legend.len(), 1, "{id}");
        assert_eq!(
            text(legend[0]),
            format!(
                "Question {} {}",
                question.number,
                scraper::Html::parse_fragment(&question.prompt)
                    .root_element()
                    .text()
                    .collect::<String>()
            )
        );
        // One input per choice, each with a label naming it.
        let kind = if question.multiple {
            "checkbox"
        } else {
            "radio"
        };
        let inputs = form
            .select(&selector(&format!(
                "fieldset input[type={kind}][name={id}]"
            )))
            .collect::<Vec<_>>();
        assert_eq!(inputs.len(), question.choices.len(), "{id}");
        for (input, choice) in inputs.iter().zip(&question.choices) {
            assert_eq!(input.value().attr("id"), Some(choice.id.as_str()));
            assert_eq!(input.value().attr("value"), Some(choice.id.as_str()));
            let label = form
                .select(&selector(&format!("label[for=\"{}\"]", choice.id)))
                .collect::<Vec<_>>();
            assert_eq!(label.len(), 1, "{}", choice.id);
            assert_eq!(label[0].inner_html(), choice.label);
        }
        // The answer, readable without the script, in a <details> of its own.
        let details = form
            .select(&selector(&format!(":scope > details#{id}-answer")))
            .collect::<Vec<_>>();
        assert_eq!(details.len(), 1, "{id}");
        assert_eq!(
            text(details[0].select(&selector("summary")).next().unwrap()),
            "Show the answer"
        );
        let answer = details[0]
            .select(&selector(".answer__body > p"))
            .next()
            .unwrap();
        assert_eq!(
            text(answer),
            format!("Answer: {}", text_of(&question.answer))
        );
    }
    assert_eq!(
        texts(&html, "#q1-answer .answer__body > p"),
        ["Answer: Yes"]
    );
    assert_eq!(
        texts(&html, "#q2-answer .answer__body > p"),
        ["Answer: Following her; Loitering in the car park"]
    );
    assert_eq!(
        texts(&html, "#q3-answer .answer__body > p"),
        ["Answer: False"]
    );
    assert_eq!(
        texts(&html, "#q1-answer .answer__feedback li"),
        [
            "Yes: Right: section 7(3).",
            "No: Section 7(3) needs at least two occasions."
        ]
    );
    assert_eq!(select(&html, "input[type=checkbox]").len(), 3);
    assert_eq!(select(&html, "input[type=radio]").len(), 2 + 2 + 5);

    // The model rides along as JSON that the script reads.
    let data = one(&html, "script#quiz-data[type=\"application/json\"]");
    let json: serde_json::Value =
        serde_json::from_str(&data.inner_html()).expect("the quiz data is JSON");
    assert_eq!(json, serde_json::to_value(quiz).unwrap());
    assert_eq!(json["id"], "quiz_page_markup");
    assert_eq!(json["pass_mark"], 80);
    assert_eq!(json["steps"][0]["questions"][1]["kind"], "multiple");
    assert_eq!(
        json["steps"][0]["questions"][3]["choices"][2]["correct"],
        true
    );
    // Nothing the script does not need: the facts and source paths stay behind.
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["hash", "id", "pass_mark", "steps", "title"]);
}

/// The text of an HTML fragment.
fn text_of(fragment: &str) -> String {
    let html = Html::parse_fragment(fragment);
    html.root_element().text().collect::<String>()
}

#[test]
fn a_closing_script_tag_in_author_text_cannot_end_the_json_block() {
    let built = build_quiz("script_tag_in_author_text");
    let quiz = only_quiz(&built);
    assert_eq!(quiz.title, "Why </script><script>alert(1)</script> matters");
    let label = &quiz.steps[0].questions[0].choices[0].label;
    assert_eq!(label, "The text <code>&lt;/script&gt;</code>");

    let page = std::fs::read_to_string(built.out().join(&quiz.output)).unwrap();
    let open = "<script type=\"application/json\" id=\"quiz-data\">";
    let start = page.find(open).expect("the page has the quiz data") + open.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("the block is closed");
    let raw = &page[start..end];
    // No `<` or `>` at all inside the block: every one is written \u003c or \u003e.
    assert!(!raw.contains('<') && !raw.contains('>'), "{raw}");
    assert!(
        raw.contains(
            r"Why \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e matters"
        ),
        "{raw}"
    );
    assert!(
        raw.contains(r"The text \u003ccode\u003e\u0026lt;/script\u0026gt;\u003c/code\u003e"),
        "{raw}"
    );
    // What is there up to the first `</script>` is the whole model.
    let json: serde_json::Value =
        serde_json::from_str(raw).expect("the block up to the first </script> is the whole JSON");
    assert_eq!(json, serde_json::to_value(quiz).unwrap());
    assert_eq!(briefing::render::script_json(quiz), raw);

    // And the page shows the title as text, not as markup.
    let html = quiz_page(&built);
    assert_eq!(
        text(one(&html, "main h1")),
        "Why </script><script>alert(1)</script> matters"
    );
    assert_eq!(
        select(&html, "script").len(),
        select(&html, "script[src], script#quiz-data").len(),
        "no script element came from author text"
    );
}

// ---------------------------------------------------------------------------
// Known bugs, each with its fixture
// ---------------------------------------------------------------------------

#[test]
fn a_written_decision_needs_no_explanation_when_the_law_model_gives_feedback() {
    let built = build_quiz("written_decision_without_explanation");
    let question = &only_quiz(&built).steps[0].questions[0];
    assert_eq!(question.answer, "Stalking (s.2A)");
    assert!(
        question.choices.iter().all(|c| !c.feedback.is_empty()),
        "every choice has the law model's feedback"
    );
}

#[test]
fn a_facts_block_after_a_question_is_an_error() {
    let problems = problems("facts_block_after_a_question");
    assert_eq!(problems.error_count(), 1, "{problems}");
    assert_eq!(
        position(&problems),
        (
            line_of(
                "facts_block_after_a_question",
                "fear_of_violence_occasions: 2"
            ),
            1
        )
    );
}

#[test]
fn headings_in_quiz_text_do_not_repeat_step_or_question_ids() {
    let built = build_quiz("narrative_heading_ids");
    let html = quiz_page(&built);
    assert_eq!(repeated_ids(&html), Vec::<String>::new());
}
