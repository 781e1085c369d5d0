//! A server error's `message` in the reader's language. The `code` and
//! `details` never change (scripts and clients act on those); only the
//! words for people do. Messages built from typed details (a conflict, a
//! claim, a refusal) are whole sentences in each language; for a code
//! whose English message names the field or value at fault, that message
//! follows the translated one, since it quotes the request.

use super::i18n::{Lang, tr};
use super::labels;
use crate::api::{ErrorDetail, ForbiddenDetails, TransitionDetails, codes, not_found as api_not_found};
use crate::model::Rule;
use crate::t;

/// Codes whose English message quotes the request (a field, a value).
const QUOTES_REQUEST: &[&str] = &[
    "invalid",
    "invalid_body",
    "malformed_json",
    "malformed",
    "bad_query",
];

/// The message for `detail` in `lang`; `None` where it should stay as the
/// server wrote it (English, or a code no catalog knows).
pub fn error_message(lang: Lang, detail: &ErrorDetail) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let typed = match detail.code.as_str() {
        codes::CONFLICT => detail.conflict().map(|c| {
            let by = c
                .changed_by
                .map(|b| {
                    t!(
                        lang,
                        "error-conflict-by",
                        who = b.actor,
                        event = labels::event(lang, &b.event_type)
                    )
                })
                .unwrap_or_default();
            t!(
                lang,
                "error-conflict",
                expected = c.expected_version,
                current = c.current_version,
                by = by
            )
        }),
        codes::CLAIMED => detail.claimed().map(|c| {
            let until = format!("{:02}:{:02}", c.until.hour(), c.until.minute());
            t!(lang, "error-claimed", owner = c.owner, until = until)
        }),
        codes::FORBIDDEN => detail.forbidden().map(|f| forbidden(lang, &f)),
        codes::INVALID_TRANSITION => detail.invalid_transition().map(|d| transition(lang, &d)),
        codes::INVALID => detail.rule().map(|r| rule(lang, &r)),
        codes::NOT_FOUND => not_found(lang, &detail.message),
        _ => None,
    };
    if typed.is_some() {
        return typed;
    }
    let key = format!("error-{}", detail.code.replace('_', "-"));
    let text = tr(lang, &key);
    if text == key {
        return None;
    }
    Some(if QUOTES_REQUEST.contains(&detail.code.as_str()) {
        t!(
            lang,
            "error-with-detail",
            text = text,
            detail = detail.message.as_str()
        )
    } else {
        text
    })
}

/// A 404 the server words in one of the known ways; `None` for the rest
/// (which read as the plain "not found").
fn not_found(lang: Lang, message: &str) -> Option<String> {
    if message == api_not_found::CITY_MAP {
        return Some(t!(lang, "error-not-found-city-map"));
    }
    if message == api_not_found::ENDPOINT {
        return Some(t!(lang, "error-not-found-endpoint"));
    }
    let rest = message.strip_prefix(api_not_found::ITEM)?;
    // `no item "tkt-9x": ids look like TKT-0981` quotes what was asked.
    let id = rest.split(':').next().unwrap_or(rest).trim().trim_matches('"');
    Some(t!(lang, "error-not-found-item", id = id))
}

fn forbidden(lang: Lang, f: &ForbiddenDetails) -> String {
    match f {
        ForbiddenDetails::Action { role, action } => t!(
            lang,
            "error-forbidden-action",
            role = labels::role(lang, *role),
            verb = verb(lang, *action)
        ),
        ForbiddenDetails::Endpoint { role, .. } => {
            t!(lang, "error-forbidden-endpoint", role = labels::role(lang, *role))
        }
        ForbiddenDetails::Create { role } => {
            t!(lang, "error-forbidden-create", role = labels::role(lang, *role))
        }
        ForbiddenDetails::Designate { .. } => t!(lang, "error-forbidden-designate"),
        ForbiddenDetails::Department { .. } => t!(lang, "error-forbidden-department"),
    }
}

fn transition(lang: Lang, d: &TransitionDetails) -> String {
    match d {
        TransitionDetails::Status {
            status,
            action,
            allowed,
        } => {
            let allowed: Vec<String> = allowed.iter().map(|a| verb(lang, *a)).collect();
            t!(
                lang,
                "error-transition-status",
                status = labels::status(lang, *status),
                verb = verb(lang, *action),
                allowed = allowed.join("、")
            )
        }
        TransitionDetails::Kind { kind, action } => t!(
            lang,
            "error-transition-kind",
            kind = labels::kind(lang, *kind),
            verb = verb(lang, *action)
        ),
    }
}

