//! Quizzes: scenario files under `quizzes/`, parsed, checked against the law
//! model and turned into the model the page and its script share.
//!
//! `parse` finds the structure of the Markdown body, `check` validates it and
//! completes offence decisions and element questions from the scenario's facts,
//! `model` is the result. Quizzes parse in parallel and independently; links
//! and `related` pages are checked with every other link in `site`.

mod check;
pub mod model;
mod parse;

pub use model::Quiz;

use crate::config::Edition;
use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::law::Facts;
use crate::load::SourceFile;
use crate::markdown::{self, Doc, LinkRef, QUIZ_BLOCKS, Renderer};
use crate::meta::{Audience, Date, Source};
use crate::url;
use model::Meta;
use rayon::prelude::*;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub const DEFAULT_PASS_MARK: u32 = 80;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: Option<String>,
    #[serde(default)]
    audience: Audience,
    reviewed: Option<Date>,
    #[serde(default)]
    sources: Vec<Source>,
    pass_mark: Option<u32>,
    #[serde(default)]
    related: Vec<String>,
    facts: Option<Facts>,
    /// Markdown for trainers only (the trainer edition).
    trainer_notes: Option<String>,
}

/// Parse and check every quiz, in parallel.
/// Also returns the files whose front matter could not be read at all.
pub fn parse_all(
    files: &[SourceFile],
    edition: Edition,
) -> (Vec<Quiz>, Vec<Diagnostic>, HashSet<PathBuf>) {
    let results: Vec<(Option<Quiz>, Vec<Diagnostic>)> =
        files.par_iter().map(|f| parse(f, edition)).collect();
    let mut quizzes = Vec::new();
    let mut problems = Vec::new();
    let mut unreadable = HashSet::new();
    for (file, (quiz, quiz_problems)) in files.iter().zip(results) {
        match quiz {
            Some(quiz) => quizzes.push(quiz),
            None => {
                unreadable.insert(file.path.clone());
            }
        }
        problems.extend(quiz_problems);
    }
    quizzes.sort_by_key(|q| q.title.to_lowercase());
    (quizzes, problems, unreadable)
}

/// Parse one quiz file; it is returned with its problems whenever its front
/// matter could be read, so links to it are still checked sensibly.
pub fn parse(file: &SourceFile, edition: Edition) -> (Option<Quiz>, Vec<Diagnostic>) {
    let (split, matter): (_, FrontMatter) = match frontmatter::read(&file.path, &file.text) {
        Ok(read) => read,
        Err(problems) => return (None, problems),
    };
    let mut problems = Vec::new();
    let at_key = |key: &str| frontmatter::key_location(&file.path, &file.text, key);
    let pass_mark = matter.pass_mark.unwrap_or(DEFAULT_PASS_MARK);
    if !(1..=100).contains(&pass_mark) {
        problems.push(
            Diagnostic::error(format!(
                "the pass mark {pass_mark} is not a percentage from 1 to 100"
            ))
            .at(at_key("pass_mark"))
            .help(format!(
                "write a whole number from 1 to 100; without `pass_mark` it is {DEFAULT_PASS_MARK}"
            )),
        );
    }
    if matter.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("the title is empty")
                .at(at_key("title"))
                .help("write the scenario's title after `title:`"),
        );
    }
    if let Some(facts) = &matter.facts {
        for problem in facts.problems() {
            problems.push(
                Diagnostic::error(problem.message)
                    .at(crate::facts_file::fact_location(
                        &file.path,
                        &file.text,
                        problem.field,
                    ))
                    .help(problem.fix),
            );
        }
    }
    let output = url::output_path(&file.path);
    let (masked, blocks) = markdown::extract_blocks(split.body);
    let events = markdown::parse(&masked);
    let trainer = edition == Edition::Trainer;
    let doc = |offset, body| Doc {
        file: &file.path,
        text: &file.text,
        offset,
        output: &output,
        blocks: &blocks,
        body,
        allowed: QUIZ_BLOCKS,
        trainer,
    };
    let mut renderer = Renderer::new(doc(split.body_offset, split.body));
    let drafts = parse::parse(
        &events,
        &blocks,
        split.body,
        split.body_offset,
        &mut renderer,
    );
    let source = check::Source {
        file: &file.path,
        text: &file.text,
        body_offset: split.body_offset,
    };
    let steps = check::steps(&source, matter.facts.clone(), drafts, &mut problems);
    problems.append(&mut renderer.problems);
    let mut links = renderer.links;
    let notes_doc = doc(frontmatter::key_offset(&file.text, "trainer_notes"), "");
    let trainer_notes = markdown::trainer_notes(
        notes_doc,
        matter.trainer_notes.as_deref(),
        &mut links,
        &mut problems,
    );
    let related = related_links(&file.path, &file.text, &matter.related, &mut links);
    let mut anchors: Vec<String> = renderer.headings.into_iter().map(|h| h.id).collect();
    anchors.extend(steps.iter().map(|s| s.id.clone()));
    anchors.extend(
        steps
            .iter()
            .flat_map(|s| s.questions.iter().map(|q| q.id.clone())),
    );
    let quiz = Quiz {
        id: file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        hash: fingerprint(&file.text),
        title: matter.title.trim().to_string(),
        pass_mark,
        steps,
        meta: Meta {
            trainer_notes,
            summary: matter.summary,
            audience: matter.audience,
            reviewed: matter.reviewed,
            sources: matter.sources,
            related,
            facts: matter.facts,
        },
        source: file.path.clone(),
        output,
        anchors,
        links,
    };
    (Some(quiz), problems)
}

/// `related` entries are guidance pages named relative to `content/`; they are
/// checked like links, at their line in the front matter.
fn related_links(
    file: &Path,
    text: &str,
    related: &[String],
    links: &mut Vec<LinkRef>,
) -> Vec<PathBuf> {
    related
        .iter()
        .map(|entry| {
            let target = Path::new(crate::load::CONTENT_DIR).join(entry.trim_start_matches("./"));
            let location =
                frontmatter::location_under(file, text, "related", entry.chars().count(), |line| {
                    line.find(entry.as_str())
                });
            links.push(LinkRef {
                target: target.clone(),
                fragment: None,
                location,
                from_content: true,
            });
            target
        })
        .collect()
}

/// A short fingerprint of a quiz's text: stored progress is tied to it.
fn fingerprint(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}
