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
use citydesk::present::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};

fn draw(app: &mut App, w: u16, h: u16, ascii: bool) -> String {
    app.prepare();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let theme = Theme::builtin("dark").expect("theme");
    terminal
        .draw(|f| render(f, app, &theme, Glyphs::new(ascii)))
        .expect("draw");
    terminal.backend().to_string()
}

/// True only for `UPDATE_SNAPSHOTS=1`: any other value (`0`, empty) compares.
fn updating() -> bool {
    std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1")
}

fn snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if let Err(message) = check_snapshot(&path, text, updating()) {
        panic!("{name}: {message}");
    }
}

/// Compares `text` with the snapshot at `path`, or stores it when `update`.
/// A missing snapshot is an error (a render no one has reviewed must not
/// pass) whose message shows the screen, to be checked before storing it.
fn check_snapshot(path: &Path, text: &str, update: bool) -> Result<(), String> {
    if update {
        std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))?;
        return Ok(());
    }
    let Ok(want) = std::fs::read_to_string(path) else {
        return Err(format!(
            "no snapshot at {}; review this render, then run with UPDATE_SNAPSHOTS=1 to store it:\n{text}",
            path.display()
        ));
    };
    if want == text {
        Ok(())
    } else {
        Err(format!(
            "differs from {}:\n--- want\n{want}\n--- got\n{text}",
            path.display()
        ))
    }
}

#[test]
fn a_missing_snapshot_fails_and_shows_the_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("absent.txt");
    let err = check_snapshot(&path, "┌queue┐", false).expect_err("missing must fail");
    assert!(err.contains("┌queue┐"), "{err}");
    assert!(!path.exists(), "a failing check must not store the render");
    check_snapshot(&path, "┌queue┐", true).expect("update stores");
    check_snapshot(&path, "┌queue┐", false).expect("stored render matches");
    let err = check_snapshot(&path, "┌other┐", false).expect_err("a change fails");
    assert!(err.contains("┌other┐") && err.contains("┌queue┐"), "{err}");
}

/// Renders at 80x24 and 200x50, in English (`name_80x24`) and in
/// Chinese (`name_zh_80x24`): every view fits both sizes in both.
fn both_sizes(name: &str, setup: impl Fn(&mut App)) {
    for (lang, suffix) in [(Lang::En, ""), (Lang::ZhCn, "_zh")] {
        for (w, h) in [(80, 24), (200, 50)] {
            let mut a = app();
            a.ui.lang = lang;
            setup(&mut a);
            snapshot(&format!("{name}{suffix}_{w}x{h}"), &draw(&mut a, w, h, false));
        }
    }
}

#[test]
fn queues_render_with_chinese_aligned() {
    both_sizes("queues", |_| {});
}

/// The selected ticket is rejected by a colleague: its row stays as a
/// placeholder saying so; two marks, one out of view, are listed above
/// the footer.
#[test]
fn a_row_that_left_and_marks_out_of_view() {
    both_sizes("gone_and_marks", |a| {
        let gone = get(a, "TKT-0990");
        select(a, PaneKind::Tickets, "TKT-0990");
        a.ui.marked.insert(gone.id.clone());
        a.ui.marked.insert(get(a, "INC-0412").id);
        a.ui.marked.remove(&gone.id);
        a.ui.marked.insert(get(a, "TKT-0996").id);
        let event = citydesk::model::Event {
            seq: 18235,
            item_id: gone.id.clone(),
            version: gone.version + 1,
            actor: "op:bob".into(),
            at: NOW,
            body: citydesk::model::EventBody::Rejected {
                reason: "重复来电".into(),
            },
        };
        citydesk::console::app::update(
            a,
            citydesk::console::msg::Msg::Live(citydesk::client::live::LiveUpdate::Event(Box::new(event))),
        );
    });
    let mut a = app();
    select(&mut a, PaneKind::Tickets, "TKT-0990");
    a.ui.marked.insert(get(&a, "INC-0412").id);
    let screen = draw(&mut a, 80, 24, false);
    assert!(screen.contains("1 marked: INC-0412 (Incidents)"), "{screen}");
}

#[test]
fn offline_state_marks_panes_stale() {
    both_sizes("offline", |a| {
        a.session.conn = Conn::Offline {
            since: NOW,
            error: "token refused".into(),
        }
    });
}

