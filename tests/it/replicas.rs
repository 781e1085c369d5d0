//! Several `citydesk serve` replicas on one PostgreSQL database, as real
//! processes on 127.0.0.1: writes on every replica, every replica's stream
//! the same log with no gap, one winner of a race across replicas, the
//! closed loop on one replica at a time and taken over when its leader is
//! killed.

use crate::common::ticket;
use crate::pg;
use crate::spawned::{Served, operator};
use citydesk::api::ActionRequest;
use citydesk::client::{Client, StreamMessage};
use citydesk::model::{Action, CreateItem, Item, Kind, Place, Priority};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// `n` replicas over a fresh PostgreSQL schema, each healthy, and a
/// dispatcher's token.
async fn replicas(n: usize, extra: &[&str]) -> (tempfile::TempDir, String, Vec<Served>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = pg::url(dir.path()).await;
    let token = operator(&db, "desk", "dispatcher");
    let served: Vec<Served> = (0..n)
        .map(|_| Served::start_with(&db, "127.0.0.1:0", extra))
        .collect();
    for s in &served {
        s.ready().await;
    }
    (dir, db, served, token)
}

fn client(s: &Served, token: &str) -> Client {
    Client::new(&s.url(), Some(token.to_owned())).expect("client")
}

/// Every event of a stream from the start, `(seq, JSON)`, until it has
/// read up to `target` (set once the writes are done).
fn collect(client: Client, target: Arc<AtomicU64>) -> tokio::task::JoinHandle<Vec<(u64, String)>> {
    tokio::spawn(async move {
        let mut stream = Box::pin(client.stream(Some(0)).await.expect("stream"));
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while seen
            .last()
            .is_none_or(|(s, _)| *s < target.load(Ordering::SeqCst))
        {
            assert!(
                Instant::now() < deadline,
                "stream stalled after {:?}",
                seen.last().map(|(s, _)| *s)
            );
            match tokio::time::timeout(Duration::from_millis(500), stream.next()).await {
                Ok(Some(Ok(StreamMessage::Event { event, raw }))) => seen.push((event.seq, raw)),
                Ok(Some(Ok(_))) | Err(_) => {}
                Ok(other) => panic!("stream ended: {other:?}"),
            }
        }
        seen
    })
}

/// The log's head once every replica has published all of it.
async fn settled_head(clients: &[Client]) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut heads = Vec::new();
        for c in clients {
            let h = c.health().await.expect("health");
            heads.push((h.seq, h.lag));
        }
        if heads.iter().all(|&(s, lag)| lag == 0 && s == heads[0].0) {
            return heads[0].0;
        }
        assert!(Instant::now() < deadline, "replicas did not settle: {heads:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn three_replicas_take_writes_and_every_stream_sees_the_same_log_without_a_gap() {
    let (_dir, _db, served, token) = replicas(3, &[]).await;
    let clients: Vec<Client> = served.iter().map(|s| client(s, &token)).collect();
    let target = Arc::new(AtomicU64::new(u64::MAX));
    let streams: Vec<_> = clients
        .iter()
        .map(|c| collect(c.clone(), Arc::clone(&target)))
        .collect();
    // Creates on every replica at once, then each item accepted on the
    // next replica: the follower must have the item's latest version.
    let creates = clients.iter().enumerate().flat_map(|(r, c)| {
        (0..20).map(move |i| async move {
            let item = c
                .create(&ticket(&format!("路灯不亮 {r}-{i}")), None)
                .await
                .expect("create")
                .item
                .item;
            (r, item)
        })
    });
    let created: Vec<(usize, Item)> = futures::stream::iter(creates)
        .buffer_unordered(12)
        .collect()
        .await;
    let accepts = created.iter().map(|(r, item)| {
        let other = &clients[(r + 1) % clients.len()];
        async move {
            other
                .act(
                    &item.id,
                    &ActionRequest::new(Action::Accept {}, item.version),
                    None,
                )
                .await
                .expect("accept on another replica")
        }
    });
    let accepted: Vec<_> = futures::stream::iter(accepts)
        .buffer_unordered(12)
        .collect()
        .await;
    assert_eq!(accepted.len(), 60);

    let head = settled_head(&clients).await;
    assert!(head >= 120, "60 creates and 60 accepts: head {head}");
    target.store(head, Ordering::SeqCst);
    let mut logs = Vec::new();
    for s in streams {
        logs.push(s.await.expect("stream task"));
    }
    for (r, log) in logs.iter().enumerate() {
        let seqs: Vec<u64> = log.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            seqs,
            (1..=head).collect::<Vec<_>>(),
            "replica {r}'s stream: every seq once, in order"
        );
        assert_eq!(
            log, &logs[0],
            "replica {r}'s stream is replica 0's, byte for byte"
        );
    }
    // Every replica's snapshot is the same set of items at the same seq.
    let mut snapshots = Vec::new();
    for c in &clients {
        let snap = c.snapshot(&Default::default()).await.expect("snapshot");
        snapshots.push(snap);
    }
    for snap in &snapshots {
        assert_eq!(snap.seq, head);
        assert_eq!(snap.items.len(), 60);
    }
}

