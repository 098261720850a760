//! `build --scorm`: the SCORM 1.2 package of the shipped site, read back.
//!
//! The zip is opened and its `imsmanifest.xml` parsed as XML, so each test
//! asserts what an LMS would see: one launchable item per quiz with its pass
//! mark, a `sco` resource behind each, every file listed, relative URLs only,
//! and the schema files beside the manifest. A failed or refused build must
//! leave no package behind.

mod common;

/// Build options that also write a SCORM package to `path`.
fn scorm_to(path: &std::path::Path) -> briefing::BuildOptions<'_> {
    briefing::BuildOptions {
        scorm: Some(path),
        ..Default::default()
    }
}

use briefing::Failure;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const SCHEMAS: [&str; 4] = [
    "imscp_rootv1p1p2.xsd",
    "adlcp_rootv1p2.xsd",
    "imsmd_rootv1p2p1.xsd",
    "ims_xml.xsd",
];

/// Every entry of the zip at `path`, by name, with its bytes.
fn read_zip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("no zip at {}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).expect("the package is not a zip");
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("unreadable zip entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("unreadable zip entry");
        let name = entry.name().to_string();
        assert!(
            entries.insert(name.clone(), bytes).is_none(),
            "{name} is twice in the zip"
        );
    }
    entries
}

/// Undo the percent-encoding of a URL path.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("bad escape");
            out.push(u8::from_str_radix(hex, 16).expect("bad escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("the href is not UTF-8")
}

/// An href that an LMS resolves inside the package: no scheme, no leading
/// slash, no step out of the package root.
fn is_relative(href: &str) -> bool {
    !href.is_empty()
        && !href.contains(':')
        && !href.starts_with('/')
        && !href.starts_with('\\')
        && !href.split('/').any(|part| part == "..")
}

/// An XML ID (NCName) with no character an LMS could take for a path.
fn is_xml_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The child elements of `node` named `name`.
fn children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'input>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .collect()
}

/// The text of the first child element of `node` named `name`.
fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    children(node, name)
        .first()
        .and_then(|n| n.text())
        .unwrap_or_default()
        .to_string()
}

/// The shipped site built with `--scorm` to `package.zip` beside the site.
fn built_package() -> (Built, PathBuf) {
    let workspace = Workspace::with_shipped_site();
    let package = workspace.path().join("package.zip");
    match briefing::build_with(&workspace.site(), &workspace.out(), &scorm_to(&package)) {
        Ok(compiled) => (
            Built {
                workspace,
                compiled,
            },
            package,
        ),
        Err(failure) => panic!("the shipped site does not build: {failure:?}"),
    }
}

