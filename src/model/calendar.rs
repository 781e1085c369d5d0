//! Working time. Most limits a city sets are in working hours or working
//! days (domain.md §0: "clocks … use working hours or working days"), so a
//! case filed at 17:00 on a Friday is not overdue on Saturday morning. This
//! module counts such time on a city's calendar: its UTC offset, the
//! working periods of a working day, the weekend, public holidays and the
//! make-up working days (调休) that move a weekend day into the week.
//!
//! Semantics, kept small on purpose:
//! - Working time only passes inside a working period of a working day.
//!   A clock started outside one counts from the next period.
//! - A date is a working day if it is a make-up day; otherwise if it is
//!   neither a holiday nor a weekend day.
//! - "N working days" is N times the length of one working day, counted as
//!   working time: from Friday 16:00, one working day (7.5 h by default) is
//!   1.5 h on Friday and 6 h on Monday, due Monday 16:00 — the same time of
//!   day on the next working day.
//! - A limit that ends exactly at the end of a period falls due then (12:00),
//!   not at the start of the next one.
//!
//! Pure: no I/O and no clock; every instant is passed in.

use super::Timestamp;
use std::collections::BTreeSet;
use time::macros::offset;
use time::{Date, Duration, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// A city's working-time calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    offset: UtcOffset,
    /// Working periods of a working day, as spans since local midnight:
    /// sorted, disjoint, never empty.
    periods: Vec<(Duration, Duration)>,
    /// Weekend days, indexed from Monday (0) to Sunday (6).
    weekend: [bool; 7],
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
}

/// Why a calendar cannot count working time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("a working day needs at least one working period")]
    NoPeriods,
    #[error("working period {0} must start before it ends, within one day (00:00-24:00)")]
    BadPeriod(String),
    #[error("working period {0} must start after the one before it ends; list periods in order")]
    Overlap(String),
    #[error("every day of the week is a weekend day, so there is no working time")]
    NoWorkingWeekday,
    #[error("{0} is listed both as a holiday and as a make-up working day")]
    HolidayAndWorkday(Date),
}

/// The default working periods: 08:30–12:00 and 13:30–17:30 (7.5 h), the
/// usual office hours of Liaoning government units. An ASSUMPTION: the
/// research found no published hours for Jinzhou's departments.
const DEFAULT_PERIODS: [(i64, i64); 2] = [(8 * 60 + 30, 12 * 60), (13 * 60 + 30, 17 * 60 + 30)];

impl Default for Calendar {
    /// Jinzhou (UTC+08:00), 08:30–12:00 and 13:30–17:30, Saturday and
    /// Sunday off, no holidays (those come from the policy file).
    fn default() -> Self {
        Calendar {
            offset: offset!(+8),
            periods: DEFAULT_PERIODS
                .iter()
                .map(|&(s, e)| (Duration::minutes(s), Duration::minutes(e)))
                .collect(),
            weekend: weekend_mask(&[Weekday::Saturday, Weekday::Sunday]),
            holidays: BTreeSet::new(),
            workdays: BTreeSet::new(),
        }
    }
}

fn weekend_mask(days: &[Weekday]) -> [bool; 7] {
    let mut mask = [false; 7];
    for d in days {
        mask[usize::from(d.number_days_from_monday())] = true;
    }
    mask
}