#[tokio::test]
async fn racing_dispatchers_on_two_replicas_have_exactly_one_winner() {
    let (_dir, db, served, token) = replicas(2, &[]).await;
    let bob_token = operator(&db, "bob", "dispatcher");
    let alice = client(&served[0], &token);
    let bob = client(&served[1], &bob_token);
    for round in 0..10 {
        let t = alice
            .create(&ticket(&format!("井盖丢失 {round}")), None)
            .await
            .expect("create")
            .item
            .item;
        let t = alice
            .act(&t.id, &ActionRequest::new(Action::Accept {}, t.version), None)
            .await
            .expect("accept")
            .item
            .item;
        let to = |d: &str| ActionRequest::new(Action::Dispatch { department: d.into() }, t.version);
        let (water, gas) = (to("water"), to("gas"));
        let (a, b) = tokio::join!(alice.act(&t.id, &water, None), bob.act(&t.id, &gas, None));
        let loser = match (a, b) {
            (Ok(_), Err(l)) | (Err(l), Ok(_)) => l,
            (a, b) => panic!("round {round}: one must win: {:?} / {:?}", a.is_ok(), b.is_ok()),
        };
        assert_eq!(
            loser.status(),
            Some(reqwest::StatusCode::CONFLICT),
            "round {round}"
        );
        let history = alice.item(&t.id).await.expect("item").history;
        // The policy's route dispatched it on accept (`system`); the two
        // dispatchers then raced to send it elsewhere.
        let dispatched = history
            .iter()
            .filter(|e| e.body.type_name() == "dispatched" && e.actor != "system")
            .count();
        let shown: Vec<_> = history
            .iter()
            .map(|e| (e.seq, e.version, e.body.type_name(), e.actor.clone()))
            .collect();
        assert_eq!(dispatched, 1, "round {round}: {shown:?}");
    }
}

/// How many `sla_warning` events each item has, read from the log.
async fn warnings(c: &Client, items: &[Item]) -> Vec<usize> {
    let mut out = Vec::new();
    for item in items {
        let history = c.item(&item.id).await.expect("item").history;
        out.push(
            history
                .iter()
                .filter(|e| e.body.type_name() == "sla_warning")
                .count(),
        );
    }
    out
}

async fn warned_once(c: &Client, items: &[Item]) {
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let counts = warnings(c, items).await;
        assert!(
            counts.iter().all(|&n| n <= 1),
            "a warning written twice: {counts:?}"
        );
        if counts.iter().all(|&n| n == 1) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "not every clock was warned: {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn roles(clients: &[Client]) -> Vec<String> {
    let mut out = Vec::new();
    for c in clients {
        out.push(c.health().await.map(|h| h.role).unwrap_or_else(|_| "down".into()));
    }
    out
}

