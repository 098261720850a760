//! Review: what `briefing check` looks for beyond what `build` refuses.
//!
//! Law changes, so every page and scenario says when its law was last checked
//! (`reviewed`). A date older than `review_after_months` is a warning, not an
//! error: the site still builds, but the owner is told what to re-check. This is
//! kept out of `build` so that a build's result never depends on today's date.

use crate::diagnostic::{Diagnostic, Location};
use crate::frontmatter;
use crate::load::read_text;
use crate::meta::Date;
use crate::site::Site;
use chrono::{Months, NaiveDate};
use std::path::Path;

/// Warnings for every page and quiz whose `reviewed` date is out of date on `today`.
pub fn stale_reviews(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let months = site.config.review_after_months;
    let dated = site
        .pages
        .iter()
        .map(|p| (p.source.as_path(), p.reviewed))
        .chain(
            site.quizzes
                .iter()
                .map(|q| (q.source.as_path(), q.meta.reviewed)),
        );
    let mut problems = Vec::new();
    for (source, reviewed) in dated {
        let Some(Date(reviewed)) = reviewed else {
            continue;
        };
        let due = reviewed
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        if due < today {
            problems.push(stale(&site.config.root, source, reviewed, months));
        }
    }
    problems
}

fn stale(root: &Path, source: &Path, reviewed: NaiveDate, months: u32) -> Diagnostic {
    let diagnostic = Diagnostic::warning(format!(
        "the law on this page was last checked on {}, more than {months} months ago",
        Date(reviewed)
    ))
    .help("check the page against its sources, then set `reviewed:` to the date you checked it");
    // Only stale files are read again, to point at their `reviewed:` line.
    match read_text(&root.join(source), source) {
        Ok(text) => diagnostic.at(frontmatter::key_location(source, &text, "reviewed")),
        Err(_) => diagnostic.at(Location::file(source)),
    }
}
