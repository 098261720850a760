//! The printed packs of a session, printed to PDF by headless Chromium as a
//! trainer printing from the browser would, and read back with poppler's
//! `pdftotext` and `pdfinfo`: each scenario starts a page, nothing runs off the
//! page, the learner handout has the questions and room to write but no
//! answers, and the trainer answer pack has the answers, the law model's
//! reasons and the trainer notes.
//!
//! They need `/usr/bin/chromium` and poppler-utils, so they are ignored by
//! default:
//!
//! ```text
//! cargo test --test print_packs -- --ignored --test-threads=1
//! ```

use briefing::config::Edition;
use briefing::quiz::Quiz;
use briefing::quiz::model::Kind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const SESSION: &str = "Recognising stalking";
const HANDOUT: &str = "packs/recognising-stalking-handout.html";
const ANSWERS: &str = "packs/recognising-stalking-answers.html";
/// How long one print may take before the test gives up on Chromium.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------
// The site, the PDF and its text
// ---------------------------------------------------------------------------

/// The shipped site built in the trainer edition (the only one with an
/// answer pack), with its compiled model for the expected text.
struct TrainerSite {
    dir: tempfile::TempDir,
    out: PathBuf,
    compiled: briefing::Compiled,
}

impl TrainerSite {
    fn build() -> TrainerSite {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("cannot create a temporary folder");
        let out = dir.path().join("site");
        let options = briefing::BuildOptions {
            edition: Edition::Trainer,
            ..Default::default()
        };
        let compiled = briefing::build_with(&root, &out, &options)
            .unwrap_or_else(|f| panic!("the shipped site does not build (trainer): {f:?}"));
        TrainerSite { dir, out, compiled }
    }

    /// The scenarios of the session, in the order of `site.yaml`.
    fn session(&self) -> Vec<&Quiz> {
        let site = &self.compiled.site;
        let session = site
            .config
            .sessions
            .iter()
            .find(|s| s.title == SESSION)
            .unwrap_or_else(|| panic!("site.yaml has no session “{SESSION}”"));
        session
            .scenarios
            .iter()
            .map(|id| {
                site.quizzes
                    .iter()
                    .find(|q| &q.id == id)
                    .unwrap_or_else(|| panic!("no quiz {id}"))
            })
            .collect()
    }

    /// Print a page of the build to PDF.
    fn print(&self, page: &str) -> Pdf {
        let html = self.out.join(page);
        assert!(html.is_file(), "the build wrote no {page}");
        let name = page.replace('/', "-").replace(".html", ".pdf");
        let pdf = self.dir.path().join(name);
        print_to_pdf(&html, &pdf);
        Pdf::read(&pdf)
    }
}

/// Run headless Chromium's `--print-to-pdf` on a file, with a fresh profile,
/// and wait for it (ending its process group if it hangs).
fn print_to_pdf(html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().expect("cannot create a profile folder");
    let log_path = profile.path().join("chromium.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut command = Command::new(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMIUM} (install chromium): {e}"));
    let deadline = Instant::now() + PRINT_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("cannot wait for Chromium") {
            break status;
        }
        if Instant::now() > deadline {
            #[cfg(unix)]
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .stderr(Stdio::null())
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Chromium did not print {} within {PRINT_TIMEOUT:?}:\n{}",
                html.display(),
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let size = std::fs::metadata(pdf).map(|m| m.len()).unwrap_or(0);
    assert!(
        status.success() && size > 0,
        "Chromium did not print {} ({status}, {size} bytes):\n{}",
        html.display(),
        std::fs::read_to_string(&log_path).unwrap_or_default()
    );
}

