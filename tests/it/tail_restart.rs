//! `tail` across a server restart: a real `citydesk serve` process on one
//! address and database is killed and started again; the tail that was
//! following it says so on stderr and carries on after the last seq it
//! printed, with nothing lost and nothing twice.

use citydesk::client::Client;
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::{ChildStdout, Command};

use crate::spawned::{BIN, Served, operator};

fn db(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("city.db").display())
}

async fn report(client: &Client, n: usize) {
    for i in 0..n {
        client
            .create(&crate::common::ticket(&format!("停水 凌河区 {i}")), None)
            .await
            .expect("create");
    }
}

/// The next `n` JSON lines' seqs, waiting up to the shared limit for each.
async fn seqs(lines: &mut Lines<BufReader<ChildStdout>>, n: usize) -> Vec<u64> {
    let mut out = Vec::new();
    while out.len() < n {
        let line = tokio::time::timeout(crate::spawned::LIMIT, lines.next_line())
            .await
            .expect("a line in time")
            .expect("read")
            .expect("tail still running");
        let value: serde_json::Value = serde_json::from_str(&line).expect("json line");
        out.push(value["seq"].as_u64().expect("seq"));
    }
    out
}

#[tokio::test]
async fn tail_resumes_after_the_server_restarts_without_gaps_or_repeats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = operator(&db(dir.path()), "boss", "supervisor");
    let mut server = Served::start(&db(dir.path()));
    server.ready().await;
    let url = server.url();
    let client = Client::new(&url, Some(token.clone())).expect("client");
    report(&client, 3).await;

    let mut tail = Command::new(BIN)
        .args(["tail", "--server", &url, "--format", "json", "--since", "0"])
        .env("CITYDESK_TOKEN", &token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn tail");
    let mut lines = BufReader::new(tail.stdout.take().expect("stdout")).lines();
    assert_eq!(seqs(&mut lines, 3).await, [1, 2, 3]);

    server.kill();
    // The same address: the tail follows the URL it was given.
    let mut server = Served::start_on(&db(dir.path()), &server.addr.to_string());
    server.ready().await;
    report(&client, 3).await;
    assert_eq!(seqs(&mut lines, 3).await, [4, 5, 6]);

    server.kill();
    tail.kill().await.expect("kill tail");
    let mut stderr = String::new();
    tail.stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .await
        .expect("stderr");
    assert!(stderr.contains("connection lost"), "{stderr}");
    assert!(stderr.contains("resuming after seq 3"), "{stderr}");
}
