//! `citydesk bench-loop`: the closed loop at city scale, in process.
//!
//! Writes N open items straight through the store's commit path (big
//! batches, no HTTP), loads the server state the way `serve` does (the
//! board is built from every stored item), then times what must stay
//! cheap however many items are open: an SLA ticker pass with nothing due,
//! a pass where about `--due` clocks turn yellow at once (their
//! `sla_warning` events are committed), the KPI computation over every
//! item's facts, and a real `GET /v1/stats` over loopback. It reports the
//! median and p99 of each; it never fails on a figure.

use crate::cli::LoopArgs;
use crate::client::Client;
use crate::model::Change;
use crate::model::stats::Window;
use crate::model::{
    Caller, ClockKey, Created, EventBody, Item, ItemId, Kind, NewEvent, Operator, Place, Policy, Priority,
    Role, Stage, Tier, Timestamp,
};
use crate::server::{AppState, ServerConfig, TimeSource, hash_token, kpi, new_token};
use crate::store::{Commit, Committed, Store};
use anyhow::{Context, bail};
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::macros::datetime;

/// Wednesday 14:00 in Jinzhou: this week's window holds every item.
pub const T0: Timestamp = datetime!(2026-03-04 06:00 UTC);
/// Every stage limit: items turn yellow 8 h after their clock starts.
const LIMIT: time::Duration = time::Duration::hours(10);
/// Items are reported this far apart (newest at T0), so a clock step of
/// `due × SPACING` brings about `due` of them to yellow.
const SPACING: time::Duration = time::Duration::milliseconds(100);
/// Items per store commit while filling.
const FILL_BATCH: u64 = 2000;
const DEPARTMENTS: [&str; 6] = ["water", "power", "heating", "sanitation", "streetlight", "gas"];

pub async fn run(args: LoopArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("temporary directory")?;
    let url = format!("sqlite:{}", dir.path().join("loop.db").display());
    // With history, "now" is the real now, so a spawned `serve` (on the
    // system clock) sees the same open work as the in-process state.
    let t0 = if args.history > 0 {
        whole_second(time::OffsetDateTime::now_utc())
    } else {
        T0
    };
    let clock = TimeSource::manual(t0);
    let config = ServerConfig {
        policy: Policy::uniform(LIMIT),
        clock: clock.clone(),
        ..ServerConfig::default()
    };
    let store = crate::store::open(&url).await?;
    let started = Instant::now();
    super::history::fill(store.as_ref(), &config.policy, args.history, t0).await?;
    fill(store.as_ref(), &config.policy, args.items, args.history, t0).await?;
    let filled = started.elapsed();
    drop(store);
    let started = Instant::now();
    let store = crate::store::open(&url).await?;
    store.probe_write().await?;
    let opened = started.elapsed();
    let started = Instant::now();
    store.check_structure().await?;
    let checked = started.elapsed();
    let started = Instant::now();
    let state = AppState::load(Arc::clone(&store), config).await?;
    let loaded = started.elapsed();
    println!(
        "citydesk bench-loop: {} open items (⅓ new, ⅓ accepted, ⅓ dispatched to 6 departments) and {} closed over {} days, SQLite WAL + synchronous=FULL",
        args.items,
        args.history,
        args.history / super::history::PER_DAY
    );
    println!(
        "fill through Store::commit: {filled:.1?}; database {:.0} MiB",
        file_mib(&dir.path().join("loop.db"))
    );
    println!(
        "start in process: open + write test {opened:.1?}; AppState::load (open items, engine) {loaded:.1?}; PRAGMA quick_check {checked:.1?} (before listening only up to --start-check's size)\n"
    );
    let mut table = Vec::new();
    table.push(("ticker pass, nothing due", idle_passes(&state, args.runs).await?));
    let windows = [
        ("stats, window=today", Window::Today),
        ("stats, window=week", Window::Week),
        ("stats, the last 7 days", last_days(t0, 7)),
        ("stats, the last 30 days", last_days(t0, 30)),
    ];
    for (label, window) in windows {
        let mut times = Vec::new();
        for _ in 0..args.runs {
            let start = Instant::now();
            std::hint::black_box(kpi::stats_now(&state, window).await?);
            times.push(start.elapsed());
        }
        table.push((label, times));
    }
    table.push((
        "GET /v1/stats?window=week, loopback",
        http_runs(&state, args.runs).await?,
    ));
    table.push((
        "ticker pass, ~due clocks turn yellow",
        due_passes(&state, &clock, &args).await?,
    ));
    print_table(&table, args.due);
    drop(state);
    drop(store);
    if args.history > 0 {
        super::history::served(&url, t0, args.runs).await?;
    }
    Ok(())
}

fn print_table(table: &[(&str, Vec<Duration>)], due: u64) {
    println!(
        "{:<44} {:>10} {:>10} {:>6}",
        "measurement", "median", "p99", "runs"
    );
    for (name, times) in table {
        let name = name.replace("~due", &format!("~{due}"));
        println!(
            "{name:<44} {:>10} {:>10} {:>6}",
            ms(pct(times, 50)),
            ms(pct(times, 99)),
            times.len()
        );
    }
}

fn whole_second(at: Timestamp) -> Timestamp {
    at.replace_nanosecond(0).unwrap_or(at)
}

/// Whole local days, the last `n` up to `t0`'s day.
pub fn last_days(t0: Timestamp, n: i64) -> Window {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let last = t0.to_offset(offset).date();
    let first = last.checked_sub(time::Duration::days(n - 1)).unwrap_or(last);
    Window::Days { first, last }
}

fn file_mib(path: &std::path::Path) -> f64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64 / (1024.0 * 1024.0)
}

