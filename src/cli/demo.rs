//! `citydesk demo`'s arguments.

use super::{CityArg, LookArgs};
use crate::sim::Scenario;
use clap::Args;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the data in DIR (reused if it exists) instead of a fresh temporary directory.
    #[arg(long, value_name = "DIR")]
    pub data: Option<std::path::PathBuf>,
    /// What kind of day the simulated city has.
    #[arg(long, value_enum, default_value_t = Scenario::Heating)]
    pub scenario: Scenario,
    /// New reports per second.
    #[arg(long, default_value_t = 1.5)]
    pub rate: f64,
    /// How much faster than real time the city works its items.
    #[arg(long, default_value_t = 20.0)]
    pub speed: f64,
    /// How much faster than real time the built-in policy's clocks run:
    /// every limit divided by N and counted around the clock, so at 60 a
    /// 15-minute sign-for limit lasts 15 s and a working day 24 min.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub pace: u32,
    /// How often the desk telephone rings (a call posted to your console, as
    /// a PBX would); 0 turns it off. The first call comes after about 20 s.
    #[arg(long, default_value_t = 20.0)]
    pub calls_per_hour: f64,
    /// Seed of the simulated city [default: random].
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub city: CityArg,
}
