//! `citydesk backup` while writers are busy, `citydesk verify`, and a
//! restore that serves every write acknowledged before the backup.

use crate::spawned::{BIN, Served};
use citydesk::client::Client;
use citydesk::model::{Action, ItemId};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run citydesk")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The value of `name` in a report (`checksum  sha256:…`).
fn field(out: &Output, name: &str) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
        .unwrap_or_else(|| panic!("no {name} line in:\n{}", text(out)))
}

type Acked = Arc<Mutex<Vec<(ItemId, u64)>>>;

/// Creates and notes tickets until `stop`, recording every 2xx.
async fn writer(client: Client, n: usize, acked: Acked, stop: Arc<AtomicBool>) {
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let item = crate::common::new_ticket(&client, &format!("备份{n}-{i}")).await;
        acked.lock().expect("lock").push((item.id.clone(), item.version));
        let noted = crate::common::act(
            &client,
            &item,
            Action::Note {
                text: format!("n{i}"),
            },
        )
        .await;
        acked
            .lock()
            .expect("lock")
            .push((noted.id.clone(), noted.version));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_writers_verifies_and_restores_every_acknowledged_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("live.db").display());
    let token = crate::spawned::operator(&db, "d", "dispatcher");
    let mut server = Served::start(&db);
    server.ready().await;
    let acked: Acked = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|n| {
            let client = Client::new(&server.url(), Some(token.clone())).expect("client");
            tokio::spawn(writer(client, n, Arc::clone(&acked), Arc::clone(&stop)))
        })
        .collect();
    while acked.lock().expect("lock").len() < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before = acked.lock().expect("lock").clone();
    let copy = dir.path().join("copy.db");
    let copy_arg = copy.display().to_string();
    let db_arg = db.clone();
    let out = tokio::task::spawn_blocking(move || run(&["backup", "--db", &db_arg, "--to", &copy_arg]))
        .await
        .expect("backup");
    let during = acked.lock().expect("lock").len();
    // The writers kept going while the copy was taken, and after.
    while acked.lock().expect("lock").len() < during + 20 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.expect("writer");
    }
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(field(&out, "verdict"), "ok");
    let checksum = field(&out, "checksum");
    let head: u64 = field(&out, "events")
        .rsplit("..")
        .next()
        .and_then(|s| s.trim_end_matches(')').parse().ok())
        .expect("head seq");
    server.terminate();

    // Restore: the server is stopped, the copy is put in place, it starts.
    let restored = tempfile::tempdir().expect("tempdir");
    let path = restored.path().join("restored.db");
    std::fs::copy(&copy, &path).expect("copy into place");
    let verified = run(&["verify", &path.display().to_string(), "--checksum", &checksum]);
    assert!(verified.status.success(), "{}", text(&verified));
    let server = Served::start(&format!("sqlite:{}", path.display()));
    server.ready().await;
    let client = Client::new(&server.url(), Some(token)).expect("client");
    assert_eq!(client.health().await.expect("health").seq, head);
    for (id, version) in &before {
        let item = crate::common::fetch(&client, id).await;
        assert!(
            item.version >= *version,
            "{id} v{version} acknowledged before the backup"
        );
    }
}

#[tokio::test]
async fn verify_finds_a_missing_event_and_an_edited_one() {
    let server = crate::common::TestServer::start().await;
    let client = server.client("d", citydesk::model::Role::Dispatcher).await;
    let mut item = crate::common::new_ticket(&client, "漏水").await;
    for i in 0..5 {
        item = crate::common::act(
            &client,
            &item,
            Action::Note {
                text: format!("note-{i}"),
            },
        )
        .await;
    }
    let dir = server.stop().await;
    let live = dir.path().join("test.db");
    let copy = dir.path().join("copy.db");
    let out = run(&[
        "backup",
        "--db",
        &format!("sqlite:{}", live.display()),
        "--to",
        &copy.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let checksum = field(&out, "checksum");
    assert!(
        checksum.starts_with("sha256:") && checksum.len() == 7 + 64,
        "{checksum}"
    );
    // Never over an existing file.
    let again = run(&[
        "backup",
        "--db",
        &format!("sqlite:{}", live.display()),
        "--to",
        &copy.display().to_string(),
    ]);
    assert!(
        !again.status.success() && text(&again).contains("already exists"),
        "{}",
        text(&again)
    );

    let tamper = |name: &str, sql: &str| {
        let path = dir.path().join(name);
        std::fs::copy(&copy, &path).expect("copy");
        let conn = rusqlite::Connection::open(&path).expect("open");
        assert_eq!(conn.execute(sql, []).expect("tamper"), 1);
        drop(conn);
        path.display().to_string()
    };
    let gap = tamper("gap.db", "DELETE FROM events WHERE seq = 3");
    let out = run(&["verify", &gap]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("seq gap: 4 follows 2"), "{}", text(&out));

    let edited = tamper(
        "edited.db",
        "UPDATE events SET body = replace(body, 'note-2', 'note-X') WHERE seq = 4",
    );
    let out = run(&["verify", &edited, "--checksum", &checksum]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("do not add up"), "{}", text(&out));
    let out = run(&["verify", &copy.display().to_string(), "--checksum", &checksum]);
    assert!(
        out.status.success(),
        "the untouched copy verifies: {}",
        text(&out)
    );
}
