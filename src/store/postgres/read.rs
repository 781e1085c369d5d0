//! Reads: each a statement (prepared once per connection) on any pooled
//! connection, or inside the writer's transaction.

use super::super::{OperatorRecord, Published, RawDocument, Result, SnapshotFilter, StoreError};
use super::schema::{decode, pg_err, to_i64, to_u64};
use crate::model::stats::Facts;
use crate::model::{Event, Item, ItemId, Kind, Operator, Status, Timestamp};
use deadpool_postgres::GenericClient;
use std::sync::Arc;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// Rows of `sql`, through the connection's statement cache.
pub(super) async fn rows<C: GenericClient>(c: &C, sql: &str, params: Params<'_>) -> Result<Vec<Row>> {
    let stmt = c.prepare_cached(sql).await.map_err(pg_err)?;
    c.query(&stmt, params).await.map_err(pg_err)
}

pub(super) async fn row<C: GenericClient>(c: &C, sql: &str, params: Params<'_>) -> Result<Option<Row>> {
    let stmt = c.prepare_cached(sql).await.map_err(pg_err)?;
    c.query_opt(&stmt, params).await.map_err(pg_err)
}

pub(super) async fn exec<C: GenericClient>(c: &C, sql: &str, params: Params<'_>) -> Result<u64> {
    let stmt = c.prepare_cached(sql).await.map_err(pg_err)?;
    c.execute(&stmt, params).await.map_err(pg_err)
}

fn bodies<T: serde::de::DeserializeOwned>(rows: &[Row]) -> Result<Vec<T>> {
    rows.iter().map(|r| decode(r.get::<_, &str>(0))).collect()
}

pub(super) async fn item<C: GenericClient>(c: &C, id: &ItemId) -> Result<Option<Item>> {
    row(c, "SELECT body FROM items WHERE id = $1", &[&id.as_str()])
        .await?
        .map(|r| decode(r.get::<_, &str>(0)))
        .transpose()
}

pub(super) async fn items<C: GenericClient>(c: &C, ids: &[ItemId]) -> Result<Vec<Item>> {
    let ids: Vec<&str> = ids.iter().map(ItemId::as_str).collect();
    bodies(&rows(c, "SELECT body FROM items WHERE id = ANY($1)", &[&ids]).await?)
}

pub(super) async fn history<C: GenericClient>(c: &C, id: &ItemId) -> Result<Vec<Event>> {
    bodies(
        &rows(
            c,
            "SELECT body FROM events WHERE item_id = $1 ORDER BY seq",
            &[&id.as_str()],
        )
        .await?,
    )
}

pub(super) async fn last_event<C: GenericClient>(c: &C, id: &ItemId) -> Result<Option<Event>> {
    row(
        c,
        "SELECT body FROM events WHERE item_id = $1 ORDER BY version DESC LIMIT 1",
        &[&id.as_str()],
    )
    .await?
    .map(|r| decode(r.get::<_, &str>(0)))
    .transpose()
}

pub(super) async fn events_between<C: GenericClient>(c: &C, first: u64, last: u64) -> Result<Vec<Event>> {
    bodies(
        &rows(
            c,
            "SELECT body FROM events WHERE seq BETWEEN $1 AND $2 ORDER BY seq",
            &[&to_i64(first), &to_i64(last)],
        )
        .await?,
    )
}

/// Up to `limit` events after `since`, each with the departments its item
/// went to (as the item is now): what a department's stream may be sent.
pub(super) async fn events_after<C: GenericClient>(
    c: &C,
    since: u64,
    limit: usize,
) -> Result<Vec<Arc<Published>>> {
    let found = rows(
        c,
        "SELECT e.seq, e.type, e.body, i.department, \
         (i.body::json -> 'dispatched_to')::text, (i.body::json -> 'returned_by')::text \
         FROM events e LEFT JOIN items i ON i.id = e.item_id \
         WHERE e.seq > $1 ORDER BY e.seq LIMIT $2",
        &[&to_i64(since), &to_i64(limit as u64)],
    )
    .await?;
    found
        .iter()
        .map(|r| {
            let published = Published::new(to_u64(r.get(0)), r.get(1), r.get(2));
            let mut departments: Vec<String> = r.get::<_, Option<String>>(3).into_iter().collect();
            for list in [r.get::<_, Option<&str>>(4), r.get::<_, Option<&str>>(5)]
                .into_iter()
                .flatten()
            {
                for d in decode::<Option<Vec<String>>>(list)?.unwrap_or_default() {
                    if !departments.contains(&d) {
                        departments.push(d);
                    }
                }
            }
            Ok(Arc::new(published.with_departments(departments)))
        })
        .collect()
}

