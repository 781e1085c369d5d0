//! Bearer tokens: the token is hashed and looked up; the operator it names
//! becomes the actor of whatever the request does.

use super::{ApiError, AppState};
use crate::model::{Operator, Role};
use crate::store::TokenRecord;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

/// The authenticated caller, of any role but `telephony` and `feed`: the
/// telephone system may only post calls and a feed only its documents, so
/// every other route refuses them here, in one place.
pub struct Auth(pub Operator);

/// The authenticated caller, of any role: only `POST /v1/calls` takes it,
/// and checks the role itself.
pub struct AnyRole(pub Operator);

/// SHA-256 of a token, hex. Tokens carry 256 random bits, so a plain hash
/// is enough: there is nothing to brute-force.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random token (256 bits), prefixed so it is recognisable in
/// config files and leak scanners.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("cdk_{}", hex::encode(bytes))
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let operator = authenticate(parts, state).await?;
        if operator.role == Role::Telephony {
            return Err(ApiError::role_refused(
                operator.role,
                parts.uri.path(),
                "the telephone system may only post calls (POST /v1/calls)",
            ));
        }
        if operator.role == Role::Feed {
            return Err(ApiError::role_refused(
                operator.role,
                parts.uri.path(),
                "a feed may only post documents to its ingest route (/v1/ingest/...)",
            ));
        }
        Ok(Auth(operator))
    }
}

impl FromRequestParts<AppState> for AnyRole {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        authenticate(parts, state).await.map(AnyRole)
    }
}

/// The hash of the request's bearer token, if it carries one.
pub fn bearer_hash(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(hash_token)
}

/// The operator the bearer token names.
async fn authenticate(parts: &Parts, state: &AppState) -> Result<Operator, ApiError> {
    if parts.headers.get(AUTHORIZATION).is_none() {
        return Err(ApiError::Unauthorized(
            "missing Authorization: Bearer <token> header".into(),
        ));
    }
    let hash = bearer_hash(&parts.headers)
        .ok_or_else(|| ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into()))?;
    let now = state.now();
    if let Some(record) = state.tokens().get(&hash) {
        return super::token_life::admit(state, &hash, record, now);
    }
    let record = state
        .store()
        .token(&hash)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("unknown or revoked token".into()))?;
    state.tokens().put(hash.clone(), record.clone());
    let operator = super::token_life::admit(state, &hash, record, now)?;
    super::audit::first_use(state, &hash, &operator).await;
    Ok(operator)
}

/// Recently seen tokens, so a busy console or integration does not cost a
/// database read per request. An entry lives [`TOKEN_TTL`]: a revoked token
/// stops working within that time (`citydesk operator revoke` runs in
/// another process and cannot tell this one).
#[derive(Default)]
pub struct TokenCache {
    // A std Mutex: held only to look up or insert, never across an await.
    seen: std::sync::Mutex<std::collections::HashMap<String, (TokenRecord, std::time::Instant)>>,
    /// When each token's last use was written.
    pub(super) uses: super::token_life::Uses,
}

/// How long a looked-up token is trusted without asking the store again.
pub const TOKEN_TTL: std::time::Duration = std::time::Duration::from_secs(2);

impl TokenCache {
    pub(crate) fn get(&self, hash: &str) -> Option<TokenRecord> {
        let seen = self.seen.lock().ok()?;
        seen.get(hash)
            .filter(|(_, at)| at.elapsed() < TOKEN_TTL)
            .map(|(record, _)| record.clone())
    }

    fn put(&self, hash: String, record: TokenRecord) {
        if let Ok(mut seen) = self.seen.lock() {
            // Bounded: stale entries go whenever the map grows large.
            if seen.len() > 10_000 {
                seen.retain(|_, (_, at)| at.elapsed() < TOKEN_TTL);
            }
            seen.insert(hash, (record, std::time::Instant::now()));
        }
    }
}
