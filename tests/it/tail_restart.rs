//! `tail` across a server restart: a real `citydesk serve` process on a
//! fixed port and database is killed and started again; the tail that was
//! following it says so on stderr and carries on after the last seq it
//! printed, with nothing lost and nothing twice.

use citydesk::client::Client;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn db(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("city.db").display())
}

/// Starts `citydesk serve` and waits until it answers.
async fn serve(dir: &Path, port: u16) -> Child {
    let child = Command::new(BIN)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--db",
            &db(dir),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn serve");
    let client = Client::new(&format!("http://127.0.0.1:{port}"), None).expect("client");
    for _ in 0..200 {
        if client.health().await.is_ok() {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("citydesk serve did not come up on port {port}");
}

async fn operator(dir: &Path, login: &str, role: &str) -> String {
    let out = Command::new(BIN)
        .args(["operator", "add", login, "--role", role, "--db", &db(dir)])
        .output()
        .await
        .expect("operator add");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").trim().to_owned()
}

async fn report(client: &Client, n: usize) {
    for i in 0..n {
        client
            .create(&crate::common::ticket(&format!("停水 凌河区 {i}")), None)
            .await
            .expect("create");
    }
}

/// The next `n` JSON lines' seqs, waiting at most a few seconds for each.
async fn seqs(lines: &mut Lines<BufReader<ChildStdout>>, n: usize) -> Vec<u64> {
    let mut out = Vec::new();
    while out.len() < n {
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
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
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let token = operator(dir.path(), "boss", "supervisor").await;
    let client = Client::new(&url, Some(token.clone())).expect("client");
    let mut server = serve(dir.path(), port).await;
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

    server.kill().await.expect("kill serve");
    server.wait().await.expect("reap serve");
    let mut server = serve(dir.path(), port).await;
    report(&client, 3).await;
    assert_eq!(seqs(&mut lines, 3).await, [4, 5, 6]);

    server.kill().await.expect("kill serve");
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
