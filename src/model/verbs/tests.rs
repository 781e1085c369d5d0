use super::*;
use crate::model::action::{Action, LinkTarget};
use crate::model::status::{EmergencyService, Satisfaction};

/// A word each parameter kind accepts, to build every verb from words.
fn sample(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::Department => "water",
        ParamKind::Item => "tkt-0012",
        ParamKind::LinkTarget => "120",
        ParamKind::Emergency => "119",
        ParamKind::Priority => "p1",
        ParamKind::Supervision => "yellow",
        ParamKind::Satisfaction => "basic",
        ParamKind::PassFail => "fail",
        ParamKind::Flag => "attributable",
        ParamKind::Limit => "2wd",
        ParamKind::Text => "仍有积水 请复查",
    }
}

#[test]
fn every_action_name_has_exactly_one_verb_row() {
    for name in ActionName::ALL {
        let rows = VERBS.iter().filter(|v| v.name == name).count();
        assert_eq!(rows, 1, "{name}");
        assert_eq!(Verb::of(name).name, name);
    }
}

#[test]
fn every_verb_builds_its_action_from_words_with_every_parameter() {
    for verb in &VERBS {
        let words: Vec<&str> = verb.params.iter().map(|p| sample(p.kind)).collect();
        let action = parse_words(verb, &words.join(" ")).unwrap_or_else(|e| panic!("{}: {e}", verb.command));
        assert_eq!(action.name(), verb.name, "{}", verb.command);
        // Every parameter reached the wire under its own name.
        let json = serde_json::to_value(&action).expect("json");
        for p in verb.params {
            assert!(
                json.get(p.name).is_some(),
                "{}: {} missing in {json}",
                verb.command,
                p.name
            );
        }
    }
}

#[test]
fn spellings_are_unique_across_verbs() {
    let mut seen = std::collections::BTreeSet::new();
    for verb in &VERBS {
        let mut words = vec![verb.command, verb.name.as_str()];
        words.extend(verb.aliases);
        words.dedup();
        for w in words {
            assert!(seen.insert(w), "{w} names two verbs");
        }
    }
}

#[test]
fn words_fill_parameters_in_order_and_text_takes_the_rest() {
    let verify = Verb::of(ActionName::Verify);
    assert_eq!(
        parse_words(verify, "fail 仍有 积水"),
        Ok(Action::Verify {
            passed: false,
            note: "仍有 积水".into()
        })
    );
    let callback = Verb::of(ActionName::Callback);
    assert_eq!(
        parse_words(callback, "unsatisfied 仍有异味"),
        Ok(Action::Callback {
            satisfaction: Satisfaction::Unsatisfied,
            attributable: false,
            note: "仍有异味".into()
        })
    );
    let link = Verb::of(ActionName::Link);
    assert_eq!(
        parse_words(link, "tkt-0001"),
        Ok(Action::Link {
            target: LinkTarget::Item(crate::model::ItemId::parse("TKT-0001").expect("id"))
        })
    );
    assert_eq!(
        parse_words(Verb::of(ActionName::Transfer), "110"),
        Ok(Action::Transfer {
            to: EmergencyService::Police
        })
    );
    assert_eq!(
        parse_words(Verb::find("esc").expect("alias"), "三次退单"),
        Ok(Action::Escalate {
            reason: "三次退单".into()
        })
    );
    assert!(
        parse_words(Verb::find("esc").expect("alias"), "")
            .expect_err("an escalation says why")
            .is_missing()
    );
}

#[test]
fn missing_and_bad_words_say_what_the_verb_takes() {
    let reject = Verb::of(ActionName::Reject);
    let missing = parse_words(reject, " ").expect_err("no reason");
    assert!(missing.is_missing());
    assert_eq!(missing.to_string(), ":reject needs <reason>: :reject <reason>");
    let bad = parse_words(Verb::of(ActionName::Supervise), "purple").expect_err("no such card");
    assert!(!bad.is_missing());
    assert!(bad.to_string().contains("none|normal|yellow|red"), "{bad}");
    let extend = parse_words(Verb::of(ActionName::RequestExtension), "soon 等待").expect_err("limit");
    assert!(!extend.is_missing(), "{extend}");
    let extra = parse_words(Verb::of(ActionName::Accept), "now").expect_err("accept takes nothing");
    assert!(extra.to_string().contains("nothing more"), "{extra}");
    assert!(parse_words(Verb::of(ActionName::Merge), "TKT").is_err());
}

#[test]
fn usage_is_derived_from_the_parameters() {
    let usage = |n| Verb::of(n).usage();
    assert_eq!(usage(ActionName::Dispatch), "<department>");
    assert_eq!(usage(ActionName::Verify), "pass|fail [note]");
    assert_eq!(usage(ActionName::Escalate), "<reason>");
    assert_eq!(
        usage(ActionName::Callback),
        "satisfied|basic|unsatisfied [attributable] [note]"
    );
    assert_eq!(usage(ActionName::Link), "<item id>|110|119|120|122");
    assert_eq!(usage(ActionName::RequestExtension), "<limit> <reason>");
    assert_eq!(usage(ActionName::Claim), "");
}

#[test]
fn states_and_kinds_come_from_the_row() {
    use crate::model::Kind;
    use crate::model::Status;
    let answer = Verb::of(ActionName::Answer);
    assert!(answer.allows(Kind::Ticket, Status::New));
    assert!(!answer.allows(Kind::Incident, Status::New));
    assert!(!answer.allows(Kind::Ticket, Status::Dispatched));
    let note = Verb::of(ActionName::Note);
    assert!(note.allows(Kind::Alert, Status::Closed));
    let claim = Verb::of(ActionName::Claim);
    assert!(claim.allows(Kind::Alert, Status::Parked));
    assert!(!claim.allows(Kind::Alert, Status::Merged));
}
