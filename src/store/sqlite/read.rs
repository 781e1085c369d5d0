//! Reads run on a small pool of connections on the blocking thread pool.
//! In WAL mode each read transaction sees one consistent commit.

use super::super::{OperatorRecord, Published, Result, SnapshotFilter, StoreError};
use super::schema::{connect, db_err};
use crate::model::{Event, Item, ItemId, Kind, Operator, Status};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Idle connections kept for reuse; more are opened under load.
const POOL_KEEP: usize = 8;

pub(super) struct ReadPool {
    path: PathBuf,
    // A std Mutex: it is held only to push or pop, never across a query.
    idle: Mutex<Vec<Connection>>,
}

impl ReadPool {
    pub(super) fn new(path: PathBuf) -> Self {
        ReadPool {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// The database file the pool opens.
    pub(super) fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Runs `f` on a pooled connection without blocking the async runtime.
    pub(super) async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut conn = match pool.idle.lock().map(|mut v| v.pop()) {
                Ok(Some(c)) => c,
                _ => connect(&pool.path)?,
            };
            let out = f(&mut conn);
            if let Ok(mut idle) = pool.idle.lock()
                && idle.len() < POOL_KEEP
            {
                idle.push(conn);
            }
            out
        })
        .await
        .map_err(|e| StoreError::Database(format!("read task failed: {e}")))?
    }
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn item(conn: &Connection, id: &ItemId) -> Result<Option<Item>> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM items WHERE id = ?1")
        .map_err(db_err)?
        .query_row([id.as_str()], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    body.map(|b| decode(&b)).transpose()
}

pub(super) fn history(conn: &Connection, id: &ItemId) -> Result<Vec<Event>> {
    let mut stmt = conn
        .prepare_cached("SELECT body FROM events WHERE item_id = ?1 ORDER BY seq")
        .map_err(db_err)?;
    let rows = stmt
        .query_map([id.as_str()], |r| r.get::<_, String>(0))
        .map_err(db_err)?;
    rows.map(|r| r.map_err(db_err).and_then(|b| decode(&b))).collect()
}

pub(super) fn last_event(conn: &Connection, id: &ItemId) -> Result<Option<Event>> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM events WHERE item_id = ?1 ORDER BY version DESC LIMIT 1")
        .map_err(db_err)?
        .query_row([id.as_str()], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    body.map(|b| decode(&b)).transpose()
}

pub(super) fn events_between(conn: &Connection, first: u64, last: u64) -> Result<Vec<Event>> {
    let mut stmt = conn
        .prepare_cached("SELECT body FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq")
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![to_i64(first), to_i64(last)], |r| r.get::<_, String>(0))
        .map_err(db_err)?;
    rows.map(|r| r.map_err(db_err).and_then(|b| decode(&b))).collect()
}

pub(super) fn events_after(conn: &Connection, since: u64, limit: usize) -> Result<Vec<Arc<Published>>> {
    // Each event with the departments its item went to (as the item is
    // now): what a department's stream may be sent.
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.seq, e.type, e.body, i.department, \
             json_extract(i.body, '$.dispatched_to'), json_extract(i.body, '$.returned_by') \
             FROM events e LEFT JOIN items i ON i.id = e.item_id \
             WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![to_i64(since), to_i64(limit as u64)], |r| {
            let published = Published::new(r.get::<_, i64>(0)?.max(0) as u64, r.get(1)?, r.get(2)?);
            let current: Option<String> = r.get(3)?;
            let lists = [r.get::<_, Option<String>>(4)?, r.get::<_, Option<String>>(5)?];
            Ok((published, current, lists))
        })
        .map_err(db_err)?;
    rows.map(|r| {
        let (published, current, lists) = r.map_err(db_err)?;
        let mut departments: Vec<String> = current.into_iter().collect();
        for list in lists.iter().flatten() {
            for d in decode::<Vec<String>>(list)? {
                if !departments.contains(&d) {
                    departments.push(d);
                }
            }
        }
        Ok(Arc::new(published.with_departments(departments)))
    })
    .collect()
}

