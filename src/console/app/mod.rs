//! The console's state. `update` (in `update.rs`) is the only thing that
//! changes it: synchronous, no I/O; what needs I/O comes back as `Effect`s.

mod act;
mod commands;
mod completion;
mod input;
mod keys;
pub mod panes;
mod rows;
pub mod stats;
mod update;
mod workflows;

pub use commands::{Command, all_commands, parse_command};
pub use completion::{Pools, complete};
pub use input::{InputKind, InputLine};
pub use rows::{Row, Rows};
pub use update::update;

use super::keymap::{Key, Keymap};
use super::mirror::Mirror;
use crate::api::{ActionRequest, ItemDetail};
use crate::model::{ItemId, Operator, Role, Timestamp};
use panes::{Filters, PaneKind};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The connection as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Live,
    /// Retrying; the next try is at `at`.
    Reconnecting {
        at: Timestamp,
        error: String,
    },
    /// Gave up (token refused).
    Offline {
        since: Timestamp,
        error: String,
    },
}

/// Something far-reaching, waiting for a yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub prompt: String,
    pub requests: Vec<(ItemId, ActionRequest, String)>,
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Detail {
        id: ItemId,
        scroll: usize,
    },
    Help {
        scroll: usize,
    },
    /// The KPI view; its data is in `App::stats`.
    Stats {
        scroll: usize,
    },
    Input(InputLine),
    Confirm(Pending),
}

/// Severity of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// Results of one bulk action, reported per item as they arrive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bulk {
    pub label: String,
    pub waiting: usize,
    pub done: Vec<ItemId>,
    pub failed: Vec<(ItemId, String)>,
}

/// Per-pane cursor: the selected row is an item id (or row index for the
/// directory and log), so new rows never move it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: Option<ItemId>,
    pub index: usize,
    pub offset: usize,
}

/// One row of the directory pane.
pub struct DeptRow {
    pub code: String,
    pub name: String,
    pub open: usize,
}

pub struct App {
    pub me: Operator,
    pub server: String,
    pub keymap: Keymap,
    pub mirror: Mirror,
    pub conn: Conn,
    pub now: Timestamp,
    /// Panes in the grid, row by row.
    pub layout: Vec<Vec<PaneKind>>,
    pub focus: PaneKind,
    pub zoomed: bool,
    pub cursors: HashMap<PaneKind, Cursor>,
    pub filters: Filters,
    pub marked: BTreeSet<ItemId>,
    pub mode: Mode,
    /// Keys pressed so far of a multi-key sequence.
    pub pending_keys: Vec<Key>,
    pub status: Option<(Level, String)>,
    pub bulk: Option<Bulk>,
    pub detail: Option<ItemDetail>,
    pub history: Vec<String>,
    /// Rows changed recently, until when they are marked.
    pub flash: HashMap<ItemId, Timestamp>,
    /// Every item, most urgent first; rebuilt when `stale_order` (the
    /// mirror changed, or clocks moved on).
    pub order: Vec<Row>,
    pub stale_order: bool,
    /// Filtered rows per item pane, as positions in `order` (cheaper to
    /// build per keystroke than cloned ids); rebuilt when `stale_views`.
    pub views: BTreeMap<PaneKind, Vec<u32>>,
    pub stale_views: bool,
    /// Red clocks per pane, counted with the views.
    pub red: BTreeMap<PaneKind, usize>,
    /// Open items per department, counted when the order is rebuilt (so
    /// drawing the directory pane never walks every item).
    pub dept_load: BTreeMap<String, usize>,
    /// Something changed since the last draw.
    pub dirty: bool,
    pub quit: bool,
    /// Rows visible per pane at the last draw (for paging).
    pub page: usize,
    /// When presence was last announced for the open detail.
    pub presence_at: Option<Timestamp>,
    /// Departments from the server's directory, for completion and the
    /// directory pane.
    pub directory: Option<crate::api::Directory>,
    /// Show alerts grouped under an open storm parent as rows of their own
    /// (hidden by default: the parent stands for them with `×N`).
    pub show_children: bool,
    /// Storm children hidden at the last rebuild, for the pane title.
    pub hidden_children: usize,
    /// The stats view's window and last answer.
    pub stats: stats::StatsPane,
    /// The detail (id, scroll) an input line or confirmation was opened
    /// over: it stays on screen, commands act on its item, and closing the
    /// line goes back to it.
    pub return_to: Option<(ItemId, usize)>,
}

