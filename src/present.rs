//! Joint training sessions: the presenter view of every scenario and of every
//! session, and each session's printed packs.
//!
//! A presenter view is a flat list of beats: the scenario's title, each step's
//! narrative, and for each question the question, the room's vote, the answer
//! and (for an offence decision) the element-by-element breakdown. The list is
//! built here so the template only draws beats and the script only moves
//! between them. Sessions come from `site.yaml` (`sessions:`); a site without
//! any gets one session of every scenario. The handout has no answers; the
//! answer pack, with answers and trainer notes, is made only in the trainer
//! edition.

use crate::config::{CONFIG_FILE, Edition, Session};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::frontmatter;
use crate::load::read_text;
use crate::markdown::slug;
use crate::quiz::Quiz;
use crate::quiz::model::{Question, Step};
use crate::render::{Contents, OutputFile, PageView, SiteView, render_with};
use crate::site::Site;
use crate::theme::Theme;
use crate::url;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A session with its scenarios found.
pub struct Playlist<'a> {
    pub title: String,
    pub slug: String,
    pub quizzes: Vec<&'a Quiz>,
}

/// The sessions of `site.yaml` with their quizzes, or one session of every
/// quiz; a scenario id that names no quiz is an error at its line.
pub fn playlists(site: &Site) -> (Vec<Playlist<'_>>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    if site.config.sessions.is_empty() {
        let every = Playlist {
            title: "All scenarios".to_string(),
            slug: "all-scenarios".to_string(),
            quizzes: site.quizzes.iter().collect(),
        };
        return (vec![every], problems);
    }
    let ids: Vec<&str> = site.quizzes.iter().map(|q| q.id.as_str()).collect();
    let playlists = site
        .config
        .sessions
        .iter()
        .map(|session| {
            let quizzes = session
                .scenarios
                .iter()
                .filter_map(|id| match site.quizzes.iter().find(|q| &q.id == id) {
                    Some(quiz) => Some(quiz),
                    None => {
                        problems.push(unknown_scenario(&site.config.root, session, id, &ids));
                        None
                    }
                })
                .collect();
            Playlist {
                title: session.title.clone(),
                slug: slug(&session.title),
                quizzes,
            }
        })
        .collect();
    (playlists, problems)
}

fn unknown_scenario(root: &Path, session: &Session, id: &str, ids: &[&str]) -> Diagnostic {
    let file = Path::new(CONFIG_FILE);
    let diagnostic = Diagnostic::error(format!(
        "the session “{}” names the scenario `{id}`, which does not exist",
        session.title
    ));
    // Only read site.yaml again when there is something to point at.
    let diagnostic = match read_text(&root.join(file), file) {
        Ok(text) => diagnostic.at(frontmatter::location_under(
            file,
            &text,
            "sessions",
            id.len(),
            |line| {
                line.find(id)
                    .filter(|_| !line.trim_start().starts_with("title"))
            },
        )),
        Err(_) => diagnostic,
    };
    match did_you_mean(id, ids.iter().copied()) {
        Some(right) => diagnostic.help(format!("did you mean `{right}`? Scenarios are named by their file name in quizzes/, without `.md`")),
        None => diagnostic.help("name scenarios by their file name in quizzes/, without `.md`"),
    }
}

/// Where each view of a session or scenario is written.
pub fn scenario_output(quiz: &Quiz) -> PathBuf {
    PathBuf::from(format!("present/{}.html", quiz.id))
}

fn session_output(playlist: &Playlist) -> PathBuf {
    PathBuf::from(format!("present/session-{}.html", playlist.slug))
}

fn pack_output(playlist: &Playlist, answers: bool) -> PathBuf {
    let kind = if answers { "answers" } else { "handout" };
    PathBuf::from(format!("packs/{}-{kind}.html", playlist.slug))
}

/// One beat of a presenter view.
#[derive(Serialize)]
struct Beat<'a> {
    id: String,
    /// `scenario`, `narrative`, `question`, `votes`, `answer`, `breakdown` or `end`.
    kind: &'static str,
    /// 1-based number of the scenario in the session (0 for the end).
    scenario: usize,
    title: &'a str,
    summary: Option<&'a str>,
    trainer_notes: Option<&'a str>,
    step: Option<&'a Step>,
    question: Option<&'a Question>,
}

#[derive(Serialize)]
struct Presentation<'a> {
    title: &'a str,
    scenarios: usize,
}

#[derive(Serialize)]
struct PresentContext<'a> {
    site: &'a SiteView<'a>,
    root: String,
    presentation: Presentation<'a>,
    beats: Vec<Beat<'a>>,
}