/// A poppler tool's standard output.
fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{tool}` (install poppler-utils): {e}"));
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("`{tool}` wrote no UTF-8: {e}"))
}

/// A printed PDF, read back.
struct Pdf {
    name: String,
    /// `pdfinfo` `Pages:`.
    pages: usize,
    /// `pdfinfo` `Page size:`.
    page_size: String,
    /// `pdftotext -layout`, one entry per page.
    layout: Vec<String>,
    /// `pdftotext` in reading order (table cells kept together), one entry per page.
    raw: Vec<String>,
    /// Every word's box and page size, from `pdftotext -bbox`.
    words: Vec<Word>,
}

#[derive(Debug)]
struct Word {
    page: usize,
    page_width: f64,
    page_height: f64,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
    text: String,
}

fn split_pages(text: &str, count: usize) -> Vec<String> {
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
    // pdftotext ends every page with a form feed, the last one too.
    if pages.len() == count + 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    assert_eq!(
        pages.len(),
        count,
        "pdftotext gave a different number of pages"
    );
    pages
}

impl Pdf {
    fn read(pdf: &Path) -> Pdf {
        let path = pdf.to_str().unwrap();
        let info = poppler("pdfinfo", &[path]);
        let field = |name: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| panic!("pdfinfo gives no `{name}`:\n{info}"))
        };
        let pages: usize = field("Pages:").parse().expect("Pages: is not a number");
        let page_size = field("Page size:");
        let layout = split_pages(&poppler("pdftotext", &["-layout", path, "-"]), pages);
        let raw = split_pages(&poppler("pdftotext", &[path, "-"]), pages);
        let words = bbox_words(&poppler("pdftotext", &["-bbox", path, "-"]));
        Pdf {
            name: pdf.file_name().unwrap().to_string_lossy().into_owned(),
            pages,
            page_size,
            layout,
            raw,
            words,
        }
    }

    /// The whole text, without any white space, for finding text whatever
    /// the line breaks.
    fn compact(&self) -> String {
        compact(&self.raw.join(" "))
    }

    fn contains(&self, text: &str) -> bool {
        self.compact().contains(&compact(text))
    }

    /// The first lines of a page with text on them, joined.
    fn top_of_page(&self, page: usize, lines: usize) -> String {
        let top: Vec<&str> = self.layout[page]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(lines)
            .collect();
        squash(&top.join(" "))
    }

    /// Pages (0-based) whose first lines start with `heading`.
    fn pages_starting_with(&self, heading: &str) -> Vec<usize> {
        (0..self.pages)
            .filter(|&p| self.top_of_page(p, 3).starts_with(heading))
            .collect()
    }
}

/// The words of `pdftotext -bbox` output (XHTML: `<page width= height=>` then
/// `<word xMin= yMin= xMax= yMax=>text</word>`).
fn bbox_words(xhtml: &str) -> Vec<Word> {
    fn attr(tag: &str, name: &str) -> f64 {
        let start = tag
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + name.len()
            + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    }
    let mut words = Vec::new();
    let (mut page, mut width, mut height) = (0, 0.0, 0.0);
    for line in xhtml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            width = attr(line, "width");
            height = attr(line, "height");
        } else if line.starts_with("<word ") {
            let text_start = line.find('>').unwrap() + 1;
            let text_end = line.rfind("</word>").unwrap();
            words.push(Word {
                page,
                page_width: width,
                page_height: height,
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
                text: unescape(&line[text_start..text_end]),
            });
        }
    }
    words
}

/// The text of an XML text node.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a fragment of the model's HTML (entities decoded, tags dropped).
fn text_of(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    squash(&fragment.root_element().text().collect::<String>())
}

/// The first words of a text, up to about `chars` characters: enough to
/// recognise it, short enough not to run into a list or a table.
fn lead(text: &str, chars: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() && out.len() + word.len() + 1 > chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The element tables on pages `pages` (0-based), read column by column
/// from the word boxes: `(element names, reasons)`, each column's lines top to
/// bottom and page after page. Reading order cannot be used, as a cell that
/// wraps is interleaved with its neighbours' lines.
fn table_columns(pdf: &Pdf, pages: std::ops::Range<usize>) -> (String, String) {
    let (mut names, mut reasons) = (String::new(), String::new());
    for page in pages {
        let mut words: Vec<&Word> = pdf.words.iter().filter(|w| w.page == page + 1).collect();
        words.sort_by(|a, b| {
            (a.y_min.round(), a.x_min)
                .partial_cmp(&(b.y_min.round(), b.x_min))
                .unwrap()
        });
        // Each header row: "Element", "Section", "On …", "Why" on one line.
        let on_line = |a: &Word, b: &Word| (a.y_min - b.y_min).abs() < 2.0;
        let mut headers: Vec<(f64, f64, f64, f64)> = Vec::new();
        for element in words.iter().filter(|w| w.text == "Element") {
            let find = |text: &str| {
                words
                    .iter()
                    .find(|w| w.text == text && on_line(w, element) && w.x_min > element.x_min)
                    .map(|w| w.x_min)
            };
            if let (Some(section), Some(why)) = (find("Section"), find("Why")) {
                headers.push((element.y_max, element.x_min, section, why));
            }
        }
        let Some(&(top, left, section, why)) = headers.first() else {
            continue;
        };
        for w in words.iter().filter(|w| w.y_min > top) {
            if w.x_min >= left - 1.0 && w.x_max <= section {
                names.push_str(&w.text);
                names.push(' ');
            } else if w.x_min >= why - 1.0 {
                reasons.push_str(&w.text);
                reasons.push(' ');
            }
        }
    }
    (names, reasons)
}

fn questions<'a>(quizzes: &[&'a Quiz]) -> Vec<&'a briefing::quiz::model::Question> {
    quizzes
        .iter()
        .flat_map(|q| &q.steps)
        .flat_map(|s| &s.questions)
        .collect()
}

// ---------------------------------------------------------------------------
// Layout: a cover, then each scenario from the top of a new A4 page
// ---------------------------------------------------------------------------

/// The pages on which the scenarios start (0-based), checked to be in order,
/// each at the top of its own page, after a cover page with the pack's title.
fn assert_layout(pdf: &Pdf, quizzes: &[&Quiz], pack_title: &str) -> Vec<usize> {
    let name = &pdf.name;
    assert!(
        pdf.page_size.contains("(A4)"),
        "{name}: page size {:?}, not A4",
        pdf.page_size
    );
    assert!(
        pdf.pages > quizzes.len(),
        "{name}: {} pages for {} scenarios and a cover",
        pdf.pages,
        quizzes.len()
    );
    for (p, text) in pdf.layout.iter().enumerate() {
        assert!(!text.trim().is_empty(), "{name}: page {} is blank", p + 1);
    }
    let cover = squash(&pdf.layout[0]);
    assert!(
        cover.contains(pack_title),
        "{name}: the first page does not carry the title {pack_title:?}: {cover:?}"
    );
    let mut starts = Vec::new();
    for (i, quiz) in quizzes.iter().enumerate() {
        let heading = format!("{}. {}", i + 1, quiz.title);
        assert!(
            !cover.contains(&heading),
            "{name}: scenario {heading:?} starts on the cover page"
        );
        let pages = pdf.pages_starting_with(&heading);
        assert_eq!(
            pages.len(),
            1,
            "{name}: {heading:?} should start exactly one page; the tops of the pages are:\n{}",
            (0..pdf.pages)
                .map(|p| format!("  {}: {}", p + 1, pdf.top_of_page(p, 1)))
                .collect::<Vec<_>>()
                .join("\n")
        );
        starts.push(pages[0]);
    }
    assert_eq!(
        starts[0], 1,
        "{name}: the first scenario should follow the cover page"
    );
    for pair in starts.windows(2) {
        assert!(
            pair[0] < pair[1],
            "{name}: the scenarios are not in the session's order (pages {starts:?})"
        );
    }
    // Nothing printed into the margins (15 mm, less a little for glyphs that
    // overhang). Text pushed off the paper is clipped out of the PDF; the
    // checks of the packs' text catch that.
    assert!(
        !pdf.words.is_empty(),
        "{name}: pdftotext -bbox found no words"
    );
    let margin = 15.0 * 72.0 / 25.4 - 6.0;
    let outside: Vec<String> = pdf
        .words
        .iter()
        .filter(|w| {
            w.x_min < margin
                || w.y_min < margin
                || w.x_max > w.page_width - margin
                || w.y_max > w.page_height - margin
        })
        .map(|w| {
            format!(
                "page {}: {:?} at ({:.0}, {:.0})–({:.0}, {:.0})",
                w.page, w.text, w.x_min, w.y_min, w.x_max, w.y_max
            )
        })
        .collect();
    assert!(
        outside.is_empty(),
        "{name}: text runs into the margins or off the page:\n{}",
        outside.join("\n")
    );
    starts
}

// ---------------------------------------------------------------------------
// 1. The learner handout
// ---------------------------------------------------------------------------

#[test]
#[ignore = "needs chromium and poppler-utils; run with cargo test --test print_packs -- --ignored"]
fn the_handout_prints_each_scenario_on_new_pages_with_questions_and_no_answers() {
    let site = TrainerSite::build();
    let quizzes = site.session();
    assert_eq!(
        quizzes.len(),
        5,
        "“{SESSION}” in site.yaml has five scenarios"
    );
    let pdf = site.print(HANDOUT);
    let name = &pdf.name;
    assert_layout(&pdf, &quizzes, &format!("{SESSION}: handout"));
    assert!(
        pdf.contains("Learner handout"),
        "{name}: no learner-handout line"
    );

    // Every question and choice, and room to write after each question.
    let questions = questions(&quizzes);
    for q in &questions {
        let prompt = format!("Question {}. {}", q.number, text_of(&q.prompt));
        assert!(pdf.contains(&prompt), "{name}: no {prompt:?}");
        for choice in &q.choices {
            let label = text_of(&choice.label);
            assert!(
                pdf.contains(&label),
                "{name}: no choice {label:?} ({prompt})"
            );
        }
    }
    let all = squash(&pdf.raw.join(" "));
    assert_eq!(
        all.matches("Your answer, and why:").count(),
        questions.len(),
        "{name}: one “Your answer, and why:” per question"
    );

    // No answers, reasons or trainer notes.
    let compact_all = pdf.compact();
    for forbidden in [
        "Answer:",
        "✔",
        "Right:",
        "Element by element",
        "Trainer notes",
        "For trainers",
        "Expect some of the room",
        "On these facts",
    ] {
        assert!(
            !compact_all
                .to_lowercase()
                .contains(&compact(forbidden).to_lowercase()),
            "{name}: the handout shows {forbidden:?}"
        );
    }
    for quiz in &quizzes {
        if let Some(notes) = &quiz.meta.trainer_notes {
            let notes = lead(&text_of(notes), 60);
            assert!(!pdf.contains(&notes), "{name}: trainer notes {notes:?}");
        }
    }
    // What the handout does show: prompts and choices.
    let shown: Vec<String> = questions
        .iter()
        .flat_map(|q| {
            std::iter::once(text_of(&q.prompt)).chain(q.choices.iter().map(|c| text_of(&c.label)))
        })
        .map(|t| compact(&t))
        .collect();
    for q in &questions {
        let explanation = text_of(&q.explanation);
        if !explanation.is_empty() {
            let explanation = lead(&explanation, 60);
            assert!(
                !pdf.contains(&explanation),
                "{name}: the explanation {explanation:?} of question {} is in the handout",
                q.number
            );
        }
        for choice in &q.choices {
            let feedback = text_of(&choice.feedback);
            if !feedback.is_empty() {
                // Feedback may open by naming a choice, which the handout shows.
                let feedback = lead(&feedback, 60);
                if shown.iter().any(|t| t.contains(&compact(&feedback))) {
                    continue;
                }
                assert!(
                    !pdf.contains(&feedback),
                    "{name}: choice feedback {feedback:?}"
                );
            }
        }
        for item in &q.breakdown {
            let reason = lead(&item.reason, 60);
            assert!(
                !pdf.contains(&reason),
                "{name}: the element reason {reason:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 2. The trainer answer pack
// ---------------------------------------------------------------------------

#[test]
#[ignore = "needs chromium and poppler-utils; run with cargo test --test print_packs -- --ignored"]
fn the_answer_pack_prints_answers_reasons_and_trainer_notes() {
    let site = TrainerSite::build();
    let quizzes = site.session();
    let pdf = site.print(ANSWERS);
    let name = &pdf.name;
    let starts = assert_layout(&pdf, &quizzes, &format!("{SESSION}: answer pack"));
    assert!(
        pdf.contains("Trainer answer pack"),
        "{name}: no answer-pack line"
    );
    assert!(
        !pdf.contains("Your answer, and why:"),
        "{name}: the answer pack has the handout's writing prompts"
    );

    // The fence line: its decision's answer, and its trainer notes on its first page.
    let fence = quizzes[0];
    assert_eq!(
        fence.id, "the-fence-line",
        "the session opens with the fence line"
    );
    let fence_pages = squash(&pdf.raw[starts[0]..starts[1]].join(" "));
    assert!(
        compact(&fence_pages)
            .contains(&compact("Answer: Putting people in fear of violence (s.4)")),
        "{name}: the fence line's decision is not answered s.4"
    );
    assert!(
        compact(&fence_pages).contains(&compact(
            "✔ Right: Putting people in fear of violence (s.4)"
        )),
        "{name}: the fence line's right choice is not marked"
    );
    let first_page = squash(&pdf.raw[starts[0]]);
    assert!(
        first_page.contains("Trainer notes"),
        "{name}: no trainer notes on the fence line's first page"
    );
    assert!(
        first_page.contains("Expect some of the room"),
        "{name}: the fence line's trainer notes are not on its first page"
    );

    // Every scenario: its trainer notes, and for every question the answer,
    // the right choices marked, the explanation and the law model's reasons.
    for (i, quiz) in quizzes.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(pdf.pages);
        let pages = compact(&pdf.raw[starts[i]..end].join(" "));
        let has = |text: &str| pages.contains(&compact(text));
        let (names, reasons) = table_columns(&pdf, starts[i]..end);
        let (names, reasons) = (compact(&names), compact(&reasons));
        if let Some(notes) = &quiz.meta.trainer_notes {
            let notes = lead(&text_of(notes), 80);
            assert!(
                has(&notes),
                "{name}: {}: no trainer notes {notes:?}",
                quiz.id
            );
        }
        for q in quiz.steps.iter().flat_map(|s| &s.questions) {
            let what = format!("{name}: {} question {}", quiz.id, q.number);
            let answer = format!("Answer: {}", text_of(&q.answer));
            assert!(has(&answer), "{what}: no {answer:?}");
            for choice in q.choices.iter().filter(|c| c.correct) {
                let right = format!("✔ Right: {}", text_of(&choice.label));
                assert!(has(&right), "{what}: no {right:?}");
            }
            let explanation = text_of(&q.explanation);
            if !explanation.is_empty() {
                let explanation = lead(&explanation, 80);
                assert!(has(&explanation), "{what}: no explanation {explanation:?}");
            }
            if q.kind == Kind::Decision {
                assert_eq!(
                    q.breakdown.len(),
                    7,
                    "{what}: a decision has seven elements"
                );
            }
            for item in &q.breakdown {
                assert!(
                    names.contains(&compact(item.name)),
                    "{what}: no element {:?} in the first column",
                    item.name
                );
                assert!(
                    reasons.contains(&compact(&item.reason)),
                    "{what}: no reason {:?} in the last column",
                    item.reason
                );
            }
        }
    }
    let decisions = questions(&quizzes)
        .iter()
        .filter(|q| !q.breakdown.is_empty())
        .count();
    let tables = squash(&pdf.layout.join(" "))
        .matches("Element Section On")
        .count();
    assert_eq!(tables, decisions, "{name}: one element table per decision");
}