impl App {
    pub fn new(
        me: Operator,
        server: String,
        keymap: Keymap,
        layout: Vec<Vec<PaneKind>>,
        now: Timestamp,
    ) -> Self {
        let focus = layout
            .first()
            .and_then(|r| r.first())
            .copied()
            .unwrap_or(PaneKind::Incidents);
        App {
            me,
            server,
            keymap,
            mirror: Mirror::default(),
            conn: Conn::Connecting,
            now,
            layout,
            focus,
            zoomed: false,
            cursors: HashMap::new(),
            filters: Filters::default(),
            marked: BTreeSet::new(),
            mode: Mode::Normal,
            pending_keys: Vec::new(),
            status: None,
            bulk: None,
            detail: None,
            history: Vec::new(),
            flash: HashMap::new(),
            order: Vec::new(),
            stale_order: true,
            views: BTreeMap::new(),
            stale_views: true,
            red: BTreeMap::new(),
            dept_load: BTreeMap::new(),
            dirty: true,
            quit: false,
            page: 10,
            presence_at: None,
            directory: None,
            show_children: false,
            hidden_children: 0,
            stats: stats::StatsPane::default(),
            return_to: None,
        }
    }

    pub fn default_layout() -> Vec<Vec<PaneKind>> {
        vec![
            vec![PaneKind::Incidents, PaneKind::Escalations],
            vec![PaneKind::Alerts, PaneKind::Tickets],
        ]
    }

    pub fn role(&self) -> Role {
        self.me.role
    }

    /// Panes in focus order: the layout's, then the rest.
    pub fn focus_order(&self) -> Vec<PaneKind> {
        let mut order: Vec<PaneKind> = self.layout.iter().flatten().copied().collect();
        for p in PaneKind::ALL {
            if !order.contains(&p) {
                order.push(p);
            }
        }
        order
    }

    /// Is the focused pane drawn full screen?
    pub fn showing_zoomed(&self) -> bool {
        self.zoomed || !self.layout.iter().flatten().any(|p| *p == self.focus)
    }

    /// Rebuilds the rows of every item pane if anything changed. Called once
    /// per frame, not per event, so a burst of events costs one sort; a
    /// filter keystroke costs one pass over the already sorted order.
    pub fn prepare(&mut self) {
        if self.stale_order {
            self.rebuild_order();
        }
        if !self.stale_views {
            return;
        }
        let words = self.filters.words();
        let quick = self.filters.has_quick();
        let mut views: BTreeMap<PaneKind, Vec<u32>> = BTreeMap::new();
        let mut red: BTreeMap<PaneKind, usize> = BTreeMap::new();
        for (at, row) in self.order.iter().enumerate() {
            if !words.iter().all(|w| row.search.contains(w.as_str())) {
                continue;
            }
            // Quick filters need the item itself; only then is it looked up.
            if quick
                && !self
                    .mirror
                    .items
                    .get(&row.id)
                    .is_some_and(|i| self.filters.matches_words(i, "", &[]))
            {
                continue;
            }
            for (bit, pane) in PaneKind::ALL.iter().enumerate() {
                if row.panes & (1 << bit) != 0 {
                    views.entry(*pane).or_default().push(at as u32);
                    if row.red {
                        *red.entry(*pane).or_default() += 1;
                    }
                }
            }
        }
        self.views = views;
        self.red = red;
        self.stale_views = false;
        self.fix_cursors();
    }

