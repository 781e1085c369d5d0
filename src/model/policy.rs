//! Stage limits and the rules the server applies on its own: how long each
//! stage may take per kind × category × priority, the working-time
//! calendar those limits are counted in, the escalation ladder, alert
//! storms, duplicate windows and auto-dispatch routes.
//!
//! The values come from a policy file (`data/policy.toml` built in, or the
//! operator's own); this module only says what they mean.

use super::Timestamp;
use super::calendar::Calendar;
use super::ids::Kind;
use super::scales::{Priority, Supervision};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Accept,
        Stage::Dispatch,
        Stage::Sign,
        Stage::Resolve,
        Stage::Verify,
    ];

    pub fn index(self) -> usize {
        match self {
            Stage::Accept => 0,
            Stage::Dispatch => 1,
            Stage::Sign => 2,
            Stage::Resolve => 3,
            Stage::Verify => 4,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Accept => "accept",
            Stage::Dispatch => "dispatch",
            Stage::Sign => "sign",
            Stage::Resolve => "resolve",
            Stage::Verify => "verify",
        }
    }
}

/// Traffic-light state of a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Green,
    Yellow,
    Red,
}

/// A length of time as a limit states it: around the clock (`15m`, `6h`,
/// `2d`) or in working time (`4wh`, `5wd`) counted on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Wall-clock time: short emergency limits run around the clock.
    Wall(Duration),
    /// Working hours; `wd` counts whole working days.
    WorkingHours(Duration),
    WorkingDays(u32),
}

/// Longest limit a policy may state: ten years, so no sum overflows.
const MAX_LIMIT_DAYS: i64 = 3650;

impl Limit {
    /// Reads `15m`, `6h`, `2d`, `4wh` or `5wd`.
    pub fn parse(text: &str) -> Result<Limit, String> {
        parse_limit(text, false)
    }

    /// Like [`Limit::parse`], but `0m` (or `0wd` …) is allowed: a ladder
    /// rung that applies as soon as a clock is overdue.
    pub fn parse_allowing_zero(text: &str) -> Result<Limit, String> {
        parse_limit(text, true)
    }

    /// Counted on the working calendar rather than around the clock.
    pub fn is_working(self) -> bool {
        !matches!(self, Limit::Wall(_))
    }

    /// The same span counted around the clock: an hour per working hour
    /// and a day per working day, as a day's work takes about a day.
    pub fn as_wall(self) -> Duration {
        match self {
            Limit::Wall(d) | Limit::WorkingHours(d) => d,
            Limit::WorkingDays(n) => Duration::days(i64::from(n)),
        }
    }
}

fn parse_limit(text: &str, allow_zero: bool) -> Result<Limit, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let what = if allow_zero {
        "whole number"
    } else {
        "positive whole number"
    };
    let n: i64 = num
        .parse()
        .ok()
        .filter(|n| *n > 0 || (allow_zero && *n == 0))
        .ok_or_else(|| format!("{text:?} must be a {what} with a unit: 30m, 6h, 2d, 4wh or 5wd"))?;
    let days = match unit {
        "m" => n / (24 * 60),
        "h" | "wh" => n / 24,
        _ => n,
    };
    if days > MAX_LIMIT_DAYS {
        return Err(format!("{text:?} is longer than ten years"));
    }
    match unit {
        "m" => Ok(Limit::Wall(Duration::minutes(n))),
        "h" => Ok(Limit::Wall(Duration::hours(n))),
        "d" => Ok(Limit::Wall(Duration::days(n))),
        "wh" => Ok(Limit::WorkingHours(Duration::hours(n))),
        "wd" => u32::try_from(n)
            .map(Limit::WorkingDays)
            .map_err(|_| format!("{text:?} is too many working days")),
        _ => Err(format!(
            "{text:?} has an unknown unit; use m, h, d (around the clock), wh or wd (working time)"
        )),
    }
}

