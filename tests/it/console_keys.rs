//! Update tests: key strings in, state out, for every binding of the
//! default keymap.

use crate::console_fixture::{app, select};
use citydesk::console::action::Action;
use citydesk::console::app::intake::{Field, IntakeForm};
use citydesk::console::app::panes::PaneKind;
use citydesk::console::app::{App, InputKind, InputLine, Mode, OnYes, Pending, update};
use citydesk::console::keymap::{Context, Key, Keymap};
use citydesk::console::msg::{Effect, Msg};
use citydesk::model::{Action as ItemAction, ItemId};

/// Presses a space-separated key string; returns every effect.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in keys.split_whitespace() {
        effects.extend(update(app, Msg::Key(Key::parse(k).expect("key"))));
        app.prepare();
    }
    effects
}

fn acts(effects: &[Effect]) -> Vec<(String, ItemAction)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Act { id, request, .. } => Some((id.to_string(), request.action.clone())),
            _ => None,
        })
        .collect()
}

fn form(app: &App) -> &IntakeForm {
    app.ui.intake.as_ref().expect("an open form")
}

fn input_text(app: &App) -> Option<(InputKind, String)> {
    match &app.ui.mode {
        Mode::Input(l) => Some((l.kind, l.text.clone())),
        _ => None,
    }
}

/// The item each item action can be taken on in the fixture city.
fn target(action: &Action) -> (PaneKind, &'static str) {
    use citydesk::model::ActionName as A;
    let verb = match action {
        Action::Verb(k) => Some(k.verb),
        _ => None,
    };
    match (action, verb) {
        (Action::Submit, _) | (_, Some(A::Sign | A::Return | A::ApproveExtension | A::Dispatch)) => {
            (PaneKind::Incidents, "INC-0409")
        }
        (_, Some(A::Verify)) => (PaneKind::Incidents, "INC-0415"),
        (_, Some(A::Resume | A::Clear)) => (PaneKind::Alerts, "ALR-0008"),
        (Action::MergeDuplicate, _) => (PaneKind::Tickets, "TKT-0996"),
        (_, Some(A::Release)) => (PaneKind::Tickets, "TKT-0990"),
        (_, Some(A::Answer | A::Transfer)) => (PaneKind::Tickets, "TKT-0981"),
        (Action::Up | Action::PageUp | Action::Top, _) => (PaneKind::Incidents, "INC-0415"),
        _ => (PaneKind::Incidents, "INC-0412"),
    }
}

/// Puts the app where a binding of `ctx` applies.
fn enter(app: &mut App, ctx: Context) {
    match ctx {
        Context::Global | Context::List => {}
        Context::Detail => {
            app.ui.mode = Mode::Detail {
                id: ItemId::parse("INC-0412").expect("id"),
                scroll: 2,
            }
        }
        Context::Input => {
            app.ui.history = vec!["accept".into(), "dispatch water".into()];
            app.ui.mode = Mode::Input(InputLine::new(InputKind::Command, "dispatch wa"));
        }
        Context::Confirm => {
            let req = citydesk::api::ActionRequest::new(ItemAction::Accept {}, 1);
            let id = ItemId::parse("INC-0412").expect("id");
            app.ui.mode = Mode::Confirm(Pending {
                prompt: "sure?".into(),
                requests: vec![(id, req, "accept".into())],
                on_yes: OnYes::Send,
            });
        }
        Context::Help => {
            press(app, "?");
            app.ui.help.scroll = 2;
            app.ui.help.query = "item".into();
        }
        Context::Form => {
            let mut form = IntakeForm::new(citydesk::model::Kind::Ticket);
            form.set(Field::Phone, "138");
            app.ui.intake = Some(form);
            app.ui.mode = Mode::Form;
        }
        Context::Map => {
            // The city map, its cursor on the most urgent mark, zoomed once.
            crate::console_fixture::with_map(app);
            press(app, "W");
            press(app, "]");
            press(app, "+");
        }
        Context::Picker => {
            // The priority picker on the selected item, second row chosen
            // and one character typed, so every key has something to move.
            press(app, "p");
            press(app, "down");
            if let Mode::Pick(p) = &mut app.ui.mode {
                p.filter = "P".into();
            }
        }
    }
}

/// The picker's selected row and filter, if a picker is open.
fn picked(app: &App) -> Option<(usize, String)> {
    match &app.ui.mode {
        Mode::Pick(p) => Some((p.selected_index(), p.filter.clone())),
        _ => None,
    }
}

