//! The wire contract (v1) shared by the server and the client: paths,
//! request and response bodies, the error body and the stream's messages.
//! Changing a type here changes both sides at once.

mod body;
mod callers;
mod directory;
mod error;
mod redact;
mod stats;
mod suggest;

pub use body::*;
pub use callers::*;
pub use directory::*;
pub use error::*;
pub use stats::*;
pub use suggest::*;

/// Paths, relative to the server's base URL.
pub mod paths {
    pub const HEALTH: &str = "/v1/health";
    pub const ME: &str = "/v1/me";
    pub const SNAPSHOT: &str = "/v1/snapshot";
    pub const ITEMS: &str = "/v1/items";
    pub const ITEM: &str = "/v1/items/{id}";
    pub const ACTIONS: &str = "/v1/items/{id}/actions";
    pub const STREAM: &str = "/v1/stream";
    pub const DIRECTORY: &str = "/v1/directory";
    pub const CITY_MAP: &str = "/v1/city/map";
    pub const CITY_REPORTS: &str = "/v1/city/reports";
    pub const PRESENCE: &str = "/v1/presence";
    pub const METRICS: &str = "/metrics";
    pub const STATS: &str = "/v1/stats";
    pub const OPENAPI: &str = "/v1/openapi.json";
    pub const CALLER: &str = "/v1/callers/{phone}";
    pub const CALLS: &str = "/v1/calls";
    pub const AUDIT_CALLERS: &str = "/v1/audit/callers";
    pub const AUDIT: &str = "/v1/audit";

    /// A caller's history; `phone` percent-encoded (the server
    /// normalises whatever form it is in).
    pub fn caller(phone: &str) -> String {
        format!("/v1/callers/{phone}")
    }
    pub const SUGGEST: &str = "/v1/suggest";

    pub fn item(id: &str) -> String {
        format!("/v1/items/{id}")
    }

    pub fn actions(id: &str) -> String {
        format!("/v1/items/{id}/actions")
    }
}

/// Header that makes a write safe to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Largest request body the server reads, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 200;

/// The `Idempotency-Key` header as the API document shows it: visible
/// ASCII, at most [`MAX_IDEMPOTENCY_KEY`] characters. (The server also
/// takes inner spaces and trims outer ones; the document names the plain
/// form.)
pub struct IdempotencyKey;

impl utoipa::PartialSchema for IdempotencyKey {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_IDEMPOTENCY_KEY))
            .pattern(Some("^[!-~]+$"))
            .into()
    }
}

impl utoipa::ToSchema for IdempotencyKey {}
/// Response header of `GET /v1/stream`: the name of the server the stream
/// is open on (health's `replica`), so a client knows which replica holds
/// its stream even behind a proxy that sends each request elsewhere.
pub const REPLICA_HEADER: &str = "x-citydesk-replica";
/// SSE event name that tells a client its `since` is no longer served.
pub const RESET_EVENT: &str = "reset";
/// SSE event name of a position: a stream scoped to a department skips
/// the events it may not read, and says how far it has read with this
/// (`id` and `data` `{"seq":N}`), so a client resumes after it and a
/// bounded read (`tail --no-follow`) knows it reached the head.
pub const POSITION_EVENT: &str = "position";
/// SSE event name of presence announcements (ephemeral: no `id`, no `seq`).
pub const PRESENCE_EVENT: &str = "presence";
/// SSE event name of a screen pop: a call ringing at the operator's desk
/// (ephemeral, and only on that operator's streams).
pub const CALL_EVENT: &str = "call";
/// How long a presence announcement lasts; clients repeat it while viewing.
pub const PRESENCE_SECS: i64 = 30;
