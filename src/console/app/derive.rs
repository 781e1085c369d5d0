//! What the panes show, derived from the state: items sorted by urgency,
//! the filtered rows of each pane, counts. Rebuilt by `App::prepare` when
//! the stamps of what they were built from differ; never edited by hand.

use super::panes::{self, PaneKind};
use super::{App, Filters, Row};
use std::collections::BTreeMap;

/// What the order and views were built from: when any of it differs from
/// now, `prepare` builds them again. Nothing sets a "stale" flag by hand.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OrderStamp {
    mirror: u64,
    show_children: bool,
    /// Clock colours move rows into Escalations; re-sorting every few
    /// seconds is enough for that and keeps ticks cheap.
    resort: i64,
    /// Whether the map has positions, so its spots are built once it has.
    map: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct ViewStamp {
    order: u64,
    filters: Filters,
}

/// Computed from the rest, never edited: rebuilt by `prepare` when its
/// stamps say the inputs changed.
#[derive(Default)]
pub struct Derived {
    /// Every item, most urgent first.
    pub order: Vec<Row>,
    /// What the map needs of each item of `order`, at the same index.
    pub spots: Vec<super::map::Spot>,
    /// Reports of the heat window: where, and the district's index.
    pub heat: Vec<(Option<crate::model::geo::Point>, Option<u16>)>,
    /// Filtered rows per item pane, as positions in `order` (cheaper to
    /// build per keystroke than cloned ids).
    pub views: BTreeMap<PaneKind, Vec<u32>>,
    /// Red clocks per pane, counted with the views.
    pub red: BTreeMap<PaneKind, usize>,
    /// Open items per department, counted when the order is rebuilt (so
    /// drawing the directory pane never walks every item).
    pub dept_load: BTreeMap<String, usize>,
    /// Storm children hidden at the last rebuild, for the pane title.
    pub hidden_children: usize,
    /// Whether any item's clock is running, so the 1 s tick must redraw.
    pub clocks_running: bool,
    order_built: Option<OrderStamp>,
    /// Bumped at each order rebuild, so the views know to follow.
    order_generation: u64,
    views_built: Option<ViewStamp>,
    /// Bumped at each views rebuild, so the map's binning knows to follow.
    pub(super) views_generation: u64,
    /// The map's marks as last binned ([`App::map_marks`]).
    pub(super) map_binned: Option<super::map::Binned>,
    pub(super) heat_binned: Option<super::map::HeatBinned>,
}

/// Seconds between re-sorts by clock while nothing else changes.
const RESORT_SECONDS: i64 = 5;

impl App {
    /// Rebuilds the rows of every item pane if what they are built from
    /// changed. Called once per frame, not per event, so a burst of events
    /// costs one sort; a filter keystroke costs one pass over the already
    /// sorted order.
    pub fn prepare(&mut self) {
        let order = OrderStamp {
            mirror: self.remote.mirror.generation,
            show_children: self.ui.show_children,
            resort: self.now.unix_timestamp().div_euclid(RESORT_SECONDS),
            map: self.ui.map.layout.is_some(),
        };
        let moved_by_server = self.derived.order_built.as_ref() != Some(&order);
        if moved_by_server {
            self.rebuild_order();
            self.derived.order_built = Some(order);
            self.derived.order_generation += 1;
        }
        let views = ViewStamp {
            order: self.derived.order_generation,
            filters: self.ui.filters.clone(),
        };
        if self.derived.views_built.as_ref() != Some(&views) {
            self.rebuild_views();
            self.derived.views_built = Some(views);
            self.derived.views_generation += 1;
            self.fix_cursors(moved_by_server);
            self.map_reselect();
        }
        self.bin_map();
    }

