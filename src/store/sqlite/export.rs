//! The SQLite side of `migrate-store`: every table of the log read in one
//! snapshot and sent in batches, then the figures of that same snapshot.
//!
//! The file is first brought to the current schema by the migrations
//! `serve` runs (a file from an older citydesk gets the tables and rows,
//! such as `item_facts`, that only citydesk can compute), and then read
//! through a read-only connection inside one read transaction: the copy
//! is one consistent commit of the log even if something wrote to the
//! file meanwhile. The check (`--verify-only`) migrates nothing: it
//! changes neither side.

use super::super::transfer::{BATCH, Checksum, Column, Figures, Part, TABLES, Table, Value};
use super::super::{Result, StoreError};
use super::schema::{self, db_err};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use tokio::sync::mpsc;

/// Sends every table of the log at `path` to `tx`, table by table, then
/// the figures. [`StoreError::Closed`] when the receiver stopped reading.
pub(in crate::store) fn stream(path: &Path, tx: &mpsc::Sender<Part>) -> Result<()> {
    exists(path)?;
    let mut conn = schema::connect(path)?;
    schema::migrate(&mut conn)?;
    drop(conn);
    let conn = snapshot(path)?;
    for (index, table) in TABLES.iter().enumerate() {
        let rows = send_table(&conn, index, table, tx)?;
        send(tx, Part::Done { table: index, rows })?;
    }
    send(tx, Part::Figures(figures(&conn)?))
}

/// The figures of the log at `path`, which must be at the current schema.
pub(in crate::store) fn figures_of(path: &Path) -> Result<Figures> {
    exists(path)?;
    let conn = snapshot(path)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_err)?;
    if usize::try_from(version).ok() != Some(schema::current_version()) {
        return Err(StoreError::Refused(format!(
            "{} has schema version {version}, not this citydesk's {}: a check reads the current schema only",
            path.display(),
            schema::current_version()
        )));
    }
    figures(&conn)
}

fn exists(path: &Path) -> Result<()> {
    if path.is_file() {
        return Ok(());
    }
    Err(StoreError::Refused(format!(
        "no SQLite database at {}",
        path.display()
    )))
}

/// A read-only connection inside a read transaction: one snapshot.
fn snapshot(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::Database(format!("{}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(db_err)?;
    conn.execute_batch("BEGIN").map_err(db_err)?;
    Ok(conn)
}

fn send(tx: &mpsc::Sender<Part>, part: Part) -> Result<()> {
    tx.blocking_send(part).map_err(|_| StoreError::Closed)
}

fn send_table(conn: &Connection, index: usize, table: &Table, tx: &mpsc::Sender<Part>) -> Result<u64> {
    let mut stmt = conn.prepare(&select(table)).map_err(db_err)?;
    let mut rows = stmt.query([]).map_err(db_err)?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0u64;
    while let Some(row) = rows.next().map_err(db_err)? {
        let values = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, (name, column))| value(row.get_ref(i).map_err(db_err)?, *column, table.name, name))
            .collect::<Result<Vec<Value>>>()?;
        batch.push(values);
        count += 1;
        if batch.len() == BATCH {
            let rows = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            send(tx, Part::Rows { table: index, rows })?;
        }
    }
    if !batch.is_empty() {
        send(
            tx,
            Part::Rows {
                table: index,
                rows: batch,
            },
        )?;
    }
    Ok(count)
}

/// The table's columns as SQLite has them. Built from the constant list
/// in `transfer::tables` only; nothing read reaches the SQL.
fn select(table: &Table) -> String {
    let columns: Vec<&str> = table
        .columns
        .iter()
        .map(|(name, column)| match column {
            Column::UnixOf(from) => *from,
            _ => *name,
        })
        .collect();
    let order = if table.name == "events" {
        " ORDER BY seq"
    } else {
        ""
    };
    format!("SELECT {} FROM {}{order}", columns.join(", "), table.name)
}

