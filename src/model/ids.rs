//! Item ids carry their kind as a prefix (`INC-0412`), so a dispatcher reading
//! a line or a log knows the queue without looking it up.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The three live queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Incident,
    Alert,
    Ticket,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Incident, Kind::Alert, Kind::Ticket];

    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Incident => "INC",
            Kind::Alert => "ALR",
            Kind::Ticket => "TKT",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Alert => "alert",
            Kind::Ticket => "ticket",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An item id such as `TKT-0981`. Numbers are at least four digits wide and
/// grow as needed. Read from JSON through [`ItemId::parse`], so no request
/// (nor stored event) can carry an id of another shape or any length.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ItemId(String);

/// Most digits an id's number may have: a `u64` fits.
pub const MAX_ID_DIGITS: usize = 18;

impl ItemId {
    /// The shape [`ItemId::parse`] accepts, as a regular expression for the
    /// API document: a kind's prefix, a dash, 1 to [`MAX_ID_DIGITS`] digits.
    pub fn pattern() -> String {
        let prefixes: Vec<&str> = Kind::ALL.iter().map(|k| k.prefix()).collect();
        format!("^({})-[0-9]{{1,{MAX_ID_DIGITS}}}$", prefixes.join("|"))
    }
}

impl utoipa::PartialSchema for ItemId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(ItemId::pattern()))
            .examples([serde_json::json!("TKT-0981")])
            .into()
    }
}

impl utoipa::ToSchema for ItemId {}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ItemId::parse(&s).ok_or_else(|| {
            let shown: String = s.chars().take(24).collect();
            serde::de::Error::custom(format!("{shown:?} is not an item id such as TKT-0981"))
        })
    }
}

impl ItemId {
    pub fn new(kind: Kind, number: u64) -> Self {
        ItemId(format!("{}-{number:04}", kind.prefix()))
    }

    /// Parses an id typed by a person or sent by a client; `None` when it is
    /// not of the form `PREFIX-digits`.
    pub fn parse(s: &str) -> Option<Self> {
        let (prefix, digits) = s.split_once('-')?;
        let known = Kind::ALL.iter().any(|k| k.prefix() == prefix);
        let numeric = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        (known && numeric && digits.len() <= MAX_ID_DIGITS).then(|| ItemId(s.to_owned()))
    }

    pub fn kind(&self) -> Kind {
        match self.0.get(..3) {
            Some("INC") => Kind::Incident,
            Some("ALR") => Kind::Alert,
            _ => Kind::Ticket,
        }
    }

    pub fn number(&self) -> u64 {
        self.0
            .split_once('-')
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = ItemId::new(Kind::Ticket, 981);
        assert_eq!(id.as_str(), "TKT-0981");
        assert_eq!(ItemId::parse("TKT-0981"), Some(id.clone()));
        assert_eq!(id.kind(), Kind::Ticket);
        assert_eq!(id.number(), 981);
        assert_eq!(ItemId::new(Kind::Alert, 123_456).as_str(), "ALR-123456");
        for bad in ["", "TKT", "TKT-", "XYZ-0001", "TKT-12a", "tkt-0001"] {
            assert_eq!(ItemId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_documented_pattern_is_what_parse_accepts() {
        assert_eq!(ItemId::pattern(), "^(INC|ALR|TKT)-[0-9]{1,18}$");
        assert!(ItemId::parse(&format!("TKT-{}", "9".repeat(MAX_ID_DIGITS))).is_some());
        assert!(ItemId::parse(&format!("TKT-{}", "9".repeat(MAX_ID_DIGITS + 1))).is_none());
        assert!(ItemId::parse("TKT-1").is_some());
    }

    #[test]
    fn json_goes_through_parse() {
        let id: ItemId = serde_json::from_str("\"INC-0412\"").expect("an id");
        assert_eq!(id, ItemId::new(Kind::Incident, 412));
        let long = format!("\"{}\"", "x".repeat(65_536));
        for bad in ["\"\"", "\"TKT-\"", "\"XYZ-0001\"", long.as_str()] {
            assert!(
                serde_json::from_str::<ItemId>(bad).is_err(),
                "{}",
                &bad[..bad.len().min(20)]
            );
        }
    }
}
