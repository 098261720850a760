//! Facts files for `briefing decide`: a YAML file of scenario facts, or a quiz
//! whose front matter has `facts:`. Problems come back located in the file,
//! like every other author mistake.

use crate::diagnostic::{Diagnostic, Location};
use crate::frontmatter;
use crate::law::Facts;
use crate::load::read_text;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct QuizFacts {
    facts: Option<Facts>,
}

/// Read the facts in `path` (YAML, or Markdown with front matter) and check them.
pub fn read(path: &Path) -> Result<Facts, Vec<Diagnostic>> {
    let text = read_text(path, path).map_err(|d| vec![d])?;
    let is_quiz = path.extension().is_some_and(|e| e == "md");
    let facts = if is_quiz {
        let split = frontmatter::split(path, &text).map_err(|d| vec![d])?;
        // Only `facts` matters here; the rest of the front matter is the build's business.
        let yaml = facts_block(split.yaml);
        let quiz: QuizFacts = frontmatter::parse(path, &text, &yaml, split.yaml_line)?;
        quiz.facts.ok_or_else(|| {
            vec![
                Diagnostic::error("this quiz has no `facts` in its front matter")
                    .at(Location::at_line(path, &text, 1, 1))
                    .help("add `facts:` with the scenario's facts (see the README), or pass a facts file"),
            ]
        })?
    } else {
        frontmatter::parse(path, &text, &text, 1)?
    };
    let problems: Vec<Diagnostic> = facts
        .problems()
        .into_iter()
        .map(|p| {
            let location = if is_quiz {
                fact_location(path, &text, p.field)
            } else {
                frontmatter::key_location(path, &text, p.field)
            };
            Diagnostic::error(p.message).at(location).help(p.fix)
        })
        .collect();
    if problems.is_empty() {
        Ok(facts)
    } else {
        Err(problems)
    }
}

/// The line of `facts.FIELD` in the front matter, or of `facts:` itself.
pub fn fact_location(file: &Path, text: &str, field: &str) -> Location {
    let prefix = format!("{field}:");
    frontmatter::location_under(file, text, "facts", field.len(), |line| {
        let trimmed = line.trim_start();
        trimmed
            .starts_with(&prefix)
            .then(|| line.len() - trimmed.len())
    })
}

/// Keep only the `facts:` mapping of a front-matter block, blanking the other
/// lines so that line numbers still match the file.
fn facts_block(yaml: &str) -> String {
    let mut inside = false;
    yaml.lines()
        .map(|line| {
            if !line.starts_with([' ', '\t', '#']) && !line.is_empty() {
                inside = line.starts_with("facts:");
            }
            if inside { line } else { "" }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