impl std::fmt::Display for Limit {
    /// The way a policy file writes it: `15m`, `6h`, `2d`, `4wh`, `5wd`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Limit::Wall(d) => {
                let s = d.whole_seconds();
                match s {
                    // A day or less reads better in hours (24h, not 1d).
                    _ if s > 86_400 && s % 86_400 == 0 => write!(f, "{}d", s / 86_400),
                    _ if s != 0 && s % 3_600 == 0 => write!(f, "{}h", s / 3_600),
                    _ if s % 60 == 0 => write!(f, "{}m", s / 60),
                    _ => write!(f, "{s}s"),
                }
            }
            Limit::WorkingHours(d) if d.whole_seconds() % 3_600 == 0 => write!(f, "{}wh", d.whole_hours()),
            Limit::WorkingHours(d) => write!(f, "{}m of working time", d.whole_minutes()),
            Limit::WorkingDays(n) => write!(f, "{n}wd"),
        }
    }
}

/// When a clock turns yellow and when it turns red.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub warn_at: Timestamp,
    pub due_at: Timestamp,
}

/// What a clock is for: the limit depends on all four.
#[derive(Debug, Clone, Copy)]
pub struct ClockKey<'a> {
    pub kind: Kind,
    pub category: &'a str,
    pub priority: Priority,
    pub stage: Stage,
}

/// The escalation ladder the server climbs by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ladder {
    /// A breached sign-for clock chases (催办) the department.
    pub chase_on_sign_breach: bool,
    /// Supervision set as a resolve clock stays overdue, in order.
    pub supervision: Vec<LadderStep>,
    /// The return (退单) that escalates a tier and asks a supervisor to
    /// designate the handler; 0 turns it off.
    pub returns_to_designate: u32,
}

/// One rung: once the resolve clock is `overdue` past due, set `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderStep {
    pub level: Supervision,
    pub overdue: Limit,
}

/// Many alerts in one grid (or street) within `window` group under one
/// parent item once there are `threshold` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StormRule {
    pub window: Duration,
    pub threshold: u32,
}

/// Tickets and incidents of the same category and place within `window`
/// are suggested as duplicates; coordinates count within `distance_m`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateRule {
    pub window: Duration,
    pub distance_m: f64,
}

/// One auto-dispatch route: which items it matches and where they go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// How events name the rule (`route:C11@古塔区`).
    pub name: String,
    pub kind: Option<Kind>,
    pub category: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    /// Department codes; the least loaded wins. `community` means the
    /// item's grid's community, `category` the department the taxonomy
    /// gives the item's category.
    pub to: Vec<String>,
    /// Dispatch without a dispatcher; when off the route only suggests.
    pub auto: bool,
    /// How to choose among `to`.
    pub pick: Pick,
}

/// How a route chooses among its departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pick {
    /// The one with the fewest open items; ties to the first listed.
    #[default]
    LeastLoaded,
    /// The first listed that has not returned the item: a preference
    /// order, such as the grid's community first, then the department.
    First,
}

/// One `[[limits]]` row of a policy file: the stages it sets, for the
/// items its filters match. A filter left out matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimitRow {
    pub kind: Option<Kind>,
    pub category: Option<String>,
    pub priority: Option<Priority>,
    /// Per stage, in [`Stage::ALL`] order; `None` leaves it to other rows.
    pub limits: [Option<Limit>; 5],
}

impl LimitRow {
    /// Category beats kind beats priority; more filters beat fewer. So
    /// category+priority > category > kind+priority > kind > priority > none.
    pub fn specificity(&self) -> u8 {
        4 * u8::from(self.category.is_some())
            + 2 * u8::from(self.kind.is_some())
            + u8::from(self.priority.is_some())
    }

    fn matches(&self, kind: Kind, category: Option<&str>, priority: Priority) -> bool {
        self.kind.is_none_or(|k| k == kind)
            && self.priority.is_none_or(|p| p == priority)
            && self.category.as_deref().is_none_or(|c| Some(c) == category)
    }
}

