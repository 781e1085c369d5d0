//! Writing the audit log: a token's first use, refused requests (401 and
//! 403, with the route and the reason). Role changes, revocations and
//! caller-history reads are written by the store in the same transaction
//! as what they record.
//!
//! Repeats cost no write: a token's first use is recorded once (the store
//! ignores a second row with the same key, and this server remembers the
//! tokens it has recorded), and the same refusal (status, route, operator)
//! at most once a minute, so a client retrying a refused request in a loop
//! does not flood the log.

use super::AppState;
use super::auth::bearer_hash;
use crate::model::Operator;
use crate::model::audit::{AuditKind, NewAudit};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The same refusal is recorded at most once per this.
const REPEAT: Duration = Duration::from_secs(60);
/// Entries remembered at most; past it the oldest are forgotten.
const REMEMBER: usize = 10_000;

/// The reason of an error response, put there by `ApiError`.
#[derive(Debug, Clone)]
pub struct Refused(pub String);

/// A refusal's status, route and operator (none without a known token).
type RefusalKey = (u16, String, Option<String>);

/// What this server has already written; see the module docs.
#[derive(Default)]
pub struct Seen {
    tokens: Mutex<HashSet<String>>,
    refusals: Mutex<HashMap<RefusalKey, Instant>>,
}

/// Records `operator`'s token's first use, once.
pub async fn first_use(state: &AppState, token_hash: &str, operator: &Operator) {
    {
        let mut seen = state
            .audit_seen()
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= REMEMBER {
            seen.clear();
        }
        if !seen.insert(token_hash.to_owned()) {
            return;
        }
    }
    // The key names the token by a prefix of its hash: enough to tell two
    // tokens of one operator apart, nothing to guess a token from.
    let entry = NewAudit {
        once: Some(format!("first_use:{token_hash}")),
        ..NewAudit::new(
            AuditKind::FirstUse,
            Some(operator.login.clone()),
            format!(
                "first use of token {} (role {})",
                &token_hash[..token_hash.len().min(8)],
                operator.role
            ),
        )
    };
    if let Err(e) = state.store().append_audit(&entry).await {
        tracing::warn!(error = %e, "could not record a token's first use");
    }
}

/// Middleware: records every 401 and 403 with its route and reason.
pub async fn record_refusals(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = format!("{} {}", request.method(), shown_path(request.uri().path()));
    let token = bearer_hash(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN {
        return response;
    }
    // A 403 comes with a known token, cached by the authentication.
    let login = token
        .as_deref()
        .and_then(|h| state.tokens().get(h))
        .map(|record| record.operator.login);
    if !state.audit_seen().first_refusal(status.as_u16(), &route, &login) {
        return response;
    }
    let reason = response
        .extensions()
        .get::<Refused>()
        .map_or_else(|| status.to_string(), |r| r.0.clone());
    let entry = NewAudit {
        route: Some(route),
        status: Some(status.as_u16()),
        ..NewAudit::new(AuditKind::Refused, login, reason)
    };
    if let Err(e) = state.store().append_audit(&entry).await {
        tracing::warn!(error = %e, "could not record a refused request");
    }
    response
}

impl Seen {
    /// Whether this refusal was not recorded within [`REPEAT`]; remembers it.
    fn first_refusal(&self, status: u16, route: &str, login: &Option<String>) -> bool {
        let mut seen = self.refusals.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= REMEMBER {
            seen.retain(|_, at| at.elapsed() < REPEAT);
            if seen.len() >= REMEMBER {
                seen.clear();
            }
        }
        let key = (status, route.to_owned(), login.clone());
        match seen.get(&key) {
            Some(at) if at.elapsed() < REPEAT => false,
            _ => {
                seen.insert(key, Instant::now());
                true
            }
        }
    }
}

/// The path as the log shows it: a caller's phone in a path is masked.
fn shown_path(path: &str) -> String {
    match path.strip_prefix("/v1/callers/") {
        Some(phone) => format!("/v1/callers/{}", crate::model::phone::mask(phone)),
        None => path.to_owned(),
    }
}
