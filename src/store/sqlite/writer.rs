//! The single writer: one thread owns the only writing connection and
//! groups whatever commits are waiting into one durable transaction, so
//! concurrent requests share an fsync instead of queueing for one each.
//! Being alone, it also hands out `seq` without gaps and publishes events in
//! commit order.

use super::super::{Commit, Committed, IdemRecord, Published, Result, StoreError, StoredReply};
use super::health::DiskState;
use super::read::{events_between, max_seq, to_i64};
use super::schema::{again, db_err};
use crate::model::{Change, Event, Item, ItemId, Kind};
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::{broadcast, mpsc, oneshot};

/// Most commits grouped into one transaction.
const MAX_BATCH: usize = 512;

/// Sends an `Exec` job's result: with `None` when the batch committed, with
/// the error when it did not.
pub(super) type Answer = Box<dyn FnOnce(Option<&StoreError>) + Send>;

/// Work for the writer thread.
pub(super) enum Job {
    Commit(Box<Commit>, oneshot::Sender<Result<Committed>>),
    /// Any other write (operators); runs inside the batch's transaction and
    /// returns how to answer once the commit's fate is known.
    Exec(Box<dyn FnOnce(&Connection) -> Answer + Send>),
    /// The write test: answered once the batch's fate is known.
    Probe(oneshot::Sender<Result<()>>),
}

pub(super) struct Writer {
    conn: Connection,
    next_seq: u64,
    head: Arc<AtomicU64>,
    publish: broadcast::Sender<Arc<Published>>,
    cache: Arc<super::ItemCache>,
    disk: Arc<DiskState>,
    /// When the log was last copied back into the database file.
    checkpointed: Instant,
}

/// How often the writer copies the write-ahead log back into the database
/// file, once a commit's callers have their answers. SQLite's own
/// checkpoint runs inside whichever commit takes the log past 1,000 pages,
/// so that caller (a due pass of a thousand clocks) waited for pages
/// scattered over years of history to be written and synced; here the
/// same work runs after the replies, at most this often, and the log stays
/// a quarter of a second of writes long.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

impl Writer {
    pub(super) fn new(
        conn: Connection,
        head: Arc<AtomicU64>,
        publish: broadcast::Sender<Arc<Published>>,
        cache: Arc<super::ItemCache>,
        disk: Arc<DiskState>,
    ) -> Result<Self> {
        // The writer's commits touch index pages all over a log of years
        // (events by item, items, facts): a page cache of 64 MiB keeps
        // them in memory instead of SQLite's default 2 MiB. Readers keep
        // the default; there are several of them.
        conn.pragma_update(None, "cache_size", -65_536)
            .map_err(super::schema::db_err)?;
        // Checkpoints run after the replies (CHECKPOINT_EVERY), not inside
        // the commit that crosses SQLite's 1,000 pages.
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(super::schema::db_err)?;
        let next_seq = max_seq(&conn)? + 1;
        head.store(next_seq - 1, Ordering::SeqCst);
        Ok(Writer {
            conn,
            next_seq,
            head,
            publish,
            cache,
            disk,
            checkpointed: Instant::now(),
        })
    }