async fn idle_passes(state: &AppState, runs: u32) -> anyhow::Result<Vec<Duration>> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let written = crate::server::run_ticker_pass(state).await?;
        times.push(start.elapsed());
        if written != 0 {
            bail!("a pass with nothing due wrote {written} events");
        }
    }
    Ok(times)
}

/// Each run moves the clock on by `due × SPACING`: the next `due` items'
/// clocks turn yellow and the pass writes their warnings.
async fn due_passes(state: &AppState, clock: &TimeSource, args: &LoopArgs) -> anyhow::Result<Vec<Duration>> {
    // The oldest item turns yellow at T0 − items × SPACING + 80 % of LIMIT.
    let spacing = SPACING * i32::try_from(args.due)?;
    let first = LIMIT * 0.8 - SPACING * i32::try_from(args.items)? - T0_SLACK;
    clock.advance(first);
    let runs = u64::from(args.runs).min(args.items / args.due);
    let mut times = Vec::new();
    let mut written = 0;
    for _ in 0..runs {
        // Passes a second apart, as the ticker's (five seconds by default)
        // are: back to back, each would also wait for the checkpoint its
        // predecessor's writes left the writer, which no real pass does.
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        clock.advance(spacing);
        let start = Instant::now();
        written += crate::server::run_ticker_pass(state).await?;
        times.push(start.elapsed());
    }
    println!(
        "due passes wrote {written} sla_warning events over {runs} passes (~{} per pass)",
        written / runs.max(1) as usize
    );
    // In order, so a slow first pass (cold pages) or a periodic one
    // (a checkpoint) shows as what it is rather than only as the p99.
    let each: Vec<String> = times
        .iter()
        .map(|t| format!("{:.1}", t.as_secs_f64() * 1e3))
        .collect();
    println!("due passes in order (ms): {}", each.join(" "));
    Ok(times)
}

/// The clock stops this short of the first item's warning before the
/// due runs begin.
const T0_SLACK: time::Duration = time::Duration::milliseconds(1);

async fn http_runs(state: &AppState, runs: u32) -> anyhow::Result<Vec<Duration>> {
    let token = new_token();
    let op = Operator {
        login: "bench".into(),
        name: "bench".into(),
        role: Role::Viewer,
        department: None,
    };
    state.store().add_operator(&op, &hash_token(&token)).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = crate::server::router(state.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(&format!("http://{addr}"), Some(token))?;
    // One unmeasured request opens the connection.
    client.stats("week").await?;
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let stats = client.stats("week").await?;
        times.push(start.elapsed());
        std::hint::black_box(stats);
    }
    server.abort();
    Ok(times)
}

/// Writes `n` open items in batches of [`FILL_BATCH`] items per commit.
/// Writes the `n` open items, numbered after the `before` closed ones.
async fn fill(store: &dyn Store, policy: &Policy, n: u64, before: u64, t0: Timestamp) -> anyhow::Result<()> {
    let mut next = 1;
    while next <= n {
        let end = (next + FILL_BATCH).min(n + 1);
        let changes = (next..end)
            .map(|i| change(i, n, before, policy, t0))
            .collect::<Option<Vec<_>>>();
        let changes = changes.context("a created event did not fold")?;
        let commit = Commit::new(changes, None);
        if !matches!(store.commit(commit).await?, Committed::Applied(_)) {
            bail!("the store refused the fill batch at item {next}");
        }
        next = end;
    }
    Ok(())
}

/// Item `i` of `n` (numbered `before + i`): reported `(n − i) × SPACING` before T0; a third stay
/// new, a third are accepted, a third dispatched (all at their report
/// time, so every clock turns yellow 8 h after it).
fn change(i: u64, n: u64, before: u64, policy: &Policy, t0: Timestamp) -> Option<Change> {
    let kind = Kind::ALL[(i % 3) as usize];
    let at = t0 - SPACING * i32::try_from(n - i).ok()?;
    let category = format!("H{:02}", i % 12 + 1);
    let priority = Priority::ALL[(i % 4) as usize];
    let deadline = |stage| {
        policy.deadline(
            &ClockKey {
                kind,
                category: &category,
                priority,
                stage,
            },
            at,
        )
    };
    let accept = deadline(Stage::Accept);
    let created = Created {
        kind,
        category: category.clone(),
        title: format!("bench item {i}"),
        description: String::new(),
        priority,
        tier: Tier::Grid,
        place: Place {
            district: Some("太和区".into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: Some(Caller::default()),
        due_at: Some(accept.due_at),
        warn_at: Some(accept.warn_at),
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = NewEvent {
        item_id: ItemId::new(kind, before + i),
        version: 1,
        actor: "op:bench".into(),
        at,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0))?;
    let change = Change {
        item,
        expected_version: 0,
        events: vec![event],
    };
    Some(change.then(progress(i, &deadline), "op:bench", at))
}

/// How far item `i` has got: nowhere, accepted, or dispatched.
fn progress(i: u64, deadline: &dyn Fn(Stage) -> crate::model::Deadline) -> Vec<EventBody> {
    let (dispatch, sign) = (deadline(Stage::Dispatch), deadline(Stage::Sign));
    let accepted = EventBody::Accepted {
        due_at: Some(dispatch.due_at),
        warn_at: Some(dispatch.warn_at),
    };
    let dispatched = EventBody::Dispatched {
        department: DEPARTMENTS[(i % 6) as usize].into(),
        rule: None,
        due_at: Some(sign.due_at),
        warn_at: Some(sign.warn_at),
    };
    match (i / 3) % 3 {
        0 => vec![],
        1 => vec![accepted],
        _ => vec![accepted, dispatched],
    }
}

/// Nearest-rank percentile.
fn pct(times: &[Duration], p: usize) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
