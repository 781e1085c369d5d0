//! The event log and its projections behind one backend-neutral trait.
//!
//! Callers see model types only; no SQL type leaves this module, so the
//! PostgreSQL backend can slot in without changing the server. The store
//! also publishes every committed event, in `seq` order, to subscribers:
//! only the writer knows the commit order, so only it can publish in it.

mod facts_row;
#[cfg(test)]
pub(crate) mod fixtures;
mod postgres;
mod sqlite;
mod transfer;

use crate::model::audit::{AuditEntry, NewAudit};
use crate::model::{CallerRead, Change, Event, Item, ItemId, Kind, Operator, Role, Status};
use async_trait::async_trait;
use std::sync::Arc;
use tokio::sync::broadcast;

pub use postgres::{PgStore, is_postgres_url};
pub use sqlite::SqliteStore;
pub use sqlite::backup::{Report, backup, verify};
pub use transfer::{Outcome, Progress, migrate_store, verify_store};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or answered with an error.
    #[error("database error: {0}")]
    Database(String),
    /// Stored data did not decode; a bug or a hand-edited database.
    #[error("corrupt record: {0}")]
    Corrupt(String),
    /// A unique value (an operator login) already exists.
    #[error("{0} already exists")]
    Duplicate(String),
    /// The disk refused a write: full, read-only, or failing. Reads still
    /// work; writes answer 503 until a write succeeds again.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// The store's writer has stopped (shutting down).
    #[error("the store is shutting down")]
    Closed,
    /// The writer's queue is full: the caller should shed the write.
    #[error("the writer's queue is full")]
    Busy,
    /// An operation refused before changing anything (a target that is
    /// not empty, a server still running on it): the message says why.
    #[error("{0}")]
    Refused(String),
    #[error("unsupported database URL {0:?}: use sqlite:PATH or postgres://…")]
    UnsupportedUrl(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A committed event as subscribers receive it: its JSON made once by the
/// writer (the form it is stored in, and the stream's `data:` line), shared
/// by every subscriber. How a subscriber frames it is its own business.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub seq: u64,
    pub event_type: String,
    /// The event as JSON, exactly the stream's `data:` line.
    pub json: String,
    /// Every department the event's item was ever dispatched to, as of
    /// this event's commit (live) or now (read back from the log): which
    /// departments' systems may read the event
    /// ([`crate::model::visibility::View::sees`]).
    pub departments: Vec<String>,
    /// Committed by another replica sharing the log (PostgreSQL): the
    /// server shows its board the items such events changed, as it does
    /// for its own commits.
    pub remote: bool,
    /// The item as this event left it (or later), when the store has it at
    /// hand: another replica's event folded on this replica's copy of the
    /// item, so the board takes it in without reading the database.
    pub item: Option<Arc<Item>>,
}

impl Published {
    pub fn new(seq: u64, event_type: String, json: String) -> Self {
        Published {
            seq,
            event_type,
            json,
            departments: Vec::new(),
            remote: false,
            item: None,
        }
    }

    pub fn with_departments(self, departments: Vec<String>) -> Self {
        Published { departments, ..self }
    }
}

/// Who asked, and under which key: keys are per operator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdemKey {
    pub operator: String,
    pub key: String,
}

/// Recorded with a commit so a retry gets the first answer.
#[derive(Debug, Clone)]
pub struct IdemRecord {
    pub key: IdemKey,
    /// Hash of what was asked, so a key reused for something else is caught.
    pub request_hash: String,
    pub status: u16,
}

/// The first answer to an idempotent request.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReply {
    pub status: u16,
    /// The primary item as it was right after the first commit.
    pub item: Item,
    pub events: Vec<Event>,
}

/// Everything one request writes, atomically.
#[derive(Debug, Clone)]
pub struct Commit {
    pub changes: Vec<Change>,
    pub idempotency: Option<IdemRecord>,
    /// For a new alert with a fingerprint: the firing to count instead when
    /// an alert with that fingerprint is open. The writer decides which,
    /// inside its transaction, so no race can open a second one.
    pub recur: Option<Recur>,
    /// For a document a standard brought: its foreign id, recorded against
    /// the primary item (and the document kept) in the same transaction.
    /// When the commit creates an item and the id is known already,
    /// nothing is written: [`Committed::Known`].
    pub foreign: Option<Foreign>,
    /// How to decide the commit again, inside the writer's transaction,
    /// when the item it names moved on: [`Committed::Rebased`].
    pub rebase: Option<crate::model::Rebase>,
}

