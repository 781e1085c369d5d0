//! `citydesk ingest`: one runner per standard, each in its own file.

mod cap;
mod cap_poll;
mod open311;

use crate::cli::IngestCommand;

pub async fn run(command: IngestCommand) -> anyhow::Result<()> {
    match command {
        IngestCommand::Cap(args) => cap::run(args).await,
        IngestCommand::Open311(args) => open311::run(args).await,
    }
}
