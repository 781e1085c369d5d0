//! Callers over real HTTP: a caller's history by any form of their number,
//! the screen pop reaching only the named operator's streams, the
//! telephone system refused everywhere else, every history read audited,
//! and each role's view of callers on every read path — items, history,
//! snapshot, create and action replies, a 409's details, caller history,
//! the stream and `tail`.

use crate::common::*;
use citydesk::api::{AuditQuery, CallRequest};
use citydesk::client::{Client, ClientError, StreamMessage};
use citydesk::model::{Action, Caller, CreateItem, Item, Role};
use futures::{Stream, StreamExt};
use reqwest::StatusCode;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Phones and names that only the desk roles may ever read.
const SECRETS: [&str; 4] = ["13800001234", "13900005678", "王芳", "李娜"];

fn with_caller(title: &str, name: &str, phone: &str, confidential: bool) -> CreateItem {
    CreateItem {
        caller: Some(Caller {
            name: Some(name.into()),
            phone: Some(phone.into()),
            confidential,
            ..Caller::default()
        }),
        ..ticket(title)
    }
}

fn status(e: &ClientError) -> Option<StatusCode> {
    e.status()
}

/// Every raw event of the stream up to `head`.
async fn read_stream(
    stream: &mut (impl Stream<Item = citydesk::client::Result<StreamMessage>> + Unpin),
    head: u64,
) -> Vec<String> {
    let mut raw_events = Vec::new();
    loop {
        match tokio::time::timeout(WAIT, stream.next()).await.expect("in time") {
            Some(Ok(StreamMessage::Event { event, raw })) => {
                raw_events.push(raw);
                if event.seq >= head {
                    return raw_events;
                }
            }
            Some(Ok(_)) => {}
            other => panic!("stream ended: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_callers_history_finds_their_items_however_the_number_was_written() {
    let server = TestServer::start().await;
    let agent = server.client("a", Role::Agent).await;
    let first = agent
        .create(&with_caller("供热不热", "王芳", "+86 138-0000-1234", false), None)
        .await
        .expect("first")
        .item
        .item;
    assert_eq!(
        first.callers[0].phone.as_deref(),
        Some("13800001234"),
        "stored normalised"
    );
    let second = agent
        .create(&with_caller("噪音扰民", "王芳", "0086 13800001234", false), None)
        .await
        .expect("second")
        .item
        .item;
    agent
        .create(&with_caller("别人的", "张三", "13912345678", false), None)
        .await
        .expect("other caller");
    let history = agent.caller_history("138 0000 1234").await.expect("history");
    assert_eq!(history.phone, "13800001234");
    let ids: Vec<_> = history.items.iter().map(|i| i.id.clone()).collect();
    assert_eq!(ids, vec![second.id.clone(), first.id.clone()], "newest first");
    assert_eq!((history.counts.calls_30d, history.counts.open), (2, 2));
    assert_eq!(history.items[0].category, "H01");
    assert!(history.items[0].clock.is_some(), "with the running clock");
    let none = agent.caller_history("13700000000").await.expect("nobody");
    assert!(none.items.is_empty());
    let bad = agent.caller_history("12345").await.expect_err("not a phone");
    assert_eq!(status(&bad), Some(StatusCode::UNPROCESSABLE_ENTITY));
}

#[tokio::test]
async fn a_bad_phone_on_create_is_refused_naming_the_phone_field() {
    let server = TestServer::start().await;
    let agent = server.client("a", Role::Agent).await;
    let err = agent
        .create(&with_caller("供热不热", "王芳", "138-0000", false), None)
        .await
        .expect_err("refused");
    assert_eq!(status(&err), Some(StatusCode::UNPROCESSABLE_ENTITY));
    assert!(err.to_string().contains("caller.phone"), "{err}");
}

#[tokio::test]
async fn the_telephone_system_may_only_post_calls() {
    let server = TestServer::start().await;
    let pbx = server.client("pbx", Role::Telephony).await;
    let agent = server.client("a", Role::Agent).await;
    let item = new_ticket(&agent, "供热不热").await;
    let refused = [
        pbx.me().await.map(|_| ()),
        pbx.snapshot(&Default::default()).await.map(|_| ()),
        pbx.item(&item.id).await.map(|_| ()),
        pbx.directory().await.map(|_| ()),
        pbx.stats("today").await.map(|_| ()),
        pbx.create(&ticket("x"), None).await.map(|_| ()),
        try_act(&pbx, &item, Action::Accept {}).await.map(|_| ()),
        pbx.presence(&item.id).await,
        pbx.caller_history("13800001234").await.map(|_| ()),
        pbx.caller_audit(&AuditQuery::default()).await.map(|_| ()),
        pbx.stream(Some(0)).await.map(|_| ()),
        pbx.suggest(&citydesk::api::SuggestParams {
            text: "供热不热".into(),
            on: None,
            limit: None,
        })
        .await
        .map(|_| ()),
    ];
    for (i, r) in refused.into_iter().enumerate() {
        let e = r.expect_err("refused");
        assert_eq!(status(&e), Some(StatusCode::FORBIDDEN), "request {i}: {e}");
    }
    let call = CallRequest {
        phone: "13800001234".into(),
        operator: Some("a".into()),
        ..CallRequest::default()
    };
    pbx.post_call(&call).await.expect("the pbx posts calls");
    let e = agent.post_call(&call).await.expect_err("agents do not");
    assert_eq!(status(&e), Some(StatusCode::FORBIDDEN));
}

#[tokio::test]
async fn a_call_rings_only_at_the_named_operators_streams() {
    let server = TestServer::start().await;
    let pbx = server.client("pbx", Role::Telephony).await;
    let a1 = server.client("a1", Role::Agent).await;
    let a2 = server.client("a2", Role::Agent).await;
    let mut s1 = Box::pin(a1.stream(None).await.expect("a1"));
    let mut s2 = Box::pin(a2.stream(None).await.expect("a2"));
    let posted = pbx
        .post_call(&CallRequest {
            phone: "+86 138 0000 1234".into(),
            operator: Some("a1".into()),
            call_id: Some("asterisk-1701.42".into()),
            ..CallRequest::default()
        })
        .await
        .expect("posted");
    assert_eq!((posted.operator.as_str(), posted.consoles), ("a1", 1));
    match tokio::time::timeout(WAIT, s1.next()).await.expect("in time") {
        Some(Ok(StreamMessage::Call(call))) => {
            assert_eq!(call.phone, "13800001234", "normalised");
            assert_eq!(call.call_id.as_deref(), Some("asterisk-1701.42"));
        }
        other => panic!("expected the call, got {other:?}"),
    }
    // a2 sees the next log event first: the call was never theirs.
    new_ticket(&a1, "供热不热").await;
    match tokio::time::timeout(WAIT, s2.next()).await.expect("in time") {
        Some(Ok(StreamMessage::Event { event, .. })) => assert_eq!(event.seq, 1),
        other => panic!("a2 expected the event, got {other:?}"),
    }
    // By extension, too; an unknown operator is a 404.
    server
        .store
        .set_extension("a2", Some("8002"))
        .await
        .expect("extension");
    let by_ext = pbx
        .post_call(&CallRequest {
            phone: "13800001234".into(),
            extension: Some("8002".into()),
            ..CallRequest::default()
        })
        .await
        .expect("by extension");
    assert_eq!(by_ext.operator, "a2");
    let e = pbx
        .post_call(&CallRequest {
            phone: "13800001234".into(),
            operator: Some("nobody".into()),
            ..CallRequest::default()
        })
        .await
        .expect_err("unknown");
    assert_eq!(status(&e), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn reading_a_callers_history_is_recorded_where_an_admin_sees_it() {
    let server = TestServer::start().await;
    let agent = server.client("wangfang", Role::Agent).await;
    let admin = server.client("root", Role::Admin).await;
    let boss = server.client("boss", Role::Supervisor).await;
    agent.caller_history("+86 138-0000-1234").await.expect("read");
    let audit = admin
        .caller_audit(&AuditQuery {
            phone: Some("13800001234".into()),
            limit: None,
        })
        .await
        .expect("audit");
    assert_eq!(audit.reads.len(), 1);
    let read = &audit.reads[0];
    assert_eq!(
        (read.login.as_str(), read.role, read.phone.as_str()),
        ("wangfang", Role::Agent, "13800001234")
    );
    let e = boss
        .caller_audit(&AuditQuery::default())
        .await
        .expect_err("admins only");
    assert_eq!(status(&e), Some(StatusCode::FORBIDDEN));
}

/// What one role read of the two callers, on every path, as JSON text.
/// A unit reads `b` not at all: it was merged, never dispatched to it.
async fn everything_read(client: &Client, role: Role, a: &Item, b: &Item) -> Vec<String> {
    let mut texts = vec![
        json(&client.item(&a.id).await.expect("item a")),
        json(&client.snapshot(&Default::default()).await.expect("snapshot")),
    ];
    match client.item(&b.id).await {
        Ok(detail) => texts.push(json(&detail)),
        Err(e) if role == Role::Unit => assert_eq!(status(&e), Some(StatusCode::NOT_FOUND)),
        Err(e) => panic!("item b: {e}"),
    }
    for phone in ["13800001234", "13900005678"] {
        texts.push(json(&client.caller_history(phone).await.expect("history")));
    }
    texts
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("json")
}

#[tokio::test]
async fn each_role_sees_callers_as_privacy_allows_on_every_read_path() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    let roles = [
        ("agent2", Role::Agent),
        ("disp", Role::Dispatcher),
        ("boss", Role::Supervisor),
        ("root", Role::Admin),
        ("wall", Role::Viewer),
        ("water", Role::Unit),
    ];
    let mut clients = Vec::new();
    for (login, role) in roles {
        let client = server.client(login, role).await;
        // Open now: the events below reach them live.
        let stream = Box::pin(client.stream(None).await.expect("stream"));
        clients.push((role, client, stream));
    }
    // A caller, and a second one who asks not to be named, merged into it.
    let created = agent
        .create(&with_caller("供热不热", "王芳", "13800001234", false), None)
        .await
        .expect("a");
    assert!(
        serde_json::to_string(&created)
            .expect("json")
            .contains("13800001234"),
        "the agent's own reply is full"
    );
    let a = created.item.item;
    let b = agent
        .create(&with_caller("供热不热", "李娜", "13900005678", true), None)
        .await
        .expect("b")
        .item
        .item;
    act(&agent, &b, Action::Merge { into: a.id.clone() }).await;
    let a = fetch(&agent, &a.id).await;
    let a = act(&agent, &a, Action::Accept {}).await;
    let a = act(
        &clients[1].1,
        &a,
        Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;
    let head = server.store.head();
    for (role, client, stream) in &mut clients {
        let mut texts = everything_read(client, *role, &a, &b).await;
        texts.extend(read_stream(stream, head).await);
        let all = texts.join("\n");
        let full = matches!(
            role,
            Role::Agent | Role::Dispatcher | Role::Supervisor | Role::Admin
        );
        if full {
            for secret in SECRETS {
                assert!(all.contains(secret), "{role} sees {secret}");
            }
        } else {
            for secret in SECRETS {
                assert!(!all.contains(secret), "{role} must not see {secret}: {all}");
            }
            assert!(
                all.contains("138****1234") && all.contains("王*"),
                "{role} sees the masks"
            );
            // Only the history they asked for echoes the number they typed.
            assert_eq!(
                (all.matches("139****5678").count(), all.contains("李*")),
                (1, false),
                "{role} sees nothing of the confidential caller: {all}"
            );
            let history = client.caller_history("13900005678").await.expect("history");
            assert!(
                history.items.is_empty(),
                "{role}: a confidential caller's items are not theirs to see"
            );
        }
    }
    // A unit's action reply and its 409 are masked too.
    let unit = &clients[5].1;
    let signed = unit
        .act(
            &a.id,
            &citydesk::api::ActionRequest::new(Action::Sign {}, a.version),
            None,
        )
        .await
        .expect("signed");
    let reply = serde_json::to_string(&signed).expect("json");
    assert!(
        reply.contains("138****1234") && !reply.contains("13800001234"),
        "{reply}"
    );
    let stale = try_act(unit, &a, Action::Note { text: "x".into() })
        .await
        .expect_err("stale");
    let ClientError::Api { body, .. } = &stale else {
        panic!("expected a 409, got {stale}");
    };
    let details = serde_json::to_string(&body.error.details).expect("json");
    assert!(
        details.contains("138****1234") && !details.contains("13800001234"),
        "{details}"
    );
}

#[tokio::test]
async fn tail_as_a_viewer_prints_callers_masked() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    agent
        .create(&with_caller("供热不热", "王芳", "13800001234", false), None)
        .await
        .expect("a");
    agent
        .create(&with_caller("供热不热", "李娜", "13900005678", true), None)
        .await
        .expect("b");
    let viewer = server.client("wall", Role::Viewer).await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args(["tail", "--server", &server.url()])
        .args(["--no-follow", "--format", "json"])
        .env("CITYDESK_TOKEN", viewer.token().expect("token"))
        .env("NO_COLOR", "1")
        .output()
        .await
        .expect("tail");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("138****1234"), "{text}");
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn the_simulated_telephone_rings_at_the_operators_console() {
    use citydesk::sim::{Ringing, ring};
    let server = TestServer::start().await;
    let pbx = server.client("pbx", Role::Telephony).await;
    let agent = server.client("wangfang", Role::Agent).await;
    let mut stream = Box::pin(agent.stream(None).await.expect("stream"));
    let stop = tokio_util::sync::CancellationToken::new();
    let ringing = Ringing {
        operator: "wangfang".into(),
        per_hour: 3600.0,
        seed: 1,
        first: Duration::ZERO,
    };
    let phone = tokio::spawn(ring(pbx, ringing, stop.clone()));
    match tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("a call in time")
    {
        Some(Ok(StreamMessage::Call(call))) => {
            assert!(call.phone.starts_with('1') && call.phone.len() == 11, "{call:?}");
            assert_eq!(call.call_id.as_deref(), Some("sim-1"));
        }
        other => panic!("expected a call, got {other:?}"),
    }
    stop.cancel();
    phone.await.expect("the phone stops");
}

/// `citydesk operator add` as an installer runs it, beside a running server.
async fn operator_add(server: &TestServer, args: &[&str]) -> String {
    let db = format!("sqlite:{}", server.dir.path().join("test.db").display());
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .arg("operator")
        .arg("add")
        .args(args)
        .args(["--db", &db])
        .env_remove("CITYDESK_DB")
        .output()
        .await
        .expect("operator add");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn operator_add_makes_a_telephony_operator_and_desks_with_extensions() {
    let server = TestServer::start().await;
    let pbx = operator_add(&server, &["pbx", "--role", "telephony"]).await;
    let desk = operator_add(&server, &["lina", "--role", "agent", "--extension", "8001"]).await;
    let pbx = Client::new(&server.url(), Some(pbx)).expect("client");
    let desk = Client::new(&server.url(), Some(desk)).expect("client");
    let mut stream = Box::pin(desk.stream(None).await.expect("stream"));
    let posted = pbx
        .post_call(&CallRequest {
            phone: "0416-2345678".into(),
            extension: Some("8001".into()),
            ..CallRequest::default()
        })
        .await
        .expect("posted");
    assert_eq!((posted.operator.as_str(), posted.consoles), ("lina", 1));
    match tokio::time::timeout(WAIT, stream.next()).await.expect("in time") {
        Some(Ok(StreamMessage::Call(call))) => assert_eq!(call.phone, "04162345678"),
        other => panic!("expected the call, got {other:?}"),
    }
    let e = pbx.snapshot(&Default::default()).await.expect_err("calls only");
    assert_eq!(status(&e), Some(StatusCode::FORBIDDEN));
}
