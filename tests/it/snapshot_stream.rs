//! The snapshot is written in pieces, not built as one string: a large one
//! arrives chunked (no Content-Length) and reads back as the same items.

use crate::common::{TestServer, ticket};
use citydesk::api::Snapshot;
use citydesk::model::Role;

#[tokio::test(flavor = "multi_thread")]
async fn a_large_snapshot_is_streamed_and_reads_back_whole() {
    let server = TestServer::start().await;
    let desk = server.client("desk", Role::Dispatcher).await;
    let mut made = Vec::new();
    for n in 0..600 {
        let item = desk
            .create(&ticket(&format!("路灯不亮 {n}")), None)
            .await
            .expect("create")
            .item
            .item;
        made.push(item.id);
    }
    let token = desk.token().expect("token").to_owned();
    let answer = crate::common::http()
        .get(format!("{}/v1/snapshot", server.url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("snapshot");
    assert!(answer.status().is_success());
    assert_eq!(
        answer.content_length(),
        None,
        "written in pieces, so its length is not known up front"
    );
    let body = answer.bytes().await.expect("body");
    let snap: Snapshot = serde_json::from_slice(&body).expect("one valid JSON document");
    let mut got: Vec<_> = snap.items.iter().map(|v| v.item.id.clone()).collect();
    got.sort();
    made.sort();
    assert_eq!(got, made);
    // The client's own reading of it agrees.
    let via_client = desk
        .snapshot(&citydesk::api::SnapshotQuery::default())
        .await
        .expect("client snapshot");
    assert_eq!(via_client.items.len(), 600);
    assert_eq!(via_client.seq, snap.seq);
}