impl Commit {
    pub fn new(changes: Vec<Change>, idempotency: Option<IdemRecord>) -> Self {
        Commit {
            changes,
            idempotency,
            recur: None,
            foreign: None,
            rebase: None,
        }
    }
}

/// A foreign document's identity, as the writer records it.
#[derive(Debug, Clone)]
pub struct Foreign {
    pub source: String,
    pub foreign_id: String,
    /// Create even when the id is known, taking it over: a new alert
    /// after the one the id named cleared.
    pub take_over: bool,
    pub raw: Option<RawDocument>,
}

/// A document as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// RFC 3339.
    pub received_at: String,
    pub source: String,
    pub content_type: String,
    pub body: String,
}

/// Builds the change that counts one more firing of the open alert given.
#[derive(Clone)]
pub struct Recur(pub Arc<dyn Fn(Item) -> Change + Send + Sync>);

impl std::fmt::Debug for Recur {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recur")
    }
}

/// What became of a commit.
#[derive(Debug, Clone, PartialEq)]
pub enum Committed {
    /// Appended; the events with their `seq`.
    Applied(Vec<Event>),
    /// An item had moved on, and the commit's [`Commit::rebase`] made
    /// other changes from it as it was: those were appended; the items as
    /// they left them, and the events.
    Rebased { items: Vec<Item>, events: Vec<Event> },
    /// An item had moved on; nothing was written.
    Conflict { item_id: ItemId, current_version: u64 },
    /// The key was used before for the same request: its first answer.
    Replay(Box<StoredReply>),
    /// The key was used before for a different request.
    KeyReused,
    /// The new alert's fingerprint matched an open alert: one more firing
    /// of that alert (as it is now, and the events) was counted instead.
    Recurred { item: Box<Item>, events: Vec<Event> },
    /// An alert would be open twice under one fingerprint (a reopen while
    /// its twin is open): nothing was written.
    FingerprintOpen { item_id: ItemId, open: ItemId },
    /// The commit would create an item for a foreign id another commit
    /// already made one for: nothing was written.
    Known { item_id: ItemId },
}

/// Filters of the snapshot; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotFilter {
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    pub district: Option<String>,
}

/// An operator as stored, without the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRecord {
    pub operator: Operator,
    pub created_at: String,
    pub revoked: bool,
    /// When the current token expires (RFC 3339), if it does.
    pub expires_at: Option<String>,
    /// When a token of this operator was last used (RFC 3339; recorded at
    /// most once a minute per token).
    pub last_used_at: Option<String>,
}

/// A token as the store knows it: whose, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub operator: Operator,
    /// The expiry of a current token, or the end of the grace period of
    /// one a rotation replaced; `None`: it does not expire.
    pub valid_until: Option<crate::model::Timestamp>,
    /// The token was replaced by `operator rotate`.
    pub replaced: bool,
}

impl TokenRecord {
    /// Whether the token still works at `now`.
    pub fn valid_at(&self, now: crate::model::Timestamp) -> bool {
        self.valid_until.is_none_or(|until| now < until)
    }
}

