//! The one door into Markdown.
//!
//! `parse` is the only place that sets pulldown-cmark's options; pages, scenario
//! narrative, question prompts, choices and feedback all come through it. `Renderer`
//! turns a run of events into HTML through small adapters, each a function below:
//! heading ids and anchor links, link rewriting (source `.md` paths become relative
//! output URLs, and are recorded for checking once every page is known), tables
//! without inline styles, callouts, footnotes with ids that cannot collide with
//! headings, and the refusal of raw HTML (which would bypass the intranet's
//! Content-Security-Policy and the escaping the templates rely on).

use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::url;
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Ids the theme's templates use on every page (skip link, contents, sources …).
const THEME_IDS: [&str; 8] = [
    "main-content",
    "toc-title",
    "sources-title",
    "in-this-section",
    "related-title",
    "quiz",
    "quiz-data",
    "quiz-result",
];

/// A parsed event with its byte range in the parsed text.
pub type Spanned<'a> = (Event<'a>, Range<usize>);

/// Parse Markdown with the site's one set of options.
pub fn parse(text: &str) -> Vec<Spanned<'_>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_TASKLISTS;
    Parser::new_ext(text, options).into_offset_iter().collect()
}

/// A `::: kind` … `:::` block (a trainer's note, a quiz's departure from the law
/// model). Pulldown-cmark has no syntax for these, so they are cut out of the text
/// before parsing and rendered on their own.
#[derive(Debug, Clone)]
pub struct FencedBlock {
    pub kind: String,
    /// Byte offset of the opening `:::` line.
    pub start: usize,
    /// Byte range of the block's content (between the fence lines).
    pub content: Range<usize>,
    pub closed: bool,
}

/// Cut the `:::` blocks out of `text`. In the returned text each block becomes
/// an empty fenced code block (its fence lines turned into ```` ``` ````, its
/// content blanked with spaces), byte for byte: every offset still points at the
/// same place in the author's file, and the parser still sees a block there, which
/// ends a paragraph just as the author's block did. `Renderer` puts the block's
/// own rendering in its place.
pub fn extract_blocks(text: &str) -> (String, Vec<FencedBlock>) {
    let mut masked = text.as_bytes().to_vec();
    let mut blocks = Vec::new();
    let mut open: Option<FencedBlock> = None;
    let mut in_code = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if open.is_none() && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(block) = open.as_mut() {
                if trimmed == ":::" {
                    block.content.end = offset;
                    block.closed = true;
                    blocks.extend(open.take());
                }
            } else if let Some(kind) = trimmed
                .strip_prefix(":::")
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                let content = offset + line.len();
                open = Some(FencedBlock {
                    kind: kind.to_string(),
                    start: offset,
                    content: content..content,
                    closed: false,
                });
            }
        }
        if open.is_some() || (trimmed == ":::" && !in_code) {
            let fence = line.trim_start().starts_with(":::") && !in_code;
            let indent = line.len() - line.trim_start().len();
            for (i, byte) in masked[offset..offset + line.len()].iter_mut().enumerate() {
                if *byte == b'\n' || *byte == b'\r' {
                    continue;
                }
                *byte = if fence && (indent..indent + 3).contains(&i) {
                    b'`'
                } else {
                    b' '
                };
            }
        }
        offset += line.len();
    }
    if let Some(mut block) = open {
        block.content.end = text.len();
        blocks.push(block);
    }
    // Only ASCII spaces replaced whole lines, so the bytes are still UTF-8.
    (
        String::from_utf8(masked).unwrap_or_else(|_| text.to_string()),
        blocks,
    )
}

/// A heading with the id the page gives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An internal link, to be checked once every page and its headings are known.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// Site-relative source path of the target (`content/x.md`, or an asset).
    pub target: PathBuf,
    pub fragment: Option<String>,
    pub location: Location,
    /// Written relative to `content/` (a quiz's `related` list), not to the file.
    pub from_content: bool,
}

/// The source file being rendered, and where its output will live.
pub struct Doc<'a> {
    /// Site-relative path of the source file.
    pub file: &'a Path,
    /// The whole file, for error locations.
    pub text: &'a str,
    /// Byte offset in `text` of the string whose events are rendered.
    pub offset: usize,
    /// Output path of the page, which relative URLs start from.
    pub output: &'a Path,
    /// The `:::` blocks cut out of the rendered text, with the text they were
    /// cut from (offsets in both are the same).
    pub blocks: &'a [FencedBlock],
    pub body: &'a str,
    /// The kinds of `:::` block this document may contain.
    pub allowed: &'static [&'static str],
    /// Render trainer notes (`briefing build --edition trainer`).
    pub trainer: bool,
}

