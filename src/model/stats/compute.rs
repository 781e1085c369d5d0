//! One pass over the facts: each item adds its counts to the groups it
//! belongs to (every queue × department combination it falls in), then
//! each group's counts become rates and spreads.

use super::Facts;
use super::figures::{ALL, Backlog, Figures, PerStage, Ratio, Spread, Stats};
use super::window::Window;
use crate::model::{ClockState, Kind, Outcome, Stage, Status, Timestamp};
use std::collections::HashMap;
use time::UtcOffset;

/// A group: `None` is `all`.
type Key<'a> = (Option<Kind>, Option<&'a str>);

/// The KPIs of `facts` over `window` as of `now`, days counted in the
/// city's local time at `offset`. docs/kpi.md defines every figure.
pub fn compute<'a>(
    facts: impl Iterator<Item = &'a Facts>,
    window: Window,
    offset: UtcOffset,
    now: Timestamp,
) -> Stats {
    let (from, to) = window.bounds(now, offset);
    let mut grid = Grid::default();
    for f in facts {
        let in_window = f.created_at >= from && f.created_at < to;
        if !in_window && !f.status.is_open() {
            continue;
        }
        let cells = grid.cells(f);
        let live = Live::of(f, now);
        for (row, column) in cells.into_iter().flatten() {
            let cell = &mut grid.rows[row][column];
            if live.open {
                live.add_to(&mut cell.backlog);
            }
            if in_window {
                cell.tally.add(f, &live);
            }
        }
    }
    let (mut groups, mut backlog) = grid.into_groups();
    groups.sort_by(|a, b| order(&a.queue, &a.department).cmp(&order(&b.queue, &b.department)));
    backlog.sort_by(|a, b| order(&a.queue, &a.department).cmp(&order(&b.queue, &b.department)));
    Stats {
        window: window.label().to_owned(),
        from,
        to,
        now,
        basis: "items reported in the window; parked items are left out of rates and times".into(),
        groups,
        backlog,
    }
}

/// One group's cohort counts and backlog.
#[derive(Default)]
struct Cell {
    tally: Tally,
    backlog: Backlog,
}

/// The groups as a table: a row per department (row 0 is `all`), a
/// column per queue (column 0 is `all`). Looking a department up once per
/// item, rather than hashing four keys, keeps 100,000 items cheap.
struct Grid<'a> {
    index: HashMap<&'a str, usize>,
    departments: Vec<Option<&'a str>>,
    rows: Vec<[Cell; 4]>,
}

impl Default for Grid<'_> {
    fn default() -> Self {
        Grid {
            index: HashMap::new(),
            departments: vec![None],
            rows: vec![Default::default()],
        }
    }
}

impl<'a> Grid<'a> {
    /// The cells an item counts in: `all` and its queue, each for `all`
    /// and for its department.
    fn cells(&mut self, f: &'a Facts) -> [Option<(usize, usize)>; 4] {
        let column = Kind::ALL.iter().position(|k| *k == f.kind).map_or(0, |i| i + 1);
        let row = f.department.as_deref().map(|d| self.row(d));
        [
            Some((0, 0)),
            Some((0, column)),
            row.map(|r| (r, 0)),
            row.map(|r| (r, column)),
        ]
    }

    fn row(&mut self, department: &'a str) -> usize {
        if let Some(&r) = self.index.get(department) {
            return r;
        }
        self.departments.push(Some(department));
        self.rows.push(Default::default());
        let r = self.rows.len() - 1;
        self.index.insert(department, r);
        r
    }

    /// The groups with something in them; the queue rows (`department =
    /// all`) always, even when nothing was reported.
    fn into_groups(self) -> (Vec<Figures>, Vec<Backlog>) {
        let queues = [None, Some(Kind::Incident), Some(Kind::Alert), Some(Kind::Ticket)];
        debug_assert!(queues[1..].iter().zip(Kind::ALL).all(|(q, k)| *q == Some(k)));
        let mut groups = Vec::new();
        let mut backlog = Vec::new();
        for (department, row) in self.departments.into_iter().zip(self.rows) {
            for (queue, cell) in queues.into_iter().zip(row) {
                let key = (queue, department);
                if department.is_none() || cell.tally.reported > 0 {
                    groups.push(cell.tally.figures(key));
                }
                if department.is_none() || cell.backlog.open > 0 {
                    backlog.push(labelled(key, cell.backlog));
                }
            }
        }
        (groups, backlog)
    }
}

/// `all` first, then the queues in their usual order; departments by code.
fn order<'s>(queue: &'s str, department: &'s str) -> (usize, bool, &'s str) {
    let q = Kind::ALL
        .iter()
        .position(|k| k.as_str() == queue)
        .map_or(0, |i| i + 1);
    (q, department != ALL, department)
}

fn label(key: Key<'_>) -> (String, String) {
    (
        key.0.map_or(ALL, Kind::as_str).to_owned(),
        key.1.unwrap_or(ALL).to_owned(),
    )
}

