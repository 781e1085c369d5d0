//! `ApiError`: every way a request can fail, each with one status and one
//! stable code. Internal detail is logged, never sent.

use crate::api::{ErrorBody, ErrorDetail, ItemView};
use crate::model::{Event, Refusal};
use crate::store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

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
    Forbidden { message: String, details: Value },
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
    Claimed(String, Value),
    /// 413
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 422: the lifecycle does not allow it in this state.
    #[error("{message}")]
    InvalidTransition { message: String, details: Value },
    /// 422: well-formed but not acceptable (empty reason, unknown department).
    #[error("{0}")]
    Invalid(String),
    /// 422: the idempotency key was used before for another request.
    #[error("this Idempotency-Key was already used for a different request")]
    KeyReused,
    /// 503: shutting down.
    #[error("the server is shutting down")]
    Unavailable,
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
            ApiError::InvalidTransition { .. } | ApiError::Invalid(_) | ApiError::KeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. } => code,
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict { .. } => "conflict",
            ApiError::Claimed(..) => "claimed",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::InvalidTransition { .. } => "invalid_transition",
            ApiError::Invalid(_) => "invalid",
            ApiError::KeyReused => "idempotency_key_reused",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn details(&self) -> Value {
        match self {
            ApiError::Forbidden { details, .. }
            | ApiError::Claimed(_, details)
            | ApiError::InvalidTransition { details, .. } => details.clone(),
            ApiError::Conflict {
                expected,
                current,
                last_event,
            } => json!({
                "expected_version": expected,
                "current_version": current.item.version,
                "current": current,
                "changed_by": last_event.as_ref().map(|e| json!({
                    "actor": e.actor, "type": e.body.type_name(), "at": e.at_text(), "seq": e.seq,
                })),
                "last_event": last_event,
            }),
            _ => Value::Null,
        }
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
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
                details: self.details(),
            },
        };
        (self.status(), Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Closed => ApiError::Unavailable,
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
                details: json!({ "role": role, "action": action }),
            },
            Refusal::MayNotCreate { role } => ApiError::Forbidden {
                message,
                details: json!({ "role": role }),
            },
            Refusal::NotYourDepartment { department } => ApiError::Forbidden {
                message,
                details: json!({ "department": department }),
            },
            Refusal::NotAllowed {
                status,
                action,
                allowed,
            } => ApiError::InvalidTransition {
                message: format!("{message}; allowed now: {}", list(&allowed)),
                details: json!({ "status": status, "action": action, "allowed": allowed }),
            },
            Refusal::WrongKind { kind, action } => ApiError::InvalidTransition {
                message,
                details: json!({ "kind": kind, "action": action }),
            },
            Refusal::Claimed { owner, until } => ApiError::Claimed(
                format!("{message}; ask them, or a supervisor may override"),
                json!({ "owner": owner, "until": crate::model::rfc3339(until) }),
            ),
            Refusal::NeedsDesignation => ApiError::Forbidden {
                message,
                details: json!({ "designate": true }),
            },
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
