//! Publish → receive latency: one publisher appends notes at a fixed rate
//! while many stream clients listen. Latency is measured from the moment
//! the publisher starts the action request to the moment a client has
//! decoded the event, for every (client, event) pair; the reply's `seq`
//! ties the two ends together.

use super::BenchArgs;
use super::cpu::CpuMeter;
use super::items::{self, Slot};
use super::report::{Figure, Report, ms, p50_p99, quantile, thousands};
use super::server::Server;
use super::streams::{Listener, Streams, wait_open};
use crate::api::ActionRequest;
use crate::client::Client;
use crate::model::Action;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// Items the publisher rotates over, so a slow reply never holds up the
/// next tick (the rate is open-loop).
const PUBLISH_ITEMS: usize = 32;
/// How long clients may still receive after the last publish.
const GRACE: Duration = Duration::from_secs(2);
/// The figure's target, from the issue.
const TARGET: Duration = Duration::from_millis(50);

pub(super) type SentAt = Arc<Mutex<HashMap<u64, Instant>>>;

pub async fn run(server: &Server, args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
    let client = server.client()?;
    let listener = Listener::new(server, args.decode_streams)?;
    let slots = items::create(&client, PUBLISH_ITEMS).await?;
    let streams = Streams::open(&listener, args.latency_clients, true).await?;
    wait_open(server, &client, args.latency_clients as u64).await?;

    let sent: SentAt = Arc::default();
    let started = Instant::now();
    let cpu = CpuMeter::start(server.pid())?;
    let (publish_errors, mut round_trips) = publish(&client, slots, args, &sent).await;
    round_trips.sort_unstable();
    let publish_secs = started.elapsed().as_secs_f64();
    let cpu = cpu.stop()?;
    tokio::time::sleep(GRACE).await;
    let seen = streams.close().await;

    let sent = std::mem::take(&mut *sent.lock().unwrap_or_else(|p| p.into_inner()));
    let mut latencies = Vec::with_capacity(sent.len() * seen.len());
    for client_seen in &seen {
        for (seq, at) in &client_seen.arrivals {
            if let Some(start) = sent.get(seq) {
                latencies.push(at.saturating_duration_since(*start));
            }
        }
    }
    latencies.sort_unstable();
    let expected = sent.len() * seen.len();
    let missing = expected.saturating_sub(latencies.len());
    let p99 = quantile(&latencies, 0.99);
    let scope = format!("{} clients, {}/s", args.latency_clients, args.rate);
    report.figures.push(Figure::plain(
        format!("stream latency p50 ({scope})"),
        ms(quantile(&latencies, 0.5)),
    ));
    report.figures.push(Figure::against(
        format!("stream latency p99 ({scope})"),
        ms(p99),
        "≤ 50 ms",
        p99 <= TARGET,
    ));
    report.figures.push(Figure::plain(
        format!("stream latency max ({scope})"),
        ms(latencies.last().copied().unwrap_or_default()),
    ));
    report.figures.push(Figure::plain(
        "  events published / publish errors",
        format!("{} in {publish_secs:.1} s / {publish_errors}", sent.len()),
    ));
    report.figures.push(Figure::plain(
        "  publisher's action round trip p50 / p99",
        p50_p99(&round_trips),
    ));
    let broken = seen.iter().filter(|s| s.broken).count();
    report.figures.push(Figure::plain(
        "  (client, event) pairs measured / missing",
        format!(
            "{} / {missing} ({broken} streams broke)",
            thousands(latencies.len() as f64)
        ),
    ));
    report.figures.push(Figure::plain(
        "  CPU: server / bench / other processes",
        cpu.describe(),
    ));
    report.notes.extend(cpu.contention("latency"));
    report.notes.push(
        "latency: from the start of the publisher's action request to the client's decoding of the \
         event, over every (client, event) pair"
            .into(),
    );
    Ok(())
}

/// Issues `rate × duration` notes on a fixed schedule; returns how many
/// failed and the round trips of those that did not.
pub(super) async fn publish(
    client: &Client,
    slots: Vec<Slot>,
    args: &BenchArgs,
    sent: &SentAt,
) -> (u64, Vec<Duration>) {
    let slots: Vec<_> = slots
        .into_iter()
        .map(|s| Arc::new(tokio::sync::Mutex::new(s)))
        .collect();
    let total = (f64::from(args.rate) * args.duration.as_secs_f64()).round() as usize;
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(args.rate)));
    let mut tasks = JoinSet::new();
    for n in 0..total {
        tick.tick().await;
        let slot = slots[n % slots.len()].clone();
        let (client, sent) = (client.clone(), sent.clone());
        tasks.spawn(async move {
            // Requests on one item queue here; the item's version orders them.
            let mut slot = slot.lock().await;
            let request = ActionRequest::new(
                Action::Note {
                    text: format!("bench note {n}"),
                },
                slot.version,
            );
            let start = Instant::now();
            match client.act(&slot.id, &request, None).await {
                Ok(reply) => {
                    let round_trip = start.elapsed();
                    slot.update(&reply);
                    let mut sent = sent.lock().unwrap_or_else(|p| p.into_inner());
                    for e in &reply.events {
                        sent.insert(e.seq, start);
                    }
                    Some(round_trip)
                }
                Err(_) => {
                    items::resync(&client, &mut slot).await;
                    None
                }
            }
        });
    }
    let (mut errors, mut round_trips) = (0, Vec::with_capacity(total));
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Some(round_trip)) => round_trips.push(round_trip),
            _ => errors += 1,
        }
    }
    (errors, round_trips)
}
