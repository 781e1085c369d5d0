//! A CAP 1.2 alert as read: the fields citydesk uses, typed, and the
//! enumerations of the standard. Elements we do not use (resource,
//! audience, altitude…) are not kept here: the raw document is kept beside
//! the item for anyone who needs them.

use crate::model::Timestamp;
use crate::model::geo::{Circle, Polygon};

/// One `<alert>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub identifier: String,
    pub sender: String,
    pub sent: Timestamp,
    /// `sent` exactly as written: `references` name a message by this text.
    pub sent_text: String,
    pub status: Status,
    pub msg_type: MsgType,
    pub scope: Scope,
    pub source: Option<String>,
    pub note: Option<String>,
    pub references: Vec<Reference>,
    pub infos: Vec<Info>,
    /// An enveloped `ds:Signature` was present. It is kept in the raw
    /// document and not verified.
    pub signed: bool,
}

impl Alert {
    /// `sender|identifier|sent`: unique per message (CAP §3.2.1).
    pub fn foreign_id(&self) -> String {
        format!("{}|{}|{}", self.sender, self.identifier, self.sent_text)
    }
}

/// One `sender,identifier,sent` triplet of `references`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub sender: String,
    pub identifier: String,
    pub sent: String,
}

impl Reference {
    pub fn foreign_id(&self) -> String {
        format!("{}|{}|{}", self.sender, self.identifier, self.sent)
    }
}

/// One `<info>` block: one language's account of the event.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// `en-US` when absent, as CAP says.
    pub language: String,
    pub categories: Vec<Category>,
    pub event: String,
    pub urgency: Urgency,
    pub severity: Severity,
    pub certainty: Certainty,
    pub event_codes: Vec<(String, String)>,
    pub expires: Option<Timestamp>,
    pub sender_name: Option<String>,
    pub headline: Option<String>,
    pub description: Option<String>,
    pub instruction: Option<String>,
    pub web: Option<String>,
    pub areas: Vec<Area>,
}

/// One `<area>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub desc: String,
    pub polygons: Vec<Polygon>,
    pub circles: Vec<Circle>,
    pub geocodes: Vec<(String, String)>,
}

/// The enumerations: each reads its CAP spelling (case-insensitively, as
/// feeds vary) and names every allowed value when refusing one.
macro_rules! cap_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, String> {
                let t = text.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(t))
                    .ok_or_else(|| {
                        let all: Vec<_> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        format!("{t:?} is not one of {}", all.join(", "))
                    })
            }
        }
    };
}

cap_enum!(
    /// `status`: only `Actual` is real; the rest are stored and marked.
    Status { Actual = "Actual", Exercise = "Exercise", System = "System", Test = "Test", Draft = "Draft" }
);
cap_enum!(MsgType { Alert = "Alert", Update = "Update", Cancel = "Cancel", Ack = "Ack", Error = "Error" });
cap_enum!(Scope { Public = "Public", Restricted = "Restricted", Private = "Private" });
cap_enum!(Category {
    Geo = "Geo", Met = "Met", Safety = "Safety", Security = "Security", Rescue = "Rescue", Fire = "Fire",
    Health = "Health", Env = "Env", Transport = "Transport", Infra = "Infra", Cbrne = "CBRNE", Other = "Other",
});
cap_enum!(Urgency { Immediate = "Immediate", Expected = "Expected", Future = "Future", Past = "Past", Unknown = "Unknown" });
cap_enum!(Severity { Extreme = "Extreme", Severe = "Severe", Moderate = "Moderate", Minor = "Minor", Unknown = "Unknown" });
cap_enum!(Certainty {
    Observed = "Observed", Likely = "Likely", Possible = "Possible", Unlikely = "Unlikely", Unknown = "Unknown",
});

impl Status {
    /// Not a real event: stored and marked, never dispatched.
    pub fn is_rehearsal(self) -> bool {
        matches!(self, Status::Exercise | Status::Test | Status::Draft)
    }
}

impl Certainty {
    /// CAP 1.0's `Very Likely` still appears in old feeds; CAP 1.1 folded
    /// it into `Likely`.
    pub fn parse_liberal(text: &str) -> Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("Very Likely") {
            return Ok(Certainty::Likely);
        }
        Self::parse(text)
    }
}
