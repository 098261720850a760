//! `briefing check` (exit codes, review dates, unreachable pages, JSON) and
//! `briefing new` (a site that builds and checks clean at once).

mod common;

use common::{Workspace, bad_input, fixture, run_briefing};

fn check(site: &std::path::Path, extra: &[&str]) -> common::Run {
    let root = site.to_string_lossy();
    let mut args = vec!["check", "--root", &root];
    args.extend_from_slice(extra);
    run_briefing(site, &args)
}

#[test]
fn a_clean_site_checks_with_exit_code_0_and_writes_nothing() {
    let workspace = Workspace::with_site(&fixture("review_and_sources"));
    let run = check(&workspace.site(), &["--today", "2027-01-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "No problems found.");
    assert!(!workspace.site().join("public").exists());
}

#[test]
fn a_content_error_gives_exit_code_1() {
    let workspace = Workspace::with_site(&bad_input("unknown_key"));
    let run = check(&workspace.site(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: unknown key `sumary`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_out_of_date_review_is_a_warning_and_strict_makes_it_fail() {
    let workspace = Workspace::with_site(&fixture("review_and_sources"));
    // Reviewed 2026-11-29; twelve months on is 2027-11-29.
    let on_time = check(&workspace.site(), &["--today", "2027-11-29"]);
    assert_eq!(on_time.code, 0);
    assert!(on_time.stderr.is_empty(), "{}", on_time.stderr);

    let late = check(&workspace.site(), &["--today", "2027-11-30"]);
    assert_eq!(late.code, 0, "warnings alone do not fail: {}", late.stderr);
    assert_eq!(
        late.stderr,
        "warning: the law on this page was last checked on 29 November 2026, more than 12 months ago\n \
--> content/checked.md:4:1\n  |\n4 | reviewed: 2026-11-29\n  | ^^^^^^^^\n  \
= help: check the page against its sources, then set `reviewed:` to the date you checked it\n\n1 warning\n"
    );

    let strict = check(&workspace.site(), &["--today", "2027-11-30", "--strict"]);
    assert_eq!(strict.code, 1);
}

#[test]
fn review_after_months_comes_from_site_yaml() {
    let workspace = Workspace::with_site(&fixture("review_and_sources"));
    std::fs::write(
        workspace.site().join("site.yaml"),
        "review_after_months: 3\n",
    )
    .unwrap();
    let run = check(&workspace.site(), &["--today", "2027-03-01", "--strict"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("more than 3 months ago"),
        "{}",
        run.stderr
    );
}

#[test]
fn pages_under_a_draft_section_are_reported_as_unreachable() {
    let workspace = Workspace::with_site(&fixture("draft_section"));
    let run = check(&workspace.site(), &["--strict"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "warning: no navigation reaches this page, because its section is a draft\n --> content/archive/old-protocol.md\n"
        ),
        "{}",
        run.stderr
    );
    let lenient = check(&workspace.site(), &[]);
    assert_eq!(lenient.code, 0);
}

#[test]
fn json_output_lists_each_diagnostic_with_its_place() {
    let workspace = Workspace::with_site(&fixture("review_and_sources"));
    let run = check(
        &workspace.site(),
        &["--today", "2030-01-01", "--format", "json"],
    );
    assert_eq!(run.code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("check --format json prints JSON");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "warning");
    assert_eq!(diagnostic["location"]["file"], "content/checked.md");
    assert_eq!(diagnostic["location"]["line"], 4);
    assert_eq!(diagnostic["location"]["column"], 1);
    assert!(diagnostic["help"].as_str().unwrap().contains("`reviewed:`"));
}

#[test]
fn json_output_of_a_broken_site_counts_its_errors() {
    let workspace = Workspace::with_site(&bad_input("unknown_key"));
    let run = check(&workspace.site(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    assert_eq!(report["diagnostics"][0]["message"], "unknown key `sumary`");
}

#[test]
fn a_new_site_builds_and_checks_clean_at_once() {
    let workspace = Workspace::empty();
    let dir = workspace.path().join("training");
    let created = run_briefing(workspace.path(), &["new", "training"]);
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert!(
        created.stdout.contains("briefing serve --root training"),
        "{}",
        created.stdout
    );
    assert!(
        created.stdout.contains("briefing build --root training"),
        "{}",
        created.stdout
    );

    let checked = check(&dir, &["--strict"]);
    assert_eq!(
        (checked.code, checked.stdout.trim()),
        (0, "No problems found."),
        "{}",
        checked.stderr
    );

    let built = run_briefing(&dir, &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    for page in [
        "index.html",
        "guidance/index.html",
        "guidance/stalking.html",
        "quizzes/first-scenario.html",
    ] {
        assert!(
            dir.join("public").join(page).is_file(),
            "{page} was not built"
        );
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let workspace = Workspace::empty();
    let dir = workspace.path().join("existing");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let run = run_briefing(workspace.path(), &["new", "existing"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `existing` is not empty\n = help: choose a new folder name; `briefing new` never writes over existing files\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.join("site.yaml").exists());
}
