//! Events: the only record of change. Each is appended to one ordered log
//! with a gap-free `seq`, and counts one `version` of its item.

use super::Timestamp;
use super::action::{CreateItem, LinkTarget};
use super::ids::{ItemId, Kind};
use super::ingest::Origin;
use super::place::{Caller, Place};
use super::policy::{Deadline, Stage};
use super::scales::{Priority, Supervision, Tier};
use super::status::{EmergencyService, Satisfaction};
use serde::{Deserialize, Serialize};

/// One entry of the log, as stored, streamed and returned in history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    pub seq: u64,
    pub item_id: ItemId,
    pub version: u64,
    /// `op:<login>` for operators, `system` for automation.
    pub actor: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    #[serde(flatten)]
    pub body: EventBody,
}

/// An event before the store gives it a `seq`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub item_id: ItemId,
    pub version: u64,
    pub actor: String,
    pub at: Timestamp,
    pub body: EventBody,
}

impl NewEvent {
    pub fn with_seq(self, seq: u64) -> Event {
        Event {
            seq,
            item_id: self.item_id,
            version: self.version,
            actor: self.actor,
            at: self.at,
            body: self.body,
        }
    }
}

/// What happened. Events that start a stage carry the stage's due time, so
/// a replay gives the same clocks even after the policy changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum EventBody {
    Created(Box<Created>),
    Accepted {
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Rejected {
        reason: String,
    },
    Dispatched {
        department: String,
        /// The routing rule that chose the department when the server
        /// dispatched by itself (`route:C11`, least loaded of …).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Signed {
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Returned {
        reason: String,
        department: Option<String>,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
        /// How many times the item has been returned, this one included, so
        /// a reader of the log (`tail --queue escalations`) sees a return
        /// beyond the limit without replaying the item.
        #[serde(default)]
        returns: u32,
    },
    Resolved {
        summary: String,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Verified {
        passed: bool,
        #[serde(default)]
        note: String,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Reopened {
        reason: String,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Escalated {
        from: Tier,
        to: Tier,
        #[serde(default)]
        reason: String,
        /// A supervisor must now designate the handler (指定承办).
        #[serde(default, skip_serializing_if = "is_false")]
        designate: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    Supervised {
        from: Supervision,
        level: Supervision,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    PrioritySet {
        from: Priority,
        to: Priority,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Parked {
        reason: String,
    },
    Resumed {
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        /// When the clock turns yellow (80 % of the limit, in working time
        /// where the limit counts working time).
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    Claimed {
        owner: String,
        #[serde(with = "time::serde::rfc3339")]
        #[schema(value_type = String, format = DateTime)]
        until: Timestamp,
    },
    Released {
        owner: String,
    },
    Merged {
        into: ItemId,
    },
    /// The surviving side of a merge: it keeps the other item's callers.
    Absorbed {
        from: ItemId,
        #[serde(default)]
        callers: Vec<Caller>,
    },
    Linked {
        target: LinkTarget,
    },
    Noted {
        text: String,
    },
    Answered {
        answer: String,
        /// The knowledge-base entry the call-taker answered from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entry: Option<String>,
    },
    Transferred {
        to: EmergencyService,
    },
    /// The source that brought the item in revised it (a CAP Update):
    /// the fields it changed, and the source's newest facts about it.
    Amended {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<Place>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        origin: Option<Origin>,
    },
    /// An alert with the same fingerprint fired again.
    Recurred {
        occurrences: u32,
    },
    Cleared,
    /// 催办: the department is chased because a clock ran out.
    Chased {
        stage: Stage,
        rule: String,
    },
    /// 延期申请: the department asks for more time on the running stage.
    ExtensionRequested {
        /// A limit such as `2wd` or `4h`.
        extra: String,
        reason: String,
    },
    /// The extension was granted: the clock's due time moves.
    ExtensionApproved {
        extra: String,
        #[serde(with = "time::serde::rfc3339")]
        #[schema(value_type = String, format = DateTime)]
        due_at: Timestamp,
        #[serde(with = "time::serde::rfc3339")]
        #[schema(value_type = String, format = DateTime)]
        warn_at: Timestamp,
    },
    ExtensionDenied {
        reason: String,
    },
    /// The server found open items that look like the same problem.
    DuplicatesSuggested {
        candidates: Vec<ItemId>,
        rule: String,
    },
    /// This alert is part of a storm grouped under `parent`.
    Grouped {
        parent: ItemId,
        /// `storm: N alerts in grid:… within 10m`.
        #[serde(default)]
        rule: String,
    },
    /// The storm parent took in one more alert.
    GroupAdded {
        child: ItemId,
    },
    /// 回访: the caller was asked how it went. Not satisfied and
    /// attributable sends the ticket back for rework (重办).
    CalledBack {
        satisfaction: Satisfaction,
        #[serde(default)]
        attributable: bool,
        #[serde(default)]
        note: String,
        #[serde(default, with = "time::serde::rfc3339::option")]
        #[schema(value_type = Option<String>, format = DateTime)]
        due_at: Option<Timestamp>,
        #[serde(
            default,
            with = "time::serde::rfc3339::option",
            skip_serializing_if = "Option::is_none"
        )]
        #[schema(value_type = Option<String>, format = DateTime)]
        warn_at: Option<Timestamp>,
    },
    /// Retention: callers' `fields` were removed from the item and its
    /// history (written by the server after the policy's period).
    Redacted {
        fields: Vec<String>,
        #[serde(default)]
        rule: String,
    },
    /// The stage's clock passed 80 % of its limit (written by the ticker).
    SlaWarning {
        stage: Stage,
        #[serde(with = "time::serde::rfc3339")]
        #[schema(value_type = String, format = DateTime)]
        due_at: Timestamp,
        /// The rule that fired, so a reader sees why without the policy.
        #[serde(default)]
        rule: String,
    },
    /// The stage's clock ran out (written by the ticker).
    SlaBreached {
        stage: Stage,
        #[serde(with = "time::serde::rfc3339")]
        #[schema(value_type = String, format = DateTime)]
        due_at: Timestamp,
        #[serde(default)]
        rule: String,
    },
}

/// The data of a `created` event: the item as reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Created {
    pub kind: Kind,
    pub category: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub priority: Priority,
    pub tier: Tier,
    #[serde(default)]
    pub place: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<Caller>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<Timestamp>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub warn_at: Option<Timestamp>,
    /// The item this one was raised from (an incident from an alert or a
    /// ticket); both sides are linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_from: Option<ItemId>,
    /// The telephone system's id of the call the report came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The standard and foreign id, when a feed brought the item in
    /// (absent on events written before intake existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

impl Created {
    pub fn from_request(req: &CreateItem, priority: Priority, deadline: Option<Deadline>) -> Self {
        Created {
            kind: req.kind,
            category: req.category.trim().to_owned(),
            title: req.title.trim().to_owned(),
            description: req.description.clone(),
            priority,
            tier: req.tier.unwrap_or(Tier::Grid),
            place: req.place.clone(),
            fingerprint: req.fingerprint.clone(),
            caller: req.caller.clone(),
            due_at: deadline.map(|d| d.due_at),
            warn_at: deadline.map(|d| d.warn_at),
            raised_from: req.raised_from.clone(),
            call_id: req.call_id.clone(),
            origin: None,
        }
    }
}

impl EventBody {
    /// Whether the event only marks the item's clock (a warning, a breach,
    /// a chase): it changes neither the status nor the callers, so what the
    /// store keeps beside the item about those stays as it is.
    pub fn marks_clock_only(&self) -> bool {
        matches!(
            self,
            EventBody::SlaWarning { .. } | EventBody::SlaBreached { .. } | EventBody::Chased { .. }
        )
    }

    /// Whether the event leaves the item's status, callers and closing
    /// facts as they were (clock marks, claims taken and given back): what
    /// the store keeps beside the item about those (the caller index, the
    /// facts row) needs no write. Claims are most of a dispatch room's
    /// writes.
    pub fn keeps_status_and_callers(&self) -> bool {
        self.marks_clock_only() || matches!(self, EventBody::Claimed { .. } | EventBody::Released { .. })
    }

    /// The event's type name as it appears on the wire (`dispatched`).
    pub fn type_name(&self) -> &'static str {
        match self {
            EventBody::Created(_) => "created",
            EventBody::Accepted { .. } => "accepted",
            EventBody::Rejected { .. } => "rejected",
            EventBody::Dispatched { .. } => "dispatched",
            EventBody::Signed { .. } => "signed",
            EventBody::Returned { .. } => "returned",
            EventBody::Resolved { .. } => "resolved",
            EventBody::Verified { .. } => "verified",
            EventBody::Reopened { .. } => "reopened",
            EventBody::Escalated { .. } => "escalated",
            EventBody::Supervised { .. } => "supervised",
            EventBody::PrioritySet { .. } => "priority_set",
            EventBody::Parked { .. } => "parked",
            EventBody::Resumed { .. } => "resumed",
            EventBody::Claimed { .. } => "claimed",
            EventBody::Released { .. } => "released",
            EventBody::Merged { .. } => "merged",
            EventBody::Absorbed { .. } => "absorbed",
            EventBody::Linked { .. } => "linked",
            EventBody::Noted { .. } => "noted",
            EventBody::Answered { .. } => "answered",
            EventBody::Transferred { .. } => "transferred",
            EventBody::Amended { .. } => "amended",
            EventBody::Recurred { .. } => "recurred",
            EventBody::Cleared => "cleared",
            EventBody::Chased { .. } => "chased",
            EventBody::ExtensionRequested { .. } => "extension_requested",
            EventBody::ExtensionApproved { .. } => "extension_approved",
            EventBody::ExtensionDenied { .. } => "extension_denied",
            EventBody::DuplicatesSuggested { .. } => "duplicates_suggested",
            EventBody::Grouped { .. } => "grouped",
            EventBody::GroupAdded { .. } => "group_added",
            EventBody::CalledBack { .. } => "called_back",
            EventBody::Redacted { .. } => "redacted",
            EventBody::SlaWarning { .. } => "sla_warning",
            EventBody::SlaBreached { .. } => "sla_breached",
        }
    }
}

impl Event {
    /// `at` as RFC 3339 text.
    pub fn at_text(&self) -> String {
        super::rfc3339(self.at)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
