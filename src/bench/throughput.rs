//! Durable actions per second while stream clients listen: concurrent
//! workers each claim and release their own items as fast as the server
//! acknowledges. Every 2xx is on disk (WAL, `synchronous=FULL`), so the
//! count of 2xx over the wall time is the durable rate.

use super::BenchArgs;
use super::cpu::CpuMeter;
use super::items::{self, Slot};
use super::report::{Figure, Report, p50_p99, thousands};
use super::server::Server;
use super::streams::{Listener, Streams, wait_open};
use crate::client::Client;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Items each worker rotates over.
const ITEMS_PER_WORKER: usize = 4;
/// The figure's target, from the issue.
const TARGET: f64 = 3000.0;

#[derive(Debug, Default)]
pub(super) struct WorkerResult {
    pub(super) acked: u64,
    pub(super) errors: BTreeMap<String, u64>,
    pub(super) round_trips: Vec<Duration>,
}

/// One timed run with `stream_clients` listening. The run with none is a
/// reference: it shows what the same server does without the fan-out.
pub async fn run(
    server: &Server,
    args: &BenchArgs,
    stream_clients: usize,
    report: &mut Report,
) -> anyhow::Result<()> {
    let client = server.client()?;
    let listener = Listener::new(server, args.decode_streams)?;
    let streams = Streams::open(&listener, stream_clients, false).await?;
    wait_open(server, &client, stream_clients as u64).await?;
    let workers = usize::from(args.workers);
    let slots = items::create(&client, workers * ITEMS_PER_WORKER).await?;
    let mut shares: Vec<Vec<Slot>> = vec![Vec::new(); workers];
    for (i, slot) in slots.into_iter().enumerate() {
        shares[i % workers].push(slot);
    }

    let cpu = CpuMeter::start(server.pid())?;
    let started = Instant::now();
    let deadline = started + args.duration;
    let tasks: Vec<_> = shares
        .into_iter()
        .map(|share| tokio::spawn(worker(client.clone(), share, deadline)))
        .collect();
    let mut total = WorkerResult::default();
    for task in tasks {
        let r = task.await?;
        total.acked += r.acked;
        total.round_trips.extend(r.round_trips);
        for (k, v) in r.errors {
            *total.errors.entry(k).or_default() += v;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu.stop()?;
    let seen = streams.close().await;

    let rate = total.acked as f64 / elapsed;
    total.round_trips.sort_unstable();
    let name = format!("durable actions/s ({workers} workers, {stream_clients} stream clients)");
    let value = format!("{}/s", thousands(rate));
    report.figures.push(if stream_clients == 0 {
        Figure::plain(format!("{name}, reference"), value)
    } else {
        Figure::against(name, value, "≥ 3,000/s", rate >= TARGET)
    });
    report.figures.push(Figure::plain(
        "  action round trip p50 / p99",
        p50_p99(&total.round_trips),
    ));
    let errors: u64 = total.errors.values().sum();
    let detail = total
        .errors
        .iter()
        .map(|(k, v)| format!("{v}× {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let errors = if errors == 0 {
        "0".to_owned()
    } else {
        format!("{errors} ({detail})")
    };
    report
        .figures
        .push(Figure::plain("  action errors (non-2xx or lost)", errors));
    report.figures.push(Figure::plain(
        "  CPU: server / bench / other processes",
        cpu.describe(),
    ));
    report
        .notes
        .extend(cpu.contention(&format!("throughput ({stream_clients} stream clients)")));
    if stream_clients > 0 {
        let delivered: u64 = seen.iter().map(|s| s.events).sum();
        let broken = seen.iter().filter(|s| s.broken).count();
        report.figures.push(Figure::plain(
            "  events delivered to stream clients",
            format!("{} ({broken} streams broke)", thousands(delivered as f64)),
        ));
    }
    Ok(())
}

/// Claims or releases `slots` in turn until `deadline`.
pub(super) async fn worker(client: Client, mut slots: Vec<Slot>, deadline: Instant) -> WorkerResult {
    let mut result = WorkerResult::default();
    if slots.is_empty() {
        return result;
    }
    let mut next = 0;
    while Instant::now() < deadline {
        let len = slots.len();
        let slot = &mut slots[next % len];
        next += 1;
        let request = items::claim_or_release(slot);
        let sent = Instant::now();
        match client.act(&slot.id, &request, None).await {
            Ok(reply) => {
                result.round_trips.push(sent.elapsed());
                result.acked += 1;
                slot.update(&reply);
            }
            Err(e) => {
                *result.errors.entry(items::error_label(&e)).or_default() += 1;
                items::resync(&client, slot).await;
            }
        }
    }
    result
}
