//! `citydesk backup` and `citydesk verify`'s arguments.

use super::DbArg;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// The new file to write (never overwritten).
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The database file or backup to check (it is only read).
    pub file: PathBuf,
    /// The checksum `backup` printed: the events must still add up to it.
    #[arg(long, value_name = "SHA256")]
    pub checksum: Option<String>,
}
