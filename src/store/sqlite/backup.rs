//! Backups while the server runs, and the check of a backup (or of any
//! database file) before anyone relies on it.
//!
//! `backup` is SQLite's `VACUUM INTO` from a connection of its own: one
//! read transaction, so the copy is one consistent commit however busy the
//! writer is, and in WAL mode it never blocks the writer. `verify` reads a
//! file without changing it: SQLite's full `integrity_check`, the log's
//! `seq` without gaps, every item's versions without gaps, each event's
//! row agreeing with its JSON, each item's projection at its last event,
//! and a SHA-256 over the events in order, so two copies of one log can be
//! compared by one line.

use super::super::{Result, StoreError};
use super::schema::db_err;
use crate::model::Event;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// Problems listed at most; the count says how many there were.
const LISTED: usize = 20;

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The last `seq` of the log (0 when empty).
    pub head: u64,
    pub events: u64,
    pub items: u64,
    /// `sha256:<hex>` over every event's `seq` and stored JSON, in order.
    pub checksum: String,
    /// The first [`LISTED`] problems, in the order found.
    pub problems: Vec<String>,
    /// How many problems there were in all.
    pub problem_count: usize,
}

impl Report {
    pub fn is_sound(&self) -> bool {
        self.problem_count == 0
    }

    fn problem(&mut self, text: String) {
        self.problem_count += 1;
        if self.problems.len() < LISTED {
            self.problems.push(text);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.events {
            0 => writeln!(f, "events    0")?,
            n => writeln!(f, "events    {n} (seq 1..{})", self.head)?,
        }
        writeln!(f, "items     {}", self.items)?;
        writeln!(f, "checksum  {}", self.checksum)?;
        if self.is_sound() {
            return writeln!(f, "verdict   ok");
        }
        writeln!(f, "verdict   {} problem(s)", self.problem_count)?;
        for p in &self.problems {
            writeln!(f, "  - {p}")?;
        }
        if self.problem_count > self.problems.len() {
            writeln!(f, "  … and {} more", self.problem_count - self.problems.len())?;
        }
        Ok(())
    }
}

/// Copies the live database at `db` to the new file `to` (never over an
/// existing one), readable by its owner only, and verifies the copy.
pub fn backup(db: &Path, to: &Path) -> Result<Report> {
    if to.exists() {
        return Err(StoreError::Database(format!(
            "{} already exists; back up to a new file",
            to.display()
        )));
    }
    if !db.exists() {
        return Err(StoreError::Database(format!("no database at {}", db.display())));
    }
    let target = to
        .to_str()
        .ok_or_else(|| StoreError::Database(format!("{} is not a UTF-8 path", to.display())))?;
    let conn = super::schema::connect(db)?;
    conn.execute("VACUUM INTO ?1", [target]).map_err(db_err)?;
    drop(conn);
    owner_only(to)?;
    verify(to)
}

#[cfg(unix)]
fn owner_only(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| StoreError::Database(format!("{}: {e}", path.display())))
}

#[cfg(not(unix))]
fn owner_only(_: &Path) -> Result<()> {
    Ok(())
}

/// Checks the database file at `path` without writing to it.
pub fn verify(path: &Path) -> Result<Report> {
    if !path.is_file() {
        return Err(StoreError::Database(format!(
            "no database file at {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(db_err)?;
    let mut report = Report {
        head: 0,
        events: 0,
        items: 0,
        checksum: String::new(),
        problems: Vec::new(),
        problem_count: 0,
    };
    for line in integrity(&conn)? {
        report.problem(format!("integrity_check: {line}"));
    }
    let versions = events(&conn, &mut report)?;
    projections(&conn, &versions, &mut report)?;
    Ok(report)
}

fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(100)").map_err(db_err)?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(db_err)?
        .collect::<rusqlite::Result<Vec<String>>>()
        .map_err(db_err)?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Walks the log in order; returns every item's last version.
fn events(conn: &Connection, report: &mut Report) -> Result<HashMap<String, u64>> {
    let mut stmt = conn
        .prepare("SELECT seq, item_id, version, type, body FROM events ORDER BY seq")
        .map_err(db_err)?;
    let mut rows = stmt.query([]).map_err(db_err)?;
    let mut hash = Sha256::new();
    let mut versions: HashMap<String, u64> = HashMap::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        let seq = row.get::<_, i64>(0).map_err(db_err)?.max(0) as u64;
        let item: String = row.get(1).map_err(db_err)?;
        let version = row.get::<_, i64>(2).map_err(db_err)?.max(0) as u64;
        let kind: String = row.get(3).map_err(db_err)?;
        let body: String = row.get(4).map_err(db_err)?;
        hash.update(format!("{seq}\n{body}\n").as_bytes());
        if seq != report.head + 1 {
            report.problem(format!(
                "seq gap: {seq} follows {} ({} event(s) missing)",
                report.head,
                seq.saturating_sub(report.head + 1)
            ));
        }
        report.head = seq;
        report.events += 1;
        let last = versions.entry(item.clone()).or_default();
        if version != *last + 1 {
            report.problem(format!("{item}: version {version} follows {last} (seq {seq})"));
        }
        *last = version;
        match serde_json::from_str::<Event>(&body) {
            Err(e) => report.problem(format!("seq {seq}: its JSON does not read as an event: {e}")),
            Ok(e)
                if e.seq != seq
                    || e.item_id.as_str() != item
                    || e.version != version
                    || e.body.type_name() != kind =>
            {
                report.problem(format!(
                    "seq {seq}: the row says {item} v{version} {kind}, its JSON says seq {} {} v{} {}",
                    e.seq,
                    e.item_id,
                    e.version,
                    e.body.type_name()
                ))
            }
            Ok(_) => {}
        }
    }
    report.checksum = format!("sha256:{}", hex::encode(hash.finalize()));
    Ok(versions)
}

/// Every item's projection must be at its last event's version.
fn projections(conn: &Connection, versions: &HashMap<String, u64>, report: &mut Report) -> Result<()> {
    let mut stmt = conn.prepare("SELECT id, version FROM items").map_err(db_err)?;
    let mut rows = stmt.query([]).map_err(db_err)?;
    while let Some(row) = rows.next().map_err(db_err)? {
        let id: String = row.get(0).map_err(db_err)?;
        let version = row.get::<_, i64>(1).map_err(db_err)?.max(0) as u64;
        report.items += 1;
        let logged = versions.get(&id).copied().unwrap_or(0);
        if version != logged {
            report.problem(format!(
                "{id}: the item is at version {version}, its events at {logged}"
            ));
        }
    }
    if report.items < versions.len() as u64 {
        report.problem(format!(
            "{} item(s) have events but no row in items",
            versions.len() as u64 - report.items
        ));
    }
    Ok(())
}
