//! End to end in a real terminal: a server process and the console in tmux
//! at 80×24, driven by keys; the screen and the server are both checked.

use crate::spawned::{BIN, Served};
use citydesk::client::Client;
use citydesk::model::{CreateItem, Kind, Status};
use std::process::Command;
use std::time::{Duration, Instant};

pub(crate) struct Tmux {
    socket: String,
}

impl Tmux {
    /// `command` in a new tmux server on `socket`, at 80×24.
    pub(crate) fn open(socket: &str, command: &str) -> Self {
        let tmux = Tmux {
            socket: socket.to_owned(),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "console",
            "-x",
            "80",
            "-y",
            "24",
            command,
        ]);
        tmux
    }

    pub(crate) fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux (CI installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub(crate) fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "console"])
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "console"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub(crate) fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen satisfies `ok`; `what` names it when it
    /// never does.
    pub(crate) fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + crate::spawned::LIMIT;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dispatcher_accepts_and_dispatches_in_tmux_at_80x24() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, _server, client) = console_for(dir.path(), "wangfang", "dispatcher", "王芳").await;
    let req = CreateItem {
        kind: Kind::Incident,
        ..crate::common::of_kind(Kind::Incident, "上水井盖缺失 古塔区 北街")
    };
    let item = client.create(&req, None).await.expect("create").item.item;
    let config = dir.path().join("config");
    let screen = tmux.wait_for("上水井盖缺失");
    assert!(screen.contains(item.id.as_str()), "{screen}");

    tmux.keys(&["a"]);
    tmux.wait_for(&format!("accept {}: done", item.id));
    // Accepting routed it to heating at once (H01's department). `d`
    // lists the departments by name with their load; typing the pinyin
    // initials of 供水公司 narrows the list to it.
    tmux.keys(&["d"]);
    let screen = tmux.wait_for(&format!("dispatch {}", item.id));
    assert!(screen.contains("filter:") && screen.contains(" open"), "{screen}");
    tmux.keys(&["gsgs"]);
    let screen = tmux.wait_for("1 of ");
    assert!(
        screen.contains("供水公司") && screen.contains("water"),
        "{screen}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(&format!("dispatch {}: done", item.id));
    assert!(screen.lines().count() <= 24, "fits 80x24");

    let now = client.item(&item.id).await.expect("item").item.item;
    assert_eq!(
        (now.status, now.department.as_deref()),
        (Status::Dispatched, Some("water"))
    );
    // The : line with the word typed works as before.
    tmux.keys(&[":", "dispatch heat", "Tab"]);
    tmux.wait_for(":dispatch heating");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("dispatch {}: done", item.id));
    let now = client.item(&item.id).await.expect("item").item.item;
    assert_eq!(now.department.as_deref(), Some("heating"));

    // A repeat call: the server suggests the first as its duplicate, and
    // one key (then y) merges it there.
    let call = |caller: &str| CreateItem {
        category: "H02".into(),
        place: citydesk::model::Place {
            address: Some("古塔区 解放路 12 号".into()),
            ..Default::default()
        },
        caller: Some(citydesk::model::Caller {
            name: Some(caller.into()),
            phone: None,
            ..Default::default()
        }),
        ..crate::common::ticket("停水 解放路")
    };
    let first = client.create(&call("王"), None).await.expect("first").item.item;
    let second = client.create(&call("李"), None).await.expect("second").item.item;
    assert_eq!(second.duplicates, std::slice::from_ref(&first.id));
    tmux.wait_for(second.id.as_str());
    // Tickets is the fourth pane; the repeat call, due last, is its second row.
    tmux.keys(&["Tab", "Tab", "Tab"]);
    tmux.wait_for("Hotline 12345 pane");
    let marked = |screen: &str| {
        screen
            .lines()
            .any(|l| l.contains(second.id.as_str()) && l.contains('≈'))
    };
    assert!(marked(&tmux.screen()), "the repeat call is marked ≈");
    tmux.keys(&["j", "D"]);
    tmux.wait_for(&format!("merge {} into {}", second.id, first.id));
    tmux.keys(&["y"]);
    tmux.wait_for(&format!("{} merged into {}", second.id, first.id));

    // The stats view, and back.
    tmux.keys(&["K"]);
    let screen = tmux.wait_for("all queues");
    assert!(screen.contains("median/p90"), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Incidents");

    // Quitting restores the terminal and ends the process (and the session).
    tmux.keys(&["q"]);
    let deadline = Instant::now() + crate::spawned::LIMIT;
    while tmux.run(&["list-sessions"]).contains("console") {
        assert!(Instant::now() < deadline, "the console did not exit");
        std::thread::sleep(Duration::from_millis(100));
    }
    // A fresh config dir got the commented example.
    let example = std::fs::read_to_string(config.join("citydesk/config.toml")).expect("config written");
    assert!(example.contains("# server ="));
}

/// A console for `login` (role `role`) in tmux at 80×24 against a fresh
/// served database; returns the terminal, the server and an API client.
pub(crate) async fn console_for(
    dir: &std::path::Path,
    login: &str,
    role: &str,
    name: &str,
) -> (Tmux, Served, Client) {
    let (tmux, server, client, _db) = console_and_db(dir, login, role, name).await;
    (tmux, server, client)
}

