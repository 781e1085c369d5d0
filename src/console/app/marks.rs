//! Marks are per row but item keys act on every mark at once, wherever it
//! is. So the footer lists them, and a key that would act on marks the
//! operator cannot see in the focused pane asks first.

use super::panes::PaneKind;
use super::{App, Mode};
use crate::model::{ItemId, Kind};

impl App {
    /// Do item keys act on the marks (rather than on the cursor's row)?
    pub fn acting_on_marks(&self) -> bool {
        !self.ui.marked.is_empty() && matches!(self.ui.mode, Mode::Normal | Mode::Input(_) | Mode::Confirm(_))
    }

    /// Marked items that are not rows of the focused pane, with the pane
    /// they live in.
    pub fn marks_elsewhere(&self) -> Vec<(ItemId, String)> {
        let rows = self.rows(self.ui.focus);
        self.ui
            .marked
            .iter()
            .filter(|id| rows.position(id).is_none())
            .map(|id| (id.clone(), self.home_pane(id).title(self.ui.lang)))
            .collect()
    }

    /// The queue an item is listed in by its kind.
    pub fn home_pane(&self, id: &ItemId) -> PaneKind {
        match self.remote.mirror.items.get(id).map(|i| i.kind) {
            Some(Kind::Alert) => PaneKind::Alerts,
            Some(Kind::Ticket) => PaneKind::Tickets,
            _ => PaneKind::Incidents,
        }
    }

    /// The question to ask before acting on marks outside the focused
    /// pane, if any are.
    pub(super) fn marks_question(&self, verb: &str) -> Option<String> {
        if !self.acting_on_marks() {
            return None;
        }
        let away = self.marks_elsewhere();
        if away.is_empty() {
            return None;
        }
        let list: Vec<String> = away.iter().map(|(id, pane)| format!("{id} ({pane})")).collect();
        let n = self.ui.marked.len();
        let lang = self.ui.lang;
        let list = list.join(", ");
        Some(if away.len() == n {
            crate::t!(lang, "marks-question-all", verb = verb, n = n, list = list)
        } else {
            crate::t!(
                lang,
                "marks-question-some",
                verb = verb,
                n = n,
                away = away.len(),
                list = list
            )
        })
    }
}
