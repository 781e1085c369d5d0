//! Two PostgreSQL stores on one database, as two replicas hold them: each
//! keeps copies of the items from the log it follows, and decides its
//! batches before taking the log's lock. Neither may ever write or answer
//! differently from deciding under the lock: a stale copy or a stale
//! expectation falls back to the database's answer.

use crate::pg;
use citydesk::model::{Change, Created, Event, EventBody, Item, ItemId, Kind, NewEvent, Priority};
use citydesk::store::{self, Commit, Committed, IdemKey, IdemRecord, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::macros::datetime;

fn created(id: &ItemId) -> Change {
    let body = Created::from_request(&crate::common::ticket("路灯不亮"), Priority::P3, None);
    let event = NewEvent {
        item_id: id.clone(),
        version: 1,
        actor: "op:amy".into(),
        at: datetime!(2026-12-02 08:00 UTC),
        body: EventBody::Created(Box::new(body)),
    };
    let item = Item::from_created(&event.clone().with_seq(0)).expect("a created event makes an item");
    Change {
        item,
        expected_version: 0,
        events: vec![event],
    }
}

fn noted(item: &Item, text: &str) -> Change {
    let body = EventBody::Noted { text: text.into() };
    Change::fold(item.clone(), vec![body], "op:amy", item.updated_at)
}

async fn applied(store: &Arc<dyn Store>, change: Change) -> Vec<Event> {
    match store.commit(Commit::new(vec![change], None)).await {
        Ok(Committed::Applied(events)) => events,
        other => panic!("expected the commit to apply, got {other:?}"),
    }
}

/// Two stores on one new database, as two replicas open it.
async fn replicas() -> (tempfile::TempDir, [Arc<dyn Store>; 2]) {
    let dir = tempfile::tempdir().expect("dir");
    let url = pg::url(dir.path()).await;
    let a = store::open(&url).await.expect("replica a");
    let b = store::open(&url).await.expect("replica b");
    (dir, [a, b])
}

/// Waits until `store` has published the log up to `seq`.
async fn followed(store: &Arc<dyn Store>, seq: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while store.head() < seq {
        assert!(
            Instant::now() < deadline,
            "the replica never followed the log to {seq}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_folds_another_replicas_events_into_the_items_the_log_holds() {
    let (_dir, [a, b]) = replicas().await;
    let id = ItemId::new(Kind::Ticket, 1);
    let first = created(&id);
    applied(&a, first.clone()).await;
    let read = b.item(&id).await.expect("read").expect("the item is in the log");
    assert_eq!(b.item_at_hand(&id), Some(read));
    let second = noted(&first.item, "called the caller back");
    let third = noted(&second.item, "crew on site");
    applied(&a, second).await;
    let last = applied(&a, third.clone()).await;
    followed(&b, last[0].seq).await;
    let logged = a.item(&id).await.expect("read").expect("item");
    assert_eq!(logged, third.item, "the log holds what replica a wrote");
    assert_eq!(
        b.item_at_hand(&id),
        Some(logged),
        "replica b folded a's events into the same item"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_expectation_gets_the_conflict_the_database_would_give() {
    let (_dir, [a, b]) = replicas().await;
    let id = ItemId::new(Kind::Ticket, 1);
    let first = created(&id);
    applied(&a, first.clone()).await;
    let moved = noted(&first.item, "a moved it on");
    applied(&a, moved).await;
    // b decides on version 1 before the lock; the log is at 2.
    let stale = noted(&first.item, "b acts on what it saw");
    match b.commit(Commit::new(vec![stale], None)).await {
        Ok(Committed::Conflict {
            item_id,
            current_version,
        }) => {
            assert_eq!((item_id, current_version), (id.clone(), 2));
        }
        other => panic!("expected a conflict at version 2, got {other:?}"),
    }
    // Creating an item that exists is refused the same way, and nothing
    // of either refusal is in the log.
    match b.commit(Commit::new(vec![created(&id)], None)).await {
        Ok(Committed::Conflict { current_version, .. }) => assert_eq!(current_version, 2),
        other => panic!("expected a conflict for a second create, got {other:?}"),
    }
    let log = b.events_after(0, 100).await.expect("log");
    assert_eq!(log.len(), 2, "only a's two events are in the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_another_replica_took_answers_with_the_first_reply() {
    let (_dir, [a, b]) = replicas().await;
    let id = ItemId::new(Kind::Ticket, 1);
    let first = created(&id);
    applied(&a, first.clone()).await;
    let key = IdemRecord {
        key: IdemKey {
            operator: "amy".into(),
            key: "note-1".into(),
        },
        request_hash: "same request".into(),
        status: 200,
    };
    let note = noted(&first.item, "once");
    let once = a.commit(Commit::new(vec![note.clone()], Some(key.clone()))).await;
    assert!(matches!(once, Ok(Committed::Applied(_))), "{once:?}");
    match b.commit(Commit::new(vec![note], Some(key.clone()))).await {
        Ok(Committed::Replay(stored)) => assert_eq!(stored.item.version, 2),
        other => panic!("expected the first answer again, got {other:?}"),
    }
    let other = IdemRecord {
        request_hash: "another request".into(),
        ..key
    };
    let later = noted(&first.item, "something else");
    assert!(matches!(
        b.commit(Commit::new(vec![later], Some(other))).await,
        Ok(Committed::KeyReused)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_in_the_log_carries_its_own_seq_whichever_replica_numbered_it() {
    let (_dir, pair) = replicas().await;
    let mut writes = Vec::new();
    for n in 1..=40u64 {
        let store = Arc::clone(&pair[(n % 2) as usize]);
        writes.push(tokio::spawn(async move {
            let id = ItemId::new(Kind::Ticket, n);
            let first = created(&id);
            applied(&store, first.clone()).await;
            applied(&store, noted(&first.item, "noted")).await;
        }));
    }
    for w in writes {
        w.await.expect("writer");
    }
    let log = pair[0].events_after(0, 1000).await.expect("log");
    assert_eq!(log.len(), 80);
    for (n, p) in log.iter().enumerate() {
        let event: Event = serde_json::from_str(&p.json).expect("an event");
        assert_eq!(
            (p.seq, event.seq),
            (n as u64 + 1, n as u64 + 1),
            "gap-free, and the JSON says so"
        );
    }
}
