//! `citydesk ingest cap`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct CapArgs {
    /// CAP documents to send.
    pub files: Vec<std::path::PathBuf>,
}
