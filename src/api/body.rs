//! Request and response bodies.

use crate::model::{ActionName, ClockState, Event, Item, Operator, Role, Timestamp};
use serde::{Deserialize, Serialize};

/// `GET /v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`, or `degraded` when the disk refuses writes.
    pub status: String,
    pub seq: u64,
    pub store: String,
    /// Which server answered (`serve --replica`, else its host name and
    /// port): among several servers on one log, the one a client is on.
    /// Empty from a server older than the field.
    #[serde(default)]
    pub replica: String,
    /// Why the server is degraded (`the disk is full (…)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `single` (SQLite: no other replica), else `leader` (this replica
    /// runs the closed loop) or `follower`.
    #[serde(default)]
    pub role: String,
    /// Events the log holds that this replica has not yet published.
    #[serde(default)]
    pub lag: u64,
}

/// `GET /v1/me`: the caller and what they may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Me {
    #[serde(flatten)]
    pub operator: Operator,
    /// Actions this role may ever take (states permitting).
    pub actions: Vec<ActionName>,
}

/// An item as the API shows it: the stored item plus what depends on the
/// time of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: Item,
    /// Colour of the running stage clock, as of `now` on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_state: Option<ClockState>,
}

/// Reads the item's own fields and skips `clock_state`: it is a courtesy
/// for scripts, and a client that keeps items for longer computes it from
/// `clock` against its own time. (serde's `flatten` would buffer every
/// field and makes a 100,000-item snapshot several times slower to read.)
impl<'de> Deserialize<'de> for ItemView {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Item::deserialize(d).map(|item| ItemView {
            item,
            clock_state: None,
        })
    }
}

impl ItemView {
    pub fn new(item: Item, now: Timestamp) -> Self {
        let clock_state = item.clock_state(now);
        ItemView { item, clock_state }
    }
}

/// `GET /v1/snapshot`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Snapshot {
    /// Log position the items are as of; stream from here.
    pub seq: u64,
    pub items: Vec<ItemView>,
}

/// `GET /v1/snapshot` filters.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SnapshotQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::model::Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::model::Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
}

/// `GET /v1/items/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemDetail {
    pub item: ItemView,
    pub history: Vec<Event>,
    /// Where the policy's routes would send the item now, for an item a
    /// dispatcher may (re)dispatch: the console's picker offers it first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<RouteHint>,
}

/// The routes' choice for an item: the first matching route, the least
/// loaded of its departments that have not returned the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RouteHint {
    pub department: String,
    /// `route:noise: environment (least loaded: environment 2, police 5)`.
    pub rule: String,
    /// Whether the route dispatches by itself, or only suggests.
    pub auto: bool,
}

/// The answer to a create or an action: the item after, and the events
/// appended (with their `seq`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActionReply {
    pub item: ItemView,
    pub events: Vec<Event>,
}

/// `GET /v1/stream` query.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u64>,
}

/// Data of the stream's `reset` event: read the snapshot, then stream from
/// its `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StreamReset {
    /// The server's log position when it said so.
    pub seq: u64,
    pub reason: String,
}

/// `GET /v1/audit`'s query: rows after `after` (an audit id), at most
/// `limit` (default 100, at most 1000).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditPageQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// A page of the audit log, oldest first; `next` is the `after` of the
/// next page when this one is full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub entries: Vec<crate::model::audit::AuditEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<u64>,
}

/// Data of the stream's `position` event: the log is read up to `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StreamPosition {
    pub seq: u64,
}

/// One department with its open workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DepartmentLoad {
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub open: u64,
}

/// An operator as the directory lists them (never their token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OperatorInfo {
    pub login: String,
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// `GET /v1/directory`: who items can go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Directory {
    pub departments: Vec<DepartmentLoad>,
    pub operators: Vec<OperatorInfo>,
    /// The city: its name and how many districts, streets, grids and grid
    /// workers it has.
    #[serde(default)]
    pub city: super::CityInfo,
    #[serde(default)]
    pub districts: Vec<super::DistrictInfo>,
    #[serde(default)]
    pub categories: Vec<super::CategoryInfo>,
}

impl Directory {
    /// Every place items may be dispatched to, code → a person's name:
    /// the departments, and each community (`community:210702-08-03` →
    /// its street's and its own name).
    pub fn org_names(&self) -> Vec<(String, String)> {
        let departments = self.departments.iter().map(|d| (d.code.clone(), d.name.clone()));
        let communities = self.districts.iter().flat_map(|d| {
            d.streets.iter().flat_map(move |s| {
                s.community_names.iter().enumerate().map(move |(i, name)| {
                    let number = u16::try_from(i + 1).unwrap_or(u16::MAX);
                    let code = crate::model::community_code(&d.code, s.number, number);
                    (code, format!("{}{name}", s.name))
                })
            })
        });
        departments.chain(communities).collect()
    }
}

/// The body of `POST /v1/items/{id}/actions`: an [`Action`] with
/// `expected_version` (required) and `override` (supervisors acting through
/// someone else's claim) beside its own fields.
///
/// serde cannot combine `deny_unknown_fields` with `flatten`, and needs
/// not: the flattened action sees every key this struct does not take, and
/// [`Action`] denies unknown fields itself. The two API fields read through
/// functions of their own so their errors still name the field (a flattened
/// struct's errors otherwise say only "expected u64").
///
/// [`Action`]: crate::model::Action
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(expecting = "the body to be a JSON object")]
pub struct ActionRequest {
    #[serde(deserialize_with = "expected_version")]
    pub expected_version: u64,
    #[serde(
        rename = "override",
        default,
        skip_serializing_if = "std::ops::Not::not",
        deserialize_with = "override_claim"
    )]
    pub override_claim: bool,
    #[serde(flatten)]
    pub action: crate::model::Action,
}

fn expected_version<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    serde_json::Value::deserialize(d)?
        .as_u64()
        .ok_or_else(|| serde::de::Error::custom("expected_version must be a non-negative integer"))
}

fn override_claim<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde_json::Value::deserialize(d)?
        .as_bool()
        .ok_or_else(|| serde::de::Error::custom("override must be true or false"))
}

impl ActionRequest {
    pub fn new(action: crate::model::Action, expected_version: u64) -> Self {
        ActionRequest {
            expected_version,
            override_claim: false,
            action,
        }
    }

    /// The flat JSON object the server expects.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Parses the flat object; the error says which field is wrong.
    pub fn from_json(value: serde_json::Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// `POST /v1/presence`: "I am looking at this item".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceRequest {
    pub item_id: crate::model::ItemId,
}

/// Who is looking at an item, until when; rides the stream without a `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Presence {
    pub item_id: crate::model::ItemId,
    pub login: String,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub until: Timestamp,
}

#[cfg(test)]
mod tests;
