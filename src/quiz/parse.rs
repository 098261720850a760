//! Parse a quiz body into steps, questions and choices.
//!
//! The body is ordinary Markdown so that a trainer can write a question by
//! copying one: `#` starts a step, `##` a question (its kind in a heading
//! attribute such as `{.multiple}`), a task list holds the choices, a blockquote
//! under a choice is its feedback, and what follows the list is the explanation.
//! This pass only finds that structure and renders each piece through the one
//! Markdown door; `check` decides whether the result makes sense.

use super::model::Kind;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::law::ElementId;
use crate::markdown::{self, FencedBlock, Renderer, Spanned, inline_html, matching_end};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

pub struct DraftChoice {
    pub range: Range<usize>,
    pub checked: bool,
    /// Inline HTML.
    pub label: String,
    /// Plain text, to recognise an offence in a written decision choice.
    pub text: String,
    /// `Some("")` when the trainer wrote an empty blockquote.
    pub feedback: Option<String>,
}

pub struct DraftQuestion {
    pub heading: Range<usize>,
    pub prompt: String,
    pub prompt_text: String,
    /// The kind from the heading attributes, or why they are wrong.
    pub kind: Result<(Kind, Option<ElementId>), Diagnostic>,
    pub intro: String,
    pub choices: Option<(Range<usize>, Vec<DraftChoice>)>,
    pub explanation: String,
    pub departure: Option<(usize, String)>,
}

pub struct DraftStep {
    pub title: String,
    /// The ```` ```facts ```` block: its YAML and the byte offset of that YAML.
    pub patch: Option<(String, usize)>,
    pub narrative: String,
    pub questions: Vec<DraftQuestion>,
}

/// Split the events of a quiz body into steps. `blocks` are the `:::` blocks cut
/// out of the body; each belongs to the question above it.
pub fn parse<'a>(
    events: &[Spanned<'a>],
    blocks: &[FencedBlock],
    body: &'a str,
    body_offset: usize,
    renderer: &mut Renderer<'a>,
) -> Vec<DraftStep> {
    reserve_page_ids(events, renderer);
    let mut steps = vec![DraftStep {
        title: String::new(),
        patch: None,
        narrative: String::new(),
        questions: Vec::new(),
    }];
    let mut i = 0;
    while i < events.len() {
        let end = match &events[i].0 {
            Event::Start(_) => matching_end(events, i),
            _ => i,
        };
        let block = &events[i..=end];
        let range = events[i].1.clone();
        let step = steps
            .last_mut()
            .expect("steps starts non-empty and only grows");
        match &events[i].0 {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                let inner = &block[1..block.len() - 1];
                steps.push(DraftStep {
                    title: inline_html(&renderer.render(inner)),
                    patch: None,
                    narrative: String::new(),
                    questions: Vec::new(),
                });
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                classes,
                attrs,
                ..
            }) => {
                let inner = &block[1..block.len() - 1];
                let kind = kind_of(classes, attrs).map_err(|d| d.at(renderer.location(&range)));
                step.questions.push(DraftQuestion {
                    heading: range,
                    prompt: inline_html(&renderer.render(inner)),
                    prompt_text: markdown::plain_text(inner),
                    kind,
                    intro: String::new(),
                    choices: None,
                    explanation: String::new(),
                    departure: None,
                });
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() == "facts" && !step.questions.is_empty() =>
            {
                // Facts that change after a question was asked would silently
                // leave that question's key on the old facts.
                let at = block.get(1).map_or(range.clone(), |(_, r)| r.clone());
                renderer.problems.push(
                    Diagnostic::error("a ```facts block must come at the start of a step, before its questions")
                        .at(renderer.location(&at))
                        .help("start a new step with a `# …` heading line and put the ```facts block under it"),
                );
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() == "facts" =>
            {
                let yaml: String = block
                    .iter()
                    .filter_map(|(e, _)| {
                        if let Event::Text(t) = e {
                            Some(t.as_ref())
                        } else {
                            None
                        }
                    })
                    .collect();
                let yaml_start = block.get(1).map_or(range.start, |(_, r)| r.start);
                step.patch = Some((yaml, body_offset + yaml_start));
            }
            Event::Start(Tag::List(_)) if is_task_list(block) => match step.questions.last_mut() {
                Some(question) if question.choices.is_none() && question.explanation.is_empty() => {
                    question.choices = Some((range, choices(block, renderer)));
                }
                Some(question) => question.explanation.push_str(&renderer.render(block)),
                None => step.narrative.push_str(&renderer.render(block)),
            },
            _ => {
                let html = renderer.render(block);
                match step.questions.last_mut() {
                    None => step.narrative.push_str(&html),
                    Some(q) if q.choices.is_none() => q.intro.push_str(&html),
                    Some(q) => q.explanation.push_str(&html),
                }
            }
        }
        i = end + 1;
    }
    for block in blocks {
        attach_block(&mut steps, block, body, renderer);
    }
    steps
}

