//! The dispatcher's safety rules, in a real terminal: no key acts on an
//! item the operator did not look at. A server process, the console in
//! tmux at 80×24, and a colleague changing things from another login.

use crate::console_tmux::console_and_db;
use crate::spawned::BIN;
use citydesk::client::Client;
use citydesk::model::{Action, CreateItem, Item, Kind, Status, Tier};
use std::process::Command;

/// Another operator on the same server, as a client.
fn colleague(db: &str, url: &str, login: &str, role: &str) -> Client {
    let out = Command::new(BIN)
        .args([
            "operator", "add", login, "--role", role, "--name", login, "--db", db,
        ])
        .output()
        .expect("operator add");
    let token = String::from_utf8(out.stdout).expect("utf8").trim().to_owned();
    Client::new(url, Some(token)).expect("client")
}

async fn create(client: &Client, kind: Kind, title: &str) -> Item {
    let req: CreateItem = crate::common::of_kind(kind, title);
    client.create(&req, None).await.expect("create").item.item
}

async fn current(client: &Client, item: &Item) -> Item {
    client.item(&item.id).await.expect("item").item.item
}

#[tokio::test(flavor = "multi_thread")]
async fn a_row_closed_under_the_cursor_keeps_its_place_and_keys_refuse_until_moving() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, server, desk, db) = console_and_db(dir.path(), "zhaolei", "dispatcher", "赵磊").await;
    let bob = colleague(&db, &server.url(), "bob", "dispatcher");
    let first = create(&desk, Kind::Ticket, "路灯不亮 古塔区").await;
    let second = create(&desk, Kind::Ticket, "噪声扰民 凌河区").await;
    tmux.wait_for(second.id.as_str());
    tmux.keys(&["Tab", "Tab", "Tab"]);
    tmux.wait_for("Hotline 12345 pane");

    // The cursor is on the first ticket; a colleague rejects it.
    crate::common::act(
        &bob,
        &first,
        Action::Reject {
            reason: "重复来电".into(),
        },
    )
    .await;
    let screen = tmux.wait_for(&format!("{} rejected by bob", first.id));
    assert!(screen.contains(second.id.as_str()), "{screen}");

    // `a` would have accepted the second ticket, which slid under the
    // cursor; it refuses and says why.
    tmux.keys(&["a"]);
    tmux.wait_for("nothing selected; j/k moves on");
    assert_eq!(current(&desk, &second).await.status, Status::New, "nothing sent");

    // Moving on selects the row that took its place, and keys work again.
    tmux.keys(&["j", "a"]);
    tmux.wait_for(&format!("accept {}: done", second.id));
    // (The policy may dispatch it at once after the accept.)
    let now = current(&desk, &second).await.status;
    assert!(matches!(now, Status::Accepted | Status::Dispatched), "{now}");
}

#[tokio::test(flavor = "multi_thread")]
async fn marks_outside_the_focused_pane_are_listed_and_asked_about() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, _server, desk, _db) = console_and_db(dir.path(), "sunli", "dispatcher", "孙丽").await;
    let incident = create(&desk, Kind::Incident, "井盖缺失 古塔区").await;
    let alert = create(&desk, Kind::Alert, "积水 凌河区").await;
    tmux.wait_for(alert.id.as_str());

    // Mark the incident, then look at the grid alerts.
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for("1 marked:");
    assert!(screen.contains(incident.id.as_str()), "{screen}");
    tmux.keys(&["Tab", "Tab"]);
    let screen = tmux.wait_for("Grid alerts pane");
    assert!(
        screen.contains(&format!("{} (Incidents)", incident.id)),
        "the footer names the mark out of sight:\n{screen}"
    );

    // `c` would claim the incident, not the alert in view: it asks.
    tmux.keys(&["c"]);
    tmux.wait_for(&format!(
        "claim 1 marked out of view: {} (Incidents)? y/n",
        incident.id
    ));
    tmux.keys(&["n"]);
    tmux.wait_for("cancelled: nothing sent");
    assert!(current(&desk, &incident).await.claim.is_none());

    // Unmarked, `c` claims the alert under the cursor.
    tmux.keys(&["M", "c"]);
    tmux.wait_for(&format!("claim {}: done", alert.id));
    assert!(current(&desk, &alert).await.claim.is_some());
    assert!(current(&desk, &incident).await.claim.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn escalating_asks_for_a_reason_and_confirms_several_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let (tmux, _server, desk, _db) = console_and_db(dir.path(), "zhoujie", "dispatcher", "周杰").await;
    let one = create(&desk, Kind::Incident, "路面塌陷 太和区").await;
    let two = create(&desk, Kind::Incident, "路面塌陷 古塔区").await;
    tmux.wait_for(two.id.as_str());

    // `e` opens the line for the reason; empty, it is refused.
    tmux.keys(&["e"]);
    tmux.wait_for(":escalate ");
    tmux.keys(&["Enter"]);
    tmux.wait_for(":escalate needs <reason>");
    assert_eq!(current(&desk, &one).await.tier, Tier::Grid, "nothing sent");

    tmux.keys(&["e"]);
    tmux.wait_for(":escalate ");
    tmux.keys(&["-l", "road caved in"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("escalate {}: done", one.id));
    assert_eq!(current(&desk, &one).await.tier, Tier::Community);

    // Two marked: the reason, then a question naming both.
    tmux.keys(&["Space", "Space", "e"]);
    tmux.wait_for(":escalate ");
    tmux.keys(&["-l", "still open"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("escalate 2 items one tier each");
    assert!(screen.contains(two.id.as_str()), "{screen}");
    assert_eq!(current(&desk, &two).await.tier, Tier::Grid, "asked first");
    tmux.keys(&["y"]);
    tmux.wait_for("escalate: 2 done");
    assert_eq!(current(&desk, &one).await.tier, Tier::Street);
    assert_eq!(current(&desk, &two).await.tier, Tier::Community);
}
