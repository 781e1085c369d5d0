//! A `reset` from the server (the client's `seq` is one this server's log
//! does not have: restored from a backup, or history beyond the replay
//! limit) as both clients meet it: `tail` says so on stderr and follows
//! from the server's seq; the console re-reads the snapshot.

use crate::spawned::{BIN, LIMIT, Served, operator};
use citydesk::client::Client;
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::Command;

async fn report(client: &Client, n: usize) {
    for i in 0..n {
        client
            .create(&crate::common::ticket(&format!("路灯不亮 {i}")), None)
            .await
            .expect("create");
    }
}

/// The next line from `lines` within `LIMIT`.
async fn next<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut Lines<R>) -> String {
    tokio::time::timeout(LIMIT, lines.next_line())
        .await
        .expect("a line in time")
        .expect("read")
        .expect("tail still running")
}

async fn seqs<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut Lines<R>, n: usize) -> Vec<u64> {
    let mut out = Vec::new();
    while out.len() < n {
        let value: serde_json::Value = serde_json::from_str(&next(lines).await).expect("json line");
        out.push(value["seq"].as_u64().expect("seq"));
    }
    out
}

/// A copy of the database at `from`: the same operators and events.
fn copy_db(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("copy db");
    let wal = |p: &Path| p.with_extension("db-wal");
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to)).expect("copy wal");
    }
}

#[tokio::test]
async fn tail_reports_a_reset_and_follows_from_the_servers_seq() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let db = |p: &Path| format!("sqlite:{}", p.display());
    let token = operator(&db(&a), "boss", "supervisor");
    // The backup: the operator, but none of the events below.
    copy_db(&a, &b);

    let mut server = Served::start(&db(&a));
    server.ready().await;
    let url = server.url();
    report(&Client::new(&url, Some(token.clone())).expect("client"), 3).await;
    let mut tail = Command::new(BIN)
        .args(["tail", "--server", &url, "--format", "json", "--since", "0"])
        .env("CITYDESK_TOKEN", &token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn tail");
    let mut out = BufReader::new(tail.stdout.take().expect("stdout")).lines();
    let mut err = BufReader::new(tail.stderr.take().expect("stderr")).lines();
    assert_eq!(seqs(&mut out, 3).await, [1, 2, 3]);

    // Restored from the backup, at the same address: its log ends at 0.
    server.kill();
    let server = Served::start_on(&db(&b), &server.addr.to_string());
    server.ready().await;
    let reset = loop {
        let line = next(&mut err).await;
        if line.contains("reset") {
            break line;
        }
    };
    assert!(
        reset.contains("after seq 3") && reset.contains("continuing from seq 0"),
        "{reset}"
    );
    report(&Client::new(&url, Some(token)).expect("client"), 2).await;
    assert_eq!(seqs(&mut out, 2).await, [1, 2], "the new log, from its start");
    tail.kill().await.expect("kill tail");
}
