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
    /// At the very edge of representable time (a deadline saturated
    /// there), the UTC wall time stands in rather than a panic.
    fn local(&self, t: Timestamp) -> (Date, Duration) {
        let local = t.checked_to_offset(self.offset).unwrap_or(t);
        (local.date(), local.time() - Time::MIDNIGHT)
    }

    /// The UTC instant at `since_midnight` on local `date` (24:00 allowed);
    /// saturating at the edge of representable time, as [`Self::local`].
    fn instant(&self, date: Date, since_midnight: Duration) -> Timestamp {
        let midnight = PrimitiveDateTime::new(date, Time::MIDNIGHT);
        midnight
            .assume_offset(self.offset)
            .checked_to_offset(UtcOffset::UTC)
            .unwrap_or_else(|| midnight.assume_utc())
            .saturating_add(since_midnight)
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
mod tests;
