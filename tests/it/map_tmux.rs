//! The city map in a real terminal: the demo's flood at 80×24, `W` opens
//! the map, `]` puts the cursor on the most urgent mark, zooming in shows
//! the district's streets, and `enter` opens the item under the cursor.

use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

struct Session {
    socket: String,
}

impl Session {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux (CI installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "demo"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "demo"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

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
    let session = Session {
        socket: format!("citydesk-map-{}", std::process::id()),
    };
    let home = tempfile::tempdir().expect("dir");
    let command = format!(
        "exec env XDG_CONFIG_HOME={cfg} XDG_DATA_HOME={data} {BIN} demo --scenario flood --rate 20 --seed 7 --calls-per-hour 0",
        cfg = home.path().join("cfg").display(),
        data = home.path().join("data").display(),
    );
    session.run(&[
        "new-session",
        "-d",
        "-s",
        "demo",
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);
    session.wait("the live queues", |s| s.contains("● live") && s.contains("ALR-"));

    session.keys(&["W"]);
    let screen = session.wait("the map", |s| s.contains("City map") && s.contains("太和区"));
    assert!(screen.lines().count() <= 24, "fits 80x24:\n{screen}");
    assert!(
        screen.contains("District") && screen.contains("open"),
        "counts per district:\n{screen}"
    );

    session.keys(&["]"]);
    let screen = session.wait("a mark's items", |s| first_here(s).is_some());
    let district_view = screen.clone();
    session.keys(&["+", "+", "+"]);
    let screen = session.wait("the district close up", |s| s.contains("zoom 3"));
    assert!(
        screen.contains("街道") || screen.contains("镇"),
        "streets are named close up:\n{screen}"
    );
    assert_ne!(screen, district_view);

    let id = first_here(&screen).unwrap_or_else(|| panic!("the cursor stays on its mark:\n{screen}"));
    session.keys(&["Enter"]);
    let screen = session.wait("the item's detail", |s| s.contains(&format!("┌ {id}")));
    assert!(screen.contains("History"), "{screen}");

    // Back to the map, where it was, and back to the queues.
    session.keys(&["Escape"]);
    session.wait("the map again", |s| s.contains("zoom 3"));
    session.keys(&["W"]);
    session.wait("the queues", |s| s.contains("Incidents"));
    session.keys(&["q"]);
}