/// Checks that `action`, pressed as `keys` in `ctx`, did what it says.
fn check(ctx: Context, keys: &str, action: &Action) {
    let mut app = app();
    let (pane, id) = target(action);
    select(&mut app, pane, id);
    // A filter to clear or to show in the line; for other keys none, since
    // the rows follow the filters at once.
    if matches!(action, Action::Filter | Action::ClearFilter) {
        app.ui.filters.text = "x".into();
    }
    app.ui.marked.insert(ItemId::parse("TKT-0981").expect("id"));
    if !matches!(action, Action::ToggleMark | Action::ClearMarks) {
        app.ui.marked.clear();
    }
    if *action == Action::ShowMap {
        crate::console_fixture::with_map(&mut app);
    }
    enter(&mut app, ctx);
    let before_focus = app.ui.focus;
    let before_cursor = app.ui.map.cursor;
    let before_index = app.ui.cursors.get(&app.ui.focus).map(|c| c.index).unwrap_or(0);
    // Carding is a supervisor's: the key must open its picker, not a refusal.
    if matches!(action, Action::Verb(k) if k.verb == citydesk::model::ActionName::Supervise) {
        app.session.me.role = citydesk::model::Role::Supervisor;
    }
    let effects = press(&mut app, keys);
    let case = format!("{ctx:?} {keys:?} → {action:?}");
    let index = app.ui.cursors.get(&app.ui.focus).map(|c| c.index).unwrap_or(0);
    match action {
        Action::ShowMap => assert_eq!(app.ui.focus, PaneKind::Map, "{case}: {:?}", app.ui.status),
        Action::MapLeft | Action::MapRight | Action::MapUp | Action::MapDown => {
            assert_ne!(app.ui.map.cursor, before_cursor, "{case}")
        }
        Action::MapZoomIn => assert_eq!(app.ui.map.zoom, 2, "{case}"),
        Action::MapZoomOut => assert_eq!(app.ui.map.zoom, 0, "{case}"),
        Action::MapFit => assert_eq!((app.ui.map.zoom, app.ui.map.cursor), (0, None), "{case}"),
        Action::MapNextMark | Action::MapPrevMark => {
            assert_ne!(app.ui.map.cursor, before_cursor, "{case}: to another mark");
            assert!(app.current().is_some(), "{case}: an item under it is picked");
        }
        Action::MapPickNext => assert_eq!(app.ui.map.pick, 1, "{case}: the second item here"),
        Action::MapPickPrev => assert_eq!(app.ui.map.pick, 0, "{case}"),
        Action::MapHeat => assert!(app.ui.map.heat, "{case}"),
        Action::Quit => assert!(app.quit && effects.contains(&Effect::Quit), "{case}"),
        Action::Help => assert!(matches!(app.ui.mode, Mode::Help), "{case}"),
        Action::Cancel if ctx == Context::Form => assert!(
            matches!(&app.ui.mode, Mode::Confirm(p) if p.on_yes == OnYes::DropForm),
            "{case}: a filled form asks before it is dropped"
        ),
        Action::Cancel => assert_eq!(app.ui.mode, Mode::Normal, "{case}"),
        Action::Up | Action::PageUp | Action::Top if ctx == Context::Picker => {
            assert_eq!(picked(&app), Some((0, "P".into())), "{case}")
        }
        Action::Down if ctx == Context::Picker => assert_eq!(picked(&app), Some((2, "P".into())), "{case}"),
        Action::PageDown | Action::Bottom if ctx == Context::Picker => {
            assert_eq!(picked(&app), Some((3, "P".into())), "{case}")
        }
        Action::DeleteBack if ctx == Context::Picker => {
            assert_eq!(
                picked(&app),
                Some((0, String::new())),
                "{case}: the filter shrinks"
            )
        }
        Action::Submit if ctx == Context::Picker => {
            let sent = acts(&effects);
            assert_eq!(
                sent,
                vec![(
                    id.to_owned(),
                    ItemAction::SetPriority {
                        priority: citydesk::model::Priority::P2
                    }
                )],
                "{case}: the selected row is sent"
            );
        }
        Action::DeleteBack if ctx == Context::Form => {
            assert_eq!(form(&app).value(Field::Phone), "13", "{case}")
        }
        Action::NewCall => {
            assert_eq!(app.ui.mode, Mode::Form, "{case}");
            assert_eq!(form(&app).focus, Field::Phone, "{case}");
        }
        Action::NextField | Action::FormEnter => assert_eq!(form(&app).focus, Field::Name, "{case}"),
        Action::PrevField => assert_eq!(form(&app).focus, Field::Priority, "{case}"),
        Action::Knowledge => assert_eq!(app.ui.mode, Mode::Knowledge, "{case}"),
        Action::AddToOpen => {
            let said = app.ui.status.as_ref().map(|s| s.1.clone()).unwrap_or_default();
            assert!(said.contains("no open item"), "{case}: {said}");
        }
        Action::AnswerFromKnowledge => {
            let said = app.ui.status.as_ref().map(|s| s.1.clone()).unwrap_or_default();
            assert!(said.contains("no knowledge entry yet"), "{case}: {said}");
        }
        Action::TakeSuggestion(n) => {
            let said = app.ui.status.as_ref().map(|s| s.1.clone()).unwrap_or_default();
            assert!(said.contains(&format!("no suggestion {n} yet")), "{case}: {said}");
        }
        Action::LeaveForm => {
            assert_eq!(app.ui.mode, Mode::Normal, "{case}");
            assert!(app.ui.intake.is_some(), "{case}: the form stays open");
        }
        Action::SaveForm => {
            assert!(effects.is_empty(), "{case}: nothing is sent from a half form");
            let f = form(&app);
            assert!(
                !f.errors.is_empty() || f.error.is_some(),
                "{case}: the form says what is missing"
            );
        }
        Action::Up | Action::PageUp | Action::Top if ctx == Context::Help => {
            assert!(app.ui.help.scroll < 2, "{case}: {}", app.ui.help.scroll)
        }
        Action::Down | Action::PageDown | Action::Bottom if ctx == Context::Help => {
            assert!(app.ui.help.scroll > 2, "{case}: {}", app.ui.help.scroll)
        }
        Action::Filter if ctx == Context::Help => {
            assert_eq!(
                input_text(&app),
                Some((InputKind::HelpSearch, "item".into())),
                "{case}"
            )
        }
        Action::NextMatch | Action::PrevMatch => {
            let at = app.ui.help.at.expect("a matching line");
            let lines = citydesk::console::app::help::content(&app);
            assert!(lines[at].matches("item"), "{case}: {:?}", lines[at]);
            assert_eq!(app.ui.mode, Mode::Help, "{case}");
        }
        Action::Up | Action::PageUp | Action::Top if ctx == Context::Detail => {
            assert_eq!(
                app.ui.mode,
                Mode::Detail {
                    id: ItemId::parse("INC-0412").expect("id"),
                    scroll: 1
                },
                "{case}"
            )
        }
        Action::Down | Action::PageDown | Action::Bottom if ctx == Context::Detail => {
            assert!(matches!(app.ui.mode, Mode::Detail { scroll: 3, .. }), "{case}")
        }
        Action::Up | Action::PageUp | Action::Top => {
            assert!(index < before_index, "{case}: {before_index}→{index}")
        }
        Action::Down | Action::PageDown | Action::Bottom => assert!(index > before_index, "{case}"),
        Action::NextPane | Action::PrevPane => assert_ne!(app.ui.focus, before_focus, "{case}"),
        Action::Zoom => assert!(app.ui.zoomed, "{case}"),
        Action::Open => {
            assert!(matches!(app.ui.mode, Mode::Detail { .. }), "{case}");
            assert!(
                effects.iter().any(|e| matches!(e, Effect::FetchDetail(_))),
                "{case}"
            );
        }
        Action::Filter => assert_eq!(input_text(&app), Some((InputKind::Filter, "x".into())), "{case}"),
        Action::ClearFilter => assert!(app.ui.filters.is_empty(), "{case}"),
        Action::Command => assert_eq!(
            input_text(&app),
            Some((InputKind::Command, String::new())),
            "{case}"
        ),
        Action::ToggleMark => assert!(app.ui.marked.contains(&ItemId::parse(id).expect("id")), "{case}"),
        Action::ClearMarks => assert!(app.ui.marked.is_empty(), "{case}"),
        Action::FilterDistrict => assert_eq!(app.ui.filters.district.as_deref(), Some("凌河区"), "{case}"),
        Action::FilterCategory => assert_eq!(app.ui.filters.category.as_deref(), Some("C26"), "{case}"),
        Action::FilterPriority => assert!(app.ui.filters.priority.is_some(), "{case}"),
        Action::FilterStatus => assert!(app.ui.filters.status.is_some(), "{case}"),
        Action::Submit => assert_eq!(acts(&effects).len(), 1, "{case}: dispatch wa(ter) is sent"),
        Action::Complete => assert_eq!(
            input_text(&app).map(|t| t.1),
            Some("dispatch wa".into()),
            "{case}"
        ),
        Action::HistoryPrev => assert_eq!(
            input_text(&app).map(|t| t.1),
            Some("dispatch water".into()),
            "{case}"
        ),
        Action::HistoryNext => assert_eq!(input_text(&app).map(|t| t.1), Some(String::new()), "{case}"),
        Action::DeleteBack => assert_eq!(input_text(&app).map(|t| t.1), Some("dispatch w".into()), "{case}"),
        Action::Confirm => assert_eq!(acts(&effects).len(), 1, "{case}"),
        Action::NoteEditor => assert!(
            effects.iter().any(|e| matches!(e, Effect::EditNote { .. })),
            "{case}"
        ),
        Action::Verb(k) if k.verb == citydesk::model::ActionName::Verify && k.words == "pass" => {
            assert!(
                matches!(app.ui.mode, Mode::Confirm(_)),
                "{case}: closing asks first"
            )
        }
        Action::MergeDuplicate => match &app.ui.mode {
            Mode::Confirm(p) => assert!(
                p.prompt.contains("TKT-0996 into TKT-0981"),
                "{case}: {}",
                p.prompt
            ),
            other => panic!("{case}: merging asks first, got {other:?}"),
        },
        Action::Stats => {
            assert!(matches!(app.ui.mode, Mode::Stats { .. }), "{case}");
            assert_eq!(effects, vec![Effect::FetchStats("today".into())], "{case}");
        }
        Action::ToggleChildren => assert!(app.ui.show_children, "{case}"),
        Action::Raise => assert_eq!(
            input_text(&app),
            Some((InputKind::Command, "raise ".into())),
            "{case}"
        ),
        Action::Verb(k)
            if !k.ask && k.words.is_empty() && citydesk::console::app::pickers::opens_picker(k.verb) =>
        {
            match &app.ui.mode {
                Mode::Pick(p) => assert!(p.len() >= 3, "{case}: {} choices", p.len()),
                other => panic!("{case}: a picker opens, got {other:?} ({:?})", app.ui.status),
            }
        }
        Action::Verb(k) => match k.prefill() {
            Some(prefill) => assert_eq!(input_text(&app), Some((InputKind::Command, prefill)), "{case}"),
            None => {
                let sent = acts(&effects);
                assert_eq!(sent.len(), 1, "{case}: {:?}", app.ui.status);
                assert_eq!(sent[0].0, id, "{case}");
                assert_eq!(sent[0].1.name(), k.verb, "{case}");
            }
        },
    }
}

