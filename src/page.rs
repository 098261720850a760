//! Page: one guidance file (`content/**/*.md`) parsed into front matter and HTML.
//!
//! Pages are parsed independently (in parallel); anything that needs the other
//! pages — whether a link's target and anchor exist, navigation — waits for
//! `site`, which receives the links each page recorded.

use crate::config::Edition;
use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::load::SourceFile;
use crate::markdown::{self, Doc, Heading, LinkRef, PAGE_BLOCKS, Renderer};
use crate::meta::{Audience, Date, Source};
use crate::url;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: Option<String>,
    order: Option<i64>,
    #[serde(default)]
    audience: Audience,
    reviewed: Option<Date>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    draft: bool,
    /// Markdown for trainers only (the trainer edition).
    trainer_notes: Option<String>,
}

/// A guidance page, rendered but not yet placed in the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Site-relative source path.
    pub source: PathBuf,
    /// Output path, relative to the output folder.
    pub output: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    pub audience: Audience,
    pub reviewed: Option<Date>,
    pub sources: Vec<Source>,
    pub draft: bool,
    /// `_index.md`: the page of a section (folder).
    pub is_section: bool,
    /// Rendered `trainer_notes`, in the trainer edition only.
    pub trainer_notes: Option<String>,
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
}

/// Parse one page. A page with a broken body is still returned with its problems,
/// so that links to it do not cause a second, misleading error.
pub fn parse(file: &SourceFile, edition: Edition) -> (Option<Page>, Vec<Diagnostic>) {
    let (split, matter): (_, FrontMatter) = match frontmatter::read(&file.path, &file.text) {
        Ok(read) => read,
        Err(problems) => return (None, problems),
    };
    let mut problems = Vec::new();
    if matter.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("the title is empty")
                .at(frontmatter::key_location(&file.path, &file.text, "title"))
                .help("write the page's title after `title:`"),
        );
    }
    let output = url::output_path(&file.path);
    let trainer = edition == Edition::Trainer;
    let (masked, blocks) = markdown::extract_blocks(split.body);
    let doc = |offset, body| Doc {
        file: &file.path,
        text: &file.text,
        offset,
        output: &output,
        blocks: &blocks,
        body,
        allowed: PAGE_BLOCKS,
        trainer,
    };
    let mut renderer = Renderer::new(doc(split.body_offset, split.body));
    let html = renderer.render(&markdown::parse(&masked));
    problems.append(&mut renderer.problems);
    let mut links = renderer.links;
    let notes_doc = doc(frontmatter::key_offset(&file.text, "trainer_notes"), "");
    let trainer_notes = markdown::trainer_notes(
        notes_doc,
        matter.trainer_notes.as_deref(),
        &mut links,
        &mut problems,
    );
    let page = Page {
        is_section: file.path.file_name().is_some_and(|n| n == "_index.md"),
        source: file.path.clone(),
        output: output.clone(),
        title: matter.title.trim().to_string(),
        summary: matter.summary,
        order: matter.order,
        audience: matter.audience,
        reviewed: matter.reviewed,
        sources: matter.sources,
        draft: matter.draft,
        html,
        trainer_notes,
        headings: renderer.headings,
        links,
    };
    (Some(page), problems)
}
