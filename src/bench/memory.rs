//! Server memory per idle stream client: the server's resident set before
//! and after many streams are open and quiet. The server is warmed up first
//! (items, actions, a few streams opened and closed) so the "before" figure
//! already holds its pools and caches.

use super::BenchArgs;
use super::items;
use super::report::{Figure, Report};
use super::server::Server;
use super::streams::{Listener, Streams, wait_drained, wait_open};
use std::time::Duration;

/// How long idle streams sit before the "after" reading.
const SETTLE: Duration = Duration::from_secs(1);
/// The figure's target, from the issue.
const TARGET_KIB: f64 = 32.0;

pub async fn run(server: &Server, args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
    let client = server.client()?;
    let listener = Listener::new(server, args.decode_streams)?;
    warm_up(server, &client, &listener).await?;
    tokio::time::sleep(SETTLE).await;
    let before = server.rss_kib()?;
    let n = args.idle_clients as usize;
    let streams = Streams::open(&listener, n, false).await?;
    wait_open(server, &client, n as u64).await?;
    tokio::time::sleep(SETTLE).await;
    let after = server.rss_kib()?;
    streams.close().await;

    let per_client = after.saturating_sub(before) as f64 / n.max(1) as f64;
    report.figures.push(Figure::plain(
        "server RSS before / after idle streams",
        format!("{:.1} / {:.1} MiB", before as f64 / 1024.0, after as f64 / 1024.0),
    ));
    report.figures.push(Figure::against(
        format!("server memory per idle stream client ({n} clients)"),
        format!("{per_client:.1} KiB"),
        "≤ 32 KiB",
        per_client <= TARGET_KIB,
    ));
    report.notes.push(
        "memory: VmRSS of the server process from /proc, (after − before) / clients; kernel socket \
         buffers are not in it"
            .into(),
    );
    Ok(())
}

/// Items, actions and a few streams, so first-use allocations are done.
async fn warm_up(server: &Server, client: &crate::client::Client, listener: &Listener) -> anyhow::Result<()> {
    let mut slots = items::create(client, 64).await?;
    let streams = Streams::open(listener, 16, false).await?;
    wait_open(server, client, 16).await?;
    for _ in 0..4 {
        for slot in &mut slots {
            let reply = client.act(&slot.id, &items::claim_or_release(slot), None).await?;
            slot.update(&reply);
        }
    }
    streams.close().await;
    wait_drained(server, client, &mut slots[0]).await?;
    Ok(())
}