#[test]
fn every_default_binding_does_what_its_description_says() {
    let km = Keymap::builtin("default").expect("default");
    let mut seen = 0;
    for ctx in Context::ALL {
        for b in km.bindings(ctx) {
            let keys: Vec<&str> = b.keys.iter().map(Key::as_str).collect();
            check(ctx, &keys.join(" "), &b.action);
            seen += 1;
        }
    }
    assert!(seen > 50, "{seen} bindings checked");
}

#[test]
fn typing_in_the_filter_narrows_rows_including_chinese() {
    let mut app = app();
    press(&mut app, "/");
    for c in "古塔".chars() {
        update(&mut app, Msg::Key(Key::parse(&c.to_string()).expect("key")));
    }
    app.prepare();
    assert_eq!(app.rows(PaneKind::Incidents).len(), 2);
    assert_eq!(app.rows(PaneKind::Alerts).len(), 1);
    press(&mut app, "enter");
    assert_eq!(app.ui.mode, Mode::Normal);
    assert_eq!(app.ui.filters.text, "古塔");
    press(&mut app, "esc");
    assert_eq!(app.rows(PaneKind::Incidents).len(), 4);
}

#[test]
fn dispatch_by_command_line_with_completion() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0409");
    let effects = press(&mut app, ": d i s p tab h tab enter");
    assert_eq!(
        acts(&effects),
        vec![(
            "INC-0409".into(),
            ItemAction::Dispatch {
                department: "heating".into()
            }
        )]
    );
    assert_eq!(
        app.ui.history.last().map(String::as_str),
        Some("dispatch heating")
    );
}