#[test]
fn the_package_has_one_item_per_quiz_and_lists_every_file() {
    let (built, package) = built_package();
    let entries = read_zip(&package);
    let manifest_text =
        String::from_utf8(entries["imsmanifest.xml"].clone()).expect("the manifest is not UTF-8");
    let manifest = roxmltree::Document::parse(&manifest_text)
        .unwrap_or_else(|e| panic!("imsmanifest.xml is not XML: {e}\n{manifest_text}"));
    let root = manifest.root_element();
    assert_eq!(root.tag_name().name(), "manifest");
    // The metadata says SCORM 1.2.
    let metadata = children(root, "metadata")[0];
    assert_eq!(text_of(metadata, "schema"), "ADL SCORM");
    assert_eq!(text_of(metadata, "schemaversion"), "1.2");

    // Identifiers: valid XML IDs, each used once.
    let ids: Vec<&str> = manifest
        .descendants()
        .filter_map(|n| n.attribute("identifier"))
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "repeated identifiers: {ids:?}");
    for id in &ids {
        assert!(is_xml_id(id), "{id:?} is not a valid XML ID");
    }

    // One organisation, named after the site, the default.
    let organizations = children(root, "organizations")[0];
    let organisation = children(organizations, "organization");
    assert_eq!(organisation.len(), 1);
    let organisation = organisation[0];
    assert_eq!(
        organizations.attribute("default"),
        organisation.attribute("identifier")
    );
    assert_eq!(text_of(organisation, "title"), "Stalking or harassment?");

    // Resources by identifier.
    let resources_node = children(root, "resources")[0];
    let resources: BTreeMap<&str, roxmltree::Node> = children(resources_node, "resource")
        .into_iter()
        .map(|r| (r.attribute("identifier").expect("resource without id"), r))
        .collect();

    // One item per quiz, in the site's order, each launching its quiz page.
    let items = children(organisation, "item");
    let quizzes = &built.compiled.site.quizzes;
    assert_eq!(items.len(), quizzes.len());
    assert!(quizzes.len() >= 2, "the shipped site has too few quizzes");
    for (item, quiz) in items.iter().zip(quizzes) {
        assert_eq!(text_of(*item, "title"), quiz.title);
        let mastery: Vec<_> = item
            .children()
            .filter(|c| c.has_tag_name((ADLCP, "masteryscore")))
            .collect();
        assert_eq!(mastery.len(), 1, "{} has no adlcp:masteryscore", quiz.id);
        assert_eq!(mastery[0].text(), Some(quiz.pass_mark.to_string().as_str()));
        let reference = item
            .attribute("identifierref")
            .unwrap_or_else(|| panic!("the item for {} launches nothing", quiz.id));
        let resource = resources
            .get(reference)
            .unwrap_or_else(|| panic!("no resource {reference}"));
        assert_eq!(resource.attribute((ADLCP, "scormtype")), Some("sco"));
        let href = resource.attribute("href").expect("a sco without href");
        let page = quiz.output.to_string_lossy().replace('\\', "/");
        assert_eq!(percent_decode(href), page);
        assert!(entries.contains_key(&page), "the zip has no {page}");
        // The SCO needs the shared files (style sheet, scripts, guidance).
        let dependencies: Vec<&str> = children(*resource, "dependency")
            .into_iter()
            .filter_map(|d| d.attribute("identifierref"))
            .collect();
        assert!(!dependencies.is_empty(), "{} depends on nothing", quiz.id);
        for dependency in dependencies {
            let shared = resources
                .get(dependency)
                .unwrap_or_else(|| panic!("no resource {dependency}"));
            assert_eq!(shared.attribute((ADLCP, "scormtype")), Some("asset"));
        }
    }

    // Every href is relative; every file of the zip but the manifest is listed.
    let mut listed = BTreeSet::new();
    for node in manifest.descendants().filter(|n| n.has_attribute("href")) {
        let href = node.attribute("href").unwrap_or_default();
        assert!(is_relative(href), "{href:?} is not a relative URL");
        if node.tag_name().name() == "file" {
            listed.insert(percent_decode(href));
        }
    }
    let in_zip: BTreeSet<String> = entries
        .keys()
        .filter(|name| *name != "imsmanifest.xml" && !SCHEMAS.contains(&name.as_str()))
        .cloned()
        .collect();
    let unlisted: Vec<_> = in_zip.difference(&listed).collect();
    assert!(unlisted.is_empty(), "files in no resource: {unlisted:?}");
    let missing: Vec<_> = listed.difference(&in_zip).collect();
    assert!(missing.is_empty(), "listed but not in the zip: {missing:?}");
    // The guidance pages are among the shared resource's files.
    for page in &built.compiled.site.pages {
        let path = page.output.to_string_lossy().replace('\\', "/");
        assert!(
            listed.contains(&path),
            "the guidance page {path} is not listed"
        );
    }

    // The zip holds the site exactly as the output folder does, and the schemas.
    let site_files = built.files();
    let site_files: Vec<&String> = site_files
        .iter()
        .filter(|f| *f != briefing::write::MARKER)
        .collect();
    assert_eq!(in_zip.iter().collect::<Vec<_>>(), site_files);
    for file in site_files {
        let on_disk = fs::read(built.out().join(file)).expect("unreadable output file");
        assert!(
            entries[file] == on_disk,
            "{file} differs from the output folder"
        );
    }
    let schema_folder = manifest_dir().join("src/scorm/schemas");
    for schema in SCHEMAS {
        let vendored = fs::read(schema_folder.join(schema)).expect("a vendored schema is missing");
        assert!(
            entries.get(schema) == Some(&vendored),
            "{schema} is missing from the package root or differs from src/scorm/schemas"
        );
    }

    // Quiz pages load the SCORM reporter before the quiz script.
    let page =
        String::from_utf8(entries[&quizzes[0].output.to_string_lossy().replace('\\', "/")].clone())
            .expect("the quiz page is not UTF-8");
    let reporter = page
        .find("assets/scorm.js")
        .expect("no scorm.js on a quiz page");
    let quiz_script = page
        .find("assets/quiz.js")
        .expect("no quiz.js on a quiz page");
    assert!(reporter < quiz_script, "scorm.js must load before quiz.js");
    assert!(entries.contains_key("assets/scorm.js"));
}

#[test]
fn titles_are_escaped_in_the_manifest() {
    let workspace = Workspace::with_shipped_site();
    let config = workspace.site().join("site.yaml");
    let text = fs::read_to_string(&config).expect("no site.yaml");
    fs::write(
        &config,
        text.replacen(
            "title: Stalking or harassment?",
            "title: \"Stalking & harassment <\\\"CPS\\\"> 'joint'\"",
            1,
        ),
    )
    .expect("cannot write site.yaml");
    let package = workspace.path().join("package.zip");
    if let Err(failure) =
        briefing::build_with(&workspace.site(), &workspace.out(), &scorm_to(&package))
    {
        panic!("the build failed: {failure:?}");
    }
    let entries = read_zip(&package);
    let text = String::from_utf8(entries["imsmanifest.xml"].clone()).expect("not UTF-8");
    let manifest = roxmltree::Document::parse(&text).expect("imsmanifest.xml is not XML");
    let title = manifest
        .descendants()
        .find(|n| n.has_tag_name("organization"))
        .and_then(|o| o.children().find(|c| c.has_tag_name("title")))
        .and_then(|t| t.text())
        .expect("no organisation title");
    assert_eq!(title, "Stalking & harassment <\"CPS\"> 'joint'");
}

