//! `citydesk demo` in a real terminal: the city shows up in all three
//! queues within seconds, and `q` leaves nothing running.

use crate::console_tmux::Tmux;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

/// Sends `keys` (each a tmux key or text) one by one and waits for `want`
/// on the screen; the screen, or what it showed instead when it did not
/// come, so a test can report every screen it looked at.
fn keys_then(tmux: &Tmux, keys: &[&str], want: &str) -> Result<String, String> {
    for key in keys {
        tmux.keys(&[key]);
        std::thread::sleep(Duration::from_millis(150));
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let screen = tmux.screen();
        if screen.contains(want) {
            return Ok(screen);
        }
        if Instant::now() > deadline {
            return Err(format!("no {want:?} after {keys:?}:\n{screen}"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The demo in tmux at 80×24 with `env` before it, waited for until all
/// three queues (`titles`) have rows and the header says `live`.
fn demo(
    socket: &str,
    env: &str,
    home: &std::path::Path,
    args: &str,
    titles: [&str; 3],
    live: &str,
) -> (Tmux, String) {
    let command = format!(
        "{env} XDG_CONFIG_HOME={cfg} XDG_DATA_HOME={data} {BIN} demo {args}",
        cfg = home.join("cfg").display(),
        data = home.join("data").display(),
    );
    let tmux = Tmux::open(socket, &command);
    let screen = tmux.wait_until("all three queues filled", |s| {
        titles.iter().all(|t| count(s, t) > 0) && s.contains(live)
    });
    (tmux, screen)
}

/// Rows in a pane whose title starts with `title`: the count in its title.
fn count(screen: &str, title: &str) -> usize {
    screen
        .split(title)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_demo_shows_a_live_city_and_quits_cleanly() {
    let home = tempfile::tempdir().expect("dir");
    let pid_file = home.path().join("pid");
    let (tmux, screen) = demo(
        &format!("citydesk-demo-{}", std::process::id()),
        &format!(
            "echo $$ > {}; exec env -u LC_ALL -u LC_MESSAGES -u CITYDESK_LANG LANG=C.UTF-8",
            pid_file.display()
        ),
        home.path(),
        "--rate 20 --seed 7",
        ["Incidents", "Grid alerts", "Hotline 12345"],
        "● live",
    );
    assert!(screen.contains("supervisor"), "{screen}");
    let pid = std::fs::read_to_string(&pid_file).expect("pid").trim().to_owned();

    tmux.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            Instant::now() < deadline,
            "the demo process {pid} is still running after q"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(tmux);
    // Nothing left behind: no process of ours still has the binary open
    // (this demo's own command line: other tests run demos of their own).
    let leftover = Command::new("pgrep")
        .arg("-f")
        .arg(format!("{BIN} demo --rate 20 --seed 7$"))
        .output()
        .expect("pgrep");
    assert!(
        String::from_utf8_lossy(&leftover.stdout).trim().is_empty(),
        "a demo process remains"
    );
}

/// With a Chinese locale and nothing else said, a newcomer's demo speaks
/// Chinese: the queues, the header and the footer, the city map, the
/// intake form's checks and the `:` line's errors carry no English words
/// (ids, codes and the product's name aside).
#[test]
fn the_demo_speaks_chinese_in_a_chinese_locale() {
    let home = tempfile::tempdir().expect("dir");
    let (tmux, screen) = demo(
        &format!("citydesk-demo-zh-{}", std::process::id()),
        "exec env -u LC_ALL -u LC_MESSAGES -u CITYDESK_LANG LANG=zh_CN.UTF-8",
        home.path(),
        "--rate 20 --seed 7 --calls-per-hour 0",
        ["突发事件", "网格告警", "12345 热线"],
        "● 实时",
    );
    // The map, the intake form's checks and the `:` line's errors, each
    // waited for by a Chinese word it must show.
    let map = keys_then(&tmux, &["W"], "区县");
    let form = keys_then(&tmux, &["W", "i", "F2"], "请选择类别");
    let line = keys_then(&tmux, &["Escape", "Escape", ":", "teleport", "Enter"], "没有命令");
    let words = keys_then(&tmux, &[":", "supervise purple", "Enter"], "不是");
    tmux.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(500));
    drop(tmux);
    assert!(screen.contains("督办员") && screen.contains("帮助"), "{screen}");
    for (what, screen, english) in [
        (
            "map",
            &map,
            &[
                "open", "red", "District", "incident", "alert", "ticket", "here", "map",
            ][..],
        ),
        (
            "form",
            &form,
            &[
                "pick",
                "category",
                "where",
                "district",
                "caller",
                "reporting",
                "field",
                "mend",
                "saving",
            ][..],
        ),
        ("line", &line, &["unknown", "command", "Tab lists"][..]),
        ("words", &words, &["is not one of", "card", "needs"][..]),
    ] {
        let screen = screen.as_deref().unwrap_or_else(|e| panic!("{what}: {e}"));
        for english in english {
            assert!(
                !screen.contains(english),
                "{english:?} on the Chinese {what}:\n{screen}"
            );
        }
    }
    for english in [
        "Incidents",
        "Escalations",
        "alerts",
        "Hotline",
        "live",
        "supervisor",
        "help",
        "detail",
        "accept",
        "dispatch",
        "filter",
        "command",
        "CLOCK",
        "TITLE",
        "WHY",
    ] {
        assert!(
            !screen.contains(english),
            "{english:?} on a Chinese screen:\n{screen}"
        );
    }
}