    /// Runs until every sender is gone: the store is dropped.
    pub(super) fn run(mut self, mut rx: mpsc::Receiver<Job>) {
        self.warm();
        while let Some(first) = rx.blocking_recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            self.run_batch(batch);
        }
    }

    fn run_batch(&mut self, batch: Vec<Job>) {
        if let Some(damage) = self.disk.damaged() {
            return fail_all(batch, &StoreError::Unavailable(damage.to_owned()));
        }
        let start_seq = self.next_seq;
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            let err = db_err(e);
            self.disk.record(Some(&err));
            return fail_all(batch, &err);
        }
        let mut replies = Vec::with_capacity(batch.len());
        let mut answers = Vec::new();
        let mut probes = Vec::new();
        let mut published = Vec::new();
        let mut written = Vec::new();
        // The first refusal by the disk, which every caller then hears.
        let mut refused: Option<StoreError> = None;
        // Set when SQLite gave up the whole transaction (it may on a full
        // disk): nothing more may run, or it would commit on its own.
        let mut lost: Option<StoreError> = None;
        for job in batch {
            if let Some(err) = &lost {
                match job {
                    Job::Commit(_, reply) => replies.push((reply, Err(again(err)))),
                    Job::Probe(reply) => probes.push((reply, Err(again(err)))),
                    // Run in a transaction of its own that is rolled back
                    // below, so it is answered with the disk's reason; if
                    // even that cannot begin, dropped unrun (its caller
                    // hears the store closed, never a false success).
                    Job::Exec(f) => {
                        if !self.conn.is_autocommit() || self.conn.execute_batch("BEGIN IMMEDIATE").is_ok() {
                            answers.push(f(&self.conn));
                        }
                    }
                }
                continue;
            }
            let failure = match job {
                Job::Commit(commit, reply) => {
                    let outcome = self.apply_one(&commit, &mut published);
                    match &outcome {
                        Ok(Committed::Applied(_)) => {
                            written.extend(commit.changes.iter().map(|c| c.item.clone()));
                        }
                        Ok(Committed::Recurred { item, .. }) => written.push((**item).clone()),
                        Ok(Committed::Rebased { items, .. }) => written.extend(items.iter().cloned()),
                        _ => {}
                    }
                    let failure = outcome.as_ref().err().map(again);
                    replies.push((reply, outcome));
                    failure
                }
                Job::Probe(reply) => {
                    let outcome = super::health::probe(&self.conn);
                    let failure = outcome.as_ref().err().map(again);
                    probes.push((reply, outcome));
                    failure
                }
                Job::Exec(f) => {
                    answers.push(f(&self.conn));
                    None
                }
            };
            if let Some(e @ StoreError::Unavailable(_)) = &failure
                && refused.is_none()
            {
                refused = Some(again(e));
            }
            if self.conn.is_autocommit() {
                lost = Some(
                    failure.unwrap_or_else(|| StoreError::Database("the transaction was rolled back".into())),
                );
            }
        }
        let committed = match lost {
            Some(err) => Err(err),
            None => self.conn.execute_batch("COMMIT").map_err(db_err),
        };
        if let Err(err) = committed {
            // Nothing of the batch is on disk: every caller hears so, with
            // the disk's own reason when a job met it first.
            if !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            self.next_seq = start_seq;
            let err = refused.unwrap_or(err);
            self.disk.record(Some(&err));
            for (reply, _) in replies {
                let _ = reply.send(Err(again(&err)));
            }
            for (reply, _) in probes {
                let _ = reply.send(Err(again(&err)));
            }
            for answer in answers {
                answer(Some(&err));
            }
            return;
        }
        self.disk.record(refused.as_ref());
        for (reply, outcome) in probes {
            let _ = reply.send(outcome);
        }
        // Answered only now: a caller must never see its write before it is
        // durable and visible to readers.
        for answer in answers {
            answer(None);
        }
        // Only committed state goes in the cache, and only from here: a
        // reader can never put back an older copy.
        self.cache.store(written);
        self.head.store(self.next_seq - 1, Ordering::SeqCst);
        // Published before the replies: a client that saw its 2xx never
        // finds its own event missing from a stream it opens afterwards.
        for p in published {
            let _ = self.publish.send(p);
        }
        for (reply, outcome) in replies {
            let _ = reply.send(outcome);
        }
        if self.checkpointed.elapsed() >= CHECKPOINT_EVERY {
            self.checkpoint();
        }
    }

    /// Fills the item cache with the open items, here on the writer's
    /// thread before its first commit so no copy in it can be older than
    /// the database: the SLA ticker's first passes and the first actions
    /// then read nothing from disk (a thousand clocks due at once would
    /// otherwise decode a thousand items). Runs after the store is opened,
    /// so start-up does not wait for it; commits queue behind it.
    fn warm(&self) {
        match super::read::open_items(&self.conn, super::CACHE_ITEMS) {
            Ok(items) => self.cache.store(items),
            // Only slower: the cache fills from commits as before.
            Err(e) => tracing::warn!(error = %e, "item cache not warmed"),
        }
    }

    /// Copies what no reader still needs from the log into the database
    /// file (`PASSIVE`: it never waits for a reader). A failure leaves the
    /// log longer; the next commit reports the disk's state.
    fn checkpoint(&mut self) {
        self.checkpointed = Instant::now();
        if let Err(e) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        {
            tracing::debug!(error = %e, "checkpoint deferred");
        }
    }

    /// One commit inside the batch, under a savepoint so a refused commit
    /// leaves the others intact.
    fn apply_one(&mut self, commit: &Commit, published: &mut Vec<Arc<Published>>) -> Result<Committed> {
        let seq_before = self.next_seq;
        let mark = published.len();
        self.conn.execute_batch("SAVEPOINT one").map_err(db_err)?;
        let outcome = self.try_apply(commit, published);
        let keep = matches!(
            outcome,
            Ok(Committed::Applied(_) | Committed::Recurred { .. } | Committed::Rebased { .. })
        );
        if !keep {
            self.next_seq = seq_before;
            published.truncate(mark);
        }
        // SQLite may have rolled the whole transaction back (a full disk):
        // then there is no savepoint left, and the commit's own error is
        // the one to report, not "no such savepoint".
        if self.conn.is_autocommit() {
            return outcome.and(Err(StoreError::Database(
                "the transaction was rolled back".into(),
            )));
        }
        let undo = if keep {
            "RELEASE one"
        } else {
            "ROLLBACK TO one; RELEASE one"
        };
        let undone = self.conn.execute_batch(undo).map_err(db_err);
        match (outcome, undone) {
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e),
            (ok, Ok(())) => ok,
        }
    }

    fn try_apply(&mut self, commit: &Commit, published: &mut Vec<Arc<Published>>) -> Result<Committed> {
        if let Some(idem) = &commit.idempotency
            && let Some(seen) =
                find_idempotent(&self.conn, &idem.key.operator, &idem.key.key, &idem.request_hash)?
        {
            return Ok(seen);
        }
        let Some(foreign) = &commit.foreign else {
            return self.apply_unforeign(commit, published);
        };
        let creates = commit.changes.first().is_some_and(|c| c.expected_version == 0);
        if creates
            && !foreign.take_over
            && let Some(item_id) = super::ingest::known(&self.conn, &foreign.source, &foreign.foreign_id)?
        {
            return Ok(Committed::Known { item_id });
        }
        let outcome = self.apply_unforeign(commit, published)?;
        let primary = match &outcome {
            Committed::Applied(_) => commit.changes.first().map(|c| &c.item.id),
            Committed::Rebased { items, .. } => items.first().map(|i| &i.id),
            Committed::Recurred { item, .. } => Some(&item.id),
            _ => None,
        };
        if let Some(id) = primary {
            super::ingest::record(&self.conn, foreign, id)?;
        }
        Ok(outcome)
    }

    fn apply_unforeign(&mut self, commit: &Commit, published: &mut Vec<Arc<Published>>) -> Result<Committed> {
        if let Some(open) = self.open_twin(commit)? {
            return self.apply_recur(commit, open, published);
        }
        let (seq, mark) = (self.next_seq, published.len());
        let outcome = self.apply_changes(&commit.changes, commit.idempotency.as_ref(), published)?;
        let rebuilt = match (&outcome, &commit.rebase) {
            (Committed::Conflict { item_id, .. }, Some(rebase)) if *item_id == rebase.item => {
                super::read::item(&self.conn, item_id)?.and_then(|now| (rebase.build)(now))
            }
            _ => None,
        };
        let Some(changes) = rebuilt else {
            return Ok(outcome);
        };
        // The first try's writes (changes before the one that conflicted)
        // are taken back; `apply_one`'s savepoint is still open.
        self.conn.execute_batch("ROLLBACK TO one").map_err(db_err)?;
        self.next_seq = seq;
        published.truncate(mark);
        Ok(
            match self.apply_changes(&changes, commit.idempotency.as_ref(), published)? {
                Committed::Applied(events) => Committed::Rebased {
                    items: changes.into_iter().map(|c| c.item).collect(),
                    events,
                },
                other => other,
            },
        )
    }

    /// The open alert a new alert of `commit` would duplicate, read inside
    /// the transaction, so commits earlier in this batch count too.
    fn open_twin(&self, commit: &Commit) -> Result<Option<Item>> {
        let (Some(_), Some(first)) = (&commit.recur, commit.changes.first()) else {
            return Ok(None);
        };
        match (&first.item.fingerprint, first.expected_version) {
            (Some(fp), 0) => super::read::open_alert(&self.conn, fp),
            _ => Ok(None),
        }
    }

    /// Counts one more firing of `open` instead of creating a twin of it;
    /// the first answer recorded is this one, a 200.
    fn apply_recur(
        &mut self,
        commit: &Commit,
        open: Item,
        published: &mut Vec<Arc<Published>>,
    ) -> Result<Committed> {
        let Some(recur) = &commit.recur else {
            return Ok(Committed::Applied(Vec::new()));
        };
        let change = (recur.0)(open);
        let item = Box::new(change.item.clone());
        let idem = commit
            .idempotency
            .clone()
            .map(|i| IdemRecord { status: 200, ..i });
        match self.apply_changes(std::slice::from_ref(&change), idem.as_ref(), published)? {
            Committed::Applied(events) => Ok(Committed::Recurred { item, events }),
            other => Ok(other),
        }
    }

    fn apply_changes(
        &mut self,
        changes: &[Change],
        idem: Option<&IdemRecord>,
        published: &mut Vec<Arc<Published>>,
    ) -> Result<Committed> {
        let first_seq = self.next_seq;
        let mut events = Vec::new();
        for change in changes {
            let current = current_version(&self.conn, &change.item)?;
            if current != change.expected_version {
                return Ok(Committed::Conflict {
                    item_id: change.item.id.clone(),
                    current_version: current,
                });
            }
            if let Some(open) = open_elsewhere(&self.conn, &change.item)? {
                return Ok(Committed::FingerprintOpen {
                    item_id: change.item.id.clone(),
                    open,
                });
            }
            let redacts = super::retention::redacts(&change.events);
            if redacts {
                super::retention::secure_delete(&self.conn, true)?;
            }
            let departments = change.item.departments_ever();
            for new in &change.events {
                let event = new.clone().with_seq(self.next_seq);
                self.next_seq += 1;
                let p = insert_event(&self.conn, &event)?.with_departments(departments.clone());
                published.push(Arc::new(p));
                events.push(event);
            }
            // A due pass writes a thousand clock marks: their items' indexed
            // columns, caller index and facts row (status, callers) cannot
            // have changed, so only the version and the body are rewritten.
            if change.expected_version > 0 && change.events.iter().all(|e| e.body.marks_clock_only()) {
                update_marked(&self.conn, &change.item)?;
            } else {
                upsert_item(&self.conn, &change.item)?;
                // A claim moves neither status nor callers: the caller
                // index and the facts row stay as they are.
                if !change.keeps_status_and_callers() {
                    super::callers::index_item(&self.conn, &change.item)?;
                    super::history::record(&self.conn, &change.item)?;
                }
            }

            if redacts {
                super::retention::scrub(&self.conn, &change.item)?;
                super::retention::secure_delete(&self.conn, false)?;
            }
        }
        if let (Some(idem), Some(primary)) = (idem, changes.first()) {
            record_idempotency(&self.conn, idem, &primary.item, first_seq, self.next_seq - 1)?;
        }
        Ok(Committed::Applied(events))
    }
}

