//! SQLite backend: one file, WAL mode, `synchronous=FULL`; a single writer
//! thread with group commit, and pooled readers.

mod audit;
pub mod backup;
mod callers;
pub(super) mod export;
mod health;
mod history;
mod ingest;
mod private;
mod read;
mod retention;
mod schema;
mod tokens;
mod writer;

use super::{
    Commit, Committed, IdemKey, OperatorRecord, Published, RawDocument, Result, SnapshotFilter, Store,
    StoreError, TokenRecord,
};
use crate::model::audit::{AuditEntry, NewAudit};
use crate::model::{CallerRead, Event, Item, ItemId, Kind, Operator, Role, Status};
use async_trait::async_trait;
use rusqlite::params;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{broadcast, mpsc, oneshot};
use writer::{Job, Writer};

/// Events kept in memory for live subscribers; one that falls further
/// behind is served from the log instead.
const BROADCAST_CAPACITY: usize = 4096;

/// The latest committed copy of recently written open items, so the
/// action path (read, decide, write) skips a database read for busy items.
/// Filled only by the writer after a commit; bounded.
#[derive(Default)]
pub(super) struct ItemCache {
    // A std Mutex: held to copy one item in or out, never across an await.
    items: std::sync::Mutex<std::collections::HashMap<ItemId, Item>>,
}

/// Items kept at most; beyond this new items are simply not cached.
pub(super) const CACHE_ITEMS: usize = 50_000;

impl ItemCache {
    fn get(&self, id: &ItemId) -> Option<Item> {
        self.items.lock().ok()?.get(id).cloned()
    }

    pub(super) fn store(&self, written: Vec<Item>) {
        let Ok(mut items) = self.items.lock() else { return };
        for item in written {
            if !item.status.is_open() {
                items.remove(&item.id);
            } else if items.len() < CACHE_ITEMS || items.contains_key(&item.id) {
                items.insert(item.id.clone(), item);
            }
        }
    }
}

/// Handle to an open SQLite store; cheap to share behind an `Arc`.
pub struct SqliteStore {
    jobs: mpsc::Sender<Job>,
    reads: Arc<read::ReadPool>,
    head: Arc<AtomicU64>,
    publish: broadcast::Sender<Arc<Published>>,
    /// Last item number handed out per kind (incident, alert, ticket).
    numbers: [AtomicU64; 3],
    cache: Arc<ItemCache>,
    disk: Arc<health::DiskState>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `path`, migrates it and
    /// starts the writer thread.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, super::Options::default()).await
    }

    /// [`SqliteStore::open`] with `options`.
    pub async fn open_with(path: &Path, options: super::Options) -> Result<Self> {
        let path = path.to_path_buf();
        let setup = path.clone();
        let (conn, numbers) = tokio::task::spawn_blocking(move || open_blocking(&setup))
            .await
            .map_err(|e| StoreError::Database(e.to_string()))??;
        let head = Arc::new(AtomicU64::new(0));
        let (publish, _) = broadcast::channel(BROADCAST_CAPACITY);
        let cache = Arc::new(ItemCache::default());
        let disk = Arc::new(health::DiskState::default());
        let writer = Writer::new(
            conn,
            Arc::clone(&head),
            publish.clone(),
            Arc::clone(&cache),
            Arc::clone(&disk),
        )?;
        let (jobs, rx) = mpsc::channel(options.writer_queue.max(1));
        std::thread::Builder::new()
            .name("citydesk-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| StoreError::Database(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            jobs,
            reads: Arc::new(read::ReadPool::new(path)),
            head,
            publish,
            numbers: numbers.map(AtomicU64::new),
            cache,
            disk,
        })
    }

    /// The writing connection's `journal_mode` and `synchronous` (2 is
    /// FULL): what "a 2xx means on disk" rests on. A kill -9 test cannot
    /// tell FULL from NORMAL, so tests read the settings back here.
    pub async fn durability(&self) -> Result<(String, i64)> {
        self.exec(|conn| {
            let mode = conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .map_err(schema::db_err)?;
            let sync = conn
                .query_row("PRAGMA synchronous", [], |r| r.get(0))
                .map_err(schema::db_err)?;
            Ok((mode, sync))
        })
        .await
    }

    async fn exec<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job = Job::Exec(Box::new(move |conn| {
            let result = f(conn);
            Box::new(move |failed: Option<&StoreError>| {
                let _ = tx.send(match failed {
                    Some(e) => Err(schema::again(e)),
                    None => result,
                });
            })
        }));
        self.jobs.send(job).await.map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }
}

