//! The table of limits: the stages, how long each may take per kind ×
//! category × priority and the key a clock looks its limit up by; how a
//! policy file writes a limit (`15m`, `4wh`, `5wd`); and how `[[limits]]`
//! rows resolve into one table per category.

use super::Policy;
use crate::model::ids::Kind;
use crate::model::scales::Priority;
use serde::{Deserialize, Serialize};
use time::Duration;

/// The stage an item's clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
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

/// What a clock is for: the limit depends on all four.
#[derive(Debug, Clone, Copy)]
pub struct ClockKey<'a> {
    pub kind: Kind,
    pub category: &'a str,
    pub priority: Priority,
    pub stage: Stage,
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
pub(super) type Table = [[[Limit; 5]; 4]; 3];

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
pub(super) const DEFAULT_TABLE: Table = [
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

pub(super) fn table(rows: &[LimitRow], category: Option<&str>) -> Result<Table, Uncovered> {
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

impl Policy {
    /// The limit of one clock: the category's own table where it has one.
    pub fn limit(&self, key: &ClockKey<'_>) -> Limit {
        let table = self.by_category.get(key.category).unwrap_or(&self.base);
        let (k, p) = index(key.kind, key.priority);
        table[k][p][key.stage.index()]
    }
}
