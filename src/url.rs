//! Where each source file lands in the output, and relative URLs between outputs.
//!
//! Every URL the generator writes is relative, so one built folder works under any
//! sub-path of an intranet server and straight from disk (`file://`). Pages are
//! flat `.html` files (not `folder/index.html`) so that each link names a real file:
//! a browser opening `file://` does not add `index.html` to a folder URL.

use std::path::{Component, Path, PathBuf};

use crate::load::{CONTENT_DIR, QUIZ_DIR};

/// The output path of a site-relative source path.
/// `content/a/_index.md` -> `a/index.html`, `content/a/b.md` -> `a/b.html`,
/// `quizzes/q.md` -> `quizzes/q.html`, `content/img/x.png` -> `img/x.png`.
pub fn output_path(source: &Path) -> PathBuf {
    let inside = source
        .strip_prefix(CONTENT_DIR)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| source.to_path_buf());
    if inside.extension().is_some_and(|e| e == "md") {
        if inside.file_name().is_some_and(|n| n == "_index.md") {
            inside.with_file_name("index.html")
        } else {
            inside.with_extension("html")
        }
    } else {
        inside
    }
}

/// The URL of `to` as seen from the page at `from` (both output paths).
pub fn relative(from: &Path, to: &Path) -> String {
    relative_href(&href(from), &href(to))
}

/// An output path as a URL path: `/`-separated, each segment percent-encoded.
pub fn href(output: &Path) -> String {
    let mut url = String::with_capacity(output.as_os_str().len());
    for (i, part) in output.iter().enumerate() {
        if i > 0 {
            url.push('/');
        }
        percent_encode_into(&part.to_string_lossy(), &mut url);
    }
    url
}

/// The URL of `to` as seen from `from`, both hrefs from the output root. This
/// runs for every navigation entry of every page, so it works on the encoded
/// strings directly: shared leading folders are dropped, each folder left in
/// `from` becomes `../`.
pub fn relative_href(from: &str, to: &str) -> String {
    let from_dir = from.rfind('/').map_or("", |i| &from[..=i]);
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(to.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let ups = from_dir[common..].matches('/').count();
    let mut url = String::with_capacity(3 * ups + to.len() - common);
    for _ in 0..ups {
        url.push_str("../");
    }
    url.push_str(&to[common..]);
    url
}

/// The prefix that leads from the page at `from` back to the output root.
pub fn root_prefix(from: &Path) -> String {
    let depth = from.parent().map_or(0, |p| p.components().count());
    "../".repeat(depth)
}

/// Resolve a link written in `from` (site-relative source path) to a site-relative
/// source path, or `None` if it climbs out of the site.
pub fn resolve(from: &Path, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = from.parent()?.iter().collect();
    for component in Path::new(link).components() {
        match component {
            Component::Normal(p) => parts.push(p),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let path: PathBuf = parts.iter().collect();
    (path.starts_with(CONTENT_DIR) || path.starts_with(QUIZ_DIR)).then_some(path)
}

/// Links with a scheme (`https:`, `mailto:`) or a host (`//`) leave the site.
pub fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    match link.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        }
        None => false,
    }
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode_into(segment: &str, url: &mut String) {
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(
            output_path(Path::new("content/_index.md")),
            Path::new("index.html")
        );
        assert_eq!(
            output_path(Path::new("content/a/_index.md")),
            Path::new("a/index.html")
        );
        assert_eq!(
            output_path(Path::new("content/a/b.md")),
            Path::new("a/b.html")
        );
        assert_eq!(
            output_path(Path::new("quizzes/q.md")),
            Path::new("quizzes/q.html")
        );
        assert_eq!(
            output_path(Path::new("content/img/x.png")),
            Path::new("img/x.png")
        );
    }

    #[test]
    fn relative_urls() {
        assert_eq!(
            relative(Path::new("a/b.html"), Path::new("a/c.html")),
            "c.html"
        );
        assert_eq!(
            relative(Path::new("a/b.html"), Path::new("index.html")),
            "../index.html"
        );
        assert_eq!(
            relative(Path::new("index.html"), Path::new("a/index.html")),
            "a/index.html"
        );
        assert_eq!(
            relative(Path::new("a/b/c.html"), Path::new("x/y.html")),
            "../../x/y.html"
        );
        assert_eq!(
            relative(Path::new("a.html"), Path::new("my file.pdf")),
            "my%20file.pdf"
        );
        assert_eq!(
            relative(Path::new("ab/c.html"), Path::new("a/d.html")),
            "../a/d.html"
        );
        assert_eq!(
            relative(Path::new("a/c.html"), Path::new("ab/d.html")),
            "../ab/d.html"
        );
        assert_eq!(root_prefix(Path::new("a/b/c.html")), "../../");
        assert_eq!(root_prefix(Path::new("index.html")), "");
    }

    #[test]
    fn resolving_links() {
        let from = Path::new("content/offences/stalking.md");
        assert_eq!(
            resolve(from, "course.md"),
            Some(PathBuf::from("content/offences/course.md"))
        );
        assert_eq!(
            resolve(from, "../charging/pleas.md"),
            Some(PathBuf::from("content/charging/pleas.md"))
        );
        assert_eq!(
            resolve(from, "../../quizzes/q.md"),
            Some(PathBuf::from("quizzes/q.md"))
        );
        assert_eq!(resolve(from, "../../../etc/passwd"), None);
        assert_eq!(resolve(from, "../../src/main.rs"), None);
    }

    #[test]
    fn external_links() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a.md#x:y"));
    }
}
