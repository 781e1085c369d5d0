//! Storage that fails loudly: a damaged file stops `serve` at start; a
//! full disk makes health say `degraded` and writes answer 503
//! `storage_unavailable`, and both clear by themselves when space returns.

use crate::spawned::{BIN, LIMIT, Served};
use citydesk::client::Client;
use citydesk::model::Action;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Notes long enough that the log spans many pages, each findable.
fn note(i: usize) -> Action {
    Action::Note {
        text: format!("MARK-{i:04}-{}", "x".repeat(300)),
    }
}

/// Finds the page holding `marker` in the file at `path`.
fn page_of(path: &std::path::Path, marker: &str) -> (u64, u64) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page_size");
    // Everything into the main file, so the page is found there.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    drop(conn);
    let bytes = std::fs::read(path).expect("read db");
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
        .expect("marker in the file");
    let size = size as u64;
    (at as u64 / size * size, size)
}

/// A database whose event log has one scribbled page: the items and the
/// log's last page stay readable, so only a check of every page finds it.
/// Returns the database URL and a dispatcher's token.
async fn damaged_database(dir: &std::path::Path) -> (String, String) {
    let path = dir.join("d.db");
    let db = format!("sqlite:{}", path.display());
    let token = crate::spawned::operator(&db, "d", "dispatcher");
    let mut server = Served::start(&db);
    server.ready().await;
    let client = Client::new(&server.url(), Some(token.clone())).expect("client");
    let mut item = crate::common::new_ticket(&client, "井盖破损").await;
    for i in 0..150 {
        item = crate::common::act(&client, &item, note(i)).await;
    }
    assert_eq!(server.terminate().code(), Some(0));

    let (page, _) = page_of(&path, "MARK-0010-");
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).expect("open");
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(page)).expect("seek");
    file.write_all(&[0xFF; 12]).expect("scribble");
    (db, token)
}

