//! Connection settings and versioned migrations.

use super::super::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// Migrations in order; the index + 1 is the schema version recorded in
/// `PRAGMA user_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/sqlite/0001_init.sql"),
    include_str!("../../../migrations/sqlite/0002_callers.sql"),
    include_str!("../../../migrations/sqlite/0003_audit.sql"),
];

pub(super) fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// Opens a connection with the settings every connection needs: WAL so
/// readers never block the writer, FULL sync so a 2xx means on disk.
pub(super) fn connect(path: &Path) -> Result<Connection> {
    let conn =
        Connection::open(path).map_err(|e| StoreError::Database(format!("{}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(db_err)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(db_err)?;
    conn.pragma_update(None, "synchronous", "FULL").map_err(db_err)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(db_err)?;
    Ok(conn)
}

/// Brings the schema up to date; a database newer than this binary is
/// refused rather than guessed at.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: usize = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map_err(db_err)?
        .try_into()
        .map_err(|_| StoreError::Corrupt("negative schema version".into()))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Database(format!(
            "the database has schema version {current}, newer than this citydesk ({}); upgrade citydesk",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction().map_err(db_err)?;
        tx.execute_batch(sql).map_err(db_err)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
    }
    Ok(())
}
