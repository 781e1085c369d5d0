//! The live stream: every event once, in order; resumable; `reset` when the
//! history asked for is not served; slow clients caught up from the log.

use crate::common::*;
use citydesk::client::{Client, StreamMessage};
use citydesk::model::{Action, Role};
use citydesk::server::ServerConfig;
use futures::{Stream, StreamExt};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

pub async fn next_seq(
    stream: &mut (impl Stream<Item = citydesk::client::Result<StreamMessage>> + Unpin),
) -> u64 {
    match tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("an event in time")
    {
        Some(Ok(StreamMessage::Event { event, .. })) => event.seq,
        other => panic!("expected an event, got {other:?}"),
    }
}

async fn make_events(client: &Client, n: usize) {
    let t = new_ticket(client, "stream").await;
    let mut item = t;
    for i in 1..n {
        item = act(
            client,
            &item,
            Action::Note {
                text: format!("note {i}"),
            },
        )
        .await;
    }
}

#[tokio::test]
async fn resume_after_a_dropped_connection_has_no_gap_and_no_duplicate() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    make_events(&desk, 10).await;
    let mut seen = Vec::new();
    {
        let mut s = Box::pin(desk.stream(Some(0)).await.expect("stream"));
        for _ in 0..4 {
            seen.push(next_seq(&mut s).await);
        }
    } // dropped mid-history
    make_events(&desk, 5).await;
    let mut s = Box::pin(desk.stream(seen.last().copied()).await.expect("resume"));
    while seen.len() < 15 {
        seen.push(next_seq(&mut s).await);
    }
    // And it keeps following live.
    make_events(&desk, 1).await;
    seen.push(next_seq(&mut s).await);
    assert_eq!(seen, (1..=16).collect::<Vec<u64>>());
}

#[tokio::test]
async fn last_event_id_header_resumes_like_since() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    make_events(&desk, 3).await;
    let resp = crate::common::http()
        .get(format!("{}/v1/stream", server.url()))
        .header("Last-Event-ID", "2")
        .bearer_auth(desk.token().expect("token"))
        .send()
        .await
        .expect("send");
    let mut body = resp.bytes_stream();
    let mut text = String::new();
    while !text.contains("\n\n") {
        let chunk = tokio::time::timeout(WAIT, body.next())
            .await
            .expect("data")
            .expect("chunk")
            .expect("bytes");
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(text.starts_with("id: 3\nevent: noted\n"), "{text}");
}

#[tokio::test]
async fn too_old_or_future_since_gets_reset() {
    let config = ServerConfig {
        replay_limit: 5,
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let desk = server.client("d", Role::Dispatcher).await;
    make_events(&desk, 10).await;
    for since in [0, 4, 11, 1000] {
        let mut s = Box::pin(desk.stream(Some(since)).await.expect("stream"));
        match tokio::time::timeout(WAIT, s.next()).await.expect("in time") {
            Some(Ok(StreamMessage::Reset(r))) => assert_eq!(r.seq, 10),
            other => panic!("since={since}: expected reset, got {other:?}"),
        }
    }
    let mut s = Box::pin(desk.stream(Some(5)).await.expect("within the limit"));
    assert_eq!(next_seq(&mut s).await, 6);
}

#[tokio::test]
async fn a_slow_client_is_caught_up_from_the_log_without_slowing_writers() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    // Open, read nothing while far more events than the live buffer holds
    // are written.
    let mut slow = Box::pin(desk.stream(Some(0)).await.expect("stream"));
    let burst = 6000;
    let writers = (0..8).map(|w| {
        let desk = desk.clone();
        async move {
            let mut item = new_ticket(&desk, &format!("burst {w}")).await;
            for i in 1..burst / 8 {
                item = act(
                    &desk,
                    &item,
                    Action::Note {
                        text: format!("{w}-{i}"),
                    },
                )
                .await;
            }
        }
    });
    futures::future::join_all(writers).await;
    let head = server.store.head();
    assert_eq!(head, burst as u64);
    let mut expected = 1;
    while expected <= head {
        assert_eq!(next_seq(&mut slow).await, expected);
        expected += 1;
    }
}

#[tokio::test]
async fn heartbeats_keep_an_idle_stream_open() {
    let config = ServerConfig {
        keepalive: Duration::from_millis(50),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let token = desk.token().expect("token").to_owned();
    let resp = crate::common::http()
        .get(format!("{}/v1/stream", server.url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("send");
    let mut body = resp.bytes_stream();
    let chunk = tokio::time::timeout(WAIT, body.next())
        .await
        .expect("heartbeat")
        .expect("chunk")
        .expect("bytes");
    assert!(String::from_utf8_lossy(&chunk).starts_with(':'), "a comment line");
}

#[tokio::test]
async fn shutdown_ends_open_streams_cleanly() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let mut s = Box::pin(desk.stream(None).await.expect("stream"));
    let stopping = tokio::spawn(server.stop());
    let end = tokio::time::timeout(WAIT, s.next())
        .await
        .expect("stream ends in time");
    assert!(end.is_none() || matches!(end, Some(Err(_))), "{end:?}");
    tokio::time::timeout(WAIT, stopping)
        .await
        .expect("server stops")
        .expect("join");
}
