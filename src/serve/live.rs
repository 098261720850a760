//! The site as `serve` holds it: every output file in memory, brought up to date
//! after each change.
//!
//! An edit to the body of one page or quiz re-renders only that file (and the
//! progress pages, which carry the content version): a page of a 10,000-page site
//! is served again in milliseconds. Anything that other pages show or link to — a
//! title, summary, order, heading ids, a new or deleted file, the theme, site.yaml
//! — falls back to a full compile, so the result is always what `build` would
//! write. Problems never replace the served site: the last good one stays, and
//! the problems are kept to be shown over it.

use crate::config::Edition;
use crate::diagnostic::display_path;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{CONTENT_DIR, QUIZ_DIR, SourceFile, read_text};
use crate::markdown::LinkRef;
use crate::render::{self, Contents, OutputFile};
use crate::{Compiled, compile_edition, content_version, page, quiz};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file of the served site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Bytes(Arc<[u8]>),
    /// An asset, read from disk when asked for (absolute path).
    File(PathBuf),
}

/// What an update did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing that is published changed.
    Unchanged,
    /// These output files were rendered again; the rest stayed as they were.
    Rerendered(Vec<String>),
    /// The whole site was compiled again.
    Rebuilt,
    /// The site has problems; the last good site is still served.
    Failed,
}

pub struct Live {
    root: PathBuf,
    edition: Edition,
    /// The last good compile, for incremental updates.
    compiled: Option<Compiled>,
    /// Every output file, by its path in the output (`offences/stalking.html`).
    pub files: HashMap<String, Body>,
    /// The problems of the latest update, when it failed.
    pub problems: Option<Diagnostics>,
    /// The search index lags behind an incremental update: it is rebuilt by
    /// `catch_up`, after the edited page is already served.
    search_stale: bool,
}

impl Live {
    /// Compile the site under `root` for the first time.
    pub fn new(root: &Path, edition: Edition) -> (Live, Outcome) {
        let mut live = Live {
            root: root.to_path_buf(),
            edition,
            compiled: None,
            files: HashMap::new(),
            problems: None,
            search_stale: false,
        };
        let outcome = live.rebuild();
        (live, outcome)
    }

    /// Bring the site up to date after a change to `changed` (site-relative paths).
    pub fn update(&mut self, changed: &[PathBuf]) -> Outcome {
        match self.incremental(changed) {
            Some(outcome) => outcome,
            None => self.rebuild(),
        }
    }

    /// Compile everything; on success, replace every served file.
    fn rebuild(&mut self) -> Outcome {
        match compile_edition(&self.root, self.edition) {
            Ok(mut compiled) => {
                self.files = std::mem::take(&mut compiled.files)
                    .into_iter()
                    .map(|file| self.body(file))
                    .collect();
                self.compiled = Some(compiled);
                self.problems = None;
                Outcome::Rebuilt
            }
            Err(problems) => {
                self.problems = Some(problems);
                Outcome::Failed
            }
        }
    }

    fn body(&self, file: OutputFile) -> (String, Body) {
        let body = match file.contents {
            Contents::Bytes(bytes) => Body::Bytes(bytes.into()),
            Contents::Copy(source) => Body::File(self.root.join(source)),
        };
        (display_path(&file.path), body)
    }

