//! KPIs against a real server: a morning of eight items worked through the
//! HTTP client on a manual clock (every stage limit one hour, the ticker
//! idle), then `GET /v1/stats` and `/metrics` checked figure by figure
//! against the values worked out by hand below.
//!
//! The morning, minutes after T0 (09:00 in Jinzhou); every stage has 60 min:
//!
//! | item | +10 | +20 | +30 | +40 | +50 | +70 | +80 | +90 | +100 | +110 | +120 | +130 |
//! |---|---|---|---|---|---|---|---|---|---|---|---|---|
//! | A ticket | accept | dispatch water | | sign | | resolve | callback satisfied | | | | | |
//! | B ticket | accept | dispatch water | | | | | | sign (late) | | | resolve | callback basic |
//! | C ticket | accept | dispatch water | | sign | | resolve | callback unsatisfied, attributable → rework | | | | | |
//! | D ticket | accept | dispatch water | return | dispatch power | sign | | | | | | | |
//! | E ticket | accept | dispatch water | park | | | | | | | | | |
//! | F incident | accept | | | | | | | | | | | |
//! | G ticket | answer | | | | | | | | | | | |
//! | H ticket | accept | dispatch water | sign | extension 1h approved | | | | | resolve (past the first due time) | callback satisfied | | |
//!
//! At +130: C waits for sign again (clock +80 → due +140: yellow, not
//! late); D's resolve clock (+50 → due +110) is red; F's dispatch clock
//! (+10 → due +70) is red; E is parked with its clock stopped.

use crate::common::{TestServer, fetch, ticket, try_act};
use citydesk::api::{Figures, Ratio, Spread, Stats};
use citydesk::client::Client;
use citydesk::model::{Action, CreateItem, Item, ItemId, Kind, Policy, Priority, Role, Satisfaction};
use citydesk::server::{ServerConfig, TimeSource};
use std::time::Duration;
use time::macros::datetime;

/// 09:00 on Wednesday 2026-03-04 in Jinzhou.
const T0: time::OffsetDateTime = datetime!(2026-03-04 01:00 UTC);

struct Morning {
    clock: TimeSource,
    minute: i64,
    desk: Client,
}

impl Morning {
    /// Moves the server's clock to `minute` after T0.
    fn at(&mut self, minute: i64) {
        self.clock.advance(time::Duration::minutes(minute - self.minute));
        self.minute = minute;
    }

    async fn create(&self, req: CreateItem) -> ItemId {
        self.desk.create(&req, None).await.expect("create").item.item.id
    }

    /// Acts on the item as it is now (a suggestion the server wrote since
    /// would otherwise make the version stale).
    async fn act(&self, id: &ItemId, action: Action) -> Item {
        let item = fetch(&self.desk, id).await;
        try_act(&self.desk, &item, action)
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"))
    }

    async fn dispatch(&self, id: &ItemId, department: &str) {
        self.act(
            id,
            Action::Dispatch {
                department: department.into(),
            },
        )
        .await;
    }

    async fn callback(&self, id: &ItemId, satisfaction: Satisfaction, attributable: bool) {
        let action = Action::Callback {
            satisfaction,
            attributable,
            note: String::new(),
        };
        self.act(id, action).await;
    }
}

fn req(kind: Kind, n: u32) -> CreateItem {
    CreateItem {
        kind,
        // Different categories: no duplicate suggestions between them.
        category: format!("H{n:02}"),
        priority: Some(Priority::P3),
        ..ticket(&format!("事项{n}"))
    }
}

fn config(clock: &TimeSource) -> ServerConfig {
    ServerConfig {
        policy: Policy::uniform(time::Duration::hours(1)),
        // Only the pass at start runs: the clock alone decides the figures.
        tick: Duration::from_secs(3600),
        clock: clock.clone(),
        ..ServerConfig::default()
    }
}

async fn start() -> (TestServer, Morning) {
    let clock = TimeSource::manual(T0);
    let server = TestServer::start_with(config(&clock)).await;
    let desk = server.client("boss", Role::Supervisor).await;
    let morning = Morning {
        clock,
        minute: 0,
        desk,
    };
    (server, morning)
}