#[test]
fn forbidden_actions_are_refused_locally_with_the_reason() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    let effects = press(&mut app, "s");
    assert!(acts(&effects).is_empty());
    let (_, text) = app.ui.status.clone().expect("status");
    assert!(text.contains("sign: not allowed while INC-0412 is new"), "{text}");
    app.session.me.role = citydesk::model::Role::Viewer;
    press(&mut app, "a");
    assert!(
        app.ui
            .status
            .clone()
            .expect("status")
            .1
            .contains("not available to a viewer")
    );
}

#[test]
fn offline_actions_are_refused_not_queued() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    app.session.conn = citydesk::console::app::Conn::Offline {
        since: app.now,
        error: "refused".into(),
    };
    let effects = press(&mut app, "a");
    assert!(acts(&effects).is_empty());
    assert!(app.ui.status.clone().expect("status").1.starts_with("offline"));
}

#[test]
fn bulk_accept_reports_each_item() {
    let mut app = app();
    let new_items = ["INC-0412", "ALR-0007"];
    for id in new_items {
        app.ui.marked.insert(ItemId::parse(id).expect("id"));
    }
    // ALR-0007 is not in the focused Incidents pane: asked first.
    let effects = press(&mut app, "a");
    assert!(
        acts(&effects).is_empty(),
        "marks out of sight are not acted on unasked"
    );
    match &app.ui.mode {
        Mode::Confirm(p) => assert!(
            p.prompt
                .contains("accept 2 marked, 1 out of view: ALR-0007 (Grid alerts)?"),
            "{}",
            p.prompt
        ),
        other => panic!("asks first: {other:?}"),
    }
    let effects = press(&mut app, "y");
    assert_eq!(acts(&effects).len(), 2);
    let ok = crate::console_fixture::get(&app, "INC-0412");
    update(
        &mut app,
        Msg::Acted {
            id: ok.id.clone(),
            label: "accept".into(),
            result: Ok(Box::new(ok)),
        },
    );
    let failure = citydesk::console::msg::ActFailure {
        code: Some("conflict".into()),
        message: "changed (op:bob accepted it first)".into(),
        current: None,
    };
    update(
        &mut app,
        Msg::Acted {
            id: ItemId::parse("ALR-0007").expect("id"),
            label: "accept".into(),
            result: Err(failure),
        },
    );
    let (_, text) = app.ui.status.clone().expect("status");
    assert!(
        text.starts_with("accept: 1 done; ALR-0007 failed: changed (op:bob accepted it first)"),
        "{text}"
    );
}

#[test]
fn new_rows_do_not_move_the_selection() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0409");
    let urgent = crate::console_fixture::item(
        citydesk::model::Kind::Incident,
        500,
        "路面塌陷",
        "古塔区",
        citydesk::model::Priority::P1,
        4,
        &[],
    );
    let created = citydesk::model::Event {
        seq: 18235,
        item_id: urgent.id.clone(),
        version: 1,
        actor: "op:bob".into(),
        at: urgent.created_at,
        body: citydesk::model::EventBody::Created(Box::new(crate::console_fixture::created_of(&urgent))),
    };
    update(
        &mut app,
        Msg::Live(citydesk::client::live::LiveUpdate::Event(Box::new(created))),
    );
    app.prepare();
    assert_eq!(app.rows(PaneKind::Incidents).len(), 5);
    assert_eq!(app.current().map(|i| i.as_str()), Some("INC-0409"));
    assert!(app.ui.flash.contains_key(&urgent.id), "the new row is marked");
}

