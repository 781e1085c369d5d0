//! KPI figures from hand-built facts; each expected figure is worked out
//! in the comments beside the facts.

use super::*;
use crate::model::item::{StageRecord, StageRecords};
use crate::model::{Clock, Counters, Stage};
use time::macros::{datetime, offset};

/// Wednesday 2026-03-04 18:00 in Jinzhou.
const NOW: Timestamp = datetime!(2026-03-04 10:00 UTC);
const CITY: time::UtcOffset = offset!(+8);
const HOUR: time::Duration = time::Duration::HOUR;

fn facts(n: u64, kind: Kind, status: Status, department: Option<&str>, created_at: Timestamp) -> Facts {
    Facts {
        id: ItemId::new(kind, n),
        kind,
        category: "c".into(),
        priority: Priority::P3,
        status,
        department: department.map(str::to_owned),
        supervision: Supervision::None,
        clock: None,
        counters: Counters::default(),
        stages: StageRecords::default(),
        satisfaction: None,
        outcome: None,
        created_at,
        closed_at: None,
    }
}

fn record(done: u32, on_time: u32, spent_secs: i64) -> StageRecord {
    StageRecord {
        done,
        on_time,
        spent_secs,
    }
}

fn with_stage(mut f: Facts, stage: Stage, r: StageRecord) -> Facts {
    f.stages.0[stage.index()] = r;
    f
}

fn counters(dispatches: u32, returns: u32, rework: u32) -> Counters {
    Counters {
        dispatches,
        returns,
        rework,
        ..Counters::default()
    }
}

/// The city's items; `today` starts 2026-03-03 16:00 UTC, the week
/// 2026-03-01 16:00 UTC.
fn city() -> Vec<Facts> {
    let today = NOW - 2 * HOUR;
    let yesterday = NOW - 24 * HOUR;
    let last_week = NOW - 24 * 7 * HOUR;
    // t1: water, closed, signed on time in 600 s, resolved on time in 3600 s, satisfied.
    let mut t1 = facts(1, Kind::Ticket, Status::Closed, Some("water"), today);
    t1.counters = counters(1, 0, 0);
    t1.satisfaction = Some(Satisfaction::Satisfied);
    let t1 = with_stage(
        with_stage(t1, Stage::Sign, record(1, 1, 600)),
        Stage::Resolve,
        record(1, 1, 3600),
    );
    // t2: water, closed after a return and a rework: signed late (7200 s),
    // resolved twice (once on time) in 10,000 s, callback basic.
    let mut t2 = facts(2, Kind::Ticket, Status::Closed, Some("water"), today);
    t2.counters = counters(2, 1, 1);
    t2.satisfaction = Some(Satisfaction::Basic);
    let t2 = with_stage(
        with_stage(t2, Stage::Sign, record(1, 0, 7200)),
        Stage::Resolve,
        record(2, 1, 10_000),
    );
    // t3: power, in progress, signed on time in 1200 s, resolve clock past due.
    let mut t3 = facts(3, Kind::Ticket, Status::InProgress, Some("power"), today);
    t3.counters = counters(1, 0, 0);
    t3.clock = Some(Clock::new(Stage::Resolve, NOW - 2 * HOUR, NOW - HOUR, None));
    let t3 = with_stage(t3, Stage::Sign, record(1, 1, 1200));
    // t4: power, parked with a paused clock past due and five returns:
    // counted as reported, open and parked only.
    let mut t4 = facts(4, Kind::Ticket, Status::Parked, Some("power"), today);
    t4.counters = counters(1, 5, 0);
    let mut paused = Clock::new(Stage::Resolve, NOW - 3 * HOUR, NOW - HOUR, None);
    paused.paused_at = Some(NOW - 30 * HOUR / 60);
    t4.clock = Some(paused);
    // t5: a new incident, accept clock green.
    let mut t5 = facts(5, Kind::Incident, Status::New, None, today);
    t5.clock = Some(Clock::new(Stage::Accept, today, NOW + HOUR, None));
    // t6: reported last week, waiting for sign past due: backlog only.
    let mut t6 = facts(6, Kind::Ticket, Status::Dispatched, Some("water"), last_week);
    t6.counters = counters(1, 0, 0);
    t6.clock = Some(Clock::new(Stage::Sign, last_week, last_week + HOUR, None));
    // t7: water, reported yesterday (this week, not today), closed, unsatisfied.
    let mut t7 = facts(7, Kind::Ticket, Status::Closed, Some("water"), yesterday);
    t7.counters = counters(1, 0, 0);
    t7.satisfaction = Some(Satisfaction::Unsatisfied);
    vec![t1, t2, t3, t4, t5, t6, t7]
}

