//! `citydesk bench-suggest`'s arguments.

use super::CityArg;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SuggestBenchArgs {
    /// Held-out set to evaluate, lines of CATEGORY<tab>DESCRIPTION [default: generated, fixed seed].
    #[arg(long, value_name = "FILE")]
    pub eval: Option<PathBuf>,
    /// Closed items to learn from, same format [default: generated, another seed].
    #[arg(long, value_name = "FILE")]
    pub train: Option<PathBuf>,
    /// Descriptions in the generated held-out set.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub eval_count: u64,
    /// Closed items in the generated training log.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub train_items: u64,
    /// Closed items learned before timing the keystrokes.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub items: u64,
    /// Write the held-out set here (CATEGORY<tab>DESCRIPTION) and stop.
    #[arg(long, value_name = "FILE")]
    pub write_eval: Option<PathBuf>,
    /// Write the training log here and stop.
    #[arg(long, value_name = "FILE")]
    pub write_train: Option<PathBuf>,
    #[command(flatten)]
    pub city: CityArg,
}
