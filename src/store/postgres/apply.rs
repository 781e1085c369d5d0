//! One commit inside the writer's transaction: the same decisions as the
//! SQLite writer (a retried key, a known foreign document, an open twin
//! alert, a stale version, a second open alert under one fingerprint),
//! then the log, the projections and the indexes beside it.

use super::super::facts_row;
use super::super::{Commit, Committed, Foreign, IdemRecord, Published, Result, StoredReply};
use super::read::{events_between, exec, known, open_alert, row};
use super::schema::{decode, encode, to_i64, to_u64};
use crate::model::{Change, Event, Item, ItemId, Kind};
use deadpool_postgres::GenericClient;
use futures::future::{BoxFuture, try_join_all};
use std::sync::Arc;

/// What a batch has handed out so far.
pub(super) struct Batch {
    pub(super) next_seq: u64,
    pub(super) published: Vec<Arc<Published>>,
}

impl Batch {
    pub(super) fn new(next_seq: u64) -> Self {
        Batch {
            next_seq,
            published: Vec::new(),
        }
    }
}

pub(super) async fn apply<C: GenericClient>(tx: &C, commit: &Commit, batch: &mut Batch) -> Result<Committed> {
    if let Some(idem) = &commit.idempotency
        && let Some(seen) = find_idempotent(tx, &idem.key.operator, &idem.key.key, &idem.request_hash).await?
    {
        return Ok(seen);
    }
    let Some(foreign) = &commit.foreign else {
        return unforeign(tx, commit, batch).await;
    };
    let creates = commit.changes.first().is_some_and(|c| c.expected_version == 0);
    if creates
        && !foreign.take_over
        && let Some(item_id) = known(tx, &foreign.source, &foreign.foreign_id).await?
    {
        return Ok(Committed::Known { item_id });
    }
    let outcome = unforeign(tx, commit, batch).await?;
    let primary = match &outcome {
        Committed::Applied(_) => commit.changes.first().map(|c| &c.item.id),
        Committed::Rebased { items, .. } => items.first().map(|i| &i.id),
        Committed::Recurred { item, .. } => Some(&item.id),
        _ => None,
    };
    if let Some(id) = primary {
        record_foreign(tx, foreign, id).await?;
    }
    Ok(outcome)
}

async fn unforeign<C: GenericClient>(tx: &C, commit: &Commit, batch: &mut Batch) -> Result<Committed> {
    let twin = match (&commit.recur, commit.changes.first()) {
        (Some(_), Some(first)) if first.expected_version == 0 => match &first.item.fingerprint {
            Some(fp) => open_alert(tx, fp).await?,
            None => None,
        },
        _ => None,
    };
    let (Some(open), Some(recur)) = (twin, &commit.recur) else {
        let outcome = changes(tx, &commit.changes, commit.idempotency.as_ref(), batch).await?;
        return rebase(tx, commit, outcome, batch).await;
    };
    // One more firing of the open alert instead of a twin of it; the first
    // answer recorded is this one, a 200.
    let change = (recur.0)(open);
    let item = Box::new(change.item.clone());
    let idem = commit
        .idempotency
        .clone()
        .map(|i| IdemRecord { status: 200, ..i });
    match changes(tx, std::slice::from_ref(&change), idem.as_ref(), batch).await? {
        Committed::Applied(events) => Ok(Committed::Recurred { item, events }),
        other => Ok(other),
    }
}

/// The commit decided again on the item that moved on, when it says how
/// ([`crate::model::Rebase`]); the first try left nothing behind.
async fn rebase<C: GenericClient>(
    tx: &C,
    commit: &Commit,
    outcome: Committed,
    batch: &mut Batch,
) -> Result<Committed> {
    let rebuilt = match (&outcome, &commit.rebase) {
        (Committed::Conflict { item_id, .. }, Some(rebase)) if *item_id == rebase.item => {
            super::read::item(tx, item_id)
                .await?
                .and_then(|now| (rebase.build)(now))
        }
        _ => None,
    };
    let Some(rebuilt) = rebuilt else {
        return Ok(outcome);
    };
    Ok(
        match changes(tx, &rebuilt, commit.idempotency.as_ref(), batch).await? {
            Committed::Applied(events) => Committed::Rebased {
                items: rebuilt.into_iter().map(|c| c.item).collect(),
                events,
            },
            other => other,
        },
    )
}