    /// The filtered rows of every item pane, from the sorted order.
    fn rebuild_views(&mut self) {
        let filters = &self.ui.filters;
        let words = filters.words();
        let quick = filters.has_quick();
        let mut views: BTreeMap<PaneKind, Vec<u32>> = BTreeMap::new();
        let mut red: BTreeMap<PaneKind, usize> = BTreeMap::new();
        for (at, row) in self.derived.order.iter().enumerate() {
            if !words.iter().all(|w| row.search.contains(w.as_str())) {
                continue;
            }
            // Quick filters need the item itself; only then is it looked up.
            if quick
                && !self
                    .remote
                    .mirror
                    .items
                    .get(&row.id)
                    .is_some_and(|i| filters.matches_words(i, "", &[]))
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
        self.derived.views = views;
        self.derived.red = red;
    }

    /// Sorts every item by urgency and works out, once, which panes each
    /// belongs to, so filter passes touch only this compact list.
    fn rebuild_order(&mut self) {
        let now = self.now;
        let me = self.session.me.login.as_str();
        let mirror = &self.remote.mirror;
        let items = &mirror.items;
        let mut keyed: Vec<_> = items
            .values()
            .map(|i| {
                let due = panes::effective_due(i, now);
                ((due.is_none(), due, i.priority), i)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let mut hidden = 0;
        let show_children = self.ui.show_children;
        let layout = self.ui.map.layout.as_deref();
        let mut spots = Vec::with_capacity(if layout.is_some() { keyed.len() } else { 0 });
        let order = keyed
            .into_iter()
            .map(|(_, item)| {
                // An alert under a storm parent that is still open: the
                // parent's row stands for it.
                let folded = !show_children && item.parent.as_ref().is_some_and(|p| items.contains_key(p));
                hidden += usize::from(folded);
                if layout.is_some() {
                    // A storm parent's mark counts the alerts it stands for.
                    let folded_children = if show_children {
                        0
                    } else {
                        item.children.iter().filter(|c| items.contains_key(*c)).count()
                    };
                    let weight = u32::try_from(folded_children + 1).unwrap_or(u32::MAX);
                    spots.push(super::map::spot(layout, item, now, weight));
                }
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
                    search: mirror
                        .search
                        .get(&item.id)
                        .cloned()
                        .unwrap_or_else(|| std::sync::Arc::from("")),
                }
            })
            .collect();
        let hours = self.ui.map.heat_hours();
        let heat = layout
            .map(|l| super::map::heat_spots(l, &spots, &mirror.reports, now, hours))
            .unwrap_or_default();
        let d = &mut self.derived;
        d.order = order;
        d.spots = spots;
        d.heat = heat;
        d.hidden_children = hidden;
        d.dept_load.clear();
        for dept in items.values().filter_map(|i| i.department.as_ref()) {
            *d.dept_load.entry(dept.clone()).or_default() += 1;
        }
        d.clocks_running = items
            .values()
            .any(|i| i.clock.as_ref().is_some_and(|c| c.paused_at.is_none()));
    }

    /// Keeps each cursor on its item. If the item left the focused pane
    /// because the server's items changed, its place is kept as a placeholder
    /// (`Cursor::gone`) rather than handing the selection to the row that
    /// slid under it; if it left because the operator's own filter hid it,
    /// the cursor stays on the row where it was.
    fn fix_cursors(&mut self, moved_by_server: bool) {
        for pane in PaneKind::ALL.into_iter().filter(|p| p.lists_items()) {
            let rows = self.rows(pane);
            let mut cursor = self.ui.cursors.get(&pane).cloned().unwrap_or_default();
            let found = cursor.selected.as_ref().and_then(|id| rows.position(id));
            let len = rows.len();
            match (cursor.selected.take(), found) {
                (Some(_), Some(at)) => {
                    cursor.index = at;
                    cursor.selected = rows.get(at).cloned();
                }
                // Only where keys act: in the other panes the cursor moves
                // on, and `tab` into one is itself a look at its row.
                (Some(id), None) if moved_by_server && pane == self.ui.focus => {
                    let why = super::gone::why(self, &id, pane);
                    cursor.index = cursor.index.min(len);
                    cursor.gone = Some(super::Gone { id, why });
                }
                // The placeholder may sit one past the last row.
                _ if cursor.gone.is_some() => cursor.index = cursor.index.min(len),
                _ => {
                    cursor.index = cursor.index.min(len.saturating_sub(1));
                    cursor.selected = rows.get(cursor.index).cloned();
                }
            }
            self.ui.cursors.insert(pane, cursor);
        }
    }
}