#[test]
fn the_header_names_the_replica_and_a_failover_stays_on_the_status_line() {
    use citydesk::client::live::{LiveUpdate, OnServer};
    use citydesk::console::app::update;
    use citydesk::console::msg::Msg;
    let mut a = app();
    let on = |replica: &str, left: Option<&str>| {
        Msg::Live(LiveUpdate::Server(OnServer {
            url: format!("http://{replica}:7878"),
            replica: replica.into(),
            left: left.map(str::to_owned),
        }))
    };
    update(&mut a, on("north-1", None));
    let screen = draw(&mut a, 80, 24, false);
    assert!(screen.contains(" on north-1 "), "{screen}");
    assert!(
        !screen.contains("lost"),
        "the first server is no failover:\n{screen}"
    );

    update(&mut a, on("north-2", Some("north-1")));
    let seq = a.remote.mirror.seq;
    update(&mut a, Msg::Tick(NOW + time::Duration::minutes(1)));
    let screen = draw(&mut a, 80, 24, false);
    assert!(screen.contains(" on north-2 "), "{screen}");
    assert!(
        screen.contains(&format!(
            "connection to north-1 lost — now on north-2; resumed after seq {seq}"
        )),
        "a minute on, still said:\n{screen}"
    );
    assert_eq!(
        a.session.server, "http://north-2:7878",
        "requests' URL in the idle status"
    );
}