/// `08:30` from a span since midnight, for messages and listings.
pub fn hhmm(since_midnight: Duration) -> String {
    let m = since_midnight.whole_minutes();
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl Calendar {
    /// A calendar, checked so that working time always exists: at least one
    /// period, periods in order and disjoint, at least one working weekday
    /// (holidays are finite, so every later week then has working time).
    pub fn new(
        offset: UtcOffset,
        periods: Vec<(Duration, Duration)>,
        weekend: &[Weekday],
        holidays: impl IntoIterator<Item = Date>,
        workdays: impl IntoIterator<Item = Date>,
    ) -> Result<Calendar, CalendarError> {
        check_periods(&periods)?;
        let weekend = weekend_mask(weekend);
        if weekend.iter().all(|w| *w) {
            return Err(CalendarError::NoWorkingWeekday);
        }
        let holidays: BTreeSet<Date> = holidays.into_iter().collect();
        let workdays: BTreeSet<Date> = workdays.into_iter().collect();
        if let Some(both) = holidays.intersection(&workdays).next() {
            return Err(CalendarError::HolidayAndWorkday(*both));
        }
        Ok(Calendar {
            offset,
            periods,
            weekend,
            holidays,
            workdays,
        })
    }

    pub fn offset(&self) -> UtcOffset {
        self.offset
    }

    /// The working periods, as spans since local midnight.
    pub fn periods(&self) -> &[(Duration, Duration)] {
        &self.periods
    }

    /// Weekend days, Monday first.
    pub fn weekend(&self) -> Vec<Weekday> {
        let mut day = Weekday::Monday;
        let mut out = Vec::new();
        for is_weekend in self.weekend {
            if is_weekend {
                out.push(day);
            }
            day = day.next();
        }
        out
    }

    pub fn holidays(&self) -> &BTreeSet<Date> {
        &self.holidays
    }

    pub fn workdays(&self) -> &BTreeSet<Date> {
        &self.workdays
    }

    /// Working time in one working day (7.5 h by default).
    pub fn day_length(&self) -> Duration {
        self.periods.iter().map(|(s, e)| *e - *s).sum()
    }

    /// Make-up days win over everything; then holidays and weekends are off.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        !self.holidays.contains(&date) && !self.weekend[usize::from(date.weekday().number_days_from_monday())]
    }

    /// The instant `work` of working time after `start`. Outside working
    /// hours, counting starts with the next working period. Zero or less
    /// is `start` itself.
    pub fn add(&self, start: Timestamp, work: Duration) -> Timestamp {
        if work <= Duration::ZERO {
            return start;
        }
        let (mut date, mut from) = self.local(start);
        let mut left = work;
        // Ends: every week has a working weekday and holidays are finite, so
        // `left` shrinks by a working day at least every few iterations.
        loop {
            if self.is_working_day(date) {
                for &(s, e) in &self.periods {
                    if from >= e {
                        continue;
                    }
                    let begin = from.max(s);
                    let span = e - begin;
                    if left <= span {
                        return self.instant(date, begin + left);
                    }
                    left -= span;
                }
            }
            let Some(next) = date.next_day() else {
                // Past the last date `time` can represent: nothing sensible
                // is left to count; no real clock gets here.
                return start.checked_add(work).unwrap_or(start);
            };
            date = next;
            from = Duration::ZERO;
        }
    }

    /// `days` working days after `start`: `days` times a working day's
    /// length of working time (see the module notes).
    pub fn add_days(&self, start: Timestamp, days: u32) -> Timestamp {
        self.add(start, self.day_length() * days)
    }

    /// Working time from `from` to `to`; zero if `to` is not later.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> Duration {
        if to <= from {
            return Duration::ZERO;
        }
        let (mut date, mut at) = self.local(from);
        let (last, until_last) = self.local(to);
        let mut total = Duration::ZERO;
        loop {
            let until = if date == last { until_last } else { Duration::DAY };
            if self.is_working_day(date) {
                for &(s, e) in &self.periods {
                    let lo = at.max(s);
                    let hi = until.min(e);
                    if hi > lo {
                        total += hi - lo;
                    }
                }
            }
            match date.next_day() {
                Some(next) if date < last => date = next,
                _ => return total,
            }
            at = Duration::ZERO;
        }
    }

    /// Local date and time since local midnight.
    fn local(&self, t: Timestamp) -> (Date, Duration) {
        let local = t.to_offset(self.offset);
        (local.date(), local.time() - Time::MIDNIGHT)
    }

    /// The UTC instant at `since_midnight` on local `date` (24:00 allowed).
    fn instant(&self, date: Date, since_midnight: Duration) -> Timestamp {
        PrimitiveDateTime::new(date, Time::MIDNIGHT)
            .assume_offset(self.offset)
            .to_offset(UtcOffset::UTC)
            + since_midnight
    }
}

fn check_periods(periods: &[(Duration, Duration)]) -> Result<(), CalendarError> {
    if periods.is_empty() {
        return Err(CalendarError::NoPeriods);
    }
    let mut end_before = Duration::ZERO;
    for &(s, e) in periods {
        let text = format!("{}-{}", hhmm(s), hhmm(e));
        if s < Duration::ZERO || e > Duration::DAY || s >= e {
            return Err(CalendarError::BadPeriod(text));
        }
        if s < end_before {
            return Err(CalendarError::Overlap(text));
        }
        end_before = e;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
