//! What the server does by itself, decided here so it can be tested at any
//! instant without a server: the escalation ladder on time, auto-dispatch
//! and the return limit after a change, duplicate suggestions on create.
//!
//! Every automatic event is written with actor `system` and names the rule
//! that fired, so the console can say why an item went where it went.

pub mod expiry;

use super::Timestamp;
use super::city::City;
use super::event::EventBody;
use super::ids::{ItemId, Kind};
use super::item::{Clock, Item};
use super::lifecycle::{Ctx, dispatch};
use super::place::Place;
use super::policy::{ClockState, DuplicateRule, Pick, Policy, Route, Stage};
use super::sla;
use super::{scales::Supervision, status::Status};

/// The rule named on `chased` events.
pub const RULE_CHASE: &str = "ladder.chase.sign_breached";
/// The rule named on the escalation after too many returns.
pub const RULE_RETURNS: &str = "ladder.returns";
/// The rule named on `duplicates_suggested` events.
pub const RULE_DUPLICATES: &str = "duplicates.same_category_and_place";

/// The events time owes `item` at `now`: the clock's warning, breach,
/// chase and the supervision rungs of an overdue resolve clock, in order,
/// then the clear of a CAP alert whose `expires` passed ([`expiry`]).
pub fn on_time(item: &Item, now: Timestamp, policy: &Policy) -> Vec<EventBody> {
    let mut out = clock_events(item, now, policy);
    out.extend(expiry::due(item, now));
    out
}

fn clock_events(item: &Item, now: Timestamp, policy: &Policy) -> Vec<EventBody> {
    let mut out = sla::due_events(item, now);
    let Some(clock) = item.clock.as_ref().filter(|c| c.paused_at.is_none()) else {
        return out;
    };
    let red = clock.state(now) == ClockState::Red;
    if red && clock.stage == Stage::Sign && policy.ladder.chase_on_sign_breach && !clock.chased {
        out.push(EventBody::Chased {
            stage: Stage::Sign,
            rule: RULE_CHASE.to_owned(),
        });
    }
    if clock.stage == Stage::Resolve
        && let Some(level) = supervision_due(item, clock, now, policy)
    {
        out.push(EventBody::Supervised {
            from: item.supervision,
            level,
            rule: Some(format!("ladder.supervise.{}", level_name(level))),
        });
    }
    out
}

/// The highest rung reached by an overdue resolve clock, if it is above
/// both the item's card and the rungs the ladder already gave this clock
/// (a card a supervisor lowered is not raised again by the same rung).
fn supervision_due(item: &Item, clock: &Clock, now: Timestamp, policy: &Policy) -> Option<Supervision> {
    policy
        .ladder
        .supervision
        .iter()
        .filter(|step| now >= policy.add(clock.due_at, step.overdue))
        .map(|step| step.level)
        .max()
        .filter(|level| *level > item.supervision.max(clock.laddered))
}

fn level_name(level: Supervision) -> &'static str {
    match level {
        Supervision::None => "none",
        Supervision::Normal => "normal",
        Supervision::Yellow => "yellow",
        Supervision::Red => "red",
    }
}

/// The next instant [`on_time`] will have something to say about `item`,
/// or `None` while nothing is pending (no clock, parked, all fired, no
/// expiry to watch).
pub fn next_wake(item: &Item, policy: &Policy) -> Option<Timestamp> {
    let clock = clock_wake(item, policy);
    let lapse = expiry::lapses_at(item);
    clock.into_iter().chain(lapse).min()
}

fn clock_wake(item: &Item, policy: &Policy) -> Option<Timestamp> {
    let clock = item.clock.as_ref().filter(|c| c.paused_at.is_none())?;
    if !item.status.is_open() {
        return None;
    }
    let mut times = Vec::with_capacity(3);
    if !clock.warned {
        times.push(clock.warn_time());
    }
    let chase_owed = clock.stage == Stage::Sign && policy.ladder.chase_on_sign_breach && !clock.chased;
    if !clock.breached || chase_owed {
        times.push(clock.due_at);
    }
    if clock.stage == Stage::Resolve {
        let next_rung = policy
            .ladder
            .supervision
            .iter()
            .filter(|step| step.level > item.supervision.max(clock.laddered))
            .map(|step| policy.add(clock.due_at, step.overdue))
            .min();
        times.extend(next_rung);
    }
    times.into_iter().min()
}

