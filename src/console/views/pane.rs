//! One pane: a bordered list of rows, only the visible ones built.

use super::Glyphs;
use super::text::countdown;
use crate::console::app::panes::PaneKind;
use crate::console::app::{App, Conn};
use crate::console::theme::{Role, Theme};
use crate::model::{ClockState, Item, Priority, Status};
use crate::present::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

pub fn block<'a>(title: Line<'a>, focused: bool, theme: &Theme, g: Glyphs) -> Block<'a> {
    let style = theme.style(if focused {
        Role::BorderFocused
    } else {
        Role::Border
    });
    let block = Block::bordered().title(title).border_style(style);
    if g.ascii {
        block.border_set(ASCII_BORDER)
    } else {
        block
    }
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, kind: PaneKind, theme: &Theme, g: Glyphs) {
    let focused = app.ui.focus == kind;
    let height = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let cursor = app.ui.cursors.get(&kind).cloned().unwrap_or_default();
    let offset = cursor.index.saturating_sub(height.saturating_sub(1));
    let (count, lines) = match kind {
        PaneKind::Directory => directory(app, offset, height, width, focused.then_some(cursor.index), theme),
        PaneKind::Log => log(app, offset, height, width, focused.then_some(cursor.index), theme),
        _ => items(
            app,
            kind,
            offset,
            height,
            width,
            focused.then_some(cursor.index),
            theme,
            g,
        ),
    };
    let mut title = vec![Span::styled(
        format!(" {} ", kind.title()),
        theme.style(Role::Title),
    )];
    title.push(Span::styled(format!("{count} "), theme.style(Role::Text)));
    if kind == PaneKind::Alerts && app.derived.hidden_children > 0 {
        title.push(Span::styled(
            format!("{} {} in storms ", g.sep, app.derived.hidden_children),
            theme.style(Role::Muted),
        ));
    }
    let red = app.derived.red.get(&kind).copied().unwrap_or(0);
    if red > 0 {
        title.push(Span::styled(
            format!("{} {red} red ", g.sep),
            theme.style(Role::ClockRed),
        ));
    }
    if app.session.conn != Conn::Live {
        title.push(Span::styled("stale ", theme.style(Role::Offline)));
    }
    let para = Paragraph::new(lines).block(block(Line::from(title), focused, theme, g));
    frame.render_widget(para, area);
}

fn priority_role(p: Priority) -> Role {
    match p {
        Priority::P1 => Role::PriorityP1,
        Priority::P2 => Role::PriorityP2,
        Priority::P3 => Role::PriorityP3,
        Priority::P4 => Role::PriorityP4,
    }
}

fn clock_cell(item: &Item, app: &App, theme: &Theme) -> Span<'static> {
    let Some(clock) = &item.clock else {
        return Span::styled(fit("", 9), theme.style(Role::Muted));
    };
    let at = clock.paused_at.unwrap_or(app.now);
    let left = (clock.due_at - at).whole_seconds();
    let role = match clock.state(app.now) {
        ClockState::Green => Role::ClockGreen,
        ClockState::Yellow => Role::ClockYellow,
        ClockState::Red => Role::ClockRed,
    };
    let text = if clock.paused_at.is_some() {
        "paused".to_owned()
    } else {
        countdown(left)
    };
    Span::styled(fit(&text, 9), theme.style(role))
}

fn status_role(s: Status) -> Role {
    match s {
        Status::New => Role::StatusNew,
        Status::Closed | Status::Rejected | Status::Merged | Status::Parked => Role::StatusDone,
        _ => Role::StatusActive,
    }
}

