//! The server's in-memory view of the open items, kept beside the store so
//! the ticker, routing, duplicate suggestions, storms and KPIs never scan
//! the database: when each open item next needs the ticker, how many open
//! items each department holds, and open items' KPI facts.
//!
//! Closed items leave the board's open set at once and its KPI facts
//! once they were reported before the horizon ([`recent`]): its memory
//! follows the open work, not the years of history, which stay in the
//! database (`item_facts`). Every closing stays for [`RECENT`], so a stats
//! pass that read the database just before the close still counts it, and
//! a late update of the item is still recognised as stale.
//!
//! Every commit goes through [`super::AppState::commit`], which hands the
//! items as they are after it to [`Board::update`]. Two commits can finish
//! in either order, so an update only replaces an older version.

use crate::model::automation::{self, Loads, OpenRef};
use crate::model::operations::Surroundings;
use crate::model::stats::Facts;
use crate::model::{DuplicateRule, Item, ItemId, Kind, Policy, Status, Timestamp};
use recent::Recent;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a closed item stays on the board: far longer than any stats
/// read or commit takes.
pub const RECENT: Duration = Duration::from_secs(600);
/// Closed items kept at most, whatever their age: a burst of closings
/// cannot grow the board without bound.
const RECENT_MAX: usize = 50_000;

/// What the board keeps of an open item.
#[derive(Debug, Clone)]
struct Entry {
    open: OpenRef,
    /// Alerts: the storm scope they count towards (`grid:…`, `street:…`).
    scope: Option<String>,
    department: Option<String>,
    wake: Option<Timestamp>,
    parent: Option<ItemId>,
    children: usize,
}

#[derive(Debug, Default)]
struct State {
    /// Versions of the items on the board, open or recently closed, so a
    /// late update of an item that closed since does not bring it back.
    versions: HashMap<ItemId, u64>,
    open: HashMap<ItemId, Entry>,
    wakes: BTreeSet<(Timestamp, ItemId)>,
    loads: HashMap<String, u64>,
    /// Open tickets and incidents by kind and category: where duplicate
    /// candidates are, so a create never walks every open item.
    by_category: HashMap<(Kind, String), HashSet<ItemId>>,
    /// Open alerts by storm scope.
    by_scope: HashMap<String, HashSet<ItemId>>,
    /// KPI facts of the open items and of recent reports.
    recent: Recent,
    /// Items that closed while the server ran, oldest first: when they
    /// leave the board.
    closed: VecDeque<(Instant, ItemId)>,
}

/// See the module docs.
#[derive(Debug, Default)]
pub struct Board {
    state: Mutex<State>,
}

/// The board as the model's operations see it: department loads and open
/// look-alikes under the policy's duplicate rule.
pub struct Around<'a> {
    board: &'a Board,
    rule: &'a DuplicateRule,
}

impl Loads for Around<'_> {
    fn load(&self, org: &str) -> u64 {
        self.board.load(org)
    }
}

impl Surroundings for Around<'_> {
    fn duplicates(&self, item: &OpenRef) -> Vec<ItemId> {
        self.board.duplicates(item, self.rule)
    }
}

impl Board {
    /// A board of the `open` items and the facts of the items no longer
    /// open that were reported since `covered_from` (`closed`).
    pub fn new(open: &[Item], closed: Vec<Facts>, covered_from: Timestamp, policy: &Policy) -> Self {
        let board = Board::default();
        board.lock().recent = Recent::new(closed, covered_from);
        board.update(open, policy);
        board.lock().let_go(Instant::now() + RECENT);
        board
    }

    /// Moves the facts' horizon on as time passes (the ticker calls this).
    pub fn advance(&self, now: Timestamp) {
        let mut s = self.lock();
        let s = &mut *s;
        let keep: HashSet<&ItemId> = s.closed.iter().map(|(_, id)| id).collect();
        s.recent.advance(now, &keep);
    }

