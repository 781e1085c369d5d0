//! What each source has sent: counts for `/metrics`, the last message and
//! its outcome for `GET /v1/ingest`, and the switches that turn a source
//! off. Counts live in memory: they start at zero with the server, as
//! Prometheus counters do.

use super::Outcome;
use crate::model::{Role, Source, Timestamp};
use crate::server::auth::Auth;
use crate::server::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The refusal reasons counted by name; any other is counted as `other`,
/// so `/metrics` has a bounded label set.
pub const REASONS: [&str; 7] = [
    "malformed",
    "invalid",
    "forbidden",
    "switched_off",
    "too_large",
    "unavailable",
    "other",
];

/// Which sources may feed items in. All on by default: a source still
/// needs a feed operator's token (or an admin's) to send anything, so
/// "on" opens nothing by itself. `citydesk serve --ingest-off cap`
/// switches one off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switches {
    pub open311: bool,
    pub cap: bool,
    pub alertmanager: bool,
}

impl Default for Switches {
    fn default() -> Self {
        Switches {
            open311: true,
            cap: true,
            alertmanager: true,
        }
    }
}

impl Switches {
    pub fn enabled(&self, source: Source) -> bool {
        match source {
            Source::Open311 => self.open311,
            Source::Cap => self.cap,
            Source::Alertmanager => self.alertmanager,
        }
    }

    /// Every source on but `off`.
    pub fn all_but(off: &[Source]) -> Self {
        Switches {
            open311: !off.contains(&Source::Open311),
            cap: !off.contains(&Source::Cap),
            alertmanager: !off.contains(&Source::Alertmanager),
        }
    }
}

/// One source's counts and last message.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceTally {
    pub received: u64,
    pub accepted: u64,
    pub duplicate: u64,
    /// Refusals by reason.
    pub refused: BTreeMap<&'static str, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<LastMessage>,
    /// Names the mapping file has no rule for (Alertmanager `alertname`s
    /// that went to the default category), with how often each came.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unmapped: BTreeMap<String, u64>,
}

/// Distinct unmapped names kept per source; later new ones are counted
/// under [`OTHER_UNMAPPED`], so a sender cannot grow the server's memory.
pub const MAX_UNMAPPED: usize = 100;
pub const OTHER_UNMAPPED: &str = "(others)";

#[derive(Debug, Clone, Serialize)]
pub struct LastMessage {
    #[serde(with = "time::serde::rfc3339")]
    pub at: Timestamp,
    /// `created`, `updated`, `duplicate`, `cleared`, `unknown` or
    /// `refused`.
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// Every source's tally.
#[derive(Debug, Default)]
pub struct Tally(Mutex<BTreeMap<Source, SourceTally>>);

impl Tally {
    fn with(&self, source: Source, f: impl FnOnce(&mut SourceTally)) {
        let mut all = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(all.entry(source).or_default());
    }

    pub fn accepted(&self, source: Source, outcome: &Outcome, at: Timestamp) {
        self.with(source, |t| {
            t.received += 1;
            match outcome {
                Outcome::Duplicate(_) => t.duplicate += 1,
                _ => t.accepted += 1,
            }
            t.last = Some(LastMessage {
                at,
                outcome: outcome.as_str().to_owned(),
                reason: None,
                item: outcome.item().map(|i| i.as_str().to_owned()),
            });
        });
    }

    pub fn refused(&self, source: Source, reason: &str, at: Timestamp) {
        let reason = REASONS.into_iter().find(|r| *r == reason).unwrap_or("other");
        self.with(source, |t| {
            t.received += 1;
            *t.refused.entry(reason).or_default() += 1;
            t.last = Some(LastMessage {
                at,
                outcome: "refused".into(),
                reason: Some(reason.into()),
                item: None,
            });
        });
    }

    /// Counts an unmapped name; true the first time it is seen, so the
    /// caller logs each name once.
    pub fn unmapped(&self, source: Source, name: &str) -> bool {
        let mut first = false;
        self.with(source, |t| {
            let key = if t.unmapped.contains_key(name) || t.unmapped.len() < MAX_UNMAPPED {
                name
            } else {
                OTHER_UNMAPPED
            };
            let n = t.unmapped.entry(key.to_owned()).or_default();
            first = *n == 0 && key == name;
            *n += 1;
        });
        first
    }

    /// Every source, those never heard from with zeros.
    pub fn snapshot(&self) -> BTreeMap<Source, SourceTally> {
        let all = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Source::ALL
            .into_iter()
            .map(|s| (s, all.get(&s).cloned().unwrap_or_default()))
            .collect()
    }
}

#[derive(Debug, Serialize)]
struct SourceStatus {
    source: Source,
    enabled: bool,
    #[serde(flatten)]
    tally: SourceTally,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(status))
}

/// `GET /v1/ingest`: per source, whether it is on, its counts, and its
/// last message with the outcome. Supervisors and admins.
#[utoipa::path(
    get,
    path = "/v1/ingest",
    tag = "ingest",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "per source: on or off, counts, the last message and its outcome", body = serde_json::Value),
        (status = 401, description = "no token, or a token that is unknown, revoked or expired", body = crate::api::ErrorBody),
        (status = 403, description = "the caller's role or department may not do this", body = crate::api::ErrorBody),
        (status = 429, description = "too many requests for this token (Retry-After says when to retry)", body = crate::api::ErrorBody)
    )
)]
async fn status(
    State(state): State<AppState>,
    Auth(operator): Auth,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !matches!(operator.role, Role::Supervisor | Role::Admin) {
        return Err(ApiError::role_refused(
            operator.role,
            "/v1/ingest",
            "the intake status is for supervisors and admins",
        ));
    }
    let sources: Vec<SourceStatus> = state
        .ingest_tally()
        .snapshot()
        .into_iter()
        .map(|(source, tally)| SourceStatus {
            source,
            enabled: super::enabled(&state, source),
            tally,
        })
        .collect();
    Ok(Json(serde_json::json!({ "sources": sources })))
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, prometheus_client::encoding::EncodeLabelSet)]
struct IngestLabels {
    source: String,
    /// received, accepted, duplicate or refused.
    outcome: String,
    /// Why, for refusals (one of [`REASONS`]); empty otherwise.
    reason: String,
}

/// `citydesk_ingest_total{source,outcome,reason}`, from the tally.
pub fn register_metrics(state: &AppState, r: &mut prometheus_client::registry::Registry) {
    use prometheus_client::metrics::counter::Counter;
    use prometheus_client::metrics::family::Family;
    let family = Family::<IngestLabels, Counter>::default();
    for (source, t) in state.ingest_tally().snapshot() {
        let put = |outcome: &str, reason: &str, n: u64| {
            let labels = IngestLabels {
                source: source.as_str().into(),
                outcome: outcome.into(),
                reason: reason.into(),
            };
            family.get_or_create(&labels).inc_by(n);
        };
        put("received", "", t.received);
        put("accepted", "", t.accepted);
        put("duplicate", "", t.duplicate);
        for (reason, n) in &t.refused {
            put("refused", reason, *n);
        }
    }
    r.register(
        "ingest",
        "Documents from standards (Open311, CAP, Alertmanager) by source and outcome",
        family,
    );
}
