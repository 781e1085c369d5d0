//! One wording for every event, shared by the console's history and
//! `tail`'s lines. The match below is exhaustive on purpose: a new event
//! kind does not compile until someone has decided what it says.

use super::names::Departments;
use crate::model::{EmergencyService, EventBody, ItemId, LinkTarget, Place, Timestamp};

/// What happened, in a few words; department codes read as names where
/// `departments` knows them. Never empty: the event's name alone is a
/// poor summary, and a blank line reads as "nothing here".
pub fn event_text(body: &EventBody, departments: &Departments) -> String {
    match body {
        EventBody::Created(c) => format!("{} {} {}", c.kind, c.category, c.priority),
        EventBody::Accepted { due_at, .. }
        | EventBody::Signed { due_at, .. }
        | EventBody::Resumed { due_at, .. } => due(*due_at),
        EventBody::Dispatched { department, rule, .. } => words(&[
            &format!("→ {}", departments.name(department)),
            &by_rule(rule.as_deref()),
        ]),
        EventBody::Returned {
            reason,
            department,
            returns,
            ..
        } => {
            let from = department.as_deref().map_or("-", |d| departments.name(d));
            format!("退单 #{returns} by {from}: {reason}")
        }
        EventBody::Rejected { reason }
        | EventBody::Reopened { reason, .. }
        | EventBody::Parked { reason }
        | EventBody::ExtensionDenied { reason } => reason.clone(),
        EventBody::Resolved { summary, .. } => summary.clone(),
        EventBody::Verified { passed, note, .. } => words(&[if *passed { "pass" } else { "fail" }, note]),
        EventBody::Escalated {
            from,
            to,
            reason,
            designate,
            rule,
        } => words(&[
            &lower(from),
            "→",
            &lower(to),
            reason,
            if *designate { "指定承办" } else { "" },
            &by_rule(rule.as_deref()),
        ]),
        EventBody::Supervised { from, level, rule } => words(&[
            "督办",
            &lower(from),
            "→",
            &lower(level),
            &by_rule(rule.as_deref()),
        ]),
        EventBody::PrioritySet { from, to, .. } => format!("{from} → {to}"),
        EventBody::Claimed { owner, until } => format!("by {owner} until {}", clock(*until)),
        EventBody::Released { owner } => owner.clone(),
        EventBody::Merged { into } => format!("into {into}"),
        EventBody::Absorbed { from, callers } => match callers.len() {
            1 => format!("from {from} (1 caller)"),
            n => format!("from {from} ({n} callers)"),
        },
        EventBody::Linked { target } => match target {
            LinkTarget::Item(id) => format!("↔ {id}"),
            LinkTarget::Emergency(s) => format!("↔ {}", service(*s)),
        },
        EventBody::Noted { text } => text.clone(),
        EventBody::Answered { answer, entry: None } => answer.clone(),
        EventBody::Answered {
            answer,
            entry: Some(entry),
        } => format!("{answer} (knowledge {entry})"),
        EventBody::Transferred { to } => format!("→ {}", service(*to)),
        EventBody::Recurred { occurrences } => format!("×{occurrences}"),
        EventBody::Amended {
            title,
            category,
            place,
            origin,
        } => amended(
            title.as_deref(),
            category.as_deref(),
            place.as_ref(),
            origin.is_some(),
        ),
        EventBody::Cleared => "condition went away".to_owned(),
        EventBody::Chased { stage, rule } => words(&["催办", stage.as_str(), &by_rule(Some(rule))]),
        EventBody::ExtensionRequested { extra, reason } => format!("+{extra}: {reason}"),
        EventBody::ExtensionApproved { extra, due_at, .. } => {
            format!("+{extra} granted, due {}", clock(*due_at))
        }
        EventBody::DuplicatesSuggested { candidates, .. } => {
            format!("possible duplicate of {}", id_list(candidates))
        }
        EventBody::Grouped { parent, .. } => format!("in storm {parent}"),
        EventBody::GroupAdded { child } => format!("+ {child}"),
        EventBody::CalledBack {
            satisfaction,
            attributable,
            ..
        } => format!(
            "{}{}",
            satisfaction.as_str(),
            if *attributable { ", attributable" } else { "" }
        ),
        EventBody::Redacted { fields, rule } => words(&["removed", &fields.join(", "), &by_rule(Some(rule))]),
        EventBody::SlaWarning { stage, .. } | EventBody::SlaBreached { stage, .. } => {
            stage.as_str().to_owned()
        }
    }
}

