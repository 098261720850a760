//! Write: the only module that writes the output tree.
//!
//! The site is written into a fresh folder beside the target and swapped in with
//! two renames only after every file is written, so readers never see half a site
//! and a failed build leaves the previous one untouched. Because the swap deletes
//! the old folder, the target is checked first: never the site root or one of its
//! source folders, and never an existing folder that a build did not make.

use crate::diagnostic::{Diagnostic, display_path};
use crate::render::{Contents, OutputFile};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Left in every output folder, so a later build knows it may replace it.
pub const MARKER: &str = ".briefing-output";

/// Folders of the site that hold the author's work and must never be replaced.
const PROTECTED: [&str; 5] = ["content", "quizzes", "themes", ".git", "src"];

/// Refuse an output folder whose replacement would destroy the author's work.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let shown = display_path(&out);
    let refuse = |why: String| {
        Diagnostic::error(format!("refusing to write the site into `{shown}`: {why}"))
            .help("choose an output folder of its own, e.g. `--out public` (the default)")
    };
    if out == root || root.starts_with(&out) {
        return Err(refuse(
            "that folder contains the site's sources".to_string(),
        ));
    }
    for folder in PROTECTED {
        if out.starts_with(root.join(folder)) {
            return Err(refuse(format!(
                "it is inside `{folder}/`, which holds the site's sources"
            )));
        }
    }
    if out.is_file() {
        return Err(refuse("a file of that name exists".to_string()));
    }
    if out.is_dir()
        && !out.join(MARKER).is_file()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    {
        return Err(refuse(
            "that folder is not empty and was not made by `briefing build`".to_string(),
        ));
    }
    Ok(())
}

/// Write `files` as the new content of `out`, atomically. `root` is where
/// `Contents::Copy` paths start.
pub fn write(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    check_target(root, out)?;
    let out = absolute(out);
    let parent = out.parent().unwrap_or(Path::new("/"));
    fs::create_dir_all(parent).map_err(|e| io_error("create the folder", parent, &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".briefing-build-")
        .tempdir_in(parent)
        .map_err(|e| io_error("create a temporary folder in", parent, &e))?;
    let dirs: BTreeSet<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    for dir in dirs {
        let path = staging.path().join(dir);
        fs::create_dir_all(&path).map_err(|e| io_error("create the folder", &path, &e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = staging.path().join(&file.path);
        match &file.contents {
            Contents::Bytes(bytes) => {
                fs::write(&path, bytes).map_err(|e| io_error("write", &path, &e))
            }
            Contents::Copy(from) => fs::copy(root.join(from), &path).map(drop).map_err(|e| {
                Diagnostic::error(format!("cannot copy `{}`: {e}", display_path(from)))
                    .help("check that the file still exists and that you may read it")
            }),
        }
    })?;
    let marker = staging.path().join(MARKER);
    fs::write(
        &marker,
        "This folder was written by `briefing build` and is replaced by the next build.\n",
    )
    .map_err(|e| io_error("write", &marker, &e))?;
    make_readable(staging.path())?;
    swap(staging.keep(), &out)
}

/// Put `new` where `out` is, keeping the old tree until the new one is in place.
fn swap(new: PathBuf, out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return fs::rename(&new, out).map_err(|e| io_error("move the new site into", out, &e));
    }
    let old = out.with_file_name(format!(".briefing-old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| io_error("remove", &old, &e))?;
    }
    fs::rename(out, &old).map_err(|e| io_error("move the previous site out of", out, &e))?;
    if let Err(e) = fs::rename(&new, out) {
        // Put the previous site back so readers keep a working site.
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&new);
        return Err(io_error("move the new site into", out, &e));
    }
    fs::remove_dir_all(&old).map_err(|e| io_error("remove the previous site at", &old, &e))
}

/// Temporary folders are private (0700); a published site must be readable by the
/// web server's user.
fn make_readable(dir: &Path) -> Result<(), Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
            .map_err(|e| io_error("set permissions on", dir, &e))?;
    }
    Ok(())
}

fn io_error(action: &str, path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {action} `{}`: {error}", display_path(path)))
        .help("check that the disk has space and that you may write to that folder")
}

/// An absolute, normalised path, with symbolic links resolved where the path exists,
/// so that `out/../content` and links cannot slip past the checks.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Resolve links on the longest existing prefix; the rest does not exist yet.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}
