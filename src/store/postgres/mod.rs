//! PostgreSQL backend: the same log and projections as SQLite, shared by
//! several server replicas. Each replica's writer groups its commits into
//! one transaction and numbers them under the `log_head` row lock; each
//! replica publishes every replica's events, in `seq` order, once
//! ([`publish`]).

mod admin;
mod apply;
mod blind;
mod copies;
pub(super) mod import;
mod plan;
mod publish;
mod read;
mod rows;
mod schema;
mod writer;

use super::{
    Commit, Committed, IdemKey, OperatorRecord, Published, RawDocument, Result, SnapshotFilter, Store,
    StoreError, TokenRecord,
};
use crate::model::audit::{AuditEntry, NewAudit};
use crate::model::{CallerRead, Event, Item, ItemId, Kind, Operator, Role, Status};
use async_trait::async_trait;
use copies::Copies;
use deadpool_postgres::{GenericClient, Object, Pool};
use publish::Publisher;
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use writer::{Health, Job, Writer};

/// Events kept in memory for live subscribers (as in SQLite).
const BROADCAST_CAPACITY: usize = 4096;

/// Handle to a PostgreSQL store; cheap to share behind an `Arc`.
pub struct PgStore {
    pool: Pool,
    jobs: mpsc::Sender<Job>,
    publisher: Arc<Publisher>,
    health: Arc<Health>,
    copies: Arc<Copies>,
    /// Ends the follower when the store is dropped.
    stop: CancellationToken,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl PgStore {
    /// Connects, migrates, and starts the writer and the follower.
    pub async fn open_with(url: &str, options: super::Options) -> Result<Self> {
        let pool = schema::pool(schema::config(url)?)?;
        schema::migrate(&pool).await?;
        let head = read::log_head(&pool.get().await.map_err(schema::pool_err)?).await?;
        let (tx, _) = broadcast::channel(BROADCAST_CAPACITY);
        let copies = Arc::new(Copies::default());
        let publisher = Arc::new(Publisher::new(head, tx, Arc::clone(&copies)));
        let health = Arc::new(Health::default());
        let (jobs, rx) = mpsc::channel(options.writer_queue.max(1));
        let writer = Writer {
            pool: pool.clone(),
            publisher: Arc::clone(&publisher),
            health: Arc::clone(&health),
            copies: Arc::clone(&copies),
        };
        tokio::spawn(writer.run(rx));
        let stop = CancellationToken::new();
        tokio::spawn(publish::follow(
            url.to_owned(),
            pool.clone(),
            Arc::clone(&publisher),
            stop.clone(),
        ));
        Ok(PgStore {
            pool,
            jobs,
            publisher,
            health,
            copies,
            stop,
        })
    }

    async fn client(&self) -> Result<Object> {
        self.pool.get().await.map_err(schema::pool_err)
    }
}

#[async_trait]
impl Store for PgStore {
    fn shared(&self) -> bool {
        true
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.publisher.subscribe()
    }

    fn head(&self) -> u64 {
        self.publisher.head()
    }

    fn queue_depth(&self) -> u64 {
        (self.jobs.max_capacity() - self.jobs.capacity()) as u64
    }

    async fn log_head(&self) -> Result<u64> {
        read::log_head(&self.client().await?).await
    }

    fn item_at_hand(&self, id: &ItemId) -> Option<Item> {
        self.copies.get(id)
    }

    async fn item(&self, id: &ItemId) -> Result<Option<Item>> {
        let item = read::item(&self.client().await?, id).await?;
        if let Some(item) = &item {
            self.copies.put(item.clone());
        }
        Ok(item)
    }

    async fn items(&self, ids: &[ItemId]) -> Result<Vec<Item>> {
        let items = read::items(&self.client().await?, ids).await?;
        for item in &items {
            self.copies.put(item.clone());
        }
        Ok(items)
    }

    async fn closed_facts(
        &self,
        from: crate::model::Timestamp,
        to: crate::model::Timestamp,
    ) -> Result<Vec<crate::model::stats::Facts>> {
        read::closed_facts(&self.client().await?, from, to).await
    }

    async fn closed_since(&self, from: crate::model::Timestamp, limit: usize) -> Result<Vec<Item>> {
        read::closed_since(&self.client().await?, from, limit).await
    }

    async fn closed_texts(&self, limit: usize) -> Result<Vec<(String, String, String)>> {
        read::learning(&self.client().await?, limit).await
    }

    async fn history(&self, id: &ItemId) -> Result<Vec<Event>> {
        read::history(&self.client().await?, id).await
    }

    async fn last_event(&self, id: &ItemId) -> Result<Option<Event>> {
        read::last_event(&self.client().await?, id).await
    }

    async fn snapshot(&self, filter: &SnapshotFilter) -> Result<(u64, Vec<Item>)> {
        read::snapshot(&mut self.client().await?, filter).await
    }

    async fn events_after(&self, since: u64, limit: usize) -> Result<Vec<Arc<Published>>> {
        read::events_after(&self.client().await?, since, limit).await
    }

    async fn open_alert(&self, fingerprint: &str) -> Result<Option<Item>> {
        read::open_alert(&self.client().await?, fingerprint).await
    }

