//! A batch's commits decided in memory, under the `log_head` lock: the
//! versions (and open fingerprints) of every item the batch touches and
//! which of its idempotency keys are taken are read in the round trip that
//! takes the lock; each commit is then checked against what the log holds
//! plus what the commits before it in the batch wrote, and its rows wait
//! in [`Rows`] to be written with one statement per table at the end.
//!
//! A commit the memory cannot decide takes the full path
//! ([`super::apply::apply`]), one commit at a time against the database:
//! a foreign document, an alert's recurrence, a retried key, a conflict
//! with a rebase, a redaction, an alert becoming open under a fingerprint.
//! The rows waiting are written first, so it sees everything before it.

use super::super::{Commit, Committed, Result};
use super::apply::{Batch, apply};
use super::publish::{CHANNEL, Settled};
use super::read::rows;
use super::rows::Rows;
use super::schema::{encode, pg_err, to_i64, to_u64};
use crate::model::{Change, EventBody, Item, Kind};
use crate::store::Published;
use deadpool_postgres::GenericClient;
use futures::future::BoxFuture;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub(super) const HEAD: &str = "SELECT seq FROM log_head WHERE id = 1 FOR UPDATE";
const VERSIONS: &str = "SELECT id, version, CASE WHEN is_open AND kind = 'alert' THEN fingerprint END \
     FROM items WHERE id = ANY($1)";
pub(super) const PROBE: &str =
    "INSERT INTO probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at";
const HEAD_MOVED: &str = "UPDATE log_head SET seq = $1 WHERE id = 1";
const NOTIFY: &str = "SELECT pg_notify($1, $2)";
const KEYS: &str = "SELECT operator, key FROM idempotency \
     WHERE (operator, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))";

/// What the log (with the batch's writes so far) holds of one item.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Known {
    version: u64,
    /// The fingerprint, while the item is an open alert with one.
    open_fingerprint: Option<String>,
}

impl Known {
    pub(super) fn new(version: u64, open_fingerprint: Option<String>) -> Self {
        Known {
            version,
            open_fingerprint,
        }
    }

    pub(super) fn of(item: &Item) -> Self {
        Known {
            version: item.version,
            open_fingerprint: open_fingerprint(item),
        }
    }
}

fn open_fingerprint(item: &Item) -> Option<String> {
    (item.kind == Kind::Alert && item.status.is_open())
        .then(|| item.fingerprint.clone())
        .flatten()
}

pub(super) struct Plan {
    pub(super) head: u64,
    pub(super) batch: Batch,
    /// Items by id; an id missing is read before it is decided on.
    known: HashMap<String, Known>,
    /// Idempotency keys the log holds or the batch recorded.
    keys: HashSet<(String, String)>,
    rows: Rows,
    settled: Settled,
}

