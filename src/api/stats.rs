//! `GET /v1/stats`: the KPIs of the items reported today, this week or in
//! a range. The body is the model's [`Stats`], so the server, the console
//! and the metrics share one definition (docs/kpi.md explains each
//! figure).

use serde::{Deserialize, Serialize};

pub use crate::model::stats::{ALL as STATS_ALL, Backlog, Figures, PerStage, Ratio, Spread, Stats};

/// The query string: `?window=today|week`, or `?from=…&to=…` (RFC 3339);
/// nothing at all means today.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatsParams {
    /// `today`, `week`, or days `2026-11-01..2026-11-29`; not with
    /// `from`/`to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(pattern = "^(today|week|[0-9]{4}-[0-9]{2}-[0-9]{2}[.][.][0-9]{4}-[0-9]{2}-[0-9]{2})$")]
    pub window: Option<String>,
    /// Start of a range (RFC 3339), with `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(format = DateTime)]
    pub from: Option<String>,
    /// End of a range (RFC 3339), after `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(format = DateTime)]
    pub to: Option<String>,
}
