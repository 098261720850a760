//! The output folder is replaced all at once or not at all.
//!
//! `write` stages the new site in a `.briefing-build-*` folder beside the output
//! and swaps it in with renames; a content mistake is found before `write` runs.
//! Either way, a failed build must leave the previous site byte-for-byte as it
//! was and no temporary folder behind.

mod common;

use briefing::Failure;
use briefing::render::{Contents, OutputFile};
use common::*;
use std::fs;
use std::path::PathBuf;

/// A workspace with a good build of `fixture` in `out/`.
fn previous_build(fixture_name: &str) -> Workspace {
    let workspace = Workspace::with_site(&fixture(fixture_name));
    if let Err(failure) = briefing::build(&workspace.site(), &workspace.out()) {
        panic!("the previous build failed: {failure:?}");
    }
    workspace
}

#[test]
fn a_failed_content_build_leaves_the_previous_site_and_no_temporary_folder() {
    let workspace = previous_build("navigation_order");
    let broken = workspace.path().join("broken-site");
    copy_dir(&bad_input("unknown_key"), &broken);
    let before = tree(workspace.path());

    let problems = match briefing::build(&broken, &workspace.out()) {
        Err(Failure::Content(problems)) => problems,
        Err(Failure::Usage(problem)) => panic!("refused instead of failing on content: {problem}"),
        Ok(_) => panic!("a site with an unknown key was built"),
    };
    assert_eq!(problems.error_count(), 1);
    assert!(
        problems
            .to_string()
            .starts_with("error: unknown key `sumary`\n --> content/offences/stalking.md:3:1\n"),
        "{problems}"
    );

    assert_eq!(tree_difference(&before, &tree(workspace.path())), "");
    assert_eq!(
        leftover_temp_folders(workspace.path()),
        Vec::<String>::new()
    );
}

#[test]
fn a_failed_write_removes_its_staging_folder_and_keeps_the_previous_site() {
    let workspace = previous_build("callouts");
    let before = tree(workspace.path());
    // An asset that vanished between loading and writing (say, deleted by the
    // author mid-build): the copy fails after other files were staged.
    let files = vec![
        OutputFile {
            path: PathBuf::from("index.html"),
            contents: Contents::Bytes(b"<!DOCTYPE html>".to_vec()),
        },
        OutputFile {
            path: PathBuf::from("img/gone.png"),
            contents: Contents::Copy(PathBuf::from("content/img/gone.png")),
        },
    ];
    let problem = briefing::write::write(&workspace.site(), &workspace.out(), &files)
        .expect_err("the write should fail");
    assert!(
        problem
            .to_string()
            .starts_with("error: cannot copy `content/img/gone.png`: "),
        "{problem}"
    );

    assert_eq!(tree_difference(&before, &tree(workspace.path())), "");
    assert_eq!(
        leftover_temp_folders(workspace.path()),
        Vec::<String>::new()
    );
}

#[test]
fn a_failed_copy_names_the_file_that_could_not_be_read() {
    let workspace = previous_build("callouts");
    let files = vec![OutputFile {
        path: PathBuf::from("img/gone.png"),
        contents: Contents::Copy(PathBuf::from("content/img/gone.png")),
    }];
    let problem = briefing::write::write(&workspace.site(), &workspace.out(), &files)
        .expect_err("the write should fail");
    let text = problem.to_string();
    assert!(
        text.contains("content/img/gone.png"),
        "the missing source is not named:\n{text}"
    );
    assert!(
        !text.contains(".briefing-build-"),
        "the message names a temporary folder that no longer exists:\n{text}"
    );
}

#[test]
fn a_rebuild_replaces_the_whole_previous_site() {
    let workspace = previous_build("navigation_order");
    assert!(workspace.out().join("offences/stalking.html").is_file());
    // Build a different site into the same folder: nothing of the first may remain.
    let other = workspace.path().join("other-site");
    copy_dir(&fixture("callouts"), &other);
    if let Err(failure) = briefing::build(&other, &workspace.out()) {
        panic!("the rebuild failed: {failure:?}");
    }
    let fresh = Workspace::with_site(&fixture("callouts"));
    if let Err(failure) = briefing::build(&fresh.site(), &fresh.out()) {
        panic!("the fresh build failed: {failure:?}");
    }
    // Same files, same bytes, as a build into an empty folder.
    assert_eq!(
        tree_difference(&tree(&fresh.out()), &tree(&workspace.out())),
        ""
    );
    assert_eq!(
        leftover_temp_folders(workspace.path()),
        Vec::<String>::new()
    );
}

#[test]
fn a_build_marks_its_output_and_creates_missing_parent_folders() {
    let workspace = Workspace::with_site(&fixture("callouts"));
    let out = workspace.path().join("deep/er/site");
    if let Err(failure) = briefing::build(&workspace.site(), &out) {
        panic!("the build failed: {failure:?}");
    }
    let marker =
        fs::read_to_string(out.join(briefing::write::MARKER)).expect("the marker is written");
    assert_eq!(
        marker,
        "This folder was written by `briefing build` and is replaced by the next build.\n"
    );
    assert!(out.join("callouts.html").is_file());
    assert_eq!(
        leftover_temp_folders(&workspace.path().join("deep/er")),
        Vec::<String>::new()
    );
}

#[test]
fn an_empty_folder_not_made_by_briefing_may_be_used() {
    let workspace = Workspace::with_site(&fixture("callouts"));
    fs::create_dir_all(workspace.out()).unwrap();
    if let Err(failure) = briefing::build(&workspace.site(), &workspace.out()) {
        panic!("the build into an empty folder failed: {failure:?}");
    }
    assert!(workspace.out().join("callouts.html").is_file());
}

#[test]
fn write_itself_refuses_a_folder_it_did_not_make() {
    // `build` checks the target first, but `write` must not rely on that.
    let workspace = Workspace::with_site(&fixture("callouts"));
    let mine = workspace.path().join("mine");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let before = tree(workspace.path());
    let files = vec![OutputFile {
        path: PathBuf::from("index.html"),
        contents: Contents::Bytes(b"x".to_vec()),
    }];
    let problem = briefing::write::write(&workspace.site(), &mine, &files)
        .expect_err("the write should be refused");
    assert_eq!(
        workspace.redact(&problem.to_string()),
        "error: refusing to write the site into `[TMP]/mine`: that folder is not empty and was not made by `briefing build`\n \
         = help: choose an output folder of its own, e.g. `--out public` (the default)\n"
    );
    assert_eq!(tree_difference(&before, &tree(workspace.path())), "");
}
