//! The audit log: who got in, who was refused, whose rights changed, who
//! read a caller's history. Append-only; admins read it
//! (`GET /v1/audit`, `citydesk audit`).

use super::{CallerRead, Role, Timestamp};
use serde::{Deserialize, Serialize};

/// What an audit row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// A token was used for the first time.
    FirstUse,
    /// A request was refused: 401 (no or unknown token) or 403 (the role
    /// or department does not allow it).
    Refused,
    /// An operator's role or department changed.
    RoleChanged,
    /// An operator's token was revoked.
    Revoked,
    /// Someone read a caller's history.
    CallerRead,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::FirstUse => "first_use",
            AuditKind::Refused => "refused",
            AuditKind::RoleChanged => "role_changed",
            AuditKind::Revoked => "revoked",
            AuditKind::CallerRead => "caller_read",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            AuditKind::FirstUse,
            AuditKind::Refused,
            AuditKind::RoleChanged,
            AuditKind::Revoked,
            AuditKind::CallerRead,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Increasing: page with `?after=ID`.
    pub id: u64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub kind: AuditKind,
    /// The operator it is about: the token's, the one changed or revoked,
    /// the reader. `None` for a request with no token or an unknown one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// `GET /v1/items/TKT-0001` for refusals and reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The HTTP status of a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why, or what changed, in words.
    pub detail: String,
}

/// An audit row to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAudit {
    pub kind: AuditKind,
    pub login: Option<String>,
    pub route: Option<String>,
    pub status: Option<u16>,
    pub detail: String,
    /// A row with a key is appended once: a second with the same key is
    /// dropped (a token's first use).
    pub once: Option<String>,
}

impl NewAudit {
    pub fn new(kind: AuditKind, login: Option<String>, detail: impl Into<String>) -> Self {
        NewAudit {
            kind,
            login,
            route: None,
            status: None,
            detail: detail.into(),
            once: None,
        }
    }

    // The rows every store writes in the transaction of the change they
    // record; their words are made here, once, whichever the backend.

    /// `login`'s token was revoked.
    pub fn revoked(login: &str) -> Self {
        NewAudit::new(AuditKind::Revoked, Some(login.to_owned()), "token revoked")
    }

    /// `login` went from `before` to `after` (a role and its department),
    /// changed by `by`.
    pub fn role_changed(
        login: &str,
        before: (Role, Option<&str>),
        after: (Role, Option<&str>),
        by: &str,
    ) -> Self {
        let shown = |(role, department): (Role, Option<&str>)| match department {
            Some(d) => format!("{role} ({d})"),
            None => role.to_string(),
        };
        let detail = format!("role changed from {} to {} by {by}", shown(before), shown(after));
        NewAudit::new(AuditKind::RoleChanged, Some(login.to_owned()), detail)
    }

    /// `read` looked at a caller's history; the number shows masked.
    pub fn caller_read(read: &CallerRead) -> Self {
        let masked = super::phone::mask(&read.phone);
        NewAudit {
            route: Some(format!("GET /v1/callers/{masked}")),
            ..NewAudit::new(
                AuditKind::CallerRead,
                Some(read.login.clone()),
                format!("read the history of caller {masked} (as {})", read.role),
            )
        }
    }
}
