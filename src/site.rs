//! Site: every page placed in its section, every internal link checked.
//!
//! Sections are folders; a folder's `_index.md` is its page. A folder without one
//! (or a site without a home page) gets a plain generated page so navigation never
//! has a hole. Children are ordered by `order`, then title. The tree is stored once
//! as indices; per-page views (navigation, breadcrumbs, previous/next) are derived
//! on demand so no page carries a copy of the whole site.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location, did_you_mean, display_path};
use crate::load::{Asset, CONTENT_DIR};
use crate::markdown::LinkRef;
use crate::meta::Audience;
use crate::page::Page;
use crate::quiz::Quiz;
use crate::url;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub quizzes: Vec<Quiz>,
    pub assets: Vec<Asset>,
    pub home: usize,
    by_source: HashMap<PathBuf, usize>,
    /// Each page's output path as an encoded URL path, computed once: every
    /// page's navigation links to many others.
    hrefs: Vec<String>,
    parents: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    drafts: HashSet<PathBuf>,
    /// Files with front matter too broken to read: their own error says so, so
    /// links to them are not checked.
    unreadable: HashSet<PathBuf>,
}

impl Site {
    /// Place pages and quizzes in one site and check every link between them.
    pub fn assemble(
        config: Config,
        pages: Vec<Page>,
        quizzes: Vec<Quiz>,
        assets: Vec<Asset>,
        unreadable: HashSet<PathBuf>,
    ) -> (Site, Vec<Diagnostic>) {
        let drafts: HashSet<PathBuf> = pages
            .iter()
            .filter(|p| p.draft)
            .map(|p| p.source.clone())
            .collect();
        let mut pages: Vec<Page> = pages.into_iter().filter(|p| !p.draft).collect();
        add_missing_section_pages(&mut pages, &config, &drafts);
        pages.sort_by(|a, b| a.source.cmp(&b.source));
        let by_source: HashMap<PathBuf, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.clone(), i))
            .collect();
        let section_of = |dir: &Path| by_source.get(&dir.join("_index.md")).copied();
        let parents: Vec<Option<usize>> = pages
            .iter()
            .map(|p| {
                let dir = p.source.parent()?;
                let dir = if p.is_section { dir.parent()? } else { dir };
                section_of(dir)
            })
            .collect();
        let home = section_of(Path::new(CONTENT_DIR)).unwrap_or(0);
        let mut children = vec![Vec::new(); pages.len()];
        for (i, parent) in parents.iter().enumerate() {
            if let Some(parent) = parent {
                children[*parent].push(i);
            }
        }
        for list in &mut children {
            list.sort_by_cached_key(|&i| {
                let p = &pages[i];
                (p.order.is_none(), p.order, p.title.to_lowercase())
            });
        }
        let hrefs = pages.iter().map(|p| url::href(&p.output)).collect();
        let site = Site {
            config,
            pages,
            quizzes,
            assets,
            home,
            by_source,
            hrefs,
            parents,
            children,
            drafts,
            unreadable,
        };
        let links: Vec<&LinkRef> = site
            .pages
            .iter()
            .flat_map(|p| &p.links)
            .chain(site.quizzes.iter().flat_map(|q| &q.links))
            .collect();
        let mut problems = site.check_links(&links);
        problems.extend(site.orphans().map(|p| {
            Diagnostic::warning("no navigation reaches this page, because its section is a draft")
                .at(Location::file(&site.pages[p].source))
                .help("publish the section's `_index.md` (remove `draft: true`), or mark this page as a draft too")
        }));
        (site, problems)
    }

    /// The page's output path as a URL path from the output root.
    pub fn href(&self, page: usize) -> &str {
        &self.hrefs[page]
    }

    /// The published page whose source is `source` (site-relative).
    pub fn page(&self, source: &Path) -> Option<usize> {
        self.by_source.get(source).copied()
    }

    pub fn children(&self, page: usize) -> &[usize] {
        &self.children[page]
    }

    /// The page's ancestors, from the home page down to its parent.
    pub fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.parents[page];
        while let Some(p) = current {
            chain.push(p);
            current = self.parents[p];
        }
        chain.reverse();
        chain
    }

    /// Pages that no navigation reaches: their section is a draft.
    pub fn orphans(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.pages.len())
            .filter(|&p| p != self.home && self.ancestors(p).first() != Some(&self.home))
    }

    /// The pages before and after this one in its section.
    pub fn neighbours(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let Some(parent) = self.parents[page] else {
            return (None, None);
        };
        let siblings = &self.children[parent];
        let Some(at) = siblings.iter().position(|&p| p == page) else {
            return (None, None);
        };
        let prev = at.checked_sub(1).map(|i| siblings[i]);
        (prev, siblings.get(at + 1).copied())
    }

    /// Check `links` against every page, quiz and asset of the site.
    pub fn check_links(&self, links: &[&LinkRef]) -> Vec<Diagnostic> {
        let mut anchors: HashMap<&Path, Vec<&str>> = HashMap::new();
        for page in &self.pages {
            anchors.insert(
                &page.source,
                page.headings.iter().map(|h| h.id.as_str()).collect(),
            );
        }
        for quiz in &self.quizzes {
            anchors.insert(
                &quiz.source,
                quiz.anchors.iter().map(String::as_str).collect(),
            );
        }
        let targets = Targets {
            anchors,
            assets: self.assets.iter().map(|a| a.path.as_path()).collect(),
            drafts: &self.drafts,
            unreadable: &self.unreadable,
        };
        links
            .par_iter()
            .filter_map(|link| targets.check(link))
            .collect()
    }
}

