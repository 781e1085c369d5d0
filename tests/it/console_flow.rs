//! Update tests of the closed-loop workflows: merging a suggested
//! duplicate, offering to resolve linked items on close, storms, raising an
//! incident, extensions and callbacks, and the stats view's refresh.

use crate::console_fixture::{NOW, app, get, select};
use crate::console_keys::press;
use citydesk::console::app::panes::PaneKind;
use citydesk::console::app::{App, Mode, update};
use citydesk::console::msg::{ActFailure, Effect, Msg};
use citydesk::model::{Action as ItemAction, Item, ItemId, Kind, Outcome, Satisfaction, Status};

fn id(s: &str) -> ItemId {
    ItemId::parse(s).expect("id")
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

fn status(app: &App) -> String {
    app.ui.status.clone().map(|s| s.1).unwrap_or_default()
}

fn prompt(app: &App) -> String {
    match &app.ui.mode {
        Mode::Confirm(p) => p.prompt.clone(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// The server's answer to an action: `item` as it came back.
fn answer(app: &mut App, label: &str, item: Item) -> Vec<Effect> {
    let effects = update(
        app,
        Msg::Acted {
            id: item.id.clone(),
            label: label.into(),
            result: Ok(Box::new(item)),
        },
    );
    app.prepare();
    effects
}

fn closed(mut item: Item, outcome: Outcome) -> Item {
    item.version += 1;
    item.status = Status::Closed;
    item.outcome = Some(outcome);
    item.clock = None;
    item
}

#[test]
fn one_key_merges_the_newer_report_into_its_suggested_duplicate() {
    let mut app = app();
    select(&mut app, PaneKind::Tickets, "TKT-0996");
    assert!(press(&mut app, "D").is_empty(), "merging asks first");
    assert!(
        prompt(&app).contains("merge TKT-0996 into TKT-0981"),
        "{}",
        prompt(&app)
    );
    let effects = press(&mut app, "y");
    assert_eq!(
        acts(&effects),
        vec![("TKT-0996".into(), ItemAction::Merge { into: id("TKT-0981") })]
    );
    let mut merged = get(&app, "TKT-0996");
    merged.version += 1;
    merged.status = Status::Merged;
    merged.merged_into = Some(id("TKT-0981"));
    answer(&mut app, "merge", merged);
    assert_eq!(
        status(&app),
        "TKT-0996 merged into TKT-0981: its caller is an additional caller there"
    );
    assert!(
        !app.remote.mirror.items.contains_key(&id("TKT-0996")),
        "the merged row leaves"
    );
}

#[test]
fn a_refused_merge_is_shown_and_the_console_keeps_going() {
    let mut app = app();
    select(&mut app, PaneKind::Tickets, "TKT-0996");
    press(&mut app, "D y");
    update(
        &mut app,
        Msg::Acted {
            id: id("TKT-0996"),
            label: "merge".into(),
            result: Err(ActFailure {
                code: Some("not_allowed".into()),
                message: "TKT-0981 is closed and cannot take a merge".into(),
                current: None,
            }),
        },
    );
    assert_eq!(
        status(&app),
        "TKT-0996: TKT-0981 is closed and cannot take a merge"
    );
    assert_eq!(app.ui.mode, Mode::Normal);
    press(&mut app, "down");
    assert!(!app.quit);
}

#[test]
fn merge_key_without_a_suggestion_says_so_and_sends_nothing() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    assert!(acts(&press(&mut app, "D")).is_empty());
    assert_eq!(status(&app), "INC-0412: no open suggested duplicate");
    // `:merge` with no id means the same thing.
    select(&mut app, PaneKind::Tickets, "TKT-0996");
    press(&mut app, ": m e r g e enter");
    assert!(prompt(&app).contains("into TKT-0981"));
}

#[test]
fn closing_an_incident_offers_to_resolve_its_linked_items() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0415");
    let effects = press(&mut app, "v y");
    assert_eq!(acts(&effects).len(), 1, "the verify itself");
    let inc = closed(get(&app, "INC-0415"), Outcome::Verified);
    answer(&mut app, "verify", inc);
    let asked = prompt(&app);
    assert!(
        asked.starts_with("INC-0415 closed. Also resolve 2 linked items? y/n"),
        "{asked}"
    );
    assert!(asked.contains("skipped INC-0409 dispatched"), "{asked}");
    let effects = press(&mut app, "y");
    let text = "与 INC-0415 一并处置".to_owned();
    assert_eq!(
        acts(&effects),
        vec![
            ("ALR-0007".into(), ItemAction::Clear {}),
            (
                "TKT-0990".into(),
                ItemAction::Answer {
                    answer: text,
                    entry: None
                }
            ),
        ]
    );
}

#[test]
fn saying_no_to_the_offer_sends_nothing_more() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0415");
    press(&mut app, "v y");
    let inc = closed(get(&app, "INC-0415"), Outcome::Verified);
    answer(&mut app, "verify", inc);
    assert!(acts(&press(&mut app, "n")).is_empty());
    assert_eq!(status(&app), "cancelled: nothing sent");
}

#[test]
fn clearing_a_storm_parent_offers_to_clear_its_children() {
    let mut app = app();
    select(&mut app, PaneKind::Alerts, "ALR-0010");
    press(&mut app, "X");
    let parent = closed(get(&app, "ALR-0010"), Outcome::Cleared);
    answer(&mut app, "clear", parent);
    assert!(
        prompt(&app).contains("Also resolve 2 linked items"),
        "{}",
        prompt(&app)
    );
    let sent = acts(&press(&mut app, "y"));
    assert_eq!(
        sent,
        vec![
            ("ALR-0011".into(), ItemAction::Clear {}),
            ("ALR-0012".into(), ItemAction::Clear {}),
        ]
    );
}

#[test]
fn storm_children_fold_under_their_parent_until_asked_for() {
    let mut app = app();
    let rows = app.rows(PaneKind::Alerts).to_vec();
    assert!(rows.contains(&id("ALR-0010")));
    assert!(!rows.contains(&id("ALR-0011")), "{rows:?}");
    assert_eq!(app.derived.hidden_children, 2);
    press(&mut app, "f g");
    assert!(app.rows(PaneKind::Alerts).to_vec().contains(&id("ALR-0011")));
    press(&mut app, ": c h i l d r e n enter");
    assert!(!app.rows(PaneKind::Alerts).to_vec().contains(&id("ALR-0011")));
}

#[test]
fn raise_keeps_an_incident_category_or_asks_for_one() {
    let mut app = app();
    select(&mut app, PaneKind::Alerts, "ALR-0007");
    // The title is typed on the line; the category is picked by name.
    let effects = press(&mut app, "I 燃 气 泄 漏 enter");
    assert!(effects.is_empty(), "G06 is an alert category: no guess");
    match &app.ui.mode {
        Mode::Pick(p) => {
            assert!(p.title.contains("G06 is not an incident category"), "{}", p.title);
            let shown: Vec<(&str, &str)> = p.visible().map(|o| (o.code.as_str(), o.label.as_str())).collect();
            assert_eq!(shown, [("C26", "燃气")], "incident categories with their names");
        }
        other => panic!("expected the category picker, got {other:?}"),
    }
    let effects = press(&mut app, "enter");
    let [Effect::Create { request, .. }] = effects.as_slice() else {
        panic!("expected one create, got {effects:?}");
    };
    let alert = get(&app, "ALR-0007");
    assert_eq!(
        (request.kind, request.category.as_str(), request.title.as_str()),
        (Kind::Incident, "C26", "燃气泄漏")
    );
    assert_eq!(request.raised_from, Some(alert.id.clone()));
    assert_eq!(
        (&request.place, request.priority),
        (&alert.place, Some(alert.priority))
    );
    // A category typed on the line needs no picker.
    let effects = press(&mut app, ": r a i s e space c 2 6 enter");
    assert!(
        matches!(effects.as_slice(), [Effect::Create { request, .. }] if request.category == "C26"),
        "{effects:?}"
    );
}

#[test]
fn raising_from_an_incident_is_refused_locally() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    assert!(press(&mut app, ": r a i s e enter").is_empty());
    assert!(status(&app).contains("already an incident"), "{}", status(&app));
}

