//! The city map pane: district outlines in braille (ASCII dots with
//! `--ascii`), names with counts, the open items as one mark per cell
//! coloured by the worst clock there and shaped by its queue, a cursor,
//! and beside it the items under the cursor. Only what is on screen is
//! drawn; the marks come binned from `App::map_marks`.

use super::Glyphs;
use super::pane::block;
use crate::console::app::App;
use crate::console::app::map::{Counts, Mark, STREETS_FROM};
use crate::console::app::panes::PaneKind;
use crate::console::theme::{Role, Theme};
use crate::model::geo::{Layout, Projection};
use crate::model::{ClockState, Kind};
use crate::present::map as words;
use crate::present::{fit, pad};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Line as Segment};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use unicode_width::UnicodeWidthStr;

/// The map and the list beside it, inside the pane's border: the list
/// only where there is room for both.
pub fn split(inner: Rect) -> (Rect, Option<Rect>) {
    if inner.width < 60 {
        return (inner, None);
    }
    let side = (inner.width / 3).clamp(26, 40);
    let [map, list] = Split::horizontal([Constraint::Fill(1), Constraint::Length(side)]).areas(inner);
    (map, Some(list))
}

/// Cells the map takes on a `screen` of that size: the frame's layout
/// worked out again, so keys move the cursor by the cells drawn.
pub fn size(app: &App, screen: Rect) -> (u16, u16) {
    let marks = u16::from(!app.ui.marked.is_empty());
    let mut body = Rect {
        y: screen.y + 1,
        height: screen.height.saturating_sub(3 + marks),
        ..screen
    };
    if app.ui.intake.is_some() {
        body.width = body
            .width
            .saturating_sub((body.width / 2).clamp(40, 64).min(body.width));
    }
    let pane = if app.showing_zoomed() || (app.ui.intake.is_some() && body.width < 80) {
        body
    } else {
        grid_cell(app, body).unwrap_or(body)
    };
    // Inside the border.
    let inner = Rect {
        x: pane.x + 1,
        y: pane.y + 1,
        width: pane.width.saturating_sub(2),
        height: pane.height.saturating_sub(2),
    };
    let (map, _) = split(inner);
    (map.width, map.height)
}

/// Where the map pane sits in the layout's grid.
fn grid_cell(app: &App, body: Rect) -> Option<Rect> {
    let rows = Split::vertical(app.ui.layout.iter().map(|_| Constraint::Fill(1))).split(body);
    for (row_area, row) in rows.iter().zip(&app.ui.layout) {
        let cols = Split::horizontal(row.iter().map(|_| Constraint::Fill(1))).split(*row_area);
        if let Some(at) = row.iter().position(|k| *k == PaneKind::Map) {
            return cols.get(at).copied();
        }
    }
    None
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    let focused = app.ui.focus == PaneKind::Map;
    let inner = block(Line::default(), focused, theme, g).inner(area);
    let (map_area, side) = split(inner);
    let map = &app.ui.map;
    let (Some(layout), Some(p)) = (
        map.layout.as_deref(),
        map.projection(map_area.width, map_area.height),
    ) else {
        let title = Line::from(Span::styled(
            format!(" {} ", PaneKind::Map.title(app.ui.lang)),
            theme.style(Role::Title),
        ));
        let text = Paragraph::new(words::map_none(app.ui.lang)).style(theme.style(Role::Muted));
        frame.render_widget(text.block(block(title, focused, theme, g)), area);
        return;
    };
    let (marks, counts) = if map.heat {
        let (marks, counts) = heat_marks(app, &p);
        (Cow::Owned(marks), counts)
    } else {
        app.map_marks(&p)
    };
    let title = title(app, &counts, theme, g);
    frame.render_widget(block(title, focused, theme, g), area);
    outlines(frame, map_area, layout, &p, theme, g);
    let buf = frame.buffer_mut();
    // Marks are what matters: names keep off their cells.
    let mut used: HashSet<(u16, u16)> = marks.iter().map(|m| (m.col, m.row)).collect();
    if map.zoom >= STREETS_FROM {
        streets(buf, map_area, layout, &p, theme, g, &mut used);
    }
    labels(buf, map_area, layout, &p, &counts, map.heat, theme, &mut used);
    for m in marks.iter() {
        draw_mark(buf, map_area, m, map.heat, theme, g);
    }
    let cursor = map.cursor_cell(&p);
    if let Some(cell) = buf.cell_mut((map_area.x + cursor.0, map_area.y + cursor.1)) {
        if cell.symbol().trim().is_empty() {
            cell.set_symbol("+");
        }
        let style = cell.style().add_modifier(Modifier::REVERSED);
        cell.set_style(style);
    }
    if let Some(side) = side {
        side_list(frame, side, app, layout, &p, &counts, theme, g);
    }
}