/// As `console_for`, with the database URL, to add more operators.
pub(crate) async fn console_and_db(
    dir: &std::path::Path,
    login: &str,
    role: &str,
    name: &str,
) -> (Tmux, Served, Client, String) {
    let db = format!("sqlite:{}", dir.join("desk.db").display());
    let out = Command::new(BIN)
        .args([
            "operator", "add", login, "--role", role, "--name", name, "--db", &db,
        ])
        .output()
        .expect("operator add");
    let token = String::from_utf8(out.stdout).expect("utf8").trim().to_owned();
    let server = Served::start(&db);
    server.ready().await;
    let url = server.url();
    let client = Client::new(&url, Some(token.clone())).expect("client");
    let command = format!(
        "env CITYDESK_TOKEN={token} XDG_CONFIG_HOME={} TERM=xterm-256color {BIN} console --server {url}",
        dir.join("config").display()
    );
    let tmux = Tmux::open(&format!("citydesk-{login}-{}", std::process::id()), &command);
    tmux.wait_for("● live");
    (tmux, server, client, db)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_call_taker_logs_a_call_from_the_keyboard_in_tmux() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, _server, client) = console_for(dir.path(), "lina", "agent", "李娜").await;
    tmux.keys(&["i"]);
    tmux.wait_for("New ticket");
    tmux.keys(&["138-0000-1234"]);
    tmux.wait_for("first call from this nu");
    tmux.keys(&["Tab", "王女士", "Tab", "Tab", "Tab"]);
    tmux.keys(&["家里暖气不热，室温只有12度"]);
    // The suggestion comes from the server; one key takes it, and the
    // cursor moves on to the place.
    tmux.wait_for("H01 供热不热");
    tmux.keys(&["M-1"]);
    tmux.wait_for("category H01");
    tmux.keys(&["太和区/新民街道"]);
    // A wrong priority is caught on the form, before anything is sent.
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["P9", "F2"]);
    tmux.wait_for("1 field to mend before saving");
    tmux.keys(&["BSpace", "BSpace", "F2"]);
    let screen = tmux.wait_for("logged: 家里暖气不热");
    assert!(
        !screen.contains("New ticket"),
        "the form closes once logged:\n{screen}"
    );

    let snap = client
        .snapshot(&citydesk::api::SnapshotQuery::default())
        .await
        .expect("snapshot");
    let logged: Vec<_> = snap
        .items
        .iter()
        .map(|v| &v.item)
        .filter(|i| i.category == "H01")
        .collect();
    assert_eq!(logged.len(), 1, "exactly one ticket on the server");
    let ticket = logged[0];
    assert_eq!(ticket.kind, Kind::Ticket);
    assert_eq!(ticket.place.district.as_deref(), Some("太和区"));
    let caller = ticket.callers.first().expect("caller");
    assert_eq!(
        caller.phone.as_deref(),
        Some("13800001234"),
        "the phone is stored normalised"
    );
    assert_eq!(caller.name.as_deref(), Some("王女士"));
    tmux.wait_for(ticket.id.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_telephone_system_pops_the_form_on_the_ringing_console() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, server, client, db) = console_and_db(dir.path(), "lina", "agent", "李娜").await;
    let out = Command::new(BIN)
        .args([
            "operator",
            "add",
            "pbx",
            "--role",
            "telephony",
            "--name",
            "总机",
            "--db",
            &db,
        ])
        .output()
        .expect("operator add");
    let pbx = String::from_utf8(out.stdout).expect("utf8").trim().to_owned();
    let rang = Command::new(BIN)
        .args([
            "call",
            "+86 138-0000-1234",
            "--operator",
            "lina",
            "--call-id",
            "pbx-42",
        ])
        .args(["--server", &server.url()])
        .env("CITYDESK_TOKEN", &pbx)
        .env("XDG_CONFIG_HOME", dir.path().join("pbx-config"))
        .output()
        .expect("citydesk call");
    assert!(rang.status.success(), "{}", String::from_utf8_lossy(&rang.stderr));
    let screen = tmux.wait_for("13800001234 is calling");
    assert!(screen.contains("New ticket"), "the form opened:\n{screen}");
    tmux.wait_for("first call from this nu");
    tmux.keys(&[
        "王女士",
        "Tab",
        "Tab",
        "Tab",
        "家里暖气不热",
        "Tab",
        "H01",
        "Tab",
        "古塔区",
        "F2",
    ]);
    tmux.wait_for("logged: 家里暖气不热");
    let snap = client
        .snapshot(&citydesk::api::SnapshotQuery::default())
        .await
        .expect("snapshot");
    let ticket = snap
        .items
        .iter()
        .map(|v| &v.item)
        .find(|i| i.category == "H01")
        .expect("ticket");
    assert_eq!(
        ticket.call_id.as_deref(),
        Some("pbx-42"),
        "the ticket records the call"
    );
    assert_eq!(
        ticket.callers.first().and_then(|c| c.phone.as_deref()),
        Some("13800001234")
    );
}

/// A newcomer's questions answered from the screen: `?`, then `/escal`
/// finds why items are in Escalations, `n` the next match, and `esc`
/// leaves the help where it was opened (here: the stats view).
#[tokio::test(flavor = "multi_thread")]
async fn the_help_is_searched_with_slash_in_tmux() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, _server, _client) = console_for(dir.path(), "zhouhelp", "dispatcher", "周明").await;
    tmux.keys(&["?"]);
    tmux.wait_for("What you see");
    tmux.keys(&["/"]);
    tmux.keys(&["escal"]);
    let screen = tmux.wait_for("/escal: ");
    assert!(
        screen.contains("enter keep the search"),
        "the search line's own keys:\n{screen}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Why is an item in Escalations");
    assert!(screen.contains("overdue"), "{screen}");
    tmux.keys(&["n"]);
    tmux.wait_for("match 2 of");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("┌ Incidents");
    assert!(screen.contains("? help"), "{screen}");

    tmux.keys(&["K"]);
    tmux.wait_for("? explains each");
    tmux.keys(&["?"]);
    let screen = tmux.wait_for("What the stats columns mean");
    assert!(screen.contains("on-time close"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("Stats today");
    assert!(!screen.contains("Help "), "{screen}");
}