/// The changes of one commit; several of them under a savepoint, so a
/// refusal of a later one takes back the earlier ones' writes.
async fn changes<C: GenericClient>(
    tx: &C,
    changes: &[Change],
    idem: Option<&IdemRecord>,
    batch: &mut Batch,
) -> Result<Committed> {
    if changes.len() <= 1 {
        return write(tx, changes, idem, batch).await;
    }
    let (seq, mark) = (batch.next_seq, batch.published.len());
    let sql = |s: &'static str| async move { tx.batch_execute(s).await.map_err(super::schema::pg_err) };
    sql("SAVEPOINT one").await?;
    let outcome = write(tx, changes, idem, batch).await?;
    if matches!(outcome, Committed::Applied(_)) {
        sql("RELEASE SAVEPOINT one").await?;
    } else {
        sql("ROLLBACK TO SAVEPOINT one").await?;
        batch.next_seq = seq;
        batch.published.truncate(mark);
    }
    Ok(outcome)
}

/// Checks every change, then writes them all pipelined on the
/// connection (one round trip for the lot, not one per statement).
async fn write<C: GenericClient>(
    c: &C,
    changes: &[Change],
    idem: Option<&IdemRecord>,
    batch: &mut Batch,
) -> Result<Committed> {
    let versions = try_join_all(changes.iter().map(|ch| current_version(c, &ch.item.id))).await?;
    for (change, current) in changes.iter().zip(versions) {
        if current != change.expected_version {
            return Ok(Committed::Conflict {
                item_id: change.item.id.clone(),
                current_version: current,
            });
        }
        if let Some(open) = open_elsewhere(c, &change.item).await? {
            return Ok(Committed::FingerprintOpen {
                item_id: change.item.id.clone(),
                open,
            });
        }
    }
    let first_seq = batch.next_seq;
    let mut events = Vec::new();
    let mut rows = Vec::new();
    for change in changes {
        let departments = change.item.departments_ever();
        let departments_json = encode(&departments)?;
        for new in &change.events {
            let event = new.clone().with_seq(batch.next_seq);
            batch.next_seq += 1;
            let json = encode(&event)?;
            let p = Published::new(event.seq, event.body.type_name().to_owned(), json.clone());
            batch
                .published
                .push(Arc::new(p.with_departments(departments.clone())));
            rows.push((event.clone(), json, departments_json.clone()));
            events.push(event);
        }
    }
    let mut writes: Vec<BoxFuture<'_, Result<()>>> = Vec::new();
    for (event, json, departments) in &rows {
        writes.push(Box::pin(insert_event(c, event, json, departments)));
    }
    for change in changes {
        writes.push(Box::pin(upsert_item(c, &change.item)));
        if !change.keeps_status_and_callers() {
            writes.push(Box::pin(index_callers(c, &change.item)));
            writes.push(Box::pin(record_facts(c, &change.item)));
        }
    }
    try_join_all(writes).await?;
    for change in changes {
        if change
            .events
            .iter()
            .any(|e| matches!(e.body, crate::model::EventBody::Redacted { .. }))
        {
            scrub(c, &change.item).await?;
        }
    }
    if let (Some(idem), Some(primary)) = (idem, changes.first()) {
        record_idempotency(c, idem, &primary.item, first_seq, batch.next_seq - 1).await?;
    }
    Ok(Committed::Applied(events))
}

async fn current_version<C: GenericClient>(c: &C, id: &ItemId) -> Result<u64> {
    Ok(row(c, "SELECT version FROM items WHERE id = $1", &[&id.as_str()])
        .await?
        .map_or(0, |r| to_u64(r.get(0))))
}