fn title(app: &App, counts: &HashMap<u16, Counts>, theme: &Theme, g: Glyphs) -> Line<'static> {
    let map = &app.ui.map;
    let open: u32 = counts.values().map(|c| c.open).sum();
    let red: u32 = counts.values().map(|c| c.red).sum();
    let mut spans = vec![Span::styled(
        format!(" {} ", PaneKind::Map.title(app.ui.lang)),
        theme.style(Role::Title),
    )];
    if map.heat {
        spans.push(Span::styled(
            words::map_heat_title(app.ui.lang, map.heat_hours(), open),
            theme.style(Role::Warning),
        ));
    } else {
        spans.push(Span::styled(
            words::map_counts(app.ui.lang, open, 0, g.sep),
            theme.style(Role::Text),
        ));
        if red > 0 {
            spans.push(Span::styled(
                format!("{} {} ", g.sep, crate::t!(app.ui.lang, "pane-red", n = red)),
                theme.style(Role::ClockRed),
            ));
        }
    }
    if map.zoom > 0 {
        spans.push(Span::styled(
            words::map_zoom(app.ui.lang, map.zoom),
            theme.style(Role::Muted),
        ));
    }
    if g.ascii {
        spans.push(Span::styled(
            words::map_ascii(app.ui.lang),
            theme.style(Role::Muted),
        ));
    }
    Line::from(spans)
}

/// District outlines: braille lines on a canvas, or with `--ascii` dots
/// set cell by cell along each edge.
fn outlines(frame: &mut Frame<'_>, area: Rect, layout: &Layout, p: &Projection, theme: &Theme, g: Glyphs) {
    let style = theme.style(Role::Border);
    let rings = || {
        layout
            .outlines()
            .districts()
            .iter()
            .flat_map(|d| &d.polygons)
            .flat_map(|poly| &poly.rings)
    };
    if g.ascii {
        let buf = frame.buffer_mut();
        for ring in rings() {
            for w in ring.windows(2) {
                let ((x0, y0), (x1, y1)) = (p.xy(w[0]), p.xy(w[1]));
                let steps = ((x1 - x0).abs().max((y1 - y0).abs()) * 2.0).ceil().max(1.0);
                // Bounded: a segment is at most a few hundred cells long on screen.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                for i in 0..=steps.min(4096.0) as u32 {
                    let t = f64::from(i) / steps;
                    let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                    if x >= 0.0 && y >= 0.0 && x < f64::from(area.width) && y < f64::from(area.height) {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        if let Some(cell) = buf.cell_mut((area.x + x as u16, area.y + y as u16)) {
                            cell.set_symbol(".").set_style(style);
                        }
                    }
                }
            }
        }
        return;
    }
    let (x_bounds, y_bounds) = p.bounds();
    let color = style.fg.unwrap_or(Color::Reset);
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds(x_bounds)
        .y_bounds(y_bounds)
        .paint(|ctx| {
            for ring in rings() {
                for w in ring.windows(2) {
                    ctx.draw(&Segment::new(w[0].lon, w[0].lat, w[1].lon, w[1].lat, color));
                }
            }
        });
    frame.render_widget(canvas, area);
}

/// Close up: each grid a faint dot and each street its name.
#[allow(clippy::too_many_arguments)]
fn streets(
    buf: &mut Buffer,
    area: Rect,
    layout: &Layout,
    p: &Projection,
    theme: &Theme,
    g: Glyphs,
    used: &mut HashSet<(u16, u16)>,
) {
    let muted = theme.style(Role::Muted);
    let dot = if g.ascii { "." } else { "·" };
    for at in layout.grids().values() {
        if let Some((x, y)) = p.cell(*at)
            && let Some(cell) = buf.cell_mut((area.x + x, area.y + y))
        {
            cell.set_symbol(dot).set_style(muted);
        }
    }
    for (code, ..) in layout.districts() {
        for (_, name, at) in layout.streets(code) {
            if let Some((x, y)) = p.cell(*at) {
                put_label(buf, area, x + 1, y, name, muted, used);
            }
        }
    }
}

