//! The SCORM 1.2 manifest (`imsmanifest.xml`) of a compiled site, as text.
//!
//! An LMS reads the manifest to know what to launch and what counts as a pass:
//! one organisation titled after the site, one launchable item per quiz with
//! the quiz's pass mark as `adlcp:masteryscore`, one `sco` resource per quiz
//! page, and one shared `asset` resource that lists every other file (guidance
//! pages, listings, theme files, copied assets) and on which each quiz depends.
//! The manifest is written as a string with a few escaping helpers rather than
//! through an XML library: its shape is fixed and small, and the helpers below
//! are the only places author text enters it.

use crate::Compiled;
use crate::render::OutputFile;
use crate::url;
use std::collections::HashSet;
use std::fmt::Write;
use std::path::Path;

/// The schema files the manifest names in `xsi:schemaLocation`; the package
/// carries them at its root beside the manifest.
const SCHEMA_LOCATION: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd";

/// The manifest of `compiled`, listing every file of `compiled.files`.
pub fn manifest(compiled: &Compiled) -> String {
    let site = &compiled.site;
    let mut ids = Identifiers::default();
    let organisation = ids.unique("ORG-", "briefing");
    let common = ids.unique("RES-", "common");
    // (item id, resource id, title, pass mark, href) per quiz, in site order.
    let quizzes: Vec<_> = site
        .quizzes
        .iter()
        .map(|quiz| {
            (
                ids.unique("ITEM-", &quiz.id),
                ids.unique("RES-quiz-", &quiz.id),
                quiz.title.as_str(),
                quiz.pass_mark,
                url::href(&quiz.output),
            )
        })
        .collect();
    let quiz_pages: HashSet<&Path> = site.quizzes.iter().map(|q| q.output.as_path()).collect();
    let mut shared: Vec<&OutputFile> = compiled
        .files
        .iter()
        .filter(|f| !quiz_pages.contains(f.path.as_path()))
        .collect();
    shared.sort_by(|a, b| a.path.cmp(&b.path));

    let mut xml = String::with_capacity(4096 + 64 * compiled.files.len());
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<manifest identifier=\"MANIFEST-briefing\" version=\"1.0\" \
         xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" \
         xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{SCHEMA_LOCATION}\">"
    );
    xml.push_str(
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n",
    );
    let _ = writeln!(xml, "  <organizations default=\"{organisation}\">");
    let _ = writeln!(xml, "    <organization identifier=\"{organisation}\">");
    let _ = writeln!(xml, "      <title>{}</title>", escape(&site.config.title));
    for (item, resource, title, pass_mark, _) in &quizzes {
        let _ = writeln!(
            xml,
            "      <item identifier=\"{item}\" identifierref=\"{resource}\" isvisible=\"true\">"
        );
        let _ = writeln!(xml, "        <title>{}</title>", escape(title));
        let _ = writeln!(
            xml,
            "        <adlcp:masteryscore>{pass_mark}</adlcp:masteryscore>"
        );
        xml.push_str("      </item>\n");
    }
    xml.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    for (_, resource, _, _, href) in &quizzes {
        let href = escape(href);
        let _ = writeln!(
            xml,
            "    <resource identifier=\"{resource}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{href}\">"
        );
        let _ = writeln!(xml, "      <file href=\"{href}\"/>");
        let _ = writeln!(xml, "      <dependency identifierref=\"{common}\"/>");
        xml.push_str("    </resource>\n");
    }
    let _ = writeln!(
        xml,
        "    <resource identifier=\"{common}\" type=\"webcontent\" adlcp:scormtype=\"asset\">"
    );
    for file in shared {
        let _ = writeln!(
            xml,
            "      <file href=\"{}\"/>",
            escape(&url::href(&file.path))
        );
    }
    xml.push_str("    </resource>\n  </resources>\n</manifest>\n");
    xml
}

/// Hands out identifiers that are valid XML IDs (`xsd:ID`, an NCName) and
/// unique within the manifest, whatever a quiz's file name is.
#[derive(Default)]
struct Identifiers {
    taken: HashSet<String>,
}

impl Identifiers {
    /// `prefix` (which starts with a letter and holds only NCName characters)
    /// followed by `name` with every character an NCName cannot hold, or that
    /// an LMS might read as a path, replaced by `_`; `-2`, `-3` … on a clash.
    fn unique(&mut self, prefix: &str, name: &str) -> String {
        let base: String = prefix
            .chars()
            .chain(name.chars().map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            }))
            .collect();
        let mut id = base.clone();
        let mut n = 1;
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.taken.insert(id.clone());
        id
    }
}

/// Text safe in element content and in double- or single-quoted attributes.
/// Characters XML 1.0 cannot hold at all (most control characters) are left
/// out: no escape can carry them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_quotes_and_forbidden_characters() {
        assert_eq!(
            escape("Tom & Jerry's <\"case\">\u{1}\tend"),
            "Tom &amp; Jerry&apos;s &lt;&quot;case&quot;&gt;\tend"
        );
    }

    #[test]
    fn identifiers_are_ncnames_without_slashes_and_never_repeat() {
        let mut ids = Identifiers::default();
        assert_eq!(ids.unique("RES-", "the-fence-line"), "RES-the-fence-line");
        assert_eq!(ids.unique("RES-", "a/b c:d"), "RES-a_b_c_d");
        assert_eq!(ids.unique("RES-", "a_b_c_d"), "RES-a_b_c_d-2");
        assert_eq!(ids.unique("RES-", "é"), "RES-_");
    }
}
