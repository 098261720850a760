//! The SCORM package on disk: a zip staged beside its target, moved into place last.
//!
//! `stage` writes the whole zip (every site file, the manifest, the schema
//! files) into a temporary file in the target's folder, so that everything
//! that can fail (reading copied assets, a full disk) fails before the site
//! is swapped in. `Staged::persist` then renames it over the target in one
//! step: an LMS administrator never picks up half a package, and a failed
//! build leaves the previous package as it was.

use super::SCHEMAS;
use crate::diagnostic::{Diagnostic, Location, display_path};
use crate::render::{Contents, OutputFile};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// The file at the package root that tells the LMS what the package holds.
pub const MANIFEST: &str = "imsmanifest.xml";

/// A finished zip in a temporary file beside where it belongs.
pub struct Staged {
    file: NamedTempFile,
    target: PathBuf,
}

/// Write `files` (read from `root` when they are copies), the `manifest` and
/// the schema files into a zip staged beside `target`.
pub fn stage(
    root: &Path,
    target: &Path,
    files: &[OutputFile],
    manifest: &str,
) -> Result<Staged, Diagnostic> {
    for file in files {
        let name = entry_name(&file.path);
        if name == MANIFEST || SCHEMAS.iter().any(|(schema, _)| *schema == name) {
            let problem = Diagnostic::error(format!(
                "the site has a file `{name}` at its root, where the SCORM package keeps its own"
            ))
            .help("rename the file or move it into a folder; the SCORM package needs the name");
            return Err(match &file.contents {
                Contents::Copy(from) => problem.at(Location::file(from)),
                Contents::Bytes(_) => problem,
            });
        }
    }
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(|e| io_error("create the folder", parent, &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".briefing-scorm-")
        .suffix(".zip.tmp")
        .tempfile_in(parent)
        .map_err(|e| io_error("create a temporary file in", parent, &e))?;
    let write_error = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!(
            "cannot write the SCORM package `{}`: {e}",
            display_path(target)
        ))
        .help("check that the disk has space and that you may write to that folder")
    };
    let mut zip = ZipWriter::new(BufWriter::new(staging.as_file()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    zip.start_file(MANIFEST, options)
        .and_then(|()| zip.write_all(manifest.as_bytes()).map_err(Into::into))
        .map_err(|e| write_error(&e))?;
    for (name, bytes) in SCHEMAS {
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(bytes).map_err(Into::into))
            .map_err(|e| write_error(&e))?;
    }
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for file in sorted {
        let name = entry_name(&file.path);
        match &file.contents {
            Contents::Bytes(bytes) => zip
                .start_file(
                    name,
                    options.large_file(bytes.len() as u64 > u32::MAX as u64),
                )
                .and_then(|()| zip.write_all(bytes).map_err(Into::into))
                .map_err(|e| write_error(&e))?,
            Contents::Copy(from) => {
                let cannot_copy = |e: &io::Error| {
                    Diagnostic::error(format!("cannot copy `{}`: {e}", display_path(from)))
                        .help("check that the file still exists and that you may read it")
                };
                let mut source = File::open(root.join(from)).map_err(|e| cannot_copy(&e))?;
                let size = source.metadata().map_err(|e| cannot_copy(&e))?.len();
                zip.start_file(name, options.large_file(size > u32::MAX as u64))
                    .map_err(|e| write_error(&e))?;
                io::copy(&mut source, &mut zip).map_err(|e| cannot_copy(&e))?;
            }
        }
    }
    zip.finish()
        .map_err(|e| write_error(&e))?
        .flush()
        .map_err(|e| write_error(&e))?;
    Ok(Staged {
        file: staging,
        target: target.to_path_buf(),
    })
}

impl Staged {
    /// Move the package over its target in one rename.
    pub fn persist(self) -> Result<(), Diagnostic> {
        let target = self.target;
        // Temporary files are private (0600); the package is for an LMS
        // administrator to pick up.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(self.file.path(), fs::Permissions::from_mode(0o644))
                .map_err(|e| io_error("set permissions on", self.file.path(), &e))?;
        }
        self.file.persist(&target).map_err(|e| {
            io_error("move the SCORM package into", &target, &e.error).help(
                "the site itself was written; check that you may replace that file, then build again",
            )
        })?;
        Ok(())
    }
}

/// A zip entry name: the output path with `/` between folders on every system.
fn entry_name(path: &Path) -> String {
    path.iter()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_error(action: &str, path: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {action} `{}`: {error}", display_path(path)))
        .help("check that the disk has space and that you may write to that folder")
}
