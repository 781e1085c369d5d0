//! `POST /v1/ingest/cap`: OASIS CAP 1.2 alerts (a bare alert, an EDXL-DE
//! envelope or an Atom feed/entry carrying several). The document is
//! parsed whole (`ingest::cap`) before anything is submitted, so a bad one
//! is a 400 naming the element with nothing appended; each alert then goes
//! through the one intake door.

use super::{Intake, IntakeAction, Raw, refused, submit};
use crate::ingest::cap::{self, CapContext, MappedAction};
use crate::model::{Origin, Source};
use crate::server::auth::AnyRole;
use crate::server::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ingest))
        .layer(DefaultBodyLimit::max(cap::MAX_BYTES))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct Params {
    /// Which `info` language gives the title (default zh-CN).
    #[serde(default)]
    lang: Option<String>,
}

#[utoipa::path(
    post,
    path = "/v1/ingest/cap",
    tag = "ingest",
    security(("bearer" = [])),
    params(Params),
    request_body(content = String, content_type = "application/cap+xml", description = "a CAP 1.2 document: one alert, an EDXL-DE envelope or an Atom feed of alerts"),
    responses(
        (status = 200, description = "what became of each alert of the document", body = serde_json::Value),
        (status = 400, description = "malformed request: body, query or header", body = crate::api::ErrorBody),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 404, description = "the source is switched off", body = crate::api::ErrorBody),
        (status = 413, description = "body larger than 1 MiB", body = crate::api::ErrorBody),
        (status = 422, description = "well-formed but invalid: a field out of range", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody),
        (status = 503, description = "the server sheds load or the disk refuses writes (Retry-After)", body = crate::api::ErrorBody)
    )
)]
async fn ingest(
    State(state): State<AppState>,
    AnyRole(operator): AnyRole,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let source = Source::Cap;
    super::admit(&state, &operator, source, "/v1/ingest/cap")?;
    let alerts = match cap::parse(&body) {
        Ok(alerts) => alerts,
        Err(e) => {
            let reason = if e.reason() == "too_large" {
                "too_large"
            } else {
                "malformed"
            };
            refused(&state, source, reason);
            return Err(ApiError::BadRequest {
                code: "malformed",
                message: format!("not an acceptable CAP 1.2 document: {e}"),
            });
        }
    };
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/cap+xml")
        .to_owned();
    let raw_body = String::from_utf8_lossy(&body).into_owned();
    let config = state.config();
    let outlines = crate::data::default_outlines();
    let language = params.lang.unwrap_or_else(|| "zh-CN".to_owned());
    let ctx = CapContext {
        mapping: &config.cap_mapping,
        policy: &config.policy.cap,
        outlines: &outlines,
        city: &config.city,
        language: &language,
    };
    let mapped: Vec<_> = alerts.iter().map(|a| cap::map_alert(a, &ctx)).collect();
    let mut results = Vec::with_capacity(mapped.len());
    for m in mapped {
        let message = m.extra.get("cap.message").cloned().unwrap_or_default();
        let action = match m.action {
            MappedAction::Open(req) => IntakeAction::Open(*req),
            MappedAction::Update(req) => IntakeAction::Update(*req),
            MappedAction::Clear { note } => IntakeAction::Clear { note },
            MappedAction::Ignore { reason } => {
                results
                    .push(serde_json::json!({ "message": message, "outcome": "ignored", "reason": reason }));
                continue;
            }
        };
        let intake = Intake {
            origin: Origin {
                source,
                foreign_id: m.foreign_id,
                sender: m.sender,
                url: m.url,
                extra: m.extra,
            },
            action,
            raw: Some(Raw {
                content_type: content_type.clone(),
                body: raw_body.clone(),
            }),
        };
        let outcome = submit(&state, &operator, intake).await?;
        results.push(serde_json::json!({
            "message": message,
            "outcome": outcome.as_str(),
            "item": outcome.item().map(|i| i.as_str().to_owned()),
        }));
    }
    Ok(Json(serde_json::json!({ "results": results })))
}