/// Up to `limit` events after `since` as they were published live: each
/// with the departments it was written with, read from the log alone (no
/// item joined, no body parsed), which is what keeps publishing another
/// replica's commits cheap. A page holding an event written without them
/// (before the column, or copied by `migrate-store`) is read as
/// [`events_after`] reads it.
pub(super) async fn published_after<C: GenericClient>(
    c: &C,
    since: u64,
    limit: usize,
) -> Result<Vec<Arc<Published>>> {
    let found = rows(
        c,
        "SELECT seq, type, body, departments FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
        &[&to_i64(since), &to_i64(limit as u64)],
    )
    .await?;
    let mut page = Vec::with_capacity(found.len());
    for r in &found {
        let Some(departments) = r.get::<_, Option<&str>>(3) else {
            return events_after(c, since, limit).await;
        };
        let published = Published::new(to_u64(r.get(0)), r.get(1), r.get(2));
        page.push(Arc::new(published.with_departments(decode(departments)?)));
    }
    Ok(page)
}

/// The log's head as committed now.
pub(super) async fn log_head<C: GenericClient>(c: &C) -> Result<u64> {
    let r = row(c, "SELECT seq FROM log_head WHERE id = 1", &[])
        .await?
        .ok_or_else(|| StoreError::Corrupt("the log_head row is missing".into()))?;
    Ok(to_u64(r.get(0)))
}

/// The open items matching `filter` and the `seq` they are as of, read in
/// one snapshot.
pub(super) async fn snapshot(
    c: &mut deadpool_postgres::Object,
    filter: &SnapshotFilter,
) -> Result<(u64, Vec<Item>)> {
    let tx = c
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(pg_err)?;
    let seq = log_head(&tx).await?;
    let found = rows(
        &tx,
        "SELECT body FROM items WHERE is_open \
         AND ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2) \
         AND ($3::text IS NULL OR district = $3) ORDER BY kind, number",
        &[
            &filter.kind.map(Kind::as_str),
            &filter.status.map(Status::as_str),
            &filter.district,
        ],
    )
    .await?;
    let items = bodies(&found)?;
    tx.commit().await.map_err(pg_err)?;
    Ok((seq, items))
}

pub(super) async fn open_alert<C: GenericClient>(c: &C, fingerprint: &str) -> Result<Option<Item>> {
    row(
        c,
        "SELECT body FROM items WHERE is_open AND fingerprint = $1 AND kind = 'alert' \
         ORDER BY number DESC LIMIT 1",
        &[&fingerprint],
    )
    .await?
    .map(|r| decode(r.get::<_, &str>(0)))
    .transpose()
}

pub(super) async fn known<C: GenericClient>(c: &C, source: &str, foreign_id: &str) -> Result<Option<ItemId>> {
    let found = row(
        c,
        "SELECT item_id FROM foreign_ids WHERE source = $1 AND foreign_id = $2",
        &[&source, &foreign_id],
    )
    .await?;
    found
        .map(|r| {
            let id: &str = r.get(0);
            ItemId::parse(id).ok_or_else(|| StoreError::Corrupt(format!("item id {id:?}")))
        })
        .transpose()
}

pub(super) async fn raw<C: GenericClient>(c: &C, item: &ItemId) -> Result<Option<RawDocument>> {
    Ok(row(
        c,
        "SELECT received_at, source, content_type, body FROM raw_documents \
         WHERE item_id = $1 ORDER BY id DESC LIMIT 1",
        &[&item.as_str()],
    )
    .await?
    .map(|r| RawDocument {
        received_at: r.get(0),
        source: r.get(1),
        content_type: r.get(2),
        body: r.get(3),
    }))
}

pub(super) fn operator_row(r: &Row) -> Result<Operator> {
    let role: &str = r.get(2);
    Ok(Operator {
        login: r.get(0),
        name: r.get(1),
        role: role.parse().map_err(StoreError::Corrupt)?,
        department: r.get(3),
    })
}

pub(super) async fn active_operator<C: GenericClient>(c: &C, login: &str) -> Result<Option<Operator>> {
    row(
        c,
        "SELECT login, name, role, department FROM operators WHERE login = $1 AND revoked_at IS NULL",
        &[&login],
    )
    .await?
    .map(|r| operator_row(&r))
    .transpose()
}

