//! Update tests of the help and the status line: where `esc` goes back to,
//! searching the help, information fading while warnings wait for a key,
//! filters shown by name, and `enter` in the Directory pane.

use crate::console_fixture::{NOW, app};
use crate::console_keys::press;
use citydesk::console::app::help::content;
use citydesk::console::app::panes::PaneKind;
use citydesk::console::app::{InputKind, Level, Mode, update};
use citydesk::console::msg::Msg;
use time::Duration;

#[test]
fn esc_from_help_goes_back_to_where_it_was_opened() {
    let mut a = app();
    press(&mut a, "K ?");
    assert_eq!(a.ui.mode, Mode::Help);
    press(&mut a, "esc");
    assert!(matches!(a.ui.mode, Mode::Stats { .. }), "{:?}", a.ui.mode);
    // `?` closes it the same way.
    press(&mut a, "? ?");
    assert!(matches!(a.ui.mode, Mode::Stats { .. }), "{:?}", a.ui.mode);
    // From the stats back to the list, then help over the list.
    press(&mut a, "esc ? esc");
    assert_eq!(a.ui.mode, Mode::Normal);
    press(&mut a, "enter ? q");
    assert!(matches!(a.ui.mode, Mode::Detail { .. }), "{:?}", a.ui.mode);
}

#[test]
fn help_over_the_stats_opens_at_the_stats_section() {
    let mut a = app();
    press(&mut a, "K ?");
    let lines = content(&a);
    let top = &lines[a.ui.help.scroll];
    assert!(top.search_text().contains("stats columns"), "{top:?}");
    let mut b = app();
    press(&mut b, "?");
    assert_eq!(b.ui.help.scroll, 0, "over the list it opens at the top");
}

#[test]
fn the_help_is_searched_as_typed_and_n_moves_between_matches() {
    let mut a = app();
    press(&mut a, "? / c l a i m");
    assert!(matches!(&a.ui.mode, Mode::Input(l) if l.kind == InputKind::HelpSearch));
    let lines = content(&a);
    let first = a.ui.help.at.expect("a match as soon as it is typed");
    assert!(lines[first].matches("claim"), "{:?}", lines[first]);
    assert!(
        lines[..first].iter().all(|l| !l.matches("claim")),
        "the first match"
    );
    press(&mut a, "enter");
    assert_eq!(a.ui.mode, Mode::Help);
    press(&mut a, "n");
    let second = a.ui.help.at.expect("next");
    assert!(second > first && lines[second].matches("claim"));
    assert!(
        a.ui.status
            .as_ref()
            .is_some_and(|s| s.1.starts_with("match 2 of")),
        "{:?}",
        a.ui.status
    );
    press(&mut a, "N");
    assert_eq!(a.ui.help.at, Some(first));
    press(&mut a, "N");
    let last = lines
        .iter()
        .rposition(|l| l.matches("claim"))
        .expect("a last match");
    assert_eq!(a.ui.help.at, Some(last), "N from the first wraps to the last");
    // esc on the search line drops the search and goes back where it began.
    let scroll = a.ui.help.scroll;
    press(&mut a, "/ z");
    press(&mut a, "esc");
    assert_eq!((a.ui.mode.clone(), a.ui.help.scroll), (Mode::Help, scroll));
    assert!(a.ui.help.query.is_empty());
}

#[test]
fn a_search_with_no_match_says_so() {
    let mut a = app();
    press(&mut a, "? / q q q x enter");
    assert_eq!(a.ui.help.at, None);
    let (level, text) = a.ui.status.clone().expect("status");
    assert_eq!(level, Level::Warning);
    assert!(text.contains("qqqx"), "{text}");
}

fn tick(a: &mut citydesk::console::app::App, after: i64) {
    update(a, Msg::Tick(NOW + Duration::seconds(after)));
}

#[test]
fn information_fades_and_warnings_wait_for_the_next_key() {
    let mut a = app();
    press(&mut a, "tab");
    assert_eq!(a.ui.status.as_ref().map(|s| s.0), Some(Level::Info));
    tick(&mut a, 4);
    assert!(a.ui.status.is_some(), "still there after 4 s");
    a.dirty = false;
    tick(&mut a, 5);
    assert_eq!(a.ui.status, None, "gone after 5 s");
    assert!(a.dirty, "and the screen is redrawn without it");

    press(&mut a, ": t i c k e t enter");
    let (level, text) = a.ui.status.clone().expect("an error");
    assert_eq!(level, Level::Error);
    assert!(text.contains("unknown command"), "{text}");
    tick(&mut a, 600);
    assert_eq!(
        a.ui.status.as_ref().map(|s| s.0),
        Some(Level::Error),
        "errors do not fade"
    );
    press(&mut a, "j");
    assert_eq!(a.ui.status, None, "the next key clears it");
}

#[test]
fn a_status_filter_is_shown_by_name() {
    let mut a = app();
    press(&mut a, ": s t a t u s space n e w enter");
    assert_eq!(a.ui.filters.describe(), "status:new");
    press(&mut a, ": f i l t e r space n e w enter");
    assert_eq!(a.ui.filters.describe(), "status:new /new");
}

#[test]
fn enter_in_the_directory_shows_the_departments_items() {
    let mut a = app();
    while a.ui.focus != PaneKind::Directory {
        press(&mut a, "tab");
    }
    let first = a.directory_rows().remove(0);
    assert_eq!(first.code, "water", "busiest first");
    press(&mut a, "enter");
    assert_eq!(a.ui.filters.department.as_deref(), Some("water"));
    assert_eq!(a.ui.focus, PaneKind::Incidents, "a pane with its items");
    a.prepare();
    let rows: Vec<_> = a.rows(PaneKind::Incidents).iter().cloned().collect();
    assert!(!rows.is_empty());
    for id in rows {
        let item = &a.remote.mirror.items[&id];
        assert_eq!(item.department.as_deref(), Some("water"), "{id}");
    }
    assert!(
        a.ui.status.as_ref().is_some_and(|s| s.1.contains("供水公司")),
        "{:?}",
        a.ui.status
    );
    press(&mut a, "esc");
    assert!(a.ui.filters.is_empty(), "esc clears it");
}

#[test]
fn enter_in_the_event_log_opens_the_events_item() {
    let mut a = app();
    let urgent = crate::console_fixture::item(
        citydesk::model::Kind::Incident,
        501,
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
        &mut a,
        Msg::Live(citydesk::client::live::LiveUpdate::Event(Box::new(created))),
    );
    while a.ui.focus != PaneKind::Log {
        press(&mut a, "tab");
    }
    let effects = press(&mut a, "enter");
    assert_eq!(
        a.ui.mode,
        Mode::Detail {
            id: urgent.id.clone(),
            scroll: 0
        }
    );
    assert!(effects.contains(&citydesk::console::msg::Effect::FetchDetail(urgent.id)));
}