/// District names with their counts, the busiest placed first; a label
/// that would cover another moves a row, else is left out.
#[allow(clippy::too_many_arguments)]
fn labels(
    buf: &mut Buffer,
    area: Rect,
    layout: &Layout,
    p: &Projection,
    counts: &HashMap<u16, Counts>,
    heat: bool,
    theme: &Theme,
    used: &mut HashSet<(u16, u16)>,
) {
    let mut list: Vec<(usize, &str, Counts, (u16, u16))> = layout
        .districts()
        .enumerate()
        .filter_map(|(i, (_, name, at))| {
            let c = counts
                .get(&u16::try_from(i).unwrap_or(u16::MAX))
                .copied()
                .unwrap_or_default();
            p.cell(at).map(|cell| (i, name, c, cell))
        })
        .collect();
    list.sort_by(|a, b| {
        b.2.red
            .cmp(&a.2.red)
            .then(b.2.open.cmp(&a.2.open))
            .then(a.0.cmp(&b.0))
    });
    for (_, name, c, (x, y)) in list {
        let text = words::map_label(name, c.open, c.red, heat);
        let w = u16::try_from(text.width()).unwrap_or(u16::MAX);
        let style = if c.red > 0 {
            theme.style(Role::Text).add_modifier(Modifier::BOLD)
        } else {
            theme.style(Role::Text)
        };
        // Beside the district's point (its mark stays visible), to the
        // right, else the left, else a row up or down.
        let spots = [
            (x.saturating_add(2), y),
            (x.saturating_sub(w + 1), y),
            (x.saturating_sub(w / 2), y.saturating_sub(1)),
            (x.saturating_sub(w / 2), y.saturating_add(1)),
        ];
        for (lx, ly) in spots {
            if put_label(buf, area, lx, ly, &text, style, used) {
                break;
            }
        }
    }
}

/// Writes `text` at (`x`, `y`) of the map if it fits and covers no other
/// label; says whether it did.
fn put_label(
    buf: &mut Buffer,
    area: Rect,
    x: u16,
    y: u16,
    text: &str,
    style: Style,
    used: &mut HashSet<(u16, u16)>,
) -> bool {
    let w = u16::try_from(text.width()).unwrap_or(u16::MAX);
    if y >= area.height || x.saturating_add(w) > area.width {
        return false;
    }
    // One column of air on each side, so two labels never read as one.
    let span = x.saturating_sub(1)..(x + w + 1).min(area.width);
    if span.clone().any(|c| used.contains(&(c, y))) {
        return false;
    }
    used.extend(span.map(|c| (c, y)));
    buf.set_stringn(area.x + x, area.y + y, text, usize::from(w), style);
    true
}

fn clock_role(c: Option<ClockState>) -> Role {
    match c {
        Some(ClockState::Red) => Role::ClockRed,
        Some(ClockState::Yellow) => Role::ClockYellow,
        Some(ClockState::Green) => Role::ClockGreen,
        None => Role::Text,
    }
}

pub fn kind_glyph(kind: Kind, g: Glyphs) -> &'static str {
    match (kind, g.ascii) {
        (Kind::Incident, false) => "◆",
        (Kind::Alert, false) => "▲",
        (Kind::Ticket, false) => "●",
        (Kind::Incident, true) => "I",
        (Kind::Alert, true) => "A",
        (Kind::Ticket, true) => "T",
    }
}

/// One mark: the queue's shape for one item, else how many (`7`, `42`),
/// coloured by the worst clock. In the heat view a shade by how many.
fn draw_mark(buf: &mut Buffer, area: Rect, m: &Mark, heat: bool, theme: &Theme, g: Glyphs) {
    let (text, style) = if heat {
        const RAMP: [&str; 5] = [".", ":", "+", "*", "#"];
        let level = usize::try_from(m.count).unwrap_or(5).clamp(1, 5);
        (RAMP[level - 1].to_owned(), theme.style(clock_role(m.worst)))
    } else if m.count == 1 {
        (kind_glyph(m.kind, g).to_owned(), theme.style(clock_role(m.worst)))
    } else {
        let n = if m.count > 99 {
            "99+".to_owned()
        } else {
            m.count.to_string()
        };
        (n, theme.style(clock_role(m.worst)).add_modifier(Modifier::BOLD))
    };
    let room = area.width.saturating_sub(m.col);
    buf.set_stringn(area.x + m.col, area.y + m.row, text, usize::from(room), style);
}

/// Heat: recent reports per cell as marks whose "clock" grows with the
/// count, so the same colours say cool to hot.
fn heat_marks<'a>(app: &'a App, p: &Projection) -> (Vec<Mark>, Cow<'a, HashMap<u16, Counts>>) {
    let (cells, counts) = app.map_heat(p);
    let max = cells.values().copied().max().unwrap_or(1).max(1);
    let marks = cells
        .iter()
        .map(|(&(col, row), &n)| {
            // Five shades by share of the hottest cell.
            let level = (n * 5).div_ceil(max).clamp(1, 5);
            let worst = match level {
                1 | 2 => None,
                3 => Some(ClockState::Green),
                4 => Some(ClockState::Yellow),
                _ => Some(ClockState::Red),
            };
            Mark {
                col,
                row,
                count: level,
                worst,
                kind: Kind::Alert,
                at: p.point(col, row),
            }
        })
        .collect();
    (marks, counts)
}

