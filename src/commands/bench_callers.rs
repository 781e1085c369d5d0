//! `citydesk bench-callers`: a caller's history at a million items.

use crate::cli::CallersBenchArgs;

pub async fn run(args: CallersBenchArgs) -> anyhow::Result<()> {
    crate::bench::callers::run(args).await
}
