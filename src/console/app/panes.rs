//! Which items each pane shows, in which order: pure functions of the
//! mirror, the filters and the time.

use crate::model::{ClockState, Item, Priority, Status, Supervision, Tier, Timestamp};
use crate::present::i18n::{Lang, tr};
use crate::present::labels;
use crate::t;
use serde::Deserialize;

/// The panes the console can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaneKind {
    Incidents,
    Escalations,
    Alerts,
    Tickets,
    Mine,
    Directory,
    Log,
    /// The city map: open items where they are.
    Map,
}

impl PaneKind {
    pub const ALL: [PaneKind; 8] = [
        PaneKind::Incidents,
        PaneKind::Escalations,
        PaneKind::Alerts,
        PaneKind::Tickets,
        PaneKind::Mine,
        PaneKind::Directory,
        PaneKind::Log,
        PaneKind::Map,
    ];

    /// The pane's name as `layout` in config.toml spells it.
    pub fn name(self) -> &'static str {
        match self {
            PaneKind::Incidents => "incidents",
            PaneKind::Escalations => "escalations",
            PaneKind::Alerts => "alerts",
            PaneKind::Tickets => "tickets",
            PaneKind::Mine => "mine",
            PaneKind::Directory => "directory",
            PaneKind::Log => "log",
            PaneKind::Map => "map",
        }
    }

    /// The pane's title in `lang` (`pane-` + its name in the catalogs).
    pub fn title(self, lang: Lang) -> String {
        tr(lang, &format!("pane-{}", self.name()))
    }

    /// Panes whose rows are items (the others list departments or events,
    /// or draw the map).
    pub fn lists_items(self) -> bool {
        !matches!(self, PaneKind::Directory | PaneKind::Log | PaneKind::Map)
    }
}

/// Quick filters, each optional, all of them ANDed with the text filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub text: String,
    pub district: Option<String>,
    pub category: Option<String>,
    pub priority: Option<Priority>,
    pub status: Option<Status>,
    /// A department's code: its items only (enter in the Directory pane).
    pub department: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self == &Filters::default()
    }

    /// Is any filter other than the text set?
    pub fn has_quick(&self) -> bool {
        self.district.is_some()
            || self.category.is_some()
            || self.priority.is_some()
            || self.status.is_some()
            || self.department.is_some()
    }

    /// The text filter's words, lower-cased once per pass.
    pub fn words(&self) -> Vec<String> {
        self.text
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    pub fn matches(&self, item: &Item, search: &str) -> bool {
        self.matches_words(item, search, &self.words())
    }

    pub fn matches_words(&self, item: &Item, search: &str, words: &[String]) -> bool {
        words.iter().all(|w| search.contains(w.as_str()))
            && self
                .district
                .as_ref()
                .is_none_or(|d| item.place.district.as_ref() == Some(d))
            && self.category.as_ref().is_none_or(|c| &item.category == c)
            && self.priority.is_none_or(|p| item.priority == p)
            && self.status.is_none_or(|s| item.status == s)
            && self
                .department
                .as_ref()
                .is_none_or(|d| item.department.as_ref() == Some(d))
    }

    /// What the header shows of the active filters, each by its name so a
    /// status is not taken for typed text: `status:new district:太和区 /暖气`.
    pub fn describe(&self) -> String {
        let named = [
            ("status", self.status.map(|s| s.to_string())),
            ("district", self.district.clone()),
            ("category", self.category.clone()),
            ("priority", self.priority.map(|p| p.to_string())),
            ("dept", self.department.clone()),
        ];
        let mut parts: Vec<String> = named
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| format!("{name}:{v}")))
            .collect();
        if !self.text.is_empty() {
            parts.push(format!("/{}", self.text));
        }
        parts.join(" ")
    }
}