/// The quiz page gives each step and question ids of its own (`step-2`,
/// `q3-feedback`, `q3-1` …): keep headings in the author's text off them.
fn reserve_page_ids(events: &[Spanned<'_>], renderer: &mut Renderer<'_>) {
    let count = |wanted: HeadingLevel| {
        events
            .iter()
            .filter(
                |(e, _)| matches!(e, Event::Start(Tag::Heading { level, .. }) if *level == wanted),
            )
            .count()
    };
    for step in 1..=count(HeadingLevel::H1) + 1 {
        renderer.unique_id(&format!("step-{step}"));
        renderer.unique_id(&format!("step-{step}-title"));
    }
    for question in 1..=count(HeadingLevel::H2) {
        for suffix in ["", "-feedback", "-answer", "-hint"] {
            renderer.unique_id(&format!("q{question}{suffix}"));
        }
        for choice in 1..=MAX_CHOICE_IDS {
            renderer.unique_id(&format!("q{question}-{choice}"));
        }
    }
}

/// Choice ids reserved per question; more choices than this is not a quiz a
/// learner can answer, and a clash beyond it would only be a duplicate anchor.
const MAX_CHOICE_IDS: usize = 20;

/// Give a `::: departure` block to the question it follows.
fn attach_block<'a>(
    steps: &mut [DraftStep],
    block: &FencedBlock,
    body: &'a str,
    renderer: &mut Renderer<'a>,
) {
    // Unknown and unclosed blocks are reported where the renderer meets them;
    // trainer notes are rendered in place. Only departures belong to a question.
    if !block.closed || block.kind != "departure" {
        return;
    }
    let location = renderer.location(&(block.start..block.start + 3));
    let question = steps
        .iter_mut()
        .flat_map(|s| s.questions.iter_mut())
        .filter(|q| q.heading.start < block.start)
        .last();
    let Some(question) = question else {
        renderer.problems.push(
            Diagnostic::error("this `::: departure` block is not inside a question")
                .at(location.spanning(3))
                .help("put it under the `## … {.decision}` question whose answer departs from the law model"),
        );
        return;
    };
    let text = &body[block.content.clone()];
    // Parse the block on its own; its offsets start at the block's content.
    let events = markdown::parse(text);
    let shifted: Vec<Spanned<'a>> = events
        .into_iter()
        .map(|(e, r)| {
            (
                e,
                r.start + block.content.start..r.end + block.content.start,
            )
        })
        .collect();
    let html = renderer.render(&shifted);
    question.departure = Some((block.start, html));
}

