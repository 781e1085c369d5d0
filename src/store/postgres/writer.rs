//! The writer of one replica: groups waiting commits into one transaction
//! (one WAL flush for many requests), and takes the log's numbers under
//! the `log_head` row lock, which every replica's writer queues on. The
//! lock is held until the transaction commits, so `seq` is handed out in
//! commit order, and one replica's numbers never interleave another's.

use super::super::{Commit, Committed, Result, StoreError};
use super::blind::{Blind, Written};
use super::copies::Copies;
use super::plan::Plan;
use super::publish::Publisher;
use super::schema::{again, pool_err};
use deadpool_postgres::{GenericClient, Pool};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Most commits grouped into one transaction.
const MAX_BATCH: usize = 512;

pub(super) enum Job {
    Commit(Box<Commit>, oneshot::Sender<Result<Committed>>),
    /// The write test: answered once the batch's fate is known.
    Probe(oneshot::Sender<Result<()>>),
}

/// Why writes fail now, for health; cleared by the next batch that
/// commits.
#[derive(Default)]
pub(super) struct Health {
    reason: std::sync::Mutex<Option<String>>,
}

impl Health {
    pub(super) fn reason(&self) -> Option<String> {
        self.reason.lock().ok()?.clone()
    }

    fn record(&self, failure: Option<&StoreError>) {
        if let Ok(mut reason) = self.reason.lock() {
            *reason = match failure {
                Some(StoreError::Unavailable(why)) => Some(why.clone()),
                Some(_) => reason.take(),
                None => None,
            };
        }
    }
}

pub(super) struct Writer {
    pub(super) pool: Pool,
    pub(super) publisher: Arc<Publisher>,
    pub(super) health: Arc<Health>,
    pub(super) copies: Arc<Copies>,
}

impl Writer {
    /// Runs until every sender is gone: the store is dropped.
    pub(super) async fn run(self, mut rx: mpsc::Receiver<Job>) {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            self.run_batch(batch).await;
        }
    }

    async fn run_batch(&self, batch: Vec<Job>) {
        let mut commits = Vec::new();
        let mut replies = Vec::new();
        let mut probes = Vec::new();
        for job in batch {
            match job {
                Job::Commit(commit, reply) => {
                    commits.push(*commit);
                    replies.push(reply);
                }
                Job::Probe(reply) => probes.push(reply),
            }
        }
        let done = self.transact(&commits, !probes.is_empty()).await;
        let (outcomes, events, settled) = match done {
            Ok(done) => done,
            Err(err) => {
                // Nothing of the batch is in the log: every caller hears so.
                self.health.record(Some(&err));
                for reply in replies {
                    let _ = reply.send(Err(again(&err)));
                }
                for reply in probes {
                    let _ = reply.send(Err(again(&err)));
                }
                return;
            }
        };
        self.health.record(None);
        // Published before the replies: a client that saw its 2xx never
        // finds its own event missing from a stream it opens afterwards.
        if let Err(e) = self.publisher.own(&self.pool, events, settled).await {
            tracing::warn!(error = %e, "publishing committed events; the follower will catch up");
        }
        for reply in probes {
            let _ = reply.send(Ok(()));
        }
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
    }

    /// One transaction for the whole batch: the head lock and the reads
    /// its decisions need, every commit (each decided on what the ones
    /// before it wrote, in memory when it can: [`Plan`]), then the rows,
    /// the new head, a notification for the other replicas and the COMMIT:
    /// two round trips for a batch of any size, one of them under the lock.
    async fn transact(&self, commits: &[Commit], probe: bool) -> Result<Written> {
        let client = self.pool.get().await.map_err(pool_err)?;
        if let Some(blind) = Blind::decide(commits, &self.copies) {
            match blind.write(&client, probe).await {
                Ok(done) => return Ok(done),
                Err(e) => {
                    let _ = client.batch_execute("ROLLBACK").await;
                    if matches!(e, StoreError::Unavailable(_)) {
                        return Err(e);
                    }
                    // An item moved on, or a key was taken: decided again
                    // under the lock, where the database answers.
                    tracing::debug!(error = %e, "a batch decided before the lock is decided again");
                }
            }
        }
        let done = decide_and_write(&client, commits, probe).await;
        if done.is_err() {
            // Ends a transaction an error left open; after a COMMIT that
            // ended it already, PostgreSQL only warns.
            let _ = client.batch_execute("ROLLBACK").await;
        }
        done
    }
}

async fn decide_and_write<C: GenericClient>(c: &C, commits: &[Commit], probe: bool) -> Result<Written> {
    let mut plan = Plan::start(c, commits).await?;
    let mut outcomes = Vec::with_capacity(commits.len());
    for i in 0..commits.len() {
        // An error aborted PostgreSQL's transaction: the batch is lost.
        outcomes.push(Ok(plan.commit(c, &commits[i..]).await?));
    }
    let (published, settled) = plan.finish(c, probe).await?;
    Ok((outcomes, published, settled))
}
