//! Front matter and every other piece of YAML an author writes.
//!
//! This is the only module that touches the YAML crate. It splits the `---` block
//! off a Markdown file, and turns any YAML text (front matter, `site.yaml`, a
//! ```` ```facts ```` block) into a typed value. YAML errors come back as
//! diagnostics that point into the author's file, not into the extracted block:
//! the block's first line number is added to the line the parser reports.

use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A Markdown file cut in two at its front matter.
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// Byte offset of `body` in the file, so body offsets can be mapped back.
    pub body_offset: usize,
}

/// Cut `text` at its front matter, or say what is wrong with the fences.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error("this file has no front matter")
            .at(Location::at_offset(file, text, start))
            .help("start the file with a line `---`, then `title: Your title`, then another line `---`"));
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at(Location::at_offset(file, text, start).spanning(3))
        .help("add a line containing only `---` after the last front-matter line"))
}

/// Cut a Markdown file at its front matter and deserialize the front matter.
pub fn read<'a, T: DeserializeOwned>(
    file: &Path,
    text: &'a str,
) -> Result<(Split<'a>, T), Vec<Diagnostic>> {
    let split = split(file, text).map_err(|d| vec![d])?;
    let matter = parse(file, text, split.yaml, split.yaml_line)?;
    Ok((split, matter))
}

/// Deserialize `yaml`, which starts on 1-based line `first_line` of `file` (whose
/// whole text is `text`), reporting problems at their place in the file.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    yaml: &str,
    first_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    let duplicates = duplicate_keys(file, text, yaml, first_line);
    if !duplicates.is_empty() {
        return Err(duplicates);
    }
    // An empty block means "no keys", which serde_yaml would call end-of-input.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| vec![to_diagnostic(file, text, first_line, &e)])
}

fn to_diagnostic(
    file: &Path,
    text: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let (line, column) = error
        .location()
        .map_or((first_line, 1), |l| (first_line + l.line() - 1, l.column()));
    // The crate adds " at line X column Y", counted from the block: the caret
    // shows the place in the file, so the crate's own count would only mislead.
    let message = strip_positions(&error.to_string());
    let location = Location::at_line(file, text, line, column);
    explain(message, location)
}

fn strip_positions(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(start) = out.find(" at line ") {
        let rest = &out[start + " at line ".len()..];
        let digits = |t: &str| t.chars().take_while(char::is_ascii_digit).count();
        let line_len = digits(rest);
        let after_line = &rest[line_len..];
        let end = match after_line.strip_prefix(" column ") {
            Some(col) => start + " at line ".len() + line_len + " column ".len() + digits(col),
            None => start + " at line ".len() + line_len,
        };
        if line_len == 0 {
            break;
        }
        out.replace_range(start..end, "");
    }
    out
}

/// Rust's names for the values serde expected, in an author's words.
fn plain_type(expected: &str) -> String {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "a whole number".to_string()
        }
        "f32" | "f64" => "a number".to_string(),
        "a boolean" | "bool" => "`true` or `false`".to_string(),
        "a string" => "some text".to_string(),
        "a sequence" => "a list (lines starting `- `)".to_string(),
        other => other.to_string(),
    }
}

/// Turn serde's wording into an author's: which key, what was expected, how to fix.
fn explain(message: String, location: Location) -> Diagnostic {
    let (path, detail) = match message.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (Some(p.to_string()), d.to_string()),
        _ => (None, message.clone()),
    };
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (wrong, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let width = wrong.chars().count();
        let diagnostic =
            Diagnostic::error(format!("unknown key `{wrong}`")).at(location.spanning(width));
        return match did_you_mean(wrong, known.iter().copied()) {
            Some(right) => diagnostic.help(format!("did you mean `{right}`?")),
            None => diagnostic.help(format!("the keys allowed here are: {}", known.join(", "))),
        };
    }
    if let Some(rest) = detail.strip_prefix("unknown variant `") {
        let (wrong, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let key = path.map(|p| format!(" for `{p}`")).unwrap_or_default();
        let diagnostic = Diagnostic::error(format!("`{wrong}` is not an allowed value{key}"))
            .at(location.spanning(wrong.chars().count()));
        return match did_you_mean(wrong, known.iter().copied()) {
            Some(right) => diagnostic.help(format!("did you mean `{right}`?")),
            None => diagnostic.help(format!("use one of: {}", known.join(", "))),
        };
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return Diagnostic::error(format!("the required key `{field}` is missing"))
            .at(location)
            .help(format!("add a line `{field}: …` to this block"));
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another kind of value"));
        let key = path.map(|p| format!("`{p}` ")).unwrap_or_default();
        return Diagnostic::error(format!("{key}has the wrong kind of value: found {found}"))
            .at(location)
            .help(format!("write {} here", plain_type(expected)));
    }
    if let Some(rest) = detail.strip_prefix("invalid value: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another value"));
        let key = path.map(|p| format!("`{p}` ")).unwrap_or_default();
        return Diagnostic::error(format!("{key}has a value that is not allowed: {found}"))
            .at(location)
            .help(format!("write {expected} here"));
    }
    let key = path.map(|p| format!("`{p}`: ")).unwrap_or_default();
    Diagnostic::error(format!("{key}{detail}"))
        .at(location)
        .help("check the indentation and punctuation of this YAML line; text containing `: ` or starting with a quote must be wrapped in quotes")
}