/// How many open items each org holds, for the least-loaded choice.
pub trait Loads {
    fn load(&self, org: &str) -> u64;
}

impl<F: Fn(&str) -> u64> Loads for F {
    fn load(&self, org: &str) -> u64 {
        self(org)
    }
}

/// What the server adds after an operator's events (`applied`) left
/// `item` as it is: the escalation after too many returns, then
/// auto-dispatch of an accepted item whose route allows it.
pub fn after_change(item: &Item, applied: &[EventBody], ctx: &Ctx<'_>, loads: &dyn Loads) -> Vec<EventBody> {
    let mut out = Vec::new();
    let limit = ctx.policy.ladder.returns_to_designate;
    let returned_now = applied.iter().any(|b| matches!(b, EventBody::Returned { .. }));
    if returned_now && limit > 0 && item.counters.returns >= limit && !item.designate {
        out.push(EventBody::Escalated {
            from: item.tier,
            to: item.tier.up().unwrap_or(item.tier),
            reason: format!(
                "returned {} times; a supervisor designates the handler",
                item.counters.returns
            ),
            designate: true,
            rule: Some(format!("{RULE_RETURNS}.{limit}")),
        });
        // Designation is a supervisor's call: no auto-dispatch now.
        return out;
    }
    if let Some(body) = auto_dispatch(item, ctx, loads) {
        out.push(body);
    }
    out
}

/// The `dispatched` event the routes give an accepted item, if any.
pub fn auto_dispatch(item: &Item, ctx: &Ctx<'_>, loads: &dyn Loads) -> Option<EventBody> {
    if item.status != Status::Accepted || item.designate || item.department.is_some() || rehearsal(item) {
        return None;
    }
    let choice = route(item, ctx.policy, ctx.city, loads)?;
    if !choice.auto {
        return None;
    }
    dispatch(item, &choice.org, Some(choice.rule), ctx).ok()
}

/// An exercise, test or draft a standard brought in (CAP `status`): kept
/// and shown, but a person decides whether anyone is sent.
fn rehearsal(item: &Item) -> bool {
    item.origin
        .as_ref()
        .is_some_and(|o| o.extra.contains_key(REHEARSAL))
}

/// The origin extra key that marks a rehearsal; set by the CAP mapper.
pub const REHEARSAL: &str = "cap.rehearsal";

/// Where the routes send an item, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteChoice {
    pub org: String,
    /// `route:C11: sanitation (least loaded: sanitation 3, enforcement 9)`.
    pub rule: String,
    pub auto: bool,
}

/// The first route matching `item`, resolved to the least-loaded of its
/// departments that have not returned the item already.
pub fn route(item: &Item, policy: &Policy, city: &City, loads: &dyn Loads) -> Option<RouteChoice> {
    let route = policy.routes.iter().find(|r| matches(r, item, city))?;
    let candidates: Vec<String> = route
        .to
        .iter()
        .filter_map(|to| resolve_target(to, item, city))
        .filter(|org| !item.returned_by.contains(org))
        .fold(Vec::new(), |mut acc, org| {
            if !acc.contains(&org) {
                acc.push(org);
            }
            acc
        });
    let loaded: Vec<(String, u64)> = candidates
        .into_iter()
        .map(|c| {
            let n = loads.load(&c);
            (c, n)
        })
        .collect();
    // Ties go to the first listed: the route's order is a preference.
    let (org, _) = match route.pick {
        Pick::LeastLoaded => loaded.iter().min_by_key(|(_, n)| *n)?.clone(),
        Pick::First => loaded.first()?.clone(),
    };
    let why = if route.pick == Pick::First && route.to.len() > 1 {
        format!("{}: {org} (in order: {})", route.name, route.to.join(", "))
    } else if loaded.len() > 1 {
        let list: Vec<String> = loaded.iter().map(|(c, n)| format!("{c} {n}")).collect();
        format!("{}: {org} (least loaded: {})", route.name, list.join(", "))
    } else {
        format!("{}: {org}", route.name)
    };
    Some(RouteChoice {
        org,
        rule: why,
        auto: route.auto,
    })
}