/// Does the item belong in this pane?
pub fn belongs(pane: PaneKind, item: &Item, me: &str, now: Timestamp) -> bool {
    use crate::model::Kind;
    match pane {
        PaneKind::Incidents => item.kind == Kind::Incident,
        PaneKind::Alerts => item.kind == Kind::Alert,
        PaneKind::Tickets => item.kind == Kind::Ticket,
        // Also what waits on a supervisor: a handler to designate, an
        // extension to answer.
        PaneKind::Escalations => !escalation_reasons(item, now).is_empty(),
        PaneKind::Mine => item.active_claim(now).is_some_and(|c| c.owner == me),
        PaneKind::Map => true,
        PaneKind::Directory | PaneKind::Log => false,
    }
}

/// Why an item is in Escalations: each rule that put it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A supervisor must designate the handler (after the third return).
    Designate { returns: u32 },
    /// A department asked for more time; a supervisor answers.
    Extension,
    /// A supervision card (督办).
    Card(Supervision),
    /// Raised above the grid tier.
    Tier(Tier),
    /// The stage's clock ran out.
    Late,
}

impl Why {
    /// As the Escalations pane's reason column says it.
    pub fn text(self, lang: Lang) -> String {
        match self {
            Why::Designate { returns } if returns >= 3 => t!(lang, "why-designate-returns", n = returns),
            Why::Designate { .. } => t!(lang, "why-designate"),
            Why::Extension => t!(lang, "why-extension"),
            Why::Card(card) => labels::card(lang, card),
            Why::Tier(tier) => t!(lang, "why-tier", tier = labels::tier(lang, tier)),
            Why::Late => t!(lang, "why-late"),
        }
    }

    /// The same, for a narrow pane.
    pub fn short(self, lang: Lang) -> String {
        match self {
            Why::Designate { returns } if returns >= 3 => {
                t!(lang, "why-designate-returns-short", n = returns)
            }
            Why::Designate { .. } => t!(lang, "why-designate-short"),
            Why::Extension => t!(lang, "why-extension-short"),
            Why::Card(Supervision::Red) => labels::card(lang, Supervision::Red),
            Why::Card(Supervision::Yellow) => t!(lang, "why-yellow-short"),
            Why::Card(_) => t!(lang, "why-card-short"),
            Why::Tier(_) => t!(lang, "why-tier-short"),
            Why::Late => t!(lang, "why-late"),
        }
    }
}

/// Every reason the item belongs in Escalations, most pressing first (what
/// a supervisor must act on, then what raised it). Empty: it does not.
pub fn escalation_reasons(item: &Item, now: Timestamp) -> Vec<Why> {
    let mut why = Vec::new();
    if item.designate {
        why.push(Why::Designate {
            returns: item.counters.returns,
        });
    }
    if item.extension.is_some() {
        why.push(Why::Extension);
    }
    if item.supervision != Supervision::None {
        why.push(Why::Card(item.supervision));
    }
    if item.clock_state(now) == Some(ClockState::Red) {
        why.push(Why::Late);
    }
    if item.tier > Tier::Grid {
        why.push(Why::Tier(item.tier));
    }
    why
}

/// When the running clock falls due, counting a paused clock as still
/// having all its remaining time.
pub fn effective_due(item: &Item, now: Timestamp) -> Option<Timestamp> {
    item.clock.as_ref().map(|c| match c.paused_at {
        Some(p) => c.due_at + (now - p),
        None => c.due_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_described_by_name_text_last() {
        let f = Filters {
            text: "暖气".into(),
            district: Some("太和区".into()),
            status: Some(Status::New),
            department: Some("heating".into()),
            ..Filters::default()
        };
        assert_eq!(f.describe(), "status:new district:太和区 dept:heating /暖气");
        let only_status = Filters {
            status: Some(Status::New),
            ..Filters::default()
        };
        assert_eq!(only_status.describe(), "status:new");
        assert_ne!(
            only_status.describe(),
            Filters {
                text: "new".into(),
                ..Filters::default()
            }
            .describe(),
            "a status filter must not read like typed text"
        );
    }
}
