//! Callers in SQLite: the phone index behind a caller's history (written
//! by the writer beside the items projection), the audit of who read it,
//! and operators' extensions.

use super::super::{Result, StoreError};
use super::read::to_i64;
use super::schema::db_err;
use crate::model::{CallerRead, Item, Operator};
use rusqlite::{Connection, OptionalExtension, params};
use time::format_description::well_known::Rfc3339;

/// Indexes `item` under each caller's phone; rows already there stay
/// (an item's callers only ever grow).
pub(super) fn index_item(conn: &Connection, item: &Item) -> Result<()> {
    if item.callers.iter().all(|c| c.phone.is_none()) {
        return Ok(());
    }
    let mut stmt = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO item_callers (phone, item_id, created_at, reporter) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db_err)?;
    for (i, caller) in item.callers.iter().enumerate() {
        if let Some(phone) = &caller.phone {
            stmt.execute(params![
                phone,
                item.id.as_str(),
                item.created_at.unix_timestamp(),
                i == 0
            ])
            .map_err(db_err)?;
        }
    }
    Ok(())
}

/// The newest `limit` items with a caller of `phone`.
pub(super) fn items(conn: &Connection, phone: &str, limit: usize) -> Result<Vec<Item>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT i.body FROM item_callers c JOIN items i ON i.id = c.item_id \
             WHERE c.phone = ?1 ORDER BY c.created_at DESC LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![phone, to_i64(limit as u64)], |r| r.get::<_, String>(0))
        .map_err(db_err)?;
    rows.map(|r| {
        r.map_err(db_err)
            .and_then(|b| serde_json::from_str(&b).map_err(|e| StoreError::Corrupt(e.to_string())))
    })
    .collect()
}

pub(super) fn record_read(conn: &Connection, read: &CallerRead) -> Result<()> {
    let at = read
        .at
        .format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached("INSERT INTO caller_reads (at, login, role, phone) VALUES (?1, ?2, ?3, ?4)")
        .map_err(db_err)?
        .execute(params![at, read.login, read.role.as_str(), read.phone])
        .map_err(db_err)?;
    Ok(())
}

/// The newest `limit` reads, of one phone or of all.
pub(super) fn reads(conn: &Connection, phone: Option<&str>, limit: usize) -> Result<Vec<CallerRead>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT at, login, role, phone FROM caller_reads WHERE (?1 IS NULL OR phone = ?1) \
             ORDER BY id DESC LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![phone, to_i64(limit as u64)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(db_err)?;
    let mut out = Vec::new();
    for row in rows {
        let (at, login, role, phone) = row.map_err(db_err)?;
        out.push(CallerRead {
            at: time::OffsetDateTime::parse(&at, &Rfc3339).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            login,
            role: role.parse().map_err(StoreError::Corrupt)?,
            phone,
        });
    }
    Ok(out)
}

/// The active operator who answers `extension`.
pub(super) fn operator_by_extension(conn: &Connection, extension: &str) -> Result<Option<Operator>> {
    conn.prepare_cached(
        "SELECT login, name, role, department FROM operators WHERE extension = ?1 AND revoked_at IS NULL",
    )
    .map_err(db_err)?
    .query_row([extension], super::read::operator_row)
    .optional()
    .map_err(db_err)
}

/// Gives the active operator `login` the desk telephone `extension`;
/// `false` when no such operator exists.
pub(super) fn set_extension(conn: &Connection, login: &str, extension: Option<&str>) -> Result<bool> {
    let n = conn
        .execute(
            "UPDATE operators SET extension = ?2 WHERE login = ?1 AND revoked_at IS NULL",
            params![login, extension],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                StoreError::Duplicate(format!("extension {}", extension.unwrap_or_default()))
            }
            e => db_err(e),
        })?;
    Ok(n > 0)
}
