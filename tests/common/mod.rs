//! Helpers shared by the integration tests: fixture sites copied into temporary
//! folders, builds through the library and through the binary, parsed HTML, and
//! byte-for-byte pictures of folder trees (to prove a failed build touched nothing).
//!
//! Every test builds a copy of its fixture, never the fixture itself, so a bug in
//! `write` cannot damage the files under `tests/`.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The crate's own folder: the shipped site's root.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/NAME`: a good site showing one behaviour.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// `tests/bad_inputs/NAME`: a site with one mistake.
pub fn bad_input(name: &str) -> PathBuf {
    manifest_dir().join("tests/bad_inputs").join(name)
}

/// The names of the folders directly inside `dir`, sorted.
pub fn subfolders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copy a folder tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    for entry in
        fs::read_dir(from).unwrap_or_else(|e| panic!("cannot list {}: {e}", from.display()))
    {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", entry.path().display()));
        }
    }
}

/// A temporary folder holding a copy of a site (`site/`) and room for its output.
pub struct Workspace {
    pub tmp: TempDir,
}

impl Workspace {
    /// An empty workspace.
    pub fn empty() -> Workspace {
        Workspace {
            tmp: tempfile::tempdir().expect("cannot create a temporary folder"),
        }
    }

    /// A workspace with `source` copied to `site/`.
    pub fn with_site(source: &Path) -> Workspace {
        let ws = Workspace::empty();
        copy_dir(source, &ws.site());
        ws
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// A workspace with a copy of the shipped site (its sources only, not the
    /// repository's build folders).
    pub fn with_shipped_site() -> Workspace {
        let ws = Workspace::empty();
        for part in ["content", "quizzes", "themes"] {
            copy_dir(&manifest_dir().join(part), &ws.site().join(part));
        }
        fs::copy(
            manifest_dir().join("site.yaml"),
            ws.site().join("site.yaml"),
        )
        .expect("cannot copy site.yaml");
        ws
    }

    /// The copied site's root.
    pub fn site(&self) -> PathBuf {
        self.path().join("site")
    }

    /// The default place tests write a build to (beside the site, not inside it).
    pub fn out(&self) -> PathBuf {
        self.path().join("out")
    }

    /// Replace the temporary folder's path (raw and canonical) with `[TMP]`, so
    /// messages that name an absolute path can be snapshotted.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        if let Ok(canonical) = fs::canonicalize(self.path()) {
            text = text.replace(&canonical.to_string_lossy().into_owned(), "[TMP]");
        }
        text.replace(&self.path().to_string_lossy().into_owned(), "[TMP]")
    }
}

/// A fixture built through the library into a temporary folder.
pub struct Built {
    pub workspace: Workspace,
    pub compiled: briefing::Compiled,
}

impl Built {
    pub fn out(&self) -> PathBuf {
        self.workspace.out()
    }

    /// Parse an output page, given by its path relative to the output folder.
    pub fn page(&self, path: &str) -> Html {
        parse_file(&self.out().join(path))
    }

    /// Every file of the output, relative to it, with `/` separators.
    pub fn files(&self) -> Vec<String> {
        files_under(&self.out())
    }

    /// The output files that come from the site rather than from the theme
    /// (whose static files, under `assets/`, change as the theme grows).
    pub fn site_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| !f.starts_with("assets/"))
            .collect()
    }
}

/// Copy the fixture `name` and build it with `briefing::build`, failing the test
/// with the rendered diagnostics if the build fails.
pub fn build_fixture(name: &str) -> Built {
    build_site(Workspace::with_site(&fixture(name)))
}

/// Build the site in `workspace` into its `out` folder.
pub fn build_site(workspace: Workspace) -> Built {
    match briefing::build(&workspace.site(), &workspace.out()) {
        Ok(compiled) => Built {
            workspace,
            compiled,
        },
        Err(briefing::Failure::Content(problems)) => panic!("the build failed:\n{problems}"),
        Err(briefing::Failure::Usage(problem)) => panic!("the build was refused:\n{problem}"),
    }
}

/// What running the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the `briefing` binary with `args` in the folder `cwd`.
pub fn run_briefing(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("cannot run the briefing binary");
    Run {
        code: output
            .status
            .code()
            .expect("briefing was killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is not UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is not UTF-8"),
    }
}

/// `briefing build --root ROOT --out OUT`.
pub fn run_build(cwd: &Path, root: &Path, out: &Path) -> Run {
    run_briefing(
        cwd,
        &[
            "build",
            "--root",
            &root.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ],
    )
}

pub fn parse_file(path: &Path) -> Html {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// Every element matching `css`.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&selector(css)).collect()
}

/// The one element matching `css`; fails the test if there are none or several.
pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// An element's text, with runs of white space collapsed to one space.
pub fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The texts of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

/// The value of `attribute` on every element matching `css` (empty if absent).
pub fn attrs(html: &Html, css: &str, attribute: &str) -> Vec<String> {
    select(html, css)
        .into_iter()
        .map(|e| e.value().attr(attribute).unwrap_or("").to_string())
        .collect()
}

/// (text, href) of every link matching `css`.
pub fn links(html: &Html, css: &str) -> Vec<(String, String)> {
    select(html, css)
        .into_iter()
        .map(|e| (text(e), e.value().attr("href").unwrap_or("").to_string()))
        .collect()
}

/// Every `id` on the page, in document order, repeats included.
pub fn ids(html: &Html) -> Vec<String> {
    attrs(html, "[id]", "id")
}

/// The ids that occur more than once on the page.
pub fn repeated_ids(html: &Html) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for id in ids(html) {
        *counts.entry(id).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
}

/// Every file under `dir`, relative to it with `/` separators, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter_map(|(path, entry)| matches!(entry, Entry::File(_)).then_some(path))
        .collect()
}

/// One entry of a folder tree picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Folder,
    File(Vec<u8>),
}

/// Every folder and file under `dir` (relative paths with `/`), with file bytes:
/// two equal pictures mean nothing was added, removed or changed.
pub fn tree(dir: &Path) -> BTreeMap<String, Entry> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<String, Entry>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().unwrap().is_dir() {
                into.insert(relative, Entry::Folder);
                walk(base, &path, into);
            } else {
                into.insert(relative, Entry::File(fs::read(&path).unwrap()));
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(dir, dir, &mut found);
    found
}

/// Names in `dir` left by an interrupted or failed write (`.briefing-build-*`,
/// `.briefing-old-*`).
pub fn leftover_temp_folders(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".briefing-build-") || n.starts_with(".briefing-old-"))
        .collect();
    found.sort();
    found
}

/// Describe how two tree pictures differ, for assertion messages.
pub fn tree_difference(
    before: &BTreeMap<String, Entry>,
    after: &BTreeMap<String, Entry>,
) -> String {
    let mut lines = Vec::new();
    for (path, entry) in before {
        match after.get(path) {
            None => lines.push(format!("removed: {path}")),
            Some(now) if now != entry => lines.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        lines.push(format!("added: {path}"));
    }
    lines.join("\n")
}
