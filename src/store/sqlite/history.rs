//! History in SQLite: one `item_facts` row per item, written beside the
//! `items` projection, so windows over years of closed items, retention
//! and the item counts never load the items themselves.

use super::super::{Result, StoreError};
use super::read::to_i64;
use super::schema::db_err;
use crate::model::stats::Facts;
use crate::model::{Item, Kind, Status, Timestamp};
use rusqlite::{Connection, params};

/// Items per transaction when facts are computed for items stored before
/// the table existed: a bounded transaction, and progress in the log.
const BACKFILL_BATCH: i64 = 5_000;

/// Writes (or rewrites) `item`'s row. An open item's facts are not kept
/// (`{}`): they are read only for closed items, the board derives an open
/// one's from the item itself, and an SLA pass rewriting a thousand open
/// clocks would otherwise encode and store a thousand rows nobody reads. A
/// row whose columns would not change is left alone, its indexes too.
pub(super) fn record(conn: &Connection, item: &Item) -> Result<()> {
    let open = item.status.is_open();
    let facts = super::super::facts_row::facts(item)?;
    conn.prepare_cached(
        "INSERT INTO item_facts (item_id, kind, status, is_open, created_at, closed_at, names_caller, facts) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, is_open = excluded.is_open, \
         closed_at = excluded.closed_at, names_caller = excluded.names_caller, facts = excluded.facts \
         WHERE status IS NOT excluded.status OR is_open IS NOT excluded.is_open \
         OR closed_at IS NOT excluded.closed_at OR names_caller IS NOT excluded.names_caller \
         OR facts IS NOT excluded.facts",
    )
    .map_err(db_err)?
    .execute(params![
        item.id.as_str(),
        item.kind.as_str(),
        item.status.as_str(),
        open,
        item.created_at.unix_timestamp(),
        item.closed_at.map(Timestamp::unix_timestamp),
        super::super::facts_row::names_caller(item),
        facts
    ])
    .map_err(db_err)?;
    Ok(())
}

/// Whether retention still has a caller's name or number to remove.
/// Computes the rows of items stored before `item_facts` existed, in
/// batches of [`BACKFILL_BATCH`]; runs once, right after the migration
/// that creates the table.
pub(super) fn backfill(conn: &mut Connection) -> Result<()> {
    let mut after = String::new();
    let mut done = 0u64;
    loop {
        let tx = conn.transaction().map_err(db_err)?;
        let batch: Vec<(String, String)> = {
            let mut stmt = tx
                .prepare("SELECT id, body FROM items WHERE id > ?1 ORDER BY id LIMIT ?2")
                .map_err(db_err)?;
            let rows = stmt
                .query_map(params![after, BACKFILL_BATCH], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(db_err)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db_err)?
        };
        let Some((last, _)) = batch.last() else {
            return Ok(());
        };
        after = last.clone();
        for (_, body) in &batch {
            let item: Item = serde_json::from_str(body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            record(&tx, &item)?;
        }
        tx.commit().map_err(db_err)?;
        done += batch.len() as u64;
        tracing::info!(items = done, "computed stored items' KPI facts");
    }
}

/// Items no longer open that were reported at or after `from`, newest first.
pub(super) fn closed_since(conn: &Connection, from: Timestamp, limit: usize) -> Result<Vec<Item>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT i.body FROM item_facts f JOIN items i ON i.id = f.item_id \
             WHERE f.is_open = 0 AND f.created_at >= ?1 ORDER BY f.created_at DESC LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![from.unix_timestamp(), to_i64(limit as u64)], |r| {
            r.get::<_, String>(0)
        })
        .map_err(db_err)?;
    let mut out = Vec::new();
    for row in rows {
        let item: Item =
            serde_json::from_str(&row.map_err(db_err)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if item.created_at >= from {
            out.push(item);
        }
    }
    Ok(out)
}

/// The facts of items no longer open that were reported in `[from, to)`.
pub(super) fn closed_facts(conn: &Connection, from: Timestamp, to: Timestamp) -> Result<Vec<Facts>> {
    // Whole seconds through the index, then the exact bounds on the facts.
    let first = from.unix_timestamp();
    let last = to.unix_timestamp().saturating_add(1);
    let mut stmt = conn
        .prepare_cached(
            "SELECT facts FROM item_facts WHERE is_open = 0 AND created_at >= ?1 AND created_at < ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![first, last], |r| r.get::<_, String>(0))
        .map_err(db_err)?;
    let mut out = Vec::new();
    for row in rows {
        let facts: Facts =
            serde_json::from_str(&row.map_err(db_err)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if facts.created_at >= from && facts.created_at < to {
            out.push(facts);
        }
    }
    Ok(out)
}

/// Items per kind and status, through the `(kind, status)` index.
pub(super) fn counts(conn: &Connection) -> Result<Vec<(Kind, Status, u64)>> {
    let mut stmt = conn
        .prepare_cached("SELECT kind, status, COUNT(*) FROM item_facts GROUP BY kind, status")
        .map_err(db_err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(db_err)?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, status, n) = row.map_err(db_err)?;
        let kind = word::<Kind>(&kind)?;
        let status = word::<Status>(&status)?;
        out.push((kind, status, n.max(0) as u64));
    }
    Ok(out)
}

fn word<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| StoreError::Corrupt(format!("{text:?}: {e}")))
}

/// What the suggestion engine learns from: the newest `limit` closed
/// items (by closing time) as (id, text, category), the text being the
/// description or, when that is blank, the title.
pub(super) fn learning(conn: &Connection, limit: usize) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT i.id, json_extract(i.body, '$.description'), json_extract(i.body, '$.title'), \
             json_extract(i.body, '$.category') \
             FROM item_facts f JOIN items i ON i.id = f.item_id \
             WHERE f.is_open = 0 AND f.status = 'closed' \
             ORDER BY f.closed_at DESC LIMIT ?1",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([to_i64(limit as u64)], |r| {
            let description: Option<String> = r.get(1)?;
            let title: Option<String> = r.get(2)?;
            let text = description
                .filter(|d| !d.trim().is_empty())
                .or(title)
                .unwrap_or_default();
            Ok((
                r.get(0)?,
                text,
                r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            ))
        })
        .map_err(db_err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(db_err)
}