fn open_blocking(path: &Path) -> Result<(rusqlite::Connection, [u64; 3])> {
    private::create(path)
        .map_err(|e| StoreError::Database(format!("cannot create {}: {e}", path.display())))?;
    let mut conn = schema::connect(path)?;
    schema::migrate(&mut conn)?;
    schema::unique_open_fingerprints(&conn)?;
    let numbers = [
        read::max_number(&conn, Kind::Incident)?,
        read::max_number(&conn, Kind::Alert)?,
        read::max_number(&conn, Kind::Ticket)?,
    ];
    Ok((conn, numbers))
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Incident => 0,
        Kind::Alert => 1,
        Kind::Ticket => 2,
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn queue_depth(&self) -> u64 {
        (self.jobs.max_capacity() - self.jobs.capacity()) as u64
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    /// One process owns the file: its writer thread is the only writer.
    fn shared(&self) -> bool {
        false
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.publish.subscribe()
    }

    fn head(&self) -> u64 {
        self.head.load(Ordering::SeqCst)
    }

    async fn item(&self, id: &ItemId) -> Result<Option<Item>> {
        if let Some(item) = self.cache.get(id) {
            return Ok(Some(item));
        }
        let id = id.clone();
        self.reads.run(move |c| read::item(c, &id)).await
    }

    async fn items(&self, ids: &[ItemId]) -> Result<Vec<Item>> {
        let mut found = Vec::with_capacity(ids.len());
        let mut missing = Vec::new();
        for id in ids {
            match self.cache.get(id) {
                Some(item) => found.push(item),
                None => missing.push(id.clone()),
            }
        }
        if !missing.is_empty() {
            let read = self
                .reads
                .run(move |c| {
                    let mut items = Vec::with_capacity(missing.len());
                    for id in &missing {
                        items.extend(read::item(c, id)?);
                    }
                    Ok(items)
                })
                .await?;
            found.extend(read);
        }
        Ok(found)
    }

    async fn closed_facts(
        &self,
        from: crate::model::Timestamp,
        to: crate::model::Timestamp,
    ) -> Result<Vec<crate::model::stats::Facts>> {
        self.reads.run(move |c| history::closed_facts(c, from, to)).await
    }

    async fn closed_since(&self, from: crate::model::Timestamp, limit: usize) -> Result<Vec<Item>> {
        self.reads
            .run(move |c| history::closed_since(c, from, limit))
            .await
    }

    async fn closed_texts(&self, limit: usize) -> Result<Vec<(String, String, String)>> {
        self.reads.run(move |c| history::learning(c, limit)).await
    }

    async fn history(&self, id: &ItemId) -> Result<Vec<Event>> {
        let id = id.clone();
        self.reads.run(move |c| read::history(c, &id)).await
    }

    async fn last_event(&self, id: &ItemId) -> Result<Option<Event>> {
        let id = id.clone();
        self.reads.run(move |c| read::last_event(c, &id)).await
    }

    async fn snapshot(&self, filter: &SnapshotFilter) -> Result<(u64, Vec<Item>)> {
        let filter = filter.clone();
        self.reads.run(move |c| read::snapshot(c, &filter)).await
    }

    async fn events_after(&self, since: u64, limit: usize) -> Result<Vec<Arc<Published>>> {
        self.reads.run(move |c| read::events_after(c, since, limit)).await
    }

    async fn open_alert(&self, fingerprint: &str) -> Result<Option<Item>> {
        let fp = fingerprint.to_owned();
        self.reads.run(move |c| read::open_alert(c, &fp)).await
    }

    async fn foreign_item(&self, source: &str, foreign_id: &str) -> Result<Option<ItemId>> {
        let (source, foreign_id) = (source.to_owned(), foreign_id.to_owned());
        self.reads
            .run(move |c| ingest::known(c, &source, &foreign_id))
            .await
    }

    async fn raw_document(&self, id: &ItemId) -> Result<Option<RawDocument>> {
        let id = id.as_str().to_owned();
        self.reads.run(move |c| ingest::raw(c, &id)).await
    }

    async fn next_number(&self, kind: Kind) -> Result<u64> {
        Ok(self.numbers[kind_index(kind)].fetch_add(1, Ordering::SeqCst) + 1)
    }

    async fn idempotent(&self, key: &IdemKey, request_hash: &str) -> Result<Option<Committed>> {
        let (key, hash) = (key.clone(), request_hash.to_owned());
        self.reads
            .run(move |c| writer::find_idempotent(c, &key.operator, &key.key, &hash))
            .await
    }

    async fn commit(&self, commit: Commit) -> Result<Committed> {
        let (tx, rx) = oneshot::channel();
        // A full queue is refused at once: waiting for room would let
        // every caller's latency grow without bound under overload.
        self.jobs
            .try_send(Job::Commit(Box::new(commit), tx))
            .map_err(|e| match e {
                mpsc::error::TrySendError::Full(_) => StoreError::Busy,
                mpsc::error::TrySendError::Closed(_) => StoreError::Closed,
            })?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    async fn add_operator(&self, operator: &Operator, token_hash: &str) -> Result<()> {
        let (op, hash) = (operator.clone(), token_hash.to_owned());
        self.exec(move |c| {
            let exists: bool = c
                .query_row("SELECT COUNT(*) > 0 FROM operators WHERE login = ?1", [&op.login], |r| r.get(0))
                .map_err(schema::db_err)?;
            if exists {
                return Err(StoreError::Duplicate(format!("operator {}", op.login)));
            }
            c.execute(
                "INSERT INTO operators (login, name, role, department, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![op.login, op.name, op.role.as_str(), op.department, hash, writer::now_text()],
            )
            .map_err(schema::db_err)?;
            Ok(())
        })
        .await
    }

    async fn operator_by_token(&self, token_hash: &str) -> Result<Option<Operator>> {
        let now = time::OffsetDateTime::now_utc();
        Ok(self
            .token(token_hash)
            .await?
            .filter(|t| t.valid_at(now))
            .map(|t| t.operator))
    }

    async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>> {
        let hash = token_hash.to_owned();
        self.reads.run(move |c| tokens::lookup(c, &hash)).await
    }

    async fn set_token_expiry(
        &self,
        login: &str,
        expires_at: Option<crate::model::Timestamp>,
    ) -> Result<bool> {
        let login = login.to_owned();
        self.exec(move |c| tokens::set_expiry(c, &login, expires_at))
            .await
    }

    async fn rotate_token(
        &self,
        login: &str,
        new_hash: &str,
        expires_at: Option<crate::model::Timestamp>,
        grace_until: crate::model::Timestamp,
    ) -> Result<bool> {
        let (login, hash) = (login.to_owned(), new_hash.to_owned());
        self.exec(move |c| tokens::rotate(c, &login, &hash, expires_at, grace_until))
            .await
    }

    async fn record_token_use(&self, login: &str, at: crate::model::Timestamp) -> Result<()> {
        let login = login.to_owned();
        self.exec(move |c| tokens::record_use(c, &login, at)).await
    }

    async fn operators(&self) -> Result<Vec<OperatorRecord>> {
        self.reads.run(|c| read::operators(c)).await
    }

    async fn revoke_operator(&self, login: &str) -> Result<bool> {
        let login = login.to_owned();
        self.exec(move |c| {
            let n = c
                .execute(
                    "UPDATE operators SET revoked_at = ?2 WHERE login = ?1 AND revoked_at IS NULL",
                    params![login, writer::now_text()],
                )
                .map_err(schema::db_err)?;
            if n > 0 {
                // In the same transaction: no revocation goes unrecorded.
                let entry = NewAudit::revoked(&login);
                audit::append(c, &entry)?;
            }
            Ok(n > 0)
        })
        .await
    }

    async fn set_role(&self, login: &str, role: Role, department: Option<&str>, by: &str) -> Result<bool> {
        let (login, department, by) = (login.to_owned(), department.map(str::to_owned), by.to_owned());
        self.exec(move |c| {
            let Some(before) = read::active_operator(c, &login)? else {
                return Ok(false);
            };
            c.execute(
                "UPDATE operators SET role = ?2, department = ?3 WHERE login = ?1 AND revoked_at IS NULL",
                params![login, role.as_str(), department],
            )
            .map_err(schema::db_err)?;
            let entry = NewAudit::role_changed(
                &login,
                (before.role, before.department.as_deref()),
                (role, department.as_deref()),
                &by,
            );
            audit::append(c, &entry)?;
            Ok(true)
        })
        .await
    }

    async fn append_audit(&self, entry: &NewAudit) -> Result<()> {
        let entry = entry.clone();
        self.exec(move |c| audit::append(c, &entry)).await
    }

    async fn audit(&self, after: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        self.reads.run(move |c| audit::page(c, after, limit)).await
    }

    async fn open_load(&self) -> Result<Vec<(String, u64)>> {
        self.reads.run(|c| read::open_load(c)).await
    }

    async fn counts(&self) -> Result<Vec<(Kind, Status, u64)>> {
        self.reads.run(|c| history::counts(c)).await
    }

    async fn caller_items(&self, phone: &str, limit: usize) -> Result<Vec<Item>> {
        let phone = phone.to_owned();
        self.reads.run(move |c| callers::items(c, &phone, limit)).await
    }

    async fn record_caller_read(&self, read: &CallerRead) -> Result<()> {
        let read = read.clone();
        self.exec(move |c| {
            callers::record_read(c, &read)?;
            let entry = NewAudit::caller_read(&read);
            audit::append(c, &entry)
        })
        .await
    }

    async fn caller_reads(&self, phone: Option<&str>, limit: usize) -> Result<Vec<CallerRead>> {
        let phone = phone.map(str::to_owned);
        self.reads
            .run(move |c| callers::reads(c, phone.as_deref(), limit))
            .await
    }

    async fn operator_by_extension(&self, extension: &str) -> Result<Option<Operator>> {
        let extension = extension.to_owned();
        self.reads
            .run(move |c| callers::operator_by_extension(c, &extension))
            .await
    }

    async fn set_extension(&self, login: &str, extension: Option<&str>) -> Result<bool> {
        let (login, extension) = (login.to_owned(), extension.map(str::to_owned));
        self.exec(move |c| callers::set_extension(c, &login, extension.as_deref()))
            .await
    }

    async fn retention_due(&self, cutoff: crate::model::Timestamp, limit: usize) -> Result<Vec<Item>> {
        self.reads.run(move |c| retention::due(c, cutoff, limit)).await
    }

    fn degraded(&self) -> Option<String> {
        self.disk.reason()
    }

    async fn probe_write(&self) -> Result<()> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Job::Probe(tx))
            .await
            .map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    async fn check_structure(&self) -> Result<()> {
        let (tx, rx) = oneshot::channel();
        let path = self.reads.path().to_path_buf();
        let disk = Arc::clone(&self.disk);
        std::thread::Builder::new()
            .name("citydesk-check".into())
            .spawn(move || {
                let found = schema::connect(&path).and_then(|c| health::quick_check(&c));
                if let Err(StoreError::Corrupt(why)) = &found {
                    disk.mark_damaged(why);
                }
                let _ = tx.send(found);
            })
            .map_err(|e| StoreError::Database(format!("cannot start the structure check: {e}")))?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    fn size_on_disk(&self) -> Option<u64> {
        let main = self.reads.path();
        // SQLite names the write-ahead log after the whole file name.
        let mut wal = main.as_os_str().to_owned();
        wal.push("-wal");
        let wal = std::path::PathBuf::from(wal);
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        Some(size(main) + size(&wal))
    }
}

#[cfg(test)]
mod tests;