/// The byte offset of the line where a top-level `key:` is written (0 if absent).
pub fn key_offset(text: &str, key: &str) -> usize {
    let prefix = format!("{key}:");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(&prefix) {
            return offset;
        }
        offset += line.len();
    }
    0
}

/// Where a top-level `key:` is written in `text`, for problems found after parsing.
pub fn key_location(file: &Path, text: &str, key: &str) -> Location {
    let prefix = format!("{key}:");
    let line = text
        .lines()
        .position(|l| l.starts_with(&prefix))
        .map_or(1, |i| i + 1);
    Location::at_line(file, text, line, 1).spanning(key.chars().count())
}

/// Where something under the top-level `key:` is written: the first line from
/// `key:` on where `find` gives a byte column, underlined for `width` characters.
/// Falls back to the `key:` line itself.
pub fn location_under(
    file: &Path,
    text: &str,
    key: &str,
    width: usize,
    find: impl Fn(&str) -> Option<usize>,
) -> Location {
    let prefix = format!("{key}:");
    let start = text
        .lines()
        .position(|l| l.starts_with(&prefix))
        .unwrap_or(0);
    let found = text
        .lines()
        .enumerate()
        .skip(start)
        .find_map(|(i, line)| find(line).map(|byte| (i, line[..byte].chars().count())));
    match found {
        Some((i, column)) => Location::at_line(file, text, i + 1, column + 1).spanning(width),
        None => key_location(file, text, key),
    }
}

/// The YAML crate reports a repeated key at the start of its mapping, which is
/// hard to act on; find the second occurrence of a top-level key ourselves.
fn duplicate_keys(file: &Path, text: &str, yaml: &str, first_line: usize) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashMap::new();
    let mut found = Vec::new();
    for (index, line) in yaml.lines().enumerate() {
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        if key.is_empty() || key.starts_with([' ', '\t', '-', '#']) || key.contains(' ') {
            continue;
        }
        let line_number = first_line + index;
        if let Some(first) = seen.insert(key.to_string(), line_number) {
            found.push(
                Diagnostic::error(format!("the key `{key}` appears twice"))
                    .at(Location::at_line(file, text, line_number, 1).spanning(key.chars().count()))
                    .help(format!(
                        "it was already set on line {first}; keep one of the two"
                    )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Matter {
        title: String,
        order: Option<i64>,
    }

    fn first_error(text: &str) -> Diagnostic {
        let file = Path::new("content/a.md");
        let split = split(file, text).unwrap();
        parse::<Matter>(file, text, split.yaml, split.yaml_line)
            .unwrap_err()
            .remove(0)
    }

    #[test]
    fn splits_the_block_and_keeps_the_body_offset() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn unknown_key_points_at_the_file_line_with_a_suggestion() {
        let d = first_error("---\ntitle: A\ntitel: B\n---\n");
        assert_eq!(d.message, "unknown key `titel`");
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_names_the_key() {
        let d = first_error("---\ntitle: A\norder: soon\n---\n");
        assert_eq!(
            d.message,
            "`order` has the wrong kind of value: found string \"soon\""
        );
        assert_eq!(d.location.unwrap().line, 3);
    }

    #[test]
    fn duplicate_key_is_reported_at_the_second_one() {
        let d = first_error("---\ntitle: A\ntitle: B\n---\n");
        assert_eq!(d.message, "the key `title` appears twice");
        assert_eq!(d.location.unwrap().line, 3);
    }

    #[test]
    fn unclosed_block_is_an_error() {
        let e = split(Path::new("a.md"), "---\ntitle: A\n").err().unwrap();
        assert_eq!(e.message, "the front matter is never closed");
    }
}