/// The event log, the items projection, idempotency keys and operators.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`, for health and metrics.
    fn backend(&self) -> &'static str;
    /// Whether other server processes may write this log too (replicas on
    /// one PostgreSQL database): decisions that look at other items must
    /// then wait until this process has followed their commits.
    fn shared(&self) -> bool;
    /// Committed events in `seq` order, from now on.
    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>>;
    /// The last committed `seq` (0 for an empty log).
    fn head(&self) -> u64;
    /// The log's head as the database has it now: past [`Store::head`]
    /// while events of other replicas are on their way here.
    async fn log_head(&self) -> Result<u64> {
        Ok(self.head())
    }
    /// Takes or renews the lease `name` (work that must run on one
    /// replica at a time) for `holder`, for `ttl`; true while `holder`
    /// has it. A store no other server shares always grants it.
    async fn lease(&self, _name: &str, _holder: &str, _ttl: std::time::Duration) -> Result<bool> {
        Ok(true)
    }
    /// Gives a lease up at a clean stop, so another replica takes it now.
    async fn release_lease(&self, _name: &str, _holder: &str) -> Result<()> {
        Ok(())
    }
    /// Commits waiting for the writer now.
    fn queue_depth(&self) -> u64 {
        0
    }

    /// A copy of the item this server keeps in memory, when it has one:
    /// never ahead of the log, possibly behind it. Only for a decision the
    /// commit checks against the item's version (an action); anything
    /// shown to a reader reads [`Store::item`].
    fn item_at_hand(&self, _id: &ItemId) -> Option<Item> {
        None
    }

    async fn item(&self, id: &ItemId) -> Result<Option<Item>>;
    /// The items of `ids` that exist, in one read: the ticker's batches
    /// cost one trip to the database, not one per item.
    async fn items(&self, ids: &[ItemId]) -> Result<Vec<Item>>;
    /// The KPI facts of items no longer open that were reported in
    /// `[from, to)`: windows over history are answered from the database,
    /// so the server's memory follows the open work.
    async fn closed_facts(
        &self,
        from: crate::model::Timestamp,
        to: crate::model::Timestamp,
    ) -> Result<Vec<crate::model::stats::Facts>>;
    /// The newest `limit` closed items as (id, text, category): what the
    /// suggestion engine learns from at start.
    /// Items reported at or after `from` that are closed now, the newest
    /// `limit` by report time: what a console's heat view counts beyond
    /// the open queues after it starts.
    async fn closed_since(&self, from: crate::model::Timestamp, limit: usize) -> Result<Vec<Item>>;
    async fn closed_texts(&self, limit: usize) -> Result<Vec<(String, String, String)>>;
    async fn history(&self, id: &ItemId) -> Result<Vec<Event>>;
    /// The item's latest event (who last changed it, for a 409).
    async fn last_event(&self, id: &ItemId) -> Result<Option<Event>>;
    /// The open items matching `filter`, and the `seq` they are as of.
    async fn snapshot(&self, filter: &SnapshotFilter) -> Result<(u64, Vec<Item>)>;
    /// Up to `limit` events with `seq > since`, in order.
    async fn events_after(&self, since: u64, limit: usize) -> Result<Vec<Arc<Published>>>;
    async fn open_alert(&self, fingerprint: &str) -> Result<Option<Item>>;
    /// The item a standard's document `(source, foreign_id)` made, if any.
    async fn foreign_item(&self, source: &str, foreign_id: &str) -> Result<Option<ItemId>>;
    /// The newest document a standard sent about `id`.
    async fn raw_document(&self, id: &ItemId) -> Result<Option<RawDocument>>;
    /// A fresh number for a new item of `kind`.
    async fn next_number(&self, kind: Kind) -> Result<u64>;
    /// The first answer given under this key, if any.
    async fn idempotent(&self, key: &IdemKey, request_hash: &str) -> Result<Option<Committed>>;
    /// Appends atomically and durably, or changes nothing.
    async fn commit(&self, commit: Commit) -> Result<Committed>;

    async fn add_operator(&self, operator: &Operator, token_hash: &str) -> Result<()>;
    /// The operator of a token that works now (not expired, not past a
    /// rotation's grace).
    async fn operator_by_token(&self, token_hash: &str) -> Result<Option<Operator>>;
    /// A token of an active operator, working or not, with until when it
    /// works: what a 401 that says why is made from.
    async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>>;
    /// Sets when the operator's current token expires; `false` when there
    /// is no such active operator.
    async fn set_token_expiry(
        &self,
        login: &str,
        expires_at: Option<crate::model::Timestamp>,
    ) -> Result<bool>;
    /// Gives the operator a new token; the old one works until
    /// `grace_until`. `false` when there is no such active operator.
    async fn rotate_token(
        &self,
        login: &str,
        new_hash: &str,
        expires_at: Option<crate::model::Timestamp>,
        grace_until: crate::model::Timestamp,
    ) -> Result<bool>;
    /// Records that the operator used a token at `at`.
    async fn record_token_use(&self, login: &str, at: crate::model::Timestamp) -> Result<()>;
    async fn operators(&self) -> Result<Vec<OperatorRecord>>;
    /// `false` when no such active operator exists. Recorded in the audit
    /// log in the same transaction.
    async fn revoke_operator(&self, login: &str) -> Result<bool>;
    /// Gives an active operator a new role (and department, for units);
    /// `false` when there is none. Recorded in the audit log, with `by`
    /// (who changed it), in the same transaction.
    async fn set_role(&self, login: &str, role: Role, department: Option<&str>, by: &str) -> Result<bool>;
    /// Appends a row to the audit log (once, if it has a `once` key).
    async fn append_audit(&self, entry: &NewAudit) -> Result<()>;
    /// Up to `limit` audit rows with `id > after`, oldest first.
    async fn audit(&self, after: u64, limit: usize) -> Result<Vec<AuditEntry>>;
    /// Open items per department.
    async fn open_load(&self) -> Result<Vec<(String, u64)>>;
    /// Items per kind and status, for metrics.
    async fn counts(&self) -> Result<Vec<(Kind, Status, u64)>>;

    /// The newest `limit` items with a caller of `phone` (normalised), open
    /// and closed, through an index: milliseconds at a million items.
    async fn caller_items(&self, phone: &str, limit: usize) -> Result<Vec<Item>>;
    /// Records, durably, that someone read a caller's history (in the
    /// callers' read log and the audit log).
    async fn record_caller_read(&self, read: &CallerRead) -> Result<()>;
    /// The newest `limit` reads of callers' histories, of one phone or all.
    async fn caller_reads(&self, phone: Option<&str>, limit: usize) -> Result<Vec<CallerRead>>;
    /// The active operator who answers the desk telephone `extension`.
    async fn operator_by_extension(&self, extension: &str) -> Result<Option<Operator>>;
    /// Sets (or clears) an active operator's extension; `false` when there
    /// is no such operator, [`StoreError::Duplicate`] when another has it.
    async fn set_extension(&self, login: &str, extension: Option<&str>) -> Result<bool>;

    /// Up to `limit` closed items, closed before `cutoff`, that still name
    /// a caller: what retention redacts next. Committing a `redacted`
    /// event also writes the callers out of the item's stored history.
    async fn retention_due(&self, cutoff: crate::model::Timestamp, limit: usize) -> Result<Vec<Item>>;

    /// Why writes fail now (the disk is full, read-only), or `None` when
    /// the last write went through.
    fn degraded(&self) -> Option<String>;
    /// Tries one small durable write; a success clears [`Store::degraded`].
    async fn probe_write(&self) -> Result<()>;
    /// The file's structure, every page read (SQLite's `PRAGMA
    /// quick_check`): a damaged page is [`StoreError::Corrupt`], and from
    /// then on the store refuses every write (health `degraded`, 503
    /// `storage_unavailable`) until it is opened again on a sound file.
    /// Runs on a thread of its own, so a server stopping meanwhile does not
    /// wait for it.
    async fn check_structure(&self) -> Result<()>;
    /// Bytes the store's files take on this machine, when it has files:
    /// what `serve --start-check auto` decides by.
    fn size_on_disk(&self) -> Option<u64>;
}