/// Another open alert with `item`'s fingerprint, when `item` is an open
/// alert with one: at most one may be open per fingerprint (a unique index
/// holds the same line where the database allows it).
fn open_elsewhere(conn: &Connection, item: &Item) -> Result<Option<ItemId>> {
    let Some(fp) = item.fingerprint.as_deref() else {
        return Ok(None);
    };
    if item.kind != Kind::Alert || !item.status.is_open() {
        return Ok(None);
    }
    let other: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM items WHERE is_open = 1 AND fingerprint = ?1 AND kind = 'alert' AND id <> ?2 LIMIT 1",
        )
        .map_err(db_err)?
        .query_row([fp, item.id.as_str()], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    other
        .map(|id| ItemId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("item id {id:?}"))))
        .transpose()
}

fn fail_all(batch: Vec<Job>, err: &StoreError) {
    for job in batch {
        match job {
            Job::Commit(_, reply) => {
                let _ = reply.send(Err(again(err)));
            }
            Job::Probe(reply) => {
                let _ = reply.send(Err(again(err)));
            }
            Job::Exec(_) => {}
        }
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn now_text() -> String {
    OffsetDateTime::now_utc().format(&Rfc3339).unwrap_or_default()
}

fn current_version(conn: &Connection, item: &Item) -> Result<u64> {
    let v: Option<i64> = conn
        .prepare_cached("SELECT version FROM items WHERE id = ?1")
        .map_err(db_err)?
        .query_row([item.id.as_str()], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    Ok(v.unwrap_or(0).max(0) as u64)
}

fn insert_event(conn: &Connection, event: &Event) -> Result<Published> {
    let json = encode(event)?;
    let at = event
        .at
        .format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let event_type = event.body.type_name();
    conn.prepare_cached(
        "INSERT INTO events (seq, item_id, version, type, actor, at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .map_err(db_err)?
    .execute(params![
        to_i64(event.seq),
        event.item_id.as_str(),
        to_i64(event.version),
        event_type,
        event.actor,
        at,
        json
    ])
    .map_err(db_err)?;
    Ok(Published::new(event.seq, event_type.to_owned(), json))
}

fn upsert_item(conn: &Connection, item: &Item) -> Result<()> {
    let updated = item
        .updated_at
        .format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO items (id, kind, number, status, is_open, version, district, department, fingerprint, updated_at, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, is_open = excluded.is_open, \
         version = excluded.version, district = excluded.district, department = excluded.department, \
         fingerprint = excluded.fingerprint, updated_at = excluded.updated_at, body = excluded.body",
    )
    .map_err(db_err)?
    .execute(params![
        item.id.as_str(),
        item.kind.as_str(),
        to_i64(item.id.number()),
        item.status.as_str(),
        item.status.is_open(),
        to_i64(item.version),
        item.place.district,
        item.department,
        item.fingerprint,
        updated,
        encode(item)?
    ])
    .map_err(db_err)?;
    Ok(())
}

/// [`upsert_item`] for an existing item whose events only marked a clock:
/// no indexed column is touched, so no index is rewritten.
fn update_marked(conn: &Connection, item: &Item) -> Result<()> {
    let updated = item
        .updated_at
        .format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached("UPDATE items SET version = ?2, updated_at = ?3, body = ?4 WHERE id = ?1")
        .map_err(db_err)?
        .execute(params![
            item.id.as_str(),
            to_i64(item.version),
            updated,
            encode(item)?
        ])
        .map_err(db_err)?;
    Ok(())
}

fn record_idempotency(
    conn: &Connection,
    idem: &IdemRecord,
    item: &Item,
    first: u64,
    last: u64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO idempotency (operator, key, request_hash, status, item, first_seq, last_seq, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .map_err(db_err)?
    .execute(params![
        idem.key.operator,
        idem.key.key,
        idem.request_hash,
        idem.status,
        encode(item)?,
        to_i64(first),
        to_i64(last),
        now_text()
    ])
    .map_err(db_err)?;
    Ok(())
}

/// The first answer under `(operator, key)`, or that the key was used for
/// something else.
pub(super) fn find_idempotent(
    conn: &Connection,
    operator: &str,
    key: &str,
    hash: &str,
) -> Result<Option<Committed>> {
    let row: Option<(String, u16, String, i64, i64)> = conn
        .prepare_cached(
            "SELECT request_hash, status, item, first_seq, last_seq FROM idempotency WHERE operator = ?1 AND key = ?2",
        )
        .map_err(db_err)?
        .query_row([operator, key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()
        .map_err(db_err)?;
    let Some((stored_hash, status, item, first, last)) = row else {
        return Ok(None);
    };
    if stored_hash != hash {
        return Ok(Some(Committed::KeyReused));
    }
    let item: Item = serde_json::from_str(&item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let events = events_between(conn, first.max(0) as u64, last.max(0) as u64)?;
    Ok(Some(Committed::Replay(Box::new(StoredReply {
        status,
        item,
        events,
    }))))
}
