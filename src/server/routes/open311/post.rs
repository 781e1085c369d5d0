//! `POST /open311/v2/requests.{format}`: a form as the spec encodes it
//! becomes a hotline ticket through the standard intake (`submit`), like
//! any other ticket (duplicate suggestions, routing, clocks, the stream),
//! with its channel (`web`, or `app` when a device sent it) recorded.
//!
//! The `api_key` is a feed operator's token (`citydesk operator add NAME
//! --role feed`). A retry with the same `Idempotency-Key` header makes no
//! second ticket: the key is the request's foreign id.

use super::{Fail, document, key_holder, split};
use crate::model::{Origin, Source};
use crate::open311::{Receipt, catalog, form, import, lifecycle, write};
use crate::server::AppState;
use crate::server::ingest::{self, Intake, IntakeAction, Raw};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

/// Form fields kept in the raw document: the caller's own details and the
/// key are left out, since raw documents are shown with the ticket.
const RAW_FIELDS: &[&str] = &[
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "description",
    "media_url",
];

pub async fn create(
    State(state): State<AppState>,
    Path(doc): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    let (stem, format) = split(&doc)?;
    if stem != "requests" {
        return Err(Fail::new(
            format,
            404,
            format!("no such document {stem:?} to POST to"),
        ));
    }
    if !ingest::enabled(&state, Source::Open311) {
        ingest::refused(&state, Source::Open311, "switched_off");
        return Err(Fail::api(format, ingest::switched_off(Source::Open311)));
    }
    let post = form::parse(&body).map_err(|errors| {
        ingest::refused(&state, Source::Open311, "invalid");
        Fail::list(format, errors)
    })?;
    let operator = key_holder(&state, &headers, post.api_key.as_deref(), format)
        .await
        .inspect_err(|_| ingest::refused(&state, Source::Open311, "forbidden"))?;
    let city = &state.config().city;
    let Some(definition) = catalog::definition(city, &post.service_code) else {
        ingest::refused(&state, Source::Open311, "invalid");
        return Err(Fail::new(
            format,
            404,
            format!("service_code {:?} not found", post.service_code),
        ));
    };
    let errors = form::check_attributes(&post, &definition);
    if !errors.is_empty() {
        ingest::refused(&state, Source::Open311, "invalid");
        return Err(Fail::list(format, errors));
    }
    let create = import::posted(&post, &definition, city, &crate::data::default_outlines());
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200);
    let foreign_id = match key {
        Some(k) => format!("{}:{k}", operator.login),
        None => format!("{}:{}", operator.login, hex::encode(rand::random::<[u8; 16]>())),
    };
    let mut origin = Origin::new(Source::Open311, foreign_id);
    origin.sender = Some(
        post.jurisdiction_id
            .clone()
            .unwrap_or_else(|| operator.login.clone()),
    );
    origin.url = post.media_url.clone();
    let intake = Intake {
        origin,
        action: IntakeAction::Open(create),
        raw: Some(Raw {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            body: redacted(&body),
        }),
    };
    let outcome = ingest::submit(&state, &operator, intake)
        .await
        .map_err(|e| Fail::api(format, e))?;
    let Some(id) = outcome.item().cloned() else {
        return Err(Fail::new(format, 500, "the request was not stored"));
    };
    let notice = city
        .category(&post.service_code)
        .map(|c| lifecycle::notice(c.limit));
    let receipt = Receipt {
        service_request_id: Some(id.to_string()),
        token: Some(id.to_string()),
        service_notice: notice,
        account_id: post.account_id.clone(),
    };
    Ok(document(format, write::receipts(format, &[receipt], true)))
}

/// The form without the caller's details and the key.
fn redacted(body: &[u8]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(body) {
        if RAW_FIELDS.contains(&key.as_ref()) || key.starts_with("attribute[") {
            out.append_pair(&key, &value);
        }
    }
    out.finish()
}
