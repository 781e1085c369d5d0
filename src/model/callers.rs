//! A caller's history as the desk shows it when the phone rings: their
//! earlier items, how often they called lately, what they last said at the
//! callback. The store finds the items by normalised phone; what counts as
//! a call, and what a masked role may see of it, is decided here.

use super::Timestamp;
use super::item::Item;
use super::privacy::Sight;
use super::role::Role;
use super::status::Satisfaction;
use serde::{Deserialize, Serialize};

/// The window "calls lately" counts over.
pub const RECENT_DAYS: i64 = 30;

/// The counts beside a caller's items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerCounts {
    /// Items this caller reported in the last [`RECENT_DAYS`] days (not
    /// those they were merged into as an additional caller).
    pub calls_30d: u32,
    /// Their items still open.
    pub open: u32,
    /// Every item they are a caller of.
    pub total: u32,
}

/// Did the caller with `phone` report `item` (rather than being merged in)?
fn reported(item: &Item, phone: &str) -> bool {
    item.callers.first().and_then(|c| c.phone.as_deref()) == Some(phone)
}

/// Is the caller with `phone` confidential on `item`?
fn confidential_on(item: &Item, phone: &str) -> bool {
    item.callers
        .iter()
        .any(|c| c.confidential && c.phone.as_deref() == Some(phone))
}

/// The items of the caller with `phone` that `role` may see, newest first:
/// a masked role sees none where this caller asked not to be named, and
/// every caller on the rest redacted.
pub fn visible(phone: &str, mut items: Vec<Item>, role: Role) -> Vec<Item> {
    if role.sight() == Sight::Masked {
        items.retain(|i| !confidential_on(i, phone));
    }
    for item in &mut items {
        item.redact_for(role);
    }
    items.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id.number())));
    items
}

/// The counts over `items` (all the caller's items that are to be shown),
/// as of `now`.
pub fn counts(phone: &str, items: &[Item], now: Timestamp) -> CallerCounts {
    let since = now - time::Duration::days(RECENT_DAYS);
    let n =
        |f: &dyn Fn(&Item) -> bool| u32::try_from(items.iter().filter(|i| f(i)).count()).unwrap_or(u32::MAX);
    CallerCounts {
        calls_30d: n(&|i| reported(i, phone) && i.created_at >= since),
        open: n(&|i| i.status.is_open()),
        total: n(&|_| true),
    }
}

/// The answer at the caller's latest callback: of their newest item that
/// has one.
pub fn last_satisfaction(items: &[Item]) -> Option<Satisfaction> {
    items
        .iter()
        .max_by_key(|i| (i.satisfaction.is_some(), i.created_at))
        .and_then(|i| i.satisfaction)
}

/// One read of a caller's history, for the audit: who read which phone,
/// when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerRead {
    #[serde(with = "time::serde::rfc3339")]
    pub at: Timestamp,
    pub login: String,
    pub role: Role,
    /// Normalised.
    pub phone: String,
}
