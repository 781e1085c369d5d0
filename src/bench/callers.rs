//! `citydesk bench-callers`: a caller's history at city scale.
//!
//! Writes N hotline tickets straight through the store's commit path (big
//! batches, no HTTP; the phone index is written by the same commits, as in
//! production), each with a caller from a pool of numbers (about three
//! tickets per number, and one frequent caller with hundreds), then starts
//! the real server over the file (`server::serve`: the board of every item
//! is loaded, `TCP_NODELAY` set) and times `GET /v1/callers/{phone}` over
//! loopback with the typed client, one request at a time, each for another
//! number. Every timed read is also recorded in the audit, durably, as in
//! production. It reports median, p99 and max; it never fails on a figure.

use crate::cli::CallersBenchArgs;
use crate::client::Client;
use crate::model::{
    Caller, Change, ClockKey, Created, EventBody, Item, ItemId, Kind, NewEvent, Operator, Place, Policy,
    Priority, Role, Stage, Tier, Timestamp,
};
use crate::server::{ServerConfig, TimeSource, hash_token, new_token, serve};
use crate::store::{Commit, Committed, Store};
use anyhow::{Context, bail};
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::macros::datetime;

/// The bench's "now": every item was reported before it.
const T0: Timestamp = datetime!(2026-03-04 06:00 UTC);
/// Items are reported this far apart, newest at T0 (a million span 58 days).
const SPACING: time::Duration = time::Duration::seconds(5);
/// Clocks long enough that the ticker has nothing to do during the bench.
const LIMIT: time::Duration = time::Duration::days(400);
/// Items per store commit while filling.
const FILL_BATCH: u64 = 2000;
/// Every this many items, the frequent caller called again.
const FREQUENT_EVERY: u64 = 5000;
/// The frequent caller's number.
const FREQUENT: &str = "13800000000";

