//! What the row marks mean: one table, drawn by the panes and explained
//! by the help, so the two cannot disagree.

use crate::console::theme::Role;
use crate::model::Status;

/// The one-cell status mark every row carries, and its theme role: the
/// letter of the stage, so it reads without a legend and survives a
/// monochrome terminal; the colour is the theme's.
pub fn status_mark(s: Status) -> (&'static str, Role) {
    match s {
        Status::New => ("N", Role::StatusNew),
        Status::Accepted => ("A", Role::StatusAccepted),
        Status::Dispatched => ("D", Role::StatusDispatched),
        Status::InProgress => ("S", Role::StatusWorking),
        Status::Resolved => ("R", Role::StatusResolved),
        Status::Parked => ("P", Role::StatusParked),
        Status::Closed => ("C", Role::StatusDone),
        Status::Rejected => ("X", Role::StatusDone),
        Status::Merged => ("M", Role::StatusDone),
    }
}

/// What each status mark means, for the help and the README.
pub fn status_legend() -> Vec<(&'static str, &'static str)> {
    Status::ALL
        .iter()
        .map(|s| {
            let meaning = match s {
                Status::New => "new: waiting to be accepted (受理)",
                Status::Accepted => "accepted, not yet dispatched",
                Status::Dispatched => "dispatched, the department has not signed (签收)",
                Status::InProgress => "signed for: the department is working on it",
                Status::Resolved => "reported resolved: waiting for verification (核查)",
                Status::Parked => "parked (挂账): the clock is stopped",
                Status::Closed => "closed",
                Status::Rejected => "rejected (不予受理)",
                Status::Merged => "merged into another item",
            };
            (status_mark(*s).0, meaning)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_mark() {
        let marks: std::collections::BTreeSet<_> = status_legend().iter().map(|(m, _)| *m).collect();
        assert_eq!(marks.len(), Status::ALL.len());
    }
}