/// Everything a link may point at.
struct Targets<'a> {
    /// Published pages and quizzes, with the ids of their headings.
    anchors: HashMap<&'a Path, Vec<&'a str>>,
    assets: HashSet<&'a Path>,
    drafts: &'a HashSet<PathBuf>,
    /// Files with front matter too broken to read: their own error says so.
    unreadable: &'a HashSet<PathBuf>,
}

impl Targets<'_> {
    fn check(&self, link: &LinkRef) -> Option<Diagnostic> {
        let Targets {
            anchors,
            assets,
            drafts,
            unreadable,
        } = self;
        if unreadable.contains(&link.target) {
            return None;
        }
        let target = display_path(&link.target);
        let is_page = link.target.extension().is_some_and(|e| e == "md");
        if !is_page {
            return (!assets.contains(link.target.as_path())).then(|| {
                Diagnostic::error(format!("the file `{target}` does not exist"))
                    .at(link.location.clone())
                    .help("put the file under `content/`, or correct the link")
            });
        }
        if drafts.contains(&link.target) {
            return Some(
                Diagnostic::error(format!("`{target}` is a draft, so it is not published"))
                    .at(link.location.clone())
                    .help("remove `draft: true` from that page, or remove this link"),
            );
        }
        let Some(ids) = anchors.get(link.target.as_path()) else {
            let diagnostic = Diagnostic::error(format!("the page `{target}` does not exist"))
                .at(link.location.clone());
            let Some(right) = closest_page(&link.target, anchors.keys().copied()) else {
                return Some(diagnostic.help(if link.from_content {
                    "name a guidance page by its path under `content/`, e.g. `offences/stalking.md`"
                } else {
                    "link to the page's source file, relative to this file, e.g. `../offences/stalking.md`"
                }));
            };
            // Suggest the page as the author writes it at this place.
            let written = if link.from_content {
                display_path(right.strip_prefix(CONTENT_DIR).unwrap_or(right))
            } else {
                url::relative(&link.location.file, right)
            };
            return Some(diagnostic.help(format!(
                "did you mean `{written}`? (`{}`)",
                display_path(right)
            )));
        };
        let fragment = link.fragment.as_deref()?;
        if fragment.is_empty() || ids.contains(&fragment) {
            return None;
        }
        let diagnostic = Diagnostic::error(format!(
            "`{target}` has no heading with the id `{fragment}`"
        ))
        .at(link.location.clone());
        Some(match did_you_mean(fragment, ids.iter().copied()) {
            Some(right) => diagnostic.help(format!("did you mean `#{right}`?")),
            None if ids.is_empty() => {
                diagnostic.help("that page has no headings to link to; remove the `#…` part")
            }
            None => diagnostic.help(format!(
                "the headings there have the ids: {}",
                ids.join(", ")
            )),
        })
    }
}

/// The page an author most likely meant: one with the same file name in another
/// folder, or else a path that differs by a few letters.
fn closest_page<'a>(wanted: &Path, pages: impl Iterator<Item = &'a Path>) -> Option<&'a Path> {
    let wanted_text = wanted.to_string_lossy();
    let mut best: Option<(f64, &Path)> = None;
    for page in pages {
        let score = if page.file_name() == wanted.file_name() {
            2.0
        } else {
            strsim::normalized_damerau_levenshtein(&wanted_text, &page.to_string_lossy())
        };
        if score > 0.85 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, page));
        }
    }
    best.map(|(_, page)| page)
}

/// Give every folder that holds pages a section page, and the site a home page.
/// A folder whose `_index.md` is a draft gets none: its pages stay out of the
/// navigation (and `orphans` reports them) until the section is published.
fn add_missing_section_pages(pages: &mut Vec<Page>, config: &Config, drafts: &HashSet<PathBuf>) {
    let present: HashSet<PathBuf> = pages.iter().map(|p| p.source.clone()).collect();
    let mut needed = BTreeSet::new();
    for page in pages.iter() {
        let mut dir = page.source.parent();
        if page.is_section {
            dir = dir.and_then(Path::parent);
        }
        while let Some(d) = dir.filter(|d| d.starts_with(CONTENT_DIR)) {
            needed.insert(d.join("_index.md"));
            dir = d.parent();
        }
    }
    needed.insert(Path::new(CONTENT_DIR).join("_index.md"));
    for source in needed
        .into_iter()
        .filter(|s| !present.contains(s) && !drafts.contains(s))
    {
        let dir = source.parent().unwrap_or(Path::new(CONTENT_DIR));
        let title = if dir == Path::new(CONTENT_DIR) {
            config.title.clone()
        } else {
            humanise(&dir.file_name().unwrap_or_default().to_string_lossy())
        };
        pages.push(Page {
            output: url::output_path(&source),
            source,
            title,
            summary: None,
            order: None,
            audience: Audience::Both,
            reviewed: None,
            sources: Vec::new(),
            draft: false,
            is_section: true,
            html: String::new(),
            trainer_notes: None,
            headings: Vec::new(),
            links: Vec::new(),
        });
    }
}

/// `recognising-stalking` -> `Recognising stalking`.
fn humanise(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::humanise;

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(humanise("recognising-stalking"), "Recognising stalking");
    }
}
