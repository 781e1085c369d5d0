//! The placeholder left where a selected item was when the server's
//! changes took it out of the pane. Handing the selection to whichever row
//! slid into its place would let the next key act on an item the operator
//! never looked at; the placeholder says what happened and holds the place
//! until they move.

use super::panes::PaneKind;
use super::{App, Gone};
use crate::model::ItemId;

/// What the placeholder says: "TKT-0075 closed (verified by 李明)",
/// "INC-0003 left Escalations: dispatched by system, now dispatched".
pub(super) fn why(app: &App, id: &ItemId, pane: PaneKind) -> String {
    let last = app.remote.mirror.log.iter().find(|l| &l.item_id == id);
    // Operators' actors are logged as `op:login`; a person reads the login.
    let by = last
        .map(|l| format!(" by {}", l.actor.trim_start_matches("op:")))
        .unwrap_or_default();
    let event = last.map(|l| l.event.replace('_', " "));
    match (app.remote.mirror.items.get(id), event) {
        (None, Some(e)) if e == "verified" => format!("{id} closed (verified{by})"),
        (None, Some(e)) => format!("{id} {e}{by}"),
        (None, None) => format!("{id} is no longer open"),
        (Some(item), Some(e)) => format!("{id} left {}: {e}{by}, now {}", pane.title(), item.status),
        (Some(item), None) => format!("{id} left {}, now {}", pane.title(), item.status),
    }
}

impl App {
    /// The placeholder in the focused pane, if its item left.
    pub fn gone(&self) -> Option<&Gone> {
        self.ui.cursors.get(&self.ui.focus).and_then(|c| c.gone.as_ref())
    }

    /// Why an item key found nothing to act on.
    pub fn nothing_selected(&self) -> String {
        match self.gone() {
            Some(g) if self.ui.marked.is_empty() => {
                format!("{}: nothing selected; j/k moves on", g.why)
            }
            _ => "no item selected".to_owned(),
        }
    }
}