fn stats(window: Window) -> Stats {
    compute(city().iter(), window, CITY, NOW)
}

fn ratio(r: &Ratio) -> (u64, u64) {
    (r.numerator, r.denominator)
}

#[test]
fn today_and_this_week_start_at_local_midnight_and_on_monday() {
    let end = NOW + time::Duration::nanoseconds(1);
    assert_eq!(
        Window::Today.bounds(NOW, CITY),
        (datetime!(2026-03-03 16:00 UTC), end)
    );
    assert_eq!(
        Window::Week.bounds(NOW, CITY),
        (datetime!(2026-03-01 16:00 UTC), end)
    );
    // Sunday 23:30 UTC is already Monday 07:30 in Jinzhou: a new week.
    let monday_morning = datetime!(2026-03-08 23:30 UTC);
    assert_eq!(
        Window::Week.bounds(monday_morning, CITY).0,
        datetime!(2026-03-08 16:00 UTC)
    );
}

#[test]
fn whole_local_days_run_from_the_first_midnight_to_the_one_after_the_last() {
    let parse = |w: &str| StatsQuery::parse(Some(w), None, None).map(|q| q.window);
    let days = parse("2026-02-28..2026-03-02").expect("days");
    assert_eq!(
        days.bounds(NOW, CITY),
        (datetime!(2026-02-27 16:00 UTC), datetime!(2026-03-02 16:00 UTC))
    );
    let one = parse("2026-03-03..2026-03-03").expect("one day");
    assert_eq!(
        one.bounds(NOW, CITY),
        (datetime!(2026-03-02 16:00 UTC), datetime!(2026-03-03 16:00 UTC))
    );
    assert_eq!(parse("2026-03-03..2026-03-01"), Err(WindowError::Empty));
    assert!(matches!(
        parse("2026-03-01..later"),
        Err(WindowError::UnknownWindow(_))
    ));
    assert!(matches!(
        parse("2026-13-01..2026-13-02"),
        Err(WindowError::UnknownWindow(_))
    ));
}

#[test]
fn a_query_names_today_week_or_a_whole_range() {
    let parse = StatsQuery::parse;
    assert_eq!(parse(None, None, None).map(|q| q.window), Ok(Window::Today));
    assert_eq!(
        parse(Some("week"), None, None).map(|q| q.window),
        Ok(Window::Week)
    );
    let range = parse(
        None,
        Some("2026-03-02T00:00:00+08:00"),
        Some("2026-03-03T00:00:00Z"),
    );
    assert_eq!(
        range.map(|q| q.window),
        Ok(Window::Range {
            from: datetime!(2026-03-01 16:00 UTC),
            to: datetime!(2026-03-03 00:00 UTC)
        })
    );
    assert!(matches!(
        parse(Some("month"), None, None),
        Err(WindowError::UnknownWindow(_))
    ));
    assert!(matches!(
        parse(None, Some("yesterday"), Some("2026-03-03T00:00:00Z")),
        Err(WindowError::BadTime(_))
    ));
    assert!(matches!(
        parse(None, Some("2026-03-03T00:00:00Z"), None),
        Err(WindowError::Ambiguous(_))
    ));
    assert!(matches!(
        parse(
            Some("week"),
            Some("2026-03-03T00:00:00Z"),
            Some("2026-03-04T00:00:00Z")
        ),
        Err(WindowError::Ambiguous(_))
    ));
    assert_eq!(
        parse(None, Some("2026-03-03T00:00:00Z"), Some("2026-03-03T00:00:00Z")),
        Err(WindowError::Empty)
    );
}

#[test]
fn ticket_rates_today_leave_out_parked_and_earlier_items() {
    let s = stats(Window::Today);
    let g = s.group("ticket", ALL).expect("ticket row");
    // t1–t4 reported today; t3 and t4 open; t4 parked; t1 and t2 closed.
    assert_eq!((g.reported, g.open, g.parked, g.closed), (4, 2, 1, 2));
    // t3's resolve clock is red; t4's is paused and does not count.
    assert_eq!(g.overdue.resolve, 1);
    assert_eq!(g.overdue.sign, 0);
    // Dispatched, unparked: t1, t2, t3; closed of them: t1, t2.
    assert_eq!(ratio(&g.completion), (2, 3));
    // Sign rounds on time: t1, t3 of t1, t2, t3.
    assert_eq!(ratio(g.on_time_sign()), (2, 3));
    // Resolve rounds on time: t1's one, t2's first of t1 + t2's two,
    // plus t3's running clock that is already late.
    assert_eq!(ratio(g.on_time_completion()), (2, 4));
    // Callbacks: t1 satisfied, t2 basic.
    assert_eq!(ratio(&g.satisfaction), (2, 2));
    // Returns 1 (t2; t4's five are parked) over dispatches 1 + 2 + 1.
    assert_eq!(ratio(&g.returns), (1, 4));
    // Reworks 1 over resolutions 1 + 2.
    assert_eq!(ratio(&g.rework), (1, 3));
    assert_eq!(g.rework.rate, Some(1.0 / 3.0));
}