#[test]
fn a_call_saved_offline_is_queued_and_sent_when_live_again() {
    use citydesk::client::live::{LinkState, LiveUpdate};
    let mut app = app();
    app.session.conn = citydesk::console::app::Conn::Reconnecting {
        at: crate::console_fixture::NOW,
        error: "connection refused".into(),
    };
    press(&mut app, "i");
    let form = app.ui.intake.as_mut().expect("form");
    form.set(Field::Phone, "13800001234");
    form.set(Field::Description, "家里暖气不热");
    form.set(Field::Category, "H01");
    form.set(Field::Place, "太和区/新民街道");
    let effects = press(&mut app, "f2");
    assert!(effects.is_empty(), "nothing goes out while offline");
    assert_eq!(
        form_state(&app),
        Some(citydesk::console::app::intake::FormState::Queued)
    );
    let effects = update(&mut app, Msg::Live(LiveUpdate::State(LinkState::Live)));
    let created: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Create { request, .. } => Some(request.category.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        created,
        ["H01"],
        "the queued call goes as soon as the server is back"
    );
    assert_eq!(
        form_state(&app),
        Some(citydesk::console::app::intake::FormState::Sending)
    );
}

fn form_state(app: &App) -> Option<citydesk::console::app::intake::FormState> {
    app.ui.intake.as_ref().map(|f| f.state)
}

#[test]
fn quitting_keeps_a_half_logged_call_and_drops_an_empty_one() {
    let mut app = app();
    press(&mut app, "i");
    press(&mut app, "esc");
    let effects = press(&mut app, "q");
    assert_eq!(effects, [Effect::Quit], "an empty form is nothing to keep");

    let mut app = crate::console_fixture::app();
    press(&mut app, "i 1 3 8");
    app.ui.mode = Mode::Normal;
    let effects = press(&mut app, "q");
    assert!(effects.is_empty() && !app.quit, "typed text: asked first");
    press(&mut app, "n");
    assert!(
        !app.quit && app.ui.intake.is_some(),
        "no keeps the console and the call"
    );
    press(&mut app, "q");
    let effects = press(&mut app, "y");
    match effects.as_slice() {
        [Effect::KeepDraft(form), Effect::Quit] => assert_eq!(form.value(Field::Phone), "138"),
        other => panic!("a filled form is kept: {other:?}"),
    }
}

/// Logs one typical call both ways and checks they make the same request;
/// the key counts are the README's figure (Chinese counted per character
/// as committed by the input method, not per pinyin keystroke).
#[test]
fn the_form_and_the_one_line_new_make_the_same_ticket() {
    fn keys(text: &str) -> Vec<String> {
        text.chars()
            .map(|c| if c == ' ' { "space".into() } else { c.to_string() })
            .collect()
    }
    let mut by_form = app();
    let mut form_keys: Vec<String> = vec!["i".into()];
    for (text, tabs) in [
        ("13800001234", 1),
        ("王女士", 3),
        ("家里暖气不热，室温只有12度", 1),
        ("H01", 1),
        ("太和区/新民街道", 0),
    ] {
        form_keys.extend(keys(text));
        form_keys.extend(std::iter::repeat_n("tab".to_owned(), tabs));
    }
    form_keys.push("f2".into());
    let form_effects = press(&mut by_form, &form_keys.join(" "));

    let mut by_line = app();
    let line = "new H01 phone=13800001234 caller=王女士 place=太和区/新民街道 家里暖气不热，室温只有12度";
    let mut line_keys = vec![":".to_owned()];
    line_keys.extend(keys(line));
    line_keys.push("enter".into());
    let line_effects = press(&mut by_line, &line_keys.join(" "));

    let created = |effects: &[Effect]| -> Vec<citydesk::model::CreateItem> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Create { request, .. } => Some((**request).clone()),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (created(&form_effects), created(&line_effects));
    assert_eq!(a.len(), 1, "the form sent one create: {:?}", by_form.ui.status);
    assert_eq!(a, b, "both ways log the same ticket");
    assert_eq!(
        (form_keys.len(), line_keys.len()),
        (47, 68),
        "keys pressed: form, one line"
    );
}

#[test]
fn typing_a_description_asks_for_suggestions_once_at_a_time_and_a_key_takes_one() {
    let mut app = app();
    press(&mut app, "i tab tab tab tab");
    let effects = press(&mut app, "暖");
    assert_eq!(effects, [Effect::Suggest("暖".into())]);
    assert!(press(&mut app, "气").is_empty(), "one request out at a time");
    let answer: citydesk::api::SuggestResponse = serde_json::from_value(serde_json::json!({
        "categories": [{"code": "H01", "name": "供热不热", "score": 0.9, "reasons": ["keyword: 暖气"]}],
        "knowledge": [], "learned_items": 0
    }))
    .expect("answer");
    let effects = update(
        &mut app,
        Msg::Suggested {
            text: "暖".into(),
            result: Ok(Box::new(answer)),
        },
    );
    assert_eq!(
        effects,
        [Effect::Suggest("暖气".into())],
        "the text moved on: asked again"
    );
    press(&mut app, "alt-1");
    assert_eq!(form(&app).value(Field::Category), "H01");
}

