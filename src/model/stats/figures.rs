//! The shape of a stats answer: plain data, serialised as the wire's
//! `GET /v1/stats` body (re-exported by `api::stats`), so the server, the
//! console and the metrics read one definition.

use crate::model::{Stage, Timestamp};
use serde::{Deserialize, Serialize};

/// The `queue` or `department` label of a group that takes every value.
pub const ALL: &str = "all";

/// `GET /v1/stats`: the KPIs of the items reported in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Stats {
    /// `today`, `week` or `range`.
    pub window: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub from: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub to: Timestamp,
    /// The server's time the figures were computed at (clock colours).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub now: Timestamp,
    /// What the figures are over, in words, for a reader of the JSON.
    pub basis: String,
    /// One group per queue × department seen in the cohort, plus `all` ×
    /// `all`, each kind × `all` and `all` × each department. Groups with
    /// `department = "all"` always exist, for every queue.
    pub groups: Vec<Figures>,
    /// Items open now, whatever their report time, grouped the same way.
    pub backlog: Vec<Backlog>,
}

impl Stats {
    /// The figures of `queue` (`all`, `incident`, `alert`, `ticket`) ×
    /// `department` (`all` or a department code).
    pub fn group(&self, queue: &str, department: &str) -> Option<&Figures> {
        self.groups
            .iter()
            .find(|g| g.queue == queue && g.department == department)
    }

    /// The backlog of `queue` × `department`.
    pub fn backlog_of(&self, queue: &str, department: &str) -> Option<&Backlog> {
        self.backlog
            .iter()
            .find(|g| g.queue == queue && g.department == department)
    }
}

/// One group's figures over the cohort; docs/kpi.md defines each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Figures {
    /// `all`, `incident`, `alert` or `ticket`.
    pub queue: String,
    /// `all` or the code of the department the item is dispatched to.
    pub department: String,
    /// Items reported in the window.
    pub reported: u64,
    /// Of those, still open (parked included).
    pub open: u64,
    /// Of those, parked now (挂账): left out of every rate and time.
    pub parked: u64,
    /// Of those, closed now.
    pub closed: u64,
    /// Open, unparked items whose running clock is red now, by stage.
    pub overdue: PerStage<u64>,
    /// 办结率: dispatched items closed ÷ dispatched items.
    pub completion: Ratio,
    /// On time per stage: rounds completed by the (extended) due time ÷
    /// (rounds completed + running clocks already past due). `sign` is
    /// 按时签收率, `resolve` is 按时办结率.
    pub on_time: PerStage<Ratio>,
    /// 满意率: callbacks answered satisfied or basic ÷ callbacks.
    pub satisfaction: Ratio,
    /// 直接答复率: tickets answered in the call ÷ tickets taken (not
    /// rejected or merged away).
    #[serde(default)]
    pub direct_answer: Ratio,
    /// 回退率: returns (退单) ÷ dispatches (派单).
    pub returns: Ratio,
    /// 返工率 / 重办率: reworks ÷ resolutions (resolve rounds completed).
    pub rework: Ratio,
    /// Time spent per stage by items that completed it.
    pub times: PerStage<Spread>,
}

impl Figures {
    /// 按时签收率.
    pub fn on_time_sign(&self) -> &Ratio {
        &self.on_time.sign
    }

    /// 按时办结率.
    pub fn on_time_completion(&self) -> &Ratio {
        &self.on_time.resolve
    }
}

/// What is open now in one group, whenever it was reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Backlog {
    pub queue: String,
    pub department: String,
    /// Open items, parked included.
    pub open: u64,
    pub parked: u64,
    /// Open, unparked items whose running clock is red now, by stage.
    pub overdue: PerStage<u64>,
}

/// A rate with the counts it is made of; `rate` is absent when nothing
/// was counted (no division by zero pretending to be 0 % or 100 %).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
    pub rate: Option<f64>,
}

impl Ratio {
    pub fn new(numerator: u64, denominator: u64) -> Self {
        Ratio {
            numerator,
            denominator,
            // Counts stay far below 2^53: the conversion is exact.
            rate: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        }
    }
}

/// How long a stage took: nearest-rank median and 90th percentile of the
/// per-item time in the stage (seconds, parked time left out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Spread {
    /// Items the spread is over.
    pub count: u64,
    pub median_secs: Option<i64>,
    pub p90_secs: Option<i64>,
}

/// One value per stage, named in the JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PerStage<T> {
    pub accept: T,
    pub dispatch: T,
    pub sign: T,
    pub resolve: T,
    pub verify: T,
}

impl<T> PerStage<T> {
    pub fn get(&self, stage: Stage) -> &T {
        match stage {
            Stage::Accept => &self.accept,
            Stage::Dispatch => &self.dispatch,
            Stage::Sign => &self.sign,
            Stage::Resolve => &self.resolve,
            Stage::Verify => &self.verify,
        }
    }

    pub fn get_mut(&mut self, stage: Stage) -> &mut T {
        match stage {
            Stage::Accept => &mut self.accept,
            Stage::Dispatch => &mut self.dispatch,
            Stage::Sign => &mut self.sign,
            Stage::Resolve => &mut self.resolve,
            Stage::Verify => &mut self.verify,
        }
    }

    /// Builds each stage's value from the stage.
    pub fn from_fn(mut f: impl FnMut(Stage) -> T) -> Self {
        PerStage {
            accept: f(Stage::Accept),
            dispatch: f(Stage::Dispatch),
            sign: f(Stage::Sign),
            resolve: f(Stage::Resolve),
            verify: f(Stage::Verify),
        }
    }
}
