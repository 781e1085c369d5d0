//! Bearer tokens: the token is hashed and looked up; the operator it names
//! becomes the actor of whatever the request does.

use super::{ApiError, AppState};
use crate::model::Operator;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

/// The authenticated caller.
pub struct Auth(pub Operator);

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
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::Unauthorized("missing Authorization: Bearer <token> header".into()))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into())
            })?;
        let operator = state
            .store()
            .operator_by_token(&hash_token(token))
            .await?
            .ok_or_else(|| ApiError::Unauthorized("unknown or revoked token".into()))?;
        Ok(Auth(operator))
    }
}
