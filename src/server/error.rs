//! `ApiError`: every way a request can fail, each with one status and one
//! stable code. Internal detail is logged, never sent.

use crate::api::{
    ClaimedDetails, ConflictDetails, ErrorBody, ErrorDetail, ForbiddenDetails, ItemView, TransitionDetails,
    codes,
};
use crate::model::{Event, Refusal, Rule};
use crate::store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body or query could not be read as asked.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// 401: no token, or one the server does not know.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the role or department does not allow it.
    #[error("{message}")]
    Forbidden {
        message: String,
        details: ForbiddenDetails,
    },
    /// 404
    #[error("{0}")]
    NotFound(String),
    /// 405
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: the item moved on since the caller read it.
    #[error("the item changed since version {expected}")]
    Conflict {
        expected: u64,
        current: Box<ItemView>,
        last_event: Option<Box<Event>>,
    },
    /// 409: someone else holds the claim.
    #[error("{0}")]
    Claimed(String, ClaimedDetails),
    /// 413
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 422: the lifecycle does not allow it in this state.
    #[error("{message}")]
    InvalidTransition {
        message: String,
        details: TransitionDetails,
    },
    /// 422: well-formed but not acceptable (empty reason, a field too long).
    #[error("{0}")]
    Invalid(String),
    /// 422 `invalid` with typed details: a rule of the item's state or of
    /// what the action names (already dispatched there, no extension
    /// pending, an unknown department).
    #[error("{0}")]
    Rule(Rule),
    /// 422: the idempotency key was used before for another request.
    #[error("this Idempotency-Key was already used for a different request")]
    KeyReused,
    /// 429: too many requests (or streams) from one token or operator;
    /// try again after `retry_after` seconds.
    #[error("{message}")]
    TooMany { message: String, retry_after: u64 },
    /// 503: the writer's queue is full; try again after `retry_after`
    /// seconds rather than wait in a queue that only grows.
    #[error("the server is busy writing; try again in {retry_after} s")]
    Busy { retry_after: u64 },
    /// 503: shutting down.
    #[error("the server is shutting down")]
    Unavailable,
    /// 503: the disk refuses writes (full, read-only); reads still work.
    #[error("storage unavailable: {0}; writes are refused until it recovers, reads still work")]
    StorageUnavailable(String),
    /// 500: logged in full, answered in general terms.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } | ApiError::Claimed(..) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidTransition { .. }
            | ApiError::Invalid(_)
            | ApiError::Rule(_)
            | ApiError::KeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable | ApiError::StorageUnavailable(_) | ApiError::Busy { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. } => code,
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden { .. } => codes::FORBIDDEN,
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict { .. } => codes::CONFLICT,
            ApiError::Claimed(..) => codes::CLAIMED,
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::InvalidTransition { .. } => codes::INVALID_TRANSITION,
            ApiError::Invalid(_) | ApiError::Rule(_) => codes::INVALID,
            ApiError::KeyReused => "idempotency_key_reused",
            ApiError::TooMany { .. } => "too_many_requests",
            ApiError::Busy { .. } => "busy",
            ApiError::Unavailable => "unavailable",
            ApiError::StorageUnavailable(_) => codes::STORAGE_UNAVAILABLE,
            ApiError::Internal(_) => "internal",
        }
    }

    /// The typed details of the error, as the wire carries them. Built
    /// through a JSON value so the body's field order stays the one the
    /// wire always had.
    fn into_details(self) -> Value {
        let details = match self {
            ApiError::Forbidden { details, .. } => serde_json::to_value(details),
            ApiError::Claimed(_, details) => serde_json::to_value(details),
            ApiError::InvalidTransition { details, .. } => serde_json::to_value(details),
            ApiError::Rule(rule) => serde_json::to_value(rule),
            ApiError::Conflict {
                expected,
                current,
                last_event,
            } => serde_json::to_value(ConflictDetails::new(expected, *current, last_event.map(|e| *e))),
            _ => Ok(Value::Null),
        };
        details.unwrap_or_else(|e| {
            tracing::error!(%e, "error details did not serialise");
            Value::Null
        })
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code: "malformed_json",
            message: message.into(),
        }
    }

    pub fn invalid_body(message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code: "invalid_body",
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let retry_after = match &self {
            ApiError::TooMany { retry_after, .. } | ApiError::Busy { retry_after } => Some(*retry_after),
            _ => None,
        };
        let (status, code, message) = (self.status(), self.code().to_owned(), self.to_string());
        // The audit log records refusals with their reason, read from here.
        let refused = super::audit::Refused(message.clone());
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                details: self.into_details(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(refused);
        if let Some(secs) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Closed => ApiError::Unavailable,
            StoreError::Unavailable(why) => ApiError::StorageUnavailable(why),
            StoreError::Busy => ApiError::Busy { retry_after: 1 },
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        let message = r.to_string();
        match r {
            Refusal::Forbidden { role, action } => ApiError::Forbidden {
                message,
                details: ForbiddenDetails::Action { role, action },
            },
            Refusal::OverrideNeedsSupervisor { role, action } => ApiError::Forbidden {
                message,
                details: ForbiddenDetails::Action { role, action },
            },
            Refusal::MayNotCreate { role } => ApiError::Forbidden {
                message,
                details: ForbiddenDetails::Create { role },
            },
            Refusal::NotYourDepartment { department } => ApiError::Forbidden {
                message,
                details: ForbiddenDetails::Department { department },
            },
            Refusal::NotAllowed {
                status,
                action,
                allowed,
            } => ApiError::InvalidTransition {
                message: format!("{message}; allowed now: {}", list(&allowed)),
                details: TransitionDetails::Status {
                    status,
                    action,
                    allowed,
                },
            },
            Refusal::WrongKind { kind, action } => ApiError::InvalidTransition {
                message,
                details: TransitionDetails::Kind { kind, action },
            },
            Refusal::Claimed { owner, until } => ApiError::Claimed(
                format!("{message}; ask them, or a supervisor may override"),
                ClaimedDetails { owner, until },
            ),
            Refusal::NeedsDesignation => ApiError::Forbidden {
                message,
                details: ForbiddenDetails::Designate { designate: true },
            },
            Refusal::Rule(rule) => ApiError::Rule(rule),
            Refusal::Invalid(m) => ApiError::Invalid(m),
        }
    }
}

fn list(actions: &[crate::model::ActionName]) -> String {
    if actions.is_empty() {
        return "none".into();
    }
    actions.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
}

impl ApiError {
    /// 403: `role` may not use `endpoint` at all.
    pub fn role_refused(role: crate::model::Role, endpoint: &str, why: &str) -> Self {
        ApiError::Forbidden {
            message: format!("role {role} may not use {endpoint}: {why}"),
            details: ForbiddenDetails::Endpoint {
                role,
                endpoint: endpoint.to_owned(),
            },
        }
    }

    /// The error as `view` sees it: a conflict carries the current item
    /// and its last event, callers and all, and is no more than a 404 to
    /// a reader who may not see the item.
    pub fn for_view(self, view: &crate::model::visibility::View) -> Self {
        let ApiError::Conflict {
            expected,
            mut current,
            last_event,
        } = self
        else {
            return self;
        };
        let id = current.item.id.clone();
        let Some(item) = view.item(current.item) else {
            return ApiError::NotFound(format!("no item {id}"));
        };
        current.item = item;
        ApiError::Conflict {
            expected,
            current,
            last_event: last_event.map(|e| Box::new(view.event(*e))),
        }
    }
}
