//! Replicas on PostgreSQL against PostgreSQL itself, same machine, same
//! run: what bare PostgreSQL commits per second (one event per durable
//! commit from many connections, and 100 events per commit pipelined),
//! then durable actions per second through 1, 2 and 3 `citydesk serve`
//! replicas on one fresh database, publish → receive latency with stream
//! clients spread over three replicas, and how long the closed loop takes
//! to move when its leader is killed.

use super::latency::{SentAt, publish};
use super::report::{Figure, Report, ms, p50_p99, quantile, thousands};
use super::server::{Server, add_operator};
use super::streams::{Listener, Streams};
use super::throughput::{WorkerResult, worker};
use super::{BenchArgs, items};
use crate::client::Client;
use anyhow::Context;
use futures::future::join_all;
use std::time::{Duration, Instant};
use tokio_postgres::NoTls;

/// Connections the bare runs commit from: as many as a replica's pool.
const CONNECTIONS: usize = 16;
/// Events per transaction in the pipelined bare run.
const PER_COMMIT: usize = 100;

/// A fresh database on the server `base` (`postgres://user@host:port`),
/// dropped when the run ends.
struct Database {
    base: String,
    name: String,
}

impl Database {
    async fn create(base: &str, name: &str) -> anyhow::Result<Self> {
        let admin = connect(&format!("{base}/postgres")).await?;
        // One statement each: PostgreSQL runs a multi-statement string in
        // one transaction, where neither may run.
        for sql in [
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ] {
            admin
                .batch_execute(&sql)
                .await
                .with_context(|| format!("creating database {name} on {base}"))?;
        }
        Ok(Database {
            base: base.to_owned(),
            name: name.to_owned(),
        })
    }

    fn url(&self) -> String {
        format!("{}/{}", self.base, self.name)
    }

    async fn drop_now(self) {
        if let Ok(admin) = connect(&format!("{}/postgres", self.base)).await {
            let _ = admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
                .await;
        }
    }
}

async fn connect(url: &str) -> anyhow::Result<tokio_postgres::Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .with_context(|| format!("connecting to {}", crate::store::shown_url(url)))?;
    tokio::spawn(connection);
    Ok(client)
}

pub async fn run(postgres: &str, args: &BenchArgs, report: &mut Report) -> anyhow::Result<()> {
    let postgres = postgres.trim_end_matches('/');
    let tag = std::process::id();
    eprintln!("citydesk bench: bare PostgreSQL…");
    let bare = Database::create(postgres, &format!("citydesk_bench_bare_{tag}")).await?;
    let (single, pipelined) = bare_rates(&bare.url(), args.duration).await;
    bare.drop_now().await;
    let (single, pipelined) = (single?, pipelined?);
    report.figures.push(Figure::plain(
        format!("bare PostgreSQL, 1 event per durable commit ({CONNECTIONS} connections)"),
        format!("{}/s", thousands(single)),
    ));
    report.figures.push(Figure::plain(
        format!("bare PostgreSQL, {PER_COMMIT} events per commit, pipelined ({CONNECTIONS} connections)"),
        format!("{}/s", thousands(pipelined)),
    ));
    for n in 1..=3 {
        eprintln!("citydesk bench: {n} replica(s), {} workers…", args.workers);
        let db = Database::create(postgres, &format!("citydesk_bench_{n}_{tag}")).await?;
        let outcome = replicas_run(&db.url(), n, args, single, pipelined, report).await;
        db.drop_now().await;
        outcome?;
    }
    report.notes.push(
        "replicas: every worker claims or releases its own items on the replica it was given (round robin), \
         waiting for each reply; the bare runs insert rows of the size of an event"
            .into(),
    );
    Ok(())
}

/// Events per second of bare PostgreSQL: one per autocommit INSERT, and
/// [`PER_COMMIT`] pipelined INSERTs per transaction.
async fn bare_rates(url: &str, duration: Duration) -> (anyhow::Result<f64>, anyhow::Result<f64>) {
    let setup = async {
        let c = connect(url).await?;
        c.batch_execute("CREATE TABLE bench_events (seq BIGSERIAL PRIMARY KEY, item_id TEXT, body TEXT)")
            .await?;
        anyhow::Ok(())
    };
    if let Err(e) = setup.await {
        return (Err(e), Err(anyhow::anyhow!("no table")));
    }
    (
        bare(url, duration, 1).await,
        bare(url, duration, PER_COMMIT).await,
    )
}