/// The block kinds a guidance page may contain.
pub const PAGE_BLOCKS: &[&str] = &["trainer"];
/// The block kinds a quiz may contain.
pub const QUIZ_BLOCKS: &[&str] = &["trainer", "departure"];

/// Renders runs of events from one document, keeping ids unique across runs.
pub struct Renderer<'a> {
    doc: Doc<'a>,
    used_ids: HashSet<String>,
    footnotes: HashMap<String, usize>,
    footnote_refs: HashMap<String, usize>,
    table: Option<Table>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Renderer<'a> {
    pub fn new(doc: Doc<'a>) -> Renderer<'a> {
        Renderer {
            doc,
            // The theme's own ids: a heading must not take them.
            used_ids: THEME_IDS.iter().map(|id| id.to_string()).collect(),
            footnotes: HashMap::new(),
            footnote_refs: HashMap::new(),
            table: None,
            headings: Vec::new(),
            links: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub fn location(&self, range: &Range<usize>) -> Location {
        Location::at_offset(self.doc.file, self.doc.text, self.doc.offset + range.start)
    }

    /// Reserve an id so that a later heading cannot take it (a quiz's own anchors).
    pub fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_string();
        let mut n = 0;
        while self.used_ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used_ids.insert(id.clone());
        id
    }

    /// Render `events` to HTML.
    pub fn render(&mut self, events: &[Spanned<'a>]) -> String {
        let mut out = Vec::with_capacity(events.len());
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    let end = matching_end(events, i);
                    self.heading(*level, id.as_deref(), &events[i + 1..end], range, &mut out);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::HtmlBlock) => {
                    let end = matching_end(events, i);
                    self.raw_html(&events[i + 1..end], range);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::CodeBlock(_)) if self.block_at(range.start).is_some() => {
                    let end = matching_end(events, i);
                    self.fenced_block(range.start, &mut out);
                    i = end + 1;
                    continue;
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.raw_html(&[(Event::Html(html.clone()), range.clone())], range)
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = self.link(dest_url, range);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = self.link(dest_url, range);
                    out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::Start(Tag::Table(alignments)) => {
                    self.table = Some(Table {
                        alignments: alignments.clone(),
                        in_head: false,
                        column: 0,
                    });
                    out.push(Event::Html("<div class=\"table-wrap\"><table>\n".into()));
                }
                Event::Start(Tag::TableHead | Tag::TableRow | Tag::TableCell)
                | Event::End(
                    TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
                ) => {
                    if let Some(table) = self.table.as_mut() {
                        out.push(Event::Html(table.markup(event).into()));
                    }
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    out.push(Event::Html(callout_open(*kind).into()))
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
                Event::FootnoteReference(label) => {
                    let n = self.footnote_number(label);
                    let slug = slug(label);
                    let count = self.footnote_refs.entry(slug.clone()).or_insert(0);
                    *count += 1;
                    // A note cited twice needs two distinct reference ids.
                    let id = if *count == 1 {
                        format!("fnref-{slug}")
                    } else {
                        format!("fnref-{slug}-{count}")
                    };
                    out.push(Event::Html(format!("<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{id}\">[{n}]</a></sup>").into()));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = self.footnote_number(label);
                    let slug = slug(label);
                    out.push(Event::Html(
                        format!("<div class=\"footnote\" id=\"fn-{slug}\"><p class=\"footnote-label\">Note {n}</p>\n").into(),
                    ));
                }
                Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
                Event::TaskListMarker(done) => out.push(Event::Html(
                    if *done {
                        "<span class=\"task\" role=\"img\" aria-label=\"Done\">&#x2611;</span> "
                    } else {
                        "<span class=\"task\" role=\"img\" aria-label=\"Not done\">&#x2610;</span> "
                    }
                    .into(),
                )),
                other => out.push(other.clone()),
            }
            i += 1;
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    /// The `:::` block whose masked fence starts at or contains `offset`.
    fn block_at(&self, offset: usize) -> Option<&FencedBlock> {
        self.doc
            .blocks
            .iter()
            .find(|b| b.start <= offset && offset < b.content.start.max(b.start + 1))
    }

    /// Put a `:::` block in its place: a trainer note is rendered (its links and
    /// mistakes are checked in every edition) but shown only in the trainer
    /// edition; a quiz's departure block is placed by the quiz itself.
    fn fenced_block(&mut self, offset: usize, out: &mut Vec<Event<'a>>) {
        let Some(block) = self.block_at(offset).cloned() else {
            return;
        };
        let location = self.location(&(block.start..block.start));
        let opening = 3 + 1 + block.kind.len();
        if !self.doc.allowed.contains(&block.kind.as_str()) {
            let suggestion = did_you_mean(&block.kind, self.doc.allowed.iter().copied())
                .map_or(String::new(), |k| format!("did you mean `{k}`? "));
            let allowed: Vec<String> = self
                .doc
                .allowed
                .iter()
                .map(|k| format!("`::: {k}`"))
                .collect();
            self.problems.push(
                Diagnostic::error(format!(
                    "`::: {}` is not a block this file can contain",
                    block.kind
                ))
                .at(location.spanning(opening))
                .help(format!(
                    "{suggestion}the blocks allowed here are {}",
                    allowed.join(" and ")
                )),
            );
            return;
        }
        if !block.closed {
            self.problems.push(
                Diagnostic::error(format!("the `::: {}` block is never closed", block.kind))
                    .at(location.spanning(3))
                    .help("end the block with a line containing only `:::`"),
            );
            return;
        }
        if block.kind != "trainer" {
            return;
        }
        let body = self.doc.body;
        let events: Vec<Spanned<'a>> = parse(&body[block.content.clone()])
            .into_iter()
            .map(|(e, r)| {
                (
                    e,
                    r.start + block.content.start..r.end + block.content.start,
                )
            })
            .collect();
        let headings_before = self.headings.len();
        let html = self.render(&events);
        if self.doc.trainer {
            out.push(Event::Html(trainer_note(&html).into()));
        } else {
            // Nothing of a note may reach the learner edition, not even a
            // heading in the table of contents.
            self.headings.truncate(headings_before);
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        inner: &[Spanned<'a>],
        range: &Range<usize>,
        out: &mut Vec<Event<'a>>,
    ) {
        let level = level as u8;
        if level == 1 {
            self.problems.push(
                Diagnostic::error("a level-1 heading (`#`) is not allowed in a page body")
                    .at(self.location(range).spanning(1))
                    .help("the page title is the only level-1 heading; start sections with `##`"),
            );
        }
        let text = plain_text(inner);
        // An author's `{#id}` is slugged too, so it cannot break out of the attribute.
        let id = self.unique_id(&slug(id.unwrap_or(&text)));
        out.push(Event::Html(format!("<h{level} id=\"{id}\">").into()));
        let rendered = self.render(inner);
        // A heading's inline content renders as a paragraph-free fragment already.
        out.push(Event::Html(rendered.into()));
        out.push(Event::Html(
            format!(" <a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n", escape(&text)).into(),
        ));
        self.headings.push(Heading { level, id, text });
    }

    fn raw_html(&mut self, events: &[Spanned<'a>], range: &Range<usize>) {
        let html: String = events
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Html(h) | Event::InlineHtml(h) | Event::Text(h) => Some(h.as_ref()),
                _ => None,
            })
            .collect();
        let trimmed = html.trim();
        // Comments are how authors leave notes for each other: allowed, not published.
        if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            return;
        }
        let first = trimmed.split_whitespace().next().unwrap_or(trimmed);
        self.problems.push(
            Diagnostic::error(format!("raw HTML (`{first}`) is not allowed"))
                .at(self.location(range).spanning(first.chars().count()))
                .help("write it in Markdown instead; to show a literal `<`, write `\\<`"),
        );
    }

    /// Rewrite a link or image destination and record internal ones for checking.
    fn link(&mut self, dest: &CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest.as_ref(), None),
        };
        if url::is_external(dest) {
            return dest.clone();
        }
        if path.starts_with('/') || path.starts_with('\\') {
            self.problems.push(
                Diagnostic::error(format!("the link `{dest}` starts with `/`"))
                    .at(self.location(range))
                    .help("links must be relative to this file so the site works from any folder, e.g. `../offences/stalking.md`"),
            );
            return dest.clone();
        }
        let location = self.location(range);
        if path.is_empty() {
            self.links.push(LinkRef {
                target: self.doc.file.to_path_buf(),
                fragment,
                location,
                from_content: false,
            });
            return dest.clone();
        }
        let decoded = url::percent_decode(path);
        let Some(target) = url::resolve(self.doc.file, &decoded) else {
            self.problems.push(
                Diagnostic::error(format!("the link `{dest}` points outside the site"))
                    .at(location)
                    .help("link only to files under `content/` or `quizzes/`"),
            );
            return dest.clone();
        };
        let href = url::relative(self.doc.output, &url::output_path(&target));
        self.links.push(LinkRef {
            target,
            fragment: fragment.clone(),
            location,
            from_content: false,
        });
        match fragment {
            Some(f) => format!("{href}#{f}").into(),
            None => href.into(),
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }
}

/// Index of the event that closes the tag opened at `start`.
pub fn matching_end(events: &[Spanned<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Tables without pulldown-cmark's inline `style` (blocked by the CSP): alignment
/// becomes a class, header cells get `scope`. Only the structure is replaced; the
/// cells' content goes through every other adapter like any other text.
struct Table {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl Table {
    fn markup(&mut self, event: &Event<'_>) -> String {
        match event {
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                "<thead><tr>".to_string()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead>\n<tbody>\n".to_string()
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                "<tr>".to_string()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".to_string(),
            Event::Start(Tag::TableCell) => {
                let class = match self.alignments.get(self.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                if self.in_head {
                    format!("<th scope=\"col\"{class}>")
                } else {
                    format!("<td{class}>")
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                if self.in_head { "</th>" } else { "</td>" }.to_string()
            }
            Event::End(TagEnd::Table) => "</tbody></table></div>\n".to_string(),
            _ => String::new(),
        }
    }
}

/// Render a `trainer_notes` front-matter field on its own. Its links and
/// problems join the document's in every edition; its HTML is kept only for the
/// trainer edition. `doc.offset` is where the field is written.
pub fn trainer_notes(
    doc: Doc<'_>,
    notes: Option<&str>,
    links: &mut Vec<LinkRef>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let notes = notes?;
    let trainer = doc.trainer;
    let mut renderer = Renderer::new(doc);
    let html = renderer.render(&parse(notes));
    links.append(&mut renderer.links);
    problems.append(&mut renderer.problems);
    trainer.then_some(html)
}

/// A trainer note as the trainer edition shows it.
pub fn trainer_note(html: &str) -> String {
    format!(
        "<div class=\"trainer-note\" role=\"note\"><p class=\"trainer-note__title\">Trainer notes</p>\n{html}</div>\n"
    )
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n"
    )
}

/// The text of inline events, as a reader sees it (for ids, tables of contents).
pub fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The id a heading gets: lower case, letters and digits kept, spaces and dashes
/// joined by single `-`, every other character dropped.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Escape text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Render a short piece of author text that must not contain block structure
/// (a choice label, a prompt) as inline HTML: the paragraph wrapper is dropped.
pub fn inline_html(html: &str) -> String {
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// A table of contents entry list from h2 and h3 headings.
pub fn toc(headings: &[Heading]) -> Vec<Heading> {
    headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &'static str) -> (String, Renderer<'static>) {
        render_edition(text, false)
    }

    /// Render a page body as `page::parse` does (blocks cut out first). The
    /// masked text and blocks are leaked: tests keep the renderer afterwards.
    fn render_edition(text: &'static str, trainer: bool) -> (String, Renderer<'static>) {
        let (masked, blocks) = extract_blocks(text);
        let masked: &'static str = Box::leak(masked.into_boxed_str());
        let blocks: &'static [FencedBlock] = Box::leak(blocks.into_boxed_slice());
        let doc = Doc {
            file: Path::new("content/law/a.md"),
            text,
            offset: 0,
            output: Path::new("law/a.html"),
            blocks,
            body: text,
            allowed: PAGE_BLOCKS,
            trainer,
        };
        let mut r = Renderer::new(doc);
        let events = parse(masked);
        let html = r.render(&events);
        (html, r)
    }

    #[test]
    fn trainer_notes_show_only_in_the_trainer_edition() {
        let text = "Before.\n::: trainer\n## Teaching point\n\nAsk the room about [fear](fear.md).\n:::\nAfter.\n";
        let (learner, r) = render_edition(text, false);
        assert!(
            !learner.contains("Teaching point") && !learner.contains("Ask the room"),
            "{learner}"
        );
        assert!(
            learner.contains("<p>Before.</p>") && learner.contains("<p>After.</p>"),
            "{learner}"
        );
        assert!(
            r.headings.is_empty(),
            "a note's heading must not reach the contents list"
        );
        assert_eq!(
            r.links.len(),
            1,
            "links in notes are checked in every edition"
        );
        let (trainer, r) = render_edition(text, true);
        assert!(
            trainer.contains("<div class=\"trainer-note\" role=\"note\">"),
            "{trainer}"
        );
        assert!(trainer.contains("Ask the room about"), "{trainer}");
        assert_eq!(r.headings.len(), 1);
    }

    #[test]
    fn an_unknown_or_unclosed_block_is_an_error() {
        let (_, r) = render_edition("::: trainr\nText\n:::\n", false);
        assert_eq!(
            r.problems[0].message,
            "`::: trainr` is not a block this file can contain"
        );
        assert_eq!(
            r.problems[0].help.as_deref(),
            Some("did you mean `trainer`? the blocks allowed here are `::: trainer`")
        );
        let (_, r) = render_edition("::: trainer\nText\n", false);
        assert_eq!(
            r.problems[0].message,
            "the `::: trainer` block is never closed"
        );
    }

    #[test]
    fn slugs_follow_the_documented_rule() {
        assert_eq!(slug("Section 2A: the elements"), "section-2a-the-elements");
        assert_eq!(
            slug("What’s changed since 2013?"),
            "whats-changed-since-2013"
        );
        assert_eq!(slug("s.4A(1)(b)(ii)"), "s4a1bii");
        assert_eq!(slug("  Fear -- of _ violence "), "fear-of-violence");
    }

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let (html, r) = render("## Two occasions\n\n## Two occasions\n");
        assert!(html.contains("<h2 id=\"two-occasions\">Two occasions <a class=\"heading-anchor\" href=\"#two-occasions\""));
        assert!(html.contains("<h2 id=\"two-occasions-1\">"));
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn links_to_sources_become_relative_output_urls() {
        let (html, r) = render(
            "See [s.7](../offences/course-of-conduct.md#two-occasions) and [home](../_index.md).",
        );
        assert!(
            html.contains("href=\"../offences/course-of-conduct.html#two-occasions\""),
            "{html}"
        );
        assert!(html.contains("href=\"../index.html\""), "{html}");
        assert_eq!(
            r.links[0].target,
            Path::new("content/offences/course-of-conduct.md")
        );
        assert_eq!(r.links[0].fragment.as_deref(), Some("two-occasions"));
        assert_eq!(
            (r.links[0].location.line, r.links[0].location.column),
            (1, 5)
        );
    }

    #[test]
    fn external_links_are_left_alone() {
        let (html, r) = render("[Act](https://www.legislation.gov.uk/ukpga/1997/40)");
        assert!(html.contains("href=\"https://www.legislation.gov.uk/ukpga/1997/40\""));
        assert!(r.links.is_empty());
    }

    #[test]
    fn tables_carry_classes_not_styles() {
        let (html, _) = render("| a | b |\n| --: | --- |\n| 1 | 2 |\n");
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains("<th scope=\"col\" class=\"align-right\">a</th>"),
            "{html}"
        );
        assert!(html.contains("<td class=\"align-right\">1</td>"), "{html}");
    }

    #[test]
    fn callouts_render_as_labelled_boxes() {
        let (html, _) = render("> [!WARNING]\n> Check the dates.\n");
        assert!(html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{html}");
        assert!(html.contains("Check the dates."));
    }

    #[test]
    fn footnote_ids_cannot_collide_with_headings() {
        let (html, _) = render("## 1\n\nText[^1].\n\n[^1]: The note.\n");
        assert!(html.contains("id=\"fn-1\""), "{html}");
        assert!(html.contains("href=\"#fn-1\""), "{html}");
    }

    #[test]
    fn raw_html_is_refused_but_comments_are_dropped() {
        let (html, r) = render("<!-- a note for authors -->\n\nText <script>alert(1)</script>\n");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("a note for authors"));
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert_eq!(
            r.problems[0].message,
            "raw HTML (`<script>`) is not allowed"
        );
    }

    #[test]
    fn fenced_blocks_are_cut_out_keeping_offsets() {
        let text = "Intro £\n\n::: departure\nWhy – here.\n:::\n\nAfter\n";
        let (masked, blocks) = extract_blocks(text);
        assert_eq!(masked.len(), text.len());
        let fence = format!("```{}\n", " ".repeat("::: departure".len() - 3));
        assert!(masked.contains(&fence), "{masked:?}");
        assert!(!masked.contains("departure"));
        assert_eq!(masked.find("After"), text.find("After"));
        assert_eq!(blocks[0].kind, "departure");
        assert_eq!(&text[blocks[0].content.clone()], "Why – here.\n");
        assert!(blocks[0].closed);
    }

    #[test]
    fn smart_punctuation_is_on() {
        let (html, _) = render("It's \"quoted\" -- here.");
        assert!(html.contains("It’s “quoted” – here."), "{html}");
    }
}
