//! The city map's state and what it shows: where the view is, the cursor,
//! the marks binned per terminal cell, the items under the cursor, and the
//! heat of recent reports. Pure: the view draws what these return.

use super::panes::PaneKind;
use super::{App, Level};
use crate::console::action::Action;
use crate::model::geo::{Layout, Point, Projection};
use crate::model::{ClockState, ItemId, Kind, Timestamp};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// Each zoom step shows this much less of the city across.
const ZOOM_STEP: f64 = 1.6;
const MAX_ZOOM: i32 = 9;
/// At this zoom and closer, streets are named and grids dotted.
pub const STREETS_FROM: i32 = 3;

/// Where the map looks and what is picked on it.
#[derive(Debug, Clone, Default)]
pub struct MapState {
    /// Positions of the city's places; without it the map says so.
    pub layout: Option<Arc<Layout>>,
    /// 0 fits the city; each step in is `ZOOM_STEP` closer.
    pub zoom: i32,
    /// The middle of the view; `None` is the middle of the city.
    pub center: Option<Point>,
    /// The cursor; `None` is the middle of the view.
    pub cursor: Option<Point>,
    /// Show the heat of recent reports instead of the open items.
    pub heat: bool,
    /// Hours of reports the heat view counts (`heat_hours` in the config);
    /// `None`: [`crate::api::HEAT_HOURS`].
    pub heat_hours: Option<u32>,
    /// The picked item among those under the cursor.
    pub pick: usize,
    /// Columns and rows of the map at the last draw: keys move by cells.
    pub size: (u16, u16),
}

/// What the map needs of one item, kept with the sorted order so a frame
/// never looks items up: where it is, its clock, its queue, its district.
#[derive(Debug, Clone, Copy)]
pub struct Spot {
    pub at: Option<Point>,
    pub clock: Option<ClockState>,
    pub kind: Kind,
    /// Index of its district in the layout's list.
    pub district: Option<u16>,
    /// Alerts a storm parent stands for (itself included).
    pub weight: u32,
    /// When it was reported, for the heat view.
    pub created: Timestamp,
}

/// All items of one terminal cell, drawn as one mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub col: u16,
    pub row: u16,
    /// Items here, a storm parent counting for its alerts.
    pub count: u32,
    pub worst: Option<ClockState>,
    /// The queue of the most urgent item here.
    pub kind: Kind,
    /// Where the most urgent item here is: the cursor goes there, so
    /// zooming in keeps it on that item.
    pub at: Point,
}

/// Counts per district: open and red, and reports in the heat window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub open: u32,
    pub red: u32,
}

impl MapState {
    /// The projection for a map of `cols` × `rows` cells.
    pub fn projection(&self, cols: u16, rows: u16) -> Option<Projection> {
        let (sw, ne) = self.layout.as_ref()?.bounds()?;
        let fit = Projection::fit(sw, ne, cols, rows);
        Some(Projection {
            center: self.center.unwrap_or(fit.center),
            per_col: fit.per_col / ZOOM_STEP.powi(self.zoom),
            ..fit
        })
    }

    /// The projection at the last draw's size.
    pub fn current(&self) -> Option<Projection> {
        self.projection(self.size.0.max(1), self.size.1.max(1))
    }

    /// The cursor's cell at the last draw's size.
    pub fn cursor_cell(&self, p: &Projection) -> (u16, u16) {
        let at = self.cursor.unwrap_or(p.center);
        p.cell(at).unwrap_or((p.cols / 2, p.rows / 2))
    }
}

fn severity(c: Option<ClockState>) -> u8 {
    match c {
        Some(ClockState::Red) => 3,
        Some(ClockState::Yellow) => 2,
        Some(ClockState::Green) => 1,
        None => 0,
    }
}

/// The map's marks binned for one projection from one build of the views:
/// binning walks every open item (100,000 at the bench), so it is done
/// once per change in `prepare`, not in every frame.
#[derive(Debug, Clone)]
pub struct Binned {
    projection: Projection,
    views: u64,
    marks: Vec<Mark>,
    counts: HashMap<u16, Counts>,
}

/// Reports per terminal cell of the heat view.
pub type HeatCells = HashMap<(u16, u16), u32>;

