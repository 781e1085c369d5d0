//! Shared state of the server's handlers.

use crate::model::suggest::{Engine, KnowledgeEntry};
use crate::model::{City, Item, Policy, Status, Timestamp};
use crate::store::{Commit, Committed, Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// Closed items the suggestion engine learns from at start, newest first:
/// about three months of a city's hotline, enough to learn its words,
/// and a bounded start however long the history. Items closed while the
/// server runs are learned as they close.
pub const LEARN_FROM: usize = 50_000;

/// How long a decision waits for the board to catch up with other
/// replicas' commits: far more than the follower takes (milliseconds).
const CATCH_UP: Duration = Duration::from_secs(1);

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// How far back (in events) a stream replays; older `since` values get
    /// `reset` and should re-read the snapshot.
    pub replay_limit: u64,
    /// Interval of the SSE keep-alive comment.
    pub keepalive: Duration,
    pub policy: Policy,
    /// Departments, taxonomy and geography: where items may be dispatched
    /// and what the directory lists.
    pub city: Arc<City>,
    /// The city's map as consoles fetch it (`GET /v1/city/map`); none when
    /// the city directory's outlines do not load (said at start).
    pub map: Option<Arc<crate::api::CityMap>>,
    /// Standard answers (直接答复) the suggestions offer.
    pub knowledge: Arc<Vec<KnowledgeEntry>>,
    /// CAP event codes, event words and categories to our categories
    /// (`cap.toml`, built in or from the city directory).
    pub cap_mapping: Arc<crate::model::ingest::CapMapping>,
    /// How often the SLA ticker looks for clocks that turned yellow or red.
    pub tick: Duration,
    /// Where the server reads the time: the system clock, or one a test
    /// moves by hand.
    pub clock: TimeSource,
    /// The certificate and key when the server terminates TLS itself.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// How often closed items are checked for callers' data past the
    /// policy's retention period (the first check runs at start).
    pub retention_every: Duration,
    /// How old the KPI figures on the unauthenticated `/metrics` may be
    /// (zero: a KPI pass on every scrape).
    pub metrics_every: Duration,
    /// What one client may cost: connections, timeouts, rates.
    pub limits: super::limits::Limits,
    /// Which standards may feed items in (`[ingest]` in the config file).
    pub ingest: super::ingest::Switches,
    /// Read the whole store for damage once serving (`serve
    /// --start-check after`): started after the items are loaded, so the
    /// check does not slow the start it was moved out of.
    pub check_while_serving: bool,
    /// How Alertmanager labels become category, place and priority
    /// (`alertmanager.toml`).
    pub alertmanager: Arc<crate::model::AlertMap>,
    /// The name health gives this server (`serve --replica`); `None`:
    /// the host name and the listening port, decided by [`super::serve`].
    pub replica: Option<String>,
}

/// The server's clock.
#[derive(Debug, Clone, Default)]
pub enum TimeSource {
    #[default]
    System,
    /// A clock that stands still until moved: tests of the ticker and the
    /// KPIs run whole days without sleeping.
    Manual(Arc<std::sync::Mutex<Timestamp>>),
}

impl TimeSource {
    /// A manual clock standing at `at`.
    pub fn manual(at: Timestamp) -> Self {
        TimeSource::Manual(Arc::new(std::sync::Mutex::new(at)))
    }

