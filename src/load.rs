//! Load: find the author's files under `content/` and `quizzes/` and read them.
//!
//! Markdown files become `SourceFile`s (text in memory); everything else under
//! `content/` is an asset to copy as it is. Files an author never meant to publish
//! are skipped here, once, so no later stage has to know about them: hidden files,
//! editor swap and backup files, and anything under a `_drafts` folder.

use crate::diagnostic::{Diagnostic, Location};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";
pub const QUIZ_DIR: &str = "quizzes";

/// An author's Markdown file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/offences/stalking.md`.
    pub path: PathBuf,
    pub text: String,
}

/// A file copied to the output unchanged (an image, a PDF).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to the site root.
    pub path: PathBuf,
    /// Path relative to `content/`, which is also its path in the output.
    pub output: PathBuf,
}

#[derive(Debug, Default)]
pub struct Sources {
    pub pages: Vec<SourceFile>,
    pub quizzes: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Walk `root/content` and `root/quizzes`; unreadable files become diagnostics.
pub fn load(root: &Path) -> (Sources, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for dir in [CONTENT_DIR, QUIZ_DIR] {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        let mut walker = WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !is_ignored(e.file_name().to_str().unwrap_or(""), e.file_type().is_dir())
            });
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| relative(root, p))
                        .unwrap_or_else(|| PathBuf::from(dir));
                    problems.push(
                        Diagnostic::error(format!("cannot read this folder entry: {e}"))
                            .at(Location::file(&path))
                            .help("check the file's permissions, or remove a link that points nowhere"),
                    );
                    continue;
                }
            };
            let path = relative(root, entry.path());
            if entry.path_is_symlink() && !points_inside(root, entry.path()) {
                problems.push(
                    Diagnostic::error("this is a link to a file or folder outside the site")
                        .at(Location::file(&path))
                        .help("copy the file into the site instead; a link could publish files that were never meant to be"),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            if path.extension().is_some_and(|e| e == "md") {
                markdown.push(path);
            } else if dir == CONTENT_DIR {
                let output = path
                    .strip_prefix(CONTENT_DIR)
                    .unwrap_or(&path)
                    .to_path_buf();
                assets.push(Asset { path, output });
            }
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = markdown
        .into_par_iter()
        .map(|path| read_text(&root.join(&path), &path).map(|text| SourceFile { path, text }))
        .collect();
    let mut sources = Sources {
        assets,
        ..Sources::default()
    };
    for file in read {
        match file {
            Ok(file) if file.path.starts_with(QUIZ_DIR) => sources.quizzes.push(file),
            Ok(file) => sources.pages.push(file),
            Err(d) => problems.push(d),
        }
    }
    (sources, problems)
}

/// Whether the real location of `path` (a symbolic link) lies inside `root`.
fn points_inside(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        _ => false,
    }
}

/// Names that are never published: hidden files, editor leftovers, drafts folders.
pub fn is_ignored(name: &str, is_dir: bool) -> bool {
    name.starts_with('.')
        || (is_dir && name == "_drafts")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913"
}

/// Read a UTF-8 file, naming it (by its site-relative `shown` path) if that fails.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read this file: {e}"))
            .at(Location::file(shown))
            .help("check that the file exists and that you have permission to read it")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error("this file is not UTF-8 text")
            .at(Location::at_offset(shown, &text, offset))
            .help("save the file as UTF-8 (in most editors: File, Save As, Encoding: UTF-8)")
    })
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::is_ignored;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".hidden.md",
            "page.md~",
            "#page.md#",
            ".page.md.swp",
            "page.md.tmp",
            "4913",
        ] {
            assert!(is_ignored(name, false), "{name}");
        }
        assert!(is_ignored("_drafts", true));
        assert!(!is_ignored("stalking.md", false));
        assert!(!is_ignored("_index.md", false));
    }
}
