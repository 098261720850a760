//! `site.yaml`: the site owner's settings.
//!
//! The file is optional; every key has a sensible default so a folder with only
//! `content/` builds. Keys are strict (a misspelt key is an error with a
//! suggestion) and are checked once here, so later stages can trust `Config`.

use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::load::read_text;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    language: Option<String>,
    #[serde(default)]
    organisations: Vec<Organisation>,
    review_after_months: Option<u32>,
    theme: Option<String>,
    contact: Option<String>,
    #[serde(default)]
    sessions: Vec<Session>,
}

/// A training session: scenarios a trainer presents in order, with a printed
/// handout and answer pack.
#[derive(Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub title: String,
    /// Quiz ids: file names under `quizzes/` without `.md`.
    pub scenarios: Vec<String>,
}

/// Which edition of the site a build makes: trainer notes appear only in the
/// trainer edition, and nothing of them in the learner edition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Edition {
    #[default]
    Learner,
    Trainer,
}

/// An organisation named in the header and footer (a force, a CPS area).
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub url: Option<String>,
}

/// Checked settings with defaults applied.
#[derive(Clone, Debug)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub language: String,
    pub organisations: Vec<Organisation>,
    /// A page whose `reviewed` date is older than this is flagged by `check`.
    pub review_after_months: u32,
    /// A folder under `themes/` whose files replace the built-in theme's.
    pub theme: Option<String>,
    /// Where readers report a mistake (shown in every footer).
    pub contact: Option<String>,
    /// Chosen on the command line, not in `site.yaml`.
    pub edition: Edition,
    pub sessions: Vec<Session>,
}

impl Config {
    /// Read `site.yaml` under `root`, or use the defaults when it is absent.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let raw = if path.is_file() {
            let file = Path::new(CONFIG_FILE);
            let text = read_text(&path, file).map_err(|d| vec![d])?;
            let raw: RawConfig = frontmatter::parse(file, &text, &text, 1)?;
            raw.check(file, &text, root)?;
            raw
        } else {
            RawConfig::default()
        };
        Ok(Config::from_raw(root, raw))
    }

    /// The settings of a site without `site.yaml`; also used to keep checking
    /// pages when `site.yaml` itself has a mistake.
    pub fn defaults(root: &Path) -> Config {
        Config::from_raw(root, RawConfig::default())
    }

    fn from_raw(root: &Path, raw: RawConfig) -> Config {
        Config {
            root: root.to_path_buf(),
            title: raw.title.unwrap_or_else(|| "Training".to_string()),
            description: raw.description.unwrap_or_default(),
            language: raw.language.unwrap_or_else(|| "en-GB".to_string()),
            organisations: raw.organisations,
            review_after_months: raw.review_after_months.unwrap_or(12),
            theme: raw.theme,
            contact: raw.contact,
            edition: Edition::Learner,
            sessions: raw.sessions,
        }
    }
}

impl RawConfig {
    fn check(&self, file: &Path, text: &str, root: &Path) -> Result<(), Vec<Diagnostic>> {
        let at_key = |key: &str| frontmatter::key_location(file, text, key);
        let mut problems = Vec::new();
        if let Some(language) = &self.language
            && !is_language_tag(language)
        {
            problems.push(
                Diagnostic::error(format!("`{language}` is not a language tag"))
                    .at(at_key("language"))
                    .help("use a tag such as `en-GB` or `cy`"),
            );
        }
        if self.review_after_months == Some(0) {
            problems.push(
                Diagnostic::error("`review_after_months` must be at least 1")
                    .at(at_key("review_after_months"))
                    .help(
                        "the default is 12: pages are flagged a year after their `reviewed` date",
                    ),
            );
        }
        if let Some(theme) = &self.theme
            && theme != "default"
            && !root.join("themes").join(theme).is_dir()
        {
            problems.push(
                Diagnostic::error(format!("the theme `{theme}` has no folder `themes/{theme}/`"))
                    .at(at_key("theme"))
                    .help("create the folder (run `briefing theme` to copy the default theme there) or remove the `theme` line"),
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en-GB"));
        assert!(is_language_tag("cy"));
        assert!(!is_language_tag("English"));
        assert!(!is_language_tag("en_GB"));
    }
}
