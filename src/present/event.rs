//! One wording for every event, shared by the console's history and
//! `tail`'s lines. The match below is exhaustive on purpose: a new event
//! kind does not compile until someone has decided what it says.

use super::i18n::Lang;
use super::labels;
use super::names::Departments;
use crate::model::{EventBody, ItemId, LinkTarget, Place, Satisfaction, Supervision, Timestamp};
use crate::t;

/// What happened, in a few words in `lang`; department codes read as
/// names where `departments` knows them. Never empty: the event's name
/// alone is a poor summary, and a blank line reads as "nothing here".
/// Free text (reasons, notes, summaries) stays as it was typed.
pub fn event_text(body: &EventBody, departments: &Departments, lang: Lang) -> String {
    match body {
        EventBody::Created(c) => words(&[&labels::kind(lang, c.kind), &c.category, &c.priority.to_string()]),
        EventBody::Accepted { due_at, .. }
        | EventBody::Signed { due_at, .. }
        | EventBody::Resumed { due_at, .. } => due(*due_at, lang),
        EventBody::Dispatched { department, rule, .. } => words(&[
            &format!("→ {}", departments.name(department)),
            &by_rule(rule.as_deref(), lang),
        ]),
        EventBody::Returned {
            reason,
            department,
            returns,
            ..
        } => {
            let from = department.as_deref().map_or("-", |d| departments.name(d));
            t!(lang, "ev-returned", n = *returns, from = from, reason = reason)
        }
        EventBody::Rejected { reason }
        | EventBody::Reopened { reason, .. }
        | EventBody::Parked { reason }
        | EventBody::ExtensionDenied { reason } => reason.clone(),
        EventBody::Resolved { summary, .. } => summary.clone(),
        EventBody::Verified { passed, note, .. } => words(&[
            &if *passed {
                t!(lang, "ev-pass")
            } else {
                t!(lang, "ev-fail")
            },
            note,
        ]),
        EventBody::Escalated {
            from,
            to,
            reason,
            designate,
            rule,
        } => words(&[
            &labels::tier(lang, *from),
            "→",
            &labels::tier(lang, *to),
            reason,
            &if *designate {
                t!(lang, "ev-designate")
            } else {
                String::new()
            },
            &by_rule(rule.as_deref(), lang),
        ]),
        EventBody::Supervised { from, level, rule } => words(&[
            &t!(lang, "ev-supervised"),
            &level_name(lang, *from),
            "→",
            &level_name(lang, *level),
            &by_rule(rule.as_deref(), lang),
        ]),
        EventBody::PrioritySet { from, to, .. } => format!("{from} → {to}"),
        EventBody::Claimed { owner, until } => {
            t!(lang, "ev-claimed", owner = owner, until = clock(*until))
        }
        EventBody::Released { owner } => owner.clone(),
        EventBody::Merged { into } => t!(lang, "ev-merged", into = into.as_str()),
        EventBody::Absorbed { from, callers } => t!(
            lang,
            "ev-absorbed",
            from = from.as_str(),
            callers = t!(lang, "n-callers", n = callers.len())
        ),
        EventBody::Linked { target } => match target {
            LinkTarget::Item(id) => format!("↔ {id}"),
            LinkTarget::Emergency(s) => format!("↔ {}", labels::service(lang, *s)),
        },
        EventBody::Noted { text } => text.clone(),
        EventBody::Answered { answer, entry: None } => answer.clone(),
        EventBody::Answered {
            answer,
            entry: Some(entry),
        } => t!(lang, "ev-answered-entry", answer = answer, entry = entry),
        EventBody::Transferred { to } => format!("→ {}", labels::service(lang, *to)),
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
            lang,
        ),
        EventBody::Cleared => t!(lang, "ev-cleared"),
        EventBody::Chased { stage, rule } => words(&[
            &t!(lang, "ev-chased"),
            &labels::stage(lang, stage.as_str()),
            &by_rule(Some(rule), lang),
        ]),
        EventBody::ExtensionRequested { extra, reason } => format!("+{extra}: {reason}"),
        EventBody::ExtensionApproved { extra, due_at, .. } => t!(
            lang,
            "ev-extension-approved",
            extra = extra.to_string(),
            due = clock(*due_at)
        ),
        EventBody::DuplicatesSuggested { candidates, .. } => {
            t!(lang, "ev-duplicates", ids = id_list(candidates))
        }
        EventBody::Grouped { parent, .. } => t!(lang, "ev-grouped", parent = parent.as_str()),
        EventBody::GroupAdded { child } => format!("+ {child}"),
        EventBody::CalledBack {
            satisfaction,
            attributable,
            ..
        } => {
            let said = satisfaction_name(lang, *satisfaction);
            if *attributable {
                t!(lang, "ev-called-back-attributable", satisfaction = said)
            } else {
                said
            }
        }
        EventBody::Redacted { fields, rule } => words(&[
            &t!(lang, "ev-redacted"),
            &fields.join(", "),
            &by_rule(Some(rule), lang),
        ]),
        EventBody::SlaWarning { stage, .. } | EventBody::SlaBreached { stage, .. } => {
            labels::stage(lang, stage.as_str())
        }
    }
}

