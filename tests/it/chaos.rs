//! kill -9 under load, three times in a row on one database: 50 writers
//! create, accept (which the policy follows with an automatic dispatch)
//! and annotate tickets while the server is killed mid-stream. Every write
//! the server acknowledged must be there after each restart, the log's
//! `seq` must have no gap, each item's versions must run 1..=n, and no
//! automatic event may be written twice.

use crate::spawned::{Served, operator};
use citydesk::api::ActionRequest;
use citydesk::client::Client;
use citydesk::model::{Action, Event, ItemId};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WRITERS: usize = 50;
const ROUNDS: usize = 3;

/// What the server acknowledged: the highest version of each item, and the
/// highest seq seen in any answer.
#[derive(Default)]
struct Acked {
    versions: BTreeMap<ItemId, u64>,
    seq: u64,
}

impl Acked {
    fn note(&mut self, id: &ItemId, version: u64, events: &[Event]) {
        let v = self.versions.entry(id.clone()).or_default();
        *v = (*v).max(version);
        if let Some(seq) = events.iter().map(|e| e.seq).max() {
            self.seq = self.seq.max(seq);
        }
    }
}

/// One writer: tickets created, accepted and noted until the server dies.
async fn write(client: Client, n: usize, acked: Arc<Mutex<Acked>>) {
    for round in 0.. {
        let title = format!("断电 {n}-{round}");
        let Ok(reply) = client.create(&crate::common::ticket(&title), None).await else {
            return;
        };
        let item = reply.item.item;
        if let Ok(mut a) = acked.lock() {
            a.note(&item.id, item.version, &reply.events);
        }
        let mut version = item.version;
        let steps = [Action::Accept {}]
            .into_iter()
            .chain((0..3).map(|i| Action::Note {
                text: format!("n{i}"),
            }));
        for action in steps {
            let req = ActionRequest::new(action, version);
            let Ok(reply) = client.act(&item.id, &req, None).await else {
                return;
            };
            version = reply.item.item.version;
            if let Ok(mut a) = acked.lock() {
                a.note(&item.id, version, &reply.events);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_under_fifty_writers_three_times_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("chaos.db").display());
    let token = operator(&db, "chaos", "dispatcher");
    let acked = Arc::new(Mutex::new(Acked::default()));
    for round in 0..ROUNDS {
        let mut server = Served::start(&db);
        server.ready().await;
        let client = Client::new(&server.url(), Some(token.clone())).expect("client");
        let writers: Vec<_> = (0..WRITERS)
            .map(|n| tokio::spawn(write(client.clone(), n, Arc::clone(&acked))))
            .collect();
        // Let the writers get going, then no graceful anything.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill();
        for w in writers {
            w.await.expect("writer");
        }
        let restarted = Served::start(&db);
        restarted.ready().await;
        let client = Client::new(&restarted.url(), Some(token.clone())).expect("client");
        let (versions, seq) = {
            let a = acked.lock().expect("acked");
            (a.versions.clone(), a.seq)
        };
        assert!(!versions.is_empty(), "round {round}: the writers wrote");
        let health = client.health().await.expect("health");
        assert!(
            health.seq >= seq,
            "round {round}: acknowledged seq {seq}, log at {}",
            health.seq
        );
        for (id, version) in &versions {
            let detail = client.item(id).await.expect("an acknowledged item is there");
            assert!(
                detail.item.item.version >= *version,
                "round {round}: {id} acknowledged at v{version}, found v{}",
                detail.item.item.version
            );
            check_history(id, &detail.history);
        }
        drop(restarted);
    }
    check_log(&db).await;
}

/// Versions 1..=n, and no automatic event twice in a row.
fn check_history(id: &ItemId, history: &[Event]) {
    for (i, e) in history.iter().enumerate() {
        assert_eq!(e.version, i as u64 + 1, "{id}: versions run 1..=n");
    }
    for pair in history.windows(2) {
        let doubled = pair[0].actor == "system" && pair[1].actor == "system" && pair[0].body == pair[1].body;
        assert!(
            !doubled,
            "{id}: automatic event written twice: {:?}",
            pair[1].body
        );
    }
}

/// The whole log read back from the file: seq 1..=head with no gap.
async fn check_log(db: &str) {
    let store = citydesk::store::open(db).await.expect("open");
    let head = store.head();
    let mut next = 1;
    loop {
        let page = store.events_after(next - 1, 1000).await.expect("events");
        if page.is_empty() {
            break;
        }
        for p in page {
            assert_eq!(p.seq, next, "the log has no gap");
            next += 1;
        }
    }
    assert_eq!(next - 1, head, "every event up to the head");
}
