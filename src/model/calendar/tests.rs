use super::*;
use time::macros::{date, datetime};

/// The shipped 2026 calendar around the National Day week: 1–7 October
/// off, Sunday 20 September and Saturday 10 October worked.
fn jinzhou_2026() -> Calendar {
    let holidays = [
        date!(2026 - 01 - 01),
        date!(2026 - 01 - 02),
        date!(2026 - 01 - 03),
        date!(2026 - 10 - 01),
        date!(2026 - 10 - 02),
        date!(2026 - 10 - 03),
        date!(2026 - 10 - 04),
        date!(2026 - 10 - 05),
        date!(2026 - 10 - 06),
        date!(2026 - 10 - 07),
    ];
    let workdays = [
        date!(2026 - 01 - 04),
        date!(2026 - 09 - 20),
        date!(2026 - 10 - 10),
    ];
    let d = Calendar::default();
    Calendar::new(
        d.offset(),
        d.periods().to_vec(),
        &[Weekday::Saturday, Weekday::Sunday],
        holidays,
        workdays,
    )
    .expect("valid calendar")
}

fn h(n: i64) -> Duration {
    Duration::hours(n)
}

fn m(n: i64) -> Duration {
    Duration::minutes(n)
}

#[test]
fn a_working_day_is_seven_and_a_half_hours_by_default() {
    assert_eq!(Calendar::default().day_length(), m(450));
}

#[test]
fn time_inside_one_period_is_plain_addition() {
    let c = Calendar::default();
    // Tue 2026-03-03 09:00 +08 = 01:00 UTC.
    let t = datetime!(2026-03-03 09:00 +8);
    assert_eq!(c.add(t, h(2)), datetime!(2026-03-03 11:00 +8));
    assert_eq!(c.between(t, datetime!(2026-03-03 11:00 +8)), h(2));
}

#[test]
fn the_lunch_break_does_not_count() {
    let c = Calendar::default();
    let t = datetime!(2026-03-03 11:00 +8);
    // 1 h to noon, then 1 h from 13:30.
    assert_eq!(c.add(t, h(2)), datetime!(2026-03-03 14:30 +8));
    assert_eq!(c.between(t, datetime!(2026-03-03 14:30 +8)), h(2));
}

#[test]
fn a_limit_ending_at_a_period_end_falls_due_then() {
    let c = Calendar::default();
    let t = datetime!(2026-03-03 08:30 +8);
    assert_eq!(c.add(t, m(210)), datetime!(2026-03-03 12:00 +8));
    assert_eq!(c.add(t, m(450)), datetime!(2026-03-03 17:30 +8));
    // One second more spills into the next period or day.
    assert_eq!(
        c.add(t, m(210) + Duration::SECOND),
        datetime!(2026-03-03 13:30:01 +8)
    );
    assert_eq!(
        c.add(t, m(450) + Duration::SECOND),
        datetime!(2026-03-04 08:30:01 +8)
    );
}

#[test]
fn a_start_at_a_period_start_or_in_the_lunch_break_counts_from_the_period() {
    let c = Calendar::default();
    assert_eq!(
        c.add(datetime!(2026-03-03 13:30 +8), h(1)),
        datetime!(2026-03-03 14:30 +8)
    );
    assert_eq!(
        c.add(datetime!(2026-03-03 12:00 +8), h(1)),
        datetime!(2026-03-03 14:30 +8)
    );
    assert_eq!(
        c.add(datetime!(2026-03-03 12:45 +8), h(1)),
        datetime!(2026-03-03 14:30 +8)
    );
}

#[test]
fn nights_do_not_count() {
    let c = Calendar::default();
    // Reported 17:00: 30 min today, 3.5 h tomorrow morning.
    assert_eq!(
        c.add(datetime!(2026-03-03 17:00 +8), h(4)),
        datetime!(2026-03-04 12:00 +8)
    );
    // Reported at 02:00: counts from 08:30 the same day.
    assert_eq!(
        c.add(datetime!(2026-03-04 02:00 +8), h(1)),
        datetime!(2026-03-04 09:30 +8)
    );
    assert_eq!(
        c.between(datetime!(2026-03-03 17:00 +8), datetime!(2026-03-04 09:00 +8)),
        m(60)
    );
}

#[test]
fn the_offset_is_applied_to_utc_instants() {
    let c = Calendar::default();
    // 00:30 UTC is 08:30 in Jinzhou: the first minute of the day.
    let t = datetime!(2026-03-03 00:30 UTC);
    assert_eq!(c.add(t, h(1)), datetime!(2026-03-03 01:30 UTC));
    // 16:00 UTC Tuesday is Wednesday 00:00 local: counts from 08:30 Wed.
    assert_eq!(
        c.add(datetime!(2026-03-03 16:00 UTC), h(1)),
        datetime!(2026-03-04 09:30 +8)
    );
}