#[test]
fn a_failed_build_writes_no_package_and_keeps_the_previous_one() {
    let workspace = Workspace::with_site(&bad_input("unknown_key"));
    let package = workspace.path().join("package.zip");
    match briefing::build_with(&workspace.site(), &workspace.out(), &scorm_to(&package)) {
        Err(Failure::Content(problems)) => assert_eq!(problems.error_count(), 1, "{problems}"),
        Err(Failure::Usage(problem)) => panic!("refused instead of failing: {problem}"),
        Ok(_) => panic!("a site with an unknown key was built"),
    }
    assert!(!package.exists(), "a failed build wrote a package");

    // After a good build, a failed one leaves the package (and the site) as
    // they were, and no temporary file beside them.
    let (built, package) = built_package();
    let workspace = &built.workspace;
    let page = workspace.site().join("content/offences/stalking.md");
    let text = fs::read_to_string(&page).expect("no stalking page");
    fs::write(&page, text.replacen("title:", "titel:", 1)).expect("cannot write");
    let before = tree(workspace.path());
    match briefing::build_with(&workspace.site(), &workspace.out(), &scorm_to(&package)) {
        Err(Failure::Content(problems)) => assert!(
            problems.to_string().contains("unknown key `titel`"),
            "{problems}"
        ),
        other => panic!("the broken site did not fail on content: {:?}", other.err()),
    }
    assert_eq!(tree_difference(&before, &tree(workspace.path())), "");
}

#[test]
fn a_file_that_is_not_a_package_is_not_replaced() {
    let workspace = Workspace::with_shipped_site();
    let config = workspace.site().join("site.yaml");
    let before = fs::read(&config).expect("no site.yaml");
    match briefing::build_with(&workspace.site(), &workspace.out(), &scorm_to(&config)) {
        Err(Failure::Usage(problem)) => assert!(
            problem
                .message
                .ends_with("site.yaml`: a file of that name exists and is not a zip"),
            "{problem}"
        ),
        other => panic!("site.yaml was not protected: {:?}", other.err()),
    }
    assert_eq!(fs::read(&config).expect("site.yaml is gone"), before);
    assert!(!workspace.out().exists(), "a refused build wrote the site");
}

#[test]
fn a_package_inside_the_output_folder_is_refused_with_exit_code_2() {
    let workspace = Workspace::with_shipped_site();
    let out = workspace.out();
    let package = out.join("course.zip");
    let run = run_briefing(
        workspace.path(),
        &[
            "build",
            "--root",
            &workspace.site().to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
            "--scorm",
            &package.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        workspace.redact(&run.stderr),
        "error: refusing to write the SCORM package to `[TMP]/out/course.zip`: it is inside \
         the output folder `[TMP]/out`, which every build replaces\n \
         = help: choose a file outside the output and source folders, e.g. `--scorm training.zip`\n"
    );
    assert!(!out.exists(), "a refused build wrote the site");
}

#[test]
fn a_package_inside_the_sources_is_refused() {
    let workspace = Workspace::with_shipped_site();
    for inside in ["content/course.zip", "quizzes/course.zip", "themes/x.zip"] {
        let package = workspace.site().join(inside);
        match briefing::build_with(&workspace.site(), &workspace.out(), &scorm_to(&package)) {
            Err(Failure::Usage(problem)) => {
                let folder = inside.split('/').next().unwrap_or_default();
                assert!(
                    problem.message.ends_with(&format!(
                        "it is inside `{folder}/`, which holds the site's sources"
                    )),
                    "{problem}"
                );
            }
            other => panic!("{inside} was not refused: {:?}", other.err()),
        }
        assert!(!package.exists());
    }
    assert!(!workspace.out().exists(), "a refused build wrote the site");
}

#[test]
fn the_command_line_writes_the_package_and_says_so() {
    let workspace = Workspace::with_shipped_site();
    let run = run_briefing(
        &workspace.site(),
        &["build", "--out", "../out", "--scorm", "course.zip"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .ends_with("Wrote the SCORM 1.2 package to course.zip\n"),
        "{}",
        run.stdout
    );
    let entries = read_zip(&workspace.site().join("course.zip"));
    assert!(entries.contains_key("imsmanifest.xml"));
    // No temporary file is left beside the package.
    let leftovers: Vec<_> = fs::read_dir(workspace.site())
        .expect("cannot list the site")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".briefing-scorm-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(workspace.site().join("course.zip"))
            .expect("no package")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "the package is not readable by others");
    }
}
