//! Renders of each view on a `TestBackend`, compared with snapshot files in
//! tests/snapshots. `UPDATE_SNAPSHOTS=1 cargo test` rewrites them after a
//! deliberate change; review the diff before committing.

use crate::console_fixture::{NOW, app, get, select};
use crate::console_keys::press;
use citydesk::api::{ItemDetail, ItemView};
use citydesk::console::app::panes::PaneKind;
use citydesk::console::app::{App, Conn};
use citydesk::console::theme::Theme;
use citydesk::console::views::{Glyphs, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

fn draw(app: &mut App, w: u16, h: u16, ascii: bool) -> String {
    app.prepare();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let theme = Theme::builtin("dark").expect("theme");
    terminal
        .draw(|f| render(f, app, &theme, Glyphs::new(ascii)))
        .expect("draw");
    terminal.backend().to_string()
}

fn snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, text).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("read snapshot");
    assert!(
        want == text,
        "{name} differs from {}:\n--- want\n{want}\n--- got\n{text}",
        path.display()
    );
}

fn both_sizes(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app();
        setup(&mut a);
        snapshot(&format!("{name}_{w}x{h}"), &draw(&mut a, w, h, false));
    }
}

#[test]
fn queues_render_with_chinese_aligned() {
    both_sizes("queues", |_| {});
}

#[test]
fn offline_state_marks_panes_stale() {
    both_sizes("offline", |a| {
        a.conn = Conn::Offline {
            since: NOW,
            error: "token refused".into(),
        }
    });
}

#[test]
fn detail_shows_fields_history_and_viewers() {
    both_sizes("detail", |a| {
        select(a, PaneKind::Tickets, "TKT-0981");
        press(a, "enter");
        let item = get(a, "TKT-0981");
        a.mirror.note_presence(citydesk::api::Presence {
            item_id: item.id.clone(),
            login: "bob".into(),
            name: "李四".into(),
            until: NOW + time::Duration::seconds(20),
        });
        let history = vec![citydesk::model::Event {
            seq: 17001,
            item_id: item.id.clone(),
            version: 1,
            actor: "op:lizhang".into(),
            at: item.created_at,
            body: citydesk::model::EventBody::Created(Box::new(crate::console_fixture::created_of(&item))),
        }];
        a.detail = Some(ItemDetail {
            item: ItemView::new(item, NOW),
            history,
        });
    });
}

#[test]
fn help_is_generated_from_the_keymap() {
    both_sizes("help", |a| {
        press(a, "?");
    });
}

#[test]
fn command_line_shows_completions() {
    both_sizes("command", |a| {
        select(a, PaneKind::Incidents, "INC-0409");
        press(a, ": d i s p a t c h space w tab");
    });
}

#[test]
fn ascii_borders_and_a_zoomed_pane() {
    let mut a = app();
    press(&mut a, "z");
    snapshot("zoomed_ascii_80x24", &draw(&mut a, 80, 24, true));
}

#[test]
fn tiny_terminals_never_panic() {
    for (w, h) in [(20, 5), (10, 3), (1, 1), (80, 6), (30, 24), (19, 40)] {
        let mut a = app();
        draw(&mut a, w, h, false);
        press(&mut a, "enter");
        draw(&mut a, w, h, false);
    }
}