    /// Sorts every item by urgency and works out, once, which panes each
    /// belongs to, so filter passes touch only this compact list.
    fn rebuild_order(&mut self) {
        let now = self.now;
        let me = self.me.login.as_str();
        let mut keyed: Vec<_> = self
            .mirror
            .items
            .values()
            .map(|i| {
                (
                    (
                        panes::effective_due(i, now).is_none(),
                        panes::effective_due(i, now),
                        i.priority,
                    ),
                    i,
                )
            })
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let mut hidden = 0;
        self.order = keyed
            .into_iter()
            .map(|(_, item)| {
                let folded = !self.show_children && self.in_open_storm(item);
                hidden += usize::from(folded);
                let panes = PaneKind::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| !folded || **p == PaneKind::Mine)
                    .filter(|(_, p)| panes::belongs(**p, item, me, now))
                    .fold(0u8, |acc, (bit, _)| acc | (1 << bit));
                Row {
                    id: item.id.clone(),
                    panes,
                    red: item.clock_state(now) == Some(crate::model::ClockState::Red),
                    search: self
                        .mirror
                        .search
                        .get(&item.id)
                        .cloned()
                        .unwrap_or_else(|| std::sync::Arc::from("")),
                }
            })
            .collect();
        self.hidden_children = hidden;
        self.dept_load.clear();
        for d in self.mirror.items.values().filter_map(|i| i.department.as_ref()) {
            *self.dept_load.entry(d.clone()).or_default() += 1;
        }
        self.stale_order = false;
        self.stale_views = true;
    }

    /// Is this alert grouped under a storm parent that is still open (so
    /// the parent's row stands for it)?
    fn in_open_storm(&self, item: &crate::model::Item) -> bool {
        item.parent
            .as_ref()
            .is_some_and(|p| self.mirror.items.contains_key(p))
    }

    /// Departments with their open load, busiest first: live, from the
    /// mirror; names from the server's directory once it has arrived.
    pub fn directory_rows(&self) -> Vec<DeptRow> {
        let load = |code: &str| self.dept_load.get(code).copied().unwrap_or(0);
        let mut rows: Vec<DeptRow> = match &self.directory {
            Some(dir) => dir
                .departments
                .iter()
                .map(|d| DeptRow {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    open: load(&d.code),
                })
                .collect(),
            None => self
                .dept_load
                .iter()
                .map(|(c, n)| DeptRow {
                    code: c.clone(),
                    name: c.clone(),
                    open: *n,
                })
                .collect(),
        };
        rows.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.code.cmp(&b.code)));
        rows
    }

    /// Keeps each cursor on its item; if the item left the pane, on the
    /// row where it was.
    fn fix_cursors(&mut self) {
        for pane in PaneKind::ALL.into_iter().filter(|p| p.lists_items()) {
            let rows = self.rows(pane);
            let cursor = self.cursors.get(&pane).cloned().unwrap_or_default();
            let found = cursor.selected.as_ref().and_then(|id| rows.position(id));
            let index = found.unwrap_or_else(|| cursor.index.min(rows.len().saturating_sub(1)));
            let selected = rows.get(index).cloned();
            let c = self.cursors.entry(pane).or_default();
            c.index = index;
            c.selected = selected;
        }
    }

    pub fn rows(&self, pane: PaneKind) -> Rows<'_> {
        Rows {
            order: &self.order,
            at: self.views.get(&pane).map_or(&[], Vec::as_slice),
        }
    }

    /// The item the keyboard points at: the detail's, else the focused row.
    pub fn current(&self) -> Option<&ItemId> {
        match &self.mode {
            Mode::Detail { id, .. } => return Some(id),
            // No row is on screen: keys must not act on one unseen.
            Mode::Help { .. } | Mode::Stats { .. } => return None,
            _ => {}
        }
        self.cursors.get(&self.focus).and_then(|c| c.selected.as_ref())
    }

    /// What an item action applies to: the marked rows, else the current one.
    pub fn targets(&self) -> Vec<ItemId> {
        if !self.marked.is_empty() && matches!(self.mode, Mode::Normal | Mode::Input(_) | Mode::Confirm(_)) {
            return self.marked.iter().cloned().collect();
        }
        self.current().cloned().into_iter().collect()
    }

    /// Opens an input line or confirmation, remembering the detail it was
    /// opened over (a confirmation after a command keeps the same one).
    pub fn open(&mut self, mode: Mode) {
        self.return_to = match &self.mode {
            Mode::Detail { id, scroll } => Some((id.clone(), *scroll)),
            Mode::Input(_) | Mode::Confirm(_) => self.return_to.take(),
            _ => None,
        };
        self.mode = mode;
    }

    /// Closes the input line or confirmation: back to the detail it was
    /// opened over, else to the list.
    pub fn close(&mut self) {
        self.mode = match self.return_to.take() {
            Some((id, scroll)) => Mode::Detail { id, scroll },
            None => Mode::Normal,
        };
    }

    /// The item whose detail is on screen, under an input line too.
    pub fn detail_id(&self) -> Option<&ItemId> {
        match &self.mode {
            Mode::Detail { id, .. } => Some(id),
            Mode::Input(_) | Mode::Confirm(_) => self.return_to.as_ref().map(|(id, _)| id),
            _ => None,
        }
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some((level, text.into()));
        self.dirty = true;
    }

    /// A person's name for an org code: the department's name, or for
    /// `community:210702-08-03` the street's and community's names.
    pub fn org_name(&self, code: &str) -> Option<String> {
        let dir = self.directory.as_ref()?;
        if !code.starts_with(crate::model::COMMUNITY_PREFIX) {
            return dir
                .departments
                .iter()
                .find(|d| d.code == code)
                .map(|d| d.name.clone());
        }
        let (district, street_no, community_no) = crate::model::community_parts(code)?;
        let district = dir.districts.iter().find(|d| d.code == district)?;
        let street = district.streets.iter().find(|s| s.number == street_no)?;
        let community = usize::from(community_no)
            .checked_sub(1)
            .and_then(|i| street.community_names.get(i))
            .filter(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("第{community_no}社区"));
        Some(format!("{}{}", street.name, community))
    }

    /// Department codes and names, for `:dispatch` completion.
    pub fn department_names(&self) -> Vec<String> {
        let Some(dir) = &self.directory else {
            return Vec::new();
        };
        dir.departments
            .iter()
            .flat_map(|d| [d.code.clone(), d.name.clone()])
            .collect()
    }

    /// Is a countdown on screen (so the 1 s tick must redraw)?
    pub fn clocks_visible(&self) -> bool {
        self.mirror
            .items
            .values()
            .any(|i| i.clock.as_ref().is_some_and(|c| c.paused_at.is_none()))
    }
}
