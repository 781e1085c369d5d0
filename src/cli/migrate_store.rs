//! `citydesk migrate-store`'s arguments.

use clap::Args;

/// Copy a whole SQLite log into an empty PostgreSQL database and verify it.
///
/// Every table is copied (events, items, idempotency keys, operators with
/// their token hashes, callers, audit, facts, intake documents) in one
/// transaction, then counted and checksummed on both sides; the copy is
/// committed only when the figures agree. Stop every server on the source
/// and the target first: writes to the source after the copy began are
/// not copied, and a target a server holds the loop lease on is refused.
#[derive(Debug, Args)]
#[command(
    after_help = "Stop the server on the SQLite file first, and run no server on the target \
                  while copying: the copy refuses a target that holds anything or on which a \
                  server holds the loop lease. Then start the replicas with --db postgres://…"
)]
pub struct MigrateStoreArgs {
    /// The log to copy: sqlite:PATH (a file from an older citydesk is first brought to the
    /// current schema, as serve would).
    #[arg(long, value_name = "sqlite:PATH")]
    pub from: String,
    /// The empty PostgreSQL database to copy into: postgres://USER@HOST:PORT/DB.
    #[arg(long, value_name = "postgres://…")]
    pub to: String,
    /// Copy nothing: compare the two logs' counts, last seq and events checksum.
    #[arg(long)]
    pub verify_only: bool,
}
