//! The derived columns of an item's `item_facts` row, computed once for
//! every backend so SQLite and PostgreSQL store the same row.

use super::{Result, StoreError};
use crate::model::Item;
use crate::model::stats::Facts;

/// The `facts` column: `{}` while the item is open (open items' facts are
/// the server's, from the item itself, and an SLA pass rewriting a
/// thousand open clocks would otherwise encode rows nobody reads); once
/// closed, its facts without the clock, which counts for nothing then.
pub(crate) fn facts(item: &Item) -> Result<String> {
    if item.status.is_open() {
        return Ok("{}".to_owned());
    }
    let mut facts = Facts::of(item);
    facts.clock = None;
    serde_json::to_string(&facts).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The `names_caller` column: the item holds a caller's name or number
/// (what retention redacts).
pub(crate) fn names_caller(item: &Item) -> bool {
    item.callers.iter().any(|c| c.name.is_some() || c.phone.is_some())
}
