//! Stage limits: how long each stage may take, per kind × priority.
//!
//! Defaults come from domain.md: sign-for within 15 min for life or
//! property risk, 30 min for utilities (P2), one working day otherwise;
//! completion in 24 h for urgent utility cases and 5 working days in
//! general. Until working-time calendars exist a working day counts as 24
//! wall-clock hours, which errs on the side of the dispatcher.

use super::Timestamp;
use super::ids::Kind;
use super::types::Priority;
use serde::{Deserialize, Serialize};
use time::Duration;

/// The stage an item's clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Accept,
    Dispatch,
    Sign,
    Resolve,
    Verify,
}

/// Traffic-light state of a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Green,
    Yellow,
    Red,
}

// Seconds, so tests can run whole lifecycles against limits of a second.
const MIN: i64 = 60;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// Seconds per stage: accept, dispatch, sign, resolve, verify.
type Limits = [i64; 5];

/// Limits per kind and priority, in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    limits: [[Limits; 4]; 3],
}

impl Default for Policy {
    fn default() -> Self {
        // Incidents: P1 is an emergency on scene within 30 min (road collapse,
        // injury crash); P2 is 6 h for open manholes (Guangzhou rule).
        let incident = [
            [5 * MIN, 10 * MIN, 15 * MIN, 4 * HOUR, HOUR],
            [15 * MIN, 30 * MIN, 30 * MIN, 6 * HOUR, 2 * HOUR],
            [30 * MIN, 2 * HOUR, DAY, 3 * DAY, DAY],
            [HOUR, DAY, DAY, 5 * DAY, DAY],
        ];
        // Grid alerts: Tianque accept limits of 1 working day; community
        // handling in 3 working days.
        let alert = [
            [5 * MIN, 15 * MIN, 15 * MIN, 4 * HOUR, HOUR],
            [30 * MIN, HOUR, 4 * HOUR, DAY, 4 * HOUR],
            [4 * HOUR, DAY, DAY, 3 * DAY, DAY],
            [DAY, DAY, DAY, 5 * DAY, DAY],
        ];
        // 12345 tickets: sign-for 15 min / 30 min / 1 working day; reply in
        // 24 h for utilities, 5 working days in general.
        let ticket = [
            [5 * MIN, 15 * MIN, 15 * MIN, DAY, DAY],
            [15 * MIN, 30 * MIN, 30 * MIN, DAY, DAY],
            [30 * MIN, 2 * HOUR, DAY, 5 * DAY, DAY],
            [30 * MIN, DAY, DAY, 3 * DAY, DAY],
        ];
        Policy {
            limits: [incident, alert, ticket],
        }
    }
}

impl Policy {
    /// The same limit for every kind, priority and stage (whole seconds,
    /// at least one): tests and demos that must see clocks run out quickly.
    pub fn uniform(limit: Duration) -> Self {
        let secs = limit.whole_seconds().max(1);
        Policy {
            limits: [[[secs; 5]; 4]; 3],
        }
    }

    pub fn limit(&self, kind: Kind, priority: Priority, stage: Stage) -> Duration {
        let k = match kind {
            Kind::Incident => 0,
            Kind::Alert => 1,
            Kind::Ticket => 2,
        };
        let p = match priority {
            Priority::P1 => 0,
            Priority::P2 => 1,
            Priority::P3 => 2,
            Priority::P4 => 3,
        };
        Duration::seconds(self.limits[k][p][stage_index(stage)])
    }

    /// This policy with `stage` given `limit` everywhere (whole seconds, at
    /// least one), so a test can make one stage short and the others long.
    pub fn with_stage(mut self, stage: Stage, limit: Duration) -> Self {
        let secs = limit.whole_seconds().max(1);
        for row in self.limits.iter_mut().flatten() {
            row[stage_index(stage)] = secs;
        }
        self
    }

    /// When a stage entered at `start` falls due.
    pub fn due(&self, kind: Kind, priority: Priority, stage: Stage, start: Timestamp) -> Timestamp {
        start + self.limit(kind, priority, stage)
    }
}

fn stage_index(stage: Stage) -> usize {
    match stage {
        Stage::Accept => 0,
        Stage::Dispatch => 1,
        Stage::Sign => 2,
        Stage::Resolve => 3,
        Stage::Verify => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_for_limits_follow_the_hotline_rules() {
        let p = Policy::default();
        assert_eq!(
            p.limit(Kind::Ticket, Priority::P1, Stage::Sign),
            Duration::minutes(15)
        );
        assert_eq!(
            p.limit(Kind::Ticket, Priority::P2, Stage::Sign),
            Duration::minutes(30)
        );
        assert_eq!(
            p.limit(Kind::Ticket, Priority::P3, Stage::Sign),
            Duration::days(1)
        );
        assert_eq!(
            p.limit(Kind::Ticket, Priority::P3, Stage::Resolve),
            Duration::days(5)
        );
    }

    #[test]
    fn uniform_policy_gives_every_stage_the_same_limit_and_with_stage_overrides_one() {
        let p = Policy::uniform(Duration::seconds(1)).with_stage(Stage::Resolve, Duration::hours(1));
        assert_eq!(
            p.limit(Kind::Alert, Priority::P4, Stage::Accept),
            Duration::seconds(1)
        );
        assert_eq!(
            p.limit(Kind::Incident, Priority::P1, Stage::Resolve),
            Duration::hours(1)
        );
    }
}