#[test]
fn stage_times_are_nearest_rank_median_and_p90_per_item() {
    let s = stats(Window::Today);
    let g = s.group("ticket", ALL).expect("ticket row");
    // Sign: 600, 1200, 7200 → rank ⌈1.5⌉ = 2 and ⌈2.7⌉ = 3.
    assert_eq!(
        g.times.sign,
        Spread {
            count: 3,
            median_secs: Some(1200),
            p90_secs: Some(7200)
        }
    );
    // Resolve per item: t1 3600, t2 10,000 / 2 rounds = 5000.
    assert_eq!(
        (g.times.resolve.median_secs, g.times.resolve.p90_secs),
        (Some(3600), Some(5000))
    );
    assert_eq!(g.times.verify, Spread::default());
}

#[test]
fn every_queue_row_exists_and_departments_split_the_cohort() {
    let s = stats(Window::Today);
    let all = s.group(ALL, ALL).expect("all row");
    assert_eq!((all.reported, all.open, all.overdue.resolve), (5, 3, 1));
    assert_eq!(
        s.group("incident", ALL).map(|g| (g.reported, g.open)),
        Some((1, 1))
    );
    let alerts = s.group("alert", ALL).expect("alert row is always there");
    assert_eq!((alerts.reported, alerts.completion.rate), (0, None));
    let water = s.group("ticket", "water").expect("water row");
    assert_eq!((water.reported, ratio(&water.completion)), (2, (2, 2)));
    let power = s.group(ALL, "power").expect("power row");
    assert_eq!(
        (power.reported, power.parked, ratio(&power.completion)),
        (2, 1, (0, 1))
    );
    // `all` first, queues in order, departments by code.
    let order: Vec<(&str, &str)> = s
        .groups
        .iter()
        .map(|g| (g.queue.as_str(), g.department.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            (ALL, ALL),
            (ALL, "power"),
            (ALL, "water"),
            ("incident", ALL),
            ("alert", ALL),
            ("ticket", ALL),
            ("ticket", "power"),
            ("ticket", "water")
        ]
    );
}

#[test]
fn the_week_takes_in_yesterdays_items() {
    let s = stats(Window::Week);
    let g = s.group("ticket", ALL).expect("ticket row");
    assert_eq!(g.reported, 5);
    // t7 answered unsatisfied.
    assert_eq!(ratio(&g.satisfaction), (2, 3));
    assert_eq!(ratio(&g.completion), (3, 4));
}

#[test]
fn the_backlog_is_everything_open_whenever_reported() {
    let s = stats(Window::Today);
    let b = s.backlog_of("ticket", ALL).expect("ticket backlog");
    // t3, t4 (parked) and last week's t6, whose sign clock is red.
    assert_eq!(
        (b.open, b.parked, b.overdue.sign, b.overdue.resolve),
        (3, 1, 1, 1)
    );
    assert_eq!(s.backlog_of("ticket", "water").map(|b| b.open), Some(1));
    assert_eq!(s.backlog_of("alert", ALL).map(|b| b.open), Some(0));
}

#[test]
fn a_range_covers_exactly_from_inclusive_to_exclusive() {
    let from = NOW - 2 * HOUR;
    let s = stats(Window::Range { from, to: NOW });
    // t1–t5 were reported at exactly `from`.
    assert_eq!(s.group(ALL, ALL).map(|g| g.reported), Some(5));
    let s = stats(Window::Range {
        from: from + time::Duration::SECOND,
        to: NOW,
    });
    assert_eq!(s.group(ALL, ALL).map(|g| g.reported), Some(0));
    assert_eq!(s.window, "range");
}

#[test]
fn stats_read_back_from_their_json() {
    let s = stats(Window::Today);
    let json = serde_json::to_string(&s).expect("serialises");
    let back: Stats = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, s);
}
