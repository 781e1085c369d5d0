//! Moving a whole log from SQLite to PostgreSQL (`citydesk migrate-store`),
//! and checking that the two hold the same log.
//!
//! A centre that started on one file must be able to move to several
//! replicas without losing its history: every table both schemas share is
//! copied, row for row, bodies byte for byte. The SQLite side reads one
//! snapshot and streams it in batches ([`BATCH`] rows); the PostgreSQL side
//! writes it with `COPY` inside ONE transaction, checks the copy against
//! the source before committing, and commits only when the figures agree:
//! a failure at any point leaves the target as empty as it was, never half
//! copied and looking fine.

mod tables;

pub use tables::{Column, NUMBER_SEQUENCES, TABLES, Table, Value};

use super::Result;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows read from SQLite and handed to `COPY` at a time: memory stays flat
/// however long the log is.
pub const BATCH: usize = 5_000;

/// Rows of one table on their way from the source to the target.
#[derive(Debug)]
pub enum Part {
    /// A batch of rows of `TABLES[table]`, in the table's column order.
    Rows { table: usize, rows: Vec<Vec<Value>> },
    /// Every row of `TABLES[table]` was sent: how many.
    Done { table: usize, rows: u64 },
    /// The source's figures, from the same snapshot as the rows.
    Figures(Figures),
}

/// What a copy reports while it runs: rows of a table so far.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub table: &'static str,
    pub rows: u64,
    /// The table is complete.
    pub done: bool,
    pub elapsed: Duration,
}

/// One side's account of its log: what both sides must agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// Rows per table, in [`TABLES`] order.
    pub counts: Vec<(&'static str, u64)>,
    /// The last `seq` (0 for an empty log).
    pub head: u64,
    /// `sha256:<hex>` over the events in `seq` order ([`Checksum`]).
    pub checksum: String,
}

impl Figures {
    /// Where `target` differs from `self` (the source), one line each.
    pub fn differences(&self, target: &Figures) -> Vec<String> {
        let mut out = Vec::new();
        for ((table, from), (_, to)) in self.counts.iter().zip(&target.counts) {
            if from != to {
                out.push(format!(
                    "{table}: {from} row(s) in the source, {to} in the target"
                ));
            }
        }
        if self.head != target.head {
            out.push(format!(
                "last seq: {} in the source, {} in the target",
                self.head, target.head
            ));
        }
        if self.checksum != target.checksum {
            out.push(format!(
                "events checksum: {} in the source, {} in the target",
                self.checksum, target.checksum
            ));
        }
        out
    }
}

/// SHA-256 over the events in `seq` order: each event's seq, item, version,
/// type and body, every field ended by a newline and the body preceded by
/// its length, so no two different logs give one stream of bytes.
pub struct Checksum(Sha256);

impl Default for Checksum {
    fn default() -> Self {
        Checksum(Sha256::new())
    }
}

impl Checksum {
    pub fn add(&mut self, seq: i64, item_id: &str, version: i64, event_type: &str, body: &str) {
        let head = format!("{seq}\n{item_id}\n{version}\n{event_type}\n{}\n", body.len());
        self.0.update(head.as_bytes());
        self.0.update(body.as_bytes());
        self.0.update(b"\n");
    }

    pub fn finish(self) -> String {
        format!("sha256:{}", hex::encode(self.0.finalize()))
    }
}

