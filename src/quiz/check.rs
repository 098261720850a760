//! Check a parsed quiz and complete it from the law model.
//!
//! Structural rules (a single-choice question has exactly one right answer,
//! feedback is never empty …) are checked here, all of them, so the trainer sees
//! every mistake in one run. Offence-decision and element questions are tied to
//! the scenario's `facts`: their choices can be generated, and a written answer
//! key that disagrees with the law model is an error naming the element that
//! differs, unless the trainer explains the departure in a `::: departure` block.

use super::model::{BreakdownItem, Choice, Kind, Question, Step};
use super::parse::{DraftChoice, DraftQuestion, DraftStep};
use crate::diagnostic::{Diagnostic, Location};
use crate::frontmatter;
use crate::law::{self, Behaviour, Decision, ElementId, Facts, FactsPatch, Offence};
use crate::markdown::escape;
use std::path::Path;

/// The source file, for locations.
pub struct Source<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub body_offset: usize,
}

impl Source<'_> {
    fn at(&self, body_offset: usize) -> Location {
        Location::at_offset(self.file, self.text, self.body_offset + body_offset)
    }
}

/// A written choice in an offence decision: an offence, or "need more information".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Offence(Offence),
    NeedMoreInformation,
}

/// Turn drafts into checked steps. `facts` are the front matter's (the first step's).
pub fn steps(
    source: &Source,
    facts: Option<Facts>,
    drafts: Vec<DraftStep>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Step> {
    let mut facts = facts;
    let mut steps = Vec::new();
    let mut number = 0;
    if drafts.iter().all(|s| s.questions.is_empty()) {
        // Point at the first words of the body, not the blank line before them.
        let body = &source.text[source.body_offset..];
        let first_text = body.len() - body.trim_start().len();
        problems.push(
            Diagnostic::error("this quiz has no questions")
                .at(source.at(first_text))
                .help("add a question: a line starting `## ` with the question, then choices written `- [x] right` and `- [ ] wrong`"),
        );
    }
    for (index, draft) in drafts.into_iter().enumerate() {
        if let Some((yaml, offset)) = &draft.patch {
            let line = Location::at_offset(source.file, source.text, *offset).line;
            match (index, facts.as_mut()) {
                (0, _) => problems.push(
                    Diagnostic::error("the first step's facts belong in the front matter")
                        .at(Location::at_offset(source.file, source.text, *offset))
                        .help("move these lines under `facts:` in the front matter; a ```facts block is for what changes in a later step"),
                ),
                (_, None) => problems.push(
                    Diagnostic::error("this step changes facts, but the quiz has no `facts` in its front matter")
                        .at(Location::at_offset(source.file, source.text, *offset))
                        .help("add `facts:` to the front matter for the first step"),
                ),
                (_, Some(current)) => match frontmatter::parse::<FactsPatch>(source.file, source.text, yaml, line) {
                    Ok(patch) => {
                        current.apply(&patch);
                        for problem in current.problems() {
                            problems.push(
                                Diagnostic::error(format!("after this step's changes, {}", problem.message))
                                    .at(Location::at_line(source.file, source.text, line, 1))
                                    .help(problem.fix),
                            );
                        }
                    }
                    Err(yaml_problems) => problems.extend(yaml_problems),
                },
            }
        }
        let decision = facts.as_ref().map(law::decide);
        let questions = draft
            .questions
            .into_iter()
            .filter_map(|q| {
                number += 1;
                question(
                    source,
                    number,
                    q,
                    facts.as_ref(),
                    decision.as_ref(),
                    problems,
                )
            })
            .collect();
        steps.push(Step {
            id: format!("step-{}", index + 1),
            title: draft.title,
            narrative: draft.narrative,
            questions,
        });
    }
    steps
}

fn question(
    source: &Source,
    number: usize,
    draft: DraftQuestion,
    facts: Option<&Facts>,
    decision: Option<&Decision>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let heading = source.at(draft.heading.start);
    if draft.prompt_text.is_empty() {
        problems.push(
            Diagnostic::error("this question has no text")
                .at(heading.clone())
                .help("write the question after `## `"),
        );
    }
    let (kind, element) = match draft.kind {
        Ok(kind) => kind,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let id = format!("q{number}");
    // Without a written list the choices are generated, so everything written
    // under the heading is there to be read after answering.
    let generated = draft.choices.is_none() && matches!(kind, Kind::Decision | Kind::Element);
    let (intro, explanation) = if generated {
        (
            String::new(),
            format!("{}{}", draft.intro, draft.explanation),
        )
    } else {
        (draft.intro.clone(), draft.explanation.clone())
    };
    let mut question = Question {
        id: id.clone(),
        number,
        kind,
        element,
        multiple: kind == Kind::Multiple,
        prompt: draft.prompt.clone(),
        intro,
        choices: Vec::new(),
        explanation,
        breakdown: Vec::new(),
        answer: String::new(),
        departure: String::new(),
    };
    if let Some((offset, _)) = &draft.departure
        && kind != Kind::Decision
    {
        problems.push(
            Diagnostic::error(
                "a `::: departure` block only belongs in an offence-decision question",
            )
            .at(source.at(*offset).spanning(3))
            .help("mark the question `{.decision}`, or remove the block"),
        );
    }
    match kind {
        Kind::Element => {
            let element = element?;
            if let Some((range, _)) = &draft.choices {
                problems.push(
                    Diagnostic::error(
                        "an element question gets its choices from the scenario's facts",
                    )
                    .at(source.at(range.start))
                    .help("remove the list of choices; the right answer comes from `facts`"),
                );
            }
            let (Some(facts), Some(decision)) = (facts, decision) else {
                problems.push(needs_facts(heading));
                return None;
            };
            question.multiple = element == ElementId::StalkingActs;
            question.choices = element_choices(&id, element, facts, decision);
        }
        Kind::Decision => {
            decision_question(source, &mut question, &draft, decision, &heading, problems);
        }
        Kind::Single | Kind::Multiple | Kind::TrueFalse => {
            let Some((range, choices)) = &draft.choices else {
                problems.push(
                    Diagnostic::error("this question has no choices")
                        .at(heading)
                        .help("under the question, list the choices as `- [x] right answer` and `- [ ] wrong answer`"),
                );
                return None;
            };
            written_choices(source, &mut question, range.start, choices, problems);
        }
    }
    question.answer = question
        .choices
        .iter()
        .filter(|c| c.correct)
        .map(|c| c.label.clone())
        .collect::<Vec<_>>()
        .join("; ");
    Some(question)
}

fn needs_facts(heading: Location) -> Diagnostic {
    Diagnostic::error("this question needs the scenario's facts, and the quiz has none")
        .at(heading)
        .help("add `facts:` to the front matter (see the README for the keys), or write the choices yourself")
}

/// Choices a trainer wrote for a single, multiple or true/false question.
fn written_choices(
    source: &Source,
    question: &mut Question,
    list: usize,
    choices: &[DraftChoice],
    problems: &mut Vec<Diagnostic>,
) {
    let at_list = source.at(list);
    let right = choices.iter().filter(|c| c.checked).count();
    match question.kind {
        _ if right == 0 => problems.push(
            Diagnostic::error("this question has no correct answer")
                .at(at_list)
                .help("mark the right choice with `[x]`, e.g. `- [x] Yes`"),
        ),
        Kind::Single if right > 1 => problems.push(
            Diagnostic::error(format!("this single-choice question has {right} correct answers"))
                .at(source.at(choices.iter().filter(|c| c.checked).nth(1).map_or(list, |c| c.range.start)))
                .help("leave one `[x]`, or make it a select-all question by adding `{.multiple}` to its heading"),
        ),
        Kind::TrueFalse if right > 1 => problems.push(
            Diagnostic::error("a true-or-false question has one correct answer")
                .at(at_list)
                .help("mark either `True` or `False` with `[x]`, not both"),
        ),
        _ => {}
    }
    if question.kind == Kind::TrueFalse {
        let labels: Vec<&str> = choices.iter().map(|c| c.text.as_str()).collect();
        if labels != ["True", "False"] && labels != ["False", "True"] {
            problems.push(
                Diagnostic::error(
                    "a true-or-false question has exactly two choices, `True` and `False`",
                )
                .at(source.at(list))
                .help("write `- [x] True` and `- [ ] False` (or the other way round)"),
            );
        }
    }
    if choices.len() < 2 {
        problems.push(
            Diagnostic::error("a question needs at least two choices")
                .at(source.at(list))
                .help("add another `- [ ] …` line"),
        );
    }
    for choice in choices {
        if choice.text.is_empty() {
            problems.push(
                Diagnostic::error("this choice has no text")
                    .at(source.at(choice.range.start))
                    .help("write the choice after `- [ ] `"),
            );
        }
        if choice.feedback.as_deref() == Some("") {
            problems.push(
                Diagnostic::error("this choice's feedback is empty")
                    .at(source.at(choice.range.start))
                    .help("write the feedback after `> ` on the line under the choice, or remove the empty `>`"),
            );
        }
    }
    // An offence decision checked against facts gets the law model's feedback
    // on every choice, so it needs no explanation of its own.
    let model_explains = question.kind == Kind::Decision && !question.breakdown.is_empty();
    if !model_explains
        && question.explanation.trim().is_empty()
        && choices.iter().any(|c| c.feedback.is_none())
    {
        problems.push(
            Diagnostic::error("this question has no explanation, and not every choice has feedback")
                .at(source.at(list))
                .help("after the choices, write a paragraph explaining the answer (or give every choice feedback as a `> ` line under it)"),
        );
    }
    question.choices = choices
        .iter()
        .enumerate()
        .map(|(i, c)| Choice {
            id: format!("{}-{}", question.id, i + 1),
            label: c.label.clone(),
            correct: c.checked,
            feedback: c.feedback.clone().unwrap_or_default(),
        })
        .collect();
}

fn decision_question(
    source: &Source,
    question: &mut Question,
    draft: &DraftQuestion,
    decision: Option<&Decision>,
    heading: &Location,
    problems: &mut Vec<Diagnostic>,
) {
    question.departure = draft
        .departure
        .as_ref()
        .map(|(_, html)| html.clone())
        .unwrap_or_default();
    if let Some(decision) = decision {
        question.breakdown = BreakdownItem::from_decision(decision);
    }
    let Some((list, written)) = &draft.choices else {
        let Some(decision) = decision else {
            problems.push(needs_facts(heading.clone()));
            return;
        };
        if let Some((offset, _)) = &draft.departure {
            problems.push(departs_needlessly(source, *offset));
        }
        question.choices = Offence::ALL
            .iter()
            .enumerate()
            .map(|(i, &offence)| Choice {
                id: format!("{}-{}", question.id, i + 1),
                label: escape(offence.label()),
                correct: offence == decision.offence,
                feedback: decision_feedback(decision, Outcome::Offence(offence)),
            })
            .collect();
        return;
    };
    let mut keyed = Vec::new();
    for choice in written {
        match outcome(&choice.text) {
            Some(outcome) if choice.checked => keyed.push((outcome, choice)),
            Some(_) => {}
            None => problems.push(
                Diagnostic::error(format!("`{}` does not name an outcome", choice.text))
                    .at(source.at(choice.range.start))
                    .help("each choice of an offence decision names `No offence`, `s.2`, `s.2A`, `s.4`, `s.4A`, or `more information`"),
            ),
        }
    }
    written_choices(source, question, list.start, written, problems);
    if question.kind == Kind::Decision && keyed.len() > 1 {
        problems.push(
            Diagnostic::error("an offence decision has one correct answer")
                .at(source.at(keyed[1].1.range.start))
                .help("leave `[x]` on one choice only"),
        );
    }
    let (Some(decision), Some((key, choice))) = (decision, keyed.first()) else {
        return;
    };
    // Generated feedback fills in where the trainer wrote none.
    for (written_choice, built) in written.iter().zip(question.choices.iter_mut()) {
        if let (Some(o), true) = (outcome(&written_choice.text), built.feedback.is_empty()) {
            built.feedback = decision_feedback(decision, o);
        }
    }
    let agrees = *key == Outcome::Offence(decision.offence);
    match (agrees, draft.departure.as_ref()) {
        (false, None) => {
            let claimed = match key {
                Outcome::Offence(o) => o.label(),
                Outcome::NeedMoreInformation => "need more information",
            };
            let element = match key {
                Outcome::Offence(o) => law::disagreement(decision, *o),
                Outcome::NeedMoreInformation => None,
            };
            let why = element.map_or(String::new(), |e| {
                format!(
                    ": the element that differs is {} ({}): {}",
                    e.id.name().to_lowercase(),
                    e.section,
                    e.reason
                )
            });
            problems.push(
                Diagnostic::error(format!("the answer key says {claimed}, but the law model says {}{why}", decision.offence.label()))
                    .at(source.at(choice.range.start))
                    .help("correct the `[x]`, or correct the scenario's `facts`; if the answer departs from the model on purpose, explain why in a `::: departure` block under the question"),
            );
        }
        (true, Some((offset, _))) => problems.push(departs_needlessly(source, *offset)),
        _ => {}
    }
}

/// A departure block on an answer that agrees with the law model (a generated
/// key always does).
fn departs_needlessly(source: &Source, offset: usize) -> Diagnostic {
    Diagnostic::warning("this `::: departure` block explains a departure, but the answer key agrees with the law model")
        .at(source.at(offset).spanning(3))
        .help("remove the block, or check the `[x]` and the facts")
}

/// Which outcome a written decision choice names.
fn outcome(text: &str) -> Option<Outcome> {
    let lower = text.to_lowercase();
    if lower.contains("more information") {
        return Some(Outcome::NeedMoreInformation);
    }
    if lower.contains("no offence") {
        return Some(Outcome::Offence(Offence::NoOffence));
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let found: Vec<Offence> = [
        ("s.4a", Offence::StalkingFearOrAlarm),
        ("s.2a", Offence::Stalking),
        ("s.4", Offence::FearOfViolence),
        ("s.2", Offence::Harassment),
    ]
    .into_iter()
    .filter(|(code, _)| mentions(&compact, code))
    .map(|(_, o)| o)
    .collect();
    match found.as_slice() {
        [one] => Some(Outcome::Offence(*one)),
        _ => None,
    }
}

/// `s.2` is mentioned when it is not the start of `s.2A` or `s.2(…)` of another number.
fn mentions(text: &str, code: &str) -> bool {
    text.match_indices(code).any(|(i, _)| {
        let next = text[i + code.len()..].chars().next();
        !matches!(next, Some(c) if c.is_ascii_alphanumeric())
    })
}

/// Feedback for choosing `outcome`, from the law model's reasons.
fn decision_feedback(decision: &Decision, outcome: Outcome) -> String {
    match outcome {
        Outcome::Offence(offence) if offence == decision.offence => {
            format!(
                "<p>Right: the law model also reaches {}.</p>",
                escape(offence.label())
            )
        }
        Outcome::Offence(offence) => match law::disagreement(decision, offence) {
            Some(element) => format!(
                "<p>{} is not the answer. Look again at {} ({}): {}</p>",
                escape(offence.label()),
                escape(&element.id.name().to_lowercase()),
                escape(element.section),
                escape(&element.reason)
            ),
            None => format!("<p>{} is not the answer.</p>", escape(offence.label())),
        },
        Outcome::NeedMoreInformation => format!(
            "<p>The facts given are enough to decide: the law model reaches {}.</p>",
            escape(decision.offence.label())
        ),
    }
}

/// Generated choices for an element question, keyed from the facts.
fn element_choices(
    id: &str,
    element: ElementId,
    facts: &Facts,
    decision: &Decision,
) -> Vec<Choice> {
    let reason = decision
        .element(element)
        .map(|e| {
            format!(
                "<p>{} ({}): {}</p>",
                escape(element.name()),
                escape(e.section),
                escape(&e.reason)
            )
        })
        .unwrap_or_default();
    let yes_no =
        |met: bool, yes: &str, no: &str| vec![(yes.to_string(), met), (no.to_string(), !met)];
    let options: Vec<(String, bool)> = match element {
        ElementId::CourseOfConduct => yes_no(law::course_of_conduct(facts), "Yes", "No"),
        ElementId::Harassment => yes_no(law::harassment(facts), "Yes", "No"),
        ElementId::SeriousAlarmDistress => yes_no(law::serious_alarm_limb(facts), "Yes", "No"),
        ElementId::Defence => {
            let applies = law::defence_applies(facts);
            vec![
                ("No defence answers the charge".to_string(), !applies),
                ("A defence answers the charge".to_string(), applies),
            ]
        }
        ElementId::FearOfViolence => {
            let n = facts.fear_of_violence_occasions;
            vec![
                ("Not at all".to_string(), n == 0),
                ("On one occasion".to_string(), n == 1),
                ("On two or more occasions".to_string(), n >= 2),
            ]
        }
        ElementId::StalkingActs | ElementId::Dates => {
            let mut acts: Vec<(String, bool)> = Behaviour::ALL
                .iter()
                .map(|b| {
                    (
                        format!("{} ({})", b.label(), b.section()),
                        facts.behaviours.contains(b),
                    )
                })
                .collect();
            acts.push(("None of these".to_string(), facts.behaviours.is_empty()));
            acts
        }
    };
    options
        .into_iter()
        .enumerate()
        .map(|(i, (label, correct))| Choice {
            id: format!("{id}-{}", i + 1),
            label: escape(&label),
            correct,
            feedback: reason.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_decision_choices_name_their_outcome() {
        let o = |t: &str| outcome(t);
        assert!(o("Stalking (s.2A)") == Some(Outcome::Offence(Offence::Stalking)));
        assert!(o("Harassment (s.2)") == Some(Outcome::Offence(Offence::Harassment)));
        assert!(
            o("s.4A – stalking involving fear of violence")
                == Some(Outcome::Offence(Offence::StalkingFearOrAlarm))
        );
        assert!(
            o("Putting people in fear of violence (s.4)")
                == Some(Outcome::Offence(Offence::FearOfViolence))
        );
        assert!(o("No offence under the Act") == Some(Outcome::Offence(Offence::NoOffence)));
        assert!(o("We need more information") == Some(Outcome::NeedMoreInformation));
        assert!(o("Charge it").is_none());
    }
}
