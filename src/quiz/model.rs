//! The quiz model: one schema for the page template and for the JSON the page
//! script reads.
//!
//! Everything a learner sees is already HTML here (rendered through the one
//! Markdown door), so the script never builds markup from author text. The JSON
//! payload is this struct serialized; its snapshot in the tests is the contract
//! between Rust and `quiz.js`.

use crate::law::{Decision, ElementId, Facts};
use crate::markdown::LinkRef;
use crate::meta::{Audience, Date, Source};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Exactly one right choice.
    Single,
    /// Select all that apply: the right set, no more, no fewer.
    Multiple,
    TrueFalse,
    /// Which offence, if any: checked against the law model.
    Decision,
    /// One legal element of the decision, asked on its own.
    Element,
}

#[derive(Serialize, Clone, Debug)]
pub struct Choice {
    pub id: String,
    /// Inline HTML.
    pub label: String,
    pub correct: bool,
    /// HTML shown when this choice was selected; may be empty.
    pub feedback: String,
}

/// One element of the law model's breakdown, as the learner sees it.
#[derive(Serialize, Clone, Debug)]
pub struct BreakdownItem {
    pub element: ElementId,
    pub name: &'static str,
    /// `met`, `not met` or `not reached`.
    pub status: &'static str,
    pub section: &'static str,
    pub reason: String,
}

impl BreakdownItem {
    pub fn from_decision(decision: &Decision) -> Vec<BreakdownItem> {
        decision
            .elements
            .iter()
            .map(|e| BreakdownItem {
                element: e.id,
                name: e.id.name(),
                status: e.status.label(),
                section: e.section,
                reason: e.reason.clone(),
            })
            .collect()
    }
}

#[derive(Serialize, Clone, Debug)]
pub struct Question {
    pub id: String,
    /// 1, 2, 3 … through the whole quiz.
    pub number: usize,
    pub kind: Kind,
    pub element: Option<ElementId>,
    /// Checkboxes (select all that apply) rather than radio buttons.
    pub multiple: bool,
    /// Inline HTML: the question itself (the fieldset's legend).
    pub prompt: String,
    /// HTML: more of the question, between the prompt and the choices.
    pub intro: String,
    pub choices: Vec<Choice>,
    /// HTML shown after answering.
    pub explanation: String,
    /// For offence decisions with facts: the law model's element-by-element reasons.
    pub breakdown: Vec<BreakdownItem>,
    /// The label of the right answer(s), for "show answers" and printed packs.
    pub answer: String,
    /// HTML: the trainer's reason for departing from the law model, if any.
    pub departure: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct Step {
    pub id: String,
    /// Inline HTML; the first step may have none.
    pub title: String,
    /// HTML narrative: what the learner learns at this step.
    pub narrative: String,
    pub questions: Vec<Question>,
}

/// A scenario quiz, ready to render.
#[derive(Serialize, Clone, Debug)]
pub struct Quiz {
    /// Stable id: the file name without `.md`.
    pub id: String,
    /// Fingerprint of the source, so stored progress from an edited quiz is not shown.
    pub hash: String,
    pub title: String,
    pub pass_mark: u32,
    pub steps: Vec<Step>,
    #[serde(skip)]
    pub meta: Meta,
    #[serde(skip)]
    pub source: PathBuf,
    #[serde(skip)]
    pub output: PathBuf,
    /// Ids a link may point at (`#q3`, `#step-2`).
    #[serde(skip)]
    pub anchors: Vec<String>,
    #[serde(skip)]
    pub links: Vec<LinkRef>,
}

/// What the front matter says about the quiz, beyond what the script needs.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub summary: Option<String>,
    pub audience: Audience,
    pub reviewed: Option<Date>,
    pub sources: Vec<Source>,
    /// Guidance pages (source paths) to read with this scenario.
    pub related: Vec<PathBuf>,
    pub facts: Option<Facts>,
    /// Rendered `trainer_notes`, in the trainer edition only.
    pub trainer_notes: Option<String>,
}
