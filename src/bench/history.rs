//! `citydesk bench-loop --history N`: years of closed items behind the
//! open work. Item `i` of `N` was reported `i × (1 day / 650)` before
//! [`super::scale::T0`] (Jinzhou's hotline takes about 650 a day) and went
//! the whole way: accepted, dispatched, signed for, resolved and verified
//! (a fifth of the tickets answered directly instead), each step some
//! minutes or hours after the last, with a caller on every ticket. They are
//! written straight through the store's commit path, like the open fill.

use crate::model::{
    Caller, Change, ClockKey, Created, EventBody, Item, ItemId, Kind, NewEvent, Place, Policy, Priority,
    Stage, Tier, Timestamp,
};
use crate::store::{Commit, Committed, Store};
use anyhow::{Context, bail};
use time::Duration;

/// Items reported per day in the simulated history.
pub const PER_DAY: u64 = 650;
/// Items per store commit while filling.
const BATCH: u64 = 2000;
const DEPARTMENTS: [&str; 6] = ["water", "power", "heating", "sanitation", "streetlight", "gas"];
const TEXTS: [&str; 6] = [
    "暖气不热，室温只有十二度",
    "井盖缺失，路口有坑",
    "路灯不亮，整条街都黑",
    "自来水停水，没有通知",
    "垃圾清运不及时，有异味",
    "燃气味道很大，担心泄漏",
];

/// Writes `n` closed items numbered 1 to `n`, oldest first, the newest
/// reported just before `t0`: numbers and rows in the order a centre
/// makes them, so the open items written after them sit where a live
/// centre's do in every index keyed by item id. Prints progress every
/// 100,000 items.
pub async fn fill(store: &dyn Store, policy: &Policy, n: u64, t0: Timestamp) -> anyhow::Result<()> {
    let mut i = 0;
    while i < n {
        let end = (i + BATCH).min(n);
        let changes = (i..end)
            .map(|j| closed(j + 1, reported(n - 1 - j, t0), t0, policy))
            .collect::<Option<Vec<_>>>()
            .context("a history item did not fold")?;
        if !matches!(
            store.commit(Commit::new(changes, None)).await?,
            Committed::Applied(_)
        ) {
            bail!("the store refused the history batch at item {i}");
        }
        if end / 100_000 > i / 100_000 {
            println!("  history: {end} of {n} closed items written");
        }
        i = end;
    }
    Ok(())
}

/// When the `k`th newest history item was reported.
pub fn reported(k: u64, t0: Timestamp) -> Timestamp {
    let spacing_ms = 86_400_000 / PER_DAY as i64;
    t0 - Duration::milliseconds(spacing_ms * (k as i64 + 1))
}

/// The shipped retention period of callers' data.
const RETAINED: Duration = Duration::days(3 * 365);

/// Item `number`, reported at `at`, closed a few hours later; `t0` is
/// the newest history's end.
fn closed(number: u64, at: Timestamp, t0: Timestamp, policy: &Policy) -> Option<Change> {
    let t0_minus = |at: Timestamp| t0 - at;
    let kind = Kind::ALL[(number % 3) as usize];
    let category = format!("H{:02}", number % 12 + 1);
    let priority = Priority::ALL[(number % 4) as usize];
    let deadline = |stage, from| {
        policy.deadline(
            &ClockKey {
                kind,
                category: &category,
                priority,
                stage,
            },
            from,
        )
    };
    let accept = deadline(Stage::Accept, at);
    let text = TEXTS[(number % 6) as usize];
    let created = Created {
        kind,
        category: category.clone(),
        title: format!("{text} ({number})"),
        description: format!("{text}，第 {number} 号"),
        priority,
        tier: Tier::Grid,
        place: Place {
            district: Some("太和区".into()),
            ..Place::default()
        },
        fingerprint: None,
        // Callers older than the shipped retention period (three years)
        // were redacted long ago: the history a server has after years.
        caller: (kind == Kind::Ticket && t0_minus(at) < RETAINED).then(|| Caller {
            name: Some("王女士".into()),
            phone: Some(format!("138{:08}", number % 100_000_000)),
            ..Caller::default()
        }),
        due_at: Some(accept.due_at),
        warn_at: Some(accept.warn_at),
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = NewEvent {
        item_id: ItemId::new(kind, number),
        version: 1,
        actor: "op:bench".into(),
        at,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0))?;
    let mut change = Change {
        item,
        expected_version: 0,
        events: vec![event],
    };
    // Minutes after the report: each step's time varies with the number,
    // so the stage times have a spread.
    let step = |minutes: u64| at + Duration::minutes((minutes + number % 37) as i64);
    let dispatch = deadline(Stage::Dispatch, step(5));
    change = change.then(
        vec![EventBody::Accepted {
            due_at: Some(dispatch.due_at),
            warn_at: Some(dispatch.warn_at),
        }],
        "op:bench",
        step(5),
    );
    if kind == Kind::Ticket && number.is_multiple_of(5) {
        let answer = EventBody::Answered {
            answer: "已直接答复".into(),
            entry: None,
        };
        return Some(change.then(vec![answer], "op:bench", step(9)));
    }
    let sign = deadline(Stage::Sign, step(20));
    let resolve = deadline(Stage::Resolve, step(60));
    let verify = deadline(Stage::Verify, step(300));
    let steps = [
        (
            20,
            EventBody::Dispatched {
                department: DEPARTMENTS[(number % 6) as usize].into(),
                rule: None,
                due_at: Some(sign.due_at),
                warn_at: Some(sign.warn_at),
            },
        ),
        (
            60,
            EventBody::Signed {
                due_at: Some(resolve.due_at),
                warn_at: Some(resolve.warn_at),
            },
        ),
        (
            300,
            EventBody::Resolved {
                summary: "已处理".into(),
                due_at: Some(verify.due_at),
                warn_at: Some(verify.warn_at),
            },
        ),
        (
            420,
            EventBody::Verified {
                passed: true,
                note: String::new(),
                due_at: None,
                warn_at: None,
            },
        ),
    ];
    for (minutes, body) in steps {
        change = change.then(vec![body], "op:bench", step(minutes));
    }
    Some(change)
}

/// Starts a real `citydesk serve` on the filled database and reports its
/// start-up time, its resident memory, and `GET /v1/stats` over 7 and 30
/// days through HTTP.
pub async fn served(url: &str, t0: Timestamp, runs: u32) -> anyhow::Result<()> {
    let (server, took) = super::server::Server::start_on(url, &[]).await?;
    let rss = server.rss_kib()?;
    let client = server.client()?;
    println!("\ncitydesk serve on this database (its own process, system clock):");
    println!(
        "  start to first healthy answer: {took:.2?}; resident memory {:.0} MiB",
        rss as f64 / 1024.0
    );
    for days in [7, 30] {
        let window = match super::scale::last_days(t0, days) {
            crate::model::stats::Window::Days { first, last } => format!("{first}..{last}"),
            _ => bail!("a window of days was expected"),
        };
        let mut times = Vec::new();
        for _ in 0..runs {
            let start = std::time::Instant::now();
            std::hint::black_box(client.stats(&window).await?);
            times.push(start.elapsed());
        }
        times.sort_unstable();
        let at = |p: usize| times[((times.len() * p).div_ceil(100)).max(1) - 1];
        println!(
            "  GET /v1/stats?window={window}: median {:.1?}, p99 {:.1?} ({runs} runs)",
            at(50),
            at(99)
        );
    }
    let after = server.rss_kib()?;
    println!(
        "  resident memory after the stats requests: {:.0} MiB",
        after as f64 / 1024.0
    );
    server.stop().await;
    Ok(())
}