pub async fn run(args: CallersBenchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("temporary directory")?;
    let url = format!("sqlite:{}", dir.path().join("callers.db").display());
    let store = crate::store::open(&url).await?;
    let pool = (args.items / 3).max(1);
    let started = Instant::now();
    fill(store.as_ref(), args.items, pool).await?;
    let filled = started.elapsed();
    let token = agent(store.as_ref()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let config = ServerConfig {
        policy: Policy::uniform(LIMIT),
        clock: TimeSource::manual(T0),
        ..ServerConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let started = Instant::now();
    let server = tokio::spawn(serve(Arc::clone(&store), config, listener, async {
        let _ = stopped.await;
    }));
    let client = Client::new(&base, Some(token))?;
    wait_up(&client).await?;
    let loaded = started.elapsed();
    println!(
        "citydesk bench-callers: {} tickets, callers from {pool} numbers (~{:.1} tickets each) \
         plus one frequent caller with {} tickets; SQLite WAL + synchronous=FULL",
        args.items,
        args.items as f64 / pool as f64,
        args.items / FREQUENT_EVERY
    );
    println!("fill through Store::commit: {filled:.1?}; server start (board of every item): {loaded:.1?}");
    println!(
        "each timed GET /v1/callers/{{phone}} also writes its audit record durably (fsync) before answering\n"
    );
    let numbers: Vec<String> = (0..args.runs)
        .map(|r| phone(u64::from(r) * 7919 + 13, pool))
        .collect();
    let (random, shown) = lookups(&client, &numbers).await?;
    let frequent: Vec<String> = (0..args.runs).map(|_| FREQUENT.to_owned()).collect();
    let (often, shown_often) = lookups(&client, &frequent).await?;
    println!(
        "{:<46} {:>9} {:>9} {:>9} {:>6} {:>7}",
        "GET /v1/callers/{phone}, loopback", "median", "p99", "max", "runs", "items"
    );
    for (name, times, items) in [
        ("a different caller each time", random, shown),
        ("the frequent caller (newest 200 items)", often, shown_often),
    ] {
        println!(
            "{name:<46} {:>9} {:>9} {:>9} {:>6} {:>7.1}",
            ms(pct(&times, 50)),
            ms(pct(&times, 99)),
            ms(pct(&times, 100)),
            times.len(),
            items
        );
    }
    let _ = stop.send(());
    server.await.context("server task")??;
    Ok(())
}

/// Times one history read per number; returns the times and the mean
/// number of items each answer listed.
async fn lookups(client: &Client, numbers: &[String]) -> anyhow::Result<(Vec<Duration>, f64)> {
    // One unmeasured request opens the connection.
    client.caller_history(FREQUENT).await?;
    let mut times = Vec::with_capacity(numbers.len());
    let mut items = 0usize;
    for number in numbers {
        let start = Instant::now();
        let history = client.caller_history(number).await?;
        times.push(start.elapsed());
        items += history.items.len();
    }
    Ok((times, items as f64 / numbers.len().max(1) as f64))
}

async fn wait_up(client: &Client) -> anyhow::Result<()> {
    let started = Instant::now();
    while client.health().await.is_err() {
        if started.elapsed() > Duration::from_secs(600) {
            bail!("the server did not come up");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn agent(store: &dyn Store) -> anyhow::Result<String> {
    let token = new_token();
    let op = Operator {
        login: "bench".into(),
        name: "bench".into(),
        role: Role::Agent,
        department: None,
    };
    store.add_operator(&op, &hash_token(&token)).await?;
    Ok(token)
}

/// The caller of item `i`: scattered over the pool, and now and then the
/// frequent caller.
fn phone(i: u64, pool: u64) -> String {
    if i.is_multiple_of(FREQUENT_EVERY) {
        return FREQUENT.to_owned();
    }
    // A multiplicative hash spreads consecutive items over the pool.
    let n = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) % pool;
    format!("139{n:08}")
}

/// Writes `n` tickets in batches of [`FILL_BATCH`] per commit.
async fn fill(store: &dyn Store, n: u64, pool: u64) -> anyhow::Result<()> {
    let policy = Policy::uniform(LIMIT);
    let mut next = 1;
    while next <= n {
        let end = (next + FILL_BATCH).min(n + 1);
        let changes = (next..end)
            .map(|i| change(i, n, pool, &policy))
            .collect::<Option<Vec<_>>>()
            .context("a created event did not fold")?;
        let commit = Commit::new(changes, None);
        if !matches!(store.commit(commit).await?, Committed::Applied(_)) {
            bail!("the store refused the fill batch at item {next}");
        }
        next = end;
    }
    Ok(())
}

/// Ticket `i` of `n`, reported `(n − i) × SPACING` before T0.
fn change(i: u64, n: u64, pool: u64, policy: &Policy) -> Option<Change> {
    let at = T0 - SPACING * i32::try_from(n - i).ok()?;
    let category = format!("H{:02}", i % 12 + 1);
    let priority = Priority::ALL[(i % 4) as usize];
    let key = ClockKey {
        kind: Kind::Ticket,
        category: &category,
        priority,
        stage: Stage::Accept,
    };
    let accept = policy.deadline(&key, at);
    let created = Created {
        kind: Kind::Ticket,
        category: category.clone(),
        title: format!("bench ticket {i}"),
        description: String::new(),
        priority,
        tier: Tier::Grid,
        place: Place {
            district: Some("太和区".into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: Some(Caller {
            name: Some("王女士".into()),
            phone: Some(phone(i, pool)),
            ..Caller::default()
        }),
        due_at: Some(accept.due_at),
        warn_at: Some(accept.warn_at),
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = NewEvent {
        item_id: ItemId::new(Kind::Ticket, i),
        version: 1,
        actor: "op:bench".into(),
        at,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0))?;
    Some(Change {
        item,
        expected_version: 0,
        events: vec![event],
    })
}

/// Nearest-rank percentile (100: the maximum).
fn pct(times: &[Duration], p: usize) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
