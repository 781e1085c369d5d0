//! Refusals by the item's own state or by what the action names (a merge
//! target, a department): typed, so the API sends them as details and
//! every language words them from the catalogs, as it does forbidden
//! actions and refused transitions. The English here is the wire's
//! `message` and what logs and tests read.

use crate::model::ids::{ItemId, Kind};
use crate::model::scales::{Priority, Supervision};
use crate::model::status::Status;
use serde::{Deserialize, Serialize};

/// One refused rule; `details` of a 422 `invalid` (`{"rule": "…", …}`).
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    #[error("unknown department {department:?}; see GET /v1/directory")]
    UnknownDepartment { department: String },
    #[error("already dispatched to {department}")]
    AlreadyDispatched { department: String },
    #[error("no clock runs on this item; nothing to extend")]
    NoClock,
    #[error("an extension is already pending; approve or deny it first")]
    ExtensionPending,
    #[error("no extension is pending")]
    NoExtensionPending,
    #[error(
        "this extension would set the deadline to {date}, more than {days} days from now; deny it and ask for less"
    )]
    DeadlineTooFar { date: String, days: i64 },
    #[error("already at the city tier; nothing above it")]
    TopTier,
    #[error("supervision is already {}", supervision_word(*level))]
    SupervisionUnchanged { level: Supervision },
    #[error("priority is already {priority}")]
    PriorityUnchanged { priority: Priority },
    #[error("the item is not claimed")]
    NotClaimed,
    #[error("unknown item {id}")]
    UnknownItem { id: ItemId },
    #[error("an item cannot be merged into or linked with itself")]
    ItSelf,
    #[error("cannot merge a {from} into a {into}")]
    MergeKinds { from: Kind, into: Kind },
    #[error("{target} is {status} and cannot take a merge")]
    MergeTargetClosed { target: ItemId, status: Status },
    #[error("already linked")]
    AlreadyLinked,
    #[error("only alerts carry a fingerprint")]
    FingerprintNotAlert,
    #[error("only an incident can be raised, and only from an alert or a ticket")]
    RaiseKinds,
    #[error("{from} is {status}; raise incidents from open items")]
    RaiseFromClosed { from: ItemId, status: Status },
}

/// The English word of a supervision level, as the wire names it.
fn supervision_word(level: Supervision) -> &'static str {
    match level {
        Supervision::None => "none",
        Supervision::Normal => "normal",
        Supervision::Yellow => "yellow",
        Supervision::Red => "red",
    }
}
