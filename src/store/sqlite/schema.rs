//! Connection settings and versioned migrations.

use super::super::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// Migrations in order; the index + 1 is the schema version recorded in
/// `PRAGMA user_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/sqlite/0001_init.sql"),
    include_str!("../../../migrations/sqlite/0002_callers.sql"),
    include_str!("../../../migrations/sqlite/0003_tokens.sql"),
    include_str!("../../../migrations/sqlite/0004_audit.sql"),
    include_str!("../../../migrations/sqlite/0005_history.sql"),
    include_str!("../../../migrations/sqlite/0006_ingest.sql"),
];

/// The schema version this binary brings a file to.
pub(super) fn current_version() -> usize {
    MIGRATIONS.len()
}

/// The schema version whose migration creates `item_facts`: rows for the
/// items already stored are computed in Rust right after it.
const HISTORY_VERSION: usize = 5;

/// Sorts SQLite's errors by what the server should do about them: a disk
/// that refuses writes is [`StoreError::Unavailable`] (503, recovers by
/// itself), a damaged file is [`StoreError::Corrupt`] (restore a backup).
pub(super) fn db_err(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    let text = e.to_string();
    match e.sqlite_error_code() {
        Some(C::DiskFull) => StoreError::Unavailable(format!("the disk is full ({text})")),
        Some(C::ReadOnly) => StoreError::Unavailable(format!("the database is read-only ({text})")),
        Some(C::SystemIoFailure | C::CannotOpen) => {
            StoreError::Unavailable(format!("the disk failed a read or write ({text})"))
        }
        Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Corrupt(format!(
            "the database file is damaged ({text}); restore it from a backup (README: Backups and restore)"
        )),
        _ => StoreError::Database(text),
    }
}

/// The same error again, its kind kept: one failed batch answers many.
pub(super) fn again(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        StoreError::Corrupt(m) => StoreError::Corrupt(m.clone()),
        other => StoreError::Database(other.to_string()),
    }
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
        if i + 1 == HISTORY_VERSION {
            super::history::backfill(conn)?;
        }
    }
    Ok(())
}

/// At most one open alert per fingerprint, held by a unique partial index.
/// A database written before this rule may already hold twins (the race
/// that made it); the index then waits, with a warning, until they are
/// closed, and the writer's own check holds the line meanwhile. Runs at
/// every start; cheap through the partial index on open fingerprints.
pub(super) fn unique_open_fingerprints(conn: &Connection) -> Result<()> {
    let twins: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT fingerprint FROM items \
             WHERE is_open = 1 AND kind = 'alert' AND fingerprint IS NOT NULL \
             GROUP BY fingerprint HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .map_err(db_err)?;
    if twins > 0 {
        tracing::warn!(
            twins,
            "open alerts share a fingerprint; close the twins to let the unique index be built"
        );
        return Ok(());
    }
    conn.execute_batch(
        "CREATE UNIQUE INDEX IF NOT EXISTS items_one_open_fingerprint ON items (fingerprint) \
         WHERE is_open = 1 AND kind = 'alert' AND fingerprint IS NOT NULL",
    )
    .map_err(db_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::ffi;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
    }

    #[test]
    fn a_disk_that_refuses_writes_is_unavailable_and_a_damaged_file_corrupt() {
        let said = |code| db_err(failure(code)).to_string();
        assert!(matches!(
            db_err(failure(ffi::SQLITE_FULL)),
            StoreError::Unavailable(_)
        ));
        assert!(said(ffi::SQLITE_FULL).contains("the disk is full"));
        assert!(said(ffi::SQLITE_READONLY).contains("read-only"));
        assert!(matches!(
            db_err(failure(ffi::SQLITE_IOERR)),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            db_err(failure(ffi::SQLITE_CORRUPT)),
            StoreError::Corrupt(_)
        ));
        assert!(said(ffi::SQLITE_NOTADB).contains("restore it from a backup"));
        assert!(matches!(
            db_err(failure(ffi::SQLITE_CONSTRAINT)),
            StoreError::Database(_)
        ));
        // One failed batch answers many callers, each with the same kind.
        assert!(matches!(
            again(&db_err(failure(ffi::SQLITE_FULL))),
            StoreError::Unavailable(_)
        ));
    }
}