/// A policy's rows leave a stage without a limit for items of no
/// particular category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "no limit for {} {:?} {}: the rows without a category must give every kind × priority × stage a limit",
    kind.as_str(),
    priority,
    stage.as_str()
)]
pub struct Uncovered {
    pub kind: Kind,
    pub priority: Priority,
    pub stage: Stage,
}

/// Limits per kind × priority × stage.
type Table = [[[Limit; 5]; 4]; 3];

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
}

const fn m(n: i64) -> Limit {
    Limit::Wall(Duration::minutes(n))
}
const fn h(n: i64) -> Limit {
    Limit::Wall(Duration::hours(n))
}
const fn wh(n: i64) -> Limit {
    Limit::WorkingHours(Duration::hours(n))
}
const fn wd(n: u32) -> Limit {
    Limit::WorkingDays(n)
}

/// The kind × priority rows of the shipped `data/policy.toml` (accept,
/// dispatch, sign, resolve, verify; P1 to P4), for code that has no policy
/// file at hand. A test in `data::policy` keeps the two equal.
const DEFAULT_TABLE: Table = [
    // Incidents: P1/P2 are emergencies and open manholes, around the clock.
    [
        [m(5), m(10), m(15), h(4), h(1)],
        [m(15), m(30), m(30), h(6), h(2)],
        [m(30), m(30), wh(1), wd(3), wh(2)],
        [h(1), h(2), wd(1), wd(5), wd(1)],
    ],
    // Grid alerts: Tianque accept limit 1 wd, community handling 3 wd.
    [
        [m(5), m(15), m(15), h(4), h(1)],
        [m(30), h(1), h(4), h(24), h(4)],
        [wd(1), wd(1), wd(1), wd(3), wd(1)],
        [wd(1), wd(1), wd(1), wd(5), wd(1)],
    ],
    // 12345 tickets: sign-for 15 min / 30 min / 1 wd; reply 24 h or 5 wd.
    [
        [m(5), m(15), m(15), h(24), wd(1)],
        [m(15), m(30), m(30), h(24), wd(1)],
        [m(30), m(30), wd(1), wd(5), wd(1)],
        [m(30), wd(1), wd(1), wd(3), wd(1)],
    ],
];

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
            ladder: Ladder {
                chase_on_sign_breach: true,
                supervision: vec![
                    LadderStep {
                        level: Supervision::Normal,
                        overdue: Limit::Wall(Duration::ZERO),
                    },
                    LadderStep {
                        level: Supervision::Yellow,
                        overdue: Limit::WorkingDays(1),
                    },
                    LadderStep {
                        level: Supervision::Red,
                        overdue: Limit::WorkingDays(5),
                    },
                ],
                returns_to_designate: 3,
            },
            storm: StormRule {
                window: Duration::minutes(10),
                threshold: 5,
            },
            duplicates: DuplicateRule {
                window: Duration::hours(24),
                distance_m: 150.0,
            },
            routes: Vec::new(),
        }
    }
}

/// Whether a stage's clock counts working time or wall time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Wall,
    Working,
}

fn index(kind: Kind, priority: Priority) -> (usize, usize) {
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
    (k, p)
}

/// The most specific row that sets `stage` for these items; the later row
/// wins a tie, so a file reads top to bottom as general to particular.
fn resolve(
    rows: &[LimitRow],
    kind: Kind,
    category: Option<&str>,
    priority: Priority,
    stage: Stage,
) -> Option<Limit> {
    let mut best: Option<(u8, Limit)> = None;
    for row in rows.iter().filter(|r| r.matches(kind, category, priority)) {
        if let Some(limit) = row.limits[stage.index()]
            && best.is_none_or(|(spec, _)| row.specificity() >= spec)
        {
            best = Some((row.specificity(), limit));
        }
    }
    best.map(|(_, limit)| limit)
}

