//! Who acts: operators and their roles.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The actor name the server's own automation writes on events.
pub const SYSTEM_ACTOR: &str = "system";

/// What an operator may do; the table lives in `permissions.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads everything, changes nothing (wall screens, auditors).
    Viewer,
    /// Call-taker (话务员): logs, accepts, answers and hands on.
    Agent,
    /// Dispatcher (派遣员): triages and assigns, chases sign-for.
    Dispatcher,
    /// Shift supervisor (值班长): escalates, supervises, reopens, overrides.
    Supervisor,
    /// Administers the centre; may do anything.
    Admin,
    /// A department's own system: signs for, resolves or returns items
    /// dispatched to its department, and nothing else.
    Unit,
    /// The telephone system (a PBX): posts incoming calls to the operator
    /// who answers them (`POST /v1/calls`), and nothing else.
    Telephony,
    /// An integration's own system (a CAP feed, an Open311 client, an
    /// Alertmanager): posts documents to its ingest route, and nothing else.
    Feed,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Viewer,
        Role::Agent,
        Role::Dispatcher,
        Role::Supervisor,
        Role::Admin,
        Role::Unit,
        Role::Telephony,
        Role::Feed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Agent => "agent",
            Role::Dispatcher => "dispatcher",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::Unit => "unit",
            Role::Telephony => "telephony",
            Role::Feed => "feed",
        }
    }

    /// May post calls (`POST /v1/calls`): the telephone system, and
    /// supervisors and admins testing it.
    pub fn may_post_calls(self) -> bool {
        matches!(self, Role::Telephony | Role::Supervisor | Role::Admin)
    }

    /// May post documents to the ingest routes: feeds, and admins testing
    /// them.
    pub fn may_ingest(self) -> bool {
        matches!(self, Role::Feed | Role::Admin)
    }

    /// Supervisors and admins may act through another operator's claim.
    pub fn may_override(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            format!("unknown role {s:?}; expected one of viewer, agent, dispatcher, supervisor, admin, unit, telephony, feed")
        })
    }
}

/// A person or system that holds a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub login: String,
    /// Display name, often Chinese (王芳).
    pub name: String,
    pub role: Role,
    /// For `unit` operators: the department code they act for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

impl Operator {
    /// How this operator appears as the actor of an event.
    pub fn actor(&self) -> String {
        format!("op:{}", self.login)
    }
}
