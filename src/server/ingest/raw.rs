//! `GET /v1/items/{id}/raw`: the document a standard sent about an item, as
//! received, on demand. Scoped like every read: out of the reader's view is
//! "no item". A raw document may carry a caller's e-mail or phone (an
//! Open311 request does) that no masking reaches, so roles that see
//! callers masked are refused it outright.

use crate::model::privacy::Sight;
use crate::model::visibility::View;
use crate::server::auth::Auth;
use crate::server::{ApiError, AppState};
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(raw))
}

#[utoipa::path(
    get,
    path = "/v1/items/{id}/raw",
    tag = "ingest",
    security(("bearer" = [])),
    params(("id" = crate::model::ItemId, Path, description = "an item id such as ALR-0001")),
    responses(
        (status = 200, description = "the documents a standard delivered for the item, as received", body = String),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 404, description = "no such item, or not in the caller's view", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn raw(
    State(state): State<AppState>,
    Auth(operator): Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = crate::model::ItemId::parse(&id).ok_or_else(|| ApiError::NotFound(format!("no item {id:?}")))?;
    let view = View::of(&operator);
    let not_found = || ApiError::NotFound(format!("no item {id}"));
    let item = state
        .store()
        .item(&id)
        .await?
        .filter(|i| view.sees_item(i))
        .ok_or_else(not_found)?;
    if view.sight == Sight::Masked {
        return Err(ApiError::role_refused(
            operator.role,
            "/v1/items/{id}/raw",
            "a raw document may carry callers' personal data, which this role sees masked",
        ));
    }
    let doc = state.store().raw_document(&id).await?.ok_or_else(|| {
        ApiError::NotFound(match item.origin {
            None => format!("{id} came from no standard: it has no raw document"),
            // Retention deletes them with the callers' data.
            Some(_) => {
                format!("{id} has no raw document any more: retention deleted it with the callers' data")
            }
        })
    })?;
    let headers = [
        (CONTENT_TYPE, doc.content_type),
        (
            axum::http::HeaderName::from_static("x-citydesk-source"),
            doc.source,
        ),
        (
            axum::http::HeaderName::from_static("x-citydesk-received-at"),
            doc.received_at,
        ),
    ];
    Ok((headers, doc.body).into_response())
}
