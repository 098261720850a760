//! `briefing new`: a small working site to start from.
//!
//! The files live in `src/starter/` and are compiled in, so the command works
//! anywhere. They build and pass `check` as they are, and each shows one part of
//! the format (a section, a page with a callout and links, a quiz with facts).

use crate::diagnostic::{Diagnostic, display_path};
use std::fs;
use std::path::Path;

const FILES: [(&str, &str); 6] = [
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    (
        "content/guidance/_index.md",
        include_str!("starter/content/guidance/_index.md"),
    ),
    (
        "content/guidance/harassment.md",
        include_str!("starter/content/guidance/harassment.md"),
    ),
    (
        "content/guidance/stalking.md",
        include_str!("starter/content/guidance/stalking.md"),
    ),
    (
        "quizzes/first-scenario.md",
        include_str!("starter/quizzes/first-scenario.md"),
    ),
];

/// Create the starter site in `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<(), Diagnostic> {
    let shown = display_path(dir);
    if dir.is_file() || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(Diagnostic::error(format!("`{shown}` is not empty"))
            .help("choose a new folder name; `briefing new` never writes over existing files"));
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, text));
        if let Err(e) = written {
            return Err(
                Diagnostic::error(format!("cannot write `{}`: {e}", display_path(&path)))
                    .help("check that you may create files in that folder"),
            );
        }
    }
    Ok(())
}