impl Plan {
    /// Takes the `log_head` lock and reads what the batch's decisions
    /// need, in one round trip.
    pub(super) async fn start<C: GenericClient>(tx: &C, commits: &[Commit]) -> Result<Self> {
        let ids = ids(commits);
        let (operators, keys): (Vec<&str>, Vec<&str>) = commits
            .iter()
            .filter_map(|c| c.idempotency.as_ref())
            .map(|i| (i.key.operator.as_str(), i.key.key.as_str()))
            .unzip();
        // Prepared first (once per connection), so the three are sent in
        // the order they are polled: PostgreSQL runs them in that order,
        // and the reads start after the lock is granted, when the batch
        // before ours (on any replica) has committed and is visible.
        let head = tx.prepare_cached(HEAD).await.map_err(pg_err)?;
        let versions = tx.prepare_cached(VERSIONS).await.map_err(pg_err)?;
        let taken = tx.prepare_cached(KEYS).await.map_err(pg_err)?;
        // The transaction opens in the same round trip.
        let ((), head, versions, taken) = futures::future::try_join4(
            tx.batch_execute("BEGIN"),
            tx.query_one(&head, &[]),
            tx.query(&versions, &[&ids]),
            tx.query(&taken, &[&operators, &keys]),
        )
        .await
        .map_err(pg_err)?;
        let head = to_u64(head.get(0));
        let mut plan = Plan {
            head,
            batch: Batch::new(head + 1),
            known: HashMap::new(),
            keys: taken
                .iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1)))
                .collect(),
            rows: Rows::default(),
            settled: Settled::default(),
        };
        plan.learn(&versions);
        Ok(plan)
    }

    /// A plan for a batch decided before the lock ([`super::blind`]): the
    /// items as `known` says, the events numbered by their place in the
    /// batch from 1, to be added to the head.
    pub(super) fn before_lock(known: HashMap<String, Known>) -> Self {
        Plan {
            head: 0,
            batch: Batch::new(1),
            known,
            keys: HashSet::new(),
            rows: Rows::after_head(),
            settled: Settled::default(),
        }
    }

    /// Decides `commit` in memory, or `None` when only the database can.
    pub(super) fn decide_in_memory(&mut self, commit: &Commit) -> Option<Result<Committed>> {
        if self.full_path(commit) {
            return None;
        }
        self.decide(commit).transpose()
    }

    /// The events numbered so far, to publish.
    pub(super) fn published(&self) -> &[Arc<Published>] {
        &self.batch.published
    }

    /// The rows to write, the events numbered, and what the item copies
    /// become.
    pub(super) fn into_parts(self) -> (Rows, Batch, Settled) {
        (self.rows, self.batch, self.settled)
    }

    fn learn(&mut self, found: &[tokio_postgres::Row]) {
        for r in found {
            let known = Known {
                version: to_u64(r.get(1)),
                open_fingerprint: r.get(2),
            };
            self.known.insert(r.get(0), known);
        }
    }

    /// Decides `rest[0]`, in memory when it can; `rest` is the batch from
    /// this commit on (their items are read together when needed).
    pub(super) async fn commit<C: GenericClient>(&mut self, tx: &C, rest: &[Commit]) -> Result<Committed> {
        let Some(commit) = rest.first() else {
            return Ok(Committed::Applied(Vec::new()));
        };
        if !self.full_path(commit) {
            let missing: Vec<&str> = commit
                .changes
                .iter()
                .map(|c| c.item.id.as_str())
                .filter(|id| !self.known.contains_key(*id))
                .collect();
            if !missing.is_empty() {
                self.read_items(tx, rest).await?;
            }
            if let Some(outcome) = self.decide(commit)? {
                return Ok(outcome);
            }
        }
        // The database decides: it must hold what the batch wrote so far,
        // and whatever the full path writes is not known here.
        std::mem::take(&mut self.rows)
            .flush(tx, Vec::new(), Vec::new(), false)
            .await?;
        self.known.clear();
        let outcome = apply(tx, commit, &mut self.batch).await?;
        let unknown = commit.changes.iter().map(|c| c.item.id.clone());
        self.settled.unknown.extend(unknown);
        self.settled
            .unknown
            .extend(commit.rebase.as_ref().map(|r| r.item.clone()));
        if let (Some(idem), Committed::Applied(_)) = (&commit.idempotency, &outcome) {
            self.keys
                .insert((idem.key.operator.clone(), idem.key.key.clone()));
        }
        Ok(outcome)
    }

    /// Items of `rest` not known yet, as the log holds them: none of them
    /// has a write waiting (a write makes its item known).
    async fn read_items<C: GenericClient>(&mut self, tx: &C, rest: &[Commit]) -> Result<()> {
        let ids: Vec<&str> = ids(rest)
            .into_iter()
            .filter(|id| !self.known.contains_key(*id))
            .collect();
        let found = rows(tx, VERSIONS, &[&ids]).await?;
        self.learn(&found);
        Ok(())
    }

    /// Whether only the database can decide `commit`, whatever the items.
    fn full_path(&self, commit: &Commit) -> bool {
        commit.foreign.is_some()
            || commit.recur.is_some()
            || commit
                .idempotency
                .as_ref()
                .is_some_and(|i| self.keys.contains(&(i.key.operator.clone(), i.key.key.clone())))
            || commit.changes.iter().any(|c| {
                c.events
                    .iter()
                    .any(|e| matches!(e.body, EventBody::Redacted { .. }))
            })
    }

    /// The outcome decided on the known items, or `None` when the full
    /// path must decide.
    fn decide(&mut self, commit: &Commit) -> Result<Option<Committed>> {
        let mut now = Vec::with_capacity(commit.changes.len());
        for change in &commit.changes {
            let id = change.item.id.as_str();
            let known = self.known.get(id).cloned().unwrap_or(Known {
                version: 0,
                open_fingerprint: None,
            });
            if known.version != change.expected_version {
                if commit.rebase.is_some() {
                    return Ok(None);
                }
                return Ok(Some(Committed::Conflict {
                    item_id: change.item.id.clone(),
                    current_version: known.version,
                }));
            }
            // An alert open under a fingerprint that it did not hold open
            // already: only the database knows whether another holds it.
            let after = Known::of(&change.item);
            if after.open_fingerprint.is_some() && after.open_fingerprint != known.open_fingerprint {
                return Ok(None);
            }
            now.push(after);
        }
        let events = self.write(commit)?;
        for (change, after) in commit.changes.iter().zip(now) {
            self.known.insert(change.item.id.as_str().to_owned(), after);
            self.settled.wrote.push(change.item.clone());
        }
        Ok(Some(Committed::Applied(events)))
    }

    /// Numbers the commit's events and queues its rows.
    fn write(&mut self, commit: &Commit) -> Result<Vec<crate::model::Event>> {
        let first_seq = self.batch.next_seq;
        let mut events = Vec::new();
        for change in &commit.changes {
            let departments = change.item.departments_ever();
            let departments_json = encode(&departments)?;
            for new in &change.events {
                let event = new.clone().with_seq(self.batch.next_seq);
                self.batch.next_seq += 1;
                let json = encode(&event)?;
                let p = Published::new(event.seq, event.body.type_name().to_owned(), json.clone());
                self.batch
                    .published
                    .push(Arc::new(p.with_departments(departments.clone())));
                self.rows.event(event.clone(), json, departments_json.clone());
                events.push(event);
            }
        }
        for change in &commit.changes {
            self.queue_item(change)?;
        }
        if let (Some(idem), Some(primary)) = (&commit.idempotency, commit.changes.first()) {
            self.rows
                .idempotency(idem, &primary.item, first_seq, self.batch.next_seq - 1)?;
            self.keys
                .insert((idem.key.operator.clone(), idem.key.key.clone()));
        }
        Ok(events)
    }

    fn queue_item(&mut self, change: &Change) -> Result<()> {
        self.rows.item(&change.item)?;
        if !change.keeps_status_and_callers() {
            self.rows.callers(&change.item);
            self.rows.facts(&change.item)?;
        }
        Ok(())
    }

    /// Writes what waits, the probe's row when asked, the new head and the
    /// notification, and commits, all pipelined: the lock is held for one
    /// round trip after the reads, not two. The events numbered, to
    /// publish.
    pub(super) async fn finish<C: GenericClient>(
        self,
        tx: &C,
        probe: bool,
    ) -> Result<(Vec<Arc<Published>>, Settled)> {
        let last = self.batch.next_seq - 1;
        // Prepared before anything is sent: every statement must go out
        // ahead of the COMMIT that follows them on the connection.
        let probe_row = match probe {
            true => Some(tx.prepare_cached(PROBE).await.map_err(pg_err)?),
            false => None,
        };
        let moved = match last > self.head {
            true => Some((
                tx.prepare_cached(HEAD_MOVED).await.map_err(pg_err)?,
                tx.prepare_cached(NOTIFY).await.map_err(pg_err)?,
            )),
            false => None,
        };
        let at = crate::model::rfc3339(time::OffsetDateTime::now_utc());
        let (head, seen) = (to_i64(last), last.to_string());
        let mut also: Vec<BoxFuture<'_, Result<u64>>> = Vec::new();
        if let Some(stmt) = &probe_row {
            also.push(Box::pin(async { tx.execute(stmt, &[&at]).await.map_err(pg_err) }));
        }
        if let Some((moved, notify)) = &moved {
            also.push(Box::pin(async {
                tx.execute(moved, &[&head]).await.map_err(pg_err)
            }));
            // Delivered at commit, to every replica's follower.
            also.push(Box::pin(async {
                tx.execute(notify, &[&CHANNEL, &seen]).await.map_err(pg_err)
            }));
        }
        self.rows.flush(tx, Vec::new(), also, true).await?;
        Ok((self.batch.published, self.settled))
    }
}

/// Every item id the commits change, once.
fn ids(commits: &[Commit]) -> Vec<&str> {
    let mut seen = HashSet::new();
    commits
        .iter()
        .flat_map(|c| c.changes.iter().map(|ch| ch.item.id.as_str()))
        .filter(|id| seen.insert(*id))
        .collect()
}
