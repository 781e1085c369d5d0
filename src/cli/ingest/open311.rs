//! `citydesk ingest open311`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct Open311Args {
    /// A `GET requests` document: a URL or a file.
    #[arg(long)]
    pub from: Option<String>,
}
