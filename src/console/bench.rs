//! `citydesk bench-console`: the console with a large mirror, measured in
//! process — snapshot decode to first frame, one frame, one filter
//! keystroke, memory, and bytes written to the terminal for a one-row change.

use super::app::{App, Conn, update};
use super::keymap::{Key, Keymap};
use super::msg::Msg;
use super::theme::Theme;
use super::views::{Glyphs, render};
use crate::api::{ItemView, Snapshot};
use crate::client::live::LiveUpdate;
use crate::model::geo::Layout;
use crate::model::{
    Caller, ClockKey, Created, Event, EventBody, Item, ItemId, Kind, Operator, Place, Policy, Priority, Role,
    Stage, Tier,
};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What was measured.
#[derive(Debug, Clone)]
pub struct Figures {
    pub items: usize,
    pub first_frame: Duration,
    /// Parts of `first_frame`: JSON decode, and decode + mirror load.
    pub decoded: Duration,
    pub loaded: Duration,
    pub render_p50: Duration,
    pub render_max: Duration,
    pub filter_p50: Duration,
    pub filter_max: Duration,
    pub rss_mib: f64,
    pub one_row_bytes: usize,
    /// The city map at the same size, when the bench has the city's layout.
    pub map: Option<MapFigures>,
}

/// The map pane's figures: the order rebuilt with every item placed, a
/// frame of the map (every open item binned), and one of the heat view.
#[derive(Debug, Clone)]
pub struct MapFigures {
    pub placed: usize,
    pub prepare: Duration,
    pub render_p50: Duration,
    pub render_max: Duration,
    /// A zoom keystroke: the marks binned again for the new projection,
    /// then the frame (what any change to the items or filters costs).
    pub rebin_p50: Duration,
    pub rebin_max: Duration,
    pub heat_p50: Duration,
}

const DISTRICTS: &[&str] = &[
    "古塔区",
    "凌河区",
    "太和区",
    "凌海市",
    "北镇市",
    "黑山县",
    "义县",
    "松山新区",
    "滨海新区",
];
const TITLES: &[&str] = &[
    "供热不热",
    "井盖缺失",
    "交通事故伤人",
    "路面积水",
    "噪声扰民",
    "燃气隐患",
    "停水",
    "暴露垃圾",
];