fn beats<'a>(quizzes: &[&'a Quiz]) -> Vec<Beat<'a>> {
    let mut beats = Vec::new();
    let mut push =
        |kind, scenario, quiz: &'a Quiz, step: Option<&'a Step>, question: Option<&'a Question>| {
            beats.push(Beat {
                id: format!("beat-{}", beats.len() + 1),
                kind,
                scenario,
                title: &quiz.title,
                summary: quiz.meta.summary.as_deref(),
                trainer_notes: quiz.meta.trainer_notes.as_deref(),
                step,
                question,
            });
        };
    for (index, quiz) in quizzes.iter().enumerate() {
        let n = index + 1;
        push("scenario", n, quiz, None, None);
        for step in &quiz.steps {
            push("narrative", n, quiz, Some(step), None);
            for question in &step.questions {
                push("question", n, quiz, Some(step), Some(question));
                push("votes", n, quiz, Some(step), Some(question));
                push("answer", n, quiz, Some(step), Some(question));
                if !question.breakdown.is_empty() {
                    push("breakdown", n, quiz, Some(step), Some(question));
                }
            }
        }
    }
    beats.push(Beat {
        id: format!("beat-{}", beats.len() + 1),
        kind: "end",
        scenario: 0,
        title: "",
        summary: None,
        trainer_notes: None,
        step: None,
        question: None,
    });
    beats
}

fn presenter(
    theme: &Theme,
    view: &SiteView,
    title: &str,
    quizzes: &[&Quiz],
    output: PathBuf,
) -> Result<OutputFile, Diagnostic> {
    let context = PresentContext {
        site: view,
        root: url::root_prefix(&output),
        presentation: Presentation {
            title,
            scenarios: quizzes.len(),
        },
        beats: beats(quizzes),
    };
    let html = render_with(theme, "present.html", &context)?;
    Ok(OutputFile {
        path: output,
        contents: Contents::Bytes(html.into_bytes()),
    })
}

#[derive(Serialize)]
struct PackScenario<'a> {
    quiz: &'a Quiz,
    trainer_notes: Option<&'a str>,
}

#[derive(Serialize)]
struct Pack<'a> {
    title: String,
    answers: bool,
    scenarios: Vec<PackScenario<'a>>,
}

#[derive(Serialize)]
struct PackContext<'a> {
    site: &'a SiteView<'a>,
    root: String,
    page: PageView<'a>,
    pack: Pack<'a>,
}

fn pack(
    theme: &Theme,
    view: &SiteView,
    playlist: &Playlist,
    answers: bool,
) -> Result<OutputFile, Diagnostic> {
    let output = pack_output(playlist, answers);
    let kind = if answers { "answer pack" } else { "handout" };
    let title = format!("{}: {kind}", playlist.title);
    let context = PackContext {
        site: view,
        root: url::root_prefix(&output),
        page: PageView::titled(""),
        pack: Pack {
            title,
            answers,
            scenarios: playlist
                .quizzes
                .iter()
                .map(|quiz| PackScenario {
                    quiz,
                    trainer_notes: quiz.meta.trainer_notes.as_deref(),
                })
                .collect(),
        },
    };
    let html = render_with(theme, "pack.html", &context)?;
    Ok(OutputFile {
        path: output,
        contents: Contents::Bytes(html.into_bytes()),
    })
}

/// A session as the scenario list shows it: where its views are.
#[derive(Serialize)]
pub struct SessionLinks {
    pub title: String,
    pub presenter: String,
    pub handout: String,
    /// Only in the trainer edition.
    pub answers: Option<String>,
}

/// Links to each session's views, from the page at `from`.
pub fn session_links(site: &Site, playlists: &[Playlist], from: &Path) -> Vec<SessionLinks> {
    let trainer = site.config.edition == Edition::Trainer;
    playlists
        .iter()
        .map(|p| SessionLinks {
            title: p.title.clone(),
            presenter: url::relative(from, &session_output(p)),
            handout: url::relative(from, &pack_output(p, false)),
            answers: trainer.then(|| url::relative(from, &pack_output(p, true))),
        })
        .collect()
}

/// Every presenter view and pack of the site.
pub fn render(
    site: &Site,
    theme: &Theme,
    view: &SiteView,
    playlists: &[Playlist],
) -> Vec<Result<OutputFile, Diagnostic>> {
    let mut files: Vec<Result<OutputFile, Diagnostic>> = site
        .quizzes
        .iter()
        .map(|quiz| presenter(theme, view, &quiz.title, &[quiz], scenario_output(quiz)))
        .collect();
    for playlist in playlists {
        files.push(presenter(
            theme,
            view,
            &playlist.title,
            &playlist.quizzes,
            session_output(playlist),
        ));
        files.push(pack(theme, view, playlist, false));
        if site.config.edition == Edition::Trainer {
            files.push(pack(theme, view, playlist, true));
        }
    }
    files
}