#[test]
fn a_call_answered_from_the_knowledge_base_is_logged_then_answered_with_the_entry() {
    let mut app = app();
    press(&mut app, "i");
    let form = app.ui.intake.as_mut().expect("form");
    // No place: a call answered in the call sends nothing anywhere.
    form.set(Field::Description, "请问今年什么时候开始供暖");
    let answer: citydesk::api::SuggestResponse = serde_json::from_value(serde_json::json!({
        "categories": [{"code": "H01", "name": "供热不热", "score": 0.9, "reasons": ["keyword: 供暖"]}],
        "knowledge": [{"id": "kb-heating-season", "question": "供暖季什么时候开始？",
            "answer": "【示例】本市供暖期为11月1日至次年3月31日。", "source": "example: …",
            "example": true, "score": 0.8, "reasons": ["keyword: 供暖"]}],
        "learned_items": 0
    }))
    .expect("answer");
    form.suggested = Some(("请问今年什么时候开始供暖".into(), answer));
    let effects = press(&mut app, "f4");
    let created: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Create { request, .. } => Some(request.category.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(created, ["H01"], "logged with the suggested category");
    let item = crate::console_fixture::get(&app, "TKT-0981");
    let effects = update(
        &mut app,
        Msg::Created {
            label: citydesk::console::app::desk::FORM_LABEL.into(),
            result: Ok(Box::new(item.clone())),
        },
    );
    match effects.as_slice() {
        [Effect::Act { id, request, .. }] => {
            assert_eq!(*id, item.id);
            assert_eq!(
                request.action,
                ItemAction::Answer {
                    answer: "【示例】本市供暖期为11月1日至次年3月31日。".into(),
                    entry: Some("kb-heating-season".into())
                }
            );
        }
        other => panic!("the logged ticket is answered at once: {other:?}"),
    }
    assert!(app.ui.intake.is_none(), "the form is done");
}

#[test]
fn a_screen_pop_opens_the_form_with_the_number_and_asks_for_the_history() {
    use citydesk::client::live::LiveUpdate;
    let mut app = app();
    let call: citydesk::api::Call = serde_json::from_value(serde_json::json!({
        "phone": "13800001234", "call_id": "pbx-77", "at": "2026-11-30T09:00:00Z"
    }))
    .expect("call");
    let effects = update(&mut app, Msg::Live(LiveUpdate::Call(call)));
    assert_eq!(effects, [Effect::FetchHistory("13800001234".into())]);
    assert_eq!(app.ui.mode, Mode::Form);
    let f = form(&app);
    assert_eq!(
        (f.value(Field::Phone), f.call_id.as_deref()),
        ("13800001234", Some("pbx-77"))
    );
    assert_eq!(
        f.focus,
        Field::Name,
        "the number is in: the caller's name is next"
    );
    let history: citydesk::api::CallerHistory = serde_json::from_value(serde_json::json!({
        "phone": "13800001234", "calls_30d": 3, "open": 1, "total": 4, "items": []
    }))
    .expect("history");
    update(
        &mut app,
        Msg::History {
            phone: "13800001234".into(),
            result: Ok(Box::new(history)),
        },
    );
    assert_eq!(form(&app).history.as_ref().map(|h| h.counts.calls_30d), Some(3));
    // A number made incomplete by another digit asks nothing.
    assert!(
        press(&mut app, "backtab 4")
            .iter()
            .all(|e| !matches!(e, Effect::FetchHistory(_)))
    );
}

/// A ring while the operator is at work (a key a moment ago, or a detail
/// open) puts the form beside the queues without the keyboard: the next
/// key still goes where the operator meant it.
#[test]
fn a_ring_mid_work_does_not_take_the_next_key() {
    use citydesk::client::live::LiveUpdate;
    let call = || -> citydesk::api::Call {
        serde_json::from_value(serde_json::json!({
            "phone": "13800001234", "call_id": "pbx-78", "at": "2026-11-30T09:00:00Z"
        }))
        .expect("call")
    };
    let mut app = app();
    press(&mut app, "j");
    update(&mut app, Msg::Live(LiveUpdate::Call(call())));
    assert_eq!(app.ui.mode, Mode::Normal, "the keyboard stays with the list");
    assert_eq!(
        form(&app).value(Field::Phone),
        "13800001234",
        "the form waits beside"
    );
    assert!(
        app.ui
            .status
            .clone()
            .expect("says")
            .1
            .contains("i takes the call")
    );
    press(&mut app, "i");
    assert_eq!(app.ui.mode, Mode::Form, "i takes it");
    assert_eq!(form(&app).call_id.as_deref(), Some("pbx-78"));

    // Idle for a few seconds at the list: the ring takes the keyboard.
    let mut app = crate::console_fixture::app();
    press(&mut app, "j");
    let later = app.now + time::Duration::seconds(5);
    update(&mut app, Msg::Tick(later));
    update(&mut app, Msg::Live(LiveUpdate::Call(call())));
    assert_eq!(app.ui.mode, Mode::Form);
}

#[test]
fn the_place_completes_from_pinyin_initials_and_a_key_takes_it() {
    use citydesk::model::suggest::{Level, PlaceIndex};
    let mut app = app();
    app.remote.places = PlaceIndex::from_places([
        (Level::District, "太和区".to_owned(), "太和区".to_owned()),
        (Level::Street, "太和区/新民街道".to_owned(), "新民街道".to_owned()),
        (Level::District, "古塔区".to_owned(), "古塔区".to_owned()),
    ]);
    press(&mut app, "i tab tab tab tab tab tab t h q");
    let hits: Vec<&str> = form(&app).place_hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(hits, ["太和区"]);
    press(&mut app, "alt-1");
    assert_eq!(form(&app).value(Field::Place), "太和区");
    press(&mut app, "/ x m");
    let hits: Vec<&str> = form(&app).place_hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(
        hits,
        ["太和区/新民街道"],
        "a street's initials after the district"
    );
}

#[test]
fn a_repeat_call_is_added_to_the_callers_open_item_with_one_key() {
    let mut app = app();
    press(&mut app, "i");
    let twin = crate::console_fixture::get(&app, "TKT-0981");
    let form = app.ui.intake.as_mut().expect("form");
    form.set(Field::Phone, "13800001234");
    form.set(Field::Description, "又停水了");
    form.history = Some(
        serde_json::from_value(serde_json::json!({
            "phone": "13800001234", "calls_30d": 2, "open": 1, "total": 2,
            "items": [{"id": twin.id, "kind": "ticket", "status": "new", "category": twin.category,
                "title": twin.title, "priority": "P2", "place": {"district": "古塔区"},
                "created_at": "2026-11-30T08:00:00Z"}]
        }))
        .expect("history"),
    );
    let effects = press(&mut app, "alt-m");
    assert_eq!(effects.len(), 1, "logged at once: {:?}", app.ui.status);
    let item = crate::console_fixture::get(&app, "TKT-0990");
    let effects = update(
        &mut app,
        Msg::Created {
            label: citydesk::console::app::desk::FORM_LABEL.into(),
            result: Ok(Box::new(item)),
        },
    );
    match effects.as_slice() {
        [Effect::Act { request, .. }] => {
            assert_eq!(
                request.action,
                ItemAction::Merge {
                    into: twin.id.clone()
                }
            )
        }
        other => panic!("the new ticket is merged into the open one: {other:?}"),
    }
}

#[test]
fn the_knowledge_base_is_searched_with_slash_and_enter_answers_the_open_call() {
    let mut app = app();
    press(&mut app, "i");
    let open = app.ui.intake.as_mut().expect("form");
    open.set(Field::Description, "问供暖时间");
    open.set(Field::Category, "H01");
    open.set(Field::Place, "太和区");
    press(&mut app, "ctrl-o L");
    assert_eq!(app.ui.mode, Mode::Knowledge);
    let effects = press(&mut app, "/ 供 暖 enter");
    assert_eq!(effects, [Effect::SearchKnowledge("供暖".into())]);
    let found: citydesk::api::SuggestResponse = serde_json::from_value(serde_json::json!({
        "categories": [],
        "knowledge": [
            {"id": "kb-1", "question": "供暖季什么时候开始？", "answer": "【示例】11月1日起。", "source": "example: …",
             "example": true, "score": 0.9, "reasons": ["keyword: 供暖"]},
            {"id": "kb-2", "question": "暖气不热找谁？", "answer": "【示例】热力公司。", "source": "example: …",
             "example": true, "score": 0.5, "reasons": ["keyword: 暖气"]}
        ],
        "learned_items": 0
    }))
    .expect("found");
    update(
        &mut app,
        Msg::Knowledge {
            query: "供暖".into(),
            result: Ok(Box::new(found)),
        },
    );
    let effects = press(&mut app, "down enter");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Create { .. })),
        "the call is logged: {effects:?}"
    );
    assert_eq!(
        form(&app).answer_with.as_ref().map(|(id, _)| id.as_str()),
        Some("kb-2"),
        "the selected entry answers it"
    );
    assert_eq!(app.ui.mode, Mode::Form);
}

