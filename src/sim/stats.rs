//! What the simulator sent, counted while it runs and summarised at the
//! end: reports by queue, source and category; actions by name; and what
//! the server refused.

use super::script::Source;
use crate::model::{ActionName, Kind};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Live counters, shared by every task of a run.
#[derive(Debug, Default)]
pub struct Stats {
    pub reports: AtomicU64,
    /// Reports that matched an open alert's fingerprint (counted, not new).
    pub repeats: AtomicU64,
    pub actions: AtomicU64,
    /// Stale versions re-read and retried (someone else acted first).
    pub conflicts: AtomicU64,
    /// Actions the server refused because the item had moved on.
    pub refused: AtomicU64,
    /// Steps left out because the token's role may not take them.
    pub skipped: AtomicU64,
    /// Steps left out because the server had done them (auto-dispatch).
    pub automatic: AtomicU64,
    pub errors: AtomicU64,
    /// Held only to bump a map entry, never across an await.
    counts: Mutex<Counts>,
}

#[derive(Debug, Default, Clone)]
struct Counts {
    kinds: BTreeMap<&'static str, u64>,
    sources: BTreeMap<&'static str, u64>,
    categories: BTreeMap<String, u64>,
    actions: BTreeMap<&'static str, u64>,
    last_error: Option<String>,
    last_refusal: Option<String>,
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Stats {
    pub fn report_sent(&self, kind: Kind, source: Source, category: &str, repeat: bool) {
        bump(&self.reports);
        if repeat {
            bump(&self.repeats);
        }
        if let Ok(mut c) = self.counts.lock() {
            *c.kinds.entry(kind.as_str()).or_default() += 1;
            *c.sources.entry(source.as_str()).or_default() += 1;
            *c.categories.entry(category.to_owned()).or_default() += 1;
        }
    }

    pub fn action_done(&self, name: ActionName) {
        bump(&self.actions);
        if let Ok(mut c) = self.counts.lock() {
            *c.actions.entry(name.as_str()).or_default() += 1;
        }
    }

    pub fn error(&self, what: String) {
        bump(&self.errors);
        if let Ok(mut c) = self.counts.lock() {
            c.last_error = Some(what);
        }
    }

    /// The server refused an action because the item had moved on.
    pub fn refusal(&self, what: String) {
        bump(&self.refused);
        if let Ok(mut c) = self.counts.lock() {
            c.last_refusal = Some(what);
        }
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// A summary as of now, after `elapsed`.
    pub fn report(&self, elapsed: Duration) -> Report {
        let counts = self.counts.lock().map(|c| c.clone()).unwrap_or_default();
        Report {
            elapsed,
            reports: Self::get(&self.reports),
            repeats: Self::get(&self.repeats),
            actions: Self::get(&self.actions),
            conflicts: Self::get(&self.conflicts),
            refused: Self::get(&self.refused),
            skipped: Self::get(&self.skipped),
            automatic: Self::get(&self.automatic),
            errors: Self::get(&self.errors),
            kinds: counts.kinds.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            sources: counts
                .sources
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            categories: counts.categories,
            actions_by_name: counts
                .actions
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            last_error: counts.last_error,
            last_refusal: counts.last_refusal,
        }
    }
}

/// What a run sent, for the closing summary and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub elapsed: Duration,
    pub reports: u64,
    pub repeats: u64,
    pub actions: u64,
    pub conflicts: u64,
    pub refused: u64,
    pub skipped: u64,
    pub automatic: u64,
    pub errors: u64,
    pub kinds: BTreeMap<String, u64>,
    pub sources: BTreeMap<String, u64>,
    pub categories: BTreeMap<String, u64>,
    pub actions_by_name: BTreeMap<String, u64>,
    pub last_error: Option<String>,
    pub last_refusal: Option<String>,
}

impl Report {
    /// Reports per second over the run.
    pub fn rate(&self) -> f64 {
        self.reports as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// `a 3 · b 2`, largest first, at most `limit` entries.
fn list(map: &BTreeMap<String, u64>, limit: usize) -> String {
    listed(map, limit, &|n| format!("… {n} more"))
}

/// [`list`] with the words for the entries left out (`more(n)`), so the
/// summary in another language lists the same way.
pub fn listed(map: &BTreeMap<String, u64>, limit: usize, more: &dyn Fn(usize) -> String) -> String {
    let mut entries: Vec<(&String, &u64)> = map.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = entries
        .iter()
        .take(limit)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if entries.len() > limit {
        parts.push(more(entries.len() - limit));
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(" · ")
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        writeln!(
            f,
            "sent {} reports in {secs:.1} s ({:.1}/s): {} new items, {} repeats of open alerts",
            self.reports,
            self.rate(),
            self.reports - self.repeats,
            self.repeats
        )?;
        writeln!(f, "  by queue     {}", list(&self.kinds, 3))?;
        writeln!(f, "  by source    {}", list(&self.sources, 5))?;
        writeln!(f, "  by category  {}", list(&self.categories, 12))?;
        writeln!(
            f,
            "  actions      {} ({:.1}/s)",
            self.actions,
            self.actions as f64 / secs.max(1e-9)
        )?;
        writeln!(f, "               {}", list(&self.actions_by_name, 21))?;
        write!(
            f,
            "  conflicts retried {} · refused {} · skipped (role) {} · done by the server {} · errors {}",
            self.conflicts, self.refused, self.skipped, self.automatic, self.errors
        )?;
        if let Some(r) = &self.last_refusal {
            write!(f, "\n  last refused: {r}")?;
        }
        if let Some(e) = &self.last_error {
            write!(f, "\n  last error: {e}")?;
        }
        Ok(())
    }
}
