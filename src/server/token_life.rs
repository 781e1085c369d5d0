//! What a token's lifetime decides at each request: an expired token, or
//! one a rotation replaced whose grace has ended, gets a 401 that says
//! which and what to do; a working one has its use recorded, at most once
//! a minute per token so a busy console costs no write per request.

use super::{ApiError, AppState};
use crate::model::{Operator, Timestamp, rfc3339};
use crate::store::TokenRecord;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a token's last use is written at most.
pub const USE_RECORDED_EVERY: Duration = Duration::from_secs(60);

/// The operator of a working token, or the 401 of one that no longer works.
pub fn admit(
    state: &AppState,
    hash: &str,
    record: TokenRecord,
    now: Timestamp,
) -> Result<Operator, ApiError> {
    if let Some(until) = record.valid_until.filter(|until| now >= *until) {
        return Err(refusal(&record, until));
    }
    if state.tokens().uses.due(hash) {
        let (state, login) = (state.clone(), record.operator.login.clone());
        // Off the request's path: a slow write must not slow the request.
        tokio::spawn(async move {
            if let Err(e) = state.store().record_token_use(&login, now).await {
                tracing::warn!(%login, error = %e, "could not record a token's use");
            }
        });
    }
    Ok(record.operator)
}

fn refusal(record: &TokenRecord, until: Timestamp) -> ApiError {
    let login = &record.operator.login;
    ApiError::Unauthorized(if record.replaced {
        format!(
            "this token of {login} was replaced by a rotation and its grace period ended at {}; use the new token",
            rfc3339(until)
        )
    } else {
        format!(
            "the token of {login} expired at {}; an admin gives a new one with `citydesk operator rotate {login}`",
            rfc3339(until)
        )
    })
}

/// When each token's use was last written.
#[derive(Default)]
pub struct Uses {
    // A std Mutex: held only to look up or insert, never across an await.
    written: Mutex<HashMap<String, Instant>>,
}

impl Uses {
    /// Whether this use should be written, marking it written if so.
    fn due(&self, hash: &str) -> bool {
        let Ok(mut written) = self.written.lock() else {
            return false;
        };
        if written
            .get(hash)
            .is_some_and(|at| at.elapsed() < USE_RECORDED_EVERY)
        {
            return false;
        }
        // Bounded: entries older than the interval are dropped when it grows.
        if written.len() > 10_000 {
            written.retain(|_, at| at.elapsed() < USE_RECORDED_EVERY);
        }
        written.insert(hash.to_owned(), Instant::now());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_use_is_written_once_a_minute_per_token() {
        let uses = Uses::default();
        assert!(uses.due("a"), "the first use is written");
        assert!(!uses.due("a"), "the next within a minute is not");
        assert!(uses.due("b"), "another token's first use is");
    }
}
