//! The command line of `citydesk sim`.

use super::scenario::Scenario;
use super::send::SimOptions;
use crate::cli::CityArg;
use clap::Args;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SimArgs {
    /// The server to feed.
    #[arg(long, env = "CITYDESK_SERVER", default_value = "http://127.0.0.1:7878")]
    pub server: String,
    /// An operator token that may create and work items (supervisor plays every part).
    #[arg(long, env = "CITYDESK_TOKEN", hide_env_values = true)]
    pub token: String,
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
    #[command(flatten)]
    pub city: CityArg,
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
        }
    }
}

/// `90`, `90s`, `5m`, `1h`, `500ms`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 90s, 5m or 1h"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("unknown unit {unit:?} in {s:?}; use ms, s, m or h")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("{s:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_seconds_minutes_and_hours() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        for bad in ["", "m", "5 weeks", "-1s", "1d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