pub(super) fn snapshot(conn: &mut Connection, filter: &SnapshotFilter) -> Result<(u64, Vec<Item>)> {
    // One read transaction: the items and the seq are of the same commit.
    let tx = conn.transaction().map_err(db_err)?;
    let seq = max_seq(&tx)?;
    let items = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT body FROM items WHERE is_open = 1 \
                 AND (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR district = ?3) \
                 ORDER BY kind, number",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map(
                params![
                    filter.kind.map(Kind::as_str),
                    filter.status.map(Status::as_str),
                    filter.district
                ],
                |r| r.get::<_, String>(0),
            )
            .map_err(db_err)?;
        rows.map(|r| r.map_err(db_err).and_then(|b| decode(&b)))
            .collect::<Result<Vec<Item>>>()?
    };
    tx.commit().map_err(db_err)?;
    Ok((seq, items))
}

/// Up to `limit` open items, the newest first (the ones most likely to be
/// worked next).
pub(super) fn open_items(conn: &Connection, limit: usize) -> Result<Vec<Item>> {
    let mut stmt = conn
        .prepare("SELECT body FROM items WHERE is_open = 1 ORDER BY rowid DESC LIMIT ?1")
        .map_err(db_err)?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            r.get::<_, String>(0)
        })
        .map_err(db_err)?;
    rows.map(|r| r.map_err(db_err).and_then(|b| decode(&b))).collect()
}

pub(super) fn max_seq(conn: &Connection) -> Result<u64> {
    let seq: i64 = conn
        .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
        .map_err(db_err)?;
    Ok(seq.max(0) as u64)
}

pub(super) fn max_number(conn: &Connection, kind: Kind) -> Result<u64> {
    let n: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(number), 0) FROM items WHERE kind = ?1",
            [kind.as_str()],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    Ok(n.max(0) as u64)
}

pub(super) fn open_alert(conn: &Connection, fingerprint: &str) -> Result<Option<Item>> {
    let body: Option<String> = conn
        .prepare_cached(
            "SELECT body FROM items WHERE is_open = 1 AND fingerprint = ?1 AND kind = 'alert' \
             ORDER BY number DESC LIMIT 1",
        )
        .map_err(db_err)?
        .query_row([fingerprint], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    body.map(|b| decode(&b)).transpose()
}

/// The active operator `login`, if any.
pub(super) fn active_operator(conn: &Connection, login: &str) -> Result<Option<Operator>> {
    conn.prepare_cached(
        "SELECT login, name, role, department FROM operators WHERE login = ?1 AND revoked_at IS NULL",
    )
    .map_err(db_err)?
    .query_row([login], operator_row)
    .optional()
    .map_err(db_err)
}

pub(super) fn operator_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Operator> {
    let role: String = r.get(2)?;
    let role = role.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
    })?;
    Ok(Operator {
        login: r.get(0)?,
        name: r.get(1)?,
        role,
        department: r.get(3)?,
    })
}

pub(super) fn operators(conn: &Connection) -> Result<Vec<OperatorRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT login, name, role, department, created_at, revoked_at IS NOT NULL, expires_at, last_used_at
             FROM operators ORDER BY login",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(OperatorRecord {
                operator: operator_row(r)?,
                created_at: r.get(4)?,
                revoked: r.get(5)?,
                expires_at: r.get(6)?,
                last_used_at: r.get(7)?,
            })
        })
        .map_err(db_err)?;
    rows.map(|r| r.map_err(db_err)).collect()
}

/// Every item, open or not, and the `seq` they are as of.
pub(super) fn open_load(conn: &Connection) -> Result<Vec<(String, u64)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT department, COUNT(*) FROM items WHERE is_open = 1 AND department IS NOT NULL GROUP BY department",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })
        .map_err(db_err)?;
    rows.map(|r| r.map_err(db_err)).collect()
}

pub(super) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
