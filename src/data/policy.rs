//! The policy file: stage limits, the working-time calendar they count on,
//! the escalation ladder, storm and duplicate rules and auto-dispatch
//! routes. Parsed and checked against the city, so a typo in a category
//! or department code is an error naming the file and line at start, not
//! a clock that silently falls back to a default.
//!
//! The shipped `data/policy.toml` is built into the binary; `--policy FILE`
//! (or `CITYDESK_POLICY`) replaces it as a whole. The format is documented
//! in `docs/policy.md` and in the shipped file's comments.

use super::{DataError, Source};
use crate::model::{
    City, DuplicateRule, Kind, Ladder, LadderStep, Limit, LimitRow, Pick, Policy, Priority, Route, Stage,
    StormRule, Supervision,
};
use serde::Deserialize;
use std::path::Path;
use time::Duration;
use toml::Spanned;

pub const POLICY: &str = "policy.toml";
const EMBEDDED_POLICY: &str = include_str!("../../data/policy.toml");

type Text = Spanned<String>;

use calendar::{RawCalendar, calendar};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    calendar: Spanned<RawCalendar>,
    #[serde(default)]
    limits: Vec<Spanned<RawLimits>>,
    ladder: Option<RawLadder>,
    storm: Option<RawStorm>,
    duplicates: Option<RawDuplicates>,
    #[serde(default)]
    route: Vec<Spanned<RawRoute>>,
    retention: Option<RawRetention>,
    cap: Option<cap::RawCap>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetention {
    personal_data: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    kind: Option<Text>,
    category: Option<Text>,
    priority: Option<Text>,
    accept: Option<Text>,
    dispatch: Option<Text>,
    sign: Option<Text>,
    resolve: Option<Text>,
    verify: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLadder {
    chase_on_sign_breach: Option<bool>,
    supervision: Option<Vec<Spanned<RawRung>>>,
    returns_to_designate: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    level: Text,
    overdue: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorm {
    window: Text,
    threshold: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDuplicates {
    window: Text,
    distance_m: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    name: Option<Text>,
    kind: Option<Text>,
    category: Option<Text>,
    district: Option<Text>,
    street: Option<Text>,
    to: Spanned<Vec<Text>>,
    #[serde(default)]
    auto: bool,
    pick: Option<Text>,
}

/// The built-in policy file, as a source.
pub fn embedded_source() -> Source {
    super::embedded_source(POLICY, EMBEDDED_POLICY)
}

/// The policy in `path`, or the built-in one; checked against `city`.
pub fn load(path: Option<&Path>, city: &City) -> Result<Policy, DataError> {
    let src = match path {
        None => embedded_source(),
        Some(path) => Source {
            file: path.display().to_string(),
            text: std::fs::read_to_string(path).map_err(|e| DataError::Read {
                file: path.display().to_string(),
                message: e.to_string(),
            })?,
        },
    };
    from_source(&src, city)
}

/// Parses and checks one policy file.
pub fn from_source(src: &Source, city: &City) -> Result<Policy, DataError> {
    let file: PolicyFile = src.parse()?;
    let calendar = calendar(src, file.calendar)?;
    let rows = file
        .limits
        .iter()
        .map(|row| limit_row(src, row, city))
        .collect::<Result<Vec<_>, _>>()?;
    let mut policy = Policy::from_rows(calendar, &rows).map_err(|e| {
        let at = file.limits.first().map_or(0..0, Spanned::span);
        src.error(at, e.to_string())
    })?;
    if let Some(ladder) = file.ladder {
        policy.ladder = self::ladder(src, ladder, policy.ladder)?;
    }
    if let Some(storm) = file.storm {
        policy.storm = StormRule {
            window: wall(src, &storm.window, "storm window")?,
            threshold: at_least_two(src, &storm.threshold)?,
        };
    }
    if let Some(d) = file.duplicates {
        policy.duplicates = DuplicateRule {
            window: wall(src, &d.window, "duplicates window")?,
            distance_m: distance(src, &d.distance_m)?,
        };
    }
    policy.routes = routes(src, &file.route, city)?;
    if let Some(r) = file.retention {
        let text = r.personal_data.get_ref().trim().to_owned();
        policy.retention = crate::model::retention::Retention {
            personal_data: crate::model::retention::parse_period(&text)
                .map_err(|e| src.error(r.personal_data.span(), format!("personal_data: {e}")))?,
            text,
        };
    }
    if let Some(c) = file.cap {
        policy.cap = cap::cap(src, c)?;
    }
    Ok(policy)
}

// ---- calendar -------------------------------------------------------------

fn limit_row(src: &Source, raw: &Spanned<RawLimits>, city: &City) -> Result<LimitRow, DataError> {
    let r = raw.get_ref();
    let stages = [&r.accept, &r.dispatch, &r.sign, &r.resolve, &r.verify];
    let mut limits = [None; 5];
    for (stage, text) in Stage::ALL.into_iter().zip(stages) {
        if let Some(text) = text {
            let limit = Limit::parse(text.get_ref())
                .map_err(|e| src.error(text.span(), format!("{}: {e}", stage.as_str())))?;
            limits[stage.index()] = Some(limit);
        }
    }
    if limits.iter().all(Option::is_none) {
        return Err(src.error(
            raw.span(),
            "a [[limits]] row must set at least one of accept, dispatch, sign, resolve, verify",
        ));
    }
    Ok(LimitRow {
        kind: r.kind.as_ref().map(|k| kind(src, k)).transpose()?,
        category: r.category.as_ref().map(|c| category(src, c, city)).transpose()?,
        priority: r.priority.as_ref().map(|p| priority(src, p)).transpose()?,
        limits,
    })
}

fn kind(src: &Source, text: &Text) -> Result<Kind, DataError> {
    Kind::ALL
        .into_iter()
        .find(|k| k.as_str() == text.get_ref().trim())
        .ok_or_else(|| {
            src.error(
                text.span(),
                format!("unknown kind {:?}; use incident, alert or ticket", text.get_ref()),
            )
        })
}

pub(super) fn priority(src: &Source, text: &Text) -> Result<Priority, DataError> {
    Priority::ALL
        .into_iter()
        .find(|p| p.to_string() == text.get_ref().trim())
        .ok_or_else(|| {
            src.error(
                text.span(),
                format!("unknown priority {:?}; use P1, P2, P3 or P4", text.get_ref()),
            )
        })
}

fn category(src: &Source, text: &Text, city: &City) -> Result<String, DataError> {
    city.category(text.get_ref())
        .map(|c| c.code.clone())
        .ok_or_else(|| {
            src.error(
                text.span(),
                format!("unknown category {:?} (not in taxonomy.toml)", text.get_ref()),
            )
        })
}

// ---- ladder, storm, duplicates --------------------------------------------

fn ladder(src: &Source, raw: RawLadder, default: Ladder) -> Result<Ladder, DataError> {
    let supervision = match raw.supervision {
        None => default.supervision,
        Some(raw) => rungs(src, &raw)?,
    };
    Ok(Ladder {
        chase_on_sign_breach: raw.chase_on_sign_breach.unwrap_or(default.chase_on_sign_breach),
        supervision,
        returns_to_designate: raw.returns_to_designate.unwrap_or(default.returns_to_designate),
    })
}

fn rungs(src: &Source, raw: &[Spanned<RawRung>]) -> Result<Vec<LadderStep>, DataError> {
    let mut out: Vec<LadderStep> = Vec::with_capacity(raw.len());
    for rung in raw {
        let r = rung.get_ref();
        let level = match r.level.get_ref().trim() {
            "normal" => Supervision::Normal,
            "yellow" => Supervision::Yellow,
            "red" => Supervision::Red,
            other => {
                return Err(src.error(
                    r.level.span(),
                    format!("unknown supervision level {other:?}; use normal, yellow or red"),
                ));
            }
        };
        if out.last().is_some_and(|prev| prev.level >= level) {
            return Err(src.error(
                r.level.span(),
                "supervision rungs must climb: normal, then yellow, then red",
            ));
        }
        let overdue = Limit::parse_allowing_zero(r.overdue.get_ref())
            .map_err(|e| src.error(r.overdue.span(), format!("overdue: {e}")))?;
        out.push(LadderStep { level, overdue });
    }
    Ok(out)
}

/// A window counted around the clock (`10m`, `24h`).
fn wall(src: &Source, text: &Text, what: &str) -> Result<Duration, DataError> {
    match Limit::parse(text.get_ref()) {
        Ok(Limit::Wall(d)) => Ok(d),
        Ok(_) => Err(src.error(
            text.span(),
            format!("{what} counts around the clock; use m, h or d, not working time"),
        )),
        Err(e) => Err(src.error(text.span(), format!("{what}: {e}"))),
    }
}

fn at_least_two(src: &Source, n: &Spanned<u32>) -> Result<u32, DataError> {
    if *n.get_ref() < 2 {
        return Err(src.error(n.span(), "storm threshold must be at least 2 alerts"));
    }
    Ok(*n.get_ref())
}

fn distance(src: &Source, d: &Spanned<f64>) -> Result<f64, DataError> {
    let v = *d.get_ref();
    if !(v.is_finite() && v > 0.0) {
        return Err(src.error(d.span(), "distance_m must be a positive number of metres"));
    }
    Ok(v)
}

// ---- routes ---------------------------------------------------------------

fn routes(src: &Source, raw: &[Spanned<RawRoute>], city: &City) -> Result<Vec<Route>, DataError> {
    let mut out: Vec<Route> = Vec::with_capacity(raw.len());
    for (n, r) in raw.iter().enumerate() {
        if let Some(all) = out.iter().find(|prev| matches_everything(prev)) {
            return Err(src.error(
                r.span(),
                format!(
                    "this route is never used: {} before it matches every item",
                    all.name
                ),
            ));
        }
        out.push(route(src, r, n + 1, city)?);
    }
    Ok(out)
}

fn matches_everything(r: &Route) -> bool {
    r.kind.is_none() && r.category.is_none() && r.district.is_none() && r.street.is_none()
}

fn route(src: &Source, raw: &Spanned<RawRoute>, n: usize, city: &City) -> Result<Route, DataError> {
    let r = raw.get_ref();
    let district = r.district.as_ref().map(|d| district(src, d, city)).transpose()?;
    let street = r
        .street
        .as_ref()
        .map(|s| street(src, s, district.as_deref(), city))
        .transpose()?;
    if r.to.get_ref().is_empty() {
        return Err(src.error(
            r.to.span(),
            "a route needs at least one target in `to`: a department code, \"community\" or \"category\"",
        ));
    }
    let to =
        r.to.get_ref()
            .iter()
            .map(|t| target(src, t, city))
            .collect::<Result<Vec<_>, _>>()?;
    let name = match &r.name {
        Some(name) if !name.get_ref().trim().is_empty() => format!("route:{}", name.get_ref().trim()),
        Some(name) => return Err(src.error(name.span(), "a route name must not be empty")),
        None => format!("route:{n}"),
    };
    Ok(Route {
        name,
        kind: r.kind.as_ref().map(|k| kind(src, k)).transpose()?,
        category: r.category.as_ref().map(|c| category(src, c, city)).transpose()?,
        district,
        street,
        to,
        auto: r.auto,
        pick: r
            .pick
            .as_ref()
            .map(|p| pick(src, p))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// `least_loaded` (the default) or `first`.
fn pick(src: &Source, text: &Text) -> Result<Pick, DataError> {
    match text.get_ref().trim() {
        "least_loaded" => Ok(Pick::LeastLoaded),
        "first" => Ok(Pick::First),
        other => Err(src.error(
            text.span(),
            format!("pick must be \"least_loaded\" or \"first\", not {other:?}"),
        )),
    }
}

/// A district named by code or Chinese name, kept as its code.
fn district(src: &Source, text: &Text, city: &City) -> Result<String, DataError> {
    city.district(text.get_ref())
        .map(|d| d.code.clone())
        .ok_or_else(|| {
            src.error(
                text.span(),
                format!("unknown district {:?} (not in geography.toml)", text.get_ref()),
            )
        })
}

fn street(src: &Source, text: &Text, district: Option<&str>, city: &City) -> Result<String, DataError> {
    let name = text.get_ref().trim();
    let found = city
        .districts
        .iter()
        .filter(|d| district.is_none_or(|code| d.code == code))
        .any(|d| d.streets.iter().any(|s| s.name == name));
    if !found {
        let place = district.map_or("geography.toml".to_owned(), |d| format!("district {d}"));
        return Err(src.error(text.span(), format!("unknown street {name:?} (not in {place})")));
    }
    Ok(name.to_owned())
}

/// `community`, `category`, or a department code.
fn target(src: &Source, text: &Text, city: &City) -> Result<String, DataError> {
    let t = text.get_ref().trim();
    if t == "community" || t == "category" || city.departments.iter().any(|d| d.code == t) {
        return Ok(t.to_owned());
    }
    Err(src.error(
        text.span(),
        format!("unknown route target {t:?}: use a department code from departments.toml, \"community\" or \"category\""),
    ))
}

mod calendar;
mod cap;

#[cfg(test)]
mod tests;