async fn bare(url: &str, duration: Duration, per_commit: usize) -> anyhow::Result<f64> {
    let body = "x".repeat(400);
    let item = "TKT-0001";
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let tasks = (0..CONNECTIONS).map(|_| {
        let body = body.clone();
        async move {
            let params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&item, &body];
            let mut c = connect(url).await?;
            let insert = c
                .prepare("INSERT INTO bench_events (item_id, body) VALUES ($1, $2)")
                .await?;
            let mut done = 0u64;
            while Instant::now() < deadline {
                if per_commit == 1 {
                    c.execute(&insert, &params).await?;
                } else {
                    let tx = c.transaction().await?;
                    let rows = (0..per_commit).map(|_| tx.execute(&insert, &params));
                    for r in join_all(rows).await {
                        r?;
                    }
                    tx.commit().await?;
                }
                done += per_commit as u64;
            }
            anyhow::Ok(done)
        }
    });
    let mut total = 0;
    for r in join_all(tasks).await {
        total += r?;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

async fn replicas_run(
    db: &str,
    n: usize,
    args: &BenchArgs,
    single: f64,
    pipelined: f64,
    report: &mut Report,
) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("finding the citydesk executable")?;
    let token = add_operator(&exe, db, "bench", "dispatcher").await?;
    let mut servers = Vec::new();
    for _ in 0..n {
        servers.push(Server::replica(db, &token, &[]).await?);
    }
    let clients: Vec<Client> = servers
        .iter()
        .map(Server::client)
        .collect::<anyhow::Result<_>>()?;
    let rate = throughput(&clients, args).await?;
    report.figures.push(Figure::plain(
        format!("{n} replica(s): durable actions/s ({} workers)", args.workers),
        format!(
            "{}/s = {:.2}× bare single-commit, {:.2}× bare pipelined",
            thousands(rate.0),
            rate.0 / single.max(1.0),
            rate.0 / pipelined.max(1.0)
        ),
    ));
    report
        .figures
        .push(Figure::plain("  action round trip p50 / p99", rate.1));
    if n == 3 {
        eprintln!(
            "citydesk bench: stream latency, {} clients over 3 replicas at {}/s…",
            args.latency_clients, args.rate
        );
        latency(&servers, &clients[0], args, report).await?;
        failover(&mut servers, &clients, report).await?;
    }
    for s in servers {
        s.stop().await;
    }
    Ok(())
}

/// Durable actions per second through all the replicas, and the round
/// trips' p50 / p99.
async fn throughput(clients: &[Client], args: &BenchArgs) -> anyhow::Result<(f64, String)> {
    let workers = usize::from(args.workers);
    let mut shares = Vec::new();
    for w in 0..workers {
        let client = clients[w % clients.len()].clone();
        shares.push((client.clone(), items::create(&client, 4).await?));
    }
    let started = Instant::now();
    let deadline = started + args.duration;
    let tasks: Vec<_> = shares
        .into_iter()
        .map(|(client, slots)| tokio::spawn(worker(client, slots, deadline)))
        .collect();
    let mut total = WorkerResult::default();
    for task in tasks {
        let r = task.await?;
        total.acked += r.acked;
        total.round_trips.extend(r.round_trips);
    }
    total.round_trips.sort_unstable();
    Ok((
        total.acked as f64 / started.elapsed().as_secs_f64(),
        p50_p99(&total.round_trips),
    ))
}

/// Notes published on replica 0 at `args.rate`, received by
/// `args.latency_clients` streams spread over every replica.
async fn latency(
    servers: &[Server],
    publisher: &Client,
    args: &BenchArgs,
    report: &mut Report,
) -> anyhow::Result<()> {
    let slots = items::create(publisher, 32).await?;
    let per = args.latency_clients.div_ceil(servers.len());
    let mut listeners = Vec::new();
    let mut streams = Vec::new();
    for s in servers {
        let listener = Listener::new(s, args.decode_streams)?;
        streams.push(Streams::open(&listener, per, true).await?);
        listeners.push(listener);
    }
    // Let every stream reach the head before timing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent: SentAt = SentAt::default();
    let (errors, _) = publish(publisher, slots, args, &sent).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent = std::mem::take(&mut *sent.lock().unwrap_or_else(|p| p.into_inner()));
    let mut latencies = Vec::new();
    let mut remote = Vec::new();
    for (i, s) in streams.into_iter().enumerate() {
        for seen in s.close().await {
            for (seq, at) in &seen.arrivals {
                if let Some(start) = sent.get(seq) {
                    let l = at.saturating_duration_since(*start);
                    latencies.push(l);
                    if i > 0 {
                        remote.push(l);
                    }
                }
            }
        }
    }
    latencies.sort_unstable();
    remote.sort_unstable();
    let scope = format!(
        "{} clients over 3 replicas, {}/s",
        args.latency_clients, args.rate
    );
    report.figures.push(Figure::against(
        format!("stream latency p50 / p99 ({scope})"),
        format!(
            "{} / {}",
            ms(quantile(&latencies, 0.5)),
            ms(quantile(&latencies, 0.99))
        ),
        "p99 ≤ 50 ms",
        quantile(&latencies, 0.99) <= Duration::from_millis(50),
    ));
    report.figures.push(Figure::plain(
        "  clients on the two other replicas: p50 / p99",
        format!("{} / {}", ms(quantile(&remote, 0.5)), ms(quantile(&remote, 0.99))),
    ));
    report.figures.push(Figure::plain(
        "  (client, event) pairs measured / publish errors",
        format!("{} / {errors}", thousands(latencies.len() as f64)),
    ));
    Ok(())
}

/// Kills the leader; the time until another replica says it leads.
async fn failover(servers: &mut Vec<Server>, clients: &[Client], report: &mut Report) -> anyhow::Result<()> {
    let mut leader = None;
    for (i, c) in clients.iter().enumerate() {
        if c.health().await?.role == "leader" {
            leader = Some(i);
        }
    }
    let leader = leader.context("no replica says it leads")?;
    let killed = Instant::now();
    servers.remove(leader).stop().await;
    let deadline = killed + Duration::from_secs(30);
    loop {
        for (i, c) in clients.iter().enumerate() {
            if i != leader && c.health().await.map(|h| h.role == "leader").unwrap_or(false) {
                report.figures.push(Figure::plain(
                    "leader killed (kill -9) → another replica leads",
                    format!(
                        "{:.1} s (lease 6 s, renewed every 2 s)",
                        killed.elapsed().as_secs_f64()
                    ),
                ));
                return Ok(());
            }
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "no replica took the loop over within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
