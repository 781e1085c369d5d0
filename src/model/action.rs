//! What operators ask for. One endpoint takes every action; the `action`
//! field names it and the rest are its parameters.

use super::ids::{ItemId, Kind};
use super::place::{Caller, Place};
use super::{
    scales::{Priority, Supervision, Tier},
    status::{EmergencyService, Satisfaction},
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An action and its parameters, as sent in `POST /v1/items/{id}/actions`
/// (without `expected_version`, which the API layer takes off first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// 受理: take a new item into the centre's work.
    Accept {},
    /// 不予受理: refuse a new item, with a reason.
    Reject {
        #[schema(schema_with = super::schema::required_text)]
        reason: String,
    },
    /// 派遣 / 改派: send to a department (again, to reassign).
    Dispatch {
        department: String,
    },
    /// 签收: the department acknowledges it.
    Sign {},
    /// 退单: the department sends a misrouted item back.
    Return {
        #[schema(schema_with = super::schema::required_text)]
        reason: String,
    },
    /// 处置完成: the department reports it handled.
    Resolve {
        #[schema(schema_with = super::schema::required_text)]
        summary: String,
    },
    /// 核查 / 回访: pass closes it; fail sends it back for rework.
    Verify {
        passed: bool,
        #[serde(default)]
        #[schema(schema_with = super::schema::free_text)]
        note: String,
    },
    /// Reopen a closed item.
    Reopen {
        #[schema(schema_with = super::schema::required_text)]
        reason: String,
    },
    /// Raise one tier.
    Escalate {
        // Absent reads as empty, which the model refuses: it is required.
        #[serde(default)]
        #[schema(schema_with = super::schema::required_text, required = true)]
        reason: String,
    },
    /// 督办: set the supervision card.
    Supervise {
        level: Supervision,
    },
    SetPriority {
        priority: Priority,
    },
    /// 挂账: stop the clock.
    Park {
        #[schema(schema_with = super::schema::required_text)]
        reason: String,
    },
    Resume {},
    /// Take (or renew) the lease on an item.
    Claim {},
    Release {},
    /// Fold this item into another of the same kind.
    Merge {
        into: ItemId,
    },
    Link {
        target: LinkTarget,
    },
    Note {
        #[schema(schema_with = super::schema::required_text)]
        text: String,
    },
    /// 直接答复: close a ticket with an answer given in the call.
    Answer {
        #[schema(schema_with = super::schema::required_text)]
        answer: String,
        /// The knowledge-base entry the answer came from (`kb-heating-01`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(schema_with = super::schema::entry)]
        entry: Option<String>,
    },
    /// Hand a ticket to 110/119/120/122.
    Transfer {
        to: EmergencyService,
    },
    /// An alert's condition went away.
    Clear {},
    /// 延期申请: ask for `extra` (`2wd`, `4h`) on the running stage.
    RequestExtension {
        extra: String,
        #[schema(schema_with = super::schema::required_text)]
        reason: String,
    },
    /// Grant the pending extension: the due time moves.
    ApproveExtension {},
    DenyExtension {
        #[schema(schema_with = super::schema::required_text)]
        reason: String,
    },
    /// 回访: record what the caller said about a resolved ticket.
    Callback {
        satisfaction: Satisfaction,
        /// The dissatisfaction is the department's doing: rework (重办).
        #[serde(default)]
        attributable: bool,
        #[serde(default)]
        #[schema(schema_with = super::schema::free_text)]
        note: String,
    },
}

/// What an item can be linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LinkTarget {
    /// Another item (both sides get the link).
    Item(ItemId),
    /// An emergency service working an incident alongside the centre.
    Emergency(EmergencyService),
}

/// Action names without parameters, for tables and messages.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    Accept,
    Reject,
    Dispatch,
    Sign,
    Return,
    Resolve,
    Verify,
    Reopen,
    Escalate,
    Supervise,
    SetPriority,
    Park,
    Resume,
    Claim,
    Release,
    Merge,
    Link,
    Note,
    Answer,
    Transfer,
    Clear,
    RequestExtension,
    ApproveExtension,
    DenyExtension,
    Callback,
}

