//! Diagnostics: every problem an author's file causes, with where it is and how to fix it.
//!
//! Stages never stop at the first mistake. They push `Diagnostic`s into a shared
//! `Diagnostics` list and carry on, so a trainer with ten typos sees all ten in one
//! run. A diagnostic carries the text of the offending line itself, so rendering it
//! (rustc style, with a caret under the column) needs no file access and works the
//! same in the terminal, in JSON and in the live-reload overlay.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in an author's file: site-relative path, 1-based line and column
/// (columns count characters, not bytes, so the caret lands under the right letter).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The whole source line, without its line ending.
    #[serde(skip)]
    pub line_text: String,
    /// How many characters the caret underlines (at least one).
    #[serde(skip)]
    pub width: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, which is the content of `file`.
    pub fn at_offset(file: &Path, text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[..line_start].matches('\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        Location {
            file: file.to_path_buf(),
            line,
            column,
            line_text: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            width: 1,
        }
    }

    /// The location of 1-based `line` and `column` in `text`.
    pub fn at_line(file: &Path, text: &str, line: usize, column: usize) -> Location {
        let line_text = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Location {
            file: file.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            line_text,
            width: 1,
        }
    }

    /// A location for a whole file, when no line applies (a file that cannot be read).
    pub fn file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            line_text: String::new(),
            width: 1,
        }
    }

    /// Underline `width` characters from the column instead of one.
    pub fn spanning(mut self, width: usize) -> Location {
        self.width = width.max(1);
        self
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Boxed: diagnostics travel in `Result`s, which should stay small.
    pub location: Option<Box<Location>>,
    /// How to fix it, in the author's terms.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// rustc-style text: the message, the place, the line with a caret, the help.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = match &self.location {
            Some(loc) if loc.line > 0 => {
                let number = loc.line.to_string();
                let pad = " ".repeat(number.len());
                writeln!(
                    f,
                    "{pad}--> {}:{}:{}",
                    display_path(&loc.file),
                    loc.line,
                    loc.column
                )?;
                writeln!(f, "{pad} |")?;
                writeln!(f, "{number} | {}", loc.line_text)?;
                let before: String = loc
                    .line_text
                    .chars()
                    .take(loc.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{pad} | {before}{}", "^".repeat(loc.width))?;
                pad
            }
            Some(loc) => {
                writeln!(f, " --> {}", display_path(&loc.file))?;
                String::new()
            }
            None => String::new(),
        };
        if let Some(help) = &self.help {
            writeln!(f, "{gutter} = help: {help}")?;
        }
        Ok(())
    }
}

/// Paths print with forward slashes on every platform, as authors write them in links.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Everything a run found, in a stable order (by file, then line) for snapshots.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sort by file and position so output does not depend on thread scheduling.
    pub fn sorted(mut self) -> Diagnostics {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column))
            };
            key(a)
                .cmp(&key(b))
                .then(a.severity.cmp(&b.severity))
                .then(a.message.cmp(&b.message))
        });
        self.0.dedup();
        self
    }

    /// The diagnostics as JSON for CI systems: counts, then each diagnostic with
    /// its severity, message, location (`file`, `line`, `column`) and help.
    pub fn to_json(&self) -> String {
        let report = serde_json::json!({
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "diagnostics": self,
        });
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }

    /// One summary line, as printed after the diagnostics themselves.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (self.error_count(), self.warning_count()) {
            (0, 0) => "no problems found".to_string(),
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, if any is close enough to suggest.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let offset = text.find("titel").unwrap();
        let d = Diagnostic::error("unknown key `titel`")
            .at(Location::at_offset(Path::new("content/a.md"), text, offset).spanning(5))
            .help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown key `titel`\n --> content/a.md:3:1\n  |\n3 | titel: B\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "£5 — [link](x.md)";
        let offset = text.find('[').unwrap();
        let loc = Location::at_offset(Path::new("a.md"), text, offset);
        assert_eq!((loc.line, loc.column), (1, 6));
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "summary", "order"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