    async fn foreign_item(&self, source: &str, foreign_id: &str) -> Result<Option<ItemId>> {
        read::known(&self.client().await?, source, foreign_id).await
    }

    async fn raw_document(&self, id: &ItemId) -> Result<Option<RawDocument>> {
        read::raw(&self.client().await?, id).await
    }

    async fn next_number(&self, kind: Kind) -> Result<u64> {
        // Fixed names per kind: nothing from a request reaches the SQL.
        let sql = match kind {
            Kind::Incident => "SELECT nextval('item_number_incident')",
            Kind::Alert => "SELECT nextval('item_number_alert')",
            Kind::Ticket => "SELECT nextval('item_number_ticket')",
        };
        let r = read::row(&self.client().await?, sql, &[])
            .await?
            .ok_or_else(|| StoreError::Corrupt("nextval returned no row".into()))?;
        Ok(schema::to_u64(r.get(0)))
    }

    async fn idempotent(&self, key: &IdemKey, request_hash: &str) -> Result<Option<Committed>> {
        apply::find_idempotent(&self.client().await?, &key.operator, &key.key, request_hash).await
    }

    async fn commit(&self, commit: Commit) -> Result<Committed> {
        let (tx, rx) = oneshot::channel();
        // A full queue is refused at once, as in SQLite.
        self.jobs
            .try_send(Job::Commit(Box::new(commit), tx))
            .map_err(|e| match e {
                mpsc::error::TrySendError::Full(_) => StoreError::Busy,
                mpsc::error::TrySendError::Closed(_) => StoreError::Closed,
            })?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    async fn add_operator(&self, operator: &Operator, token_hash: &str) -> Result<()> {
        admin::add_operator(&self.client().await?, operator, token_hash).await
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
        admin::token(&self.client().await?, token_hash).await
    }

    async fn set_token_expiry(
        &self,
        login: &str,
        expires_at: Option<crate::model::Timestamp>,
    ) -> Result<bool> {
        admin::set_expiry(&self.client().await?, login, expires_at).await
    }

    async fn rotate_token(
        &self,
        login: &str,
        new_hash: &str,
        expires_at: Option<crate::model::Timestamp>,
        grace_until: crate::model::Timestamp,
    ) -> Result<bool> {
        admin::rotate(&self.client().await?, login, new_hash, expires_at, grace_until).await
    }

    async fn record_token_use(&self, login: &str, at: crate::model::Timestamp) -> Result<()> {
        admin::record_use(&self.client().await?, login, at).await
    }

    async fn operators(&self) -> Result<Vec<OperatorRecord>> {
        read::operators(&self.client().await?).await
    }

    async fn revoke_operator(&self, login: &str) -> Result<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(schema::pg_err)?;
        let done = admin::revoke(&tx, login).await?;
        tx.commit().await.map_err(schema::pg_err)?;
        Ok(done)
    }

    async fn set_role(&self, login: &str, role: Role, department: Option<&str>, by: &str) -> Result<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(schema::pg_err)?;
        let done = admin::set_role(&tx, login, role, department, by).await?;
        tx.commit().await.map_err(schema::pg_err)?;
        Ok(done)
    }

    async fn append_audit(&self, entry: &NewAudit) -> Result<()> {
        admin::append(&self.client().await?, entry).await
    }

    async fn audit(&self, after: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        admin::audit_page(&self.client().await?, after, limit).await
    }

    async fn open_load(&self) -> Result<Vec<(String, u64)>> {
        read::open_load(&self.client().await?).await
    }

    async fn counts(&self) -> Result<Vec<(Kind, Status, u64)>> {
        read::counts(&self.client().await?).await
    }

    async fn caller_items(&self, phone: &str, limit: usize) -> Result<Vec<Item>> {
        read::caller_items(&self.client().await?, phone, limit).await
    }

    async fn record_caller_read(&self, read: &CallerRead) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(schema::pg_err)?;
        admin::record_caller_read(&tx, read).await?;
        tx.commit().await.map_err(schema::pg_err)
    }

    async fn caller_reads(&self, phone: Option<&str>, limit: usize) -> Result<Vec<CallerRead>> {
        admin::caller_reads(&self.client().await?, phone, limit).await
    }

    async fn operator_by_extension(&self, extension: &str) -> Result<Option<Operator>> {
        admin::operator_by_extension(&self.client().await?, extension).await
    }

    async fn set_extension(&self, login: &str, extension: Option<&str>) -> Result<bool> {
        admin::set_extension(&self.client().await?, login, extension).await
    }

    async fn retention_due(&self, cutoff: crate::model::Timestamp, limit: usize) -> Result<Vec<Item>> {
        read::retention_due(&self.client().await?, cutoff, limit).await
    }

    fn degraded(&self) -> Option<String> {
        self.health.reason()
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
        // PostgreSQL checks its own pages as it reads them (and with data
        // checksums, when the cluster has them); there is no file of ours
        // to read through.
        Ok(())
    }

    fn size_on_disk(&self) -> Option<u64> {
        None
    }

    async fn lease(&self, name: &str, holder: &str, ttl: std::time::Duration) -> Result<bool> {
        admin::lease(&self.client().await?, name, holder, ttl).await
    }

    async fn release_lease(&self, name: &str, holder: &str) -> Result<()> {
        admin::release(&self.client().await?, name, holder).await
    }
}
