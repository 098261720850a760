//! Render: the assembled site and the theme become output files, in memory.
//!
//! Pure: no file is touched here, so tests and the development server can reuse
//! it and `write` stays the only module that writes. Templates receive the small
//! view structs below, never the internal types; they are the documented contract
//! for theme authors (see the README). Pages render in parallel from one `Tera`.

use crate::diagnostic::Diagnostic;
use crate::markdown::{Heading, toc};
use crate::meta::{Date, Source};
use crate::page::Page;
use crate::present;
use crate::quiz::Quiz;
use crate::search;
use crate::site::Site;
use crate::theme::Theme;
use crate::url;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A file of the finished site.
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: PathBuf,
    pub contents: Contents,
}

pub enum Contents {
    Bytes(Vec<u8>),
    /// Copy this site-relative file unchanged (assets can be large).
    Copy(PathBuf),
}

/// Sections longer than this show a window of neighbours in the navigation, not
/// every page: navigation stays proportional to what a reader can use, and the
/// output grows linearly with the site.
const NAV_WINDOW: usize = 12;

/// Values every template can use as `site`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub organisations: &'a [crate::config::Organisation],
    pub contact: Option<&'a str>,
    /// A short fingerprint of the content, shown on completion records.
    pub version: &'a str,
    pub has_quizzes: bool,
}

#[derive(Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// This is the page being shown.
    pub current: bool,
    /// This is the page being shown or one of its ancestors.
    pub active: bool,
    pub children: Vec<NavItem>,
    /// Set when `children` is a window of a longer section.
    pub more: Option<LinkView>,
}

#[derive(Serialize)]
pub struct ChildView<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub audience: &'static str,
    /// `29 November 2026`, or none when the page states no law.
    pub reviewed: Option<String>,
    pub reviewed_iso: Option<String>,
    pub sources: &'a [Source],
    pub content: &'a str,
    /// Trainer notes (HTML), in the trainer edition only.
    pub trainer_notes: Option<&'a str>,
    pub toc: Vec<Heading>,
    pub is_home: bool,
    pub is_section: bool,
}

impl<'a> PageView<'a> {
    /// A page with only a title: the scenario list, the progress page.
    pub fn titled(title: &'a str) -> PageView<'a> {
        PageView {
            title,
            summary: None,
            audience: "",
            reviewed: None,
            reviewed_iso: None,
            sources: &[],
            content: "",
            trainer_notes: None,
            toc: Vec::new(),
            is_home: false,
            is_section: false,
        }
    }

    /// The date the law was checked, in words and in ISO form.
    fn reviewed(mut self, reviewed: Option<Date>) -> PageView<'a> {
        self.reviewed = reviewed.map(|d| d.to_string());
        self.reviewed_iso = reviewed.map(|d| d.iso());
        self
    }
}

/// Everything a page template receives.
#[derive(Serialize)]
struct PageContext<'a> {
    site: &'a SiteView<'a>,
    /// Relative prefix from this page to the output root (`""`, `"../"`).
    root: String,
    page: PageView<'a>,
    nav: Vec<NavItem>,
    breadcrumbs: Vec<LinkView>,
    prev: Option<LinkView>,
    next: Option<LinkView>,
    children: Vec<ChildView<'a>>,
}

/// Render every page and collect the theme's static files and the site's assets.
pub fn render(
    site: &Site,
    theme: &Theme,
    version: &str,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let view = site_view(site, version);
    let mut rendered: Vec<Result<OutputFile, Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| render_page(site, theme, &view, i))
        .collect();
    rendered.extend(
        site.quizzes
            .par_iter()
            .map(|quiz| render_quiz(site, theme, &view, quiz))
            .collect::<Vec<_>>(),
    );
    rendered.extend(listings(site, theme, &view));
    rendered.push(Ok(search_index(site)));
    let mut files = Vec::with_capacity(rendered.len() + theme.statics.len() + site.assets.len());
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    // One broken template breaks every page the same way: say it once.
    problems.dedup();
    if !problems.is_empty() {
        return Err(problems);
    }
    for (path, bytes) in &theme.statics {
        files.push(OutputFile {
            path: Path::new("assets").join(path),
            contents: Contents::Bytes(bytes.clone()),
        });
    }
    for asset in &site.assets {
        files.push(OutputFile {
            path: asset.output.clone(),
            contents: Contents::Copy(asset.path.clone()),
        });
    }
    Ok(files)
}

pub fn site_view<'a>(site: &'a Site, version: &'a str) -> SiteView<'a> {
    let config = &site.config;
    SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        organisations: &config.organisations,
        contact: config.contact.as_deref(),
        version,
        has_quizzes: !site.quizzes.is_empty(),
    }
}

