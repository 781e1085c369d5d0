//! A batch decided before the log's lock is taken, so that the lock is
//! held only while PostgreSQL runs the batch and flushes it, never while a
//! round trip to this replica and back is in flight.
//!
//! Every commit is decided in memory, as [`Plan`] decides it under the
//! lock, on the items as the batch expects them (each item at the version
//! its first commit in the batch expects; an alert's open fingerprint from
//! this replica's copy at that version). The events are numbered by their
//! place in the batch. Then one pipeline: `BEGIN`, the lock, a guard that
//! ends the transaction unless every item is at the version expected and
//! every item created is new (`citydesk_expect`), the rows with `seq` =
//! head + place (the event's JSON gets its `seq` put in front of the rest
//! in SQL), the head moved on, the notification, `COMMIT`. A taken
//! idempotency key fails its insert the same way. When anything fails the
//! transaction is rolled back and the writer decides the batch again the
//! careful way ([`Plan`]); when a commit needs the database to decide (a
//! foreign document, a recurrence, a rebase, a redaction, an alert opening
//! under a fingerprint), the batch goes that way from the start.

use super::super::{Commit, Committed, Published, Result};
use super::copies::Copies;
use super::plan::{HEAD, Known, PROBE, Plan};
use super::publish::{CHANNEL, Settled};
use super::rows::{event_json, event_tail};
use super::schema::{pg_err, to_i64, to_u64};
use crate::model::Kind;
use deadpool_postgres::GenericClient;
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Ends the transaction unless the items expected at a version (`$1`, at
/// `$2`: `$3` of them) are at it and the items to create (`$4`) do not
/// exist: one index scan over both lists.
const GUARD: &str = "SELECT citydesk_expect( \
     count(*) FILTER (WHERE version = ($2::bigint[])[array_position($1::text[], id)]) = $3 \
     AND count(*) FILTER (WHERE id = ANY($4::text[])) = 0) \
     FROM items WHERE id = ANY($1::text[] || $4::text[])";
const MOVED: &str = "UPDATE log_head SET seq = seq + $1 WHERE id = 1";
const NOTIFY: &str = "SELECT pg_notify($1, (SELECT seq FROM log_head WHERE id = 1)::text)";

/// What a written batch answers: each commit's outcome, the events to
/// publish, what the item copies become.
pub(super) type Written = (Vec<Result<Committed>>, Vec<Arc<Published>>, Settled);

pub(super) struct Blind {
    plan: Plan,
    outcomes: Vec<Committed>,
    /// Ids and versions of the items expected at a version.
    expected: (Vec<String>, Vec<i64>),
    created: Vec<String>,
}

impl Blind {
    /// The batch decided, or `None` when a commit needs the database.
    pub(super) fn decide(commits: &[Commit], copies: &Copies) -> Option<Blind> {
        let mut known = HashMap::new();
        let mut expected = (Vec::new(), Vec::new());
        let mut created = Vec::new();
        for change in commits.iter().flat_map(|c| &c.changes) {
            let (id, version) = (change.item.id.as_str(), change.expected_version);
            if known.contains_key(id) {
                continue;
            }
            let seed = match (change.item.kind, version) {
                (Kind::Alert, 1..) => {
                    Known::of(&copies.get(&change.item.id).filter(|c| c.version == version)?)
                }
                _ => Known::new(version, None),
            };
            known.insert(id.to_owned(), seed);
            if version == 0 {
                created.push(id.to_owned());
            } else {
                expected.0.push(id.to_owned());
                expected.1.push(to_i64(version));
            }
        }
        let mut plan = Plan::before_lock(known);
        let mut outcomes = Vec::with_capacity(commits.len());
        for commit in commits {
            outcomes.push(plan.decide_in_memory(commit)?.ok()?);
        }
        Some(Blind {
            plan,
            outcomes,
            expected,
            created,
        })
        .filter(Blind::numbered_in_front)
    }

    /// Whether every event's JSON starts with its `seq`, where the head is
    /// put in front of it.
    fn numbered_in_front(&self) -> bool {
        self.plan
            .published()
            .iter()
            .all(|p| event_tail(&p.json, p.seq).is_some())
    }

    /// Writes and commits the batch in one round trip after the lock.
    pub(super) async fn write<C: GenericClient>(self, c: &C, probe: bool) -> Result<Written> {
        let (rows, batch, settled) = self.plan.into_parts();
        let places = batch.next_seq - 1;
        let prepare = |sql: &'static str| async move { c.prepare_cached(sql).await.map_err(pg_err) };
        let (head_stmt, guard, moved, notify) = (
            prepare(HEAD).await?,
            prepare(GUARD).await?,
            prepare(MOVED).await?,
            prepare(NOTIFY).await?,
        );
        let probe_row = match probe {
            true => Some(prepare(PROBE).await?),
            false => None,
        };
        let head = AtomicU64::new(0);
        let (ids, versions) = &self.expected;
        let count = to_i64(ids.len() as u64);
        let places_i64 = to_i64(places);
        let at = crate::model::rfc3339(time::OffsetDateTime::now_utc());
        let before: Vec<BoxFuture<'_, Result<u64>>> = vec![
            Box::pin(async { c.batch_execute("BEGIN").await.map_err(pg_err).map(|()| 0) }),
            Box::pin(async {
                let row = c.query_one(&head_stmt, &[]).await.map_err(pg_err)?;
                head.store(to_u64(row.get(0)), Ordering::SeqCst);
                Ok(0)
            }),
            Box::pin(async {
                c.execute(&guard, &[ids, versions, &count, &self.created])
                    .await
                    .map_err(pg_err)
            }),
        ];
        let mut after: Vec<BoxFuture<'_, Result<u64>>> = Vec::new();
        if places > 0 {
            after.push(Box::pin(async {
                c.execute(&moved, &[&places_i64]).await.map_err(pg_err)
            }));
            // Delivered at commit, to every replica's follower.
            after.push(Box::pin(async {
                c.execute(&notify, &[&CHANNEL]).await.map_err(pg_err)
            }));
        }
        if let Some(stmt) = &probe_row {
            after.push(Box::pin(async { c.execute(stmt, &[&at]).await.map_err(pg_err) }));
        }
        rows.flush(c, before, after, true).await?;
        let head = head.load(Ordering::SeqCst);
        let outcomes = self
            .outcomes
            .into_iter()
            .map(|outcome| Ok(after_head(outcome, head)))
            .collect();
        let published = batch
            .published
            .iter()
            .map(|p| Arc::new(published_after_head(p, head)))
            .collect();
        Ok((outcomes, published, settled))
    }
}