fn picker_title(app: &App) -> Option<String> {
    match &app.ui.mode {
        Mode::Pick(p) => Some(p.title.clone()),
        _ => None,
    }
}

#[test]
fn d_opens_a_department_picker_that_filters_by_pinyin_and_sends_the_choice() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0409");
    // A heating complaint: the taxonomy sends H01 to heating.
    let id = ItemId::parse("INC-0409").expect("id");
    if let Some(item) = app.remote.mirror.items.get_mut(&id) {
        item.category = "H01".into();
    }
    assert_eq!(
        press(&mut app, "d"),
        [Effect::FetchDetail(id.clone())],
        "the server is asked where its routes would send it"
    );
    let Mode::Pick(p) = &app.ui.mode else {
        panic!("d opens a picker: {:?}", app.ui.mode)
    };
    assert_eq!(p.title, "dispatch INC-0409");
    let first = p.visible().next().expect("departments");
    assert_eq!(
        (first.code.as_str(), first.suggested.is_some()),
        ("heating", true),
        "the suggestion first"
    );
    let water = p.visible().find(|o| o.code == "water").expect("water");
    assert!(water.detail.contains("has it now"), "{}", water.detail);
    let effects = press(&mut app, "g s enter");
    assert_eq!(
        acts(&effects),
        vec![(
            "INC-0409".into(),
            ItemAction::Dispatch {
                department: "water".into()
            }
        )],
        "gs: 供水公司's initials"
    );
    assert_eq!(app.ui.mode, Mode::Normal);
}