#[tokio::test]
async fn the_loop_runs_on_one_replica_and_another_takes_it_over_when_the_leader_is_killed() {
    // Clocks 600 times faster: a 30-minute accept limit warns in about 2.4 s.
    let (_dir, _db, mut served, token) = replicas(2, &["--pace", "600", "--tick", "200ms"]).await;
    let clients: Vec<Client> = served.iter().map(|s| client(s, &token)).collect();
    let found = roles(&clients).await;
    assert_eq!(
        found.iter().filter(|r| *r == "leader").count(),
        1,
        "one leader: {found:?}"
    );
    let leader = found.iter().position(|r| r == "leader").expect("leader");
    let other = 1 - leader;

    let mut first = Vec::new();
    for i in 0..6 {
        let c = &clients[i % 2];
        first.push(
            c.create(&ticket(&format!("噪音扰民 {i}")), None)
                .await
                .expect("create")
                .item
                .item,
        );
    }
    warned_once(&clients[other], &first).await;

    served[leader].kill();
    let taken = Instant::now();
    let deadline = taken + Duration::from_secs(20);
    while clients[other].health().await.map(|h| h.role).unwrap_or_default() != "leader" {
        assert!(Instant::now() < deadline, "no replica took the loop over");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("the loop moved to the other replica in {:?}", taken.elapsed());
    let mut second = Vec::new();
    for i in 0..6 {
        second.push(
            clients[other]
                .create(&ticket(&format!("占道经营 {i}")), None)
                .await
                .expect("create")
                .item
                .item,
        );
    }
    warned_once(&clients[other], &second).await;
    // And the first items' clocks ran on without a second warning.
    assert!(warnings(&clients[other], &first).await.iter().all(|&n| n == 1));
}

#[tokio::test]
async fn alerts_of_one_grid_created_on_three_replicas_at_once_make_one_storm() {
    let (_dir, _db, served, token) = replicas(3, &[]).await;
    let clients: Vec<Client> = served.iter().map(|s| client(s, &token)).collect();
    let grid = citydesk::data::default_city().grids().next().expect("grid").id();
    let alert = CreateItem {
        kind: Kind::Alert,
        category: "G05".into(),
        priority: Some(Priority::P3),
        place: Place {
            grid: Some(grid),
            ..Place::default()
        },
        ..ticket("井盖位移")
    };
    // The storm starts as storms do, one alert after another (five on one
    // spot, the shipped rule); then alerts race on every replica to join.
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(clients[0].create(&alert, None).await.expect("create").item.item);
    }
    let creates = (0..45).map(|i| {
        let c = &clients[i % 3];
        let alert = &alert;
        async move { c.create(alert, None).await.expect("create").item.item }
    });
    let raced: Vec<Item> = futures::stream::iter(creates).buffer_unordered(9).collect().await;
    made.extend(raced);
    settled_head(&clients).await;
    let snap = clients[0].snapshot(&Default::default()).await.expect("snapshot");
    let parents: Vec<&Item> = snap
        .items
        .iter()
        .map(|v| &v.item)
        .filter(|i| !i.children.is_empty())
        .collect();
    let ids: Vec<_> = parents.iter().map(|p| &p.id).collect();
    assert_eq!(parents.len(), 1, "one storm parent: {ids:?}");
    let children = &parents[0].children;
    for m in &made {
        let now = clients[0].item(&m.id).await.expect("item").item.item;
        assert!(
            children.contains(&m.id),
            "{} is not in the storm {}: parent {:?}, {} children",
            m.id,
            parents[0].id,
            now.parent,
            now.children.len()
        );
    }
    assert_eq!(children.len(), made.len(), "no alert grouped twice");
}

