//! Callers on the wire: a caller's history (`GET /v1/callers/{phone}`),
//! the screen pop a telephone system posts (`POST /v1/calls`) and the
//! `call` event it becomes on the named operator's stream, and the audit of
//! history reads (`GET /v1/audit/callers`).

use crate::model::{
    CallerCounts, CallerRead, Clock, ClockState, Item, ItemId, Kind, Outcome, Place, Priority, Satisfaction,
    Status, Timestamp,
};
use serde::{Deserialize, Serialize};

/// Items a caller's history lists at most (the counts are over the same
/// items; a caller with more is a switchboard, not a citizen).
pub const HISTORY_ITEMS: usize = 200;

/// `GET /v1/callers/{phone}`: the caller's items, newest first, with counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallerHistory {
    /// The number as the reader may see it: normalised, or masked.
    pub phone: String,
    #[serde(flatten)]
    pub counts: CallerCounts,
    /// The answer at their latest callback (回访).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_satisfaction: Option<Satisfaction>,
    pub items: Vec<CallerItem>,
}

/// One of a caller's items: enough to recognise it and see where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallerItem {
    pub id: ItemId,
    pub kind: Kind,
    pub status: Status,
    pub category: String,
    pub title: String,
    pub priority: Priority,
    pub place: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// Colour of the running clock as of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_state: Option<ClockState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
}

impl CallerItem {
    pub fn of(item: Item, now: Timestamp) -> Self {
        CallerItem {
            clock_state: item.clock_state(now),
            id: item.id,
            kind: item.kind,
            status: item.status,
            category: item.category,
            title: item.title,
            priority: item.priority,
            place: item.place,
            department: item.department,
            clock: item.clock,
            outcome: item.outcome,
            satisfaction: item.satisfaction,
            created_at: item.created_at,
            closed_at: item.closed_at,
        }
    }
}

/// `POST /v1/calls`: a call is ringing at an operator's desk. Name the
/// operator by login or by the extension they answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    /// The caller's number as the telephone system has it (ANI).
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// The telephone system's id of the call; the ticket saved from it
    /// records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::model::schema::call_id)]
    pub call_id: Option<String>,
}

/// The stream's `call` event (ephemeral: no `id`, no `seq`), sent only to
/// the streams of the operator the call rings for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Call {
    /// Normalised.
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// The answer to `POST /v1/calls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallPosted {
    /// The operator it rang for.
    pub operator: String,
    /// How many of their consoles were streaming (0: nobody saw it).
    pub consoles: u64,
    pub call: Call,
}

/// `GET /v1/audit/callers` query.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only reads of this number (any form; normalised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Newest first, at most this many (default 100, at most 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// `GET /v1/audit/callers`: who read which caller's history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallerAudit {
    pub reads: Vec<CallerRead>,
}
