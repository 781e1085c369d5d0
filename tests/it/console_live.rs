//! The console headless against a real server: keys in, effects performed
//! through the real client, the server's state checked.

use crate::common::{TestServer, new_ticket};
use crate::console_keys::press;
use citydesk::client::Client;
use citydesk::console::app::panes::PaneKind;
use citydesk::console::app::{App, Conn, update};
use citydesk::console::effects::perform;
use citydesk::console::keymap::Keymap;
use citydesk::console::msg::{Effect, Msg};
use citydesk::model::{Action, Role, Status};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

struct Headless {
    app: App,
    client: Client,
    rx: mpsc::Receiver<Msg>,
    cancel: CancellationToken,
}

impl Headless {
    async fn start(client: Client) -> Self {
        let me = client.me().await.expect("me").operator;
        let now = time::OffsetDateTime::now_utc();
        let keymap = Keymap::builtin("default").expect("keymap");
        let app = App::new(me, client.base().to_owned(), keymap, App::default_layout(), now);
        let (tx, rx) = mpsc::channel(1024);
        let cancel = CancellationToken::new();
        citydesk::console::spawn_live(client.clone(), tx, cancel.clone());
        Headless {
            app,
            client,
            rx,
            cancel,
        }
    }

    async fn run_effects(&mut self, effects: Vec<Effect>) {
        let mut queue = effects;
        while let Some(effect) = queue.pop() {
            if let Some(msg) = perform(effect, &self.client).await {
                queue.extend(update(&mut self.app, msg));
            }
        }
        self.app.prepare();
    }

    async fn keys(&mut self, keys: &str) {
        let effects = press(&mut self.app, keys);
        self.run_effects(effects).await;
    }

    /// Feeds live messages until `done` holds (or fails after a generous
    /// limit: a loaded machine reconnects slowly).
    async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = tokio::time::Instant::now() + crate::spawned::LIMIT;
        while !done(&self.app) {
            let msg = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}; status {:?}", self.app.ui.status))
                .expect("live feed");
            let effects = update(&mut self.app, msg);
            self.run_effects(effects).await;
        }
    }
}

