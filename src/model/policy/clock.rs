//! Clock arithmetic: when a stage's clock turns yellow and red, and how
//! an extension or a pause moves those points, counted around the clock or
//! on the working calendar as the stage's limit says.

use super::Policy;
use super::limits::{ClockKey, Limit};
use crate::model::Timestamp;
use serde::{Deserialize, Serialize};
use time::Duration;

/// Traffic-light state of a clock.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Green,
    Yellow,
    Red,
}

/// When a clock turns yellow and when it turns red.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub warn_at: Timestamp,
    pub due_at: Timestamp,
}

/// Whether a stage's clock counts working time or wall time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Wall,
    Working,
}

impl Policy {
    /// `limit` after `start`, on the calendar where it counts working time.
    pub fn add(&self, start: Timestamp, limit: Limit) -> Timestamp {
        match limit {
            // Saturating: a deadline at the end of representable time is
            // refused by whoever asked for it, never a panic.
            Limit::Wall(d) => start.saturating_add(d),
            Limit::WorkingHours(d) => self.calendar.add(start, d),
            Limit::WorkingDays(n) => self.calendar.add_days(start, n),
        }
    }

    /// When a clock started at `start` turns yellow (80 % of the limit, in
    /// the limit's own measure) and red.
    pub fn deadline(&self, key: &ClockKey<'_>, start: Timestamp) -> Deadline {
        let (measure, span) = self.span(self.limit(key));
        Deadline {
            warn_at: self.advance(measure, start, eighty_percent(span)),
            due_at: self.advance(measure, start, span),
        }
    }

    /// The clock's deadline after an approved extension of `extra`: `extra`
    /// is added after the current due in its own measure (a working extra
    /// on the calendar); the yellow point is 80 % of the new total from
    /// `started_at`, in the stage's measure.
    pub fn extend(
        &self,
        key: &ClockKey<'_>,
        started_at: Timestamp,
        current: Deadline,
        extra: Limit,
    ) -> Deadline {
        let due_at = self.add(current.due_at, extra);
        let (measure, _) = self.span(self.limit(key));
        let total = self.elapsed(measure, started_at, due_at);
        Deadline {
            warn_at: self.advance(measure, started_at, eighty_percent(total)),
            due_at,
        }
    }

    /// The clock's deadline when a clock parked at `paused_at` runs again
    /// at `now`: the parked time is given back. A working clock gets the
    /// working time it had left at the pause counted again from `now`; a
    /// wall clock moves by the time it was parked. A point already passed
    /// at the pause moves by the parked wall time, so the clock stays as
    /// far past it as it was.
    pub fn resume(
        &self,
        key: &ClockKey<'_>,
        paused_at: Timestamp,
        now: Timestamp,
        current: Deadline,
    ) -> Deadline {
        let (measure, _) = self.span(self.limit(key));
        let shift = |at: Timestamp| match measure {
            Measure::Working if at > paused_at => {
                self.calendar.add(now, self.calendar.between(paused_at, at))
            }
            _ => at.saturating_add(now - paused_at),
        };
        Deadline {
            warn_at: shift(current.warn_at),
            due_at: shift(current.due_at),
        }
    }

    /// The measure of a limit and its length in that measure.
    fn span(&self, limit: Limit) -> (Measure, Duration) {
        match limit {
            Limit::Wall(d) => (Measure::Wall, d),
            Limit::WorkingHours(d) => (Measure::Working, d),
            Limit::WorkingDays(n) => (Measure::Working, self.calendar.day_length() * n),
        }
    }

    fn advance(&self, measure: Measure, start: Timestamp, span: Duration) -> Timestamp {
        match measure {
            Measure::Wall => start.saturating_add(span),
            Measure::Working => self.calendar.add(start, span),
        }
    }

    fn elapsed(&self, measure: Measure, from: Timestamp, to: Timestamp) -> Duration {
        match measure {
            Measure::Wall => to - from,
            Measure::Working => self.calendar.between(from, to),
        }
    }
}

/// 80 % of a span, in whole arithmetic so the yellow point is exact.
fn eighty_percent(span: Duration) -> Duration {
    span * 4 / 5
}