/// The pages made from several pages or quizzes: the search page and, when
/// there are quizzes, the scenario list, the progress page, and every presenter
/// view and printed pack. An edit to one quiz can change any of them.
pub fn listings(
    site: &Site,
    theme: &Theme,
    view: &SiteView,
) -> Vec<Result<OutputFile, Diagnostic>> {
    let (playlists, problems) = present::playlists(site);
    let listing = |template, output: &str, title| {
        render_listing(
            site,
            theme,
            view,
            &playlists,
            template,
            Path::new(output),
            title,
        )
    };
    let mut files: Vec<Result<OutputFile, Diagnostic>> = problems.into_iter().map(Err).collect();
    files.push(listing("search.html", "search.html", "Search"));
    if !site.quizzes.is_empty() {
        files.push(listing("scenarios.html", "quizzes/index.html", "Scenarios"));
        files.push(listing("progress.html", "progress.html", "My progress"));
        files.extend(present::render(site, theme, view, &playlists));
    }
    files
}

/// The search index of every page and scenario, as a script.
pub fn search_index(site: &Site) -> OutputFile {
    OutputFile {
        path: PathBuf::from(SEARCH_INDEX),
        contents: Contents::Bytes(search::index_script(site).into_bytes()),
    }
}

/// Where the search index is written; the search page loads it from there.
pub const SEARCH_INDEX: &str = "assets/search-index.js";

pub fn render_page(
    site: &Site,
    theme: &Theme,
    view: &SiteView,
    index: usize,
) -> Result<OutputFile, Diagnostic> {
    let page = &site.pages[index];
    let from = site.href(index);
    let link = |i: usize| LinkView {
        title: site.pages[i].title.clone(),
        url: url::relative_href(from, site.href(i)),
    };
    let (prev, next) = site.neighbours(index);
    let is_home = index == site.home;
    let context = PageContext {
        site: view,
        root: url::root_prefix(&page.output),
        page: page_view(page, is_home),
        nav: navigation(site, index, from),
        breadcrumbs: site.ancestors(index).into_iter().map(link).collect(),
        prev: prev.map(link),
        next: next.map(link),
        children: site
            .children(index)
            .iter()
            .map(|&c| ChildView {
                title: &site.pages[c].title,
                url: url::relative_href(from, site.href(c)),
                summary: site.pages[c].summary.as_deref(),
            })
            .collect(),
    };
    let template = if is_home {
        "home.html"
    } else if page.is_section {
        "section.html"
    } else {
        "page.html"
    };
    let html = render_with(theme, template, &context)?;
    Ok(OutputFile {
        path: page.output.clone(),
        contents: Contents::Bytes(html.into_bytes()),
    })
}

/// What a quiz page's template receives.
#[derive(Serialize)]
struct QuizContext<'a> {
    site: &'a SiteView<'a>,
    root: String,
    page: PageView<'a>,
    quiz: &'a Quiz,
    /// The quiz model as JSON, safe to place inside `<script type="application/json">`.
    quiz_json: String,
    related: Vec<LinkView>,
    nav: Vec<NavItem>,
    breadcrumbs: Vec<LinkView>,
}

pub fn render_quiz(
    site: &Site,
    theme: &Theme,
    view: &SiteView,
    quiz: &Quiz,
) -> Result<OutputFile, Diagnostic> {
    let from = &url::href(&quiz.output);
    let related = quiz
        .meta
        .related
        .iter()
        .filter_map(|r| site.page(r))
        .map(|p| LinkView {
            title: site.pages[p].title.clone(),
            url: url::relative_href(from, site.href(p)),
        })
        .collect();
    let context = QuizContext {
        site: view,
        root: url::root_prefix(&quiz.output),
        page: PageView {
            summary: quiz.meta.summary.as_deref(),
            audience: quiz.meta.audience.label(),
            sources: &quiz.meta.sources,
            trainer_notes: quiz.meta.trainer_notes.as_deref(),
            ..PageView::titled(&quiz.title)
        }
        .reviewed(quiz.meta.reviewed),
        quiz,
        quiz_json: script_json(quiz),
        related,
        nav: navigation(site, site.home, from),
        breadcrumbs: vec![
            home_link(site, from),
            LinkView {
                title: "Scenarios".to_string(),
                url: "index.html".to_string(),
            },
        ],
    };
    let html = render_with(theme, "quiz.html", &context)?;
    Ok(OutputFile {
        path: quiz.output.clone(),
        contents: Contents::Bytes(html.into_bytes()),
    })
}

/// One scenario in the list of scenarios and on the progress page.
#[derive(Serialize)]
struct ScenarioView<'a> {
    id: &'a str,
    hash: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    audience: &'static str,
    url: String,
    questions: usize,
    steps: usize,
    pass_mark: u32,
}

