//! Several servers on one log, from the client's side: health names the
//! replica that answered, and `tail` and the console given `--server A,B`
//! go on on B when A dies, after the last `seq` they had, with nothing
//! lost and nothing twice. Two `citydesk serve` processes on one SQLite
//! file, one after the other (A killed with -9, then B started), are the
//! two replicas of one log that can be had without PostgreSQL.

use crate::common::TestServer;
use crate::console_tmux::Tmux;
use crate::spawned::{BIN, Served, operator};
use citydesk::client::Client;
use citydesk::model::{Kind, Role};
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::{ChildStdout, Command};

fn db(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("city.db").display())
}

/// A loopback address nothing listens on yet, for the replica started
/// later: the client must be given its URL before it exists. (The port is
/// released before B binds it; another process taking it in between would
/// fail B's start loudly, not pass the test.)
fn later_address() -> String {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    probe.local_addr().expect("addr").to_string()
}

async fn report(client: &Client, from: usize, n: usize) {
    for i in from..from + n {
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
async fn health_names_the_replica_given_or_the_host_and_port() {
    let dir = tempfile::tempdir().expect("tempdir");
    let named = Served::start_with(&db(dir.path()), "127.0.0.1:0", &["--replica", "north-1"]);
    named.ready().await;
    let health = Client::new(&named.url(), None)
        .expect("client")
        .health()
        .await
        .expect("health");
    assert_eq!(health.replica, "north-1");
    drop(named);

    let plain = Served::start(&db(dir.path()));
    plain.ready().await;
    let health = Client::new(&plain.url(), None)
        .expect("client")
        .health()
        .await
        .expect("health");
    let (host, port) = health.replica.rsplit_once(':').expect("host:port");
    assert_eq!(port, plain.addr.port().to_string());
    assert!(!host.is_empty(), "{:?}", health.replica);
    assert_eq!((health.status.as_str(), health.store.as_str()), ("ok", "sqlite"));
}

#[tokio::test]
async fn requests_go_to_the_next_server_when_the_first_cannot_be_reached() {
    let server = TestServer::start().await;
    let token = server
        .client("desk", Role::Dispatcher)
        .await
        .token()
        .map(str::to_owned);
    let dead = format!("http://{}", later_address());
    let client = Client::new(&format!("{dead},{}", server.url()), token).expect("client");
    assert_eq!(client.base(), dead, "the first server given is tried first");
    // A write without a key: the first server refused the connection, so
    // nothing was sent there and the second may take it.
    let created = client
        .create(&crate::common::ticket("停水 古塔区"), None)
        .await
        .expect("created on the second server");
    assert_eq!(client.base(), server.url(), "the server that answered is in use");
    let read = client.item(&created.item.item.id).await.expect("read back");
    assert_eq!(read.item.item.id, created.item.item.id);
    assert_eq!(server.store.head(), 1, "written once");
}

#[tokio::test]
async fn the_stream_names_its_replica_and_tells_a_proxy_in_front_not_to_buffer_it() {
    let server = TestServer::start().await;
    let client = server.client("viewer", Role::Viewer).await;
    let token = client.token().expect("token").to_owned();
    let resp = crate::common::http()
        .get(format!("{}/v1/stream", server.url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("stream");
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("x-accel-buffering").as_deref(), Some("no"));
    assert_eq!(header("cache-control").as_deref(), Some("no-cache"));
    let health = client.health().await.expect("health");
    assert_eq!(header("x-citydesk-replica"), Some(health.replica));
}

#[tokio::test]
async fn tail_fails_over_to_the_next_server_and_resumes_without_gaps_or_repeats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = operator(&db(dir.path()), "boss", "supervisor");
    let mut a = Served::start_with(&db(dir.path()), "127.0.0.1:0", &["--replica", "east"]);
    a.ready().await;
    let b_addr = later_address();
    let (a_url, b_url) = (a.url(), format!("http://{b_addr}"));
    let on_a = Client::new(&a_url, Some(token.clone())).expect("client");
    report(&on_a, 0, 3).await;

    let mut tail = Command::new(BIN)
        .args(["tail", "--format", "json", "--since", "0"])
        .args(["--server", &format!("{a_url},{b_url}")])
        .env("CITYDESK_TOKEN", &token)
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn tail");
    let mut lines = BufReader::new(tail.stdout.take().expect("stdout")).lines();
    assert_eq!(seqs(&mut lines, 3).await, [1, 2, 3]);

    a.kill();
    let b = Served::start_with(&db(dir.path()), &b_addr, &["--replica", "west"]);
    b.ready().await;
    let on_b = Client::new(&b_url, Some(token)).expect("client");
    report(&on_b, 3, 3).await;
    assert_eq!(seqs(&mut lines, 3).await, [4, 5, 6], "written on B, each once");

    tail.kill().await.expect("kill tail");
    let mut stderr = String::new();
    tail.stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .await
        .expect("stderr");
    let said = format!("connection to east ({a_url}) lost — now on west ({b_url}); resuming after seq 3");
    assert_eq!(stderr.matches(&said).count(), 1, "said once:\n{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_names_its_replica_and_fails_over_to_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db(dir.path());
    let token = operator(&db, "wangfang", "dispatcher");
    let mut a = Served::start_with(&db, "127.0.0.1:0", &["--replica", "alpha"]);
    a.ready().await;
    let b_addr = later_address();
    let (a_url, b_url) = (a.url(), format!("http://{b_addr}"));
    let on_a = Client::new(&a_url, Some(token.clone())).expect("client");
    let incident = |title: &str| crate::common::of_kind(Kind::Incident, title);
    let first = on_a
        .create(&incident("井盖缺失 凌河区 甲"), None)
        .await
        .expect("create")
        .item
        .item;

    let command = format!(
        "env CITYDESK_TOKEN={token} XDG_CONFIG_HOME={} TERM=xterm-256color {BIN} console --server {a_url},{b_url}",
        dir.path().join("config").display()
    );
    let tmux = Tmux::open(&format!("citydesk-failover-{}", std::process::id()), &command);
    let screen = tmux.wait_for("live 1 on alpha");
    assert!(screen.contains(first.id.as_str()), "{screen}");

    a.kill();
    let b = Served::start_with(&db, &b_addr, &["--replica", "beta"]);
    b.ready().await;
    let screen = tmux.wait_for("connection to alpha lost — now on beta; resumed after seq 1");
    assert!(screen.contains("live 1 on beta"), "{screen}");

    // Written on B after the failover: on screen once, seq 2 after seq 1.
    let on_b = Client::new(&b_url, Some(token)).expect("client");
    let second = on_b
        .create(&incident("井盖缺失 凌河区 乙"), None)
        .await
        .expect("create")
        .item
        .item;
    let screen = tmux.wait_for(second.id.as_str());
    assert_eq!(screen.matches(second.id.as_str()).count(), 1, "{screen}");
    tmux.wait_for("live 2 on beta");

    // The console's own action goes to the replica it is on now.
    tmux.keys(&["a"]);
    tmux.wait_for(": done");
    let versions = [
        on_b.item(&first.id).await.expect("item").item.item.version,
        on_b.item(&second.id).await.expect("item").item.item.version,
    ];
    assert_eq!(
        versions.iter().filter(|v| **v > 1).count(),
        1,
        "one of the two was accepted, on B: {versions:?}"
    );
}
