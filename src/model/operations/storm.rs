//! Alert storms: many alerts of one grid (or street, without a grid)
//! within the policy's window are grouped under one parent alert, so the
//! console shows one row with ×N instead of a wall of the same alarm.

use super::{Change, new_item};
use crate::model::Timestamp;
use crate::model::action::CreateItem;
use crate::model::change::Rebase;
use crate::model::event::{Created, EventBody};
use crate::model::ids::{ItemId, Kind};
use crate::model::item::Item;
use crate::model::lifecycle::Ctx;
use crate::model::place::Place;
use crate::model::policy::{ClockKey, Stage, StormRule};
use crate::model::role::SYSTEM_ACTOR;
use crate::model::scales::Tier;

/// The open alerts around a new alert, as the server's board knows them.
#[derive(Debug, Clone)]
pub struct StormNeighbours {
    /// `grid:…` or `street:…` (see `automation::storm_scope`).
    pub scope: String,
    /// The scope's open storm parent, if a storm is already running.
    pub parent: Option<Item>,
    /// Ungrouped open alerts of the scope within the window, oldest first.
    pub recent: Vec<Item>,
    /// The number a new parent takes; given only when
    /// [`needs_new_parent`] said one is needed.
    pub new_parent: Option<ItemId>,
}

/// Does a new alert, with `recent` ungrouped alerts in its scope and no
/// running storm, start one (and so need a number for the parent)?
pub fn needs_new_parent(recent: usize, rule: &StormRule) -> bool {
    recent + 1 >= rule.threshold as usize
}

/// `10 min`, or `10 s` for the short windows of a demo's fast policy.
pub fn span(d: time::Duration) -> String {
    if d.whole_seconds() % 60 == 0 && d.whole_minutes() > 0 {
        format!("{} min", d.whole_minutes())
    } else {
        format!("{} s", d.whole_seconds())
    }
}

/// The changes with the new alert (first in `changes`) grouped into its
/// storm: under the running parent, or under a new parent once the scope
/// has the threshold's number of alerts. `None` when it is no storm. A
/// join of a running storm comes with its [`Rebase`]: the same join, made
/// again on the parent as the writer finds it.
pub(super) fn group(
    changes: &[Change],
    n: StormNeighbours,
    ctx: &Ctx<'_>,
) -> Option<(Vec<Change>, Option<Rebase>)> {
    let (alert, rest) = changes.split_first()?;
    let rule = ctx.policy.storm;
    let now = ctx.now;
    if let Some(parent) = n.parent {
        let join = Join {
            alert: alert.clone(),
            rest: rest.to_vec(),
            scope: n.scope,
            window: rule.window,
            now,
        };
        let rebase = Rebase {
            item: parent.id.clone(),
            build: std::sync::Arc::new({
                let join = join.clone();
                move |fresh: Item| fresh.status.is_open().then(|| join.under(fresh))
            }),
        };
        return Some((join.under(parent), Some(rebase)));
    }
    if !needs_new_parent(n.recent.len(), &rule) {
        return None;
    }
    let count = n.recent.len() + 1;
    let why = why(&n.scope, rule.window, count);
    let parent = new_parent(n.new_parent?, &n.scope, &alert.item, &n.recent, ctx)?;
    let mut added: Vec<EventBody> = n
        .recent
        .iter()
        .map(|m| EventBody::GroupAdded { child: m.id.clone() })
        .collect();
    added.push(EventBody::GroupAdded {
        child: alert.item.id.clone(),
    });
    let parent_id = parent.item.id.clone();
    let grouped = EventBody::Grouped {
        parent: parent_id.clone(),
        rule: why.clone(),
    };
    let mut out = vec![
        alert.clone().then(vec![grouped], SYSTEM_ACTOR, now),
        parent.then(added, SYSTEM_ACTOR, now),
    ];
    for member in n.recent {
        let grouped = EventBody::Grouped {
            parent: parent_id.clone(),
            rule: why.clone(),
        };
        out.push(Change::fold(member, vec![grouped], SYSTEM_ACTOR, now));
    }
    out.extend(rest.iter().cloned());
    Some((out, None))
}

/// `storm: 5 alerts in grid:… within 10 min`.
fn why(scope: &str, window: time::Duration, count: usize) -> String {
    format!("storm: {count} alerts in {scope} within {}", span(window))
}

/// A new alert joining a running storm, before it knows the parent as
/// the commit will find it.
#[derive(Clone)]
struct Join {
    alert: Change,
    rest: Vec<Change>,
    scope: String,
    window: time::Duration,
    now: Timestamp,
}

impl Join {
    /// The alert grouped under `parent`, the parent counting it, and the
    /// rest of the create.
    fn under(&self, parent: Item) -> Vec<Change> {
        let count = parent.children.len() + 1;
        let grouped = EventBody::Grouped {
            parent: parent.id.clone(),
            rule: why(&self.scope, self.window, count),
        };
        let added = EventBody::GroupAdded {
            child: self.alert.item.id.clone(),
        };
        let mut out = vec![
            self.alert.clone().then(vec![grouped], SYSTEM_ACTOR, self.now),
            Change::fold(parent, vec![added], SYSTEM_ACTOR, self.now),
        ];
        out.extend(self.rest.iter().cloned());
        out
    }
}

/// A new parent item for the storm in `scope`: the most urgent priority of
/// its alerts, the new alert's category, titled by where it is.
fn new_parent(id: ItemId, scope: &str, alert: &Item, members: &[Item], ctx: &Ctx<'_>) -> Option<Change> {
    let priority = members
        .iter()
        .map(|m| m.priority)
        .chain([alert.priority])
        .min()
        .unwrap_or(alert.priority);
    let place = Place {
        district: alert.place.district.clone(),
        street: alert.place.street.clone(),
        grid: alert.place.grid.clone(),
        ..Place::default()
    };
    // 告警风暴 太和区 新民街道 网格 210711-01-05-03: 5 条告警
    let mut where_: Vec<String> = [&place.district, &place.street]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    where_.extend(place.grid.as_ref().map(|g| format!("网格 {g}")));
    if where_.is_empty() {
        where_.push(scope.to_owned());
    }
    let count = members.len() + 1;
    let req = CreateItem {
        kind: Kind::Alert,
        category: alert.category.clone(),
        title: format!("告警风暴 {}: {count} 条告警", where_.join(" ")),
        description: format!(
            "Alert storm: {count} alerts in {scope} within {} (policy [storm])",
            span(ctx.policy.storm.window)
        ),
        priority: Some(priority),
        tier: Some(Tier::Grid),
        place,
        fingerprint: None,
        caller: None,
        raised_from: None,
        call_id: None,
    };
    let key = ClockKey {
        kind: Kind::Alert,
        category: &alert.category,
        priority,
        stage: Stage::Accept,
    };
    let deadline = ctx.policy.deadline(&key, ctx.now);
    let created = Created::from_request(&req, priority, Some(deadline));
    new_item(id, created, SYSTEM_ACTOR, ctx.now).ok()
}
