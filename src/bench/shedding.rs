//! Two runs about staying up, each on its own server:
//!
//! - `scrapers`: action round trips while six clients scrape `/metrics`
//!   in a loop, with the KPI figures recomputed on every scrape
//!   (`--metrics-every 0s`, what the server did before it kept them) and
//!   kept for the default 5 s. `/metrics` needs no token, so what a scrape
//!   costs is what anyone on the LAN can make the server spend.
//! - `overload`: bursts of ever more concurrent writes, to find where the
//!   writer's queue fills and the server starts answering 503 with
//!   `Retry-After` instead of queueing.

use super::items::{self, Slot};
use super::report::{Figure, Report, ms, p50_p99, thousands};
use super::server::Server;
use crate::api::paths;
use crate::cli::BenchArgs;
use crate::client::{Client, ClientError};
use futures::StreamExt;
use reqwest::Method;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Scrapers in the loop, as in the probe that found the problem.
const SCRAPERS: usize = 6;
/// Workers acting while they scrape.
const WORKERS: usize = 8;

pub async fn scrapers(args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
    for (label, every) in [("every scrape", "0s"), ("kept 5 s", "5s")] {
        eprintln!(
            "citydesk bench: {SCRAPERS} /metrics scrapers, {} items, KPIs computed {label}…",
            args.scrape_items
        );
        let server = Server::start_with(&["--metrics-every", every]).await?;
        let outcome = scrape_run(&server, args, label, report).await;
        server.stop().await;
        outcome?;
    }
    report.notes.push(format!(
        "scrapers: {WORKERS} workers claim and release while {SCRAPERS} clients GET /metrics back to back; \
         the reference run has no scrapers"
    ));
    Ok(())
}

async fn scrape_run(
    server: &Server,
    args: &BenchArgs,
    label: &str,
    report: &mut Report,
) -> anyhow::Result<()> {
    let client = server.client()?;
    items::create(&client, args.scrape_items).await?;
    let slots = items::create(&client, WORKERS).await?;
    let quiet = act_for(&client, &slots, args.duration / 2).await;
    let stop = Arc::new(AtomicBool::new(false));
    let scrapes = Arc::new(AtomicU64::new(0));
    let scrapers: Vec<_> = (0..SCRAPERS)
        .map(|_| tokio::spawn(scrape(client.clone(), Arc::clone(&stop), Arc::clone(&scrapes))))
        .collect();
    let busy = act_for(&client, &slots, args.duration).await;
    stop.store(true, Ordering::Relaxed);
    for s in scrapers {
        s.await?;
    }
    let per_second = scrapes.load(Ordering::Relaxed) as f64 / args.duration.as_secs_f64();
    report.figures.push(Figure::plain(
        format!("action p50 / p99, no scrapers ({label} run)"),
        p50_p99(&quiet),
    ));
    report.figures.push(Figure::plain(
        format!("action p50 / p99, {SCRAPERS} scrapers, KPIs {label}"),
        p50_p99(&busy),
    ));
    report.figures.push(Figure::plain(
        "  scrapes answered",
        format!("{}/s", thousands(per_second)),
    ));
    Ok(())
}

async fn scrape(client: Client, stop: Arc<AtomicBool>, count: Arc<AtomicU64>) {
    while !stop.load(Ordering::Relaxed) {
        if let Ok((status, _)) = client.send_raw(Method::GET, paths::METRICS, Vec::new()).await
            && status.is_success()
        {
            count.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Round trips of claim-or-release by `WORKERS` workers for `time`, sorted.
async fn act_for(client: &Client, slots: &[Slot], time: Duration) -> Vec<Duration> {
    let deadline = Instant::now() + time;
    let tasks: Vec<_> = slots
        .iter()
        .cloned()
        .map(|mut slot| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut trips = Vec::new();
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    match client.act(&slot.id, &items::claim_or_release(&slot), None).await {
                        Ok(reply) => {
                            trips.push(sent.elapsed());
                            slot.update(&reply);
                        }
                        Err(_) => items::resync(&client, &mut slot).await,
                    }
                }
                trips
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    all.sort_unstable();
    all
}

/// Concurrent writes per burst, doubling until the server sheds.
const BURSTS: [usize; 6] = [256, 512, 1024, 2048, 4096, 8192];

pub async fn overload(report: &mut Report) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let outcome = bursts(&server, report).await;
    server.stop().await;
    outcome
}

async fn bursts(server: &Server, report: &mut Report) -> anyhow::Result<()> {
    let client = server.client()?;
    let mut first_shed = None;
    for n in BURSTS {
        eprintln!("citydesk bench: overload, {n} writes at once…");
        let slots = items::create(&client, n).await?;
        let started = Instant::now();
        let answers: Vec<(Duration, Result<(), ClientError>)> = futures::stream::iter(slots)
            .map(|slot| {
                let client = client.clone();
                async move {
                    let sent = Instant::now();
                    let r = client.act(&slot.id, &items::claim_or_release(&slot), None).await;
                    (sent.elapsed(), r.map(|_| ()))
                }
            })
            .buffer_unordered(n)
            .collect()
            .await;
        let wall = started.elapsed();
        let shed = answers
            .iter()
            .filter(|(_, r)| matches!(r, Err(ClientError::Api { status, .. }) if status.as_u16() == 503))
            .count();
        let other = answers.iter().filter(|(_, r)| r.is_err()).count() - shed;
        let mut ok: Vec<Duration> = answers
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(d, _)| *d)
            .collect();
        ok.sort_unstable();
        let slowest = ok.last().copied().unwrap_or_default();
        report.figures.push(Figure::plain(
            format!("{n} writes at once: 2xx p50 / p99, slowest"),
            format!("{}, {} (in {})", p50_p99(&ok), ms(slowest), ms(wall)),
        ));
        report.figures.push(Figure::plain(
            "  answered 503 + Retry-After / other errors",
            format!("{shed} / {other}"),
        ));
        if shed > 0 && first_shed.is_none() {
            first_shed = Some(n);
        }
    }
    report.notes.push(match first_shed {
        Some(n) => format!("overload: the writer's queue (512 commits) first filled with {n} writes at once"),
        None => format!(
            "overload: no burst up to {} writes filled the writer's queue (512 commits)",
            BURSTS[BURSTS.len() - 1]
        ),
    });
    Ok(())
}
