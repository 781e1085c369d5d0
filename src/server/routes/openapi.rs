//! `GET /v1/openapi.json`: the OpenAPI 3.1 document of the whole API.
//!
//! The document is not written by hand: each handler carries its
//! `#[utoipa::path]` (method, path, parameters, responses, security) and
//! the wire types derive `ToSchema`, and `routes!` registers a handler
//! with axum at the path its annotation names. So the router and the
//! document come from one list ([`super::documented`]) and cannot drift.

use super::AppState;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use std::sync::OnceLock;
use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi))
}

/// The document's frame: title, version and the bearer scheme every
/// `security(("bearer" = []))` of a handler refers to.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "citydesk",
        description = "The city operations centre's API: items (incidents, grid alerts, hotline tickets), their actions and history, the live event stream, the directory, KPIs, callers and the audit log. Every error answers with the ErrorBody (`error.code`, `error.message`). See README.md, section API."
    ),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "An operator's token (`citydesk operator add`), as `Authorization: Bearer TOKEN`",
            ))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The whole document as JSON, made once per process: it depends only on
/// the code.
pub fn document_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        super::documented()
            .into_openapi()
            .to_pretty_json()
            // The document is plain data; were it ever not to serialise,
            // an empty object says so without taking the server down.
            .unwrap_or_else(|_| "{}".to_owned())
    })
}

#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "health",
    responses(
        (status = 200, description = "this document", content_type = "application/json", body = Object)
    )
)]
async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document_json())
}
