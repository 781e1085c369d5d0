//! `citydesk bench`'s arguments.

use super::duration::parse_positive_duration;
use clap::{Args, ValueEnum};
use std::time::Duration;

/// `--scenario`: which of the bench's runs to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    All,
    Throughput,
    Latency,
    Memory,
    /// Action latency while six clients scrape /metrics (not in `all`).
    Scrapers,
    /// Bursts of concurrent writes until the server sheds load with 503
    /// (not in `all`).
    Overload,
    /// CAP parse + map in process, CAP and Open311 POSTs end to end, and
    /// the plain create beside them (not in `all`).
    Intake,
    /// Replicas on PostgreSQL (`--postgres`) against bare PostgreSQL: 1,
    /// 2 and 3 replicas' durable actions/s, stream latency across them,
    /// leader failover (not in `all`).
    Replicas,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How long the throughput and latency runs last, e.g. 10s, 2.5s, 500ms.
    #[arg(long, default_value = "10s", value_parser = parse_positive_duration)]
    pub duration: Duration,
    /// Concurrent workers acting in the throughput run.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: u16,
    /// Stream clients listening during the throughput run.
    #[arg(long, default_value_t = 200)]
    pub stream_clients: usize,
    /// Stream clients measured in the latency run.
    #[arg(long, default_value_t = 1000)]
    pub latency_clients: usize,
    /// Idle stream clients in the memory run.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub idle_clients: u32,
    /// Events per second the latency run publishes.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub rate: u32,
    /// Stream clients decode every event with the typed client, as the
    /// console does, instead of only splitting SSE lines. On a small machine
    /// the decoding competes with the server for the same cores.
    #[arg(long)]
    pub decode_streams: bool,
    /// Items on the server before the scrapers run (the KPI pass walks them).
    #[arg(long, default_value_t = 20_000)]
    pub scrape_items: usize,
    /// The PostgreSQL server the replicas scenario makes its databases on
    /// (and drops them after), without a database name.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
    pub postgres: String,
    /// Which scenario to run.
    #[arg(long, value_enum, default_value_t = Scenario::All)]
    pub scenario: Scenario,
}

impl BenchArgs {
    /// Whether this run is among those asked for.
    pub fn runs(&self, scenario: Scenario) -> bool {
        self.scenario == Scenario::All || self.scenario == scenario
    }
}
