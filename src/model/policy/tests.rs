use super::*;
use crate::model::ids::Kind;
use crate::model::scales::Priority;
use time::macros::datetime;

fn key(kind: Kind, priority: Priority, stage: Stage) -> ClockKey<'static> {
    ClockKey {
        kind,
        category: "",
        priority,
        stage,
    }
}

#[test]
fn sign_for_limits_follow_the_hotline_rules() {
    let p = Policy::default();
    let limit = |prio, stage| p.limit(&key(Kind::Ticket, prio, stage));
    assert_eq!(
        limit(Priority::P1, Stage::Sign),
        Limit::Wall(Duration::minutes(15))
    );
    assert_eq!(
        limit(Priority::P2, Stage::Sign),
        Limit::Wall(Duration::minutes(30))
    );
}

#[test]
fn limits_parse_wall_and_working_units() {
    assert_eq!(Limit::parse("30m"), Ok(Limit::Wall(Duration::minutes(30))));
    assert_eq!(Limit::parse("4wh"), Ok(Limit::WorkingHours(Duration::hours(4))));
    assert_eq!(Limit::parse("5wd"), Ok(Limit::WorkingDays(5)));
    assert!(Limit::parse("0m").is_err());
    assert!(Limit::parse("5 weeks").is_err());
}

fn key_in(kind: Kind, category: &str, priority: Priority, stage: Stage) -> ClockKey<'_> {
    ClockKey {
        kind,
        category,
        priority,
        stage,
    }
}

fn row(
    kind: Option<Kind>,
    category: Option<&str>,
    priority: Option<Priority>,
    stage: Stage,
    limit: Limit,
) -> LimitRow {
    let mut limits = [None; 5];
    limits[stage.index()] = Some(limit);
    LimitRow {
        kind,
        category: category.map(str::to_owned),
        priority,
        limits,
    }
}

fn all_stages(limit: Limit) -> LimitRow {
    LimitRow {
        limits: [Some(limit); 5],
        ..LimitRow::default()
    }
}

#[test]
fn default_resolve_limits_count_working_days_and_urgent_ones_run_around_the_clock() {
    let p = Policy::default();
    assert_eq!(
        p.limit(&key(Kind::Ticket, Priority::P3, Stage::Sign)),
        Limit::WorkingDays(1)
    );
    assert_eq!(
        p.limit(&key(Kind::Ticket, Priority::P3, Stage::Resolve)),
        Limit::WorkingDays(5)
    );
    assert_eq!(
        p.limit(&key(Kind::Ticket, Priority::P1, Stage::Resolve)),
        Limit::Wall(Duration::hours(24))
    );
    assert_eq!(
        p.limit(&key(Kind::Alert, Priority::P3, Stage::Accept)),
        Limit::WorkingDays(1)
    );
}

#[test]
fn the_most_specific_row_wins_and_later_rows_win_ties() {
    let rows = vec![
        all_stages(Limit::WorkingDays(9)),
        row(
            Some(Kind::Ticket),
            None,
            None,
            Stage::Resolve,
            Limit::WorkingDays(5),
        ),
        row(
            Some(Kind::Ticket),
            None,
            Some(Priority::P1),
            Stage::Resolve,
            Limit::Wall(Duration::hours(24)),
        ),
        row(
            None,
            Some("H01"),
            None,
            Stage::Resolve,
            Limit::Wall(Duration::hours(16)),
        ),
        row(
            None,
            Some("H01"),
            Some(Priority::P4),
            Stage::Resolve,
            Limit::WorkingDays(3),
        ),
        // Same specificity as the kind row above, later: wins.
        row(
            Some(Kind::Ticket),
            None,
            None,
            Stage::Resolve,
            Limit::WorkingDays(4),
        ),
    ];
    let p = Policy::from_rows(Calendar::default(), &rows).expect("covered");
    let resolve = |category, priority| p.limit(&key_in(Kind::Ticket, category, priority, Stage::Resolve));
    assert_eq!(resolve("H05", Priority::P3), Limit::WorkingDays(4));
    assert_eq!(resolve("H05", Priority::P1), Limit::Wall(Duration::hours(24)));
    // Category beats kind + priority.
    assert_eq!(resolve("H01", Priority::P1), Limit::Wall(Duration::hours(16)));
    assert_eq!(resolve("H01", Priority::P4), Limit::WorkingDays(3));
    // Stages a category row leaves alone come from the general rows.
    assert_eq!(
        p.limit(&key_in(Kind::Ticket, "H01", Priority::P2, Stage::Sign)),
        Limit::WorkingDays(9)
    );
    assert_eq!(p.categories().collect::<Vec<_>>(), ["H01"]);
}

#[test]
fn rows_that_leave_a_stage_uncovered_are_refused() {
    let rows = vec![row(None, None, None, Stage::Sign, Limit::WorkingDays(1))];
    assert_eq!(
        Policy::from_rows(Calendar::default(), &rows),
        Err(Uncovered {
            kind: Kind::Incident,
            priority: Priority::P1,
            stage: Stage::Accept
        })
    );
    // A category row does not cover items of other categories.
    let mut rows = vec![all_stages(Limit::WorkingDays(1))];
    rows[0].category = Some("C01".into());
    assert!(Policy::from_rows(Calendar::default(), &rows).is_err());
}

#[test]
fn a_working_deadline_warns_at_80_percent_of_working_time() {
    let p = Policy::default();
    // Ticket P3 resolve: 5 wd = 37.5 h of working time from Mon 10:00.
    let start = datetime!(2026-03-09 10:00 +8);
    let d = p.deadline(&key(Kind::Ticket, Priority::P3, Stage::Resolve), start);
    assert_eq!(d.due_at, datetime!(2026-03-16 10:00 +8));
    // 80 % = 30 h: Mon 6 h, Tue–Thu 22.5 h, Fri 1.5 h → Fri 10:00.
    assert_eq!(d.warn_at, datetime!(2026-03-13 10:00 +8));
}

