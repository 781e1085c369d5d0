//! The placeholder left where a selected item was when the server's
//! changes took it out of the pane. Handing the selection to whichever row
//! slid into its place would let the next key act on an item the operator
//! never looked at; the placeholder says what happened and holds the place
//! until they move.

use super::panes::PaneKind;
use super::{App, Gone};
use crate::model::ItemId;
use crate::t;

/// What the placeholder says: "TKT-0075 closed (verified by 李明)",
/// "INC-0003 left Escalations: dispatched by system, now dispatched".
pub(super) fn why(app: &App, id: &ItemId, pane: PaneKind) -> String {
    let lang = app.ui.lang;
    let last = app.remote.mirror.log.iter().find(|l| &l.item_id == id);
    // Operators' actors are logged as `op:login`; a person reads the login.
    let by = last
        .map(|l| t!(lang, "gone-by", who = l.actor.trim_start_matches("op:")))
        .unwrap_or_default();
    let event = last.map(|l| crate::present::event_name(lang, l.event));
    let item = app.remote.mirror.items.get(id);
    let id = id.as_str();
    match (item, event) {
        (None, Some(e)) if last.is_some_and(|l| l.event == "verified") => {
            t!(lang, "gone-verified", id = id, event = e, by = by)
        }
        (None, Some(e)) => t!(lang, "gone-event", id = id, event = e, by = by),
        (None, None) => t!(lang, "gone-closed", id = id),
        (Some(item), Some(e)) => t!(
            lang,
            "gone-left-after",
            id = id,
            pane = pane.title(lang),
            event = e,
            by = by,
            status = crate::present::labels::status(lang, item.status)
        ),
        (Some(item), None) => t!(
            lang,
            "gone-left",
            id = id,
            pane = pane.title(lang),
            status = crate::present::labels::status(lang, item.status)
        ),
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
                t!(self.ui.lang, "gone-nothing-selected", why = g.why.as_str())
            }
            _ => t!(self.ui.lang, "no-item-selected"),
        }
    }
}