/// What a copy (or a check) found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub source: Figures,
    pub target: Figures,
    /// The copy was committed (a check commits nothing: always false).
    pub committed: bool,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn differences(&self) -> Vec<String> {
        self.source.differences(&self.target)
    }

    /// Rows copied per second, over every table.
    pub fn rows_per_second(&self) -> f64 {
        let rows: u64 = self.target.counts.iter().map(|(_, n)| n).sum();
        rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<14} {:>12} {:>12}", "", "source", "target")?;
        for ((table, from), (_, to)) in self.source.counts.iter().zip(&self.target.counts) {
            let mark = if from == to { "" } else { "  MISMATCH" };
            writeln!(f, "{table:<14} {from:>12} {to:>12}{mark}")?;
        }
        let mark = if self.source.head == self.target.head {
            ""
        } else {
            "  MISMATCH"
        };
        writeln!(
            f,
            "{:<14} {:>12} {:>12}{mark}",
            "last seq", self.source.head, self.target.head
        )?;
        writeln!(f, "checksum       source {}", self.source.checksum)?;
        writeln!(f, "               target {}", self.target.checksum)?;
        let verdict = match (self.differences().is_empty(), self.committed) {
            (true, true) => "copied and verified",
            (true, false) => "the same log",
            (false, true) => "MISMATCH after commit",
            (false, false) => "MISMATCH: nothing was committed",
        };
        writeln!(f, "verdict        {verdict}")
    }
}

/// Copies the SQLite log at `from` into the empty PostgreSQL database
/// `to`, verifying it before the commit. Refuses a target that holds
/// anything, or on which a server holds the loop lease.
pub async fn migrate_store(from: &Path, to: &str, progress: &(dyn Fn(Progress) + Sync)) -> Result<Outcome> {
    let started = Instant::now();
    let target = super::postgres::import::Target::open(to).await?;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let path = from.to_path_buf();
    let reader = tokio::task::spawn_blocking(move || super::sqlite::export::stream(&path, &tx));
    let copied = target.copy(rx, progress).await;
    let read = reader
        .await
        .map_err(|e| super::StoreError::Database(format!("the source reader failed: {e}")))?;
    // The reader stops with `Closed` once the target stopped listening;
    // any other error of its came first and says more than the target's
    // "the source stopped".
    let (source, target, committed) = match (read, copied) {
        (Err(e), _) if !matches!(e, super::StoreError::Closed) => return Err(e),
        (_, copied) => copied?,
    };
    Ok(Outcome {
        source,
        target,
        committed,
        elapsed: started.elapsed(),
    })
}

/// Compares the SQLite log at `from` with the PostgreSQL log at `to`
/// without changing either.
pub async fn verify_store(from: &Path, to: &str) -> Result<Outcome> {
    let started = Instant::now();
    let path = from.to_path_buf();
    let source = tokio::task::spawn_blocking(move || super::sqlite::export::figures_of(&path))
        .await
        .map_err(|e| super::StoreError::Database(format!("the source reader failed: {e}")))??;
    let target = super::postgres::import::figures_of(to).await?;
    Ok(Outcome {
        source,
        target,
        committed: false,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_sees_every_field_and_where_one_ends() {
        let sum = |seq, item: &str, version, kind: &str, body: &str| {
            let mut c = Checksum::default();
            c.add(seq, item, version, kind, body);
            c.finish()
        };
        let base = sum(1, "TKT-1", 1, "created", "{}");
        assert_ne!(base, sum(2, "TKT-1", 1, "created", "{}"));
        assert_ne!(base, sum(1, "TKT-2", 1, "created", "{}"));
        assert_ne!(base, sum(1, "TKT-1", 2, "created", "{}"));
        assert_ne!(base, sum(1, "TKT-1", 1, "closed", "{}"));
        assert_ne!(base, sum(1, "TKT-1", 1, "created", "{ }"));
        assert_eq!(base, sum(1, "TKT-1", 1, "created", "{}"));
    }

    #[test]
    fn figures_that_differ_are_named_table_by_table() {
        let a = Figures {
            counts: vec![("events", 3), ("items", 2)],
            head: 3,
            checksum: "sha256:aa".into(),
        };
        assert!(a.differences(&a.clone()).is_empty());
        let b = Figures {
            counts: vec![("events", 3), ("items", 1)],
            head: 2,
            checksum: "sha256:bb".into(),
        };
        let d = a.differences(&b);
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].starts_with("items: 2 row(s) in the source, 1 in the target"));
    }
}
