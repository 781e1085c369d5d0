//! `citydesk bench`: measures a real server process over loopback.
//!
//! The bench starts `citydesk serve` as a child on a fresh SQLite file and
//! drives it with the same typed client the console uses: durable actions
//! per second under stream load, publish → receive latency to many stream
//! clients, and server memory per idle stream. It reports figures against
//! their targets and never fails on a miss; the machine it runs on (and the
//! fact that the bench client shares its cores with the server) is part of
//! every figure.

mod cpu;
mod items;
mod latency;
mod memory;
mod report;
pub mod scale;
mod server;
mod sse;
mod streams;
mod throughput;

use anyhow::bail;
use clap::{Args, ValueEnum};
use report::Report;
use server::Server;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    All,
    Throughput,
    Latency,
    Memory,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How long the throughput and latency runs last, e.g. 10s, 2.5s, 500ms.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
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
    /// Which scenario to run.
    #[arg(long, value_enum, default_value_t = Scenario::All)]
    pub scenario: Scenario,
}

impl BenchArgs {
    fn runs(&self, scenario: Scenario) -> bool {
        self.scenario == Scenario::All || self.scenario == scenario
    }
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    check_fd_limit(&args)?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    eprintln!("citydesk bench: starting a server…");
    let server = Server::start().await?;
    let mut report = Report::default();
    // Ctrl-C still stops the server and removes its files.
    let outcome = tokio::select! {
        r = scenarios(&server, &args, &mut report) => r,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    server.stop().await;
    outcome?;
    println!("citydesk bench: `citydesk serve` child process, SQLite WAL + synchronous=FULL, loopback HTTP");
    println!(
        "machine: {cores} CPU cores shared by the server and the bench client (same tokio runtime as the CLI); \
         duration {:?} per timed run; stream clients: {}\n",
        args.duration,
        if args.decode_streams {
            "typed client, every event decoded"
        } else {
            "raw SSE, ids only"
        }
    );
    print!("{}", report.render());
    Ok(())
}

async fn scenarios(server: &Server, args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
    let client = server.client()?;
    let mut scratch = items::create(&client, 1).await?;
    let Some(scratch) = scratch.first_mut() else {
        bail!("could not create the scratch item");
    };
    if args.runs(Scenario::Memory) {
        eprintln!(
            "citydesk bench: memory with {} idle stream clients…",
            args.idle_clients
        );
        memory::run(server, args, report).await?;
        drain(server, &client, scratch, report).await?;
    }
    if args.runs(Scenario::Throughput) {
        for clients in [0, args.stream_clients] {
            eprintln!(
                "citydesk bench: throughput, {} workers, {clients} stream clients…",
                args.workers
            );
            throughput::run(server, args, clients, report).await?;
            drain(server, &client, scratch, report).await?;
        }
        report.notes.push(format!(
            "throughput: each of {} workers claims or releases its own items, waiting for each reply; \
             only 2xx count, over the wall time of the run",
            args.workers
        ));
    }
    if args.runs(Scenario::Latency) {
        eprintln!(
            "citydesk bench: latency, {} stream clients at {}/s…",
            args.latency_clients, args.rate
        );
        latency::run(server, args, report).await?;
    }
    Ok(())
}

/// Lets the server drop the last run's streams before the next run counts.
async fn drain(
    server: &Server,
    client: &crate::client::Client,
    scratch: &mut items::Slot,
    report: &mut Report,
) -> anyhow::Result<()> {
    let left = streams::wait_drained(server, client, scratch).await?;
    if left > 0 {
        report.notes.push(format!(
            "{left} closed streams were still counted by the server at the next run"
        ));
    }
    Ok(())
}

/// Every stream is a socket on both sides; the server child inherits this
/// process's limit, so one check covers both.
fn check_fd_limit(args: &BenchArgs) -> anyhow::Result<()> {
    let clients = [
        args.stream_clients,
        args.latency_clients,
        args.idle_clients as usize,
    ];
    let needed = clients.iter().max().copied().unwrap_or(0) + usize::from(args.workers) + 256;
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse::<usize>().ok());
    match soft {
        Some(soft) if soft < needed => bail!(
            "the open-files limit is {soft}, the bench needs about {needed}: run `ulimit -n {}` first",
            needed.next_power_of_two()
        ),
        _ => Ok(()),
    }
}

/// `10`, `10s`, `2.5s`, `500ms`.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, scale) = match s.strip_suffix("ms") {
        Some(n) => (n, 0.001),
        None => (s.strip_suffix('s').unwrap_or(s), 1.0),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 10s or 500ms"))?;
    if !(value.is_finite() && value > 0.0) {
        return Err("the duration must be positive".into());
    }
    Ok(Duration::from_secs_f64(value * scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_seconds_or_milliseconds() {
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2.5s"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
    }
}
