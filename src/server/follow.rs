//! Other replicas' commits, shown to this replica's board and suggestion
//! engine as its own commits are ([`super::AppState::commit`]), so the
//! ticker, routing, duplicate suggestions, storms and KPIs see the whole
//! log whichever replica wrote it. A store no other server shares
//! publishes no remote event, and this task only waits.

use super::AppState;
use crate::model::{Item, ItemId};
use crate::store::Published;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Remote events taken together: one read of their items.
const BATCH: usize = 1000;

pub fn spawn(state: AppState, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(run(state, stop))
}

/// The item an event is about; the rest of the event is not needed here.
#[derive(serde::Deserialize)]
struct About {
    item_id: ItemId,
}

async fn run(state: AppState, stop: CancellationToken) {
    let mut events = state.store().subscribe();
    let mut last = state.store().head();
    state.followed(last);
    loop {
        let first = tokio::select! {
            () = stop.cancelled() => return,
            got = events.recv() => got,
        };
        let mut wanted = Wanted::default();
        match first {
            Ok(p) => note(&p, &mut wanted, &mut last),
            Err(RecvError::Closed) => return,
            // Fell behind the broadcast: the log still has every event.
            Err(RecvError::Lagged(_)) => {
                if let Err(e) = reread(&state, &mut wanted.read, &mut last).await {
                    tracing::warn!(error = %e, "following other replicas: re-reading the log failed");
                }
            }
        }
        while wanted.len() < BATCH {
            match events.try_recv() {
                Ok(p) => note(&p, &mut wanted, &mut last),
                Err(_) => break,
            }
        }
        show(&state, wanted).await;
        state.followed(last);
    }
}

/// Notes a remote event's item: taken in as the store folded it, or read.
fn note(p: &Arc<Published>, wanted: &mut Wanted, last: &mut u64) {
    *last = (*last).max(p.seq);
    if !p.remote {
        return;
    }
    match &p.item {
        Some(item) => {
            wanted.read.remove(&item.id);
            wanted.folded.insert(item.id.clone(), Arc::clone(item));
        }
        None => {
            if let Ok(about) = serde_json::from_str::<About>(&p.json) {
                wanted.folded.remove(&about.item_id);
                wanted.read.insert(about.item_id);
            }
        }
    }
}

/// The items of every event after `last` up to the head, from the log.
async fn reread(
    state: &AppState,
    ids: &mut BTreeSet<ItemId>,
    last: &mut u64,
) -> Result<(), crate::store::StoreError> {
    while *last < state.store().head() {
        let page = state.store().events_after(*last, BATCH).await?;
        let Some(end) = page.last().map(|p| p.seq) else {
            break;
        };
        for p in &page {
            if let Ok(about) = serde_json::from_str::<About>(&p.json) {
                ids.insert(about.item_id);
            }
        }
        *last = end;
    }
    Ok(())
}

/// The items remote events changed: as the store folded them, or to read.
#[derive(Default)]
struct Wanted {
    folded: HashMap<ItemId, Arc<Item>>,
    read: BTreeSet<ItemId>,
}

impl Wanted {
    fn len(&self) -> usize {
        self.folded.len() + self.read.len()
    }
}

async fn show(state: &AppState, wanted: Wanted) {
    let mut items: Vec<Item> = wanted.folded.into_values().map(Arc::unwrap_or_clone).collect();
    if !wanted.read.is_empty() {
        let ids: Vec<ItemId> = wanted.read.into_iter().collect();
        match state.store().items(&ids).await {
            Ok(read) => items.extend(read),
            Err(e) => tracing::warn!(error = %e, "following other replicas: reading their items failed"),
        }
    }
    if !items.is_empty() {
        state.show(&items);
    }
}
