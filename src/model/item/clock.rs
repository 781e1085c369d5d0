//! The clock of the stage an item is in, as the item keeps it: when it
//! started and falls due, whether it stands still while parked, and which
//! SLA events it has already had, so each fires once.

use crate::model::Timestamp;
use crate::model::policy::{ClockState, Stage};
use crate::model::scales::Supervision;
use serde::{Deserialize, Serialize};

/// The clock of the stage the item is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Clock {
    pub stage: Stage,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub started_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    /// When it turns yellow; absent on clocks from before calendars, which
    /// turn yellow at 80 % of the wall-clock span.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub warn_at: Option<Timestamp>,
    /// Seconds this clock stood still while parked, so the time spent in
    /// the stage leaves them out.
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub parked_secs: i64,
    /// Set while the item is parked: the clock does not run.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub paused_at: Option<Timestamp>,
    /// `sla_warning` was written for this stage: it fires once per clock.
    #[serde(default, skip_serializing_if = "is_false")]
    pub warned: bool,
    /// `sla_breached` was written for this stage.
    #[serde(default, skip_serializing_if = "is_false")]
    pub breached: bool,
    /// The department was chased (催办) for this stage.
    #[serde(default, skip_serializing_if = "is_false")]
    pub chased: bool,
    /// The highest supervision card the escalation ladder gave this clock,
    /// so a card a supervisor lowers stays lowered until the next rung.
    #[serde(default, skip_serializing_if = "is_no_card")]
    pub laddered: Supervision,
}

fn is_no_card(s: &Supervision) -> bool {
    *s == Supervision::None
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

impl Clock {
    pub fn new(stage: Stage, started_at: Timestamp, due_at: Timestamp, warn_at: Option<Timestamp>) -> Self {
        Clock {
            stage,
            started_at,
            due_at,
            warn_at,
            parked_secs: 0,
            paused_at: None,
            warned: false,
            breached: false,
            chased: false,
            laddered: Supervision::None,
        }
    }

    /// When it turns yellow.
    pub fn warn_time(&self) -> Timestamp {
        self.warn_at
            .unwrap_or_else(|| self.started_at + (self.due_at - self.started_at) * 0.8)
    }

    /// Green under 80 % of the limit, yellow to 100 %, red beyond.
    pub fn state(&self, now: Timestamp) -> ClockState {
        let at = self.paused_at.unwrap_or(now);
        if at >= self.due_at {
            return ClockState::Red;
        }
        if let Some(warn_at) = self.warn_at {
            return if at >= warn_at {
                ClockState::Yellow
            } else {
                ClockState::Green
            };
        }
        let limit = (self.due_at - self.started_at).whole_milliseconds().max(1);
        let used = (at - self.started_at).whole_milliseconds();
        if used >= limit {
            ClockState::Red
        } else if used * 5 >= limit * 4 {
            ClockState::Yellow
        } else {
            ClockState::Green
        }
    }
}
