//! `citydesk bench-console`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct BenchConsoleArgs {
    /// Open items in the mirror.
    #[arg(long, default_value_t = 100_000)]
    pub items: usize,
}