/// The heat view's cells binned likewise.
#[derive(Debug, Clone)]
pub struct HeatBinned {
    projection: Projection,
    views: u64,
    cells: HashMap<(u16, u16), u32>,
    counts: HashMap<u16, Counts>,
}

impl App {
    /// The filtered items binned per cell, most urgent mark first (red
    /// before yellow, then the most items), with counts per district; as
    /// `prepare` binned them when that was for `p` and the current views.
    /// Borrowed from that binning, so a frame copies nothing.
    pub fn map_marks(&self, p: &Projection) -> (Cow<'_, [Mark]>, Cow<'_, HashMap<u16, Counts>>) {
        match &self.derived.map_binned {
            Some(b) if b.projection == *p && b.views == self.derived.views_generation => {
                (Cow::Borrowed(&b.marks), Cow::Borrowed(&b.counts))
            }
            _ => {
                let (marks, counts) = self.bin_marks(p);
                (Cow::Owned(marks), Cow::Owned(counts))
            }
        }
    }

    /// Bins the marks for the map on screen, if they changed.
    pub(super) fn bin_map(&mut self) {
        if !self.map_on_screen() {
            return;
        }
        let Some(p) = self.ui.map.current() else {
            return;
        };
        let views = self.derived.views_generation;
        if self.ui.map.heat {
            let fresh = self.derived.heat_binned.as_ref();
            if !fresh.is_some_and(|b| b.projection == p && b.views == views) {
                let (cells, counts) = self.bin_heat(&p);
                self.derived.heat_binned = Some(HeatBinned {
                    projection: p,
                    views,
                    cells,
                    counts,
                });
            }
            return;
        }
        if self
            .derived
            .map_binned
            .as_ref()
            .is_some_and(|b| b.projection == p && b.views == views)
        {
            return;
        }
        let (marks, counts) = self.bin_marks(&p);
        self.derived.map_binned = Some(Binned {
            projection: p,
            views,
            marks,
            counts,
        });
    }

    /// Whether the map pane is drawn: zoomed or focused alone, or a cell
    /// of the grid.
    fn map_on_screen(&self) -> bool {
        if self.showing_zoomed() {
            self.ui.focus == PaneKind::Map
        } else {
            self.ui.layout.iter().flatten().any(|p| *p == PaneKind::Map)
        }
    }

    fn bin_marks(&self, p: &Projection) -> (Vec<Mark>, HashMap<u16, Counts>) {
        // A flat grid of cells rather than a map: a frame bins every open
        // item, 100,000 of them at the bench.
        let (cols, rows) = (usize::from(p.cols), usize::from(p.rows));
        let mut cells: Vec<Option<Mark>> = vec![None; cols * rows];
        let mut per: Vec<Counts> = Vec::new();
        let view = self
            .derived
            .views
            .get(&PaneKind::Map)
            .map_or(&[][..], Vec::as_slice);
        let cell_of = p.cell_of();
        for &at in view {
            let Some(spot) = self.derived.spots.get(at as usize) else {
                continue;
            };
            if let Some(d) = spot.district.map(usize::from) {
                if per.len() <= d {
                    per.resize(d + 1, Counts::default());
                }
                per[d].open += spot.weight;
                per[d].red += u32::from(spot.clock == Some(ClockState::Red)) * spot.weight;
            }
            let Some((pt, (col, row))) = spot.at.and_then(|pt| Some((pt, cell_of(pt)?))) else {
                continue;
            };
            let mark = cells[usize::from(row) * cols + usize::from(col)].get_or_insert(Mark {
                col,
                row,
                count: 0,
                worst: spot.clock,
                kind: spot.kind,
                at: pt,
            });
            mark.count += spot.weight;
            if severity(spot.clock) > severity(mark.worst) {
                mark.worst = spot.clock;
                mark.kind = spot.kind;
                mark.at = pt;
            }
        }
        let counts = (0u16..).zip(per).filter(|(_, c)| c.open > 0).collect();
        let mut marks: Vec<Mark> = cells.into_iter().flatten().collect();
        marks.sort_by(|a, b| {
            severity(b.worst)
                .cmp(&severity(a.worst))
                .then(b.count.cmp(&a.count))
                .then((a.row, a.col).cmp(&(b.row, b.col)))
        });
        (marks, counts)
    }

