//! Publishing the log in `seq` order, exactly once, on every replica.
//!
//! A replica's own commits are published by its writer right after they
//! commit; commits of other replicas are read from the log when a
//! notification says the head moved (LISTEN/NOTIFY: a hint only, the log
//! is the truth), when the writer finds the head past what it published
//! (another replica committed in between), and once a second whatever
//! happens. One lock over "what was published last" makes those three
//! paths publish each `seq` once and in order.

use super::super::{Published, Result};
use super::copies::Copies;
use super::read::published_after;
use super::schema::{config, pool_err};
use crate::model::{Event, Item, ItemId};
use deadpool_postgres::Pool;
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_postgres::{AsyncMessage, NoTls};
use tokio_util::sync::CancellationToken;

/// The notification channel every replica's writer notifies on commit.
pub(super) const CHANNEL: &str = "citydesk_log";

/// Events read from the log per query while catching up.
const PAGE: usize = 1000;

/// How often the log is read even without a notification: the bound on
/// how late an event can be when a notification was lost (a reconnect).
const POLL: Duration = Duration::from_secs(1);

pub(super) struct Publisher {
    /// The last `seq` published; held across the read that fills a gap.
    last: tokio::sync::Mutex<u64>,
    /// The same, readable without waiting ([`super::super::Store::head`]).
    head: Arc<AtomicU64>,
    tx: broadcast::Sender<Arc<Published>>,
    /// Item copies, moved on in `seq` order with what is published.
    copies: Arc<Copies>,
}

/// What a batch this replica committed leaves its item copies: the items
/// its writer decided and wrote itself, and the items it let the database
/// decide (whose rows only the database knows now).
#[derive(Default)]
pub(super) struct Settled {
    pub(super) wrote: Vec<Item>,
    pub(super) unknown: Vec<ItemId>,
}

impl Publisher {
    pub(super) fn new(start: u64, tx: broadcast::Sender<Arc<Published>>, copies: Arc<Copies>) -> Self {
        Publisher {
            last: tokio::sync::Mutex::new(start),
            head: Arc::new(AtomicU64::new(start)),
            tx,
            copies,
        }
    }

    pub(super) fn head(&self) -> u64 {
        self.head.load(Ordering::SeqCst)
    }

    pub(super) fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.tx.subscribe()
    }

    /// Publishes this replica's own just-committed events, after whatever
    /// other replicas committed before them.
    pub(super) async fn own(&self, pool: &Pool, events: Vec<Arc<Published>>, settled: Settled) -> Result<()> {
        let Some(first) = events.first().map(|p| p.seq) else {
            return Ok(());
        };
        let mut last = self.last.lock().await;
        let filled = match *last + 1 < first {
            true => self.fill(pool, &mut last, first - 1).await,
            false => Ok(()),
        };
        // Committed either way: the copies move on even if publishing waits.
        self.settle(settled);
        filled?;
        for p in events {
            if p.seq > *last {
                *last = p.seq;
                let _ = self.tx.send(p);
            }
        }
        self.head.store(*last, Ordering::SeqCst);
        Ok(())
    }

    fn settle(&self, settled: Settled) {
        for id in &settled.unknown {
            self.copies.forget(id);
        }
        for item in settled.wrote {
            self.copies.put(item);
        }
    }

    /// Publishes what other replicas committed since the last published
    /// event, up to the log's head.
    pub(super) async fn catch_up(&self, pool: &Pool) -> Result<()> {
        let mut last = self.last.lock().await;
        self.fill(pool, &mut last, u64::MAX).await
    }

    /// Reads and publishes the log after `*last`, up to `until`.
    async fn fill(&self, pool: &Pool, last: &mut u64, until: u64) -> Result<()> {
        let client = pool.get().await.map_err(pool_err)?;
        while *last < until {
            let page = published_after(&client, *last, PAGE).await?;
            let full = page.len() == PAGE;
            for p in page {
                if p.seq > until {
                    break;
                }
                *last = p.seq;
                let item = match serde_json::from_str::<Event>(&p.json) {
                    Ok(event) => self.copies.fold(&event),
                    Err(_) => None,
                };
                let remote = Arc::new(Published {
                    remote: true,
                    item,
                    ..(*p).clone()
                });
                let _ = self.tx.send(remote);
            }
            self.head.store(*last, Ordering::SeqCst);
            if !full {
                break;
            }
        }
        Ok(())
    }
}

/// Follows the log: LISTENs on [`CHANNEL`] on a connection of its own and
/// catches up on every notification and every [`POLL`], reconnecting
/// after an outage, until `stop`.
pub(super) async fn follow(url: String, pool: Pool, publisher: Arc<Publisher>, stop: CancellationToken) {
    loop {
        if stop.is_cancelled() {
            return;
        }
        if let Err(e) = listen(&url, &pool, &publisher, &stop).await {
            tracing::warn!(error = %e, "following the log: connection lost; reconnecting");
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

async fn listen(url: &str, pool: &Pool, publisher: &Publisher, stop: &CancellationToken) -> Result<()> {
    let config = config(url)?;
    let (client, mut connection) = config.connect(NoTls).await.map_err(super::schema::pg_err)?;
    let (wake, mut woken) = tokio::sync::mpsc::channel::<()>(1);
    // The highest head a notification named. A writer notifies with the
    // head it committed, so a notification for what this replica already
    // published (its own batches, or others' its writer read before its
    // own) needs no read of the log.
    let notified = Arc::new(AtomicU64::new(0));
    let named = Arc::clone(&notified);
    // The connection must be polled to deliver notifications; it ends
    // when the server goes away, which ends this listener too.
    let driver = tokio::spawn(async move {
        let mut messages = futures::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    // A payload that is not a number hides nothing: read.
                    let head = n.payload().parse().unwrap_or(u64::MAX);
                    named.fetch_max(head, Ordering::SeqCst);
                    let _ = wake.try_send(());
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .await
        .map_err(super::schema::pg_err)?;
    // Anything committed while not listening.
    publisher.catch_up(pool).await?;
    let mut poll = tokio::time::interval(POLL);
    loop {
        let hinted = tokio::select! {
            () = stop.cancelled() => break,
            got = woken.recv() => if got.is_none() { break } else { true },
            _ = poll.tick() => false,
        };
        if driver.is_finished() {
            break;
        }
        if needs_read(hinted, notified.load(Ordering::SeqCst), publisher.head()) {
            publisher.catch_up(pool).await?;
        }
    }
    driver.abort();
    Ok(())
}

/// Whether the follower reads the log now: always on its timer, and on a
/// notification only when it names a head past what is published.
fn needs_read(hinted: bool, notified: u64, published: u64) -> bool {
    !hinted || notified > published
}

#[cfg(test)]
mod tests {
    use super::needs_read;

    #[test]
    fn a_notification_reads_only_past_what_is_published() {
        assert!(!needs_read(true, 40, 40), "own batch, already published");
        assert!(!needs_read(true, 39, 40), "an older head");
        assert!(needs_read(true, 41, 40), "another replica's commit");
        assert!(needs_read(true, u64::MAX, 40), "a payload that is not a number");
        assert!(needs_read(false, 0, 40), "the timer always reads");
    }
}