/// A console on a follower replica: the follower is killed with -9 while
/// the leader runs on; the console moves to the leader, resumes after the
/// last `seq` it had (what the leader wrote meanwhile arrives once) and its
/// own action goes there.
#[tokio::test(flavor = "multi_thread")]
async fn a_console_on_a_killed_follower_fails_over_to_the_leader_and_resumes() {
    let (dir, _db, mut served, token) = replicas(2, &[]).await;
    let clients: Vec<Client> = served.iter().map(|s| client(s, &token)).collect();
    let found = roles(&clients).await;
    let follower = found.iter().position(|r| r == "follower").expect("a follower");
    let leader = 1 - follower;
    let names: Vec<String> = {
        let mut out = Vec::new();
        for c in &clients {
            out.push(c.health().await.expect("health").replica);
        }
        out
    };
    let incident = |title: &str| crate::common::of_kind(Kind::Incident, title);
    let first = clients[leader]
        .create(&incident("井盖缺失 凌河区 甲"), None)
        .await
        .expect("create")
        .item
        .item;

    let command = format!(
        "env CITYDESK_TOKEN={token} XDG_CONFIG_HOME={} TERM=xterm-256color {} console --server {},{}",
        dir.path().join("config").display(),
        crate::spawned::BIN,
        served[follower].url(),
        served[leader].url()
    );
    let tmux =
        crate::console_tmux::Tmux::open(&format!("citydesk-pg-failover-{}", std::process::id()), &command);
    let screen = tmux.wait_for(&format!("live 1 on {}", names[follower]));
    assert!(screen.contains(first.id.as_str()), "{screen}");

    served[follower].kill();
    // Written on the leader while the console has no server: it must come
    // after the resume, once.
    let second = clients[leader]
        .create(&incident("井盖缺失 凌河区 乙"), None)
        .await
        .expect("create")
        .item
        .item;
    let screen = tmux.wait_for(&format!(
        "connection to {} lost — now on {}; resumed after seq 1",
        names[follower], names[leader]
    ));
    assert!(!screen.contains("seq 2;"), "{screen}");
    let screen = tmux.wait_for(second.id.as_str());
    assert_eq!(screen.matches(second.id.as_str()).count(), 1, "{screen}");
    tmux.wait_for(&format!("live 2 on {}", names[leader]));

    // The console's own action goes to the replica it is on now.
    tmux.keys(&["a"]);
    tmux.wait_for(": done");
    let versions = [
        clients[leader]
            .item(&first.id)
            .await
            .expect("item")
            .item
            .item
            .version,
        clients[leader]
            .item(&second.id)
            .await
            .expect("item")
            .item
            .item
            .version,
    ];
    assert_eq!(
        versions.iter().filter(|v| **v > 1).count(),
        1,
        "one of the two was accepted, on the leader: {versions:?}"
    );
}

/// Routing by load across replicas: items of one route accepted in turn on
/// two replicas, each right after the other's answer, go to the
/// least-loaded department as the log stands, as on one server (the
/// replica waits until it has followed the other's commits).
#[tokio::test]
async fn accepts_on_two_replicas_route_by_the_loads_of_both() {
    let (_dir, _db, served, token) = replicas(2, &[]).await;
    let clients: Vec<Client> = served.iter().map(|s| client(s, &token)).collect();
    let exposed_garbage = CreateItem {
        kind: Kind::Incident,
        category: "C11".into(),
        priority: Some(Priority::P3),
        ..ticket("暴露垃圾")
    };
    // Created first, so nothing but the accepts stands between one
    // replica's answer and the other's decision.
    let mut items = Vec::new();
    for round in 0..6 {
        let c = &clients[round % 2];
        items.push(c.create(&exposed_garbage, None).await.expect("create").item.item);
    }
    let mut sent = Vec::new();
    for (round, item) in items.iter().enumerate() {
        let reply = clients[round % 2]
            .act(
                &item.id,
                &ActionRequest::new(Action::Accept {}, item.version),
                None,
            )
            .await
            .expect("accept");
        sent.push(reply.item.item.department.unwrap_or_default());
    }
    // Ties go to the first listed: the two departments take turns.
    assert_eq!(
        sent,
        [
            "sanitation",
            "street_office",
            "sanitation",
            "street_office",
            "sanitation",
            "street_office"
        ]
    );
}
