//! Which replica runs the closed loop. The SLA ticker (warnings, breaches,
//! the escalation ladder, storms, expiry) and retention must run once, not
//! once per replica: the replica holding the `loop` lease in the database
//! runs them, renews it every third of its life, and a replica that dies
//! loses it when it expires, to whichever replica asks next. A store no
//! other server shares grants it always.
//!
//! Two replicas can both believe they lead for a moment (a pause past the
//! lease's end); nothing is written twice even then, because every
//! automatic event is a commit against the item's version, and the loser
//! of that race re-decides on the item as the winner left it.

use super::AppState;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The lease's name in the database.
const LOOP: &str = "loop";

/// How long a lease lasts unrenewed: a dead leader's work waits at most
/// this long for another replica to take it over.
pub const TTL: Duration = Duration::from_secs(6);

/// Whether this replica leads, and under which name it holds the lease.
#[derive(Debug)]
pub struct Leadership {
    holder: String,
    leading: AtomicBool,
}

impl Leadership {
    pub fn new(holder: String) -> Self {
        Leadership {
            holder,
            leading: AtomicBool::new(false),
        }
    }

    pub fn leading(&self) -> bool {
        self.leading.load(Ordering::SeqCst)
    }

    pub fn holder(&self) -> &str {
        &self.holder
    }
}

/// Asks for (or renews) the lease once; records and returns the answer.
/// A store that cannot answer loses the lead: better no loop for a few
/// seconds than two.
pub async fn renew(state: &AppState) -> bool {
    let me = state.leadership();
    let held = match state.store().lease(LOOP, me.holder(), TTL).await {
        Ok(held) => held,
        Err(e) => {
            tracing::warn!(error = %e, "renewing the loop lease failed");
            false
        }
    };
    let was = me.leading.swap(held, Ordering::SeqCst);
    if held != was {
        let role = if held { "leader" } else { "follower" };
        tracing::info!(
            replica = me.holder(),
            role,
            "this replica is now the {role} of the closed loop"
        );
    }
    held
}

/// Renews the lease every third of [`TTL`] until `stop`, then gives it up
/// so another replica takes the loop over at once.
pub fn spawn(state: AppState, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(TTL / 3);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = every.tick() => {}
            }
            renew(&state).await;
        }
        if state.leadership().leading() {
            let me = state.leadership();
            me.leading.store(false, Ordering::SeqCst);
            if let Err(e) = state.store().release_lease(LOOP, me.holder()).await {
                tracing::warn!(error = %e, "giving the loop lease up failed; it expires by itself");
            }
        }
    })
}