#[test]
fn the_servers_route_becomes_the_suggestion_when_it_arrives() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0409");
    press(&mut app, "d down");
    let item = crate::console_fixture::get(&app, "INC-0409");
    let detail = citydesk::api::ItemDetail {
        item: citydesk::api::ItemView::new(item, crate::console_fixture::NOW),
        history: Vec::new(),
        route: Some(citydesk::api::RouteHint {
            department: "waste".into(),
            rule: "route:noise: waste (least loaded: waste 1, heating 4)".into(),
            auto: false,
        }),
    };
    update(&mut app, Msg::Detail(Ok(Box::new(detail))));
    let Mode::Pick(p) = &app.ui.mode else {
        panic!("the picker stays open: {:?}", app.ui.mode)
    };
    let first = p.visible().next().expect("departments");
    assert_eq!(first.code, "waste");
    assert_eq!(
        first.suggested.as_deref(),
        Some("suggest-only route:noise: waste (least loaded: waste 1, heating 4)")
    );
    assert_eq!(
        p.visible().filter(|o| o.suggested.is_some()).count(),
        1,
        "one suggestion"
    );
    assert_eq!(
        p.selected().map(|o| o.code.as_str()),
        Some("waste"),
        "the row chosen before (waste, second) stays chosen as it moves first"
    );
}

#[test]
fn the_picker_dispatches_every_marked_row_and_esc_sends_nothing() {
    let mut app = app();
    for id in ["INC-0409", "INC-0420"] {
        app.ui.marked.insert(ItemId::parse(id).expect("id"));
    }
    press(&mut app, "d");
    assert_eq!(picker_title(&app).as_deref(), Some("dispatch 2 marked items"));
    assert!(press(&mut app, "esc").is_empty());
    assert_eq!(app.ui.mode, Mode::Normal);
    assert_eq!(app.ui.marked.len(), 2, "cancelling keeps the marks");
    let effects = press(&mut app, "d h e a t enter");
    let sent: Vec<String> = acts(&effects).into_iter().map(|(id, _)| id).collect();
    assert_eq!(sent, ["INC-0409", "INC-0420"]);
}

#[test]
fn a_verb_the_item_does_not_allow_is_refused_before_any_picker() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    press(&mut app, "d");
    assert_eq!(app.ui.mode, Mode::Normal, "INC-0412 is new: nothing to pick");
    let (_, said) = app.ui.status.clone().expect("status");
    assert!(
        said.contains("dispatch: not allowed while INC-0412 is new"),
        "{said}"
    );
    press(&mut app, "S");
    let (_, said) = app.ui.status.clone().expect("status");
    assert!(said.contains("not available to a dispatcher"), "{said}");
}

#[test]
fn the_picker_over_a_detail_acts_on_its_item_and_goes_back_to_it() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    press(&mut app, "enter p");
    assert_eq!(picker_title(&app).as_deref(), Some("priority INC-0412"));
    press(&mut app, "esc");
    assert!(matches!(app.ui.mode, Mode::Detail { .. }), "back to the detail");
    let effects = press(&mut app, "p down down enter");
    assert_eq!(
        acts(&effects),
        vec![(
            "INC-0412".into(),
            ItemAction::SetPriority {
                priority: citydesk::model::Priority::P3
            }
        )]
    );
}

#[test]
fn link_offers_the_emergency_services_by_name_or_an_item_id_on_the_line() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    let effects = press(&mut app, "l j j enter");
    assert_eq!(
        acts(&effects),
        vec![(
            "INC-0412".into(),
            ItemAction::Link {
                target: citydesk::model::LinkTarget::Emergency(citydesk::model::EmergencyService::Ambulance)
            }
        )],
        "jj: 急救, 120"
    );
    press(&mut app, "l end enter");
    assert_eq!(input_text(&app), Some((InputKind::Command, "link ".into())));
}

#[test]
fn raising_from_a_ticket_picks_an_incident_category_by_name() {
    let mut app = app();
    select(&mut app, PaneKind::Tickets, "TKT-0981");
    press(&mut app, "I enter");
    let title = picker_title(&app).expect("a category picker");
    assert!(title.contains("H01 is not an incident category"), "{title}");
    let effects = press(&mut app, "r q enter");
    let created: Vec<(String, String)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Create { request, .. } => Some((request.category.clone(), request.title.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        created,
        [("C26".to_owned(), "供热不热 太和区 新民街道".to_owned())],
        "rq: 燃气"
    );
}
