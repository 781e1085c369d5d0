//! Where an item came from when a standard brought it (Open311, CAP,
//! Alertmanager): the source and the foreign side's own id, kept on the
//! `created` event and the item, so a repeat delivery finds its item and a
//! reader sees what sent it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A standard that feeds items in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Open311,
    Cap,
    Alertmanager,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Open311, Source::Cap, Source::Alertmanager];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Open311 => "open311",
            Source::Cap => "cap",
            Source::Alertmanager => "alertmanager",
        }
    }

    /// The short mark `tail` and the console put before an item's line.
    pub fn mark(self) -> &'static str {
        match self {
            Source::Open311 => "open311",
            Source::Cap => "cap",
            Source::Alertmanager => "am",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Source::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown source {s:?}; expected open311, cap or alertmanager"))
    }
}

/// Where an item came from when a standard brought it; kept on the item
/// (`Item::origin`) and in the created event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Origin {
    pub source: Source,
    /// Unique within the source: Open311 `service_request_id` (prefixed by
    /// the importing feed's name for the client), CAP
    /// `sender|identifier|sent`, Alertmanager `fingerprint`.
    pub foreign_id: String,
    /// Who sent it (CAP sender, Open311 jurisdiction/base URL, Alertmanager
    /// receiver), for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// A link back (Alertmanager generatorURL, Open311 media/url), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Extra key/values the standard carried that have no field of ours
    /// (CAP status=Exercise, annotations...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// The origin extra holding a CAP alert's expiry (RFC 3339, UTC).
pub const CAP_EXPIRES: &str = "cap.expires";
/// The origin extra naming the CAP message (`sender|identifier|sent`)
/// the item last took in.
pub const CAP_MESSAGE: &str = "cap.message";

impl Origin {
    /// When a CAP alert's information lapses (`cap.expires`), if it said.
    pub fn cap_expires(&self) -> Option<super::Timestamp> {
        if self.source != Source::Cap {
            return None;
        }
        let text = self.extra.get(CAP_EXPIRES)?;
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
    }

    /// Whether `other` carries a message this item already took in: the
    /// one it took last or the first (whose id is the foreign id). A CAP
    /// message never changes (`cap.message`), so the same one again is a
    /// repeat — even once its item has closed, and even when an Update or
    /// a person has changed the item since.
    pub fn same_message(&self, other: &Origin) -> bool {
        let Some(theirs) = other.extra.get(CAP_MESSAGE) else {
            return false;
        };
        self.source == other.source
            && (self.extra.get(CAP_MESSAGE) == Some(theirs) || self.foreign_id == *theirs)
    }

    pub fn new(source: Source, foreign_id: impl Into<String>) -> Self {
        Origin {
            source,
            foreign_id: foreign_id.into(),
            sender: None,
            url: None,
            extra: BTreeMap::new(),
        }
    }
}

/// The CAP mapping file (`cap.toml`): event codes, event words and CAP
/// categories to our categories, tried in that order, then `default`.
/// Read and checked by `data::cap` (the built-in file or a city
/// directory's), applied by `ingest::cap`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapMapping {
    pub default: String,
    #[serde(default)]
    pub event_code: Vec<CodeRule>,
    #[serde(default)]
    pub event: Vec<EventRule>,
    #[serde(default)]
    pub category: BTreeMap<String, String>,
}

/// An `eventCode` (`valueName`, `value`) matched exactly.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRule {
    pub name: String,
    pub value: String,
    pub category: String,
}

/// A word or phrase the `event` contains (case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    pub contains: String,
    pub category: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_round_trip_through_their_names() {
        for s in Source::ALL {
            assert_eq!(s.as_str().parse::<Source>(), Ok(s));
            assert_eq!(serde_json::to_string(&s).expect("json"), format!("\"{s}\""));
        }
        assert!("smtp".parse::<Source>().is_err());
    }

    #[test]
    fn an_origin_without_optional_fields_decodes() {
        let o: Origin =
            serde_json::from_str(r#"{"source":"alertmanager","foreign_id":"abc"}"#).expect("decodes");
        assert_eq!(o, Origin::new(Source::Alertmanager, "abc"));
        assert_eq!(
            serde_json::to_string(&o).expect("json"),
            r#"{"source":"alertmanager","foreign_id":"abc"}"#
        );
    }
}
