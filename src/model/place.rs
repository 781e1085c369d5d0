//! Where a problem is and who reported it: plain values that a create
//! request carries, events record and items keep. They live apart from
//! [`super::Item`] so the action and event vocabularies can name them
//! without depending on the item's fold.

use serde::{Deserialize, Serialize};

/// Where the problem is, as precisely as the reporter knew.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::place_part)]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::place_part)]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::place_part)]
    pub grid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::address)]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::latitude)]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::longitude)]
    pub lon: Option<f64>,
}

/// Who called the hotline, for the callback (回访).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Caller {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::caller_name)]
    pub name: Option<String>,
    /// Normalised by the server on create ([`super::phone::normalise`]),
    /// so one caller's items are found however the number was typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::phone)]
    pub phone: Option<String>,
    /// How the report came in; a phone call unless said otherwise.
    #[serde(default, skip_serializing_if = "Channel::is_phone")]
    pub channel: Channel,
    /// The caller asks not to be named to the department: units and
    /// viewers see nothing of them ([`super::privacy`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
}

/// How a report reached the centre.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    #[default]
    Phone,
    Web,
    App,
    WalkIn,
    Letter,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Web,
        Channel::App,
        Channel::WalkIn,
        Channel::Letter,
    ];

    /// The wire name (`walk-in`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Web => "web",
            Channel::App => "app",
            Channel::WalkIn => "walk-in",
            Channel::Letter => "letter",
        }
    }

    fn is_phone(&self) -> bool {
        *self == Channel::Phone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_of_old_carries_the_defaults_and_writes_as_before() {
        let old: Caller = serde_json::from_str(r#"{"name":"王芳","phone":"13800001234"}"#).expect("reads");
        assert_eq!(old.channel, Channel::Phone);
        assert!(!old.confidential);
        assert_eq!(
            serde_json::to_string(&old).expect("writes"),
            r#"{"name":"王芳","phone":"13800001234"}"#
        );
        let walk_in: Caller =
            serde_json::from_str(r#"{"channel":"walk-in","confidential":true}"#).expect("reads");
        assert_eq!(walk_in.channel, Channel::WalkIn);
        assert!(walk_in.confidential);
    }
}
