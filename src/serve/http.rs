//! HTTP for `serve`: the site from memory, plus the live-reload endpoints.
//!
//! Every response carries `Content-Security-Policy: default-src 'self'`, so an
//! author sees at once when a template breaks the intranet rule. Request paths
//! are decoded and checked segment by segment; a path that tries to climb out
//! (`..`, encoded or not, backslashes, NUL) is refused with 403. Only files of
//! the built site can be answered at all, since they come from the in-memory map,
//! and an asset read from disk must still lie inside the site's folder.

use super::live::Body;
use super::{Shared, assets};
use crate::diagnostic::Diagnostics;
use crate::markdown::escape;
use crate::url::percent_decode;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

pub const CSP: &str = "default-src 'self'";

/// Answer a request for any path.
pub async fn get(State(shared): State<Shared>, uri: Uri) -> Response {
    let path = uri.path();
    if let Some(name) = path.strip_prefix(assets::PREFIX) {
        return match name {
            "events" => events(shared).into_response(),
            _ => match assets::get(name) {
                Some((bytes, mime)) => respond(StatusCode::OK, mime, bytes.to_vec()),
                None => not_found(&shared),
            },
        };
    }
    let Some(key) = file_key(path) else {
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            b"Forbidden\n".to_vec(),
        );
    };
    let body = shared.snapshot().files.get(&key).cloned();
    match body {
        Some(Body::Bytes(bytes)) => file_response(&shared, &key, bytes.to_vec()),
        Some(Body::File(path)) => match read_inside(&shared.root, &path).await {
            Ok(bytes) => file_response(&shared, &key, bytes),
            Err(status) => respond(status, "text/plain; charset=utf-8", b"Forbidden\n".to_vec()),
        },
        None => not_found(&shared),
    }
}

/// The site-relative file a request path names, or `None` if it tries to leave.
pub fn file_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path);
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// Read an asset, refusing one that (through a link) lies outside the site.
async fn read_inside(
    root: &std::path::Path,
    path: &std::path::Path,
) -> Result<Vec<u8>, StatusCode> {
    let real = tokio::fs::canonicalize(path)
        .await
        .map_err(|_| StatusCode::NOT_FOUND)?;
    let root = tokio::fs::canonicalize(root)
        .await
        .map_err(|_| StatusCode::NOT_FOUND)?;
    if !real.starts_with(&root) {
        return Err(StatusCode::FORBIDDEN);
    }
    tokio::fs::read(&real)
        .await
        .map_err(|_| StatusCode::NOT_FOUND)
}

fn file_response(shared: &Shared, key: &str, bytes: Vec<u8>) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        let html = inject(
            &String::from_utf8_lossy(&bytes),
            shared.snapshot().problems.as_ref(),
        );
        return respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html.into_bytes(),
        );
    }
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ if mime.essence_str() == "application/javascript" => {
            "text/javascript; charset=utf-8".to_string()
        }
        _ => mime.essence_str().to_string(),
    };
    respond(StatusCode::OK, &content_type, bytes)
}

fn not_found(shared: &Shared) -> Response {
    let page = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Page not found</title></head>\
<body><main><h1>Page not found</h1><p>There is no page at this address. <a href=\"/index.html\">Go to the home page</a>.</p></main></body></html>";
    let html = inject(page, shared.snapshot().problems.as_ref());
    respond(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        html.into_bytes(),
    )
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(HttpBody::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Add the live-reload script (and, after a failed rebuild, the overlay with
/// the problems) to a page. Only `serve` does this; built sites never carry it.
pub fn inject(html: &str, problems: Option<&Diagnostics>) -> String {
    let head = format!(
        "<link rel=\"stylesheet\" href=\"{}overlay.css\">",
        assets::PREFIX
    );
    let script = format!("<script src=\"{}reload.js\"></script>", assets::PREFIX);
    let overlay = problems.map(overlay).unwrap_or_default();
    let mut page = html.to_string();
    match page.find("</head>") {
        Some(at) => page.insert_str(at, &head),
        None => page.insert_str(0, &head),
    }
    match page
        .find("<body")
        .and_then(|at| page[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => page.insert_str(at, &overlay),
        None => page.insert_str(0, &overlay),
    }
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, &script),
        None => page.push_str(&script),
    }
    page
}

fn overlay(problems: &Diagnostics) -> String {
    format!(
        "<div id=\"briefing-overlay\" class=\"briefing-overlay\" role=\"alert\">\
<h2 class=\"briefing-overlay__title\">The site could not be rebuilt: {}</h2>\
<p>Below is the last version that built. Fix the problems and save: this page reloads by itself.</p>\
<pre class=\"briefing-overlay__problems\">{}</pre></div>",
        escape(&problems.summary()),
        escape(&problems.to_string())
    )
}

/// A server-sent event stream: the number of the latest update, sent on
/// connection and after every rebuild, so the page reloads when it changes.
fn events(shared: Shared) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(shared.updates.clone())
        .map(|generation| Ok(Event::default().data(generation.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::file_key;

    #[test]
    fn paths_that_try_to_leave_are_refused() {
        for path in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a%5c..%5cx",
            "/./index.html",
            "/C:/x",
            "/%00",
        ] {
            assert_eq!(file_key(path), None, "{path}");
        }
    }

    #[test]
    fn folders_serve_their_index_page() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/offences/").as_deref(),
            Some("offences/index.html")
        );
        assert_eq!(
            file_key("/offences/stalking.html").as_deref(),
            Some("offences/stalking.html")
        );
        assert_eq!(file_key("/my%20file.pdf").as_deref(), Some("my file.pdf"));
    }
}