fn table(rows: &[LimitRow], category: Option<&str>) -> Result<Table, Uncovered> {
    let mut out = DEFAULT_TABLE;
    for kind in Kind::ALL {
        for priority in Priority::ALL {
            let (k, p) = index(kind, priority);
            for stage in Stage::ALL {
                out[k][p][stage.index()] =
                    resolve(rows, kind, category, priority, stage).ok_or(Uncovered {
                        kind,
                        priority,
                        stage,
                    })?;
            }
        }
    }
    Ok(out)
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

    /// The limit of one clock: the category's own table where it has one.
    pub fn limit(&self, key: &ClockKey<'_>) -> Limit {
        let table = self.by_category.get(key.category).unwrap_or(&self.base);
        let (k, p) = index(key.kind, key.priority);
        table[k][p][key.stage.index()]
    }

    /// `limit` after `start`, on the calendar where it counts working time.
    pub fn add(&self, start: Timestamp, limit: Limit) -> Timestamp {
        match limit {
            Limit::Wall(d) => start + d,
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
            _ => at + (now - paused_at),
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
            Measure::Wall => start + span,
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn key(kind: Kind, priority: Priority, stage: Stage) -> ClockKey<'static> {
        ClockKey {
            kind,
            category: "",
            priority,
            stage,
        }
    }

    #[test]
    fn sign_for_limits_follow_the_hotline_rules() {
        let p = Policy::default();
        let limit = |prio, stage| p.limit(&key(Kind::Ticket, prio, stage));
        assert_eq!(
            limit(Priority::P1, Stage::Sign),
            Limit::Wall(Duration::minutes(15))
        );
        assert_eq!(
            limit(Priority::P2, Stage::Sign),
            Limit::Wall(Duration::minutes(30))
        );
    }

    #[test]
    fn limits_parse_wall_and_working_units() {
        assert_eq!(Limit::parse("30m"), Ok(Limit::Wall(Duration::minutes(30))));
        assert_eq!(Limit::parse("4wh"), Ok(Limit::WorkingHours(Duration::hours(4))));
        assert_eq!(Limit::parse("5wd"), Ok(Limit::WorkingDays(5)));
        assert!(Limit::parse("0m").is_err());
        assert!(Limit::parse("5 weeks").is_err());
    }

    fn key_in(kind: Kind, category: &str, priority: Priority, stage: Stage) -> ClockKey<'_> {
        ClockKey {
            kind,
            category,
            priority,
            stage,
        }
    }

    fn row(
        kind: Option<Kind>,
        category: Option<&str>,
        priority: Option<Priority>,
        stage: Stage,
        limit: Limit,
    ) -> LimitRow {
        let mut limits = [None; 5];
        limits[stage.index()] = Some(limit);
        LimitRow {
            kind,
            category: category.map(str::to_owned),
            priority,
            limits,
        }
    }

    fn all_stages(limit: Limit) -> LimitRow {
        LimitRow {
            limits: [Some(limit); 5],
            ..LimitRow::default()
        }
    }

    #[test]
    fn default_resolve_limits_count_working_days_and_urgent_ones_run_around_the_clock() {
        let p = Policy::default();
        assert_eq!(
            p.limit(&key(Kind::Ticket, Priority::P3, Stage::Sign)),
            Limit::WorkingDays(1)
        );
        assert_eq!(
            p.limit(&key(Kind::Ticket, Priority::P3, Stage::Resolve)),
            Limit::WorkingDays(5)
        );
        assert_eq!(
            p.limit(&key(Kind::Ticket, Priority::P1, Stage::Resolve)),
            Limit::Wall(Duration::hours(24))
        );
        assert_eq!(
            p.limit(&key(Kind::Alert, Priority::P3, Stage::Accept)),
            Limit::WorkingDays(1)
        );
    }

    #[test]
    fn the_most_specific_row_wins_and_later_rows_win_ties() {
        let rows = vec![
            all_stages(Limit::WorkingDays(9)),
            row(
                Some(Kind::Ticket),
                None,
                None,
                Stage::Resolve,
                Limit::WorkingDays(5),
            ),
            row(
                Some(Kind::Ticket),
                None,
                Some(Priority::P1),
                Stage::Resolve,
                Limit::Wall(Duration::hours(24)),
            ),
            row(
                None,
                Some("H01"),
                None,
                Stage::Resolve,
                Limit::Wall(Duration::hours(16)),
            ),
            row(
                None,
                Some("H01"),
                Some(Priority::P4),
                Stage::Resolve,
                Limit::WorkingDays(3),
            ),
            // Same specificity as the kind row above, later: wins.
            row(
                Some(Kind::Ticket),
                None,
                None,
                Stage::Resolve,
                Limit::WorkingDays(4),
            ),
        ];
        let p = Policy::from_rows(Calendar::default(), &rows).expect("covered");
        let resolve = |category, priority| p.limit(&key_in(Kind::Ticket, category, priority, Stage::Resolve));
        assert_eq!(resolve("H05", Priority::P3), Limit::WorkingDays(4));
        assert_eq!(resolve("H05", Priority::P1), Limit::Wall(Duration::hours(24)));
        // Category beats kind + priority.
        assert_eq!(resolve("H01", Priority::P1), Limit::Wall(Duration::hours(16)));
        assert_eq!(resolve("H01", Priority::P4), Limit::WorkingDays(3));
        // Stages a category row leaves alone come from the general rows.
        assert_eq!(
            p.limit(&key_in(Kind::Ticket, "H01", Priority::P2, Stage::Sign)),
            Limit::WorkingDays(9)
        );
        assert_eq!(p.categories().collect::<Vec<_>>(), ["H01"]);
    }

    #[test]
    fn rows_that_leave_a_stage_uncovered_are_refused() {
        let rows = vec![row(None, None, None, Stage::Sign, Limit::WorkingDays(1))];
        assert_eq!(
            Policy::from_rows(Calendar::default(), &rows),
            Err(Uncovered {
                kind: Kind::Incident,
                priority: Priority::P1,
                stage: Stage::Accept
            })
        );
        // A category row does not cover items of other categories.
        let mut rows = vec![all_stages(Limit::WorkingDays(1))];
        rows[0].category = Some("C01".into());
        assert!(Policy::from_rows(Calendar::default(), &rows).is_err());
    }

    #[test]
    fn a_working_deadline_warns_at_80_percent_of_working_time() {
        let p = Policy::default();
        // Ticket P3 resolve: 5 wd = 37.5 h of working time from Mon 10:00.
        let start = datetime!(2026-03-09 10:00 +8);
        let d = p.deadline(&key(Kind::Ticket, Priority::P3, Stage::Resolve), start);
        assert_eq!(d.due_at, datetime!(2026-03-16 10:00 +8));
        // 80 % = 30 h: Mon 6 h, Tue–Thu 22.5 h, Fri 1.5 h → Fri 10:00.
        assert_eq!(d.warn_at, datetime!(2026-03-13 10:00 +8));
    }

    #[test]
    fn a_wall_deadline_runs_through_the_night() {
        let p = Policy::default();
        let start = datetime!(2026-03-07 23:50 +8);
        let d = p.deadline(&key(Kind::Ticket, Priority::P1, Stage::Sign), start);
        assert_eq!(d.due_at, datetime!(2026-03-08 00:05 +8));
        assert_eq!(d.warn_at, datetime!(2026-03-08 00:02 +8));
    }

    #[test]
    fn an_extension_in_working_days_lands_on_the_calendar() {
        let p = Policy::default();
        let k = key(Kind::Ticket, Priority::P3, Stage::Resolve);
        let start = datetime!(2026-03-09 10:00 +8);
        let d = p.deadline(&k, start);
        let e = p.extend(&k, start, d, Limit::WorkingDays(5));
        assert_eq!(e.due_at, datetime!(2026-03-23 10:00 +8));
        // 80 % of 10 wd (75 h) = 60 h = 8 wd: Thu 19 Mar 10:00.
        assert_eq!(e.warn_at, datetime!(2026-03-19 10:00 +8));
    }

    #[test]
    fn resuming_a_working_clock_gives_back_the_working_time_left() {
        let p = Policy::default();
        let k = key(Kind::Ticket, Priority::P3, Stage::Resolve);
        let start = datetime!(2026-03-09 10:00 +8);
        let d = p.deadline(&k, start);
        // Parked Tue 10:00 with 30 h (due) and 22.5 h (warn) left; resumed
        // the following Monday 10:00.
        let r = p.resume(
            &k,
            datetime!(2026-03-10 10:00 +8),
            datetime!(2026-03-16 10:00 +8),
            d,
        );
        assert_eq!(r.due_at, datetime!(2026-03-20 10:00 +8));
        assert_eq!(r.warn_at, datetime!(2026-03-19 10:00 +8));
    }

    #[test]
    fn resuming_a_wall_clock_shifts_it_by_the_parked_span() {
        let p = Policy::default();
        let k = key(Kind::Ticket, Priority::P1, Stage::Sign);
        let start = datetime!(2026-03-07 23:50 +8);
        let d = p.deadline(&k, start);
        let r = p.resume(&k, start + Duration::minutes(1), start + Duration::hours(3), d);
        assert_eq!(r.due_at, d.due_at + Duration::minutes(179));
        assert_eq!(r.warn_at, d.warn_at + Duration::minutes(179));
    }

    #[test]
    fn uniform_policy_gives_every_stage_the_same_limit_and_with_stage_overrides_one() {
        let p = Policy::uniform(Duration::seconds(1)).with_stage(Stage::Resolve, Duration::hours(1));
        assert_eq!(
            p.limit(&key(Kind::Alert, Priority::P4, Stage::Accept)),
            Limit::Wall(Duration::seconds(1))
        );
        assert_eq!(
            p.limit(&key_in(Kind::Incident, "C01", Priority::P1, Stage::Resolve)),
            Limit::Wall(Duration::hours(1))
        );
    }

    #[test]
    fn a_scaled_policy_runs_around_the_clock_factor_times_faster() {
        let rows = vec![
            all_stages(Limit::WorkingDays(1)),
            row(
                None,
                Some("C11"),
                None,
                Stage::Resolve,
                Limit::WorkingHours(Duration::hours(4)),
            ),
        ];
        let p = Policy::from_rows(Calendar::default(), &rows)
            .expect("covered")
            .scaled(60);
        assert_eq!(
            p.limit(&key(Kind::Ticket, Priority::P3, Stage::Sign)),
            Limit::Wall(Duration::minutes(24))
        );
        assert_eq!(
            p.limit(&key_in(Kind::Incident, "C11", Priority::P3, Stage::Resolve)),
            Limit::Wall(Duration::minutes(4))
        );
        assert_eq!(p.ladder.supervision[0].overdue, Limit::Wall(Duration::ZERO));
        assert_eq!(
            p.ladder.supervision[1].overdue,
            Limit::Wall(Duration::minutes(24))
        );
        assert_eq!(p.storm.window, Duration::seconds(10));
        // Saturday night: a scaled clock does not wait for Monday.
        let start = datetime!(2026-03-07 23:00 +8);
        let d = p.deadline(&key(Kind::Ticket, Priority::P3, Stage::Sign), start);
        assert_eq!(d.due_at, start + Duration::minutes(24));
    }

    #[test]
    fn limits_print_the_way_files_write_them() {
        for text in ["15m", "6h", "2d", "4wh", "5wd", "90m"] {
            assert_eq!(Limit::parse(text).map(|l| l.to_string()), Ok(text.to_owned()));
        }
        assert_eq!(Limit::parse("120m").map(|l| l.to_string()), Ok("2h".to_owned()));
        assert_eq!(Limit::parse("1d").map(|l| l.to_string()), Ok("24h".to_owned()));
    }

    #[test]
    fn limits_longer_than_ten_years_or_zero_are_refused_unless_zero_is_allowed() {
        assert!(Limit::parse("99999999999999999m").is_err());
        assert!(Limit::parse("4000d").is_err());
        assert!(Limit::parse("0wd").is_err());
        assert_eq!(Limit::parse_allowing_zero("0m"), Ok(Limit::Wall(Duration::ZERO)));
        assert!(Limit::parse_allowing_zero("-1m").is_err());
    }
}