/// Another open alert with `item`'s fingerprint, when `item` is an open
/// alert with one.
async fn open_elsewhere<C: GenericClient>(c: &C, item: &Item) -> Result<Option<ItemId>> {
    let Some(fp) = item.fingerprint.as_deref() else {
        return Ok(None);
    };
    if item.kind != Kind::Alert || !item.status.is_open() {
        return Ok(None);
    }
    let found = row(
        c,
        "SELECT id FROM items WHERE is_open AND fingerprint = $1 AND kind = 'alert' AND id <> $2 LIMIT 1",
        &[&fp, &item.id.as_str()],
    )
    .await?;
    found
        .map(|r| {
            let id: &str = r.get(0);
            ItemId::parse(id).ok_or_else(|| super::super::StoreError::Corrupt(format!("item id {id:?}")))
        })
        .transpose()
}

async fn insert_event<C: GenericClient>(c: &C, event: &Event, json: &str, departments: &str) -> Result<()> {
    let event_type = event.body.type_name();
    exec(
        c,
        "INSERT INTO events (seq, item_id, version, type, actor, at, body, departments) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &to_i64(event.seq),
            &event.item_id.as_str(),
            &to_i64(event.version),
            &event_type,
            &event.actor,
            &crate::model::rfc3339(event.at),
            &json,
            &departments,
        ],
    )
    .await?;
    Ok(())
}

async fn upsert_item<C: GenericClient>(c: &C, item: &Item) -> Result<()> {
    exec(
        c,
        "INSERT INTO items (id, kind, number, status, is_open, version, district, department, fingerprint, updated_at, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, is_open = excluded.is_open, \
         version = excluded.version, district = excluded.district, department = excluded.department, \
         fingerprint = excluded.fingerprint, updated_at = excluded.updated_at, body = excluded.body",
        &[
            &item.id.as_str(),
            &item.kind.as_str(),
            &to_i64(item.id.number()),
            &item.status.as_str(),
            &item.status.is_open(),
            &to_i64(item.version),
            &item.place.district,
            &item.department,
            &item.fingerprint,
            &crate::model::rfc3339(item.updated_at),
            &encode(item)?,
        ],
    )
    .await?;
    Ok(())
}

/// Indexes `item` under each caller's phone; rows already there stay.
async fn index_callers<C: GenericClient>(c: &C, item: &Item) -> Result<()> {
    for (i, caller) in item.callers.iter().enumerate() {
        if let Some(phone) = &caller.phone {
            exec(
                c,
                "INSERT INTO item_callers (phone, item_id, created_at, reporter) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
                &[
                    phone,
                    &item.id.as_str(),
                    &item.created_at.unix_timestamp(),
                    &(i == 0),
                ],
            )
            .await?;
        }
    }
    Ok(())
}

/// The item's `item_facts` row: an open item's facts are not kept (`{}`),
/// as in SQLite (see `sqlite::history::record`).
async fn record_facts<C: GenericClient>(c: &C, item: &Item) -> Result<()> {
    let open = item.status.is_open();
    let facts = facts_row::facts(item)?;
    let names_caller = facts_row::names_caller(item);
    exec(
        c,
        "INSERT INTO item_facts (item_id, kind, status, is_open, created_at, closed_at, names_caller, facts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, is_open = excluded.is_open, \
         closed_at = excluded.closed_at, names_caller = excluded.names_caller, facts = excluded.facts \
         WHERE (item_facts.status, item_facts.is_open, item_facts.closed_at, item_facts.names_caller, item_facts.facts) \
         IS DISTINCT FROM (excluded.status, excluded.is_open, excluded.closed_at, excluded.names_caller, excluded.facts)",
        &[
            &item.id.as_str(),
            &item.kind.as_str(),
            &item.status.as_str(),
            &open,
            &item.created_at.unix_timestamp(),
            &item.closed_at.map(|t| t.unix_timestamp()),
            &names_caller,
            &facts,
        ],
    )
    .await?;
    Ok(())
}