/// One item row, its columns chosen by the width available.
pub fn item_line(
    item: &Item,
    app: &App,
    width: usize,
    selected: bool,
    theme: &Theme,
    g: Glyphs,
) -> Line<'static> {
    let mut spans = Vec::new();
    let marked = app.ui.marked.contains(&item.id);
    spans.push(Span::styled(
        if marked { g.mark } else { " " },
        theme.style(Role::Marked),
    ));
    spans.push(Span::styled(
        format!("{} ", item.priority),
        theme.style(priority_role(item.priority)),
    ));
    spans.push(clock_cell(item, app, theme));
    spans.push(Span::raw(" "));
    spans.push(Span::styled(fit(item.id.as_str(), 9), theme.style(Role::Text)));
    let viewers = app
        .remote
        .mirror
        .viewers(&item.id, app.now, &app.session.me.login)
        .len();
    let wide = width >= 90;
    let medium = width >= 60;
    // Fixed columns: mark 1, prio 3, clock 9+1, id 9 = 23.
    let mut fixed = 23;
    let place = item.place.district.clone().unwrap_or_default();
    // A community reads better by name than by its code.
    let dept = match item.department.as_deref() {
        Some(code) if code.starts_with(crate::model::COMMUNITY_PREFIX) => {
            app.org_name(code).unwrap_or_else(|| code.to_owned())
        }
        other => other.unwrap_or_default().to_owned(),
    };
    let claim = item
        .claim
        .as_ref()
        .filter(|c| c.is_active(app.now))
        .map(|c| format!("@{}", c.owner))
        .unwrap_or_default();
    if medium {
        fixed += 12;
    }
    if wide {
        fixed += 8 + 12 + 11 + 3;
    }
    let title_w = width.saturating_sub(fixed).max(4);
    let flags = flags(item, app, g);
    let flags_w = flags.width().min(title_w);
    spans.push(Span::styled(fit(&flags, flags_w), theme.style(Role::Warning)));
    spans.push(Span::styled(
        fit(&item.title, title_w - flags_w),
        theme.style(Role::Text),
    ));
    if medium {
        spans.push(Span::styled(
            fit(&format!(" {}", item.status), 12),
            theme.style(status_role(item.status)),
        ));
    }
    if wide {
        spans.push(Span::styled(
            fit(&format!(" {place}"), 8),
            theme.style(Role::Muted),
        ));
        spans.push(Span::styled(
            fit(&format!(" {dept}"), 12),
            theme.style(Role::Text),
        ));
        spans.push(Span::styled(
            fit(&format!(" {claim}"), 11),
            theme.style(Role::Info),
        ));
        let v = if viewers > 0 {
            format!(" {}{viewers}", g.viewing)
        } else {
            String::new()
        };
        spans.push(Span::styled(fit(&v, 3), theme.style(Role::Info)));
    }
    let mut line = Line::from(spans);
    if selected {
        line = line.style(theme.style(Role::Selection));
    } else if app.ui.flash.contains_key(&item.id) {
        line = line.style(theme.style(Role::Flash));
    }
    line
}

/// Marks in front of the title: `×12` a storm parent and how many alerts
/// it stands for, `≈` a suggested duplicate still open (something to
/// merge into), `◆` a handler to designate.
fn flags(item: &Item, app: &App, g: Glyphs) -> String {
    let mut s = String::new();
    if !item.children.is_empty() {
        s.push_str(&format!("{}{} ", g.storm, item.children.len()));
    }
    if item
        .duplicates
        .iter()
        .any(|d| app.remote.mirror.items.contains_key(d))
    {
        s.push_str(g.dup);
        s.push(' ');
    }
    if item.designate {
        s.push_str(g.designate);
        s.push(' ');
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn items(
    app: &App,
    kind: PaneKind,
    offset: usize,
    height: usize,
    width: usize,
    selected: Option<usize>,
    theme: &Theme,
    g: Glyphs,
) -> (usize, Vec<Line<'static>>) {
    let rows = app.rows(kind);
    let lines = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .filter_map(|(i, id)| app.remote.mirror.items.get(id).map(|item| (i, item)))
        .map(|(i, item)| item_line(item, app, width, selected == Some(i), theme, g))
        .collect();
    (rows.len(), lines)
}

fn select(line: Line<'static>, on: bool, theme: &Theme) -> Line<'static> {
    if on {
        line.style(theme.style(Role::Selection))
    } else {
        line
    }
}

fn directory(
    app: &App,
    offset: usize,
    height: usize,
    width: usize,
    sel: Option<usize>,
    theme: &Theme,
) -> (usize, Vec<Line<'static>>) {
    let rows = app.directory_rows();
    let name_w = width.saturating_sub(22).max(4);
    let lines = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, d)| {
            let spans = vec![
                Span::styled(fit(&d.name, name_w), theme.style(Role::Text)),
                Span::styled(fit(&format!(" {}", d.code), 16), theme.style(Role::Muted)),
                Span::styled(
                    format!("{:>5}", d.open),
                    theme.style(if d.open > 0 { Role::Info } else { Role::Muted }),
                ),
            ];
            select(Line::from(spans), sel == Some(i), theme)
        })
        .collect();
    (rows.len(), lines)
}

fn log(
    app: &App,
    offset: usize,
    height: usize,
    width: usize,
    sel: Option<usize>,
    theme: &Theme,
) -> (usize, Vec<Line<'static>>) {
    let lines = app
        .remote
        .mirror
        .log
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, l)| {
            let t = l.at.time();
            let text = format!(
                "{:02}:{:02}:{:02} #{:<7} {:<9} {:<12} {}",
                t.hour(),
                t.minute(),
                t.second(),
                l.seq,
                l.item_id,
                l.event,
                l.actor
            );
            select(
                Line::from(Span::styled(fit(&text, width), Style::default())),
                sel == Some(i),
                theme,
            )
        })
        .collect();
    (app.remote.mirror.log.len(), lines)
}
