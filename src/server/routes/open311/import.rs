//! `POST /v1/ingest/open311`: one foreign request, read and mapped by
//! `citydesk ingest open311` (see `crate::open311::import`), made a ticket
//! through the standard intake. Idempotent by `feed:service_request_id`:
//! the same request again changes nothing; a request that closed on the
//! foreign side adds its closing note once (a ticket someone works on is
//! never closed from outside); a closed request never seen is not imported.

use crate::model::{EventBody, ItemId, Origin, Source};
use crate::open311::import::{Import, ImportReply};
use crate::server::auth::AnyRole;
use crate::server::extract::json;
use crate::server::ingest::{self, Intake, IntakeAction, Outcome, Raw};
use crate::server::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The importer's own route: part of citydesk's API, so in its document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import))
}

#[utoipa::path(
    post,
    path = "/v1/ingest/open311",
    tag = "ingest",
    security(("bearer" = [])),
    request_body(content = serde_json::Value, content_type = "application/json", description = "one foreign request as `citydesk ingest open311` maps it"),
    responses(
        (status = 200, description = "what became of the request", body = serde_json::Value),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 404, description = "the source is switched off", body = crate::api::ErrorBody),
        (status = 413, description = "body larger than 64 KiB", body = crate::api::ErrorBody),
        (status = 422, description = "well-formed but invalid: a field out of range", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
pub async fn import(
    State(state): State<AppState>,
    AnyRole(operator): AnyRole,
    body: Bytes,
) -> Result<Json<ImportReply>, ApiError> {
    let req: Import = json(&body).inspect_err(|_| ingest::refused(&state, Source::Open311, "malformed"))?;
    let foreign_id = format!("{}:{}", operator.login, req.service_request_id);
    if let Some(note) = &req.closed
        && let Some(id) = already_noted(&state, &foreign_id, note).await?
    {
        return Ok(Json(reply(&Outcome::Duplicate(id))));
    }
    let mut origin = Origin::new(Source::Open311, foreign_id);
    origin.sender = req.sender.clone();
    origin.url = req.url.clone();
    origin.extra = req.extra.clone();
    let action = match req.closed {
        Some(note) => IntakeAction::Clear { note },
        None => IntakeAction::Open(req.create),
    };
    let raw = Raw {
        content_type: "application/json".to_owned(),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let intake = Intake {
        origin,
        action,
        raw: Some(raw),
    };
    let outcome = ingest::submit(&state, &operator, intake).await?;
    Ok(Json(reply(&outcome)))
}

/// Whether the ticket this foreign id made already carries `note`: a
/// closed request imported again must not add it twice.
async fn already_noted(state: &AppState, foreign_id: &str, note: &str) -> Result<Option<ItemId>, ApiError> {
    let Some(id) = state
        .store()
        .foreign_item(Source::Open311.as_str(), foreign_id)
        .await?
    else {
        return Ok(None);
    };
    let history = state.store().history(&id).await?;
    let noted = history
        .iter()
        .any(|e| matches!(&e.body, EventBody::Noted { text } if text == note));
    Ok(noted.then_some(id))
}

fn reply(outcome: &Outcome) -> ImportReply {
    ImportReply {
        outcome: outcome.as_str().to_owned(),
        item: outcome.item().map(ToString::to_string),
    }
}