fn matches(route: &Route, item: &Item, city: &City) -> bool {
    let same = |want: &Option<String>, have: &Option<String>| match want {
        None => true,
        Some(w) => have.as_deref().is_some_and(|h| h == w),
    };
    let district = item
        .place
        .district
        .as_deref()
        .and_then(|d| city.district(d))
        .map(|d| d.code.clone());
    let route_district = route
        .district
        .as_deref()
        .map(|d| city.district(d).map_or_else(|| d.to_owned(), |x| x.code.clone()));
    route.kind.is_none_or(|k| k == item.kind)
        && same(&route.category, &Some(item.category.clone()))
        && same(&route_district, &district)
        && same(&route.street, &item.place.street)
}

/// `community` → the grid's community; `category` → the taxonomy's
/// department; anything else a department code.
fn resolve_target(to: &str, item: &Item, city: &City) -> Option<String> {
    match to {
        // Without a grid, the generic community department (if the city
        // has one) stands in.
        "community" => item
            .place
            .grid
            .as_deref()
            .and_then(|g| city.community_of_grid(g))
            .or_else(|| city.org("community")),
        "category" => city.category(&item.category).map(|c| c.department.clone()),
        code => city.org(code),
    }
}

/// A light view of an open item, enough to match duplicates and storms.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRef {
    pub id: ItemId,
    pub kind: Kind,
    pub category: String,
    pub place: Place,
    pub created_at: Timestamp,
}

impl OpenRef {
    pub fn of(item: &Item) -> Self {
        OpenRef {
            id: item.id.clone(),
            kind: item.kind,
            category: item.category.clone(),
            place: item.place.clone(),
            created_at: item.created_at,
        }
    }
}

/// Is `other` a likely duplicate of the new `item`: same kind and
/// category, created within the window, and the same place (grid,
/// address, or coordinates within the distance)?
pub fn is_duplicate(item: &OpenRef, other: &OpenRef, rule: &DuplicateRule) -> bool {
    item.id != other.id
        && item.kind == other.kind
        && item.kind != Kind::Alert
        && item.category == other.category
        && (item.created_at - other.created_at).abs() <= rule.window
        && same_place(&item.place, &other.place, rule.distance_m)
}

fn same_place(a: &Place, b: &Place, distance_m: f64) -> bool {
    let eq = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => !x.trim().is_empty() && normalised(x).eq(normalised(y)),
        _ => false,
    };
    if eq(&a.address, &b.address) || eq(&a.grid, &b.grid) {
        return true;
    }
    match (a.lat, a.lon, b.lat, b.lon) {
        (Some(la), Some(lo), Some(lb), Some(mb)) => metres_between(la, lo, lb, mb) <= distance_m,
        _ => false,
    }
}

/// `s` without white space, lower-cased, as it is read: a create compares
/// its place with every open item of its category, so no string is built.
fn normalised(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// Great-circle distance; at city scale an equirectangular approximation
/// is within centimetres and cheap.
pub fn metres_between(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_M: f64 = 6_371_000.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let x = (lon2 - lon1).to_radians() * ((p1 + p2) / 2.0).cos();
    let y = p2 - p1;
    (x * x + y * y).sqrt() * EARTH_M
}

/// Which storm an alert belongs to: its grid, or its street without one.
pub fn storm_scope(place: &Place) -> Option<String> {
    place
        .grid
        .clone()
        .map(|g| format!("grid:{g}"))
        .or_else(|| place.street.clone().map(|s| format!("street:{s}")))
}

#[cfg(test)]
mod tests;