#[test]
fn a_wall_deadline_runs_through_the_night() {
    let p = Policy::default();
    let start = datetime!(2026-03-07 23:50 +8);
    let d = p.deadline(&key(Kind::Ticket, Priority::P1, Stage::Sign), start);
    assert_eq!(d.due_at, datetime!(2026-03-08 00:05 +8));
    assert_eq!(d.warn_at, datetime!(2026-03-08 00:02 +8));
}

#[test]
fn an_extension_in_working_days_lands_on_the_calendar() {
    let p = Policy::default();
    let k = key(Kind::Ticket, Priority::P3, Stage::Resolve);
    let start = datetime!(2026-03-09 10:00 +8);
    let d = p.deadline(&k, start);
    let e = p.extend(&k, start, d, Limit::WorkingDays(5));
    assert_eq!(e.due_at, datetime!(2026-03-23 10:00 +8));
    // 80 % of 10 wd (75 h) = 60 h = 8 wd: Thu 19 Mar 10:00.
    assert_eq!(e.warn_at, datetime!(2026-03-19 10:00 +8));
}

#[test]
fn resuming_a_working_clock_gives_back_the_working_time_left() {
    let p = Policy::default();
    let k = key(Kind::Ticket, Priority::P3, Stage::Resolve);
    let start = datetime!(2026-03-09 10:00 +8);
    let d = p.deadline(&k, start);
    // Parked Tue 10:00 with 30 h (due) and 22.5 h (warn) left; resumed
    // the following Monday 10:00.
    let r = p.resume(
        &k,
        datetime!(2026-03-10 10:00 +8),
        datetime!(2026-03-16 10:00 +8),
        d,
    );
    assert_eq!(r.due_at, datetime!(2026-03-20 10:00 +8));
    assert_eq!(r.warn_at, datetime!(2026-03-19 10:00 +8));
}

#[test]
fn resuming_a_wall_clock_shifts_it_by_the_parked_span() {
    let p = Policy::default();
    let k = key(Kind::Ticket, Priority::P1, Stage::Sign);
    let start = datetime!(2026-03-07 23:50 +8);
    let d = p.deadline(&k, start);
    let r = p.resume(&k, start + Duration::minutes(1), start + Duration::hours(3), d);
    assert_eq!(r.due_at, d.due_at + Duration::minutes(179));
    assert_eq!(r.warn_at, d.warn_at + Duration::minutes(179));
}

#[test]
fn uniform_policy_gives_every_stage_the_same_limit_and_with_stage_overrides_one() {
    let p = Policy::uniform(Duration::seconds(1)).with_stage(Stage::Resolve, Duration::hours(1));
    assert_eq!(
        p.limit(&key(Kind::Alert, Priority::P4, Stage::Accept)),
        Limit::Wall(Duration::seconds(1))
    );
    assert_eq!(
        p.limit(&key_in(Kind::Incident, "C01", Priority::P1, Stage::Resolve)),
        Limit::Wall(Duration::hours(1))
    );
}

#[test]
fn a_scaled_policy_runs_around_the_clock_factor_times_faster() {
    let rows = vec![
        all_stages(Limit::WorkingDays(1)),
        row(
            None,
            Some("C11"),
            None,
            Stage::Resolve,
            Limit::WorkingHours(Duration::hours(4)),
        ),
    ];
    let p = Policy::from_rows(Calendar::default(), &rows)
        .expect("covered")
        .scaled(60);
    assert_eq!(
        p.limit(&key(Kind::Ticket, Priority::P3, Stage::Sign)),
        Limit::Wall(Duration::minutes(24))
    );
    assert_eq!(
        p.limit(&key_in(Kind::Incident, "C11", Priority::P3, Stage::Resolve)),
        Limit::Wall(Duration::minutes(4))
    );
    assert_eq!(p.ladder.supervision[0].overdue, Limit::Wall(Duration::ZERO));
    assert_eq!(
        p.ladder.supervision[1].overdue,
        Limit::Wall(Duration::minutes(24))
    );
    assert_eq!(p.storm.window, Duration::seconds(10));
    // Saturday night: a scaled clock does not wait for Monday.
    let start = datetime!(2026-03-07 23:00 +8);
    let d = p.deadline(&key(Kind::Ticket, Priority::P3, Stage::Sign), start);
    assert_eq!(d.due_at, start + Duration::minutes(24));
}

#[test]
fn limits_print_the_way_files_write_them() {
    for text in ["15m", "6h", "2d", "4wh", "5wd", "90m"] {
        assert_eq!(Limit::parse(text).map(|l| l.to_string()), Ok(text.to_owned()));
    }
    assert_eq!(Limit::parse("120m").map(|l| l.to_string()), Ok("2h".to_owned()));
    assert_eq!(Limit::parse("1d").map(|l| l.to_string()), Ok("24h".to_owned()));
}

#[test]
fn limits_longer_than_ten_years_or_zero_are_refused_unless_zero_is_allowed() {
    assert!(Limit::parse("99999999999999999m").is_err());
    assert!(Limit::parse("4000d").is_err());
    assert!(Limit::parse("0wd").is_err());
    assert_eq!(Limit::parse_allowing_zero("0m"), Ok(Limit::Wall(Duration::ZERO)));
    assert!(Limit::parse_allowing_zero("-1m").is_err());
}
