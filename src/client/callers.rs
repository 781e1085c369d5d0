//! The client side of callers: a caller's history, posting a call (what
//! `citydesk call` and the simulator's ringing phone do), and the audit.

use super::{Client, Result, decode, urlencode};
use crate::api::{AuditQuery, CallPosted, CallRequest, CallerAudit, CallerHistory, paths};
use reqwest::Method;

impl Client {
    /// The caller's items and counts; `phone` in any form the server
    /// normalises (`+86 138-0000-1234`).
    pub async fn caller_history(&self, phone: &str) -> Result<CallerHistory> {
        let path = paths::caller(&urlencode(phone));
        self.get(&path).await
    }

    /// Rings the named operator's console (the screen pop).
    pub async fn post_call(&self, call: &CallRequest) -> Result<CallPosted> {
        decode(self.send(Method::POST, paths::CALLS, |r| r.json(call)).await?).await
    }

    /// Who read which caller's history, newest first (admins only).
    pub async fn caller_audit(&self, query: &AuditQuery) -> Result<CallerAudit> {
        let mut pairs = Vec::new();
        if let Some(phone) = &query.phone {
            pairs.push(format!("phone={}", urlencode(phone)));
        }
        if let Some(limit) = query.limit {
            pairs.push(format!("limit={limit}"));
        }
        let qs = if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        };
        let path = format!("{}{qs}", paths::AUDIT_CALLERS);
        self.get(&path).await
    }
}