/// SQLite's value as its PostgreSQL column takes it; anything else is a
/// damaged or hand-edited file, named by table and column.
fn value(raw: ValueRef<'_>, column: Column, table: &str, name: &str) -> Result<Value> {
    let wrong = || {
        StoreError::Corrupt(format!(
            "{table}.{name}: a {} value where {column:?} belongs",
            raw.data_type()
        ))
    };
    let text = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| StoreError::Corrupt(format!("{table}.{name}: text that is not UTF-8")))
    };
    Ok(match (column, raw) {
        (Column::Text, ValueRef::Null) => Value::Text(None),
        (Column::Text, ValueRef::Text(t)) => Value::Text(Some(text(t)?)),
        (Column::BigInt, ValueRef::Null) => Value::BigInt(None),
        (Column::BigInt, ValueRef::Integer(n)) => Value::BigInt(Some(n)),
        (Column::Int, ValueRef::Null) => Value::Int(None),
        (Column::Int, ValueRef::Integer(n)) => Value::Int(Some(i32::try_from(n).map_err(|_| wrong())?)),
        (Column::Bool, ValueRef::Integer(n)) => Value::Bool(n != 0),
        (Column::UnixOf(_), ValueRef::Text(t)) => Value::BigInt(Some(unix(&text(t)?).ok_or_else(wrong)?)),
        _ => return Err(wrong()),
    })
}

fn unix(rfc3339: &str) -> Option<i64> {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(time::OffsetDateTime::unix_timestamp)
}

/// Rows per table, the last `seq` and the events' checksum.
fn figures(conn: &Connection) -> Result<Figures> {
    let mut counts = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        // The table name is a constant of `TABLES`.
        let n: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM {}", table.name), [], |r| r.get(0))
            .map_err(db_err)?;
        counts.push((table.name, n.max(0) as u64));
    }
    let mut stmt = conn
        .prepare("SELECT seq, item_id, version, type, body FROM events ORDER BY seq")
        .map_err(db_err)?;
    let mut rows = stmt.query([]).map_err(db_err)?;
    let mut sum = Checksum::default();
    let mut head = 0i64;
    while let Some(row) = rows.next().map_err(db_err)? {
        head = row.get(0).map_err(db_err)?;
        let item: String = row.get(1).map_err(db_err)?;
        let version: i64 = row.get(2).map_err(db_err)?;
        let kind: String = row.get(3).map_err(db_err)?;
        let body: String = row.get(4).map_err(db_err)?;
        sum.add(head, &item, version, &kind, &body);
    }
    Ok(Figures {
        counts,
        head: head.max(0) as u64,
        checksum: sum.finish(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_values_become_their_postgres_types_and_strays_are_named() {
        let v = |raw, column| value(raw, column, "items", "number");
        assert_eq!(
            v(ValueRef::Integer(1), Column::Bool).ok(),
            Some(Value::Bool(true))
        );
        assert_eq!(
            v(ValueRef::Integer(0), Column::Bool).ok(),
            Some(Value::Bool(false))
        );
        assert_eq!(v(ValueRef::Null, Column::Text).ok(), Some(Value::Text(None)));
        assert_eq!(
            v(
                ValueRef::Text(b"2026-12-01T08:00:00.123456789Z"),
                Column::UnixOf("created_at")
            )
            .ok(),
            Some(Value::BigInt(Some(1_796_112_000)))
        );
        assert_eq!(
            v(ValueRef::Integer(7), Column::Int).ok(),
            Some(Value::Int(Some(7)))
        );
        for stray in [
            v(ValueRef::Real(1.5), Column::BigInt),
            v(ValueRef::Integer(i64::MAX), Column::Int),
            v(ValueRef::Blob(b"x"), Column::Text),
            v(ValueRef::Text(b"yesterday"), Column::UnixOf("created_at")),
        ] {
            let e = stray.expect_err("refused").to_string();
            assert!(e.contains("items.number"), "{e}");
        }
    }
}
