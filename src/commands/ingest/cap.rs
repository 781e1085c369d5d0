//! `citydesk ingest cap`.

use crate::cli::CapArgs;

pub async fn run(_args: CapArgs) -> anyhow::Result<()> {
    anyhow::bail!("citydesk ingest cap is not built yet")
}
