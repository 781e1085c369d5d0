//! Reading request bodies and headers strictly, with our error body for
//! every way they can be wrong (axum's own rejections are plain text).

use super::ApiError;
use crate::api::{IDEMPOTENCY_KEY, MAX_BODY_BYTES, MAX_IDEMPOTENCY_KEY};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// The body as bytes, or the right error for an oversized or broken one.
pub fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(MAX_BODY_BYTES)
        } else {
            ApiError::malformed(format!("could not read the request body: {rejection}"))
        }
    })
}

/// Parses JSON, telling bad UTF-8, bad syntax and bad shape apart.
pub fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value = json_value(bytes)?;
    serde_json::from_value(value).map_err(|e| ApiError::invalid_body(e.to_string()))
}

/// Parses JSON into a value (syntax and UTF-8 checked, shape not yet).
pub fn json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::malformed(
            "the request body is empty; send a JSON object",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ApiError::BadRequest {
        code: "bad_utf8",
        message: format!("the request body is not valid UTF-8: {e}"),
    })?;
    serde_json::from_str(text).map_err(|e| ApiError::malformed(format!("malformed JSON: {e}")))
}

/// The `Idempotency-Key` header, if sent and sane.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY)
        .ok_or_else(|| ApiError::BadRequest {
            code: "bad_idempotency_key",
            message: format!("Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
        })?;
    Ok(Some(key.to_owned()))
}

/// What a request asked for, so a key reused for something else is caught.
pub fn request_hash(path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    hex::encode(h.finalize())
}
