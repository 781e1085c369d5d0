//! The PostgreSQL side of `migrate-store`: the target brought to the
//! current schema, then the whole log written with `COPY` in one
//! transaction that is committed only once its figures equal the
//! source's.
//!
//! One transaction for the whole copy, not one per table: a copy that
//! fails or does not add up is rolled back as a whole, so the target is
//! either the complete, verified log or as empty as it was, never a log
//! with its history cut short that a server would start on and serve.
//! PostgreSQL holds a transaction of millions of rows without trouble;
//! the cost is that nothing of the copy is visible until its end.
//!
//! The transaction also holds the advisory lock the migrations take and
//! the `log_head` row lock every writer takes: a replica starting
//! meanwhile waits for the copy, and none can write in the middle of it.

use super::super::transfer::{Figures, NUMBER_SEQUENCES, Part, Progress, TABLES, Table, Value};
use super::super::{Result, StoreError};
use super::schema::{self, pg_err, pool_err};
use deadpool_postgres::Pool;
use futures::TryStreamExt;
use std::time::Instant;
use tokio::sync::mpsc;
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

/// The database a log is copied into.
pub(in crate::store) struct Target {
    pool: Pool,
}

/// The source's figures, the target's, and whether the copy was committed.
pub(in crate::store) type Copied = (Figures, Figures, bool);

impl Target {
    /// Connects and brings the schema up to date (an empty database gets
    /// every table).
    pub(in crate::store) async fn open(url: &str) -> Result<Self> {
        let pool = schema::pool(schema::config(url)?)?;
        schema::migrate(&pool).await?;
        Ok(Target { pool })
    }

    /// Writes what `parts` brings, then checks it against the source's
    /// figures and commits only when they agree.
    pub(in crate::store) async fn copy(
        &self,
        mut parts: mpsc::Receiver<Part>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Copied> {
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let tx = client.transaction().await.map_err(pg_err)?;
        claim(&tx).await?;
        for (index, table) in TABLES.iter().enumerate() {
            copy_table(&tx, index, table, &mut parts, progress).await?;
        }
        let Some(Part::Figures(source)) = parts.recv().await else {
            return Err(StoreError::Database(
                "the source stopped before its figures".into(),
            ));
        };
        set_counters(&tx, source.head).await?;
        let target = figures(&tx).await?;
        if !source.differences(&target).is_empty() {
            tx.rollback().await.map_err(pg_err)?;
            return Ok((source, target, false));
        }
        tx.commit().await.map_err(pg_err)?;
        Ok((source, target, true))
    }
}

/// Takes the locks, then refuses a target a server runs on or that holds
/// anything: two logs are never merged.
async fn claim(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::MIGRATION_LOCK])
        .await
        .map_err(pg_err)?;
    let head: i64 = tx
        .query_one("SELECT seq FROM log_head WHERE id = 1 FOR UPDATE", &[])
        .await
        .map_err(pg_err)?
        .get(0);
    let leases = tx
        .query(
            "SELECT name, holder, EXTRACT(EPOCH FROM until - now())::float8 FROM leases WHERE until > now()",
            &[],
        )
        .await
        .map_err(pg_err)?;
    if let Some(lease) = leases.first() {
        let (name, holder, secs): (String, String, f64) = (lease.get(0), lease.get(1), lease.get(2));
        return Err(StoreError::Refused(format!(
            "a server is running on the target: {holder} holds the {name} lease for {secs:.0} more second(s); \
             stop every server on it (or wait for the lease of one that died to run out) and try again"
        )));
    }
    let held: Vec<String> = counts(tx)
        .await?
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(table, n)| format!("{table}: {n}"))
        .collect();
    if head > 0 || !held.is_empty() {
        return Err(StoreError::Refused(format!(
            "the target is not empty (log head seq {head}; {}): migrate-store copies into an empty database \
             only and never merges two logs; use a new database or schema",
            held.join(", ")
        )));
    }
    Ok(())
}