impl ActionName {
    pub const ALL: [ActionName; 25] = [
        ActionName::Accept,
        ActionName::Reject,
        ActionName::Dispatch,
        ActionName::Sign,
        ActionName::Return,
        ActionName::Resolve,
        ActionName::Verify,
        ActionName::Reopen,
        ActionName::Escalate,
        ActionName::Supervise,
        ActionName::SetPriority,
        ActionName::Park,
        ActionName::Resume,
        ActionName::Claim,
        ActionName::Release,
        ActionName::Merge,
        ActionName::Link,
        ActionName::Note,
        ActionName::Answer,
        ActionName::Transfer,
        ActionName::Clear,
        ActionName::RequestExtension,
        ActionName::ApproveExtension,
        ActionName::DenyExtension,
        ActionName::Callback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionName::Accept => "accept",
            ActionName::Reject => "reject",
            ActionName::Dispatch => "dispatch",
            ActionName::Sign => "sign",
            ActionName::Return => "return",
            ActionName::Resolve => "resolve",
            ActionName::Verify => "verify",
            ActionName::Reopen => "reopen",
            ActionName::Escalate => "escalate",
            ActionName::Supervise => "supervise",
            ActionName::SetPriority => "set_priority",
            ActionName::Park => "park",
            ActionName::Resume => "resume",
            ActionName::Claim => "claim",
            ActionName::Release => "release",
            ActionName::Merge => "merge",
            ActionName::Link => "link",
            ActionName::Note => "note",
            ActionName::Answer => "answer",
            ActionName::Transfer => "transfer",
            ActionName::Clear => "clear",
            ActionName::RequestExtension => "request_extension",
            ActionName::ApproveExtension => "approve_extension",
            ActionName::DenyExtension => "deny_extension",
            ActionName::Callback => "callback",
        }
    }
}

impl fmt::Display for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Action {
    pub fn name(&self) -> ActionName {
        match self {
            Action::Accept {} => ActionName::Accept,
            Action::Reject { .. } => ActionName::Reject,
            Action::Dispatch { .. } => ActionName::Dispatch,
            Action::Sign {} => ActionName::Sign,
            Action::Return { .. } => ActionName::Return,
            Action::Resolve { .. } => ActionName::Resolve,
            Action::Verify { .. } => ActionName::Verify,
            Action::Reopen { .. } => ActionName::Reopen,
            Action::Escalate { .. } => ActionName::Escalate,
            Action::Supervise { .. } => ActionName::Supervise,
            Action::SetPriority { .. } => ActionName::SetPriority,
            Action::Park { .. } => ActionName::Park,
            Action::Resume {} => ActionName::Resume,
            Action::Claim {} => ActionName::Claim,
            Action::Release {} => ActionName::Release,
            Action::Merge { .. } => ActionName::Merge,
            Action::Link { .. } => ActionName::Link,
            Action::Note { .. } => ActionName::Note,
            Action::Answer { .. } => ActionName::Answer,
            Action::Transfer { .. } => ActionName::Transfer,
            Action::Clear {} => ActionName::Clear,
            Action::RequestExtension { .. } => ActionName::RequestExtension,
            Action::ApproveExtension {} => ActionName::ApproveExtension,
            Action::DenyExtension { .. } => ActionName::DenyExtension,
            Action::Callback { .. } => ActionName::Callback,
        }
    }

    /// The other item this action touches, which the server must load too.
    pub fn related_item(&self) -> Option<&ItemId> {
        match self {
            Action::Merge { into } => Some(into),
            Action::Link {
                target: LinkTarget::Item(id),
            } => Some(id),
            _ => None,
        }
    }
}

/// The body of `POST /v1/items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateItem {
    pub kind: Kind,
    /// Taxonomy code (`C23`, `H01`) or a free category name.
    #[schema(schema_with = super::schema::category)]
    pub category: String,
    #[schema(schema_with = super::schema::title)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = super::schema::free_text)]
    pub description: String,
    /// Defaults to P3 when the reporter does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Defaults to `grid`: problems start at the lowest tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub place: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::fingerprint)]
    pub fingerprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<Caller>,
    /// Raise this item from another (an incident from an alert or a
    /// ticket): both are linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_from: Option<ItemId>,
    /// The telephone system's id of the call this report came from
    /// (`POST /v1/calls`), kept on the `created` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = super::schema::call_id)]
    pub call_id: Option<String>,
}
