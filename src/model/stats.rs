//! KPIs from items: what the stats endpoint, the console's stats pane and
//! the Prometheus metrics report (domain.md §5, docs/kpi.md).
//!
//! Figures are over items reported in the window (a cohort by creation
//! time), so a rate never mixes this week's work with last month's, and
//! a reader can recount any figure from the items themselves: every rate
//! carries its numerator and denominator. Parked items (挂账) are counted
//! as reported, open and parked, and left out of every rate and time.
//! The backlog is the other view: every item open now, whenever reported.

mod compute;
mod figures;
mod window;

pub use compute::compute;
pub use figures::{ALL, Backlog, Figures, PerStage, Ratio, Spread, Stats};
pub use window::{END, StatsQuery, Window, WindowError};

use super::Timestamp;
use super::ids::{ItemId, Kind};
use super::item::{Clock, Counters, Item, StageRecords};
use super::scales::{Priority, Supervision};
use super::status::{Outcome, Satisfaction, Status};

/// What the KPIs need of one item: its numbers without its texts. The
/// server keeps open items' facts in memory; closed items' facts stay in
/// the database (as JSON), read back for the windows that ask for them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    pub id: ItemId,
    pub kind: Kind,
    pub category: String,
    pub priority: Priority,
    pub status: Status,
    pub department: Option<String>,
    pub supervision: Supervision,
    pub clock: Option<Clock>,
    pub counters: Counters,
    pub stages: StageRecords,
    pub satisfaction: Option<Satisfaction>,
    pub outcome: Option<Outcome>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub closed_at: Option<Timestamp>,
}

impl Facts {
    pub fn of(item: &Item) -> Self {
        Facts {
            id: item.id.clone(),
            kind: item.kind,
            category: item.category.clone(),
            priority: item.priority,
            status: item.status,
            department: item.department.clone(),
            supervision: item.supervision,
            clock: item.clock.clone(),
            counters: item.counters,
            stages: item.stages,
            satisfaction: item.satisfaction,
            outcome: item.outcome.clone(),
            created_at: item.created_at,
            closed_at: item.closed_at,
        }
    }
}

#[cfg(test)]
mod tests;