/// Works the morning of the module docs; returns the ids A–H.
async fn work(m: &mut Morning) -> [ItemId; 8] {
    let mut ids = Vec::new();
    for (n, kind) in [Kind::Ticket; 5]
        .into_iter()
        .chain([Kind::Incident, Kind::Ticket, Kind::Ticket])
        .enumerate()
    {
        ids.push(m.create(req(kind, n as u32 + 1)).await);
    }
    let [a, b, c, d, e, f, g, h]: [ItemId; 8] = ids.try_into().expect("eight");
    m.at(10);
    for id in [&a, &b, &c, &d, &e, &f, &h] {
        m.act(id, Action::Accept {}).await;
    }
    m.act(
        &g,
        Action::Answer {
            answer: "已答复".into(),
            entry: None,
        },
    )
    .await;
    m.at(20);
    for id in [&a, &b, &c, &d, &e, &h] {
        m.dispatch(id, "water").await;
    }
    m.at(30);
    m.act(
        &d,
        Action::Return {
            reason: "不归我们管".into(),
        },
    )
    .await;
    m.act(
        &e,
        Action::Park {
            reason: "待拆迁".into(),
        },
    )
    .await;
    m.act(&h, Action::Sign {}).await;
    m.at(40);
    m.act(&a, Action::Sign {}).await;
    m.act(&c, Action::Sign {}).await;
    m.dispatch(&d, "power").await;
    let extension = Action::RequestExtension {
        extra: "1h".into(),
        reason: "等配件".into(),
    };
    m.act(&h, extension).await;
    m.act(&h, Action::ApproveExtension {}).await;
    m.at(50);
    m.act(&d, Action::Sign {}).await;
    m.at(70);
    for id in [&a, &c] {
        m.act(
            id,
            Action::Resolve {
                summary: "已修复".into(),
            },
        )
        .await;
    }
    m.at(80);
    m.callback(&a, Satisfaction::Satisfied, false).await;
    m.callback(&c, Satisfaction::Unsatisfied, true).await;
    m.at(90);
    m.act(&b, Action::Sign {}).await;
    m.at(100);
    m.act(
        &h,
        Action::Resolve {
            summary: "已修复".into(),
        },
    )
    .await;
    m.at(110);
    m.callback(&h, Satisfaction::Satisfied, false).await;
    m.at(120);
    m.act(
        &b,
        Action::Resolve {
            summary: "已修复".into(),
        },
    )
    .await;
    m.at(130);
    m.callback(&b, Satisfaction::Basic, false).await;
    [a, b, c, d, e, f, g, h]
}

fn r(ratio: &Ratio) -> (u64, u64) {
    (ratio.numerator, ratio.denominator)
}

fn spread(s: &Spread) -> (u64, Option<i64>, Option<i64>) {
    (s.count, s.median_secs, s.p90_secs)
}

fn group<'s>(stats: &'s Stats, queue: &str, department: &str) -> &'s Figures {
    stats
        .group(queue, department)
        .unwrap_or_else(|| panic!("no {queue} × {department} group"))
}

fn check_tickets(stats: &Stats) {
    let t = group(stats, "ticket", "all");
    // A B C D E G H reported; C D E open; E parked; A B G H closed.
    assert_eq!((t.reported, t.open, t.parked, t.closed), (7, 3, 1, 4));
    // D's resolve clock is red; C's sign clock is only yellow; E is parked.
    assert_eq!((t.overdue.sign, t.overdue.resolve), (0, 1));
    // Dispatched and not parked: A B C D H; closed: A B H.
    assert_eq!(r(&t.completion), (3, 5));
    // Accept rounds: A B C D G H, all at +10 (E is parked).
    assert_eq!(r(&t.on_time.accept), (6, 6));
    // Dispatch rounds: A B C H, and D twice (before and after its return).
    assert_eq!(r(&t.on_time.dispatch), (6, 6));
    // Sign: A C D H on time, B at +90 after its due +80.
    assert_eq!(r(t.on_time_sign()), (4, 5));
    // Resolve: A B C on time, H by its extended due (+150, not +90), and
    // D's running clock already past due.
    assert_eq!(r(t.on_time_completion()), (4, 5));
    // Verify (the callback): A B C H.
    assert_eq!(r(&t.on_time.verify), (4, 4));
    // Callbacks: A satisfied, B basic, C unsatisfied, H satisfied.
    assert_eq!(r(&t.satisfaction), (3, 4));
    // Answered in the call: G, of the tickets taken and not parked
    // (A B C D G H; E is parked).
    assert_eq!(r(&t.direct_answer), (1, 6));
    // One return (D) over dispatches A B C H + D twice.
    assert_eq!(r(&t.returns), (1, 6));
    // One rework (C) over resolutions A B C H.
    assert_eq!(r(&t.rework), (1, 4));
    assert_eq!(t.rework.rate, Some(0.25));
    // Sign seconds: A 1200, B 4200, C 1200, D 600, H 600 →
    // sorted 600 600 1200 1200 4200: median rank 3, p90 rank 5.
    assert_eq!(spread(&t.times.sign), (5, Some(1200), Some(4200)));
    // Resolve: A B C 1800, H 4200 (+30 → +100): rank 2 and rank 4.
    assert_eq!(spread(&t.times.resolve), (4, Some(1800), Some(4200)));
    // D's two dispatch rounds took 1200 s: 600 per round, like the rest.
    assert_eq!(spread(&t.times.dispatch), (5, Some(600), Some(600)));
    assert_eq!(spread(&t.times.verify), (4, Some(600), Some(600)));
}

