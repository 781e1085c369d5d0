//! Staying up under abuse: timeouts, caps and rates on a real loopback
//! server, each one pushed past its limit.

use crate::common::{TestServer, new_ticket, ticket};
use citydesk::api::{ActionRequest, paths};
use citydesk::model::{Action, Operator, Role};
use citydesk::server::{Limits, Rate, ServerConfig, hash_token, new_token, serve};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn with(limits: Limits) -> ServerConfig {
    ServerConfig {
        limits,
        ..ServerConfig::default()
    }
}

/// A fresh operator's token, for requests made by hand.
async fn token(server: &TestServer, login: &str, role: Role) -> String {
    let token = new_token();
    let op = Operator {
        login: login.into(),
        name: login.into(),
        role,
        department: None,
    };
    server
        .store
        .add_operator(&op, &hash_token(&token))
        .await
        .expect("add operator");
    token
}

/// Reads until the server closes the socket; `None` if it has not by `within`.
async fn closed_within(tcp: &mut TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let left = within.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn a_client_trickling_its_header_is_cut_off_after_the_header_timeout() {
    let limits = Limits {
        header_timeout: Duration::from_secs(2),
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let mut tcp = TcpStream::connect(server.addr).await.expect("connect");
    let header = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let started = Instant::now();
    let mut cut = false;
    // One byte a second, for longer than the timeout.
    for byte in header.iter().take(8) {
        if tcp.write_all(&[*byte]).await.is_err() {
            cut = true;
            break;
        }
        let mut buf = [0u8; 256];
        match tokio::time::timeout(Duration::from_secs(1), tcp.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => {
                cut = true;
                break;
            }
            Ok(Ok(_)) => {
                // A 408 or similar before closing is fine too.
            }
            Err(_) => {}
        }
    }
    let took = started.elapsed();
    assert!(cut, "still open after trickling for {took:?}");
    assert!(took < Duration::from_secs(5), "cut off only after {took:?}");
}

#[tokio::test]
async fn idle_sockets_past_the_cap_are_closed_and_a_real_request_is_still_answered() {
    let limits = Limits {
        max_connections: 4,
        header_timeout: Duration::from_secs(1),
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let mut idle = Vec::new();
    for _ in 0..12 {
        idle.push(TcpStream::connect(server.addr).await.expect("connect"));
    }
    // Queued behind the idle ones: each slot frees within the header
    // timeout, so the wait is bounded by (12 / 4 + 1) timeouts.
    let started = Instant::now();
    let answer = crate::common::http()
        .get(format!("{}{}", server.url(), paths::HEALTH))
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .expect("health answered");
    assert!(answer.status().is_success());
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "answered after {took:?}");
    for (i, tcp) in idle.iter_mut().enumerate() {
        assert!(
            closed_within(tcp, Duration::from_secs(10)).await.is_some(),
            "idle socket {i} still open"
        );
    }
}

#[tokio::test]
async fn too_many_requests_on_one_token_get_429_with_retry_after() {
    let limits = Limits {
        token_rate: Rate {
            per_second: 2.0,
            burst: 5.0,
        },
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let token = token(&server, "busy", Role::Dispatcher).await;
    let other = token_for_other(&server).await;
    let http = crate::common::http();
    let me = format!("{}{}", server.url(), paths::ME);
    let mut statuses = Vec::new();
    let mut retry = None;
    for _ in 0..10 {
        let r = http.get(&me).bearer_auth(&token).send().await.expect("send");
        if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            retry = r
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap_or("").to_owned());
        }
        statuses.push(r.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[200; 5], "the burst passes: {statuses:?}");
    assert!(statuses[5..].contains(&429), "{statuses:?}");
    let secs: u64 = retry.expect("Retry-After").parse().expect("whole seconds");
    assert!((1..=2).contains(&secs), "Retry-After {secs}");
    // Another token is not held back by this one.
    let r = http.get(&me).bearer_auth(&other).send().await.expect("send");
    assert_eq!(r.status(), reqwest::StatusCode::OK);
}

async fn token_for_other(server: &TestServer) -> String {
    token(server, "calm", Role::Dispatcher).await
}

#[tokio::test]
async fn an_operator_may_hold_only_so_many_streams() {
    let limits = Limits {
        streams_per_operator: 2,
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let first = desk.stream(Some(0)).await.expect("first");
    let _second = desk.stream(Some(0)).await.expect("second");
    let third = desk.stream(Some(0)).await;
    let err = third.err().expect("a third stream is refused").to_string();
    assert!(err.contains("429"), "{err}");
    drop(first);
    // The slot frees once the first stream's connection is gone.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if desk.stream(Some(0)).await.is_ok() {
            break;
        }
        assert!(Instant::now() < deadline, "the freed slot never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn presence_takes_only_item_ids_and_only_so_often() {
    let limits = Limits {
        presence_rate: Rate {
            per_second: 0.5,
            burst: 2.0,
        },
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let token = token(&server, "p", Role::Dispatcher).await;
    let http = crate::common::http();
    let url = format!("{}{}", server.url(), paths::PRESENCE);
    let post = |body: String| {
        http.post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let huge = format!("{{\"item_id\":\"TKT-{}\"}}", "9".repeat(60_000));
    let r = post(huge).await.expect("send");
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST, "a 60 KB id");
    let r = post("{\"item_id\":\"not an id\"}".into()).await.expect("send");
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
    // The two refused ones counted: the bucket is empty now.
    let r = post("{\"item_id\":\"TKT-0001\"}".into()).await.expect("send");
    assert_eq!(r.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_stream_whose_client_stops_reading_is_closed_and_costs_a_bounded_buffer() {
    let limits = Limits {
        write_stall: Duration::from_secs(1),
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let token = token(&server, "stuck", Role::Dispatcher).await;
    let desk = server.client("d", Role::Dispatcher).await;
    // A client with a small receive window that never reads.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("rcvbuf");
    let mut tcp = socket.connect(server.addr).await.expect("connect");
    let request = format!(
        "GET {}?since=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n",
        paths::STREAM
    );
    tcp.write_all(request.as_bytes()).await.expect("request");
    // Far more than the socket buffers hold: 12 KB notes.
    let text: String = "水".repeat(4000);
    let mut item = new_ticket(&desk, "flood").await;
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(40) {
        for _ in 0..50 {
            let reply = desk
                .act(
                    &item.id,
                    &ActionRequest::new(Action::Note { text: text.clone() }, item.version),
                    None,
                )
                .await
                .expect("note");
            item = reply.item.item;
        }
        if server_open_streams(&server).await == 0 {
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "the stuck stream was still open after {:?}",
        started.elapsed()
    );
    // The client, reading at last, finds the connection closed.
    assert!(closed_within(&mut tcp, Duration::from_secs(10)).await.is_some());
}

/// `citydesk_stream_clients` from `/metrics`.
async fn server_open_streams(server: &TestServer) -> u64 {
    let text = reqwest::get(format!("{}{}", server.url(), paths::METRICS))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    text.lines()
        .find_map(|l| l.strip_prefix("citydesk_stream_clients "))
        .and_then(|v| v.trim().parse().ok())
        .expect("citydesk_stream_clients")
}

#[tokio::test]
async fn a_full_writer_queue_sheds_writes_with_503_and_retry_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("busy.db");
    let url = format!("sqlite:{}", path.display());
    let options = citydesk::store::Options { writer_queue: 2 };
    let store = citydesk::store::open_with(&url, options).await.expect("open");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(serve(
        Arc::clone(&store),
        ServerConfig::default(),
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    let token = new_token();
    let op = Operator {
        login: "w".into(),
        name: "w".into(),
        role: Role::Dispatcher,
        department: None,
    };
    store
        .add_operator(&op, &hash_token(&token))
        .await
        .expect("operator");
    // Another process's transaction holds the database: the writer waits
    // on it, and its queue fills.
    let blocker = rusqlite::Connection::open(&path).expect("open blocker");
    blocker.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let http = crate::common::http();
    let url = format!("http://{addr}{}", paths::ITEMS);
    let body = serde_json::to_string(&ticket("queued")).expect("json");
    let posts = (0..12).map(|_| {
        http.post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
    });
    let all = tokio::spawn(futures::future::join_all(posts));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    blocker.execute_batch("ROLLBACK").expect("unlock");
    let answers = all.await.expect("join");
    let mut shed = 0;
    for a in answers {
        let a = a.expect("answered");
        match a.status().as_u16() {
            201 | 200 => {}
            503 => {
                shed += 1;
                assert!(a.headers().contains_key("retry-after"), "503 without Retry-After");
            }
            other => panic!("unexpected {other}: {}", a.text().await.unwrap_or_default()),
        }
    }
    assert!(shed > 0, "nothing was shed with the writer held");
    let _ = stop.send(());
    served.await.expect("join").expect("serve");
}

#[tokio::test]
async fn metrics_time_routes_and_commits_and_show_the_writer_queue() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    new_ticket(&desk, "timed").await;
    let text = reqwest::get(format!("{}{}", server.url(), paths::METRICS))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    for family in [
        "citydesk_request_seconds_count{method=\"POST\",route=\"/v1/items\"} 1",
        "citydesk_commit_seconds_count 1",
        "citydesk_writer_queue 0",
        "citydesk_connections ",
        "citydesk_items_created_total 1",
        "citydesk_kpi_rate",
    ] {
        assert!(text.contains(family), "no {family} in:\n{text}");
    }
    assert!(text.trim_end().ends_with("# EOF"), "not OpenMetrics");
}

#[tokio::test]
async fn a_stream_outlives_the_header_timeout() {
    let limits = Limits {
        header_timeout: Duration::from_secs(1),
        ..Limits::unlimited()
    };
    let server = TestServer::start_with(with(limits)).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let mut stream = Box::pin(desk.stream(Some(0)).await.expect("stream"));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    new_ticket(&desk, "after the timeout").await;
    let seq = crate::stream::next_seq(&mut stream).await;
    assert_eq!(seq, 1);
}

/// Open descriptors of process `pid`.
fn fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, Iterator::count)
}

#[tokio::test]
async fn four_hundred_idle_sockets_cost_the_server_no_more_descriptors_than_its_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("fd.db").display());
    let mut child = std::process::Command::new(crate::spawned::BIN)
        .args(["serve", "--db", &db, "--listen", "127.0.0.1:0"])
        .args(["--max-connections", "16", "--header-timeout", "30s"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve");
    let pipe = child.stderr.take().expect("stderr");
    let addr = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(pipe).lines();
        let line = lines
            .find_map(|l| l.ok().filter(|l| l.contains("serving on http://")))
            .expect("listening line");
        // Keep draining so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let rest = line.split("http://").nth(1).expect("address");
        rest.split_whitespace().next().expect("address").to_owned()
    })
    .await
    .expect("join");
    crate::spawned::wait_healthy(&format!("http://{addr}")).await;
    let pid = child.id();
    let before = fds(pid);
    // Past the cap and the kernel's backlog a connect hangs: that is the
    // cap holding, so a connect may give up after a second.
    let connects = (0..400).map(|_| tokio::time::timeout(Duration::from_secs(1), TcpStream::connect(&addr)));
    let idle: Vec<_> = futures::future::join_all(connects).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let during = fds(pid);
    let _ = child.kill();
    let _ = child.wait();
    drop(idle);
    assert!(
        during <= before + 16 + 2,
        "{before} descriptors before 400 idle sockets, {during} with them"
    );
}
