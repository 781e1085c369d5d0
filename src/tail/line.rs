//! One event as one aligned text line: time, seq, item, event, who, and a
//! short summary. Columns are fitted by display width ([`crate::present`]),
//! so Chinese text (two columns a character) lines up; colour is optional
//! and added last.

use crate::model::{Event, EventBody, ItemId, LinkTarget};
use crate::present::{cut, fit, one_line, pad};
use std::collections::HashMap;

/// Widest summary, in terminal columns; free text (reasons, notes) is cut.
const SUMMARY_COLS: usize = 72;
/// Titles kept for items seen; beyond this the oldest knowledge is dropped
/// wholesale (a tail runs for days).
const MAX_TITLES: usize = 200_000;

/// What the lines need to know beyond one event: item titles (events
/// after `created` do not repeat them) and department names.
#[derive(Debug, Default)]
pub struct Names {
    titles: HashMap<ItemId, String>,
    departments: HashMap<String, String>,
}

impl Names {
    pub fn new(departments: impl IntoIterator<Item = (String, String)>) -> Self {
        Names {
            titles: HashMap::new(),
            departments: departments.into_iter().collect(),
        }
    }

    pub fn remember(&mut self, id: ItemId, title: String) {
        if self.titles.len() >= MAX_TITLES {
            self.titles.clear();
        }
        self.titles.insert(id, title);
    }

    /// Learns from an event (a new item's title).
    pub fn observe(&mut self, event: &Event) {
        if let EventBody::Created(c) = &event.body {
            self.remember(event.item_id.clone(), c.title.clone());
        }
    }

    fn department<'a>(&'a self, code: &'a str) -> &'a str {
        self.departments.get(code).map_or(code, String::as_str)
    }
}

/// What happened, in a few words.
fn what(event: &Event, names: &Names) -> String {
    match &event.body {
        EventBody::Created(c) => format!("{} {} {}", c.priority, c.category, c.title),
        EventBody::Dispatched { department, rule, .. } => match rule {
            Some(rule) => format!("→ {} [{rule}]", names.department(department)),
            None => format!("→ {}", names.department(department)),
        },
        EventBody::Returned {
            reason,
            department,
            returns,
            ..
        } => {
            let from = department.as_deref().map(|d| names.department(d)).unwrap_or("-");
            format!("退单 #{returns} by {from}: {reason}")
        }
        EventBody::Rejected { reason }
        | EventBody::Reopened { reason, .. }
        | EventBody::Parked { reason } => reason.clone(),
        EventBody::Resolved { summary, .. } => summary.clone(),
        EventBody::Verified { passed, note, .. } => {
            format!("{} {note}", if *passed { "passed" } else { "failed" })
        }
        EventBody::Escalated {
            from,
            to,
            reason,
            designate,
            rule,
        } => {
            let designate = if *designate { " 指定承办" } else { "" };
            format!("{from:?} → {to:?} {reason}{designate}{}", rule_suffix(rule)).to_lowercase()
        }
        EventBody::Supervised { from, level, rule } => {
            format!("督办 {from:?} → {level:?}{}", rule_suffix(rule)).to_lowercase()
        }
        EventBody::Chased { stage, rule } => format!("催办 {} [{rule}]", stage.as_str()),
        EventBody::ExtensionRequested { extra, reason } => format!("延期 +{extra}: {reason}"),
        EventBody::ExtensionApproved { extra, due_at, .. } => format!("+{extra} → due {}", clock(*due_at)),
        EventBody::ExtensionDenied { reason } => reason.clone(),
        EventBody::DuplicatesSuggested { candidates, .. } => format!("≈ {}", id_list(candidates)),
        EventBody::Grouped { parent, .. } => format!("in storm {parent}"),
        EventBody::GroupAdded { child } => format!("+ {child}"),
        EventBody::CalledBack {
            satisfaction,
            attributable,
            ..
        } => {
            let blame = if *attributable { " (attributable)" } else { "" };
            format!("回访 {}{blame}", satisfaction.as_str())
        }
        EventBody::PrioritySet { from, to, .. } => format!("{from} → {to}"),
        EventBody::Claimed { owner, until } => format!("by {owner} until {}", clock(*until)),
        EventBody::Released { owner } => format!("from {owner}"),
        EventBody::Merged { into } => format!("→ {into}"),
        EventBody::Absorbed { from, callers } => format!("← {from} ({} callers)", callers.len()),
        EventBody::Linked { target } => match target {
            LinkTarget::Item(id) => format!("↔ {id}"),
            LinkTarget::Emergency(s) => format!("↔ {}", service(*s)),
        },
        EventBody::Noted { text } => text.clone(),
        EventBody::Answered { answer } => answer.clone(),
        EventBody::Transferred { to } => format!("→ {}", service(*to)),
        EventBody::Recurred { occurrences } => format!("×{occurrences}"),
        EventBody::SlaWarning { stage, .. } | EventBody::SlaBreached { stage, .. } => {
            format!("{stage:?}").to_lowercase()
        }
        EventBody::Accepted { .. }
        | EventBody::Signed { .. }
        | EventBody::Resumed { .. }
        | EventBody::Cleared => String::new(),
    }
}

fn rule_suffix(rule: &Option<String>) -> String {
    rule.as_ref().map(|r| format!(" [{r}]")).unwrap_or_default()
}

fn id_list(ids: &[crate::model::ItemId]) -> String {
    ids.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(" ")
}

fn service(s: crate::model::EmergencyService) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `HH:MM:SSZ` (UTC, as the log keeps it).
fn clock(t: crate::model::Timestamp) -> String {
    format!("{:02}:{:02}:{:02}Z", t.hour(), t.minute(), t.second())
}

/// The summary: what happened, then the item's title when the event does
/// not carry it.
pub fn summary(event: &Event, names: &Names) -> String {
    let what = what(event, names);
    let title = match &event.body {
        EventBody::Created(_) => None,
        _ => names.titles.get(&event.item_id),
    };
    let text = match (what.is_empty(), title) {
        (_, None) => what,
        (true, Some(t)) => t.clone(),
        (false, Some(t)) => format!("{what} · {t}"),
    };
    cut(&one_line(&text), SUMMARY_COLS)
}

/// The whole line; `colour` adds ANSI styles by event.
pub fn text_line(event: &Event, names: &Names, colour: bool) -> String {
    let actor = event.actor.strip_prefix("op:").unwrap_or(&event.actor);
    let name = event.body.type_name();
    // Ids and event names are padded, never cut: scripts split on them.
    let cols = [
        clock(event.at),
        format!("{:>7}", event.seq),
        pad(event.item_id.as_str(), 9),
        pad(name, 12),
        fit(&one_line(actor), 14),
    ];
    let summary = summary(event, names);
    if !colour {
        return format!("{}  {summary}", cols.join("  ")).trim_end().to_owned();
    }
    let style = super::style::of(event);
    format!(
        "{DIM}{}  {}{RESET}  {}  {style}{}{RESET}  {DIM}{}{RESET}  {summary}",
        cols[0], cols[1], cols[2], cols[3], cols[4]
    )
    .trim_end()
    .to_owned()
}

const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";
