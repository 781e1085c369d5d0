//! Error messages in the caller's language: a request whose
//! `Accept-Language` prefers Chinese gets its error body's `message` in
//! Chinese (see [`crate::present::errors`]); `code` and `details` are
//! never touched, and English answers are passed through as they are.

use crate::api::ErrorBody;
use crate::present::errors::error_message;
use crate::present::i18n::Lang;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;

/// Error bodies are small; a larger one (a conflict carries the item) is
/// still far below this. Past it the body passes through untranslated.
const MAX_ERROR_BODY: usize = 1 << 20;

pub async fn localise_errors(req: Request, next: Next) -> Response {
    let lang = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept)
        .unwrap_or_default();
    let response = next.run(req).await;
    let json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let failed = response.status().is_client_error() || response.status().is_server_error();
    if lang == Lang::En || !json || !failed {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        // Only a body that could not be read at all ends here.
        return Response::from_parts(parts, Body::empty());
    };
    let Some(text) = translated(lang, &bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// The body with its message in `lang`; `None` when it is no error body
/// (Open311 answers its own shape) or has nothing to translate.
fn translated(lang: Lang, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut body: ErrorBody = serde_json::from_slice(bytes).ok()?;
    body.error.message = error_message(lang, &body.error)?;
    serde_json::to_vec(&body).ok()
}