    /// The filtered items in the cursor's cell, most urgent first.
    pub fn map_here(&self, p: &Projection) -> Vec<ItemId> {
        let cell = self.ui.map.cursor_cell(p);
        let cell_of = p.cell_of();
        let view = self
            .derived
            .views
            .get(&PaneKind::Map)
            .map_or(&[][..], Vec::as_slice);
        view.iter()
            .filter(|&&at| {
                self.derived
                    .spots
                    .get(at as usize)
                    .and_then(|s| s.at)
                    .and_then(&cell_of)
                    == Some(cell)
            })
            .filter_map(|&at| self.derived.order.get(at as usize).map(|r| r.id.clone()))
            .collect()
    }

    /// Reports of the heat window per cell, and per district; as
    /// `prepare` binned them when that was for `p` and the current views.
    pub fn map_heat(&self, p: &Projection) -> (Cow<'_, HeatCells>, Cow<'_, HashMap<u16, Counts>>) {
        match &self.derived.heat_binned {
            Some(b) if b.projection == *p && b.views == self.derived.views_generation => {
                (Cow::Borrowed(&b.cells), Cow::Borrowed(&b.counts))
            }
            _ => {
                let (cells, counts) = self.bin_heat(p);
                (Cow::Owned(cells), Cow::Owned(counts))
            }
        }
    }

    fn bin_heat(&self, p: &Projection) -> (HashMap<(u16, u16), u32>, HashMap<u16, Counts>) {
        let mut cells = HashMap::new();
        let mut counts: HashMap<u16, Counts> = HashMap::new();
        let cell_of = p.cell_of();
        for (at, district) in &self.derived.heat {
            if let Some(d) = district {
                counts.entry(*d).or_default().open += 1;
            }
            if let Some(cell) = at.and_then(&cell_of) {
                *cells.entry(cell).or_default() += 1;
            }
        }
        (cells, counts)
    }

    /// Keeps the map's pick on an item under the cursor: the focused map's
    /// selection is what `enter` and the verbs act on.
    pub fn map_reselect(&mut self) {
        let Some(p) = self.ui.map.current() else {
            return;
        };
        let here = self.map_here(&p);
        let pick = self.ui.map.pick.min(here.len().saturating_sub(1));
        self.ui.map.pick = pick;
        let cursor = self.ui.cursors.entry(PaneKind::Map).or_default();
        cursor.index = pick;
        cursor.selected = here.get(pick).cloned();
    }
}

fn to_u16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

impl MapState {
    /// Hours of reports the heat view counts.
    pub fn heat_hours(&self) -> u32 {
        self.heat_hours.unwrap_or(crate::api::HEAT_HOURS)
    }
}

/// Where the reports of the heat window are — the open items reported in
/// it and the closed ones — worked out with the order (every few seconds)
/// rather than per frame.
pub fn heat_spots(
    layout: &Layout,
    open: &[Spot],
    closed: &std::collections::VecDeque<crate::console::mirror::Report>,
    now: Timestamp,
    hours: u32,
) -> Vec<(Option<Point>, Option<u16>)> {
    let since = now - time::Duration::hours(i64::from(hours));
    let open = open
        .iter()
        .filter(|s| s.created >= since)
        .map(|s| (s.at, s.district));
    let closed = closed.iter().filter(|r| r.at >= since).map(|r| {
        let district = r.place.district.as_deref().and_then(|n| layout.index_of(n));
        (layout.place(&r.place), district.map(to_u16))
    });
    open.chain(closed).collect()
}

/// What the derive pass records of an item for the map.
pub fn spot(layout: Option<&Layout>, item: &crate::model::Item, now: Timestamp, weight: u32) -> Spot {
    Spot {
        at: layout.and_then(|l| l.place(&item.place)),
        clock: item.clock_state(now),
        kind: item.kind,
        district: layout
            .zip(item.place.district.as_deref())
            .and_then(|(l, n)| l.index_of(n))
            .map(to_u16),
        weight,
        created: item.created_at,
    }
}

