//! Search: an index of every guidance page and scenario, built at build time
//! and shipped as a plain script (`assets/search-index.js`).
//!
//! The index must load from `file://`, offline and under
//! `Content-Security-Policy: default-src 'self'`, so it cannot be fetched (no
//! `fetch()` of local files) and cannot need WebAssembly or workers: that rules
//! out Pagefind. elasticlunr-rs fits those constraints (mdBook uses it) but
//! needs elasticlunr.js on the page and stores every page's whole text, which
//! at 10,000 pages is hundreds of megabytes. So the index is our own and small:
//! an inverted index from word to the pages that use it most (title and
//! headings weigh more than body text), a short extract of each page for the
//! result snippet, and no full bodies. Queries match word prefixes, so
//! `harass` finds harassment. The page script (`search.js`) loads the index
//! only when someone searches.

use crate::page::Page;
use crate::quiz::Quiz;
use crate::site::Site;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Pages kept per word: a word on more pages than this says little about any
/// one of them, and the best-scoring pages are the ones a reader wants.
const MAX_PAGES_PER_WORD: usize = 200;

/// Characters of each page's text kept for result snippets.
const EXTRACT_CHARS: usize = 280;

/// How much a word counts in each part of a page.
const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 4;
const BODY_WEIGHT: u32 = 1;

/// Words too common to search for.
const STOP_WORDS: [&str; 48] = [
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for",
    "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it", "its", "not",
    "of", "on", "or", "she", "so", "that", "the", "their", "them", "then", "there", "they", "this",
    "to", "was", "were", "which", "who", "will", "with",
];

/// The index as the page script reads it.
#[derive(Serialize)]
struct Index<'a> {
    /// Per page: title, section, URL from the site root, extract.
    docs: Vec<[&'a str; 4]>,
    /// Word -> flat list of (page number, score) pairs, best first.
    words: BTreeMap<String, Vec<u32>>,
    /// Words never indexed, so the script drops them from queries too.
    stop: &'static [&'static str],
}

/// One page or scenario, as the index sees it.
struct Doc<'a> {
    title: &'a str,
    section: &'a str,
    url: String,
    headings: Vec<&'a str>,
    text: String,
}

/// The index of `site` as a script that defines `window.briefingSearchIndex`.
pub fn index_script(site: &Site) -> String {
    let docs: Vec<Doc> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| page_doc(site, i, page))
        .chain(site.quizzes.iter().map(quiz_doc))
        .collect();
    let words = weigh(&docs);
    let extracts: Vec<String> = docs.iter().map(|d| extract(&d.text)).collect();
    let index = Index {
        docs: docs
            .iter()
            .zip(&extracts)
            .map(|(d, e)| [d.title, d.section, d.url.as_str(), e.as_str()])
            .collect(),
        words,
        stop: &STOP_WORDS,
    };
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".to_string());
    // `<` never occurs outside JSON strings, where `\u003c` means the same.
    format!(
        "window.briefingSearchIndex = {};\n",
        json.replace('<', "\\u003c")
    )
}

fn page_doc<'a>(site: &'a Site, index: usize, page: &'a Page) -> Doc<'a> {
    let section = site
        .ancestors(index)
        .last()
        .filter(|&&p| p != site.home)
        .map_or("Guidance", |&p| site.pages[p].title.as_str());
    Doc {
        title: &page.title,
        section,
        url: site.href(index).to_string(),
        headings: page.headings.iter().map(|h| h.text.as_str()).collect(),
        text: format!(
            "{} {}",
            page.summary.as_deref().unwrap_or(""),
            text_of(&page.html)
        ),
    }
}

fn quiz_doc(quiz: &Quiz) -> Doc<'_> {
    let mut html = String::new();
    for step in &quiz.steps {
        html.push_str(&step.narrative);
        for question in &step.questions {
            html.push(' ');
            html.push_str(&question.prompt);
        }
    }
    Doc {
        title: &quiz.title,
        section: "Scenarios",
        url: crate::url::href(&quiz.output),
        headings: Vec::new(),
        text: format!(
            "{} {}",
            quiz.meta.summary.as_deref().unwrap_or(""),
            text_of(&html)
        ),
    }
}

/// Score every word on every page, then keep each word's best pages. Pages
/// are scored and grouped by word in parallel; each thread's groups are merged.
fn weigh(docs: &[Doc]) -> BTreeMap<String, Vec<u32>> {
    type Groups = FxHashMap<String, Vec<(u32, u32)>>;
    let grouped: Groups = docs
        .par_iter()
        .enumerate()
        .fold(Groups::default, |mut groups, (doc, page)| {
            for (word, score) in scores(page) {
                groups
                    .entry(word.into_owned())
                    .or_default()
                    .push((doc as u32, score));
            }
            groups
        })
        .reduce(Groups::default, |mut all, part| {
            for (word, mut pages) in part {
                all.entry(word).or_default().append(&mut pages);
            }
            all
        });
    grouped
        .into_par_iter()
        .map(|(word, mut pages)| {
            pages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            pages.truncate(MAX_PAGES_PER_WORD);
            let flat = pages.into_iter().flat_map(|(doc, score)| [doc, score]);
            (word, flat.collect())
        })
        .collect()
}

/// Each word of one page with its weighted count. Words are short and not
/// chosen by an attacker, so the fast Fx hash fits better than the default.
fn scores<'a>(page: &'a Doc) -> FxHashMap<Cow<'a, str>, u32> {
    let mut scores = FxHashMap::default();
    let headings = page.headings.iter().flat_map(|h| words(h));
    let weighted = words(page.title)
        .map(|w| (w, TITLE_WEIGHT))
        .chain(headings.map(|w| (w, HEADING_WEIGHT)))
        .chain(words(&page.text).map(|w| (w, BODY_WEIGHT)));
    for (word, weight) in weighted {
        *scores.entry(word).or_insert(0) += weight;
    }
    scores
}

/// The searchable words of `text`: lower case, letters and digits, no stop words.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
        .filter(|w| !stop_words().contains(w.as_ref()))
}

fn stop_words() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.into_iter().collect())
}

/// The start of a page's text, cut at a word boundary.
fn extract(text: &str) -> String {
    let mut out = String::with_capacity(EXTRACT_CHARS + 4);
    let mut length = 0;
    for word in text.split_whitespace() {
        let count = word.chars().count();
        if length + count + 1 > EXTRACT_CHARS {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            length += 1;
        }
        out.push_str(word);
        length += count;
    }
    out
}

/// The readable text of rendered HTML: tags dropped, the entities the
/// Markdown renderer writes decoded.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            text.push(' ');
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let entity = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ]
        .into_iter()
        .find(|(name, _)| rest.starts_with(name));
        match entity {
            Some((name, c)) => {
                text.push(c);
                rest = &rest[name.len()..];
            }
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_without_stop_words() {
        let found: Vec<String> = words("The Stalking offence (s.2A) and FOUR")
            .map(Cow::into_owned)
            .collect();
        assert_eq!(found, ["stalking", "offence", "2a", "four"]);
    }

    #[test]
    fn text_of_html_drops_tags_and_decodes_entities() {
        assert_eq!(
            text_of("<p>Fear &amp; alarm</p><h2 id=\"x\">Next</h2>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Fear", "&", "alarm", "Next"]
        );
    }

    #[test]
    fn extracts_stop_at_a_word() {
        let long = "word ".repeat(200);
        let cut = extract(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= EXTRACT_CHARS + 1);
    }
}