/// What a source's revision changed: `title → …; category → …; place →
/// …`, or that only its facts (message id, expiry) moved on.
fn amended(
    title: Option<&str>,
    category: Option<&str>,
    place: Option<&Place>,
    origin: bool,
    lang: Lang,
) -> String {
    let mut parts = Vec::new();
    if let Some(t) = title {
        parts.push(format!("{} → {t}", t!(lang, "ev-field-title")));
    }
    if let Some(c) = category {
        parts.push(format!("{} → {c}", t!(lang, "ev-field-category")));
    }
    if let Some(p) = place {
        let at = p
            .address
            .clone()
            .or_else(|| p.district.clone())
            .unwrap_or_else(|| "-".to_owned());
        parts.push(format!("{} → {at}", t!(lang, "ev-field-place")));
    }
    if parts.is_empty() && origin {
        parts.push(t!(lang, "ev-source-updated"));
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

fn by_rule(rule: Option<&str>, lang: Lang) -> String {
    rule.filter(|r| !r.is_empty())
        .map(|r| t!(lang, "ev-by-rule", rule = r))
        .unwrap_or_default()
}

/// A supervision level, `none` included (where a card was raised from).
fn level_name(lang: Lang, level: Supervision) -> String {
    let wire = format!("{level:?}").to_lowercase();
    super::i18n::tr(lang, &format!("level-{wire}"))
}

fn satisfaction_name(lang: Lang, s: Satisfaction) -> String {
    super::i18n::tr(lang, &format!("satisfaction-{}", s.as_str()))
}

/// The deadline of the stage an event starts; `None` means that stage
/// runs without a clock.
fn due(at: Option<Timestamp>, lang: Lang) -> String {
    at.map_or_else(
        || t!(lang, "ev-no-deadline"),
        |at| t!(lang, "ev-due", at = clock(at)),
    )
}

fn id_list(ids: &[ItemId]) -> String {
    ids.iter().map(ItemId::as_str).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EmergencyService, Supervision, Tier};
    use time::macros::datetime;

    fn text(body: EventBody) -> String {
        let names = Departments::new([("water".to_owned(), "供水公司".to_owned())]);
        event_text(&body, &names, Lang::En)
    }

    fn zh(body: EventBody) -> String {
        let names = Departments::new([("water".to_owned(), "供水公司".to_owned())]);
        event_text(&body, &names, Lang::ZhCn)
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
        assert_eq!(text(body.clone()), "return #3 by 供水公司: 非本单位职责");
        assert_eq!(zh(body), "第 3 次退单，退单单位 供水公司：非本单位职责");
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
        assert_eq!(text(signed.clone()), "no deadline");
        assert_eq!(zh(signed), "无时限");
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
        assert_eq!(
            text(body.clone()),
            "street → district Returned 3 times designate handler"
        );
        assert_eq!(zh(body), "街道 → 区 Returned 3 times 指定承办");
        let body = EventBody::Supervised {
            from: Supervision::None,
            level: Supervision::Red,
            rule: Some("ladder:2".into()),
        };
        assert_eq!(text(body.clone()), "supervised none → red by rule ladder:2");
        assert_eq!(zh(body), "督办 无 → 红牌 规则 ladder:2");
    }

    #[test]
    fn emergency_services_read_as_their_names_and_numbers() {
        let to = EmergencyService::Fire;
        assert_eq!(text(EventBody::Transferred { to }), "→ fire 119");
        assert_eq!(zh(EventBody::Transferred { to }), "→ 消防 119");
        let target = LinkTarget::Emergency(EmergencyService::Police);
        assert_eq!(text(EventBody::Linked { target }), "↔ police 110");
    }
}
