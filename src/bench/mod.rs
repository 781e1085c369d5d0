//! `citydesk bench`: measures a real server process over loopback.
//!
//! The bench starts `citydesk serve` as a child on a fresh SQLite file and
//! drives it with the same typed client the console uses: durable actions
//! per second under stream load, publish → receive latency to many stream
//! clients, and server memory per idle stream. It reports figures against
//! their targets and never fails on a miss; the machine it runs on (and the
//! fact that the bench client shares its cores with the server) is part of
//! every figure.

pub mod callers;
mod cpu;
mod history;
mod intake;
mod items;
mod latency;
mod memory;
mod replicas;
mod report;
pub mod scale;
mod server;
mod shedding;
mod sse;
mod streams;
pub mod suggest;
mod throughput;

use crate::cli::BenchArgs;
use crate::cli::BenchScenario as Scenario;
use anyhow::bail;
pub use replicas::run as replicas;
pub use report::Report;
pub use server::Server;

/// Runs the scenarios `args` asks for against `server`, adding their
/// figures to `report`.
pub async fn scenarios(server: &Server, args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
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
    // These two start servers of their own, and only when asked for.
    if args.scenario == Scenario::Scrapers {
        shedding::scrapers(args, report).await?;
    }
    if args.scenario == Scenario::Overload {
        shedding::overload(report).await?;
    }
    if args.scenario == Scenario::Intake {
        intake::run(server, args, report).await?;
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