    pub fn now(&self) -> Timestamp {
        match self {
            TimeSource::System => time::OffsetDateTime::now_utc(),
            TimeSource::Manual(at) => *at.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Moves a manual clock on by `by`; the system clock moves by itself.
    pub fn advance(&self, by: time::Duration) {
        if let TimeSource::Manual(at) = self {
            let mut at = at.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *at += by;
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            replay_limit: 100_000,
            keepalive: Duration::from_secs(15),
            policy: Policy::default(),
            city: crate::data::default_city(),
            map: crate::data::map_sources(None).ok().map(|s| Arc::new(city_map(s))),
            knowledge: crate::data::knowledge::default_knowledge(),
            cap_mapping: crate::data::cap::default_mapping(),
            tick: Duration::from_secs(5),
            clock: TimeSource::System,
            tls: None,
            retention_every: Duration::from_secs(3600),
            metrics_every: super::metrics::KPI_EVERY,
            // In-process servers (tests, demo, benchmarks) carry one token
            // for a whole simulated city; `citydesk serve` sets its limits.
            limits: super::limits::Limits::unlimited(),
            ingest: super::ingest::Switches::default(),
            check_while_serving: false,
            alertmanager: crate::data::alertmanager::default_map(),
            replica: None,
        }
    }
}

/// The wire form of a city's map sources.
pub fn city_map(s: crate::data::MapSources) -> crate::api::CityMap {
    crate::api::CityMap {
        departments: s.departments,
        taxonomy: s.taxonomy,
        geography: s.geography,
        outlines: s.outlines,
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    pub stream_clients: AtomicU64,
    /// Open connections, counted by the accept loop.
    pub connections: Arc<AtomicU64>,
    pub actions_applied: AtomicU64,
    pub actions_refused: AtomicU64,
    pub conflicts: AtomicU64,
    pub idempotent_replays: AtomicU64,
    pub items_created: AtomicU64,
    /// Requests answered 429 or 503 to shed load.
    pub shed: AtomicU64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: ServerConfig,
    counters: Counters,
    /// Cancelled at shutdown: every open stream ends.
    shutdown: CancellationToken,
    /// Presence announcements (JSON), fanned out to streams, never stored.
    presence: broadcast::Sender<Arc<String>>,
    tokens: super::auth::TokenCache,
    board: super::board::Board,
    /// The suggestion engine, fed every closed item. It lives here rather
    /// than in the console because the console's mirror holds open items
    /// only, and what the log teaches is in the closed ones.
    suggest: std::sync::RwLock<Engine>,
    /// Rendered SSE frames of recent events, shared by every stream of a
    /// role that sees callers in full.
    frames: super::frames::Frames,
    /// The same, callers masked: shared by units' and viewers' streams.
    masked_frames: super::frames::Frames,
    /// Screen pops: (operator login, `call` JSON), fanned out to streams,
    /// each of which sends only its own operator's.
    calls: broadcast::Sender<Arc<(String, String)>>,
    /// What the audit log already holds of this run (first uses, recent
    /// refusals), so repeats cost no write.
    audit: super::audit::Seen,
    /// Open streams and their tokens, so revocation ends them.
    sessions: super::sessions::Sessions,
    /// Open streams per operator login, so a screen pop can say whether
    /// anyone saw it.
    streaming: std::sync::Mutex<std::collections::HashMap<String, u64>>,
    /// Requests per token (keyed by the token's hash).
    token_rate: super::limits::Buckets,
    /// Presence announcements per operator login.
    presence_rate: super::limits::Buckets,
    metrics: super::metrics::Metrics,
    /// Per-source intake counts and last messages.
    ingest: super::ingest::Tally,
    /// Whether this replica runs the closed loop.
    leadership: super::lease::Leadership,
    /// The last `seq` the board has been shown (by [`super::follow`]),
    /// and a wake-up for those waiting for it ([`AppState::caught_up`]).
    followed: AtomicU64,
    followed_to: tokio::sync::Notify,
}

impl AppState {
    /// The state over `store`: the board of the open items and of the
    /// last weeks' reports, and the suggestion engine taught by the newest
    /// [`LEARN_FROM`] closed items.
    /// Neither reads the rest of the history, so start-up time and memory
    /// follow the open work however many years the log holds.
    pub async fn load(store: Arc<dyn Store>, config: ServerConfig) -> Result<Self, StoreError> {
        let (_, open) = store.snapshot(&crate::store::SnapshotFilter::default()).await?;
        let covered_from = config.clock.now() - super::board::HORIZON;
        let closed = store.closed_facts(covered_from, crate::model::stats::END).await?;
        let board = super::board::Board::new(&open, closed, covered_from, &config.policy);
        drop(open);
        let mut engine = Engine::new(&config.city, config.knowledge.as_ref().clone());
        for (id, text, category) in store.closed_texts(LEARN_FROM).await? {
            engine.learn_text(&id, &text, &category);
        }
        Ok(AppState::with_board(store, config, board, engine))
    }

    fn with_board(
        store: Arc<dyn Store>,
        config: ServerConfig,
        board: super::board::Board,
        engine: Engine,
    ) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store,
                counters: Counters::default(),
                shutdown: CancellationToken::new(),
                presence: broadcast::channel(256).0,
                tokens: Default::default(),
                board,
                suggest: std::sync::RwLock::new(engine),
                frames: Default::default(),
                masked_frames: super::frames::Frames::new(crate::model::privacy::Sight::Masked),
                calls: broadcast::channel(256).0,
                sessions: Default::default(),
                audit: Default::default(),
                streaming: Default::default(),
                token_rate: super::limits::Buckets::new(config.limits.token_rate),
                presence_rate: super::limits::Buckets::new(config.limits.presence_rate),
                config,
                metrics: Default::default(),
                ingest: Default::default(),
                leadership: super::lease::Leadership::new(holder_name()),
                followed: AtomicU64::new(0),
                followed_to: tokio::sync::Notify::new(),
            }),
        }
    }

    /// Records that the board has seen the log up to `seq`.
    pub fn followed(&self, seq: u64) {
        self.inner.followed.fetch_max(seq, Ordering::SeqCst);
        self.inner.followed_to.notify_waiters();
    }

    /// Waits until the board has seen every event the log holds now, at
    /// most [`CATCH_UP`]: a decision that looks at other items (duplicate
    /// suggestions, storms) is then made on every commit any replica made
    /// before it, as one server would make it. Nothing to wait for when no
    /// other server shares the store.
    pub async fn caught_up(&self) {
        if !self.store().shared() {
            return;
        }
        let Ok(head) = self.store().log_head().await else {
            return;
        };
        let deadline = tokio::time::Instant::now() + CATCH_UP;
        loop {
            let woken = self.inner.followed_to.notified();
            if self.inner.followed.load(Ordering::SeqCst) >= head {
                return;
            }
            if tokio::time::timeout_at(deadline, woken).await.is_err() {
                tracing::warn!(
                    head,
                    "the board did not catch up with the log in time; deciding on what it has"
                );
                return;
            }
        }
    }

    /// Whether this replica runs the closed loop, and its name.
    pub fn leadership(&self) -> &super::lease::Leadership {
        &self.inner.leadership
    }

    /// Per-source intake counts and last messages.
    pub fn ingest_tally(&self) -> &super::ingest::Tally {
        &self.inner.ingest
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// A handle on the store for work that outlives a request.
    pub fn store_handle(&self) -> Arc<dyn Store> {
        Arc::clone(&self.inner.store)
    }

    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    pub fn tokens(&self) -> &super::auth::TokenCache {
        &self.inner.tokens
    }

    pub fn frames(&self) -> &super::frames::Frames {
        &self.inner.frames
    }

    /// The frame cache for a stream of `view`. A frame's bytes depend only
    /// on the view's sight, so the views of every department share the
    /// masked rendering; the scope picks which frames a stream sends.
    pub fn frames_for(&self, view: &crate::model::visibility::View) -> &super::frames::Frames {
        match view.sight {
            crate::model::privacy::Sight::Full => &self.inner.frames,
            crate::model::privacy::Sight::Masked => &self.inner.masked_frames,
        }
    }

    pub fn audit_seen(&self) -> &super::audit::Seen {
        &self.inner.audit
    }

    pub fn sessions(&self) -> &super::sessions::Sessions {
        &self.inner.sessions
    }

    pub fn calls(&self) -> &broadcast::Sender<Arc<(String, String)>> {
        &self.inner.calls
    }

    /// Counts a stream of `login` open (`+1`) or closed (`-1`).
    pub fn count_stream(&self, login: &str, open: bool) {
        let mut map = self
            .inner
            .streaming
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = map.entry(login.to_owned()).or_default();
        *n = if open { *n + 1 } else { n.saturating_sub(1) };
        if *n == 0 {
            map.remove(login);
        }
    }

    /// Counts a stream of `login` open unless it already has `cap`; false
    /// when it has. One lock, so concurrent opens cannot pass the cap.
    pub fn try_open_stream(&self, login: &str, cap: u64) -> bool {
        let mut map = self
            .inner
            .streaming
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = map.entry(login.to_owned()).or_default();
        if *n >= cap {
            return false;
        }
        *n += 1;
        true
    }

    /// How many streams `login` has open.
    pub fn streams_of(&self, login: &str) -> u64 {
        self.inner
            .streaming
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(login)
            .copied()
            .unwrap_or(0)
    }

    pub fn token_rate(&self) -> &super::limits::Buckets {
        &self.inner.token_rate
    }

    pub fn metrics(&self) -> &super::metrics::Metrics {
        &self.inner.metrics
    }

    pub fn presence_rate(&self) -> &super::limits::Buckets {
        &self.inner.presence_rate
    }

    pub fn presence(&self) -> &broadcast::Sender<Arc<String>> {
        &self.inner.presence
    }

    pub fn shutdown_token(&self) -> CancellationToken {
        self.inner.shutdown.clone()
    }

    /// The server's notion of now, in one place.
    pub fn now(&self) -> Timestamp {
        self.inner.config.clock.now()
    }

    pub fn board(&self) -> &super::board::Board {
        &self.inner.board
    }

    /// Commits through the store and, once applied, shows the board the
    /// items as the commit left them. Every write goes through here.
    pub async fn commit(&self, commit: Commit) -> Result<Committed, StoreError> {
        let items: Vec<Item> = commit.changes.iter().map(|c| c.item.clone()).collect();
        let started = std::time::Instant::now();
        let outcome = self.store().commit(commit).await;
        self.metrics().commit_took(started.elapsed());
        let outcome = outcome?;
        let written = match &outcome {
            Committed::Applied(_) => items,
            Committed::Recurred { item, .. } => vec![(**item).clone()],
            Committed::Rebased { items, .. } => items.clone(),
            _ => return Ok(outcome),
        };
        self.show(&written);
        Ok(outcome)
    }

    /// Shows the board and the suggestion engine items as a commit left
    /// them: this replica's own, or another replica's ([`super::follow`]).
    pub fn show(&self, items: &[Item]) {
        self.board().update(items, &self.config().policy);
        self.learn(items);
    }

    /// Reads the suggestion engine (a panic elsewhere leaves it usable).
    pub fn suggest(&self) -> std::sync::RwLockReadGuard<'_, Engine> {
        self.inner
            .suggest
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Teaches the engine the items of a commit that closed.
    fn learn(&self, items: &[Item]) {
        if items.iter().any(|i| i.status == Status::Closed) {
            let mut engine = self
                .inner
                .suggest
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            items.iter().for_each(|i| engine.learn(i));
        }
    }
}

/// This process's name in the lease table: the host, the process id and a
/// random part, so two replicas (or one restarted) never share it.
fn holder_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "citydesk".into());
    format!("{host}/{}/{:08x}", std::process::id(), rand::random::<u32>())
}