/// Writes the callers out of the item's stored `created` and `absorbed`
/// events, and drops its phone index rows, raw documents and the
/// idempotency answers as old as its closing (they hold copies of items).
async fn scrub<C: GenericClient>(c: &C, item: &Item) -> Result<()> {
    let stored = super::read::rows(
        c,
        "SELECT seq, body FROM events WHERE item_id = $1 AND type IN ('created', 'absorbed')",
        &[&item.id.as_str()],
    )
    .await?;
    for r in stored {
        let mut event: Event = decode(r.get::<_, &str>(1))?;
        if event.forget_callers() {
            let seq: i64 = r.get(0);
            exec(
                c,
                "UPDATE events SET body = $2 WHERE seq = $1",
                &[&seq, &encode(&event)?],
            )
            .await?;
        }
    }
    let id = item.id.as_str();
    exec(c, "DELETE FROM item_callers WHERE item_id = $1", &[&id]).await?;
    exec(c, "DELETE FROM raw_documents WHERE item_id = $1", &[&id]).await?;
    if let Some(closed) = item.closed_at {
        exec(
            c,
            "DELETE FROM idempotency WHERE created_unix <= $1",
            &[&closed.unix_timestamp()],
        )
        .await?;
    }
    Ok(())
}

async fn record_foreign<C: GenericClient>(c: &C, foreign: &Foreign, item: &ItemId) -> Result<()> {
    exec(
        c,
        "INSERT INTO foreign_ids (source, foreign_id, item_id) VALUES ($1, $2, $3) \
         ON CONFLICT (source, foreign_id) DO UPDATE SET item_id = excluded.item_id",
        &[&foreign.source, &foreign.foreign_id, &item.as_str()],
    )
    .await?;
    if let Some(raw) = &foreign.raw {
        exec(
            c,
            "INSERT INTO raw_documents (item_id, received_at, source, content_type, body) VALUES ($1, $2, $3, $4, $5)",
            &[&item.as_str(), &raw.received_at, &foreign.source, &raw.content_type, &raw.body],
        )
        .await?;
    }
    Ok(())
}

async fn record_idempotency<C: GenericClient>(
    c: &C,
    idem: &IdemRecord,
    item: &Item,
    first: u64,
    last: u64,
) -> Result<()> {
    let now = time::OffsetDateTime::now_utc();
    exec(
        c,
        "INSERT INTO idempotency (operator, key, request_hash, status, item, first_seq, last_seq, created_at, created_unix) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &idem.key.operator,
            &idem.key.key,
            &idem.request_hash,
            &i32::from(idem.status),
            &encode(item)?,
            &to_i64(first),
            &to_i64(last),
            &crate::model::rfc3339(now),
            &now.unix_timestamp(),
        ],
    )
    .await?;
    Ok(())
}

/// The first answer under `(operator, key)`, or that the key was used for
/// something else.
pub(super) async fn find_idempotent<C: GenericClient>(
    c: &C,
    operator: &str,
    key: &str,
    hash: &str,
) -> Result<Option<Committed>> {
    let Some(r) = row(
        c,
        "SELECT request_hash, status, item, first_seq, last_seq FROM idempotency WHERE operator = $1 AND key = $2",
        &[&operator, &key],
    )
    .await?
    else {
        return Ok(None);
    };
    if r.get::<_, &str>(0) != hash {
        return Ok(Some(Committed::KeyReused));
    }
    let status = u16::try_from(r.get::<_, i32>(1)).unwrap_or(200);
    let item: Item = decode(r.get::<_, &str>(2))?;
    let events = events_between(c, to_u64(r.get(3)), to_u64(r.get(4))).await?;
    Ok(Some(Committed::Replay(Box::new(StoredReply {
        status,
        item,
        events,
    }))))
}
