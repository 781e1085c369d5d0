//! Every reply that carries items or events, as one reader may see it:
//! thin wrappers over [`crate::model::visibility::View`], so a route scopes
//! and masks its whole answer in one call and the rule itself stays in one
//! place.

use super::{ActionReply, ItemDetail, Snapshot};
use crate::model::visibility::View;

impl ActionReply {
    /// The reply as `view` sees it. Only an operator who may act on the
    /// item gets a reply at all, so this masks and never hides.
    pub fn redact_for(&mut self, view: &View) {
        crate::model::privacy::redact_callers(&mut self.item.item.callers, view.sight);
        for e in &mut self.events {
            e.redact(view.sight);
        }
    }
}

impl ItemDetail {
    /// The detail as `view` sees it, or `None`: the item does not exist
    /// for this reader.
    pub fn for_view(mut self, view: &View) -> Option<Self> {
        self.item.item = view.item(self.item.item)?;
        self.history = self.history.into_iter().map(|e| view.event(e)).collect();
        Some(self)
    }
}

impl Snapshot {
    /// Only the items `view` sees, as it sees them.
    pub fn for_view(self, view: &View) -> Self {
        let items = self
            .items
            .into_iter()
            .filter_map(|mut v| {
                v.item = view.item(v.item)?;
                Some(v)
            })
            .collect();
        Snapshot { items, ..self }
    }
}
