//! Front-matter value types shared by guidance pages and quizzes.
//!
//! Each type checks its own values while deserializing (a date must be a real
//! date, a source URL must be absolute), so the messages authors see say what
//! the value should look like rather than what Rust type was expected.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Who a page or scenario is written for.
#[derive(Deserialize, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Police,
    Cps,
    #[default]
    Both,
}

impl Audience {
    pub fn label(self) -> &'static str {
        match self {
            Audience::Police => "Police officers",
            Audience::Cps => "CPS prosecutors",
            Audience::Both => "Police officers and CPS prosecutors",
        }
    }
}

/// A source the law on a page was checked against.
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: SourceUrl,
}

/// An absolute `http(s)` URL: a relative one would point into the site.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(transparent)]
pub struct SourceUrl(pub String);

impl<'de> Deserialize<'de> for SourceUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Checked {
            expecting: "a full web address starting with https://",
            accept: |url: &str| {
                let absolute = (url.starts_with("https://") || url.starts_with("http://"))
                    && url.len() > "https://".len();
                absolute.then(|| SourceUrl(url.to_string()))
            },
        })
    }
}

/// A string checked while it is read: raising the error inside the YAML
/// deserializer, rather than after it returns, keeps the error at the value's
/// own line and column.
struct Checked<F> {
    expecting: &'static str,
    accept: F,
}

impl<T, F: Fn(&str) -> Option<T>> serde::de::Visitor<'_> for Checked<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        (self.accept)(value)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(value), &self.expecting))
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Checked {
            expecting: "a date such as 2026-11-29",
            accept: |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Date),
        })
    }
}

impl Date {
    /// `2026-11-29`, as written in front matter and in `<time datetime>`.
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// `29 November 2026`, as GOV.UK style writes dates.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%-d %B %Y"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_in_words() {
        let d: Date = serde_json::from_str("\"2026-11-09\"").unwrap();
        assert_eq!(d.to_string(), "9 November 2026");
        let e = serde_json::from_str::<Date>("\"09/11/2026\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a date such as 2026-11-29"), "{e}");
    }

    #[test]
    fn source_urls_must_be_absolute() {
        let e = serde_json::from_str::<SourceUrl>("\"www.cps.gov.uk\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("https://"), "{e}");
    }
}
