//! Stage limits and the rules the server applies on its own: how long each
//! stage may take per kind × category × priority, the working-time
//! calendar those limits are counted in, the escalation ladder, alert
//! storms, duplicate windows and auto-dispatch routes.
//!
//! The values come from a policy file (`data/policy.toml` built in, or the
//! operator's own); this module only says what they mean.
//!
//! Split by concept: `limits` holds the stages, the table of limits and
//! how a file states one; `clock` the deadline arithmetic on the calendar
//! (it reads limits, never the other way); `rules` the ladder, storm,
//! duplicate and route configs. This file ties them into the one
//! [`Policy`] a server runs with.

pub mod cap;
mod clock;
mod limits;
pub(super) mod retention;
mod rules;

pub use cap::{CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, CapPolicy, CapRule};
pub use clock::{ClockState, Deadline};
pub use limits::{ClockKey, Limit, LimitRow, Stage, Uncovered};
pub use rules::{DuplicateRule, Ladder, LadderStep, Pick, Route, StormRule};

use super::calendar::Calendar;
use limits::{DEFAULT_TABLE, Table, table};
use std::collections::BTreeMap;
use time::Duration;

/// The whole policy a server runs with.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// For items whose category has no row of its own.
    base: Table,
    /// Resolved tables of the categories that have rows.
    by_category: BTreeMap<String, Table>,
    calendar: Calendar,
    pub ladder: Ladder,
    pub storm: StormRule,
    pub duplicates: DuplicateRule,
    pub routes: Vec<Route>,
    /// How long callers' personal data is kept after an item closes.
    pub retention: retention::Retention,
    /// CAP alerts' priority by severity × urgency × certainty.
    pub cap: CapPolicy,
}

impl Default for Policy {
    /// The shipped limits by kind × priority on the Jinzhou calendar
    /// without its holiday list, and the shipped ladder, storm and
    /// duplicate rules; no category rows and no routes. The server runs
    /// the whole shipped file (`default_policy` in the data layer).
    fn default() -> Self {
        Policy {
            base: DEFAULT_TABLE,
            by_category: BTreeMap::new(),
            calendar: Calendar::default(),
            ladder: Ladder::default(),
            storm: StormRule::default(),
            duplicates: DuplicateRule::default(),
            routes: Vec::new(),
            retention: retention::Retention::default(),
            cap: CapPolicy::default(),
        }
    }
}

/// `d / factor`, at least a second: a scaled clock still runs.
fn shrink(d: Duration, factor: u32) -> Duration {
    (d / factor).max(Duration::SECOND)
}

impl Policy {
    /// A policy from `[[limits]]` rows on `calendar`, with the default
    /// ladder, storm and duplicate rules and no routes (set those fields
    /// after). The rows without a category must cover every kind ×
    /// priority × stage.
    pub fn from_rows(calendar: Calendar, rows: &[LimitRow]) -> Result<Policy, Uncovered> {
        let base = table(rows, None)?;
        let mut by_category = BTreeMap::new();
        for code in rows.iter().filter_map(|r| r.category.as_deref()) {
            if !by_category.contains_key(code) {
                by_category.insert(code.to_owned(), table(rows, Some(code))?);
            }
        }
        Ok(Policy {
            base,
            by_category,
            calendar,
            ..Policy::default()
        })
    }

    /// The same limit for every kind, priority and stage (whole seconds,
    /// at least one), counted around the clock: tests and demos that must
    /// see clocks run out quickly.
    pub fn uniform(limit: Duration) -> Self {
        let secs = Limit::Wall(Duration::seconds(limit.whole_seconds().max(1)));
        Policy {
            base: [[[secs; 5]; 4]; 3],
            ..Policy::default()
        }
    }

    /// This policy with `stage` given `limit` everywhere (whole seconds, at
    /// least one, around the clock), so a test can make one stage short and
    /// the others long.
    pub fn with_stage(mut self, stage: Stage, limit: Duration) -> Self {
        let secs = Limit::Wall(Duration::seconds(limit.whole_seconds().max(1)));
        for table in std::iter::once(&mut self.base).chain(self.by_category.values_mut()) {
            for row in table.iter_mut().flatten() {
                row[stage.index()] = secs;
            }
        }
        self
    }

    /// This policy `factor` times faster, around the clock: every limit,
    /// ladder rung and the storm window divided by `factor` (a working hour
    /// counted as an hour, a working day as a day; never under a second).
    /// `citydesk demo` shows a day of clocks in minutes with it.
    pub fn scaled(mut self, factor: u32) -> Policy {
        if factor <= 1 {
            return self;
        }
        let scale = |l: Limit| Limit::Wall(shrink(l.as_wall(), factor));
        for table in std::iter::once(&mut self.base).chain(self.by_category.values_mut()) {
            for limit in table.iter_mut().flatten().flatten() {
                *limit = scale(*limit);
            }
        }
        for step in &mut self.ladder.supervision {
            // A rung at zero stays at zero: "as soon as it is overdue".
            step.overdue = Limit::Wall(step.overdue.as_wall() / factor);
        }
        self.storm.window = shrink(self.storm.window, factor);
        self
    }

    /// The calendar working-time limits count on.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Categories that have limits of their own.
    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.by_category.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests;
