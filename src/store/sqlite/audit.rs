//! The audit log's table: appended by the writer, paged by readers.

use super::super::{Result, StoreError};
use super::read::to_i64;
use super::schema::db_err;
use super::writer::now_text;
use crate::model::audit::{AuditEntry, AuditKind, NewAudit};
use rusqlite::{Connection, params};

pub(super) fn append(conn: &Connection, entry: &NewAudit) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO audit (at, kind, login, route, status, detail, once) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .map_err(db_err)?
    .execute(params![
        now_text(),
        entry.kind.as_str(),
        entry.login,
        entry.route,
        entry.status,
        entry.detail,
        entry.once
    ])
    .map_err(db_err)?;
    Ok(())
}

/// Up to `limit` rows with `id > after`, oldest first.
pub(super) fn page(conn: &Connection, after: u64, limit: usize) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, at, kind, login, route, status, detail FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2",
        )
        .map_err(db_err)?;
    let rows = stmt
        .query_map(params![to_i64(after), to_i64(limit as u64)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<u16>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .map_err(db_err)?;
    rows.map(|row| {
        let (id, at, kind, login, route, status, detail) = row.map_err(db_err)?;
        let corrupt = |what: &str| StoreError::Corrupt(format!("audit row {id}: {what}"));
        Ok(AuditEntry {
            id: id.max(0) as u64,
            at: time::OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339)
                .map_err(|_| corrupt("bad time"))?,
            kind: AuditKind::parse(&kind).ok_or_else(|| corrupt("unknown kind"))?,
            login,
            route,
            status,
            detail,
        })
    })
    .collect()
}