    /// Every item no longer open reported at or after this has its facts
    /// on the board; windows that start earlier read the database too.
    pub fn covered_from(&self) -> Timestamp {
        self.lock().recent.covered_from
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain maps, still usable.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What the model's operations ask of the board, under `policy`.
    pub fn around<'a>(&'a self, policy: &'a Policy) -> Around<'a> {
        Around {
            board: self,
            rule: &policy.duplicates,
        }
    }

    /// Takes in items as a commit left them.
    pub fn update(&self, items: &[Item], policy: &Policy) {
        let mut s = self.lock();
        for item in items {
            s.upsert(item, policy);
        }
        s.let_go(Instant::now());
    }

    /// Open items whose clocks need the ticker at or before `now`.
    pub fn due(&self, now: Timestamp) -> Vec<ItemId> {
        let s = self.lock();
        s.wakes
            .iter()
            .take_while(|(at, _)| *at <= now)
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// How many open items are dispatched to `org`.
    pub fn load(&self, org: &str) -> u64 {
        self.lock().loads.get(org).copied().unwrap_or(0)
    }

    /// Open tickets or incidents that look like `item` (newest first, at
    /// most five).
    pub fn duplicates(&self, item: &OpenRef, rule: &DuplicateRule) -> Vec<ItemId> {
        let s = self.lock();
        let Some(ids) = s.by_category.get(&(item.kind, item.category.clone())) else {
            return Vec::new();
        };
        let mut found: Vec<&Entry> = ids
            .iter()
            .filter_map(|id| s.open.get(id))
            .filter(|e| automation::is_duplicate(item, &e.open, rule))
            .collect();
        found.sort_by_key(|e| std::cmp::Reverse((e.open.created_at, e.open.id.number())));
        found.into_iter().take(5).map(|e| e.open.id.clone()).collect()
    }

    /// The storm in `scope` as of `now`: its open parent, if one exists, and
    /// the open, ungrouped alerts of the scope created since `since`.
    pub fn storm(&self, scope: &str, since: Timestamp) -> (Option<ItemId>, Vec<ItemId>) {
        let s = self.lock();
        let alerts: Vec<&Entry> = s
            .by_scope
            .get(scope)
            .into_iter()
            .flatten()
            .filter_map(|id| s.open.get(id))
            .collect();
        let parent = alerts
            .iter()
            .filter(|e| e.children > 0)
            .map(|e| e.open.id.clone())
            .min_by_key(ItemId::number);
        let mut recent: Vec<&Entry> = alerts
            .into_iter()
            .filter(|e| e.children == 0 && e.parent.is_none() && e.open.created_at >= since)
            .collect();
        // Reported order; ids break ties (and number in reported order).
        recent.sort_by_key(|e| (e.open.created_at, e.open.id.number()));
        (parent, recent.into_iter().map(|e| e.open.id.clone()).collect())
    }

    /// [`Board::with_facts`] if the board still covers every closed item
    /// reported since `covered` (`None` when the horizon moved on since).
    pub fn with_facts_since<R>(
        &self,
        covered: Timestamp,
        f: impl FnOnce(&HashMap<ItemId, Facts>) -> R,
    ) -> Option<R> {
        let s = self.lock();
        (s.recent.covered_from <= covered).then(|| f(&s.recent.facts))
    }

    /// Runs `f` over the KPI facts the board holds: open items, items
    /// reported since [`Board::covered_from`], and recent closings.
    pub fn with_facts<R>(&self, f: impl FnOnce(&HashMap<ItemId, Facts>) -> R) -> R {
        f(&self.lock().recent.facts)
    }

    /// How many open items the board holds.
    pub fn open_count(&self) -> usize {
        self.lock().open.len()
    }
}

impl State {
    fn upsert(&mut self, item: &Item, policy: &Policy) {
        // The same version again is a refresh (the ticker found nothing
        // owed); only an older one is stale.
        let seen = self.versions.get(&item.id).copied().unwrap_or(0);
        if item.version < seen {
            return;
        }
        self.versions.insert(item.id.clone(), item.version);
        self.recent.facts.insert(item.id.clone(), Facts::of(item));
        // A due pass shows the board a thousand items whose place on it
        // (category, storm scope, department) did not move: only their
        // reference and wake-up time change, without leaving and
        // re-entering every index.
        if self.refresh_in_place(item, policy) {
            return;
        }
        self.remove_open(&item.id);
        if !item.status.is_open() {
            self.closed.push_back((Instant::now(), item.id.clone()));
            return;
        }
        let scope = (item.kind == Kind::Alert)
            .then(|| automation::storm_scope(&item.place))
            .flatten();
        let entry = Entry {
            open: OpenRef::of(item),
            scope,
            department: item
                .department
                .clone()
                .filter(|_| item.status != Status::Accepted),
            wake: automation::next_wake(item, policy),
            parent: item.parent.clone(),
            children: item.children.len(),
        };
        if let Some(at) = entry.wake {
            self.wakes.insert((at, item.id.clone()));
        }
        if let Some(d) = &entry.department {
            *self.loads.entry(d.clone()).or_default() += 1;
        }
        match &entry.scope {
            Some(scope) => self.by_scope.entry(scope.clone()).or_default(),
            None => self
                .by_category
                .entry((item.kind, item.category.clone()))
                .or_default(),
        }
        .insert(item.id.clone());
        self.open.insert(item.id.clone(), entry);
    }

    /// Lets go of items closed before `now − RECENT` (or beyond
    /// [`RECENT_MAX`]) that have not reopened since.
    fn let_go(&mut self, now: Instant) {
        while let Some((at, id)) = self.closed.front() {
            let due = now.saturating_duration_since(*at) >= RECENT || self.closed.len() > RECENT_MAX;
            if !due {
                break;
            }
            if !self.open.contains_key(id) {
                self.recent.forget_if_old(id);
                self.versions.remove(id);
            }
            self.closed.pop_front();
        }
    }

    /// Updates an open item's entry where it stands when nothing that
    /// indexes it changed; false when it must leave and re-enter.
    fn refresh_in_place(&mut self, item: &Item, policy: &Policy) -> bool {
        if !item.status.is_open() {
            return false;
        }
        let Some(entry) = self.open.get_mut(&item.id) else {
            return false;
        };
        let department = item
            .department
            .as_ref()
            .filter(|_| item.status != Status::Accepted);
        let scope = (item.kind == Kind::Alert)
            .then(|| automation::storm_scope(&item.place))
            .flatten();
        let same = entry.scope == scope
            && entry.open.kind == item.kind
            && entry.open.category == item.category
            && entry.department.as_ref() == department
            && entry.parent == item.parent
            && entry.children == item.children.len();
        if !same {
            return false;
        }
        let wake = automation::next_wake(item, policy);
        if wake != entry.wake {
            if let Some(at) = entry.wake {
                self.wakes.remove(&(at, item.id.clone()));
            }
            if let Some(at) = wake {
                self.wakes.insert((at, item.id.clone()));
            }
            entry.wake = wake;
        }
        entry.open = OpenRef::of(item);
        true
    }

    fn remove_open(&mut self, id: &ItemId) {
        let Some(old) = self.open.remove(id) else {
            return;
        };
        let index = match &old.scope {
            Some(scope) => self.by_scope.get_mut(scope),
            None => self
                .by_category
                .get_mut(&(old.open.kind, old.open.category.clone())),
        };
        if let Some(ids) = index {
            ids.remove(id);
        }
        if let Some(at) = old.wake {
            self.wakes.remove(&(at, id.clone()));
        }
        if let Some(d) = &old.department
            && let Some(n) = self.loads.get_mut(d)
        {
            *n = n.saturating_sub(1);
        }
    }
}

mod recent;
#[cfg(test)]
mod tests;

pub use recent::HORIZON;
