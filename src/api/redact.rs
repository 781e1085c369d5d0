//! Every reply that carries items or events, as a role may see it: thin
//! wrappers over [`crate::model::privacy`], so a route redacts its whole
//! answer in one call and the rule itself stays in one place.

use super::{ActionReply, ItemDetail, Snapshot};
use crate::model::Role;

impl ActionReply {
    pub fn redact_for(&mut self, role: Role) {
        self.item.item.redact_for(role);
        for e in &mut self.events {
            e.redact_for(role);
        }
    }
}

impl ItemDetail {
    pub fn redact_for(&mut self, role: Role) {
        self.item.item.redact_for(role);
        for e in &mut self.history {
            e.redact_for(role);
        }
    }
}

impl Snapshot {
    pub fn redact_for(&mut self, role: Role) {
        for view in &mut self.items {
            view.item.redact_for(role);
        }
    }
}