#[test]
fn weekends_are_skipped() {
    let c = Calendar::default();
    // Fri 2026-03-06 16:00: 1.5 h Friday, 6 h Monday = Monday 16:00.
    let fri = datetime!(2026-03-06 16:00 +8);
    assert_eq!(c.add_days(fri, 1), datetime!(2026-03-09 16:00 +8));
    assert_eq!(c.between(fri, datetime!(2026-03-09 16:00 +8)), m(450));
    // Saturday start counts from Monday 08:30.
    assert_eq!(
        c.add(datetime!(2026-03-07 10:00 +8), h(1)),
        datetime!(2026-03-09 09:30 +8)
    );
    assert_eq!(
        c.between(datetime!(2026-03-07 00:00 +8), datetime!(2026-03-08 23:59 +8)),
        Duration::ZERO
    );
}

#[test]
fn five_working_days_from_a_monday_end_the_next_monday_at_the_same_time() {
    let c = Calendar::default();
    let mon = datetime!(2026-03-09 10:00 +8);
    assert_eq!(c.add_days(mon, 5), datetime!(2026-03-16 10:00 +8));
}

#[test]
fn the_national_day_week_is_off_and_its_make_up_days_are_worked() {
    let c = jinzhou_2026();
    // Wed 30 Sep 16:00: 1.5 h that day; 1–7 Oct off; Thu 8 Oct morning.
    let t = datetime!(2026-09-30 16:00 +8);
    assert_eq!(c.add(t, h(4)), datetime!(2026-10-08 11:00 +8));
    // Thu 8 Oct + 2 wd: Fri 9 and Sat 10 (a make-up day), due Sat 10:00.
    let t = datetime!(2026-10-08 10:00 +8);
    assert_eq!(c.add_days(t, 2), datetime!(2026-10-10 10:00 +8));
    // Sat 19 Sep is a weekend, Sun 20 Sep a make-up day.
    assert_eq!(
        c.add(datetime!(2026-09-19 09:00 +8), h(1)),
        datetime!(2026-09-20 09:30 +8)
    );
    assert!(c.is_working_day(date!(2026 - 09 - 20)));
    assert!(!c.is_working_day(date!(2026 - 10 - 05)));
}

#[test]
fn a_start_on_a_holiday_counts_from_the_next_working_day() {
    let c = jinzhou_2026();
    // New Year's Day (Thu), Fri 2 and Sat 3 off; Sun 4 Jan worked.
    assert_eq!(
        c.add(datetime!(2026-01-01 10:00 +8), h(1)),
        datetime!(2026-01-04 09:30 +8)
    );
    assert_eq!(
        c.between(datetime!(2026-10-01 08:00 +8), datetime!(2026-10-08 08:30 +8)),
        Duration::ZERO
    );
}

#[test]
fn between_inverts_add() {
    let c = jinzhou_2026();
    let starts = [
        datetime!(2026-09-30 16:00 +8),
        datetime!(2026-09-18 23:10 +8),
        datetime!(2026-12-31 12:15 +8),
        datetime!(2026-10-10 17:29 +8),
    ];
    for start in starts {
        for work in [m(1), m(89), h(4), m(450), m(450) * 7, h(100)] {
            let end = c.add(start, work);
            assert_eq!(c.between(start, end), work, "{start} + {work}");
        }
    }
}

#[test]
fn zero_and_negative_work_is_the_start_itself() {
    let c = Calendar::default();
    let t = datetime!(2026-03-07 03:00 +8);
    assert_eq!(c.add(t, Duration::ZERO), t);
    assert_eq!(c.add(t, -h(1)), t);
    assert_eq!(c.between(t, t - h(1)), Duration::ZERO);
}

#[test]
fn a_calendar_without_working_time_is_refused() {
    let offset = UtcOffset::UTC;
    let all = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let period = vec![(h(9), h(17))];
    assert_eq!(
        Calendar::new(offset, vec![], &[], [], []),
        Err(CalendarError::NoPeriods)
    );
    assert_eq!(
        Calendar::new(offset, period.clone(), &all, [], [date!(2026 - 01 - 04)]),
        Err(CalendarError::NoWorkingWeekday)
    );
    assert!(matches!(
        Calendar::new(offset, vec![(h(12), h(9))], &[], [], []),
        Err(CalendarError::BadPeriod(_))
    ));
    assert!(matches!(
        Calendar::new(offset, vec![(h(9), h(12)), (h(11), h(14))], &[], [], []),
        Err(CalendarError::Overlap(_))
    ));
    assert!(matches!(
        Calendar::new(offset, vec![(h(9), h(25))], &[], [], []),
        Err(CalendarError::BadPeriod(_))
    ));
    let day = date!(2026 - 02 - 14);
    assert_eq!(
        Calendar::new(offset, period, &[], [day], [day]),
        Err(CalendarError::HolidayAndWorkday(day))
    );
}

#[test]
fn a_period_may_run_to_midnight() {
    let c = Calendar::new(UtcOffset::UTC, vec![(h(20), h(24))], &[], [], []).expect("valid");
    assert_eq!(
        c.add(datetime!(2026-03-03 23:00 UTC), h(2)),
        datetime!(2026-03-04 21:00 UTC)
    );
    assert_eq!(
        c.add(datetime!(2026-03-03 23:00 UTC), h(1)),
        datetime!(2026-03-04 00:00 UTC)
    );
}