pub(super) async fn operators<C: GenericClient>(c: &C) -> Result<Vec<OperatorRecord>> {
    let found = rows(
        c,
        "SELECT login, name, role, department, created_at, revoked_at IS NOT NULL, expires_at, last_used_at \
         FROM operators ORDER BY login",
        &[],
    )
    .await?;
    found
        .iter()
        .map(|r| {
            Ok(OperatorRecord {
                operator: operator_row(r)?,
                created_at: r.get(4),
                revoked: r.get(5),
                expires_at: r.get(6),
                last_used_at: r.get(7),
            })
        })
        .collect()
}

pub(super) async fn open_load<C: GenericClient>(c: &C) -> Result<Vec<(String, u64)>> {
    let found = rows(
        c,
        "SELECT department, COUNT(*) FROM items WHERE is_open AND department IS NOT NULL GROUP BY department",
        &[],
    )
    .await?;
    Ok(found.iter().map(|r| (r.get(0), to_u64(r.get(1)))).collect())
}

pub(super) async fn counts<C: GenericClient>(c: &C) -> Result<Vec<(Kind, Status, u64)>> {
    let found = rows(
        c,
        "SELECT kind, status, COUNT(*) FROM item_facts GROUP BY kind, status",
        &[],
    )
    .await?;
    found
        .iter()
        .map(|r| Ok((word(r.get(0))?, word(r.get(1))?, to_u64(r.get(2)))))
        .collect()
}

fn word<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| StoreError::Corrupt(format!("{text:?}: {e}")))
}

/// The facts of items no longer open that were reported in `[from, to)`.
pub(super) async fn closed_facts<C: GenericClient>(
    c: &C,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<Facts>> {
    let first = from.unix_timestamp();
    let last = to.unix_timestamp().saturating_add(1);
    let found = rows(
        c,
        "SELECT facts FROM item_facts WHERE NOT is_open AND created_at >= $1 AND created_at < $2",
        &[&first, &last],
    )
    .await?;
    let facts: Vec<Facts> = bodies(&found)?;
    Ok(facts
        .into_iter()
        .filter(|f| f.created_at >= from && f.created_at < to)
        .collect())
}

/// Items no longer open that were reported at or after `from`, newest first.
pub(super) async fn closed_since<C: GenericClient>(
    c: &C,
    from: Timestamp,
    limit: usize,
) -> Result<Vec<Item>> {
    let found = rows(
        c,
        "SELECT i.body FROM item_facts f JOIN items i ON i.id = f.item_id \
         WHERE NOT f.is_open AND f.created_at >= $1 ORDER BY f.created_at DESC LIMIT $2",
        &[&from.unix_timestamp(), &to_i64(limit as u64)],
    )
    .await?;
    let items: Vec<Item> = bodies(&found)?;
    Ok(items.into_iter().filter(|i| i.created_at >= from).collect())
}

/// The newest `limit` closed items as (id, text, category).
pub(super) async fn learning<C: GenericClient>(c: &C, limit: usize) -> Result<Vec<(String, String, String)>> {
    let found = rows(
        c,
        "SELECT i.id, i.body::json ->> 'description', i.body::json ->> 'title', i.body::json ->> 'category' \
         FROM item_facts f JOIN items i ON i.id = f.item_id \
         WHERE NOT f.is_open AND f.status = 'closed' ORDER BY f.closed_at DESC LIMIT $1",
        &[&to_i64(limit as u64)],
    )
    .await?;
    Ok(found
        .iter()
        .map(|r| {
            let description: Option<String> = r.get(1);
            let title: Option<String> = r.get(2);
            let text = description
                .filter(|d| !d.trim().is_empty())
                .or(title)
                .unwrap_or_default();
            (r.get(0), text, r.get::<_, Option<String>>(3).unwrap_or_default())
        })
        .collect())
}

/// Closed items, closed before `cutoff`, that still name a caller.
pub(super) async fn retention_due<C: GenericClient>(
    c: &C,
    cutoff: Timestamp,
    limit: usize,
) -> Result<Vec<Item>> {
    bodies(
        &rows(
            c,
            "SELECT i.body FROM item_facts f JOIN items i ON i.id = f.item_id \
             WHERE NOT f.is_open AND f.names_caller AND f.closed_at < $1 ORDER BY f.closed_at LIMIT $2",
            &[&cutoff.unix_timestamp(), &to_i64(limit as u64)],
        )
        .await?,
    )
}

/// The newest `limit` items with a caller of `phone`.
pub(super) async fn caller_items<C: GenericClient>(c: &C, phone: &str, limit: usize) -> Result<Vec<Item>> {
    bodies(
        &rows(
            c,
            "SELECT i.body FROM item_callers c JOIN items i ON i.id = c.item_id \
             WHERE c.phone = $1 ORDER BY c.created_at DESC LIMIT $2",
            &[&phone, &to_i64(limit as u64)],
        )
        .await?,
    )
}
