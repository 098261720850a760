//! Watching the site's sources with notify.
//!
//! `content/`, `quizzes/` and `themes/` are watched recursively and the site
//! root on its own (for `site.yaml`), never the whole root: a site kept in a
//! repository has build output and other large folders there, and serve writes
//! no output folder at all. Editor swap and backup files are ignored. Events are
//! debounced, so one save (often several file operations) is one rebuild.

use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::load::{CONTENT_DIR, QUIZ_DIR, is_ignored};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders whose files make the site.
pub const SOURCE_DIRS: [&str; 3] = [CONTENT_DIR, QUIZ_DIR, "themes"];

/// How long a burst of file events must be quiet before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// A running watcher; dropping it stops it.
pub enum Watch {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Polling(Debouncer<PollWatcher, NoCache>),
}

/// Watch `root` (absolute) and send the site-relative paths that changed.
pub fn watch(root: &Path, poll: bool, changes: Sender<Vec<PathBuf>>) -> Result<Watch, Diagnostic> {
    let root_for_events = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !e.kind.is_access())
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| relevant(&root_for_events, p))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = changes.send(paths);
        }
    };
    let failed = |e: notify::Error| {
        Diagnostic::error(format!("cannot watch the site's files for changes: {e}"))
            .help("on network drives and some virtual machines, run `briefing serve --poll`")
    };
    let mut watch = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        let debouncer =
            new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, handler, NoCache, config)
                .map_err(failed)?;
        Watch::Polling(debouncer)
    } else {
        Watch::Native(new_debouncer(DEBOUNCE, None, handler).map_err(failed)?)
    };
    watch
        .add(root, RecursiveMode::NonRecursive)
        .map_err(failed)?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watch.add(&path, RecursiveMode::Recursive).map_err(failed)?;
        }
    }
    Ok(watch)
}

impl Watch {
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watch::Native(d) => d.watch(path, mode),
            Watch::Polling(d) => d.watch(path, mode),
        }
    }

    /// Start watching a source folder that was created after serve started.
    pub fn add_new_source_dirs(&mut self, root: &Path, changed: &[PathBuf]) {
        for dir in SOURCE_DIRS {
            if changed.iter().any(|p| p == Path::new(dir)) && root.join(dir).is_dir() {
                let _ = self.add(&root.join(dir), RecursiveMode::Recursive);
            }
        }
    }
}

/// The site-relative path of an event's file, if it can change the site.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let is_source = relative == Path::new(CONFIG_FILE)
        || SOURCE_DIRS.iter().any(|dir| relative.starts_with(dir));
    let ignored = relative
        .iter()
        .any(|part| is_ignored(&part.to_string_lossy(), false));
    (is_source && !ignored).then(|| relative.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::{Path, PathBuf};

    #[test]
    fn only_source_files_trigger_a_rebuild() {
        let root = Path::new("/site");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(
            rel("/site/content/a.md"),
            Some(PathBuf::from("content/a.md"))
        );
        assert_eq!(rel("/site/site.yaml"), Some(PathBuf::from("site.yaml")));
        assert_eq!(
            rel("/site/themes/x/templates/page.html"),
            Some(PathBuf::from("themes/x/templates/page.html"))
        );
        assert_eq!(rel("/site/public/index.html"), None);
        assert_eq!(rel("/site/content/.a.md.swp"), None);
        assert_eq!(rel("/site/content/a.md~"), None);
        assert_eq!(rel("/elsewhere/content/a.md"), None);
    }
}