    /// Re-render only what `changed` affects, or `None` when the change needs a
    /// full compile (or the last update failed, so there is nothing to build on).
    fn incremental(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        if self.problems.is_some() {
            return None;
        }
        let compiled = self.compiled.as_mut()?;
        let mut edits = Vec::new();
        for path in changed {
            match classify(compiled, &self.root, path)? {
                Change::None => {}
                Change::Edited(index, text) => edits.push((index, text)),
            }
        }
        if edits.is_empty() {
            return Some(Outcome::Unchanged);
        }
        let mut rerender_pages = Vec::new();
        let mut rerender_quizzes = Vec::new();
        for (index, text) in edits {
            let file = SourceFile {
                path: compiled.sources[index].path.clone(),
                text,
            };
            if file.path.starts_with(QUIZ_DIR) {
                let at = replace_quiz(compiled, &file)?;
                rerender_quizzes.push(at);
            } else {
                let at = replace_page(compiled, &file)?;
                rerender_pages.push(at);
            }
            compiled.sources[index] = file;
        }
        let site = &compiled.site;
        let links: Vec<&LinkRef> = rerender_pages
            .iter()
            .flat_map(|&p| &site.pages[p].links)
            .chain(
                rerender_quizzes
                    .iter()
                    .flat_map(|&q| &site.quizzes[q].links),
            )
            .collect();
        if !site.check_links(&links).is_empty() {
            return None;
        }
        compiled.version = content_version(&compiled.sources);
        let view = render::site_view(site, &compiled.version);
        let mut rendered: Vec<Result<OutputFile, Diagnostic>> = rerender_pages
            .iter()
            .map(|&p| render::render_page(site, &compiled.theme, &view, p))
            .collect();
        rendered.extend(
            rerender_quizzes
                .iter()
                .map(|&q| render::render_quiz(site, &compiled.theme, &view, &site.quizzes[q])),
        );
        rendered.extend(render::listings(site, &compiled.theme, &view));
        let files: Vec<OutputFile> = rendered.into_iter().collect::<Result<_, _>>().ok()?;
        let mut hrefs = Vec::new();
        for file in files {
            let (href, body) = self.body(file);
            hrefs.push(href.clone());
            self.files.insert(href, body);
        }
        self.search_stale = true;
        Some(Outcome::Rerendered(hrefs))
    }

    /// Finish what an incremental update deferred (the search index, which
    /// reads every page); returns whether anything changed.
    pub fn catch_up(&mut self) -> bool {
        let Some(compiled) = self.compiled.as_ref().filter(|_| self.search_stale) else {
            return false;
        };
        let (path, body) = self.body(render::search_index(&compiled.site));
        self.files.insert(path, body);
        self.search_stale = false;
        true
    }
}

enum Change {
    /// Nothing published depends on the file's text (an asset, served from disk).
    None,
    /// The Markdown source at this index of `Compiled::sources` now reads so.
    Edited(usize, String),
}

/// What a changed path means, or `None` when only a full compile can tell.
fn classify(compiled: &Compiled, root: &Path, path: &Path) -> Option<Change> {
    let exists = root.join(path).is_file();
    let known_source = compiled.sources.iter().position(|s| s.path == path);
    match known_source {
        Some(index) if exists => {
            let text = read_text(&root.join(path), path).ok()?;
            if text == compiled.sources[index].text {
                Some(Change::None)
            } else {
                Some(Change::Edited(index, text))
            }
        }
        None if exists
            && path.starts_with(CONTENT_DIR)
            && compiled.site.assets.iter().any(|a| a.path == path) =>
        {
            Some(Change::None)
        }
        _ => None,
    }
}

/// Put the edited page in place if nothing other pages show of it changed;
/// returns its index in the site.
fn replace_page(compiled: &mut Compiled, file: &SourceFile) -> Option<usize> {
    let (Some(new), problems) = page::parse(file, compiled.site.config.edition) else {
        return None;
    };
    let index = compiled.site.page(&file.path)?;
    let old = &compiled.site.pages[index];
    let same_outside = problems.is_empty()
        && new.title == old.title
        && new.summary == old.summary
        && new.order == old.order
        && new.draft == old.draft
        && new
            .headings
            .iter()
            .map(|h| &h.id)
            .eq(old.headings.iter().map(|h| &h.id));
    if !same_outside {
        return None;
    }
    compiled.site.pages[index] = new;
    Some(index)
}

/// The same for an edited quiz: the scenario list shows its title, summary,
/// audience and size, and links may point at its anchors.
fn replace_quiz(compiled: &mut Compiled, file: &SourceFile) -> Option<usize> {
    let (Some(new), problems) = quiz::parse(file, compiled.site.config.edition) else {
        return None;
    };
    let index = compiled
        .site
        .quizzes
        .iter()
        .position(|q| q.source == file.path)?;
    let old = &compiled.site.quizzes[index];
    let size = |q: &quiz::Quiz| {
        q.steps
            .iter()
            .map(|s| s.questions.len())
            .collect::<Vec<_>>()
    };
    let same_outside = problems.is_empty()
        && new.title == old.title
        && new.meta.summary == old.meta.summary
        && new.meta.audience == old.meta.audience
        && new.pass_mark == old.pass_mark
        && size(&new) == size(old)
        && new.anchors == old.anchors;
    if !same_outside {
        return None;
    }
    compiled.site.quizzes[index] = new;
    Some(index)
}
