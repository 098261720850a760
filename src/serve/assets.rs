//! The files only `serve` sends: the live-reload script and the overlay style.

/// Where they live on the development server; no site file can have this name.
pub const PREFIX: &str = "/__briefing/";

/// A serve-only file by name, with its content type.
pub fn get(name: &str) -> Option<(&'static [u8], &'static str)> {
    match name {
        "reload.js" => Some((
            include_bytes!("static/reload.js"),
            "text/javascript; charset=utf-8",
        )),
        "overlay.css" => Some((
            include_bytes!("static/overlay.css"),
            "text/css; charset=utf-8",
        )),
        _ => None,
    }
}
