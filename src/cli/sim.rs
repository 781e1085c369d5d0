//! `citydesk sim`'s arguments.

use super::duration::parse_duration;
use super::{CityArg, TransportArgs};
use crate::sim::{Scenario, SimOptions};
use clap::Args;
use std::time::Duration;

/// The token (one that may create and work items; supervisor plays every
/// part) comes from CITYDESK_TOKEN or `token` in config.toml, never the
/// command line, where other users' `ps` would see it.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// The server to feed [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    /// Reports per second.
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
    /// What kind of day.
    #[arg(long, value_enum, default_value_t = Scenario::Normal)]
    pub scenario: Scenario,
    /// Stop after this long: 90s, 5m, 1h [default: until Ctrl-C]
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<Duration>,
    /// Stop after this many reports and let their items' lifecycles finish.
    #[arg(long)]
    pub items: Option<u64>,
    /// Seed of the generator; the same seed sends the same reports and steps [default: random, printed]
    #[arg(long)]
    pub seed: Option<u64>,
    /// Make the city's waits (between an item's steps, before repeat callers and sensor firings;
    /// seconds to minutes) pass this many times faster; the report rate stays --rate.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Most requests in flight at once.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Only report; nobody accepts or works the items (load tests of intake).
    #[arg(long)]
    pub intake_only: bool,
    /// Ring this operator's console now and then, as a PBX would (the token
    /// must be telephony, supervisor or admin).
    #[arg(long, value_name = "LOGIN")]
    pub ring: Option<String>,
    /// How often --ring rings, on average.
    #[arg(long, default_value_t = 20.0)]
    pub calls_per_hour: f64,
    #[command(flatten)]
    pub city: CityArg,
    #[command(flatten)]
    pub lang: super::LangArg,
    #[command(flatten)]
    pub transport: TransportArgs,
}

impl SimArgs {
    pub fn options(&self, seed: u64) -> SimOptions {
        SimOptions {
            scenario: self.scenario,
            seed,
            rate: self.rate,
            duration: self.duration,
            items: self.items,
            speed: self.speed,
            concurrency: self.concurrency,
            intake_only: self.intake_only,
            layout: None,
        }
    }
}
