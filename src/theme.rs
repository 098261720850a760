//! Theme: Tera templates and static files, built in and overridable file by file.
//!
//! The default theme (`themes/default/` in this repository) is compiled into the
//! binary, so `briefing build` works on any folder. A site that sets `theme: NAME`
//! in `site.yaml` may place any same-named file under `themes/NAME/templates/` or
//! `themes/NAME/static/` to replace the built-in one; everything else still comes
//! from the default. Template errors are reported against the file the author
//! edited, with its line and a caret.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::load::read_text;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
struct Builtin;

/// Where the default theme lives in a site, for `briefing theme` and for errors.
pub const DEFAULT_THEME_DIR: &str = "themes/default";

/// A template's text and the file it came from (for error locations).
struct TemplateSource {
    path: PathBuf,
    text: String,
}

pub struct Theme {
    pub tera: Tera,
    /// Static files, by their path under the output's `assets/` folder.
    pub statics: BTreeMap<PathBuf, Vec<u8>>,
    templates: BTreeMap<String, TemplateSource>,
}

impl Theme {
    /// The built-in theme with the site's overrides applied.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        for name in Builtin::iter() {
            let Some(file) = Builtin::get(&name) else {
                continue;
            };
            let path = PathBuf::from(DEFAULT_THEME_DIR).join(name.as_ref());
            if let Some(template) = name.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(&file.data).into_owned();
                templates.insert(template.to_string(), TemplateSource { path, text });
            } else if let Some(asset) = name.strip_prefix("static/") {
                statics.insert(PathBuf::from(asset), file.data.into_owned());
            }
        }
        let mut problems = Vec::new();
        if let Some(name) = config.theme.as_deref().filter(|n| *n != "default") {
            let dir = Path::new("themes").join(name);
            override_from(
                &config.root,
                &dir,
                &mut templates,
                &mut statics,
                &mut problems,
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        let result = tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, t)| (name.as_str(), t.text.as_str())),
        );
        let theme = Theme {
            tera,
            statics,
            templates,
        };
        match result {
            Ok(()) => Ok(theme),
            Err(e) => Err(vec![theme.diagnose(&e)]),
        }
    }

    /// Render `template`, turning a Tera error into a diagnostic at the template line.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| self.diagnose(&e))
    }

    fn diagnose(&self, error: &tera::Error) -> Diagnostic {
        let report = match error.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => r,
            _ => return self.diagnose_text(&error.to_string()),
        };
        let message = report.message().to_string();
        let Some(source) = self.templates.get(report.filename()) else {
            return Diagnostic::error(format!("template `{}`: {message}", report.filename()));
        };
        let span = report.span();
        let width = if span.start_line == span.end_line {
            span.end_col.saturating_sub(span.start_col)
        } else {
            1
        };
        Diagnostic::error(format!("template error: {message}"))
            .at(Location::at_line(&source.path, &source.text, span.start_line, span.start_col + 1).spanning(width))
            .help("fix the template; the variables a template can use are listed in the README under Theme")
    }
}

impl Theme {
    /// Tera reports some errors (a block missing from a parent template) only as
    /// text in its own `--> name:line:col` form: read the place back out of it.
    fn diagnose_text(&self, text: &str) -> Diagnostic {
        let message = text
            .lines()
            .next()
            .unwrap_or(text)
            .trim_start_matches("error: ")
            .to_string();
        let place = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))
            .and_then(|p| {
                let mut parts = p.rsplitn(3, ':');
                let column = parts.next()?.trim().parse::<usize>().ok()?;
                let line = parts.next()?.trim().parse::<usize>().ok()?;
                Some((parts.next()?.to_string(), line, column))
            });
        let diagnostic = Diagnostic::error(format!("template error: {message}"))
            .help("check the templates of your theme against the default theme (`briefing theme` copies it out)");
        match place
            .and_then(|(name, line, column)| self.templates.get(&name).map(|t| (t, line, column)))
        {
            Some((source, line, column)) => {
                diagnostic.at(Location::at_line(&source.path, &source.text, line, column))
            }
            None => diagnostic,
        }
    }
}

fn override_from(
    root: &Path,
    dir: &Path,
    templates: &mut BTreeMap<String, TemplateSource>,
    statics: &mut BTreeMap<PathBuf, Vec<u8>>,
    problems: &mut Vec<Diagnostic>,
) {
    for (kind, is_template) in [("templates", true), ("static", false)] {
        let base = root.join(dir).join(kind);
        for entry in WalkDir::new(&base).into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file()
                || crate::load::is_ignored(&entry.file_name().to_string_lossy(), false)
            {
                continue;
            }
            let inside = entry
                .path()
                .strip_prefix(&base)
                .unwrap_or(entry.path())
                .to_path_buf();
            let shown = dir.join(kind).join(&inside);
            if is_template {
                match read_text(entry.path(), &shown) {
                    Ok(text) => {
                        let name = inside.to_string_lossy().replace('\\', "/");
                        templates.insert(name, TemplateSource { path: shown, text });
                    }
                    Err(d) => problems.push(d),
                }
            } else {
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        statics.insert(inside, bytes);
                    }
                    Err(e) => problems.push(
                        Diagnostic::error(format!("cannot read this file: {e}"))
                            .at(Location::file(&shown)),
                    ),
                }
            }
        }
    }
}

/// Copy the built-in theme into `root/themes/NAME` so an author can edit it.
pub fn eject(root: &Path, name: &str) -> Result<PathBuf, Diagnostic> {
    let dir = root.join("themes").join(name);
    if dir.exists() {
        return Err(Diagnostic::error(format!("`themes/{name}` already exists"))
            .help("choose another name with `--name`, or delete that folder first"));
    }
    for file in Builtin::iter() {
        let Some(data) = Builtin::get(&file) else {
            continue;
        };
        let path = dir.join(file.as_ref());
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &data.data));
        if let Err(e) = written {
            return Err(Diagnostic::error(format!(
                "cannot write {}: {e}",
                path.display()
            )));
        }
    }
    Ok(dir)
}