/// The district of the picked item, else the one whose outline holds the
/// cursor.
pub fn district_under_cursor(app: &App) -> Option<String> {
    let picked = app
        .ui
        .cursors
        .get(&PaneKind::Map)
        .and_then(|c| c.selected.as_ref())
        .and_then(|id| app.remote.mirror.items.get(id))
        .and_then(|i| i.place.district.clone());
    picked.or_else(|| {
        let map = &app.ui.map;
        let p = map.current()?;
        let at = map.cursor.unwrap_or(p.center);
        let layout = map.layout.as_ref()?;
        layout.outlines().district_at(at).map(|d| d.name.clone())
    })
}

/// `W` or `:map`: the map full screen (or its cell of the grid), or back
/// to the pane that had the focus.
pub fn toggle(app: &mut App) {
    if app.ui.focus == PaneKind::Map {
        app.ui.focus = app.ui.map_back.take().unwrap_or_else(|| app.focus_order()[0]);
        return;
    }
    if app.ui.map.layout.is_none() {
        let text = crate::t!(app.ui.lang, "map-none");
        app.say(Level::Warning, text);
        return;
    }
    app.ui.map_back = Some(app.ui.focus);
    app.ui.focus = PaneKind::Map;
    app.map_reselect();
}

/// A key of the map's own.
pub fn on_action(app: &mut App, action: &Action) {
    let Some(p) = app.ui.map.current() else {
        return;
    };
    let map = &mut app.ui.map;
    let cursor = map.cursor.unwrap_or(p.center);
    match action {
        Action::MapLeft | Action::MapRight | Action::MapUp | Action::MapDown => {
            let (dx, dy) = match action {
                Action::MapLeft => (-1.0, 0.0),
                Action::MapRight => (1.0, 0.0),
                Action::MapUp => (0.0, 1.0),
                _ => (0.0, -1.0),
            };
            let to = Point {
                lon: cursor.lon + dx * p.per_col,
                lat: cursor.lat + dy * p.per_row(),
            };
            map.cursor = Some(to);
            // Off the edge: the view follows by the same step.
            if p.cell(to).is_none() {
                map.center = Some(Point {
                    lon: p.center.lon + dx * p.per_col,
                    lat: p.center.lat + dy * p.per_row(),
                });
            }
            map.pick = 0;
        }
        Action::MapZoomIn | Action::MapZoomOut => {
            let zoom = if *action == Action::MapZoomIn {
                (map.zoom + 1).min(MAX_ZOOM)
            } else {
                (map.zoom - 1).max(0)
            };
            // The cursor stays where it is on screen.
            let k = ZOOM_STEP.powi(map.zoom - zoom);
            map.center = Some(Point {
                lon: cursor.lon + (p.center.lon - cursor.lon) * k,
                lat: cursor.lat + (p.center.lat - cursor.lat) * k,
            });
            map.cursor = Some(cursor);
            map.zoom = zoom;
            if zoom == 0 {
                map.center = None;
            }
        }
        Action::MapFit => {
            map.zoom = 0;
            map.center = None;
            map.cursor = None;
            map.pick = 0;
        }
        Action::MapNextMark | Action::MapPrevMark => {
            jump(app, &p, *action == Action::MapNextMark);
        }
        Action::MapPickNext => map.pick += 1,
        Action::MapPickPrev => map.pick = map.pick.saturating_sub(1),
        Action::MapHeat => map.heat = !map.heat,
        _ => {}
    }
    app.map_reselect();
}

/// The cursor to the next mark in urgency order after the one it is on.
fn jump(app: &mut App, p: &Projection, forward: bool) {
    let marks = app.map_marks(p).0.into_owned();
    if marks.is_empty() {
        let text = crate::t!(app.ui.lang, "map-no-marks");
        app.say(Level::Info, text);
        return;
    }
    let here = app.ui.map.cursor_cell(p);
    let at = marks.iter().position(|m| (m.col, m.row) == here);
    let next = match (at, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1) % marks.len(),
        (Some(i), false) => (i + marks.len() - 1) % marks.len(),
    };
    let m = &marks[next];
    app.ui.map.cursor = Some(m.at);
    app.ui.map.pick = 0;
}