/// How a store is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Commits waiting for the writer before a new one is refused
    /// ([`StoreError::Busy`]) instead of queued: at most this many
    /// transactions' worth of waiting (512 commits share one).
    pub writer_queue: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { writer_queue: 512 }
    }
}

/// Opens the store a URL names: `sqlite:PATH`, `sqlite://PATH` or
/// `postgres://…` (`postgresql://…`).
pub async fn open(url: &str) -> Result<Arc<dyn Store>> {
    open_with(url, Options::default()).await
}

/// [`open`] with `options`.
pub async fn open_with(url: &str, options: Options) -> Result<Arc<dyn Store>> {
    if is_postgres_url(url) {
        return Ok(Arc::new(PgStore::open_with(url, options).await?));
    }
    let path = sqlite_path(url)?;
    let store = SqliteStore::open_with(&path, options).await?;
    Ok(Arc::new(store))
}

/// The file a `sqlite:PATH` or `sqlite://PATH` URL names.
pub fn sqlite_path(url: &str) -> Result<std::path::PathBuf> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| StoreError::UnsupportedUrl(url.to_owned()))?;
    if path.is_empty() {
        return Err(StoreError::UnsupportedUrl(url.to_owned()));
    }
    Ok(std::path::PathBuf::from(path))
}

/// `url` as logs and messages may show it: a PostgreSQL password is
/// replaced by `***`.
pub fn shown_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod url_tests {
    use super::shown_url;

    #[test]
    fn a_password_in_a_url_is_never_shown() {
        assert_eq!(
            shown_url("postgres://app:s3cret@db:5432/city"),
            "postgres://app:***@db:5432/city"
        );
        assert_eq!(shown_url("postgres://app@db/city"), "postgres://app@db/city");
        assert_eq!(
            shown_url("sqlite:/var/lib/citydesk.db"),
            "sqlite:/var/lib/citydesk.db"
        );
    }
}
