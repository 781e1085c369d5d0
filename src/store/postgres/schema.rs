//! Connecting, versioned migrations, and what PostgreSQL's errors mean
//! for the server.

use super::super::{Result, StoreError};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::NoTls;

/// Migrations in order; the index + 1 is the version in `citydesk_schema`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_init.sql"),
    include_str!("../../../migrations/postgres/0002_replica_writes.sql"),
];

/// How long a request waits for a connection (or to open one) before it
/// is answered 503: an outage fails fast instead of hanging requests.
pub(super) const WAIT: Duration = Duration::from_secs(3);

/// Connections per replica: the writer's, the follower's and readers'.
const POOL_SIZE: usize = 16;

/// Advisory lock key under which replicas starting together migrate one
/// at a time ("citydesk" in ASCII, truncated).
pub(super) const MIGRATION_LOCK: i64 = 0x6369_7479_6465_736b;

/// The driver's settings from a `postgres://` URL, with a connect timeout
/// when the URL sets none.
pub(super) fn config(url: &str) -> Result<tokio_postgres::Config> {
    let mut config = tokio_postgres::Config::from_str(url)
        .map_err(|e| StoreError::Database(format!("bad PostgreSQL URL: {e}")))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(WAIT);
    }
    if config.get_application_name().is_none() {
        config.application_name("citydesk");
    }
    Ok(config)
}

pub(super) fn pool(config: tokio_postgres::Config) -> Result<Pool> {
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(POOL_SIZE)
        .wait_timeout(Some(WAIT))
        .create_timeout(Some(WAIT))
        .recycle_timeout(Some(WAIT))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(|e| StoreError::Database(format!("cannot build the connection pool: {e}")))
}

/// Brings the schema up to date under an advisory lock, so replicas that
/// start together migrate once; a schema newer than this binary is
/// refused rather than guessed at.
pub(super) async fn migrate(pool: &Pool) -> Result<()> {
    let mut client = pool.get().await.map_err(pool_err)?;
    let tx = client.transaction().await.map_err(pg_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(pg_err)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS citydesk_schema (version INTEGER NOT NULL)")
        .await
        .map_err(pg_err)?;
    let current: i32 = tx
        .query_opt("SELECT version FROM citydesk_schema", &[])
        .await
        .map_err(pg_err)?
        .map_or(0, |r| r.get(0));
    let current =
        usize::try_from(current).map_err(|_| StoreError::Corrupt("negative schema version".into()))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Database(format!(
            "the database has schema version {current}, newer than this citydesk ({}); upgrade citydesk",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql).await.map_err(pg_err)?;
        tracing::info!(version = i + 1, "applied a PostgreSQL migration");
    }
    let version = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
    tx.execute("DELETE FROM citydesk_schema", &[])
        .await
        .map_err(pg_err)?;
    tx.execute("INSERT INTO citydesk_schema (version) VALUES ($1)", &[&version])
        .await
        .map_err(pg_err)?;
    tx.commit().await.map_err(pg_err)
}

/// Sorts the driver's errors by what the server should do: a database
/// that cannot be reached, is shutting down or out of space is
/// [`StoreError::Unavailable`] (503, recovers by itself).
pub(super) fn pg_err(e: tokio_postgres::Error) -> StoreError {
    let text = e.to_string();
    let Some(db) = e.as_db_error() else {
        // No answer from the server at all: the connection is gone.
        let detail = std::error::Error::source(&e).map_or(text.clone(), |s| format!("{text}: {s}"));
        return StoreError::Unavailable(format!("the database is unreachable ({detail})"));
    };
    let code = db.code().code();
    let message = db.message();
    match &code[..2] {
        // Connection exceptions, insufficient resources (disk full),
        // operator intervention (shutdown, restart).
        "08" | "53" | "57" => StoreError::Unavailable(format!("the database refused the write ({message})")),
        "XX" => StoreError::Corrupt(format!("the database reports damage ({message})")),
        _ => StoreError::Database(format!("{message} ({code})")),
    }
}

/// Waiting for a connection failed: the database is down or every
/// connection is busy for longer than [`WAIT`].
pub(super) fn pool_err(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_err(e),
        other => StoreError::Unavailable(format!("the database is unreachable ({other})")),
    }
}

/// Whether `e` is PostgreSQL's unique violation.
pub(super) fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION)
}

/// The same error again, its kind kept: one failed batch answers many.
pub(super) fn again(e: &StoreError) -> StoreError {
    match e {
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        StoreError::Corrupt(m) => StoreError::Corrupt(m.clone()),
        other => StoreError::Database(other.to_string()),
    }
}

pub(super) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(super) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub(super) fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn encode<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}