fn check_groups(stats: &Stats) {
    let all = group(stats, "all", "all");
    // Every item; F (incident) waits for dispatch past due.
    assert_eq!((all.reported, all.open, all.parked, all.closed), (8, 4, 1, 4));
    assert_eq!((all.overdue.dispatch, all.overdue.resolve), (1, 1));
    assert_eq!(r(&all.on_time.accept), (7, 7));
    assert_eq!(r(&all.on_time.dispatch), (6, 7));
    let incidents = group(stats, "incident", "all");
    assert_eq!(
        (incidents.reported, incidents.open, incidents.overdue.dispatch),
        (1, 1, 1)
    );
    assert_eq!(group(stats, "alert", "all").reported, 0);
    assert_eq!(group(stats, "alert", "all").completion.rate, None);
    // Water holds A B C E H (D went to power).
    let water = group(stats, "ticket", "water");
    assert_eq!(
        (water.reported, water.open, water.parked, water.closed),
        (5, 2, 1, 3)
    );
    assert_eq!(r(&water.completion), (3, 4));
    assert_eq!(r(&water.satisfaction), (3, 4));
    assert_eq!(r(&water.returns), (0, 4));
    assert_eq!(r(&water.rework), (1, 4));
    let power = group(stats, "all", "power");
    assert_eq!((power.reported, power.open, power.overdue.resolve), (1, 1, 1));
    assert_eq!(r(&power.returns), (1, 2));
    assert_eq!(r(power.on_time_completion()), (0, 1));
    let backlog = stats.backlog_of("ticket", "all").expect("ticket backlog");
    assert_eq!((backlog.open, backlog.parked, backlog.overdue.resolve), (3, 1, 1));
}

#[tokio::test]
async fn stats_match_a_morning_worked_by_hand() {
    let (server, mut m) = start().await;
    work(&mut m).await;
    let viewer = server.client("v", Role::Viewer).await;
    let today = viewer.stats("today").await.expect("stats today");
    assert_eq!(today.window, "today");
    assert_eq!(today.from, datetime!(2026-03-03 16:00 UTC));
    check_tickets(&today);
    check_groups(&today);
    // Monday 00:00 in Jinzhou; everything was reported today.
    let week = viewer.stats("week").await.expect("stats week");
    assert_eq!(week.from, datetime!(2026-03-01 16:00 UTC));
    check_tickets(&week);
    // Whole local days: the same morning, from a chosen window.
    let days = viewer.stats("2026-03-03..2026-03-04").await.expect("stats days");
    assert_eq!(
        (days.window.as_str(), days.from, days.to),
        (
            "days",
            datetime!(2026-03-02 16:00 UTC),
            datetime!(2026-03-04 16:00 UTC)
        )
    );
    check_tickets(&days);
    let before = viewer
        .stats_range(T0 - time::Duration::days(1), T0)
        .await
        .expect("range");
    assert_eq!(group(&before, "all", "all").reported, 0);
    assert_eq!(before.backlog_of("ticket", "all").map(|b| b.open), Some(3));
}

/// The windows a restart must answer alike.
const WINDOWS: [&str; 3] = ["today", "week", "2026-03-03..2026-03-04"];

async fn all_windows(server: &TestServer) -> Vec<Stats> {
    let viewer = server.client(&format!("v{}", rand_login()), Role::Viewer).await;
    let mut out = Vec::new();
    for w in WINDOWS {
        out.push(viewer.stats(w).await.expect("stats"));
    }
    out
}

fn rand_login() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// Back to SQLite's schema version 4, before `item_facts`: the rows are
/// computed on start, with the same figures.
async fn history_migration(dir: tempfile::TempDir, m: &Morning, live: &[Stats]) -> tempfile::TempDir {
    let path = dir.path().join("test.db");
    let file = rusqlite::Connection::open(&path).expect("open file");
    // Schema version 4: before item_facts (and what came after it).
    file.execute_batch(
        "DROP TABLE item_facts; DROP TABLE foreign_ids; DROP TABLE raw_documents; PRAGMA user_version = 4;",
    )
    .expect("back to the schema before item_facts");
    drop(file);
    let server = TestServer::start_in(dir, config(&m.clock)).await;
    assert_eq!(all_windows(&server).await, live, "computed by the migration");
    let file = rusqlite::Connection::open(&path).expect("open file");
    let rows: i64 = file
        .query_row("SELECT COUNT(*) FROM item_facts", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 8, "one row per item");
    server.stop().await
}

