//! The writer's item cache and its cheap clock-mark update, seen from
//! inside the store (neither changes anything a client can read; both
//! change what the SLA ticker pays).

use super::*;
use crate::model::{Change, EventBody, Stage};

use crate::store::fixtures::{T0, created};

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
