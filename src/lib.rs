//! briefing: a static-site generator for stalking and harassment training.
//!
//! The build is a pipeline; each stage is a module and a function from one type
//! to the next, with problems collected along the way rather than stopping at
//! the first:
//!
//! ```text
//! Config::load ─┐
//! load ─► page::parse / quiz::parse ─► Site::assemble ─► render ─► write
//!         (SourceFile)  (Page, Quiz)     (links checked)  (OutputFile)
//! ```

pub mod config;
pub mod diagnostic;
pub mod facts_file;
pub mod frontmatter;
pub mod law;
pub mod load;
pub mod markdown;
pub mod meta;
pub mod page;
pub mod present;
pub mod quiz;
pub mod render;
pub mod review;
pub mod scorm;
pub mod search;
pub mod serve;
pub mod site;
pub mod starter;
pub mod theme;
pub mod url;
pub mod write;

use config::{Config, Edition};
use diagnostic::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use render::OutputFile;
use sha2::{Digest, Sha256};
use site::Site;
use std::path::Path;
use theme::Theme;

/// Why a command failed: the author's files (exit 1) or how it was called (exit 2).
#[derive(Debug)]
pub enum Failure {
    Content(Diagnostics),
    Usage(Diagnostic),
}

/// A site that compiled, with the files it renders to and any warnings. The
/// theme, version and source texts are kept so that `serve` can re-render a
/// page after an edit without compiling everything again.
pub struct Compiled {
    pub site: Site,
    pub theme: Theme,
    pub version: String,
    /// The Markdown files (pages and quizzes) as read.
    pub sources: Vec<load::SourceFile>,
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
}

/// Run every stage but `write`: everything `build` checks, without touching disk.
pub fn compile(root: &Path) -> Result<Compiled, Diagnostics> {
    compile_edition(root, Edition::Learner)
}

/// `compile` for one edition (with or without the trainer notes).
pub fn compile_edition(root: &Path, edition: Edition) -> Result<Compiled, Diagnostics> {
    let mut problems = Diagnostics::new();
    // A mistake in site.yaml or the theme must not hide the pages' own mistakes:
    // carry on with the defaults and report everything together.
    let mut config = Config::load(root).unwrap_or_else(|config_problems| {
        problems.extend(config_problems);
        Config::defaults(root)
    });
    config.edition = edition;
    let theme = Theme::load(&config).map_err(|theme_problems| problems.extend(theme_problems));
    let (sources, load_problems) = load::load(root);
    problems.extend(load_problems);
    let parsed: Vec<_> = sources
        .pages
        .par_iter()
        .map(|f| page::parse(f, edition))
        .collect();
    let (quizzes, quiz_problems, unreadable_quizzes) = quiz::parse_all(&sources.quizzes, edition);
    problems.extend(quiz_problems);
    // Files whose front matter could not be read are not published, but links to
    // them are not the author's mistake: they are left unchecked.
    let mut unreadable = unreadable_quizzes;
    let mut pages = Vec::with_capacity(parsed.len());
    for (file, (page, page_problems)) in sources.pages.iter().zip(parsed) {
        match page {
            Some(page) => pages.push(page),
            None => {
                unreadable.insert(file.path.clone());
            }
        }
        problems.extend(page_problems);
    }
    let load::Sources {
        pages: page_files,
        quizzes: quiz_files,
        assets,
    } = sources;
    let mut sources = page_files;
    sources.extend(quiz_files);
    let version = content_version(&sources);
    let (site, link_problems) = Site::assemble(config, pages, quizzes, assets, unreadable);
    problems.extend(link_problems);
    let theme = match theme {
        Ok(theme) if !problems.has_errors() => theme,
        _ => return Err(problems.sorted()),
    };
    match render::render(&site, &theme, &version) {
        Ok(files) => Ok(Compiled {
            site,
            theme,
            version,
            sources,
            files,
            warnings: problems.sorted(),
        }),
        Err(render_problems) => {
            problems.extend(render_problems);
            Err(problems.sorted())
        }
    }
}

/// Everything `compile` checks, plus the review dates as of `today`. Warnings
/// come back in `Ok`; any error makes it `Err` with every problem found.
pub fn check(root: &Path, today: chrono::NaiveDate) -> Result<Diagnostics, Diagnostics> {
    let compiled = compile(root)?;
    let mut problems = compiled.warnings;
    problems.extend(review::stale_reviews(&compiled.site, today));
    Ok(problems.sorted())
}

/// Compile the site under `root` and write it to `out`, replacing the previous
/// build only when this one succeeded.
pub fn build(root: &Path, out: &Path) -> Result<Compiled, Failure> {
    build_with(root, out, &BuildOptions::default())
}

/// What a build makes besides the learner edition of the site.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildOptions<'a> {
    /// Also write a SCORM 1.2 package of the site here.
    pub scorm: Option<&'a Path>,
    /// Build the trainer edition (with trainer notes) instead.
    pub edition: Edition,
}

/// `build` with options. A SCORM package is staged before the site is written
/// and moved into place after it, so a build that fails leaves the previous
/// package as it was.
pub fn build_with(root: &Path, out: &Path, options: &BuildOptions) -> Result<Compiled, Failure> {
    let scorm = options.scorm;
    write::check_target(root, out).map_err(Failure::Usage)?;
    if let Some(package) = scorm {
        scorm::check_target(root, out, package).map_err(Failure::Usage)?;
    }
    let compiled = compile_edition(root, options.edition).map_err(Failure::Content)?;
    let one = |d| Failure::Content(std::iter::once(d).collect());
    let staged = match scorm {
        Some(package) => Some(scorm::stage(root, package, &compiled).map_err(one)?),
        None => None,
    };
    write::write(root, out, &compiled.files).map_err(one)?;
    if let Some(staged) = staged {
        staged.persist().map_err(one)?;
    }
    Ok(compiled)
}

/// A short fingerprint of every source text, so a printed record or a stored
/// quiz score can say which version of the content it belongs to.
pub fn content_version(sources: &[load::SourceFile]) -> String {
    // Each file is hashed on its own, in parallel; the digests, in file order,
    // make the version, so it does not depend on thread scheduling.
    let digests: Vec<_> = sources
        .par_iter()
        .map(|file| {
            let mut hasher = Sha256::new();
            hasher.update(file.path.to_string_lossy().as_bytes());
            hasher.update([0]);
            hasher.update(file.text.as_bytes());
            hasher.finalize()
        })
        .collect();
    let mut hasher = Sha256::new();
    for digest in digests {
        hasher.update(digest);
    }
    let digest = hasher.finalize();
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}