/// After a restart the server holds only open items; the closed ones'
/// figures come from the database's `item_facts`, and must be the same
/// figures. A database from before that table existed gets its rows
/// computed on start, with the same result.
#[tokio::test]
async fn figures_over_closed_items_survive_a_restart_and_the_history_migration() {
    let (server, mut m) = start().await;
    work(&mut m).await;
    let live = all_windows(&server).await;
    check_tickets(&live[0]);
    let dir = server.stop().await;

    let server = TestServer::start_in(dir, config(&m.clock)).await;
    assert_eq!(all_windows(&server).await, live, "read back from item_facts");
    let dir = server.stop().await;

    // SQLite's history migration (PostgreSQL's schema has had the table
    // from its first version).
    let dir = if crate::BACKEND == crate::common::Backend::Sqlite {
        history_migration(dir, &m, &live).await
    } else {
        dir
    };

    // Sixty days on, the morning is behind the board's horizon: its closed
    // items are read from the database, and count as they did.
    m.clock.advance(time::Duration::days(60));
    let server = TestServer::start_in(dir, config(&m.clock)).await;
    let later = all_windows(&server).await;
    let counts = |s: &Stats| {
        s.groups
            .iter()
            .map(|g| (g.queue.clone(), g.department.clone(), g.reported, g.closed))
            .collect::<Vec<_>>()
    };
    assert!(
        live[2].groups.iter().any(|g| g.closed > 0),
        "the morning closed items"
    );
    assert_eq!(counts(&later[2]), counts(&live[2]));
}

#[tokio::test]
async fn metrics_carry_todays_figures() {
    let (_server, mut m) = start().await;
    work(&mut m).await;
    let (status, text) = m
        .desk
        .send_raw(reqwest::Method::GET, "/metrics", Vec::new())
        .await
        .expect("metrics");
    assert!(status.is_success());
    for line in [
        r#"citydesk_kpi_rate{queue="ticket",department="all",kpi="on_time_sign"} 0.8"#,
        r#"citydesk_kpi_numerator{queue="ticket",department="all",kpi="on_time_sign"} 4"#,
        r#"citydesk_kpi_denominator{queue="ticket",department="all",kpi="on_time_sign"} 5"#,
        r#"citydesk_kpi_rate{queue="ticket",department="all",kpi="completion"} 0.6"#,
        r#"citydesk_kpi_rate{queue="ticket",department="all",kpi="satisfaction"} 0.75"#,
        r#"citydesk_kpi_rate{queue="ticket",department="water",kpi="rework"} 0.25"#,
        r#"citydesk_kpi_rate{queue="all",department="power",kpi="return"} 0.5"#,
        r#"citydesk_open_items{queue="ticket",department="all"} 3"#,
        r#"citydesk_parked_items{queue="ticket",department="all"} 1"#,
        r#"citydesk_overdue_items{queue="ticket",department="all",stage="resolve"} 1"#,
        r#"citydesk_overdue_items{queue="incident",department="all",stage="dispatch"} 1"#,
        r#"citydesk_stage_seconds{queue="ticket",department="all",stage="sign",quantile="0.9"} 4200"#,
        r#"citydesk_backlog_items{queue="ticket",department="all"} 3"#,
        "citydesk_items_created_total 8",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?} in:\n{text}");
    }
    // A rate with nothing counted is left out, not reported as 0.
    assert!(!text.contains(r#"citydesk_kpi_rate{queue="alert",department="all",kpi="completion"}"#));
    assert!(text.contains(r#"citydesk_kpi_denominator{queue="alert",department="all",kpi="completion"} 0"#));
}

#[tokio::test]
async fn a_bad_window_is_refused_and_stats_need_a_token() {
    let (server, m) = start().await;
    for query in [
        "?window=month",
        "?from=yesterday&to=2026-03-04T00:00:00Z",
        "?from=2026-03-04T00:00:00Z",
        "?window=today&from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z",
        "?from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z",
        "?windows=today",
        "?window=2026-03-05..2026-03-04",
        "?window=2026-03-05..soon",
    ] {
        let (status, body) = m
            .desk
            .send_raw(reqwest::Method::GET, &format!("/v1/stats{query}"), Vec::new())
            .await
            .expect("answer");
        assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{query}: {body}");
        assert!(body.contains("bad_query"), "{query}: {body}");
    }
    let anonymous = Client::new(&server.url(), None).expect("client");
    let err = anonymous.stats("today").await.expect_err("no token");
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
}