impl Drop for Headless {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

#[tokio::test]
async fn a_dispatcher_accepts_dispatches_and_escalates_from_the_keyboard() {
    let server = TestServer::start().await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    let colleague = server.client("bob", Role::Dispatcher).await;
    let first = new_ticket(&desk, "供热不热 太和区").await;
    let second = new_ticket(&desk, "停水 凌河区").await;

    let mut h = Headless::start(desk.clone()).await;
    h.until("the snapshot", |a| {
        a.session.conn == Conn::Live && a.remote.mirror.items.len() == 2
    })
    .await;
    h.app.ui.focus = PaneKind::Tickets;
    h.app.prepare();
    let rows = h.app.rows(PaneKind::Tickets).to_vec();
    let at = rows.iter().position(|id| *id == first.id).expect("row");
    for _ in 0..at {
        h.keys("down").await;
    }
    h.keys("a").await;
    h.keys(": d i s p a t c h space h e a t i n g enter").await;
    let t = desk.item(&first.id).await.expect("item").item.item;
    assert_eq!(
        (t.status, t.department.as_deref()),
        (Status::Dispatched, Some("heating"))
    );

    // Escalate the other one, chosen by the command line.
    h.keys(": o p e n space").await;
    for c in second.id.as_str().chars() {
        h.keys(&c.to_string()).await;
    }
    h.keys("enter").await;
    // `e` asks why before anything is sent.
    h.keys("e").await;
    let t = desk.item(&second.id).await.expect("item").item.item;
    assert_eq!(t.tier, citydesk::model::Tier::Grid, "nothing sent yet");
    h.keys("未 解 决 enter").await;
    let t = desk.item(&second.id).await.expect("item").item.item;
    assert_eq!(t.tier, citydesk::model::Tier::Community);
    h.keys("esc").await;

    // A colleague's change arrives live.
    crate::common::act(&colleague, &t, Action::Claim {}).await;
    let id = second.id.clone();
    h.until("bob's claim", |a| {
        a.remote
            .mirror
            .items
            .get(&id)
            .and_then(|i| i.claim.as_ref())
            .is_some_and(|c| c.owner == "bob")
    })
    .await;
    assert!(
        h.app.ui.flash.contains_key(&second.id),
        "the changed row is marked"
    );

    // Acting through bob's claim is refused locally with the reason.
    h.app.ui.focus = PaneKind::Tickets;
    h.app.prepare();
    let at = h
        .app
        .rows(PaneKind::Tickets)
        .iter()
        .position(|r| *r == second.id)
        .expect("row");
    let c = h.app.ui.cursors.entry(PaneKind::Tickets).or_default();
    c.index = at;
    c.selected = Some(second.id.clone());
    h.keys("a").await;
    let (_, text) = h.app.ui.status.clone().expect("status");
    assert!(text.contains("claimed by bob"), "{text}");
}

#[tokio::test]
async fn a_conflict_names_who_changed_the_item_and_keeps_the_place() {
    let server = TestServer::start().await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    let bob = server.client("bob", Role::Dispatcher).await;
    let t = new_ticket(&desk, "井盖缺失").await;
    let mut h = Headless::start(desk.clone()).await;
    h.until("the snapshot", |a| {
        a.session.conn == Conn::Live && a.remote.mirror.items.len() == 1
    })
    .await;
    h.app.ui.focus = PaneKind::Tickets;
    h.app.prepare();
    // Bob accepts first; our copy is still at version 1.
    crate::common::act(&bob, &t, Action::Accept {}).await;
    h.keys("a").await;
    let (_, text) = h.app.ui.status.clone().expect("status");
    assert!(text.contains("op:bob accepted it first"), "{text}");
    assert_eq!(h.app.current(), Some(&t.id), "selection kept");
    assert_eq!(
        h.app.remote.mirror.items[&t.id].status,
        Status::Accepted,
        "row refreshed"
    );
}

/// A repeat call at the same address, the way the hotline logs it.
fn call_at(address: &str, caller: &str) -> citydesk::model::CreateItem {
    citydesk::model::CreateItem {
        category: "H02".into(),
        place: citydesk::model::Place {
            address: Some(address.into()),
            ..citydesk::model::Place::default()
        },
        caller: Some(citydesk::model::Caller {
            name: Some(caller.into()),
            phone: None,
            ..Default::default()
        }),
        ..crate::common::ticket("停水")
    }
}

#[tokio::test]
async fn a_repeat_call_merges_into_the_first_with_one_key() {
    let server = TestServer::start().await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    let first = desk
        .create(&call_at("古塔区 解放路 12 号", "王"), None)
        .await
        .expect("first");
    let second = desk
        .create(&call_at("古塔区解放路12号", "李"), None)
        .await
        .expect("second");
    let (first, second) = (first.item.item, second.item.item);
    assert_eq!(
        second.duplicates,
        std::slice::from_ref(&first.id),
        "the server suggests it"
    );

    let mut h = Headless::start(desk.clone()).await;
    h.until("the snapshot", |a| {
        a.session.conn == Conn::Live && a.remote.mirror.items.len() == 2
    })
    .await;
    select_ticket(&mut h.app, &second.id);
    h.keys("D").await;
    h.keys("y").await;
    let (_, text) = h.app.ui.status.clone().expect("status");
    assert_eq!(
        text,
        format!(
            "{} merged into {}: its caller is an additional caller there",
            second.id, first.id
        )
    );
    let survivor = desk.item(&first.id).await.expect("item").item.item;
    let names: Vec<_> = survivor.callers.iter().filter_map(|c| c.name.clone()).collect();
    assert_eq!(names, ["王", "李"]);

    // Merging again is refused by the server; the console says why and goes on.
    h.app.remote.mirror.refresh(second.clone());
    select_ticket(&mut h.app, &second.id);
    h.keys("D").await;
    h.keys("y").await;
    let (level, text) = h.app.ui.status.clone().expect("status");
    assert_eq!(level, citydesk::console::app::Level::Error, "{text}");
    assert!(text.starts_with(second.id.as_str()), "{text}");
    assert!(!h.app.quit);
}

#[tokio::test]
async fn the_stats_view_shows_the_servers_kpis_and_switches_window() {
    let server = TestServer::start().await;
    let desk = server.client("wangfang", Role::Dispatcher).await;
    let t = new_ticket(&desk, "供热不热 太和区").await;
    crate::common::act(&desk, &t, Action::Accept {}).await;
    new_ticket(&desk, "停水 凌河区").await;
    let mut h = Headless::start(desk.clone()).await;
    h.until("the snapshot", |a| {
        a.session.conn == Conn::Live && a.remote.mirror.items.len() == 2
    })
    .await;
    h.keys("K").await;
    let stats = h.app.remote.stats.data.clone().expect("stats arrived");
    let all = stats.group("all", "all").expect("all group");
    assert_eq!((stats.window.as_str(), all.reported), ("today", 2));
    let screen = render(&mut h.app, 80, 24);
    assert!(screen.contains("all queues"), "{screen}");
    let hotline_open = screen
        .lines()
        .find(|l| l.contains("│hotline "))
        .and_then(|l| l.split_whitespace().nth(1));
    assert_eq!(hotline_open, Some("2"), "{screen}");

    h.keys(": s t a t s space w e e k enter").await;
    assert_eq!(
        h.app.remote.stats.data.as_ref().map(|s| s.window.as_str()),
        Some("week")
    );
    h.keys("esc").await;
    assert_eq!(h.app.ui.mode, citydesk::console::app::Mode::Normal);
}

fn select_ticket(app: &mut App, id: &citydesk::model::ItemId) {
    app.ui.focus = PaneKind::Tickets;
    app.prepare();
    let at = app.rows(PaneKind::Tickets).position(id).expect("row");
    let c = app.ui.cursors.entry(PaneKind::Tickets).or_default();
    c.index = at;
    c.selected = Some(id.clone());
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    app.prepare();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
    let theme = citydesk::console::theme::Theme::builtin("dark").expect("theme");
    terminal
        .draw(|f| {
            citydesk::console::views::render(f, app, &theme, citydesk::console::views::Glyphs::new(false))
        })
        .expect("draw");
    terminal.backend().to_string()
}

/// A server restored from a backup has a shorter log than the console has
/// seen: it answers the resumed stream with `reset`, and the console drops
/// what it mirrored and re-reads the snapshot.
#[tokio::test]
async fn after_a_reset_the_console_mirrors_the_new_servers_snapshot() {
    let token = citydesk::server::new_token();
    let op = citydesk::model::Operator {
        login: "d".into(),
        name: "d".into(),
        role: Role::Dispatcher,
        department: None,
    };
    let hash = citydesk::server::hash_token(&token);
    let first = TestServer::start().await;
    first.store.add_operator(&op, &hash).await.expect("operator");
    let client = Client::new(&first.url(), Some(token)).expect("client");
    for title in ["旧 一", "旧 二", "旧 三"] {
        new_ticket(&client, title).await;
    }
    let mut h = Headless::start(client.clone()).await;
    h.until("the first snapshot", |a| {
        a.session.conn == Conn::Live && a.remote.mirror.items.len() == 3
    })
    .await;

    let addr = first.addr;
    first.stop().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let restored = TestServer::start_at(dir, Default::default(), addr).await;
    restored.store.add_operator(&op, &hash).await.expect("operator");
    let fresh = new_ticket(&client, "新").await;
    h.until("the restored server's items only", |a| {
        a.session.conn == Conn::Live
            && a.remote.mirror.items.len() == 1
            && a.remote
                .mirror
                .items
                .get(&fresh.id)
                .is_some_and(|i| i.title == "新")
    })
    .await;
    assert_eq!(h.app.remote.mirror.seq, 1);
}
