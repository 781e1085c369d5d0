//! Storage that fails loudly: what the writer last learnt about the disk,
//! the write test, and the start-up structure check.

use super::super::{Result, StoreError};
use super::schema::db_err;
use rusqlite::Connection;
use std::sync::{Mutex, OnceLock};

/// Why writes fail now, as the writer last found; `None` when the last
/// batch went through. Set and cleared only by the writer thread.
#[derive(Debug, Default)]
pub(in crate::store) struct DiskState {
    // A std Mutex: held to copy a short string in or out.
    reason: Mutex<Option<String>>,
    /// What the structure check found wrong with the file. Unlike a full
    /// disk it never clears: writing into a damaged file can spread the
    /// damage, so every write is refused until the server is restarted on
    /// a file that passes (restored from a backup).
    damaged: OnceLock<String>,
}

impl DiskState {
    pub(super) fn reason(&self) -> Option<String> {
        if let Some(damage) = self.damaged.get() {
            return Some(damage.clone());
        }
        self.reason.lock().ok().and_then(|r| r.clone())
    }

    pub(super) fn damaged(&self) -> Option<&str> {
        self.damaged.get().map(String::as_str)
    }

    pub(super) fn mark_damaged(&self, why: &str) {
        if self.damaged.set(why.to_owned()).is_ok() {
            tracing::error!(%why, "database file damaged: every write refused until restarted on a sound file");
        }
    }

    /// Records how a batch ended: an unavailable disk degrades, anything
    /// that reached the disk clears.
    pub(super) fn record(&self, failure: Option<&StoreError>) {
        let Ok(mut reason) = self.reason.lock() else {
            return;
        };
        match failure {
            Some(StoreError::Unavailable(why)) => {
                if reason.is_none() {
                    tracing::error!(%why, "storage unavailable: writes refused until it recovers");
                }
                *reason = Some(why.clone());
            }
            Some(_) => {}
            None => {
                if let Some(was) = reason.take() {
                    tracing::warn!(%was, "storage recovered: writes accepted again");
                }
            }
        }
    }
}

/// The write test: one row rewritten in a table of its own, inside the
/// writer's transaction, so it fails exactly as a real commit would.
pub(super) fn probe(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS storage_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL)",
    )
    .map_err(db_err)?;
    conn.execute(
        "INSERT INTO storage_probe (id, at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
        [super::writer::now_text()],
    )
    .map_err(db_err)?;
    Ok(())
}

/// `PRAGMA quick_check`: every page of every table and index read and its
/// structure checked (not index contents, which `verify` checks), so a
/// damaged page stops the server at start instead of a stream that later
/// closes empty.
pub(super) fn quick_check(conn: &Connection) -> Result<()> {
    // SQLite may stop the check itself on a bad page: still a damaged file.
    let checked = |e: rusqlite::Error| match db_err(e) {
        StoreError::Corrupt(m) => StoreError::Corrupt(format!(
            "the database file is damaged; PRAGMA quick_check stopped: {m}. Restore it from a backup (README: Backups and restore)"
        )),
        other => other,
    };
    let mut stmt = conn.prepare("PRAGMA quick_check(20)").map_err(checked)?;
    let found = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(checked)?
        .collect::<rusqlite::Result<Vec<String>>>()
        .map_err(checked)?;
    if found.len() == 1 && found[0] == "ok" {
        return Ok(());
    }
    Err(StoreError::Corrupt(format!(
        "the database file is damaged; PRAGMA quick_check found: {}. Restore it from a backup (README: Backups and restore)",
        found.join("; ")
    )))
}
