//! The trainer edition carries every trainer note; the learner edition carries
//! none of their text anywhere: not in pages, not in the quiz data, not in the
//! search index, not in the SCORM package.

mod common;

use briefing::config::Edition;
use briefing::{BuildOptions, build_with};
use common::Workspace;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Every trainer note of the shipped site: `trainer_notes` in front matter and
/// `::: trainer` blocks, as the author wrote them.
fn trainer_notes(site: &Path) -> Vec<(PathBuf, String)> {
    let mut notes = Vec::new();
    for file in common::files_under(&site.join("content"))
        .into_iter()
        .map(|f| site.join("content").join(f))
        .chain(
            common::files_under(&site.join("quizzes"))
                .into_iter()
                .map(|f| site.join("quizzes").join(f)),
        )
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = fs::read_to_string(&file).unwrap();
        if let Some(rest) = text.strip_prefix("---\n")
            && let Some(end) = rest.find("\n---")
        {
            let matter: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).unwrap();
            if let Some(note) = matter.get("trainer_notes").and_then(|n| n.as_str()) {
                notes.push((file.clone(), note.to_string()));
            }
        }
        let (_, blocks) = briefing::markdown::extract_blocks(&text);
        for block in blocks.iter().filter(|b| b.kind == "trainer") {
            notes.push((file.clone(), text[block.content.clone()].to_string()));
        }
    }
    notes
}

/// Phrases of a note that survive rendering unchanged: the longest run of
/// plain words (letters and digits only), at least five of them.
fn probe(note: &str) -> String {
    let mut best: Vec<&str> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for word in note.split_whitespace() {
        if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            run.push(word);
            if run.len() > best.len() {
                best = run.clone();
            }
        } else {
            run.clear();
        }
    }
    assert!(
        best.len() >= 5,
        "no plain phrase to look for in the note: {note}"
    );
    best[..best.len().min(8)].join(" ")
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file of an output folder and of a SCORM zip, as text.
fn published_texts(out: &Path, zip: Option<&Path>) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = common::files_under(out)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(out.join(&f)).unwrap();
            (f, squeeze(&String::from_utf8_lossy(&bytes)))
        })
        .collect();
    if let Some(zip) = zip {
        let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            texts.push((
                format!("{}!{}", zip.display(), entry.name()),
                squeeze(&String::from_utf8_lossy(&bytes)),
            ));
        }
    }
    texts
}

#[test]
fn trainer_notes_reach_the_trainer_edition_and_nothing_else() {
    let workspace = Workspace::with_shipped_site();
    let site = workspace.site();
    let notes = trainer_notes(&site);
    assert!(
        notes.len() >= 4,
        "the shipped site has trainer notes to test with: {notes:?}"
    );

    let learner_out = workspace.path().join("learner");
    let package = workspace.path().join("learner.zip");
    let learner = BuildOptions {
        scorm: Some(&package),
        edition: Edition::Learner,
    };
    build_with(&site, &learner_out, &learner).unwrap_or_else(|f| panic!("{f:?}"));
    let trainer_out = workspace.path().join("trainer");
    let trainer = BuildOptions {
        scorm: None,
        edition: Edition::Trainer,
    };
    build_with(&site, &trainer_out, &trainer).unwrap_or_else(|f| panic!("{f:?}"));

    let learner_texts = published_texts(&learner_out, Some(&package));
    let trainer_texts = published_texts(&trainer_out, None);
    assert!(
        learner_texts
            .iter()
            .any(|(f, _)| f.ends_with("search-index.js"))
    );
    assert!(
        learner_texts
            .iter()
            .any(|(f, _)| f.ends_with("!imsmanifest.xml"))
    );
    for (file, note) in &notes {
        let phrase = probe(note);
        let leaks: Vec<&String> = learner_texts
            .iter()
            .filter(|(_, t)| t.contains(&phrase))
            .map(|(f, _)| f)
            .collect();
        assert!(
            leaks.is_empty(),
            "a trainer note of {} (“{phrase}”) is in the learner edition: {leaks:?}",
            file.display()
        );
        assert!(
            trainer_texts
                .iter()
                .any(|(f, t)| f.ends_with(".html") && t.contains(&phrase)),
            "a trainer note of {} (“{phrase}”) is missing from the trainer edition",
            file.display()
        );
    }
    for (file, text) in &learner_texts {
        if file.ends_with(".html") {
            assert!(
                !text.contains("class=\"trainer-note\""),
                "{file} has a trainer-note box"
            );
        }
        assert!(
            !file.contains("-answers.html"),
            "the answer pack {file} is trainer-only"
        );
    }
}

#[test]
fn the_trainer_edition_shows_notes_where_the_author_wrote_them() {
    let workspace = Workspace::with_shipped_site();
    let out = workspace.path().join("trainer");
    let trainer = BuildOptions {
        scorm: None,
        edition: Edition::Trainer,
    };
    build_with(&workspace.site(), &out, &trainer).unwrap_or_else(|f| panic!("{f:?}"));
    let page =
        fs::read_to_string(out.join("recognising-stalking/four-and-think-stalking-first.html"))
            .unwrap();
    let note = page
        .find("Common misreading to raise")
        .expect("the ::: trainer block is shown");
    let heading = page
        .find("id=\"four-is-guidance-not-a-legal-test\"")
        .expect("the heading after it");
    assert!(
        note < heading,
        "the note stands where the author put it, before that heading"
    );
    let quiz = fs::read_to_string(out.join("quizzes/the-fence-line.html")).unwrap();
    assert!(quiz.contains("<div class=\"trainer-note\" role=\"note\">"));
    assert!(
        fs::read_to_string(out.join("packs/recognising-stalking-answers.html"))
            .unwrap()
            .contains("Expect some of the room")
    );
}
