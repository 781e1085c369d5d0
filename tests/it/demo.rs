//! `citydesk demo` in a real terminal: the city shows up in all three
//! queues within seconds, and `q` leaves nothing running.

use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

fn tmux(socket: &str, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux (CI installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sends `keys` (each a tmux key or text) and waits for `want` on the
/// screen; the screen, or what it showed instead when it did not come.
fn keys_then(socket: &str, keys: &[&str], want: &str) -> Result<String, String> {
    for key in keys {
        tmux(socket, &["send-keys", "-t", "demo", key]);
        std::thread::sleep(Duration::from_millis(150));
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let screen = tmux(socket, &["capture-pane", "-p", "-t", "demo"]);
        if screen.contains(want) {
            return Ok(screen);
        }
        if Instant::now() > deadline {
            return Err(format!("no {want:?} after {keys:?}:\n{screen}"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
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
    let socket = format!("citydesk-demo-{}", std::process::id());
    let home = tempfile::tempdir().expect("dir");
    let pid_file = home.path().join("pid");
    let command = format!(
        "echo $$ > {pid}; exec env -u LC_ALL -u LC_MESSAGES -u CITYDESK_LANG LANG=C.UTF-8 XDG_CONFIG_HOME={cfg} XDG_DATA_HOME={data} {BIN} demo --rate 20 --seed 7",
        pid = pid_file.display(),
        cfg = home.path().join("cfg").display(),
        data = home.path().join("data").display(),
    );
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "demo",
            "-x",
            "80",
            "-y",
            "24",
            &command,
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let screen = loop {
        let screen = tmux(&socket, &["capture-pane", "-p", "-t", "demo"]);
        let all = ["Incidents", "Grid alerts", "Hotline 12345"]
            .iter()
            .all(|t| count(&screen, t) > 0);
        if all && screen.contains("● live") {
            break screen;
        }
        if Instant::now() > deadline {
            tmux(&socket, &["kill-server"]);
            panic!("the demo did not fill all three queues:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(screen.contains("supervisor"), "{screen}");
    let pid = std::fs::read_to_string(&pid_file).expect("pid").trim().to_owned();

    tmux(&socket, &["send-keys", "-t", "demo", "q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            Instant::now() < deadline,
            "the demo process {pid} is still running after q"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux(&socket, &["kill-server"]);
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
    let socket = format!("citydesk-demo-zh-{}", std::process::id());
    let home = tempfile::tempdir().expect("dir");
    let command = format!(
        "exec env -u LC_ALL -u LC_MESSAGES -u CITYDESK_LANG LANG=zh_CN.UTF-8 XDG_CONFIG_HOME={cfg} XDG_DATA_HOME={data} {BIN} demo --rate 20 --seed 7 --calls-per-hour 0",
        cfg = home.path().join("cfg").display(),
        data = home.path().join("data").display(),
    );
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "demo",
            "-x",
            "80",
            "-y",
            "24",
            &command,
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let screen = loop {
        let screen = tmux(&socket, &["capture-pane", "-p", "-t", "demo"]);
        let all = ["突发事件", "网格告警", "12345 热线"]
            .iter()
            .all(|t| count(&screen, t) > 0);
        if all && screen.contains("● 实时") {
            break screen;
        }
        if Instant::now() > deadline {
            tmux(&socket, &["kill-server"]);
            panic!("the demo did not fill all three queues in Chinese:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    // The map, the intake form's checks and the `:` line's errors, each
    // waited for by a Chinese word it must show.
    let map = keys_then(&socket, &["W"], "区县");
    let form = keys_then(&socket, &["W", "i", "F2"], "请选择类别");
    let line = keys_then(
        &socket,
        &["Escape", "Escape", ":", "teleport", "Enter"],
        "没有命令",
    );
    let words = keys_then(&socket, &[":", "supervise purple", "Enter"], "不是");
    tmux(&socket, &["send-keys", "-t", "demo", "q"]);
    std::thread::sleep(Duration::from_millis(500));
    tmux(&socket, &["kill-server"]);
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