fn created(n: u64, now: crate::model::Timestamp, policy: &Policy) -> Event {
    let kind = Kind::ALL[(n % 3) as usize];
    let priority = Priority::ALL[(n % 4) as usize];
    let at = now - time::Duration::seconds((n % 7200) as i64);
    let category = format!("H{:02}", n % 12 + 1);
    let key = ClockKey {
        kind,
        category: &category,
        priority,
        stage: Stage::Accept,
    };
    let deadline = policy.deadline(&key, at);
    let created = Created {
        kind,
        category: category.clone(),
        title: format!("{} {}", TITLES[(n % 8) as usize], n),
        description: String::new(),
        priority,
        tier: Tier::Grid,
        place: Place {
            district: Some(DISTRICTS[(n % 9) as usize].into()),
            ..Place::default()
        },
        fingerprint: None,
        caller: Some(Caller {
            name: Some("市民".into()),
            phone: None,
            ..Caller::default()
        }),
        due_at: Some(deadline.due_at),
        warn_at: Some(deadline.warn_at),
        raised_from: None,
        call_id: None,
        origin: None,
    };
    Event {
        seq: n,
        item_id: ItemId::new(kind, n),
        version: 1,
        actor: "op:bench".into(),
        at,
        body: EventBody::Created(Box::new(created)),
    }
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

/// Counts what a frame writes to the terminal.
#[derive(Default, Clone)]
struct Counter(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Counter {
    fn get(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn run(n: usize, map: Option<Arc<Layout>>) -> anyhow::Result<Figures> {
    let now = time::OffsetDateTime::now_utc();
    let policy = Policy::default();
    // With a layout, items are spread over the city's grids as reports
    // are, so the map bins them into many cells, not one per district.
    let grids: Vec<(String, String)> = map.as_deref().map(grid_places).unwrap_or_default();
    let items: Vec<ItemView> = (1..=n as u64)
        .filter_map(|i| Item::from_created(&created(i, now, &policy)))
        .map(|mut i| {
            if let Some((grid, district)) = grids.get(i.id.number() as usize % grids.len().max(1)) {
                i.place.grid = Some(grid.clone());
                i.place.district = Some(district.clone());
            }
            ItemView::new(i, now)
        })
        .collect();
    let body = serde_json::to_vec(&Snapshot { seq: n as u64, items })?;
    let me = Operator {
        login: "bench".into(),
        name: "压测".into(),
        role: Role::Dispatcher,
        department: None,
    };
    let keymap = Keymap::builtin("default").map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let theme = Theme::builtin("dark").map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let glyphs = Glyphs::new(false);
    let mut terminal = Terminal::new(TestBackend::new(200, 50))?;

    // Snapshot bytes → decoded → mirror → sorted panes → first frame.
    let start = Instant::now();
    let snap: Snapshot = serde_json::from_slice(&body)?;
    drop(body);
    let decoded = start.elapsed();
    let mut app = App::new(me, "bench".into(), keymap, App::default_layout(), now);
    app.session.conn = Conn::Live;
    update(&mut app, Msg::Live(LiveUpdate::Snapshot(Box::new(snap))));
    let loaded = start.elapsed();
    app.prepare();
    terminal.draw(|f| render(f, &app, &theme, glyphs))?;
    let first_frame = start.elapsed();
    let rss = rss_mib();

    let mut renders = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        terminal.draw(|f| render(f, &app, &theme, glyphs))?;
        renders.push(t.elapsed());
    }

    let mut filters = Vec::new();
    update(&mut app, Msg::Key(Key::parse("/").map_err(anyhow::Error::msg)?));
    for c in ["供", "热", "不", "backspace", "backspace", "backspace", "1", "2"] {
        let t = Instant::now();
        update(&mut app, Msg::Key(Key::parse(c).map_err(anyhow::Error::msg)?));
        app.prepare();
        terminal.draw(|f| render(f, &app, &theme, glyphs))?;
        filters.push(t.elapsed());
    }
    update(&mut app, Msg::Key(Key::parse("esc").map_err(anyhow::Error::msg)?));
    app.ui.filters = Default::default();
    app.prepare();

    let one_row_bytes = one_row_change(&mut app, &theme, glyphs)?;
    let map = match map {
        Some(layout) => Some(map_frames(&mut app, layout, &mut terminal, &theme, glyphs)?),
        None => None,
    };
    Ok(Figures {
        items: n,
        first_frame,
        decoded,
        loaded,
        render_p50: percentile(renders.clone(), 0.5),
        render_max: percentile(renders, 1.0),
        filter_p50: percentile(filters.clone(), 0.5),
        filter_max: percentile(filters, 1.0),
        rss_mib: rss,
        one_row_bytes,
        map,
    })
}

/// Every grid id with its district's name, in a fixed order.
fn grid_places(layout: &Layout) -> Vec<(String, String)> {
    let names: std::collections::HashMap<&str, &str> =
        layout.districts().map(|(code, name, _)| (code, name)).collect();
    let mut grids: Vec<(String, String)> = layout
        .grids()
        .keys()
        .filter_map(|g| Some((g.clone(), (*names.get(g.get(..6)?)?).to_owned())))
        .collect();
    grids.sort();
    grids
}

/// The map pane full screen: the order rebuilt with the layout (every
/// item placed), then frames of the map and of its heat view.
fn map_frames(
    app: &mut App,
    layout: Arc<Layout>,
    terminal: &mut Terminal<TestBackend>,
    theme: &Theme,
    glyphs: Glyphs,
) -> anyhow::Result<MapFigures> {
    app.ui.map.layout = Some(layout);
    let t = Instant::now();
    app.prepare();
    let prepare = t.elapsed();
    let placed = app.derived.spots.iter().filter(|s| s.at.is_some()).count();
    update(app, Msg::Key(Key::parse("W").map_err(anyhow::Error::msg)?));
    app.ui.map.size = super::views::map::size(app, ratatui::layout::Rect::new(0, 0, 200, 50));
    app.prepare();
    let renders = frames(app, terminal, theme, glyphs)?;
    let mut rebins = Vec::new();
    for key in ["+", "-"].iter().cycle().take(30) {
        let t = Instant::now();
        update(app, Msg::Key(Key::parse(key).map_err(anyhow::Error::msg)?));
        app.prepare();
        terminal.draw(|f| render(f, app, theme, glyphs))?;
        rebins.push(t.elapsed());
    }
    update(app, Msg::Key(Key::parse("H").map_err(anyhow::Error::msg)?));
    // As the console's loop does before every frame.
    app.prepare();
    let heat = frames(app, terminal, theme, glyphs)?;
    Ok(MapFigures {
        placed,
        prepare,
        render_p50: percentile(renders.clone(), 0.5),
        render_max: percentile(renders, 1.0),
        rebin_p50: percentile(rebins.clone(), 0.5),
        rebin_max: percentile(rebins, 1.0),
        heat_p50: percentile(heat, 0.5),
    })
}

/// Thirty frames of what is on screen, nothing changing between them.
fn frames(
    app: &App,
    terminal: &mut Terminal<TestBackend>,
    theme: &Theme,
    glyphs: Glyphs,
) -> anyhow::Result<Vec<Duration>> {
    let mut out = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        terminal.draw(|f| render(f, app, theme, glyphs))?;
        out.push(t.elapsed());
    }
    Ok(out)
}

/// Bytes a real terminal backend writes when one visible row changes.
fn one_row_change(app: &mut App, theme: &Theme, glyphs: Glyphs) -> anyhow::Result<usize> {
    let counter = Counter::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 200, 50)),
        },
    )?;
    terminal.draw(|f| render(f, app, theme, glyphs))?;
    let before = counter.get();
    let id = app
        .rows(super::app::panes::PaneKind::Incidents)
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no rows"))?;
    let version = app.remote.mirror.items.get(&id).map_or(1, |i| i.version);
    let event = Event {
        seq: app.remote.mirror.seq + 1,
        item_id: id,
        version: version + 1,
        actor: "op:other".into(),
        at: app.now,
        body: EventBody::Claimed {
            owner: "other".into(),
            until: app.now + time::Duration::minutes(15),
        },
    };
    update(app, Msg::Live(LiveUpdate::Event(Box::new(event))));
    // The flash marker is itself a change; measure the row change alone.
    app.ui.flash.clear();
    app.prepare();
    terminal.draw(|f| render(f, app, theme, glyphs))?;
    Ok(counter.get() - before)
}