#[tokio::test]
async fn a_damaged_log_page_stops_serve_at_start_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = damaged_database(dir.path()).await;

    let mut serve = Command::new(BIN)
        .args(["serve", "--db", &db, "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = serve.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = serve.kill();
            panic!("serve kept running over a damaged database");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    use std::io::Read;
    serve
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    assert!(!status.success(), "a damaged database must not be served");
    assert!(
        stderr.contains("damaged") && stderr.contains("quick_check") && stderr.contains("backup"),
        "the message says what is wrong and what to do:\n{stderr}"
    );
    assert!(
        !stderr.contains("citydesk serving"),
        "it never listened:\n{stderr}"
    );
}

/// A file too large to check before listening is checked while serving:
/// the damage, once found, refuses every write with 503 and health says
/// why, and reads go on.
#[tokio::test]
async fn damage_found_while_serving_refuses_writes_and_health_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, token) = damaged_database(dir.path()).await;
    let server = Served::start_with(&db, "127.0.0.1:0", &["--start-check", "after"]);
    server.ready().await;
    let http = crate::common::http();
    let deadline = Instant::now() + LIMIT;
    let health = loop {
        let health: serde_json::Value = http
            .get(format!("{}/v1/health", server.url()))
            .send()
            .await
            .expect("health")
            .json()
            .await
            .expect("health json");
        if health["status"] == "degraded" {
            break health;
        }
        assert!(Instant::now() < deadline, "the check never reported: {health}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let reason = health["reason"].as_str().expect("a reason");
    assert!(
        reason.contains("damaged") && reason.contains("backup"),
        "{reason}"
    );

    let client = Client::new(&server.url(), Some(token)).expect("client");
    let snapshot = client
        .snapshot(&citydesk::api::SnapshotQuery::default())
        .await
        .expect("reads go on");
    assert_eq!(snapshot.items.len(), 1);
    let refused = client
        .create(&crate::common::ticket("路灯不亮"), None)
        .await
        .expect_err("a write into a damaged file is refused");
    assert_eq!(refused.code(), Some("storage_unavailable"), "{refused}");
    assert!(
        server.stderr().contains("every write is refused"),
        "{}",
        server.stderr()
    );
}

/// A server whose database lives on a 2 MiB tmpfs of its own: `unshare`
/// gives it a private mount namespace (a user namespace too, so no root is
/// needed), and the test reaches the mount through /proc/PID/root.
struct SmallDisk {
    server: Served,
    token: String,
    mount: String,
    _outside: tempfile::TempDir,
}

impl SmallDisk {
    fn start() -> Self {
        let outside = tempfile::tempdir().expect("tempdir");
        let mount = outside.path().join("disk");
        std::fs::create_dir(&mount).expect("mount point");
        let token_file = outside.path().join("token");
        let script = r#"set -e
mount -t tmpfs -o size=2m tmpfs "$DISK"
"$BIN" operator add d --role dispatcher --db "sqlite:$DISK/d.db" > "$TOKEN"
exec "$BIN" serve --db "sqlite:$DISK/d.db" --listen 127.0.0.1:0"#;
        let mut command = Command::new("unshare");
        command
            .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
            .env("DISK", &mount)
            .env("BIN", BIN)
            .env("TOKEN", &token_file);
        let server = Served::spawn(command);
        let token = std::fs::read_to_string(&token_file)
            .expect("token")
            .trim()
            .to_owned();
        SmallDisk {
            mount: format!("/proc/{}/root{}", server.pid(), mount.display()),
            server,
            token,
            _outside: outside,
        }
    }

    /// Writes a file until the disk says it is full.
    fn fill(&self) {
        let mut filler = std::fs::File::create(format!("{}/filler", self.mount)).expect("filler");
        let chunk = vec![0u8; 16 * 1024];
        while filler.write_all(&chunk).and_then(|()| filler.sync_all()).is_ok() {}
    }

    fn free(&self) {
        std::fs::remove_file(format!("{}/filler", self.mount)).expect("remove filler");
    }
}

#[tokio::test]
async fn a_full_disk_degrades_health_answers_503_and_recovers_when_space_returns() {
    let disk = SmallDisk::start();
    disk.server.ready().await;
    let client = Client::new(&disk.server.url(), Some(disk.token.clone())).expect("client");
    let mut kept = vec![crate::common::new_ticket(&client, "停水").await];
    let health = client.health().await.expect("health");
    assert_eq!((health.status.as_str(), health.reason), ("ok", None));

    disk.fill();
    let mut big = crate::common::ticket("路灯不亮");
    big.description = "灯".repeat(600);
    // The log's file may still have room of its own: write until it has not.
    let refused = loop {
        match client.create(&big, None).await {
            Ok(reply) => kept.push(reply.item.item),
            Err(e) => break e,
        }
        assert!(kept.len() < 500, "2 MiB never filled up");
    };
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(503), "{refused}");
    assert_eq!(refused.code(), Some("storage_unavailable"), "{refused}");
    assert!(refused.to_string().contains("full"), "{refused}");
    let health = client.health().await.expect("health");
    assert_eq!(health.status, "degraded");
    assert!(
        health.reason.as_deref().is_some_and(|r| r.contains("full")),
        "{health:?}"
    );
    // Reads still work, and every acknowledged write is there.
    for item in &kept {
        assert_eq!(
            crate::common::fetch(&client, &item.id).await.version,
            item.version
        );
    }

    disk.free();
    let deadline = Instant::now() + LIMIT;
    while client.health().await.expect("health").status != "ok" {
        assert!(Instant::now() < deadline, "health never recovered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = crate::common::new_ticket(&client, "恢复").await;
    assert_eq!(crate::common::fetch(&client, &after.id).await.version, 1);
    for item in &kept {
        assert_eq!(
            crate::common::fetch(&client, &item.id).await.version,
            item.version
        );
    }
}
