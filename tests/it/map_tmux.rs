//! The city map in a real terminal: the demo's flood at 80×24, `W` opens
//! the map, `]` puts the cursor on the most urgent mark, zooming in shows
//! the district's streets, and `enter` opens the item under the cursor.

use crate::console_tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

/// The first item id (`ALR-0012`) on the line after the side list's
/// "… here" heading.
fn first_here(screen: &str) -> Option<String> {
    let mut lines = screen.lines().skip_while(|l| !l.contains(" here"));
    lines.next()?;
    lines.next()?.split_whitespace().find_map(|w| {
        let ok = w.len() == 8 && w.as_bytes()[3] == b'-' && w[..3].bytes().all(|b| b.is_ascii_uppercase());
        ok.then(|| w.to_owned())
    })
}

#[test]
fn the_flood_on_the_map_zoom_in_and_open_the_worst_mark_in_tmux() {
    let home = tempfile::tempdir().expect("dir");
    let command = format!(
        "exec env XDG_CONFIG_HOME={cfg} XDG_DATA_HOME={data} {BIN} demo --scenario flood --rate 20 --seed 7 --calls-per-hour 0",
        cfg = home.path().join("cfg").display(),
        data = home.path().join("data").display(),
    );
    let session = Tmux::open(&format!("citydesk-map-{}", std::process::id()), &command);
    session.wait_until("the live queues", |s| s.contains("● live") && s.contains("ALR-"));

    session.keys(&["W"]);
    let screen = session.wait_until("the map", |s| s.contains("City map") && s.contains("太和区"));
    assert!(screen.lines().count() <= 24, "fits 80x24:\n{screen}");
    assert!(
        screen.contains("District") && screen.contains("open"),
        "counts per district:\n{screen}"
    );

    session.keys(&["]"]);
    let screen = session.wait_until("a mark's items", |s| first_here(s).is_some());
    let district_view = screen.clone();
    session.keys(&["+", "+", "+"]);
    let screen = session.wait_until("the district close up", |s| s.contains("zoom 3"));
    assert!(
        screen.contains("街道") || screen.contains("镇"),
        "streets are named close up:\n{screen}"
    );
    assert_ne!(screen, district_view);

    let id = first_here(&screen).unwrap_or_else(|| panic!("the cursor stays on its mark:\n{screen}"));
    session.keys(&["Enter"]);
    let screen = session.wait_until("the item's detail", |s| s.contains(&format!("┌ {id}")));
    assert!(screen.contains("History"), "{screen}");

    // Back to the map, where it was, and back to the queues.
    session.keys(&["Escape"]);
    session.wait_until("the map again", |s| s.contains("zoom 3"));
    session.keys(&["W"]);
    session.wait_until("the queues", |s| s.contains("Incidents"));
    session.keys(&["q"]);
}
