//! `citydesk bench-callers`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct CallersBenchArgs {
    /// Tickets in the store, each with a caller.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1000..=10_000_000))]
    pub items: u64,
    /// Timed lookups of each kind.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub runs: u32,
}