/// An outcome with its events numbered after `head`.
fn after_head(outcome: Committed, head: u64) -> Committed {
    match outcome {
        Committed::Applied(mut events) => {
            for e in &mut events {
                e.seq += head;
            }
            Committed::Applied(events)
        }
        other => other,
    }
}

/// An event to publish numbered after `head`, its JSON as the log stores it.
fn published_after_head(p: &Published, head: u64) -> Published {
    let seq = p.seq + head;
    let json = match event_tail(&p.json, p.seq) {
        Some(tail) => event_json(seq, tail),
        // Not reached: checked before the batch went this way.
        None => p.json.clone(),
    };
    Published {
        seq,
        json,
        ..p.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventBody, ItemId, NewEvent};
    use time::macros::datetime;

    #[test]
    fn an_events_json_is_its_seq_in_front_of_the_rest() {
        let new = NewEvent {
            item_id: ItemId::new(Kind::Ticket, 12),
            version: 3,
            actor: "op:amy".into(),
            at: datetime!(2026-12-02 08:00 UTC),
            body: EventBody::Noted {
                text: "路灯 \"still\" out".into(),
            },
        };
        let placed = serde_json::to_string(&new.clone().with_seq(2)).expect("json");
        let tail = event_tail(&placed, 2).expect("the JSON starts with its seq");
        let logged = serde_json::to_string(&new.with_seq(1_000_002)).expect("json");
        assert_eq!(event_json(1_000_002, tail), logged);
        assert_eq!(event_tail(&placed, 3), None);
    }
}