#[test]
fn detail_shows_fields_history_and_viewers() {
    both_sizes("detail", |a| {
        select(a, PaneKind::Tickets, "TKT-0981");
        press(a, "enter");
        let item = get(a, "TKT-0981");
        a.remote.mirror.note_presence(citydesk::api::Presence {
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
        a.remote.detail = Some(ItemDetail {
            item: ItemView::new(item, NOW),
            history,
            route: None,
        });
    });
}

/// The help opens on "What you see": the row's columns by their header
/// names, then the glyphs and the panes only `tab` reaches.
#[test]
fn help_opens_on_what_you_see() {
    both_sizes("help", |a| {
        press(a, "?");
    });
    let mut a = app();
    press(&mut a, "?");
    let screen = draw(&mut a, 200, 50, false);
    for shown in [
        "What you see",
        "CLOCK",
        "WHY HERE",
        "DEPARTMENT",
        "D dispatched",
        "✕",
        "≈",
        "◆",
        "×N",
        "My work",
        "Directory",
        "Event log",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
}

/// `/escal` then enter: the matches are counted in the title and the
/// first one (the Escalations section) comes to the top.
#[test]
fn help_search_goes_to_the_first_match() {
    both_sizes("help_search", |a| {
        press(a, "? / e s c a l enter");
    });
    let mut a = app();
    press(&mut a, "? / e s c a l enter");
    let screen = draw(&mut a, 80, 24, false);
    let top = screen.lines().nth(2).unwrap_or_default();
    assert!(top.contains("Why is an item in Escalations"), "{screen}");
    assert!(screen.contains("/escal: "), "{screen}");
}

/// Past the end the help stays on its last page: no blank page.
#[test]
fn help_stops_at_its_end() {
    let mut a = app();
    press(&mut a, "? end");
    let at_end = draw(&mut a, 80, 24, false);
    press(&mut a, "j j pagedown j");
    assert_eq!(draw(&mut a, 80, 24, false), at_end);
    let body: Vec<&str> = at_end.lines().skip(2).take(19).collect();
    assert!(body.last().is_some_and(|l| l.contains(":quit")), "{at_end}");
}

/// A half-typed `f` lists every key that can follow, with what it does.
#[test]
fn which_key_lists_what_can_follow_a_prefix() {
    both_sizes("which_key", |a| {
        select(a, PaneKind::Incidents, "INC-0409");
        press(a, "f");
    });
    let mut a = app();
    press(&mut a, "f");
    let screen = draw(&mut a, 80, 24, false);
    for (key, desc) in [
        ("d", "Only this row's district"),
        ("s", "Only this row's status"),
        ("f", "Clear filters"),
    ] {
        assert!(screen.contains(&format!("│{key}  {desc}")), "{key}:\n{screen}");
    }
}

/// The footer is fitted to the width: `? help` always shows, other hints
/// give way (the issue saw it cut at 100 columns).
#[test]
fn the_footer_keeps_the_help_key_at_any_width() {
    let mut a = app();
    select(&mut a, PaneKind::Incidents, "INC-0409");
    let screen = draw(&mut a, 100, 30, false);
    snapshot("footer_100x30", &screen);
    for (w, h) in [(100, 30), (80, 24), (60, 20), (40, 12)] {
        let screen = draw(&mut a, w, h, false);
        let footer = screen.lines().nth(usize::from(h) - 2).unwrap_or_default();
        assert!(footer.contains("? help"), "{w}x{h}: {footer}");
    }
}

/// The `:` line over a detail shows its own keys, not the list's.
#[test]
fn the_command_line_over_a_detail_shows_its_own_keys() {
    let mut a = app();
    select(&mut a, PaneKind::Incidents, "INC-0409");
    press(&mut a, "enter :");
    let screen = draw(&mut a, 80, 24, false);
    let footer = screen.lines().nth(22).unwrap_or_default();
    assert!(
        footer.contains("enter run") && footer.contains("tab complete"),
        "{footer}"
    );
    assert!(
        !footer.contains("detail") && !footer.contains("accept"),
        "{footer}"
    );
}

/// The place line fills the row but for the spaces after it: they must
/// not wrap onto a blank line before the clock.
#[test]
fn detail_has_no_blank_line_between_place_and_clock() {
    let mut a = app();
    open_detail(&mut a, PaneKind::Incidents, "INC-0409", vec![]);
    for w in 48..=60 {
        let screen = draw(&mut a, w, 24, false);
        let lines: Vec<&str> = screen.lines().collect();
        let place = lines
            .iter()
            .position(|l| l.contains("place "))
            .expect("place line");
        let next = lines.get(place + 1).copied().unwrap_or_default();
        let blank = next
            .trim_matches(|c: char| c == '"' || c == '│' || c == ' ')
            .is_empty();
        assert!(!blank, "{w} columns:\n{screen}");
    }
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
        let mut b = app();
        press(&mut b, "f");
        draw(&mut b, w, h, false);
        press(&mut b, "esc ? / x end");
        draw(&mut b, w, h, false);
    }
}

/// The history the server would return for `id`: its `created` event,
/// then `more` in order.
fn open_detail(a: &mut App, pane: PaneKind, id: &str, more: Vec<citydesk::model::EventBody>) {
    select(a, pane, id);
    press(a, "enter");
    let item = get(a, id);
    let event = |version: u64, body| citydesk::model::Event {
        seq: 17000 + version,
        item_id: item.id.clone(),
        version,
        actor: "system".into(),
        at: item.created_at + time::Duration::seconds(version as i64 * 10),
        body,
    };
    let mut history = vec![event(
        1,
        citydesk::model::EventBody::Created(Box::new(crate::console_fixture::created_of(&item))),
    )];
    for (i, body) in more.into_iter().enumerate() {
        history.push(event(i as u64 + 2, body));
    }
    a.remote.detail = Some(ItemDetail {
        item: ItemView::new(item, NOW),
        history,
        route: None,
    });
}

#[test]
fn detail_names_the_suggested_duplicate_and_the_key_that_merges() {
    both_sizes("detail_duplicate", |a| {
        let dup = citydesk::model::EventBody::DuplicatesSuggested {
            candidates: vec![citydesk::model::ItemId::parse("TKT-0981").expect("id")],
            rule: "duplicates: same category, 500 m, 2 h".into(),
        };
        open_detail(a, PaneKind::Tickets, "TKT-0996", vec![dup]);
    });
}

#[test]
fn detail_says_why_it_was_routed_and_what_waits_on_a_supervisor() {
    both_sizes("detail_routed", |a| {
        use citydesk::model::EventBody as B;
        let more = vec![
            B::Accepted {
                due_at: None,
                warn_at: None,
            },
            B::Dispatched {
                department: "water".into(),
                rule: Some("route:C26: water (least loaded: water 3, waste 7)".into()),
                due_at: None,
                warn_at: None,
            },
            B::ExtensionRequested {
                extra: "2wd".into(),
                reason: "等待配件".into(),
            },
        ];
        open_detail(a, PaneKind::Incidents, "INC-0409", more);
    });
}

#[test]
fn detail_flags_an_item_whose_handler_a_supervisor_must_designate() {
    let mut a = app();
    open_detail(&mut a, PaneKind::Incidents, "INC-0420", vec![]);
    snapshot("detail_designate_80x24", &draw(&mut a, 80, 24, false));
}

/// The fixture city's KPIs as the server would compute them.
fn fixture_stats() -> citydesk::api::Stats {
    use citydesk::model::stats::{Facts, Window, compute};
    let facts: Vec<Facts> = crate::console_fixture::city().iter().map(Facts::of).collect();
    let offset = time::UtcOffset::from_hms(8, 0, 0).expect("offset");
    compute(facts.iter(), Window::Today, offset, NOW)
}

#[test]
fn stats_view_fits_80x24_and_uses_the_room_at_200x50() {
    both_sizes("stats", |a| {
        press(a, "K");
        citydesk::console::app::update(
            a,
            citydesk::console::msg::Msg::Stats {
                window: "today".into(),
                result: Ok(Box::new(fixture_stats())),
            },
        );
    });
}

/// Under the queue table, a legend names the short headings; `?` over the
/// stats opens the help at its stats section.
#[test]
fn stats_legend_names_the_columns_and_help_explains_them() {
    let mut a = app();
    press(&mut a, "K");
    citydesk::console::app::update(
        &mut a,
        citydesk::console::msg::Msg::Stats {
            window: "today".into(),
            result: Ok(Box::new(fixture_stats())),
        },
    );
    let screen = draw(&mut a, 80, 24, false);
    assert!(
        screen.contains("done completion · sign on-time sign · close on-time close"),
        "{screen}"
    );
    // Wide, the headings are whole words: in English free of Chinese, in
    // Chinese the official names.
    let wide = draw(&mut a, 200, 50, false);
    assert!(
        wide.contains("on-time close") && !wide.contains("按时办结率"),
        "{wide}"
    );
    a.ui.lang = citydesk::present::i18n::Lang::ZhCn;
    let wide = draw(&mut a, 200, 50, false);
    assert!(wide.contains("按时办结率"), "{wide}");
    a.ui.lang = citydesk::present::i18n::Lang::En;
    press(&mut a, "?");
    let help = draw(&mut a, 80, 24, false);
    let top = help.lines().nth(2).unwrap_or_default();
    assert!(top.contains("What the stats columns mean"), "{help}");
    assert!(help.contains("the on-time rate"), "{help}");
}

#[test]
fn stats_view_says_when_the_server_cannot_answer() {
    let mut a = app();
    press(&mut a, "K");
    citydesk::console::app::update(
        &mut a,
        citydesk::console::msg::Msg::Stats {
            window: "today".into(),
            result: Err("cannot reach the server".into()),
        },
    );
    let screen = draw(&mut a, 80, 24, false);
    assert!(
        screen.contains("could not load the stats: cannot reach the server"),
        "{screen}"
    );
}

#[test]
fn intake_form_stands_beside_the_queues_with_its_problems() {
    both_sizes("intake", |a| {
        press(a, "i 1 3 8 0 0 0 0 tab");
        for c in "王女士".chars() {
            press_char(a, c);
        }
        press(a, "tab tab tab");
        for c in "家里暖气不热，室温只有12度，老人怕冷".chars() {
            press_char(a, c);
        }
        press(a, "f2");
    });
}

/// Types one character, as a terminal would send it.
fn press_char(a: &mut App, c: char) {
    press(a, &c.to_string());
}

#[test]
fn the_callers_history_shows_open_items_with_their_clock() {
    let mut a = app();
    press(&mut a, "i");
    let history = serde_json::json!({
        "phone": "13800001234", "calls_30d": 2, "open": 1, "total": 2,
        "items": [{"id": "TKT-0981", "kind": "ticket", "status": "dispatched", "category": "H01",
            "title": "暖气不热", "priority": "P2", "place": {},
            "clock": {"stage": "sign", "started_at": "2026-11-30T10:00:00Z",
                      "due_at": "2026-11-30T10:30:00Z", "warn_at": "2026-11-30T10:24:00Z"},
            "clock_state": "green", "created_at": "2026-11-30T10:00:00Z"}]
    });
    a.ui.intake.as_mut().expect("form").history = Some(serde_json::from_value(history).expect("history"));
    let screen = draw(&mut a, 200, 50, false);
    assert!(screen.contains("2 calls in 30 days · 1 open"), "{screen}");
    assert!(
        screen.contains("TKT-0981 dispatched due 10:30:00Z H01 暖气不热"),
        "{screen}"
    );
}

/// The shipped city's departments and taxonomy in the directory, as the
/// server sends them, so pickers show a real city's lists.
fn shipped_directory(a: &mut App) {
    let city = citydesk::data::default_city();
    let departments = city
        .departments
        .iter()
        .map(|d| citydesk::api::DepartmentLoad {
            code: d.code.clone(),
            name: d.name.clone(),
            gloss: d.gloss.clone(),
            open: 0,
        })
        .collect();
    a.remote.directory = Some(citydesk::api::Directory {
        departments,
        operators: Vec::new(),
        city: citydesk::api::CityInfo::of(&city),
        districts: Vec::new(),
        categories: citydesk::api::categories_of(&city),
    });
}

#[test]
fn the_department_picker_shows_names_load_and_the_suggestion_first() {
    both_sizes("picker_departments", |a| {
        shipped_directory(a);
        select(a, PaneKind::Tickets, "TKT-0981");
        // A heating complaint accepted but not yet sent anywhere.
        let id = citydesk::model::ItemId::parse("INC-0420").expect("id");
        select(a, PaneKind::Incidents, "INC-0420");
        if let Some(item) = a.remote.mirror.items.get_mut(&id) {
            item.category = "H01".into();
        }
        press(a, "d");
    });
}

#[test]
fn the_department_picker_narrows_to_pinyin_initials() {
    let mut a = app();
    shipped_directory(&mut a);
    select(&mut a, PaneKind::Incidents, "INC-0409");
    press(&mut a, "d g s");
    snapshot("picker_departments_filtered_80x24", &draw(&mut a, 80, 24, false));
}

#[test]
fn the_category_picker_names_the_incident_categories() {
    both_sizes("picker_categories", |a| {
        shipped_directory(a);
        select(a, PaneKind::Alerts, "ALR-0007");
        press(a, "I enter");
    });
}

#[test]
fn the_detail_lists_what_can_be_done_now_in_the_lines_spelling_with_keys() {
    let mut a = app();
    open_detail(&mut a, PaneKind::Incidents, "INC-0409", vec![]);
    let screen = draw(&mut a, 200, 50, false);
    assert!(
        screen.contains("approve-extension A  deny-extension x"),
        "an extension is pending: {screen}"
    );
    assert!(!screen.contains("extend E"), "one is pending already");
    assert!(!screen.contains("release"), "nobody holds a claim");

    let mut a = app();
    open_detail(&mut a, PaneKind::Incidents, "INC-0412", vec![]);
    let screen = draw(&mut a, 200, 50, false);
    assert!(!screen.contains("approve-extension"), "nothing pending: {screen}");
    // Someone else's claim leaves a dispatcher notes and links only.
    let id = citydesk::model::ItemId::parse("INC-0412").expect("id");
    let claim = citydesk::model::Claim {
        owner: "bob".into(),
        until: NOW + time::Duration::minutes(5),
    };
    if let Some(d) = a.remote.detail.as_mut() {
        d.item.item.claim = Some(claim);
    }
    assert!(a.remote.detail.as_ref().is_some_and(|d| d.item.item.id == id));
    let screen = draw(&mut a, 200, 50, false);
    assert!(
        screen.contains("you may link l  note n  (claimed by bob: ask them, or a supervisor)"),
        "{screen}"
    );
}

/// What a caller or sensor wrote reaches the screen neutralised: no bidi
/// override can reverse a row, no escape or bell reaches the terminal, in
/// the queues or the detail; a line break is a space, not words run
/// together (the terminal library alone drops controls without a trace).
#[test]
fn bidi_overrides_and_controls_never_reach_the_screen() {
    let hostile = "停水\u{202E}txet desrever\u{202C}\u{1b}[2J\u{7}\u{2066}end\u{2069}";
    let mut a = app();
    let mut item = get(&a, "TKT-0981");
    item.title = hostile.into();
    item.description = format!("line one\n{hostile}");
    a.remote
        .mirror
        .items
        .insert(item.id.clone(), Box::new(item.clone()));
    let bad = |c: char| {
        (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    let queues = draw(&mut a, 200, 50, false);
    assert!(
        queues.contains("停水txet desrever"),
        "the title is shown:\n{queues}"
    );
    assert!(!queues.chars().any(bad), "queues:\n{queues:?}");
    open_detail(&mut a, PaneKind::Tickets, "TKT-0981", Vec::new());
    let detail = draw(&mut a, 200, 50, false);
    assert!(
        detail.contains("txet desrever"),
        "the detail shows the title:\n{detail}"
    );
    assert!(
        detail.contains("line one 停水"),
        "the break is a space:\n{detail}"
    );
    assert!(!detail.chars().any(bad), "detail:\n{detail:?}");
}

/// A grid alert an Alertmanager webhook opened: the detail says where it
/// came from (source, fingerprint, receiver, the Prometheus link).
#[test]
fn detail_shows_where_an_item_from_a_standard_came_from() {
    let mut a = app();
    let id = citydesk::model::ItemId::parse("ALR-0007").expect("id");
    let mut origin = citydesk::model::Origin::new(citydesk::model::Source::Alertmanager, "fp-gas-7c1e");
    origin.sender = Some("citydesk-gas".into());
    origin.url = Some("http://prometheus.local/graph?g0.expr=gas_ppm%3E50".into());
    if let Some(item) = a.remote.mirror.items.get_mut(&id) {
        item.origin = Some(origin);
    }
    open_detail(&mut a, PaneKind::Alerts, "ALR-0007", vec![]);
    let screen = draw(&mut a, 80, 24, false);
    assert!(
        screen.contains("from alertmanager") && screen.contains("fp-gas-7c1e"),
        "{screen}"
    );
    snapshot("detail_origin_80x24", &screen);
}

/// The extra fields a standard sent (annotations here) show under the
/// origin, a few lines at most: long values cut with `…`, the rest counted,
/// and the history still below them on a small screen.
#[test]
fn detail_shows_an_origins_extra_fields_bounded() {
    let mut a = app();
    let id = citydesk::model::ItemId::parse("ALR-0007").expect("id");
    let mut origin = citydesk::model::Origin::new(citydesk::model::Source::Alertmanager, "fp-gas-7c1e");
    let long = format!("https://wiki.local/runbooks/gas/{}", "very-long-path/".repeat(10));
    for (k, v) in [
        (
            "annotation.description",
            "甲烷 62 ppm，超过 50 ppm 阈值".to_owned(),
        ),
        ("annotation.runbook_url", long.clone()),
        ("annotation.summary", "燃气浓度超标".to_owned()),
        ("annotation.team", "gas-ops".to_owned()),
        ("annotation.zone", "north".to_owned()),
    ] {
        origin.extra.insert(k.into(), v);
    }
    if let Some(item) = a.remote.mirror.items.get_mut(&id) {
        item.origin = Some(origin);
    }
    open_detail(&mut a, PaneKind::Alerts, "ALR-0007", vec![]);
    let screen = draw(&mut a, 120, 40, false);
    assert!(screen.contains("annotation.description 甲烷 62 ppm"), "{screen}");
    assert!(screen.contains("https://wiki.local/runbooks/gas/"), "{screen}");
    assert!(!screen.contains(&long), "a long value is cut:\n{screen}");
    assert!(screen.contains('…'), "{screen}");
    assert!(
        screen.contains("2 more (:raw shows the document)"),
        "five fields: three shown, two counted:\n{screen}"
    );
    assert!(
        !screen.contains("gas-ops") && !screen.contains("north"),
        "{screen}"
    );
    assert!(screen.contains("History"), "{screen}");
}

/// `:raw` on an open detail asks for the document; the answer replaces the
/// history, each line printable (a document's escape sequences and bidi
/// overrides never reach the screen), and `:raw` again hides it.
#[test]
fn raw_shows_the_document_in_the_detail_and_hides_again() {
    use citydesk::console::msg::{Effect, Msg};
    let mut a = app();
    open_detail(&mut a, PaneKind::Alerts, "ALR-0007", vec![]);
    let id = get(&a, "ALR-0007").id;
    let effects = press(&mut a, ": r a w enter");
    assert_eq!(effects, [Effect::FetchRaw(id.clone())]);
    let body = "{\n  \"fingerprint\": \"fp-gas\",\n  \"summary\": \"燃气\u{1b}[2J\u{202E}泄漏\"\n}";
    let doc = citydesk::client::RawDocument {
        content_type: "application/json".into(),
        source: "alertmanager".into(),
        body: body.into(),
    };
    citydesk::console::app::update(
        &mut a,
        Msg::Raw {
            id: id.clone(),
            result: Ok(Box::new(doc)),
        },
    );
    let screen = draw(&mut a, 80, 24, false);
    assert!(
        screen.contains("Raw document (alertmanager, application/json)"),
        "{screen}"
    );
    assert!(screen.contains("\"fingerprint\": \"fp-gas\""), "{screen}");
    assert!(
        !screen.contains("History") && !screen.contains('\u{1b}') && !screen.contains('\u{202E}'),
        "{screen}"
    );
    assert!(press(&mut a, ": r a w enter").is_empty());
    let screen = draw(&mut a, 80, 24, false);
    assert!(
        screen.contains("History") && !screen.contains("Raw document"),
        "{screen}"
    );
}

fn draw_themed(app: &mut App, w: u16, h: u16, theme: &str, ascii: bool) -> String {
    app.prepare();
    app.ui.map.size = citydesk::console::views::map::size(app, ratatui::layout::Rect::new(0, 0, w, h));
    app.prepare();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let theme = Theme::builtin(theme).expect("theme");
    terminal
        .draw(|f| render(f, app, &theme, Glyphs::new(ascii)))
        .expect("draw");
    terminal.backend().to_string()
}

/// The city map full screen: outlines, names with open/red counts, the
/// items as marks, the cursor on the most urgent mark and its items
/// beside the map.
#[test]
fn the_map_shows_districts_counts_and_marks_at_both_sizes_and_themes() {
    for (theme, ascii) in [("dark", false), ("mono", true)] {
        for (w, h) in [(80, 24), (200, 50)] {
            let mut a = app();
            crate::console_fixture::with_map(&mut a);
            a.ui.map.size = citydesk::console::views::map::size(&a, ratatui::layout::Rect::new(0, 0, w, h));
            press(&mut a, "W");
            press(&mut a, "]");
            snapshot(
                &format!("map_{theme}_{w}x{h}"),
                &draw_themed(&mut a, w, h, theme, ascii),
            );
        }
    }
    // Zoomed in on the worst mark: streets named, grids dotted; then the heat.
    let mut a = app();
    crate::console_fixture::with_map(&mut a);
    a.ui.map.size = citydesk::console::views::map::size(&a, ratatui::layout::Rect::new(0, 0, 80, 24));
    press(&mut a, "W");
    press(&mut a, "]");
    press(&mut a, "+ + +");
    snapshot(
        "map_zoomed_dark_80x24",
        &draw_themed(&mut a, 80, 24, "dark", false),
    );
    press(&mut a, "0 H");
    snapshot("map_heat_dark_80x24", &draw_themed(&mut a, 80, 24, "dark", false));
}

/// The map in Chinese: title counts, the district list's heads, the
/// legend, and the heat view's words, at both sizes.
#[test]
fn the_map_speaks_chinese() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app();
        a.ui.lang = Lang::ZhCn;
        crate::console_fixture::with_map(&mut a);
        a.ui.map.size = citydesk::console::views::map::size(&a, ratatui::layout::Rect::new(0, 0, w, h));
        press(&mut a, "W");
        let text = draw_themed(&mut a, w, h, "dark", false);
        for english in ["open", "red", "District", "incident", "alert", "ticket"] {
            assert!(!text.contains(english), "{english:?} on the Chinese map:\n{text}");
        }
        snapshot(&format!("map_zh_{w}x{h}"), &text);
    }
    let mut a = app();
    a.ui.lang = Lang::ZhCn;
    crate::console_fixture::with_map(&mut a);
    a.ui.map.size = citydesk::console::views::map::size(&a, ratatui::layout::Rect::new(0, 0, 80, 24));
    press(&mut a, "W H");
    let text = draw_themed(&mut a, 80, 24, "dark", false);
    assert!(!text.contains("reports") && !text.contains("heat"), "{text}");
    snapshot("map_heat_zh_80x24", &text);
}