#[test]
fn a_raised_incident_joins_the_mirror_and_says_where_it_came_from() {
    let mut app = app();
    let mut inc = get(&app, "INC-0412");
    inc.id = id("INC-0421");
    update(
        &mut app,
        Msg::Created {
            label: "raised from ALR-0007".into(),
            result: Ok(Box::new(inc)),
        },
    );
    app.prepare();
    assert_eq!(status(&app), "INC-0421 raised from ALR-0007 (linked both ways)");
    assert!(app.rows(PaneKind::Incidents).to_vec().contains(&id("INC-0421")));
}

#[test]
fn extension_and_callback_commands_send_their_actions() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0409");
    let sent = acts(&press(&mut app, "A"));
    assert_eq!(sent, vec![("INC-0409".into(), ItemAction::ApproveExtension {})]);
    let sent = acts(&press(&mut app, "x 不 同 意 enter"));
    assert_eq!(
        sent,
        vec![(
            "INC-0409".into(),
            ItemAction::DenyExtension {
                reason: "不同意".into()
            }
        )]
    );
    let sent = acts(&press(&mut app, "E 4 h space 等 待 enter"));
    assert_eq!(
        sent,
        vec![(
            "INC-0409".into(),
            ItemAction::RequestExtension {
                extra: "4h".into(),
                reason: "等待".into()
            }
        )]
    );
    select(&mut app, PaneKind::Tickets, "TKT-0992");
    let sent = acts(&press(
        &mut app,
        "B u n s a t i s f i e d space a t t r i b u t a b l e enter",
    ));
    assert_eq!(
        sent,
        vec![(
            "TKT-0992".into(),
            ItemAction::Callback {
                satisfaction: Satisfaction::Unsatisfied,
                attributable: true,
                note: String::new()
            }
        )]
    );
}

