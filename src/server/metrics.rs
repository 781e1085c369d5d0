//! `/metrics`, written with `prometheus-client`: the server's own counters,
//! request latency per route, the writer's queue and commit latency, and
//! the KPI families (docs/kpi.md).
//!
//! The endpoint needs no token, so it must cost next to nothing: the KPI
//! pass over the board (and the count of items by status) is computed at
//! most once per [`KPI_EVERY`] (`serve --metrics-every`) and the text kept; scrapers in between get
//! the kept text, and only one of them recomputes when it is stale.

use super::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How old the KPI figures on `/metrics` may be by default: Prometheus
/// scrapes every 15 s or so, and today's rates move slower than that.
pub const KPI_EVERY: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

type Seconds = fn() -> Histogram;

/// 0.5 ms to ~8 s in doublings: a loopback read to a full-disk commit.
fn seconds() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

/// The server's live metrics.
pub struct Metrics {
    requests: Family<RouteLabels, Histogram, Seconds>,
    commits: Histogram,
    /// The KPI text and when it was made; the lock makes one scraper
    /// recompute while the others wait for its result.
    kpi: Mutex<Option<(Instant, String)>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Family::new_with_constructor(seconds as Seconds),
            commits: seconds(),
            kpi: Mutex::new(None),
        }
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// Records a commit's time: queue, transaction and fsync.
    pub fn commit_took(&self, took: Duration) {
        self.commits.observe(took.as_secs_f64());
    }
}

/// Times every request by its route's pattern (not its path, so item ids
/// do not make a family per item).
pub async fn time_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    if status == axum::http::StatusCode::TOO_MANY_REQUESTS
        || status == axum::http::StatusCode::SERVICE_UNAVAILABLE
    {
        super::state::Counters::bump(&state.counters().shed);
    }
    state
        .metrics()
        .requests
        .get_or_create(&RouteLabels { method, route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// The whole exposition, OpenMetrics text.
pub async fn render(state: &AppState) -> Result<String, super::ApiError> {
    let kpi = kpi_text(state).await?;
    let mut registry = Registry::with_prefix("citydesk");
    live(state, &mut registry);
    let mut out = String::new();
    prometheus_client::encoding::text::encode_registry(&mut out, &registry)
        .map_err(|e| super::ApiError::Internal(format!("metrics: {e}")))?;
    out.push_str(&kpi);
    prometheus_client::encoding::text::encode_eof(&mut out)
        .map_err(|e| super::ApiError::Internal(format!("metrics: {e}")))?;
    Ok(out)
}

/// What is read fresh on every scrape: counters and gauges the server
/// keeps anyway, and the histograms (shared, not copied).
fn live(state: &AppState, r: &mut Registry) {
    let c = state.counters();
    let load = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    let gauge = |v: u64| ConstGauge::new(i64::try_from(v).unwrap_or(i64::MAX));
    r.register(
        "log_seq",
        "Last committed event sequence number",
        gauge(state.store().head()),
    );
    r.register(
        "stream_clients",
        "Open event streams",
        gauge(load(&c.stream_clients)),
    );
    r.register("connections", "Open connections", gauge(load(&c.connections)));
    r.register(
        "writer_queue",
        "Commits waiting for the writer",
        gauge(state.store().queue_depth()),
    );
    let counters = [
        ("items_created", "Items created", &c.items_created),
        ("actions_applied", "Actions appended", &c.actions_applied),
        (
            "actions_refused",
            "Actions refused by role, state or claim",
            &c.actions_refused,
        ),
        ("conflicts", "Writes refused for a stale version", &c.conflicts),
        (
            "idempotent_replays",
            "Retries answered from the first answer",
            &c.idempotent_replays,
        ),
        ("shed", "Requests answered 429 or 503 to shed load", &c.shed),
    ];
    for (name, help, value) in counters {
        r.register(name, help, ConstCounter::new(load(value)));
    }
    let m = state.metrics();
    r.register(
        "request_seconds",
        "Request latency by route, to the response's head",
        m.requests.clone(),
    );
    r.register(
        "commit_seconds",
        "Commit latency: writer queue, transaction and fsync",
        m.commits.clone(),
    );
    super::ingest::register_metrics(state, r);
}

/// The KPI families and the item counts, at most `metrics_every` old
/// ([`KPI_EVERY`] unless the server is told otherwise).
async fn kpi_text(state: &AppState) -> Result<String, super::ApiError> {
    let mut kept = state.metrics().kpi.lock().await;
    if let Some((at, text)) = kept.as_ref()
        && at.elapsed() < state.config().metrics_every
    {
        return Ok(text.clone());
    }
    let counts = state.store().counts().await?;
    let today = super::kpi::stats_now(state, crate::model::stats::Window::Today).await?;
    let mut text =
        String::from("# HELP citydesk_items Items by kind and status.\n# TYPE citydesk_items gauge\n");
    for (kind, status, n) in counts {
        text.push_str(&format!(
            "citydesk_items{{kind=\"{kind}\",status=\"{status}\"}} {n}\n"
        ));
    }
    super::kpi::write_metrics(&today, &mut text);
    *kept = Some((Instant::now(), text.clone()));
    Ok(text)
}