async fn copy_table(
    tx: &Transaction<'_>,
    index: usize,
    table: &Table,
    parts: &mut mpsc::Receiver<Part>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<()> {
    let started = Instant::now();
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let types: Vec<Type> = table.columns.iter().map(|(_, column)| pg_type(*column)).collect();
    // Names from the constant list in `transfer::tables`; the data goes
    // through COPY's binary format, never into the SQL.
    let sql = format!(
        "COPY {} ({}) FROM STDIN (FORMAT binary)",
        table.name,
        names.join(", ")
    );
    let sink = tx.copy_in(&sql).await.map_err(pg_err)?;
    let mut writer = std::pin::pin!(BinaryCopyInWriter::new(sink, &types));
    let mut written = 0u64;
    let sent = loop {
        match parts.recv().await {
            Some(Part::Rows { table: t, rows }) if t == index => {
                for row in &rows {
                    let values: Vec<&(dyn ToSql + Sync)> = row.iter().map(sql_value).collect();
                    writer.as_mut().write(&values).await.map_err(pg_err)?;
                }
                written += rows.len() as u64;
                progress(Progress {
                    table: table.name,
                    rows: written,
                    done: false,
                    elapsed: started.elapsed(),
                });
            }
            Some(Part::Done { table: t, rows }) if t == index => break rows,
            Some(_) => {
                return Err(StoreError::Database(format!(
                    "the source sent another table's rows while {} was being copied",
                    table.name
                )));
            }
            None => {
                return Err(StoreError::Database(format!(
                    "the source stopped while {} was being copied",
                    table.name
                )));
            }
        }
    };
    let copied = writer.as_mut().finish().await.map_err(pg_err)?;
    if copied != sent || written != sent {
        return Err(StoreError::Database(format!(
            "{}: the source sent {sent} row(s), {copied} were written",
            table.name
        )));
    }
    progress(Progress {
        table: table.name,
        rows: copied,
        done: true,
        elapsed: started.elapsed(),
    });
    Ok(())
}

fn pg_type(column: super::super::transfer::Column) -> Type {
    use super::super::transfer::Column;
    match column {
        Column::Int => Type::INT4,
        Column::BigInt | Column::UnixOf(_) => Type::INT8,
        Column::Text => Type::TEXT,
        Column::Bool => Type::BOOL,
    }
}

fn sql_value(value: &Value) -> &(dyn ToSql + Sync) {
    match value {
        Value::Int(v) => v,
        Value::BigInt(v) => v,
        Value::Text(v) => v,
        Value::Bool(v) => v,
    }
}

/// The log's head at the last `seq` copied, the item numbers and the
/// serial ids past the highest copied: the next write continues the log.
async fn set_counters(tx: &Transaction<'_>, head: u64) -> Result<()> {
    let head = schema::to_i64(head);
    tx.execute("UPDATE log_head SET seq = $1 WHERE id = 1", &[&head])
        .await
        .map_err(pg_err)?;
    for (kind, setval) in NUMBER_SEQUENCES {
        let max: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(number), 0)::bigint FROM items WHERE kind = $1",
                &[kind],
            )
            .await
            .map_err(pg_err)?
            .get(0);
        // A sequence cannot be set to 0: a kind with no items keeps its
        // fresh sequence, which starts at 1.
        if max > 0 {
            tx.query_one(*setval, &[&max]).await.map_err(pg_err)?;
        }
    }
    for table in TABLES {
        let Some(id) = table.serial else { continue };
        // Constant names, as above.
        let max: i64 = tx
            .query_one(
                &format!("SELECT COALESCE(MAX({id}), 0)::bigint FROM {}", table.name),
                &[],
            )
            .await
            .map_err(pg_err)?
            .get(0);
        if max > 0 {
            tx.query_one(
                "SELECT setval(pg_get_serial_sequence($1, $2), $3)",
                &[&table.name, &id, &max],
            )
            .await
            .map_err(pg_err)?;
        }
    }
    Ok(())
}

/// Rows per table, in [`TABLES`] order.
async fn counts(tx: &Transaction<'_>) -> Result<Vec<(&'static str, u64)>> {
    let mut out = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let n: i64 = tx
            .query_one(&format!("SELECT COUNT(*) FROM {}", table.name), &[])
            .await
            .map_err(pg_err)?
            .get(0);
        out.push((table.name, schema::to_u64(n)));
    }
    Ok(out)
}

/// Rows per table, the log's head and the events' checksum, as this
/// transaction sees them.
async fn figures(tx: &Transaction<'_>) -> Result<Figures> {
    let counts = counts(tx).await?;
    let head: i64 = tx
        .query_one("SELECT seq FROM log_head WHERE id = 1", &[])
        .await
        .map_err(pg_err)?
        .get(0);
    let no_params: [&(dyn ToSql + Sync); 0] = [];
    let rows = tx
        .query_raw(
            "SELECT seq, item_id, version, type, body FROM events ORDER BY seq",
            no_params,
        )
        .await
        .map_err(pg_err)?;
    let mut rows = std::pin::pin!(rows);
    let mut sum = super::super::transfer::Checksum::default();
    while let Some(row) = rows.try_next().await.map_err(pg_err)? {
        sum.add(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
    }
    Ok(Figures {
        counts,
        head: schema::to_u64(head),
        checksum: sum.finish(),
    })
}

/// The figures of the log at `url`, read in one snapshot, changing
/// nothing (not even the schema).
pub(in crate::store) async fn figures_of(url: &str) -> Result<Figures> {
    let (mut client, connection) = schema::config(url)?
        .connect(tokio_postgres::NoTls)
        .await
        .map_err(pg_err)?;
    let driver = tokio::spawn(connection);
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(pg_err)?;
    let figures = figures(&tx).await;
    drop(tx);
    drop(client);
    driver.abort();
    figures
}