/// A rule's refusal, worded whole; ids and department codes as they are.
fn rule(lang: Lang, r: &Rule) -> String {
    match r {
        Rule::UnknownDepartment { department } => {
            t!(lang, "rule-unknown-department", department = department)
        }
        Rule::AlreadyDispatched { department } => {
            t!(lang, "rule-already-dispatched", department = department)
        }
        Rule::NoClock => t!(lang, "rule-no-clock"),
        Rule::ExtensionPending => t!(lang, "rule-extension-pending"),
        Rule::NoExtensionPending => t!(lang, "rule-no-extension-pending"),
        Rule::DeadlineTooFar { date, days } => t!(lang, "rule-deadline-too-far", date = date, days = *days),
        Rule::TopTier => t!(lang, "rule-top-tier"),
        Rule::SupervisionUnchanged {
            level: crate::model::Supervision::None,
        } => t!(lang, "rule-supervision-none"),
        Rule::SupervisionUnchanged { level } => {
            t!(
                lang,
                "rule-supervision-unchanged",
                level = labels::card(lang, *level)
            )
        }
        Rule::PriorityUnchanged { priority } => {
            t!(lang, "rule-priority-unchanged", priority = priority.to_string())
        }
        Rule::NotClaimed => t!(lang, "rule-not-claimed"),
        Rule::UnknownItem { id } => t!(lang, "rule-unknown-item", id = id.as_str()),
        Rule::ItSelf => t!(lang, "rule-itself"),
        Rule::MergeKinds { from, into } => t!(
            lang,
            "rule-merge-kinds",
            from = labels::kind(lang, *from),
            into = labels::kind(lang, *into)
        ),
        Rule::MergeTargetClosed { target, status } => t!(
            lang,
            "rule-merge-target-closed",
            target = target.as_str(),
            status = labels::status(lang, *status)
        ),
        Rule::AlreadyLinked => t!(lang, "rule-already-linked"),
        Rule::FingerprintNotAlert => t!(lang, "rule-fingerprint-not-alert"),
        Rule::RaiseKinds => t!(lang, "rule-raise-kinds"),
        Rule::RaiseFromClosed { from, status } => t!(
            lang,
            "rule-raise-from-closed",
            from = from.as_str(),
            status = labels::status(lang, *status)
        ),
    }
}

fn verb(lang: Lang, action: crate::model::ActionName) -> String {
    labels::verb(lang, crate::model::verbs::Verb::of(action).command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionName, Role, Status};

    fn detail(code: &str, message: &str, details: serde_json::Value) -> ErrorDetail {
        ErrorDetail {
            code: code.into(),
            message: message.into(),
            details,
        }
    }

    #[test]
    fn english_keeps_the_servers_words() {
        let d = detail("not_found", "no item TKT-9", serde_json::Value::Null);
        assert_eq!(error_message(Lang::En, &d), None);
    }

    #[test]
    fn a_refused_transition_reads_as_a_chinese_sentence_from_its_details() {
        let details = serde_json::to_value(TransitionDetails::Status {
            status: Status::Closed,
            action: ActionName::Dispatch,
            allowed: vec![ActionName::Reopen],
        })
        .expect("json");
        let d = detail(
            codes::INVALID_TRANSITION,
            "cannot dispatch a closed item",
            details,
        );
        let zh = error_message(Lang::ZhCn, &d).expect("translated");
        assert_eq!(zh, "事项当前为“已办结”，不能派遣；可执行：重启");
        let details = serde_json::to_value(ForbiddenDetails::Action {
            role: Role::Agent,
            action: ActionName::Supervise,
        })
        .expect("json");
        let d = detail(codes::FORBIDDEN, "agent may not supervise", details);
        assert_eq!(
            error_message(Lang::ZhCn, &d).as_deref(),
            Some("接线员无权执行“督办”")
        );
    }

    #[test]
    fn a_missing_item_map_or_endpoint_is_said_whole_in_chinese() {
        let d = detail("not_found", "no item TKT-9", serde_json::Value::Null);
        assert_eq!(error_message(Lang::ZhCn, &d).as_deref(), Some("没有事项 TKT-9"));
        let d = detail("not_found", api_not_found::CITY_MAP, serde_json::Value::Null);
        let zh = error_message(Lang::ZhCn, &d).expect("worded");
        assert!(zh.contains("城市"), "{zh}");
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        let d = detail(
            "not_found",
            "operator: no active operator \"x\"",
            serde_json::Value::Null,
        );
        assert_eq!(error_message(Lang::ZhCn, &d).as_deref(), Some("未找到"));
    }

    #[test]
    fn a_code_that_quotes_the_request_keeps_the_quote_and_an_unknown_code_stays() {
        let d = detail("invalid", "unknown department \"gas2\"", serde_json::Value::Null);
        assert_eq!(
            error_message(Lang::ZhCn, &d).as_deref(),
            Some("请求内容不可接受：unknown department \"gas2\"")
        );
        let d = detail("brand_new_code", "something", serde_json::Value::Null);
        assert_eq!(error_message(Lang::ZhCn, &d), None);
    }
}