/// What a source's revision changed: `title → …; category → …; place →
/// …`, or that only its facts (message id, expiry) moved on.
fn amended(title: Option<&str>, category: Option<&str>, place: Option<&Place>, origin: bool) -> String {
    let mut parts = Vec::new();
    if let Some(t) = title {
        parts.push(format!("title → {t}"));
    }
    if let Some(c) = category {
        parts.push(format!("category → {c}"));
    }
    if let Some(p) = place {
        let at = p
            .address
            .clone()
            .or_else(|| p.district.clone())
            .unwrap_or_else(|| "-".to_owned());
        parts.push(format!("place → {at}"));
    }
    if parts.is_empty() && origin {
        parts.push("the source's message updated".to_owned());
    }
    parts.join("; ")
}

/// `HH:MM:SSZ`: UTC, as the log keeps it, said so a reader in another
/// zone is not misled.
pub fn clock(t: Timestamp) -> String {
    format!("{:02}:{:02}:{:02}Z", t.hour(), t.minute(), t.second())
}

/// The parts that have something to say, one space apart.
fn words(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn by_rule(rule: Option<&str>) -> String {
    rule.filter(|r| !r.is_empty())
        .map(|r| format!("by rule {r}"))
        .unwrap_or_default()
}

/// A tier or supervision level as the wire spells it (`district`, `red`).
fn lower(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}").to_lowercase()
}

/// The deadline of the stage an event starts; `None` means that stage
/// runs without a clock.
fn due(at: Option<Timestamp>) -> String {
    at.map_or_else(|| "no deadline".to_owned(), |t| format!("due {}", clock(t)))
}

fn id_list(ids: &[ItemId]) -> String {
    ids.iter().map(ItemId::as_str).collect::<Vec<_>>().join(", ")
}

/// The service's phone number (110, 119 …), as the wire and people say it.
fn service(s: EmergencyService) -> &'static str {
    match s {
        EmergencyService::Police => "110",
        EmergencyService::Fire => "119",
        EmergencyService::Ambulance => "120",
        EmergencyService::Traffic => "122",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Supervision, Tier};
    use time::macros::datetime;

    fn text(body: EventBody) -> String {
        let names = Departments::new([("water".to_owned(), "供水公司".to_owned())]);
        event_text(&body, &names)
    }

    #[test]
    fn departments_read_as_names_and_rules_are_named() {
        let body = EventBody::Dispatched {
            department: "water".into(),
            rule: Some("route:C26".into()),
            due_at: None,
            warn_at: None,
        };
        assert_eq!(text(body), "→ 供水公司 by rule route:C26");
        let body = EventBody::Returned {
            reason: "非本单位职责".into(),
            department: Some("water".into()),
            due_at: None,
            warn_at: None,
            returns: 3,
        };
        assert_eq!(text(body), "退单 #3 by 供水公司: 非本单位职责");
    }

    #[test]
    fn events_that_start_a_stage_say_its_deadline() {
        let due_at = Some(datetime!(2026-11-29 09:30 UTC));
        let accepted = EventBody::Accepted {
            due_at,
            warn_at: None,
        };
        assert_eq!(text(accepted), "due 09:30:00Z");
        let signed = EventBody::Signed {
            due_at: None,
            warn_at: None,
        };
        assert_eq!(text(signed), "no deadline");
    }

    #[test]
    fn levels_are_lower_case_but_free_text_stays_as_typed() {
        let body = EventBody::Escalated {
            from: Tier::Street,
            to: Tier::District,
            reason: "Returned 3 times".into(),
            designate: true,
            rule: None,
        };
        assert_eq!(text(body), "street → district Returned 3 times 指定承办");
        let body = EventBody::Supervised {
            from: Supervision::None,
            level: Supervision::Red,
            rule: Some("ladder:2".into()),
        };
        assert_eq!(text(body), "督办 none → red by rule ladder:2");
    }

    #[test]
    fn emergency_services_read_as_their_numbers() {
        let to = EmergencyService::Fire;
        assert_eq!(text(EventBody::Transferred { to }), "→ 119");
        let target = LinkTarget::Emergency(EmergencyService::Police);
        assert_eq!(text(EventBody::Linked { target }), "↔ 110");
    }
}
