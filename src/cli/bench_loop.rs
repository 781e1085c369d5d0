//! `citydesk bench-loop`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct LoopArgs {
    /// Open items in the store.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1000..=10_000_000))]
    pub items: u64,
    /// Closed items behind the open ones, reported over history/650 days
    /// (a city's hotline takes about 650 a day); with history, the bench
    /// also starts a real `citydesk serve` on the database and reports its
    /// start-up time and memory.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    pub history: u64,
    /// Clocks that come due in each "due" pass.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub due: u64,
    /// Timed runs of each measurement.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub runs: u32,
}
