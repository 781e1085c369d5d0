//! The error body every failed request answers with, and the typed
//! `details` of the errors a client acts on (a conflict, a refused
//! transition, a claim, a forbidden action). The server serialises these
//! types and the client deserialises the same ones, so neither side reads
//! the details by string keys and both change together.
//!
//! `details` stays a JSON value on the envelope: which type it holds
//! depends on `code`, and scripts that know only the envelope keep working.

use crate::model::{ActionName, Event, Kind, Role, Status, Timestamp};
use serde::{Deserialize, Serialize};

use super::ItemView;

/// The stable, machine-readable error codes.
pub mod codes {
    pub const CONFLICT: &str = "conflict";
    pub const CLAIMED: &str = "claimed";
    pub const FORBIDDEN: &str = "forbidden";
    pub const INVALID_TRANSITION: &str = "invalid_transition";
    /// 422: well-formed but not acceptable; typed details (`rule`) when
    /// the item's state or what the action names refused it.
    pub const INVALID: &str = "invalid";
    /// 503: the disk refuses writes (full, read-only); retry later.
    pub const STORAGE_UNAVAILABLE: &str = "storage_unavailable";
    pub const NOT_FOUND: &str = "not_found";
}

/// The 404 messages a reader in another language gets worded whole (see
/// `present::errors`): the server says them with these words exactly.
pub mod not_found {
    /// `GET /v1/city/map` on a server whose city has no outlines.
    pub const CITY_MAP: &str = "this server's city has no usable district outlines (see its start-up log)";
    /// A path no route serves.
    pub const ENDPOINT: &str = "no such endpoint; see the README for the API";
    /// Begins the message for an item that does not exist: `no item TKT-9`.
    pub const ITEM: &str = "no item ";
}

/// `{"error":{"code","message","details"}}`, the body of every error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `conflict`, `forbidden`, `invalid_transition` …
    pub code: String,
    /// For people; may change between versions.
    pub message: String,
    /// One of the `*Details` types below, as `code` says; `null` for the rest.
    #[serde(default)]
    pub details: serde_json::Value,
}

impl ErrorDetail {
    /// The details of a 409 `conflict`.
    pub fn conflict(&self) -> Option<ConflictDetails> {
        self.typed(codes::CONFLICT)
    }

    /// The details of a 409 `claimed`.
    pub fn claimed(&self) -> Option<ClaimedDetails> {
        self.typed(codes::CLAIMED)
    }

    /// The details of a 403 `forbidden`.
    pub fn forbidden(&self) -> Option<ForbiddenDetails> {
        self.typed(codes::FORBIDDEN)
    }

    /// The details of a 422 `invalid_transition`.
    pub fn invalid_transition(&self) -> Option<TransitionDetails> {
        self.typed(codes::INVALID_TRANSITION)
    }

    /// The rule a 422 `invalid` names, when it names one.
    pub fn rule(&self) -> Option<crate::model::Rule> {
        self.typed(codes::INVALID)
    }

    fn typed<T: serde::de::DeserializeOwned>(&self, code: &str) -> Option<T> {
        if self.code != code {
            return None;
        }
        T::deserialize(&self.details).ok()
    }
}

/// 409 `conflict`: the item moved on since the caller read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConflictDetails {
    /// The `expected_version` the caller sent.
    pub expected_version: u64,
    pub current_version: u64,
    /// The item as it is now, so a client can refresh in place.
    pub current: ItemView,
    /// Who moved it last, in brief; `null` if the server could not say.
    pub changed_by: Option<ChangedBy>,
    /// That last event in full. Read leniently: an event type this client
    /// does not know yet (a newer server) must not hide the current item.
    #[serde(deserialize_with = "lenient_event")]
    pub last_event: Option<Event>,
}

fn lenient_event<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Event>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(Event::deserialize(&value).ok())
}

impl ConflictDetails {
    pub fn new(expected_version: u64, current: ItemView, last_event: Option<Event>) -> Self {
        ConflictDetails {
            expected_version,
            current_version: current.item.version,
            current,
            changed_by: last_event.as_ref().map(ChangedBy::of),
            last_event,
        }
    }
}

/// The event that changed an item, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangedBy {
    pub actor: String,
    /// The event's type (`dispatched` …).
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub seq: u64,
}

impl ChangedBy {
    pub fn of(event: &Event) -> Self {
        ChangedBy {
            actor: event.actor.clone(),
            event_type: event.body.type_name().to_owned(),
            at: event.at,
            seq: event.seq,
        }
    }
}

/// 409 `claimed`: someone else holds the item's claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClaimedDetails {
    /// The holder's login.
    pub owner: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub until: Timestamp,
}

/// 403 `forbidden`: what the refusal was about.
///
/// Untagged, as the wire has no tag: the variants are told apart by their
/// fields, so the order below (most fields first) matters when reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum ForbiddenDetails {
    /// The role may not take this action.
    Action { role: Role, action: ActionName },
    /// The role may not use this endpoint at all (the telephone system
    /// may only post calls; only admins read the audit).
    Endpoint { role: Role, endpoint: String },
    /// The role may not create items.
    Create { role: Role },
    /// A supervisor must designate the handler first.
    Designate { designate: bool },
    /// The item is another department's (or nobody's: `null`).
    Department { department: Option<String> },
}

/// 422 `invalid_transition`: the state (or the kind) does not allow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum TransitionDetails {
    /// Not in this status; `allowed` are the actions that are.
    Status {
        status: Status,
        action: ActionName,
        allowed: Vec<ActionName>,
    },
    /// Never for this kind of item.
    Kind { kind: Kind, action: ActionName },
}

#[cfg(test)]
mod tests;
