//! `citydesk bench-suggest`: suggestion quality and speed, in process.

use crate::cli::SuggestBenchArgs;

pub async fn run(args: SuggestBenchArgs) -> anyhow::Result<()> {
    crate::bench::suggest::run(args).await
}
