//! The writer's item cache and its cheap clock-mark update, seen from
//! inside the store (neither changes anything a client can read; both
//! change what the SLA ticker pays).

use super::*;
use crate::model::{Change, Created, EventBody, Place, Priority, Stage, Tier, Timestamp};
use time::macros::datetime;

const T0: Timestamp = datetime!(2026-11-29 08:00 UTC);

fn created(n: u64) -> Change {
    let created = Created {
        kind: Kind::Ticket,
        category: "H01".into(),
        title: format!("路灯不亮 {n}"),
        description: String::new(),
        priority: Priority::P3,
        tier: Tier::Grid,
        place: Place {
            district: Some("太和区".into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: None,
        due_at: Some(T0 + time::Duration::hours(1)),
        warn_at: None,
        raised_from: None,
        call_id: None,
        origin: None,
    };
    let event = crate::model::NewEvent {
        item_id: ItemId::new(Kind::Ticket, n),
        version: 1,
        actor: "op:t".into(),
        at: T0,
        body: EventBody::Created(Box::new(created)),
    };
    let item = Item::from_created(&event.clone().with_seq(0)).expect("folds");
    Change {
        item,
        expected_version: 0,
        events: vec![event],
    }
}

fn warned(item: Item) -> Change {
    let warning = EventBody::SlaWarning {
        stage: Stage::Accept,
        due_at: T0 + time::Duration::hours(1),
        rule: "test".into(),
    };
    Change::fold(item, vec![warning], "system", T0 + time::Duration::minutes(50))
}

async fn commit(store: &SqliteStore, changes: Vec<Change>) {
    let outcome = store.commit(Commit::new(changes, None)).await.expect("commit");
    assert!(matches!(outcome, Committed::Applied(_)), "{outcome:?}");
}

#[tokio::test]
async fn a_reopened_store_has_its_open_items_in_the_cache_before_its_first_commit() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("t.db");
    let store = SqliteStore::open(&path).await.expect("open");
    commit(&store, vec![created(1), created(2)]).await;
    drop(store);

    let store = SqliteStore::open(&path).await.expect("reopen");
    // Queued behind the warm-up on the writer's thread.
    store.probe_write().await.expect("write test");
    for n in [1, 2] {
        let id = ItemId::new(Kind::Ticket, n);
        let cached = store.cache.get(&id).expect("warmed");
        let stored = store
            .reads
            .run(move |c| read::item(c, &id))
            .await
            .expect("read")
            .expect("stored");
        assert_eq!(cached, stored);
    }
}

#[tokio::test]
async fn a_clock_mark_rewrites_the_item_and_leaves_its_indexed_columns_right() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("t.db");
    let store = SqliteStore::open(&path).await.expect("open");
    commit(&store, vec![created(1)]).await;
    let id = ItemId::new(Kind::Ticket, 1);
    let item = store.item(&id).await.expect("read").expect("there");
    let change = warned(item);
    let after = change.item.clone();
    commit(&store, vec![change]).await;
    drop(store);

    // Read from the file, not the cache: the row holds the marked item.
    let store = SqliteStore::open(&path).await.expect("reopen");
    let id2 = id.clone();
    let stored = store
        .reads
        .run(move |c| read::item(c, &id2))
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored, after);
    assert_eq!(stored.version, 2);
    let (_, open) = store
        .snapshot(&SnapshotFilter {
            district: Some("太和区".into()),
            ..SnapshotFilter::default()
        })
        .await
        .expect("snapshot");
    assert_eq!(open.iter().map(|i| &i.id).collect::<Vec<_>>(), vec![&id]);
}
