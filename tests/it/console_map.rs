//! The city map's behaviour on a known city: filters apply, `f d` keeps
//! the district under the cursor, `]` goes to red first, and the heat view
//! counts reports whose items have closed.

use crate::console_fixture::{app, get, with_map};
use crate::console_keys::press;
use citydesk::console::app::App;
use citydesk::console::app::panes::PaneKind;
use citydesk::model::{ClockState, Status};

fn on_map() -> App {
    let mut a = app();
    with_map(&mut a);
    press(&mut a, "W");
    assert_eq!(a.ui.focus, PaneKind::Map);
    a
}

fn open_on_map(a: &App) -> u32 {
    let p = a.ui.map.current().expect("projection");
    a.map_marks(&p).0.iter().map(|m| m.count).sum()
}

#[test]
fn the_queues_filters_apply_to_the_map() {
    let mut a = on_map();
    let all = open_on_map(&a);
    assert!(all > 5, "{all}");
    press(&mut a, "/ 噪 声 enter");
    let noise = a
        .remote
        .mirror
        .items
        .values()
        .filter(|i| i.title.contains("噪声"))
        .count();
    assert!(noise > 0);
    assert_eq!(
        open_on_map(&a) as usize,
        noise,
        "only the matching items are marked"
    );
    press(&mut a, "esc");
    assert_eq!(open_on_map(&a), all);
}

#[test]
fn the_next_mark_is_the_reddest_and_f_d_keeps_its_district() {
    let mut a = on_map();
    press(&mut a, "]");
    let picked = a.current().cloned().expect("an item under the cursor");
    let p = a.ui.map.current().expect("projection");
    let (marks, _) = a.map_marks(&p);
    assert_eq!(marks[0].worst, Some(ClockState::Red), "red first: {marks:?}");
    assert_eq!(a.ui.map.cursor_cell(&p), (marks[0].col, marks[0].row));
    let district = get(&a, picked.as_str()).place.district.expect("district");
    press(&mut a, "f d");
    assert_eq!(a.ui.filters.district.as_deref(), Some(district.as_str()));
    let (marks, counts) = a.map_marks(&p);
    assert_eq!(counts.len(), 1, "one district left: {counts:?}");
    assert!(!marks.is_empty());
    // `J` picks the next item here, `enter` opens the picked one.
    press(&mut a, "enter");
    assert!(matches!(&a.ui.mode, citydesk::console::app::Mode::Detail { id, .. } if *id == picked));
}

#[test]
fn the_heat_view_counts_reports_whose_items_closed() {
    let mut a = on_map();
    let p = a.ui.map.current().expect("projection");
    let heat = |a: &App| -> u32 { a.map_heat(&p).1.values().map(|c| c.open).sum() };
    let before = heat(&a);
    assert!(before > 0);
    let open = open_on_map(&a);
    let mut gone = get(&a, "TKT-0990");
    gone.status = Status::Closed;
    a.remote.mirror.refresh(gone);
    a.prepare();
    assert!(open_on_map(&a) < open, "the closed item leaves the marks");
    assert_eq!(heat(&a), before, "but still counts as a report");
    press(&mut a, "H");
    assert!(a.ui.map.heat);
}
