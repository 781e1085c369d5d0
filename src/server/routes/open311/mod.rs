//! Open311 GeoReport v2 under `/open311/v2/`: thin shells around
//! `crate::open311`, which writes and reads the documents. Every answer
//! is in the format the path's extension names (`.xml` or `.json`), errors
//! included, as the spec's error list with the HTTP status it names.
//!
//! Keys: `discovery` and `services` are public, as the spec expects;
//! requests and tokens carry residents' descriptions and addresses, so
//! they need a key like `POST requests` does: `api_key` (query or form),
//! or a bearer token.

mod documents;
mod import;
mod post;
mod requests;

use crate::model::Operator;
use crate::open311::{ErrorEntry, Format, write};
use crate::server::auth::AnyRole;
use crate::server::{ApiError, AppState};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub const PREFIX: &str = "/open311/v2";

/// The GeoReport v2 endpoints. The Open311 standard specifies them (its
/// own Swagger 2.0 description, tests/data/open311/swagger.json), so they
/// are not in citydesk's API document; the importer's route is
/// ([`import::router`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/open311/v2/{doc}",
            get(documents::get_document).post(post::create),
        )
        .route("/open311/v2/services/{code}", get(documents::definition))
        .route("/open311/v2/requests/{id}", get(requests::one))
        .route("/open311/v2/tokens/{token}", get(requests::token))
}

pub use import::router as import_router;

/// A refusal in the spec's error list, in the asked format.
#[derive(Debug)]
pub struct Fail {
    pub format: Format,
    pub status: StatusCode,
    pub errors: Vec<ErrorEntry>,
}

impl Fail {
    pub fn new(format: Format, status: u16, description: impl Into<String>) -> Fail {
        Fail::list(format, vec![ErrorEntry::new(status, description)])
    }

    /// Several problems at once; the status is the first one's.
    pub fn list(format: Format, errors: Vec<ErrorEntry>) -> Fail {
        let status = errors
            .first()
            .and_then(|e| StatusCode::from_u16(e.code).ok())
            .unwrap_or(StatusCode::BAD_REQUEST);
        Fail {
            format,
            status,
            errors,
        }
    }

    /// Our own refusals (auth, storage, busy) in Open311's shape; internal
    /// detail stays in the log, as for every route.
    pub fn api(format: Format, e: ApiError) -> Fail {
        let status = e.status();
        if status.is_server_error() {
            tracing::error!(error = %e, "open311 request failed");
        }
        Fail::new(format, status.as_u16(), e.to_string())
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        (
            self.status,
            document(self.format, write::errors(self.format, &self.errors)),
        )
            .into_response()
    }
}

/// A document with its content type.
pub fn document(format: Format, body: String) -> Response {
    ([(CONTENT_TYPE, format.content_type())], body).into_response()
}

/// `services.json` → `("services", Json)`; any other extension is a 404
/// answered in XML (the spec's first format).
pub fn split(segment: &str) -> Result<(&str, Format), Fail> {
    Format::split_path(segment).ok_or_else(|| {
        Fail::new(
            Format::Xml,
            404,
            format!("no such document {segment:?}: GeoReport v2 paths end in .xml or .json"),
        )
    })
}

/// The operator a key names: the `api_key` given (query or form), else the
/// request's bearer token. Any role may ask; what it sees is its own view.
pub async fn key_holder(
    state: &AppState,
    headers: &HeaderMap,
    api_key: Option<&str>,
    format: Format,
) -> Result<Operator, Fail> {
    let mut request = axum::http::Request::builder().uri(PREFIX);
    match api_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => {
            let value = HeaderValue::from_str(&format!("Bearer {key}"))
                .map_err(|_| Fail::new(format, 403, "api_key is not a key this server issued"))?;
            request = request.header(AUTHORIZATION, value);
        }
        None => match headers.get(AUTHORIZATION) {
            Some(value) => request = request.header(AUTHORIZATION, value.clone()),
            None => return Err(Fail::new(format, 403, "api_key was not provided")),
        },
    }
    let (mut parts, ()) = request
        .body(())
        .map_err(|e| Fail::api(format, ApiError::Internal(e.to_string())))?
        .into_parts();
    match AnyRole::from_request_parts(&mut parts, state).await {
        Ok(AnyRole(operator)) => Ok(operator),
        // The spec answers a bad key with 403, not 401.
        Err(ApiError::Unauthorized(why)) => Err(Fail::new(format, 403, format!("invalid api_key: {why}"))),
        Err(e) => Err(Fail::api(format, e)),
    }
}