/// Beside the map: the items under the cursor (the picked one
/// highlighted), else every district with its counts; the legend last.
#[allow(clippy::too_many_arguments)]
fn side_list(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    layout: &Layout,
    p: &Projection,
    counts: &HashMap<u16, Counts>,
    theme: &Theme,
    g: Glyphs,
) {
    let w = usize::from(area.width.saturating_sub(1));
    let here = if app.ui.map.heat {
        Vec::new()
    } else {
        app.map_here(p)
    };
    let rows = usize::from(area.height.saturating_sub(2));
    let mut lines: Vec<Line<'static>> = Vec::new();
    if here.is_empty() {
        let (district, cols) = words::map_districts(app.ui.lang, app.ui.map.heat);
        // Count heads right-aligned over their 5-cell columns; a wider head
        // takes its room from the name column.
        let tail: String = cols.iter().map(|c| right(c, 5)).collect();
        let name_w = (13 + 5 * cols.len()).saturating_sub(tail.width());
        let head = format!("{}{tail}", pad(&fit(&district, name_w.saturating_sub(1)), name_w));
        lines.push(Line::styled(fit(&head, w), theme.style(Role::ColumnHeader)));
        let mut list: Vec<(&str, Counts)> = layout
            .districts()
            .enumerate()
            .map(|(i, (_, name, _))| {
                let c = counts.get(&u16::try_from(i).unwrap_or(u16::MAX)).copied();
                (name, c.unwrap_or_default())
            })
            .collect();
        list.sort_by(|a, b| b.1.red.cmp(&a.1.red).then(b.1.open.cmp(&a.1.open)));
        for (name, c) in list.into_iter().take(rows.saturating_sub(1)) {
            let red_style = if c.red > 0 { Role::ClockRed } else { Role::Muted };
            let mut spans = vec![
                Span::styled(pad(&fit(name, 12), 13), theme.style(Role::Text)),
                Span::styled(format!("{:>5}", c.open), theme.style(Role::Text)),
            ];
            if !app.ui.map.heat {
                spans.push(Span::styled(format!("{:>5}", c.red), theme.style(red_style)));
            }
            lines.push(Line::from(spans));
        }
    } else {
        lines.push(Line::styled(
            fit(&words::map_here(app.ui.lang, here.len()), w),
            theme.style(Role::ColumnHeader),
        ));
        let pick = app.ui.map.pick.min(here.len() - 1);
        let first = pick.saturating_sub(rows.saturating_sub(2));
        for (i, id) in here.iter().enumerate().skip(first).take(rows.saturating_sub(1)) {
            let Some(item) = app.remote.mirror.items.get(id) else {
                continue;
            };
            let role = clock_role(item.clock_state(app.now));
            let mark = kind_glyph(item.kind, g);
            // A storm parent says how many alerts it stands for.
            let storm = match item.children.len() {
                0 => String::new(),
                n => format!("{}{} ", g.storm, n + 1),
            };
            let text = format!("{} {storm}{}", id.as_str(), item.title);
            let mut spans = vec![
                Span::styled(format!("{mark} "), theme.style(role)),
                Span::styled(fit(&text, w.saturating_sub(2)), theme.style(Role::Text)),
            ];
            if i == pick && app.ui.focus == PaneKind::Map {
                let sel = theme.style(Role::Selection);
                spans = spans.into_iter().map(|s| s.patch_style(sel)).collect();
            }
            lines.push(Line::from(spans));
        }
    }
    while lines.len() < rows + 1 {
        lines.push(Line::default());
    }
    lines.truncate(usize::from(area.height.saturating_sub(1)));
    let legend = if app.ui.map.heat {
        words::map_heat_legend(app.ui.lang)
    } else {
        words::map_legend(
            app.ui.lang,
            kind_glyph(Kind::Incident, g),
            kind_glyph(Kind::Alert, g),
            kind_glyph(Kind::Ticket, g),
        )
    };
    lines.push(Line::styled(fit(&legend, w), theme.style(Role::Muted)));
    let left = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    frame.render_widget(Paragraph::new(lines), left);
}

/// `text` right-aligned in `width` cells (by display width), wider text whole.
fn right(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}