fn is_task_list(block: &[Spanned<'_>]) -> bool {
    matches!(block.get(2), Some((Event::TaskListMarker(_), _)))
}

/// The items of a task list: checkbox, label, and a nested blockquote as feedback.
fn choices<'a>(list: &[Spanned<'a>], renderer: &mut Renderer<'a>) -> Vec<DraftChoice> {
    let mut choices = Vec::new();
    let mut i = 1;
    while i < list.len() - 1 {
        let end = matching_end(list, i);
        if let Event::Start(Tag::Item) = list[i].0 {
            choices.push(choice(&list[i + 1..end], list[i].1.clone(), renderer));
        }
        i = end + 1;
    }
    choices
}

fn choice<'a>(
    item: &[Spanned<'a>],
    range: Range<usize>,
    renderer: &mut Renderer<'a>,
) -> DraftChoice {
    let mut checked = false;
    let mut label = Vec::new();
    let mut feedback = None;
    let mut i = 0;
    while i < item.len() {
        match &item[i].0 {
            Event::TaskListMarker(done) => checked = *done,
            Event::Start(Tag::BlockQuote(_)) => {
                let end = matching_end(item, i);
                let inner = &item[i + 1..end];
                let has_text = inner
                    .iter()
                    .any(|(e, _)| matches!(e, Event::Text(t) if !t.trim().is_empty()));
                feedback = Some(if has_text {
                    renderer.render(inner)
                } else {
                    String::new()
                });
                i = end;
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            _ => label.push(item[i].clone()),
        }
        i += 1;
    }
    DraftChoice {
        range,
        checked,
        text: markdown::plain_text(&label),
        label: inline_html(&renderer.render(&label)),
        feedback,
    }
}

/// The elements a walkthrough question can ask about (dates are not a question
/// a learner answers from the narrative).
pub const WALKTHROUGH: [ElementId; 6] = [
    ElementId::CourseOfConduct,
    ElementId::Harassment,
    ElementId::Defence,
    ElementId::StalkingActs,
    ElementId::FearOfViolence,
    ElementId::SeriousAlarmDistress,
];

const KINDS: [&str; 4] = ["multiple", "true-false", "decision", "single"];

/// `{.multiple}`, `{.decision}`, `{element=course_of_conduct}` …
fn kind_of(
    classes: &[pulldown_cmark::CowStr<'_>],
    attrs: &[(
        pulldown_cmark::CowStr<'_>,
        Option<pulldown_cmark::CowStr<'_>>,
    )],
) -> Result<(Kind, Option<ElementId>), Diagnostic> {
    if let Some((key, value)) = attrs.first() {
        if key.as_ref() != "element" || attrs.len() > 1 || !classes.is_empty() {
            return Err(Diagnostic::error(format!("`{key}` is not a question setting"))
                .help("a question heading takes one of {.multiple}, {.true-false}, {.decision} or {element=NAME}"));
        }
        let names: Vec<&str> = WALKTHROUGH.iter().map(|e| e.key()).collect();
        let value = value.as_deref().unwrap_or("");
        return match WALKTHROUGH.iter().find(|e| e.key() == value) {
            Some(element) => Ok((Kind::Element, Some(*element))),
            None => Err(Diagnostic::error(format!(
                "`{value}` is not an element a question can ask about"
            ))
            .help(match did_you_mean(value, names.iter().copied()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!("use one of: {}", names.join(", ")),
            })),
        };
    }
    match classes {
        [] => Ok((Kind::Single, None)),
        [one] => match one.as_ref() {
            "single" => Ok((Kind::Single, None)),
            "multiple" => Ok((Kind::Multiple, None)),
            "true-false" => Ok((Kind::TrueFalse, None)),
            "decision" => Ok((Kind::Decision, None)),
            other => Err(Diagnostic::error(format!("`.{other}` is not a question kind")).help(match did_you_mean(other, KINDS) {
                Some(kind) => format!("did you mean `{{.{kind}}}`?"),
                None => "use {.multiple}, {.true-false} or {.decision}, or nothing for a single-choice question".to_string(),
            })),
        },
        _ => Err(Diagnostic::error("a question can have only one kind").help("keep one of the `{.…}` settings")),
    }
}
