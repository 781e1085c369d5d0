//! The KPI facts the board keeps: every open item's, and those of items
//! no longer open that were reported within [`HORIZON`] of now. A stats
//! window that starts inside the horizon (today, this week, a month) is
//! answered from memory alone; an older one reads the rest from the
//! database's `item_facts`. Memory follows the open work and a month or
//! so of reports, never the years behind them.

use crate::model::stats::Facts;
use crate::model::{ItemId, Timestamp};
use std::collections::{HashMap, HashSet};

/// How far back, by report time, closed items' facts stay in memory: the
/// last 30 days and any calendar month fit inside.
pub const HORIZON: time::Duration = time::Duration::days(40);
/// How far the horizon falls behind before it moves on: moving walks
/// every fact once, so it happens about once an hour, not every tick.
const STEP: time::Duration = time::Duration::hours(1);

#[derive(Debug)]
pub(super) struct Recent {
    pub(super) facts: HashMap<ItemId, Facts>,
    /// Every item no longer open that was reported at or after this is
    /// in `facts` (older ones may be too, for a while).
    pub(super) covered_from: Timestamp,
}

impl Default for Recent {
    fn default() -> Self {
        Recent {
            facts: HashMap::new(),
            // Nothing is covered until the board is told what it holds.
            covered_from: Timestamp::UNIX_EPOCH + time::Duration::days(365 * 8000),
        }
    }
}

impl Recent {
    /// Facts of closed items reported since `covered_from`.
    pub(super) fn new(closed: Vec<Facts>, covered_from: Timestamp) -> Self {
        Recent {
            facts: closed.into_iter().map(|f| (f.id.clone(), f)).collect(),
            covered_from,
        }
    }

    /// Moves the horizon to `now − HORIZON` once it is [`STEP`] behind,
    /// letting go of the closed items reported before it, except those in
    /// `keep` (open, or closed a moment ago: see the board's docs).
    pub(super) fn advance(&mut self, now: Timestamp, keep: &HashSet<&ItemId>) {
        let Some(cutoff) = now.checked_sub(HORIZON) else {
            return;
        };
        if cutoff < self.covered_from + STEP {
            return;
        }
        self.facts
            .retain(|id, f| f.created_at >= cutoff || f.status.is_open() || keep.contains(id));
        self.covered_from = cutoff;
    }

    /// Lets go of `id`'s facts if it is closed and reported before the
    /// horizon (called once it is no longer a recent closing).
    pub(super) fn forget_if_old(&mut self, id: &ItemId) {
        if let Some(f) = self.facts.get(id)
            && !f.status.is_open()
            && f.created_at < self.covered_from
        {
            self.facts.remove(id);
        }
    }
}
