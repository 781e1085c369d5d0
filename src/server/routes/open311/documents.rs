//! The public documents: discovery, services and service definitions; and
//! the dispatch of `GET /open311/v2/{doc}` to them or to the request list.

use super::{Fail, document, split};
use crate::open311::{Discovery, Endpoint, catalog, write};
use crate::server::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::Response;
use time::macros::datetime;

/// When our Open311 interface last changed (discovery's `changeset`).
const CHANGESET: time::OffsetDateTime = datetime!(2026-12-01 00:00 UTC);

pub async fn get_document(
    State(state): State<AppState>,
    Path(doc): Path<String>,
    headers: HeaderMap,
    query: RawQuery,
) -> Result<Response, Fail> {
    let (stem, format) = split(&doc)?;
    match stem {
        "discovery" => Ok(document(
            format,
            write::discovery(format, &discovery(&state, &headers)),
        )),
        "services" => Ok(document(
            format,
            write::services(format, &catalog::services(&state.config().city)),
        )),
        "requests" => super::requests::list(&state, &headers, query.0.as_deref(), format).await,
        _ => Err(Fail::new(format, 404, format!("no such document {stem:?}"))),
    }
}

fn discovery(state: &AppState, headers: &HeaderMap) -> Discovery {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or("localhost");
    let scheme = if state.config().tls.is_some() {
        "https"
    } else {
        "http"
    };
    let city = &state.config().city;
    Discovery {
        changeset: Some(CHANGESET),
        contact: Some(format!(
            "{} city operations command centre ({})",
            city.name, city.gloss
        )),
        key_service: Some(
            "Keys are issued by the centre's administrator, one per integration: \
             citydesk operator add NAME --role feed"
                .to_owned(),
        ),
        endpoints: vec![Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2".to_owned(),
            url: format!("{scheme}://{host}{}", super::PREFIX),
            changeset: Some(CHANGESET),
            kind: "production".to_owned(),
            formats: vec!["text/xml".to_owned(), "application/json".to_owned()],
        }],
    }
}

/// `GET services/{code}.{format}`.
pub async fn definition(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, Fail> {
    let (code, format) = split(&file)?;
    let definition = catalog::definition(&state.config().city, code)
        .ok_or_else(|| Fail::new(format, 404, format!("service_code {code:?} not found")))?;
    Ok(document(format, write::service_definition(format, &definition)))
}
