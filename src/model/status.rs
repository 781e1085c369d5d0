//! Where an item stands in its life and how it ended: its status, the
//! outcome of a closed item, the caller's satisfaction at the callback and
//! the emergency services a ticket can be handed to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an item is in its life; see design §2 for the diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Accepted,
    Dispatched,
    InProgress,
    Resolved,
    Closed,
    Rejected,
    Parked,
    Merged,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::New,
        Status::Accepted,
        Status::Dispatched,
        Status::InProgress,
        Status::Resolved,
        Status::Closed,
        Status::Rejected,
        Status::Parked,
        Status::Merged,
    ];

    /// Open items are the live queues; the rest only take notes (and
    /// `closed` a reopen).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Closed | Status::Rejected | Status::Merged)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Accepted => "accepted",
            Status::Dispatched => "dispatched",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Rejected => "rejected",
            Status::Parked => "parked",
            Status::Merged => "merged",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Services a ticket is transferred to, or an incident links with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum EmergencyService {
    #[serde(rename = "110")]
    Police,
    #[serde(rename = "119")]
    Fire,
    #[serde(rename = "120")]
    Ambulance,
    #[serde(rename = "122")]
    Traffic,
}

/// How a closed item ended, where more than "closed" is worth saying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// Closed after a passing verification.
    Verified,
    /// A ticket answered directly by the call-taker.
    Answered,
    /// A ticket handed to an emergency service.
    Transferred { to: EmergencyService },
    /// An alert whose condition went away by itself.
    Cleared,
}

/// 回访 answer: 满意 / 基本满意 / 不满意.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    Basic,
    Unsatisfied,
}

impl Satisfaction {
    /// 满意 and 基本满意 count as satisfied in the satisfaction rate.
    pub fn counts_as_satisfied(self) -> bool {
        !matches!(self, Satisfaction::Unsatisfied)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::Basic => "basic",
            Satisfaction::Unsatisfied => "unsatisfied",
        }
    }
}