#[test]
fn callback_on_a_ticket_not_yet_resolved_is_refused_locally() {
    let mut app = app();
    select(&mut app, PaneKind::Tickets, "TKT-0996");
    assert!(acts(&press(&mut app, ": c a l l b a c k space b a s i c enter")).is_empty());
    assert!(
        status(&app).contains("callback: not allowed while TKT-0996 is new"),
        "{}",
        status(&app)
    );
}

#[test]
fn the_stats_view_asks_again_every_few_seconds_while_open() {
    let mut app = app();
    assert_eq!(press(&mut app, "K"), vec![Effect::FetchStats("today".into())]);
    let tick = |app: &mut App, secs: i64| update(app, Msg::Tick(NOW + time::Duration::seconds(secs)));
    assert!(tick(&mut app, 1).is_empty(), "one fetch at a time");
    assert!(tick(&mut app, 20).is_empty(), "still waiting for the answer");
    assert_eq!(
        tick(&mut app, 31),
        vec![Effect::FetchStats("today".into())],
        "a lost answer is asked for again"
    );
    update(
        &mut app,
        Msg::Stats {
            window: "today".into(),
            result: Err("503".into()),
        },
    );
    assert!(tick(&mut app, 32).is_empty(), "not yet");
    assert_eq!(tick(&mut app, 36), vec![Effect::FetchStats("today".into())]);
    assert_eq!(
        press(&mut app, ": s t a t s space w e e k enter"),
        vec![Effect::FetchStats("week".into())]
    );
    press(&mut app, "K");
    assert_eq!(app.ui.mode, Mode::Normal);
    assert!(tick(&mut app, 30).is_empty(), "closed: no more fetches");
}

#[test]
fn item_keys_do_nothing_while_the_stats_view_hides_the_rows() {
    let mut app = app();
    select(&mut app, PaneKind::Incidents, "INC-0412");
    press(&mut app, "K");
    assert!(acts(&press(&mut app, "a")).is_empty());
    press(&mut app, "esc");
    assert_eq!(app.ui.mode, Mode::Normal);
}

#[test]
fn a_command_typed_over_the_detail_acts_on_its_item_and_returns_to_it() {
    let mut app = app();
    select(&mut app, PaneKind::Alerts, "ALR-0007");
    press(&mut app, ": o p e n space I N C - 0 4 0 9 enter");
    let detail = Mode::Detail {
        id: id("INC-0409"),
        scroll: 0,
    };
    assert_eq!(app.ui.mode, detail);
    let sent = acts(&press(&mut app, "d w a t e r enter"));
    assert_eq!(
        sent,
        vec![(
            "INC-0409".into(),
            ItemAction::Dispatch {
                department: "water".into()
            }
        )],
        "not the list's ALR-0007"
    );
    assert_eq!(app.ui.mode, detail, "back to the detail");
    press(&mut app, "x esc");
    assert_eq!(app.ui.mode, detail, "esc on the line goes back to the detail");
    press(&mut app, "esc");
    assert_eq!(app.ui.mode, Mode::Normal);
}

#[test]
fn a_community_target_is_named_from_the_directory() {
    let mut app = app();
    let city = citydesk::data::default_city();
    let dir = app.remote.directory.as_mut().expect("directory");
    dir.districts = citydesk::api::districts_of(&city);
    let grid = city.grids().nth(3).expect("grid");
    let code = city.community_of_grid(&grid.id()).expect("community");
    let expected = format!("{}{}", grid.street.name, grid.community.name);
    assert_eq!(app.org_name(&code), Some(expected));
    // A grid past the first district: the district is found by its code.
    let last = city.grids().last().expect("grid");
    let code_last = city.community_of_grid(&last.id()).expect("community");
    assert_eq!(
        app.org_name(&code_last),
        Some(format!("{}{}", last.street.name, last.community.name))
    );
    assert_eq!(app.org_name("water").as_deref(), Some("供水公司"));
    assert_eq!(app.org_name("community:999999-01-01"), None);
    // `tail` names targets from the same directory, every community listed.
    let names: std::collections::HashMap<String, String> = app
        .remote
        .directory
        .as_ref()
        .expect("directory")
        .org_names()
        .into_iter()
        .collect();
    assert_eq!(names.get(&code), app.org_name(&code).as_ref());
    assert_eq!(names.get("water").map(String::as_str), Some("供水公司"));
    let communities = names.keys().filter(|k| k.starts_with("community:")).count();
    let expected: usize = city
        .districts
        .iter()
        .flat_map(|d| &d.streets)
        .map(|s| s.communities.len())
        .sum();
    assert_eq!(communities, expected);
}
