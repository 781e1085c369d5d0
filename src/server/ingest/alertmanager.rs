//! `POST /v1/ingest/alertmanager`: Prometheus Alertmanager's webhook
//! (payload version 4, grouped alerts). Each alert becomes a grid alert
//! whose fingerprint feeds the fingerprint dedup and is its foreign id:
//! `firing` opens or counts one more firing, `resolved` clears.
//!
//! Parsing is liberal (unknown fields ignored, optional fields may be
//! missing) but whole: every alert of a payload is read before any is
//! submitted, so a bad payload is a 400 with nothing appended.
//!
//! Labels become category, place and priority through the mapping file
//! (`model::AlertMap`); an `alertname` it has no rule for goes to the
//! default category, is named in the answer and in `GET /v1/ingest`, and
//! is logged the first time it comes.

use super::{Intake, IntakeAction, Raw, refused, submit};
use crate::model::{AlertMap, CreateItem, Kind, Origin, Source};
use crate::server::auth::AnyRole;
use crate::server::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(webhook))
}

#[derive(Debug, Deserialize)]
struct Payload {
    #[serde(default)]
    receiver: Option<String>,
    #[serde(default)]
    status: Option<String>,
    alerts: Vec<Alert>,
}

#[derive(Debug, Deserialize)]
struct Alert {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    #[serde(default, rename = "generatorURL")]
    generator_url: Option<String>,
    #[serde(default)]
    fingerprint: Option<String>,
    #[serde(default, rename = "endsAt")]
    ends_at: Option<String>,
}

#[utoipa::path(
    post,
    path = "/v1/ingest/alertmanager",
    tag = "ingest",
    security(("bearer" = [])),
    request_body(content = serde_json::Value, content_type = "application/json", description = "Alertmanager's webhook payload, version 4"),
    responses(
        (status = 200, description = "what became of each alert of the group", body = serde_json::Value),
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
async fn webhook(
    State(state): State<AppState>,
    AnyRole(operator): AnyRole,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let source = Source::Alertmanager;
    super::admit(&state, &operator, source, "/v1/ingest/alertmanager")?;
    let map = std::sync::Arc::clone(&state.config().alertmanager);
    let intakes = match parse(&body, &map) {
        Ok(intakes) => intakes,
        Err(message) => {
            refused(&state, source, "malformed");
            return Err(ApiError::BadRequest {
                code: "malformed",
                message,
            });
        }
    };
    let mut results = Vec::with_capacity(intakes.len());
    for (intake, unmapped) in intakes {
        let fingerprint = intake.origin.foreign_id.clone();
        if let Some(name) = &unmapped
            && state.ingest_tally().unmapped(source, name)
        {
            tracing::warn!(
                alertname = %name,
                category = %map.default_category,
                "Alertmanager alertname with no rule in alertmanager.toml: filed under the default category"
            );
        }
        let outcome = submit(&state, &operator, intake).await?;
        let mut result = serde_json::json!({
            "fingerprint": fingerprint,
            "outcome": outcome.as_str(),
            "item": outcome.item().map(|i| i.as_str().to_owned()),
        });
        if let Some(name) = unmapped {
            result["unmapped"] = serde_json::Value::String(name);
        }
        results.push(result);
    }
    Ok(Json(serde_json::json!({ "results": results })))
}

/// Every alert of the payload as an intake, with the `alertname` the
/// mapping had no rule for, or what is wrong with the payload.
fn parse(body: &[u8], map: &AlertMap) -> Result<Vec<(Intake, Option<String>)>, String> {
    let payload: Payload =
        serde_json::from_slice(body).map_err(|e| format!("not an Alertmanager webhook payload: {e}"))?;
    let raw_body = String::from_utf8_lossy(body).into_owned();
    payload
        .alerts
        .into_iter()
        .enumerate()
        .map(|(i, alert)| {
            let fingerprint = alert
                .fingerprint
                .clone()
                .filter(|f| !f.trim().is_empty())
                .ok_or_else(|| format!("alerts[{i}].fingerprint is missing"))?;
            let status = alert.status.clone().or_else(|| payload.status.clone());
            let mut unmapped = None;
            let action = match status.as_deref() {
                Some("firing") => {
                    let (req, name) = create(&alert, &fingerprint, map);
                    unmapped = name;
                    IntakeAction::Open(req)
                }
                Some("resolved") => IntakeAction::Clear {
                    note: format!(
                        "resolved in Alertmanager{}",
                        alert
                            .ends_at
                            .as_deref()
                            .map(|t| format!(" at {t}"))
                            .unwrap_or_default()
                    ),
                },
                other => {
                    return Err(format!(
                        "alerts[{i}].status must be firing or resolved, not {other:?}"
                    ));
                }
            };
            let mut origin = Origin::new(Source::Alertmanager, fingerprint);
            origin.sender = payload.receiver.clone();
            origin.url = alert.generator_url.clone();
            origin.extra = alert
                .annotations
                .iter()
                .map(|(k, v)| (format!("annotation.{k}"), v.clone()))
                .collect();
            let intake = Intake {
                origin,
                action,
                raw: Some(Raw {
                    content_type: "application/json".into(),
                    body: raw_body.clone(),
                }),
            };
            Ok((intake, unmapped))
        })
        .collect()
}

/// The alert as an item, and its `alertname` when no rule mapped it.
fn create(alert: &Alert, fingerprint: &str, map: &AlertMap) -> (CreateItem, Option<String>) {
    let mapped = map.map(&alert.labels);
    let name = alert
        .labels
        .get("alertname")
        .cloned()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "Alertmanager alert".into());
    let req = CreateItem {
        kind: Kind::Alert,
        category: mapped.category,
        title: alert.annotations.get("summary").cloned().unwrap_or(name),
        description: alert.annotations.get("description").cloned().unwrap_or_default(),
        priority: Some(mapped.priority),
        tier: None,
        place: mapped.place,
        fingerprint: Some(fingerprint.to_owned()),
        caller: None,
        raised_from: None,
        call_id: None,
    };
    (req, mapped.unmapped)
}
