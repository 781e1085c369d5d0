//! Retention in SQLite: finding closed items whose callers are due to be
//! forgotten, and, when a `redacted` event commits, writing the caller
//! fields out of the item's stored history and the phone index, and
//! deleting the raw documents a standard sent about it.

use super::super::{Result, StoreError};
use super::read::to_i64;
use super::schema::db_err;
use crate::model::{Event, Item, Timestamp};
use rusqlite::{Connection, params};
use time::format_description::well_known::Rfc3339;

/// Closed items, closed before `cutoff`, that still name a caller:
/// through the history table's partial index, so the hourly check costs
/// what is due, not every item ever closed.
pub(super) fn due(conn: &Connection, cutoff: Timestamp, limit: usize) -> Result<Vec<Item>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT i.body FROM item_facts f JOIN items i ON i.id = f.item_id \
             WHERE f.is_open = 0 AND f.names_caller = 1 AND f.closed_at < ?1 \
             ORDER BY f.closed_at LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![cutoff.unix_timestamp(), to_i64(limit as u64)], |r| {
            r.get::<_, String>(0)
        })
        .map_err(db_err)?;
    rows.map(|r| {
        r.map_err(db_err)
            .and_then(|b| serde_json::from_str(&b).map_err(|e| StoreError::Corrupt(e.to_string())))
    })
    .collect()
}

/// Whether this change's events redact the item.
pub(super) fn redacts(events: &[crate::model::NewEvent]) -> bool {
    events
        .iter()
        .any(|e| matches!(e.body, crate::model::EventBody::Redacted { .. }))
}

/// SQLite overwrites with zeros what it frees while this is on, so the old
/// rows' bytes do not linger in free pages of the file.
pub(super) fn secure_delete(conn: &Connection, on: bool) -> Result<()> {
    conn.pragma_update(None, "secure_delete", on).map_err(db_err)
}

/// Writes the callers out of `item`'s stored `created` and `absorbed`
/// events, drops its rows from the phone index and its raw documents, and
/// drops idempotency answers (which hold copies of items) as old as its
/// closing.
pub(super) fn scrub(conn: &Connection, item: &Item) -> Result<()> {
    let stored: Vec<(i64, String)> = {
        let mut stmt = conn
            .prepare_cached(
                "SELECT seq, body FROM events WHERE item_id = ?1 AND type IN ('created', 'absorbed')",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([item.id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)?
    };
    for (seq, body) in stored {
        let mut event: Event = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if event.forget_callers() {
            let json = serde_json::to_string(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            conn.prepare_cached("UPDATE events SET body = ?2 WHERE seq = ?1")
                .map_err(db_err)?
                .execute(params![seq, json])
                .map_err(db_err)?;
        }
    }
    conn.prepare_cached("DELETE FROM item_callers WHERE item_id = ?1")
        .map_err(db_err)?
        .execute([item.id.as_str()])
        .map_err(db_err)?;
    // Deleted rather than edited: an Open311 form or a CAP contact is the
    // foreign side's text, with no field we could trust to hold all of a
    // caller's data; the item keeps its origin (source, foreign id).
    conn.prepare_cached("DELETE FROM raw_documents WHERE item_id = ?1")
        .map_err(db_err)?
        .execute([item.id.as_str()])
        .map_err(db_err)?;
    if let Some(closed) = item.closed_at.and_then(|t| t.format(&Rfc3339).ok()) {
        conn.prepare_cached("DELETE FROM idempotency WHERE julianday(created_at) <= julianday(?1)")
            .map_err(db_err)?
            .execute([closed])
            .map_err(db_err)?;
    }
    Ok(())
}
