//! The contract between Rust and `quiz.js`: the JSON each shipped scenario
//! carries in `<script id="quiz-data" type="application/json">`.
//!
//! One reviewed snapshot per quiz in `quizzes/`, named after its id, of
//! `briefing::render::script_json` pretty-printed. A change to the model, to the
//! law engine's reasons or to a scenario shows up here as a diff to review, so
//! the script is never surprised. The structural invariants below hold for
//! every shipped quiz whatever its text.

use briefing::Compiled;
use briefing::law::ElementId;
use briefing::quiz::Quiz;
use briefing::quiz::model::Kind;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped site, compiled once for every test in this file.
fn shipped() -> &'static Compiled {
    static SITE: OnceLock<Compiled> = OnceLock::new();
    SITE.get_or_init(|| {
        briefing::compile(&root())
            .unwrap_or_else(|problems| panic!("the shipped site does not compile:\n{problems}"))
    })
}

fn quizzes() -> &'static [Quiz] {
    &shipped().site.quizzes
}

/// The model as the page script reads it, parsed back from the escaped text.
fn script_value(quiz: &Quiz) -> serde_json::Value {
    serde_json::from_str(&briefing::render::script_json(quiz))
        .unwrap_or_else(|e| panic!("{}: the script JSON does not parse: {e}", quiz.id))
}

#[test]
fn every_file_in_quizzes_is_a_shipped_quiz() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("quizzes"))
        .expect("the shipped site has a quizzes folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut ids: Vec<String> = quizzes().iter().map(|q| q.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, files);
}

#[test]
fn script_json_of_every_shipped_quiz() {
    for quiz in quizzes() {
        let mut value = script_value(quiz);
        // The fingerprint changes with every edit of the file, front matter
        // included; it is checked on its own below, so the snapshot shows the
        // shape and the words, not the bytes.
        value["hash"] = serde_json::Value::String("[fingerprint]".to_string());
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        insta::assert_snapshot!(quiz.id.as_str(), pretty);
    }
}

#[test]
fn script_json_is_the_model_with_html_special_characters_escaped() {
    for quiz in quizzes() {
        let json = briefing::render::script_json(quiz);
        assert!(
            !json.contains(['<', '>', '&']),
            "{}: `<`, `>` and `&` are written as \\u escapes",
            quiz.id
        );
        assert_eq!(
            script_value(quiz),
            serde_json::to_value(quiz).unwrap(),
            "{}",
            quiz.id
        );
    }
}

#[test]
fn the_fingerprint_is_the_start_of_the_files_sha256() {
    for quiz in quizzes() {
        let text = std::fs::read(root().join(&quiz.source)).unwrap();
        let digest: String = Sha256::digest(&text)
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(quiz.hash, digest, "{}", quiz.id);
        assert_eq!(script_value(quiz)["hash"], digest.as_str());
    }
}

#[test]
fn every_question_has_two_choices_and_a_right_answer() {
    for quiz in quizzes() {
        for question in quiz.steps.iter().flat_map(|s| &s.questions) {
            let at = format!("{} {}", quiz.id, question.id);
            let right = question.choices.iter().filter(|c| c.correct).count();
            assert!(
                question.choices.len() >= 2,
                "{at}: {} choices",
                question.choices.len()
            );
            assert!(right >= 1, "{at}: no correct choice");
            if !question.multiple {
                // Radio buttons: exactly one can be right.
                assert_eq!(
                    right, 1,
                    "{at}: a single-choice question with {right} correct choices"
                );
            }
            assert_eq!(
                question.multiple,
                question.kind == Kind::Multiple
                    || question.element == Some(ElementId::StalkingActs),
                "{at}"
            );
            assert!(!question.prompt.trim().is_empty(), "{at}: no prompt");
            let labels: Vec<&str> = question
                .choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| c.label.as_str())
                .collect();
            assert_eq!(
                question.answer,
                labels.join("; "),
                "{at}: the answer names the correct choices"
            );
        }
    }
}

#[test]
fn every_decision_with_facts_has_the_law_models_breakdown() {
    let mut checked = 0;
    for quiz in quizzes() {
        let has_facts = quiz.meta.facts.is_some();
        for question in quiz
            .steps
            .iter()
            .flat_map(|s| &s.questions)
            .filter(|q| q.kind == Kind::Decision)
        {
            let at = format!("{} {}", quiz.id, question.id);
            if !has_facts {
                assert!(
                    question.breakdown.is_empty(),
                    "{at}: a breakdown without facts"
                );
                continue;
            }
            let elements: Vec<ElementId> = question.breakdown.iter().map(|b| b.element).collect();
            assert_eq!(
                elements,
                ElementId::ALL,
                "{at}: one row per element, in order"
            );
            for item in &question.breakdown {
                assert!(
                    ["met", "not met", "not reached"].contains(&item.status),
                    "{at}: status {:?}",
                    item.status
                );
                assert!(
                    !item.section.is_empty() && !item.reason.is_empty(),
                    "{at}: {:?} has no section or reason",
                    item.element
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "the shipped quizzes ask at least one offence decision with facts"
    );
}

#[test]
fn ids_and_numbers_are_stable_and_unique() {
    for quiz in quizzes() {
        assert_eq!(
            Path::new(&quiz.source)
                .file_stem()
                .unwrap()
                .to_string_lossy(),
            quiz.id
        );
        let questions: Vec<_> = quiz.steps.iter().flat_map(|s| &s.questions).collect();
        for (i, question) in questions.iter().enumerate() {
            assert_eq!(question.number, i + 1, "{}", quiz.id);
            assert_eq!(question.id, format!("q{}", i + 1), "{}", quiz.id);
            let ids: Vec<String> = question.choices.iter().map(|c| c.id.clone()).collect();
            let expected: Vec<String> = (1..=ids.len())
                .map(|n| format!("{}-{n}", question.id))
                .collect();
            assert_eq!(ids, expected, "{} {}", quiz.id, question.id);
        }
        for (i, step) in quiz.steps.iter().enumerate() {
            assert_eq!(step.id, format!("step-{}", i + 1), "{}", quiz.id);
        }
        assert!((1..=100).contains(&quiz.pass_mark), "{}", quiz.id);
    }
}