#[derive(Serialize)]
struct ListingContext<'a> {
    site: &'a SiteView<'a>,
    root: String,
    page: PageView<'a>,
    scenarios: Vec<ScenarioView<'a>>,
    /// Training sessions: their presenter views and printed packs.
    sessions: Vec<present::SessionLinks>,
    nav: Vec<NavItem>,
    breadcrumbs: Vec<LinkView>,
}

fn render_listing(
    site: &Site,
    theme: &Theme,
    view: &SiteView,
    sessions: &[present::Playlist],
    template: &str,
    output: &Path,
    title: &'static str,
) -> Result<OutputFile, Diagnostic> {
    let from = &url::href(output);
    let scenarios: Vec<ScenarioView> = site
        .quizzes
        .iter()
        .map(|q| ScenarioView {
            id: &q.id,
            hash: &q.hash,
            title: &q.title,
            summary: q.meta.summary.as_deref(),
            audience: q.meta.audience.label(),
            url: url::relative(output, &q.output),
            questions: q.steps.iter().map(|s| s.questions.len()).sum(),
            steps: q.steps.len(),
            pass_mark: q.pass_mark,
        })
        .collect();
    let context = ListingContext {
        site: view,
        root: url::root_prefix(output),
        page: PageView::titled(title),
        scenarios,
        sessions: present::session_links(site, sessions, output),
        nav: navigation(site, site.home, from),
        breadcrumbs: vec![home_link(site, from)],
    };
    let html = render_with(theme, template, &context)?;
    Ok(OutputFile {
        path: output.to_path_buf(),
        contents: Contents::Bytes(html.into_bytes()),
    })
}

/// A link to the home page, as seen from the page at href `from`.
fn home_link(site: &Site, from: &str) -> LinkView {
    LinkView {
        title: site.pages[site.home].title.clone(),
        url: url::relative_href(from, site.href(site.home)),
    }
}

/// The quiz model as the page script reads it.
pub fn script_json(quiz: &Quiz) -> String {
    escape_json_for_html(&serde_json::to_string(quiz).unwrap_or_default())
}

/// `<`, `>` and `&` only occur inside JSON strings, where `\u003c` means the same:
/// escaped, no author text can close the `<script>` element early.
fn escape_json_for_html(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Serialize a view into a Tera context and render `template` with it.
pub fn render_with<T: Serialize>(
    theme: &Theme,
    template: &str,
    view: &T,
) -> Result<String, Diagnostic> {
    let context = tera::Context::from_serialize(view)
        .map_err(|e| Diagnostic::error(format!("internal error preparing `{template}`: {e}")))?;
    theme.render(template, &context)
}

pub fn page_view(page: &Page, is_home: bool) -> PageView<'_> {
    PageView {
        summary: page.summary.as_deref(),
        audience: page.audience.label(),
        sources: &page.sources,
        content: &page.html,
        trainer_notes: page.trainer_notes.as_deref(),
        toc: toc(&page.headings),
        is_home,
        is_section: page.is_section,
        ..PageView::titled(&page.title)
    }
    .reviewed(page.reviewed)
}

/// The site's sections, with the branch that leads to `current` opened.
/// `from` is the href of the page that shows the navigation; for pages outside
/// the guidance tree (quizzes) `current` is the home page.
pub fn navigation(site: &Site, current: usize, from: &str) -> Vec<NavItem> {
    let mut open = site.ancestors(current);
    open.push(current);
    nav_level(site, site.home, from, current, &open).0
}

/// The items of one section, and a link to the section when they are a window.
fn nav_level(
    site: &Site,
    section: usize,
    from: &str,
    current: usize,
    open: &[usize],
) -> (Vec<NavItem>, Option<LinkView>) {
    let children = site.children(section);
    let (start, end) = if children.len() > NAV_WINDOW * 2 {
        let at = children.iter().position(|c| open.contains(c)).unwrap_or(0);
        (
            at.saturating_sub(NAV_WINDOW / 2),
            (at + NAV_WINDOW / 2 + 1).min(children.len()),
        )
    } else {
        (0, children.len())
    };
    let more = (end - start < children.len()).then(|| LinkView {
        title: format!(
            "All {} pages in {}",
            children.len(),
            site.pages[section].title
        ),
        url: url::relative_href(from, site.href(section)),
    });
    let items = children[start..end]
        .iter()
        .map(|&c| {
            let active = open.contains(&c);
            let (children, more) = if active && site.pages[c].is_section {
                nav_level(site, c, from, current, open)
            } else {
                (Vec::new(), None)
            };
            NavItem {
                title: site.pages[c].title.clone(),
                url: url::relative_href(from, site.href(c)),
                current: c == current,
                active,
                children,
                more,
            }
        })
        .collect();
    (items, more)
}
