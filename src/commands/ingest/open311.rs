//! `citydesk ingest open311`.

use crate::cli::Open311Args;

pub async fn run(_args: Open311Args) -> anyhow::Result<()> {
    anyhow::bail!("citydesk ingest open311 is not built yet")
}
