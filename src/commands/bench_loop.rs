//! `citydesk bench-loop`: the closed loop at city scale, in process.

use crate::cli::LoopArgs;

pub async fn run(args: LoopArgs) -> anyhow::Result<()> {
    crate::bench::scale::run(args).await
}