fn labelled(key: Key<'_>, mut b: Backlog) -> Backlog {
    (b.queue, b.department) = label(key);
    b
}

/// What an item's running clock says now.
struct Live {
    open: bool,
    parked: bool,
    /// The stage whose clock is red now (open, not parked items only).
    red: Option<Stage>,
    /// The stage whose running clock is already past due: it can no longer
    /// be completed on time.
    late: Option<Stage>,
}

impl Live {
    fn of(f: &Facts, now: Timestamp) -> Self {
        let parked = f.status == Status::Parked;
        let running = f
            .clock
            .as_ref()
            .filter(|c| f.status.is_open() && !parked && c.paused_at.is_none());
        Live {
            open: f.status.is_open(),
            parked,
            red: running
                .filter(|c| c.state(now) == ClockState::Red)
                .map(|c| c.stage),
            late: running.filter(|c| now > c.due_at).map(|c| c.stage),
        }
    }

    fn add_to(&self, b: &mut Backlog) {
        b.open += 1;
        b.parked += u64::from(self.parked);
        if let Some(stage) = self.red {
            *b.overdue.get_mut(stage) += 1;
        }
    }
}

/// A group's counts before they become figures.
#[derive(Default)]
struct Tally {
    reported: u64,
    open: u64,
    parked: u64,
    closed: u64,
    overdue: PerStage<u64>,
    dispatched: u64,
    dispatched_closed: u64,
    /// Per stage: rounds done on time, rounds done, running clocks past due.
    on_time: PerStage<(u64, u64, u64)>,
    callbacks: u64,
    satisfied: u64,
    tickets: u64,
    answered: u64,
    returns: u64,
    dispatches: u64,
    rework: u64,
    resolutions: u64,
    times: PerStage<Vec<i64>>,
}

impl Tally {
    fn add(&mut self, f: &Facts, live: &Live) {
        self.reported += 1;
        self.open += u64::from(live.open);
        self.closed += u64::from(f.status == Status::Closed);
        if live.parked {
            // 挂账: counted as reported, open and parked, and nowhere else.
            self.parked += 1;
            return;
        }
        if let Some(stage) = live.red {
            *self.overdue.get_mut(stage) += 1;
        }
        let c = &f.counters;
        if c.dispatches > 0 {
            self.dispatched += 1;
            self.dispatched_closed += u64::from(f.status == Status::Closed);
        }
        self.returns += u64::from(c.returns);
        self.dispatches += u64::from(c.dispatches);
        self.rework += u64::from(c.rework);
        self.resolutions += u64::from(f.stages.get(Stage::Resolve).done);
        if f.kind == Kind::Ticket && !matches!(f.status, Status::Rejected | Status::Merged) {
            self.tickets += 1;
            self.answered += u64::from(f.outcome == Some(Outcome::Answered));
        }
        if let Some(s) = f.satisfaction {
            self.callbacks += 1;
            self.satisfied += u64::from(s.counts_as_satisfied());
        }
        for stage in Stage::ALL {
            self.add_stage(f, live, stage);
        }
    }

    fn add_stage(&mut self, f: &Facts, live: &Live, stage: Stage) {
        let record = f.stages.get(stage);
        let slot = self.on_time.get_mut(stage);
        slot.0 += u64::from(record.on_time);
        slot.1 += u64::from(record.done);
        slot.2 += u64::from(live.late == Some(stage));
        if record.done > 0 {
            // Per item: its mean time over the rounds (one, usually).
            self.times
                .get_mut(stage)
                .push(record.spent_secs / i64::from(record.done));
        }
    }

    fn figures(mut self, key: Key<'_>) -> Figures {
        let (queue, department) = label(key);
        let on_time = self.on_time;
        Figures {
            queue,
            department,
            reported: self.reported,
            open: self.open,
            parked: self.parked,
            closed: self.closed,
            overdue: self.overdue,
            completion: Ratio::new(self.dispatched_closed, self.dispatched),
            on_time: PerStage::from_fn(|s| {
                let (on_time, done, late) = *on_time.get(s);
                Ratio::new(on_time, done + late)
            }),
            satisfaction: Ratio::new(self.satisfied, self.callbacks),
            direct_answer: Ratio::new(self.answered, self.tickets),
            returns: Ratio::new(self.returns, self.dispatches),
            rework: Ratio::new(self.rework, self.resolutions),
            times: PerStage::from_fn(|s| spread(self.times.get_mut(s))),
        }
    }
}

/// Nearest-rank median and 90th percentile: the value at rank ⌈p·n⌉ of
/// the sorted times (the lower middle for an even count).
fn spread(times: &mut [i64]) -> Spread {
    times.sort_unstable();
    let n = times.len();
    let at = |percent: usize| times.get((n * percent).div_ceil(100).max(1) - 1).copied();
    Spread {
        count: n as u64,
        median_secs: at(50),
        p90_secs: at(90),
    }
}
