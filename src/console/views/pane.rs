//! One pane: a bordered list of rows, only the visible ones built.

use super::Glyphs;
use super::columns::{Col, Want, Widths, allocate, cell, gap};
use super::text::countdown;
use crate::console::app::legend::status_mark;
use crate::console::app::panes::PaneKind;
use crate::console::app::panes::{Why, escalation_reasons};
use crate::console::app::{App, Conn};
use crate::console::theme::{Role, Theme};
use crate::model::{ClockState, Item, Priority};
use crate::present::fit;
use crate::present::i18n::Lang;
use crate::t;
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
    // Item panes spend one row on the column header.
    let rows_shown = if kind.lists_items() {
        height.saturating_sub(1)
    } else {
        height
    };
    let width = area.width.saturating_sub(2) as usize;
    let cursor = app.ui.cursors.get(&kind).cloned().unwrap_or_default();
    let offset = cursor.index.saturating_sub(rows_shown.saturating_sub(1));
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
    let lang = app.ui.lang;
    let mut title = vec![Span::styled(
        format!(" {} ", kind.title(lang)),
        theme.style(Role::Title),
    )];
    title.push(Span::styled(format!("{count} "), theme.style(Role::Text)));
    if kind == PaneKind::Alerts && app.derived.hidden_children > 0 {
        let n = app.derived.hidden_children;
        title.push(Span::styled(
            format!("{} {} ", g.sep, t!(lang, "pane-in-storms", n = n)),
            theme.style(Role::Muted),
        ));
    }
    let red = app.derived.red.get(&kind).copied().unwrap_or(0);
    if red > 0 {
        title.push(Span::styled(
            format!("{} {} ", g.sep, t!(lang, "pane-red", n = red)),
            theme.style(Role::ClockRed),
        ));
    }
    if app.session.conn != Conn::Live {
        title.push(Span::styled(
            format!("{} ", t!(lang, "pane-stale")),
            theme.style(Role::Offline),
        ));
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

fn clock_cell(item: &Item, app: &App, theme: &Theme, width: usize) -> Span<'static> {
    let Some(clock) = &item.clock else {
        return Span::styled(fit("", width), theme.style(Role::Muted));
    };
    let at = clock.paused_at.unwrap_or(app.now);
    let left = (clock.due_at - at).whole_seconds();
    let role = match clock.state(app.now) {
        ClockState::Green => Role::ClockGreen,
        ClockState::Yellow => Role::ClockYellow,
        ClockState::Red => Role::ClockRed,
    };
    let text = if clock.paused_at.is_some() {
        t!(app.ui.lang, "clock-paused")
    } else {
        countdown(left)
    };
    Span::styled(fit(&text, width), theme.style(role))
}

/// What one item row shows, cell by cell, before widths are chosen.
struct Cells<'a> {
    item: &'a Item,
    flags: String,
    why: Vec<Why>,
    /// The status in words, in the reader's language.
    status: String,
    district: String,
    department: String,
    claim: String,
    viewers: usize,
}

impl<'a> Cells<'a> {
    fn of(item: &'a Item, app: &App, kind: PaneKind, g: Glyphs) -> Self {
        let why = if kind == PaneKind::Escalations {
            escalation_reasons(item, app.now)
        } else {
            Vec::new()
        };
        Cells {
            item,
            flags: flags(item, app, g),
            why,
            status: crate::present::labels::status(app.ui.lang, item.status),
            district: item.place.district.clone().unwrap_or_default(),
            // A person reads a department by its name, not its code.
            department: item
                .department
                .as_deref()
                .map(|code| app.org_name(code).unwrap_or_else(|| code.to_owned()))
                .unwrap_or_default(),
            claim: item
                .claim
                .as_ref()
                .filter(|c| c.is_active(app.now))
                .map(|c| format!("@{}", c.owner))
                .unwrap_or_default(),
            viewers: app
                .remote
                .mirror
                .viewers(&item.id, app.now, &app.session.me.login)
                .len(),
        }
    }
}

/// The columns for these rows at this width, most wanted first.
fn widths(cells: &[&Cells<'_>], kind: PaneKind, width: usize, lang: Lang) -> Widths {
    let most = |f: &dyn Fn(&Cells<'_>) -> usize| cells.iter().map(|c| f(c)).max().unwrap_or(0);
    let title = Want {
        col: Col::Title,
        min: 8,
        natural: most(&|c| c.flags.width() + c.item.title.width() + 1).max(6),
        luxury: false,
    };
    let why = Want {
        col: Col::Why,
        min: 9,
        natural: most(&|c| cell(&why_text(&c.why, usize::MAX, lang))),
        luxury: false,
    };
    let rest = [
        Want {
            col: Col::District,
            min: 7,
            natural: most(&|c| cell(&c.district)),
            luxury: false,
        },
        Want {
            col: Col::Department,
            min: 9,
            natural: most(&|c| cell(&c.department)),
            luxury: false,
        },
        Want {
            col: Col::StatusWord,
            min: 10,
            natural: most(&|c| cell(&c.status)),
            // The status mark already says it.
            luxury: true,
        },
        Want {
            col: Col::Claim,
            min: 6,
            natural: most(&|c| cell(&c.claim)),
            luxury: false,
        },
        Want {
            col: Col::Viewers,
            min: 3,
            natural: if cells.iter().any(|c| c.viewers > 0) { 3 } else { 0 },
            luxury: false,
        },
    ];
    // Escalations is there to say why: the reason comes before the title.
    let first = if kind == PaneKind::Escalations {
        [why, title]
    } else {
        [title, why]
    };
    // A column that shows at all has room for its label when it can.
    let wants: Vec<Want> = first
        .into_iter()
        .chain(rest)
        .map(|w| match w.natural {
            0 => w,
            n => Want {
                natural: n.max(cell(&w.col.label(lang))),
                ..w
            },
        })
        .collect();
    let id_width = cells
        .iter()
        .map(|c| c.item.id.as_str().width())
        .max()
        .unwrap_or(8)
        .max(8);
    allocate(width, id_width, &wants)
}

/// The header row: each column's label over its cells.
fn header_line(widths: &Widths, theme: &Theme, g: Glyphs, lang: Lang) -> Line<'static> {
    let style = theme.style(Role::ColumnHeader);
    let spans = widths
        .iter()
        .map(|(col, w)| {
            let label = match col {
                Col::Viewers => g.viewing,
                c => &c.label_for(*w, lang),
            };
            // Labels start where their cells do.
            let gap = gap(*col, widths);
            Span::styled(fit(&format!("{gap}{label}"), *w), style)
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// The reasons in words; when they do not fit, in short; then the most
/// pressing one and how many more ("yellow +2").
fn why_text(why: &[Why], width: usize, lang: Lang) -> String {
    let room = width.saturating_sub(1);
    let long: Vec<String> = why.iter().map(|w| w.text(lang)).collect();
    let long = long.join(", ");
    if long.width() <= room {
        return long;
    }
    let short: Vec<String> = why.iter().map(|w| w.short(lang)).collect();
    let joined = short.join(",");
    match short.as_slice() {
        [first, rest @ ..] if joined.width() > room && !rest.is_empty() => {
            let more = format!(" +{}", rest.len());
            format!(
                "{}{more}",
                crate::present::cut(first, room.saturating_sub(more.len()))
            )
        }
        _ => joined,
    }
}

/// One item row, in the pane's columns.
fn item_line(
    cells: &Cells<'_>,
    app: &App,
    widths: &Widths,
    selected: bool,
    theme: &Theme,
    g: Glyphs,
) -> Line<'static> {
    let item = cells.item;
    let mut spans = Vec::with_capacity(widths.len() + 1);
    for (col, w) in widths {
        let w = *w;
        match col {
            Col::Mark => {
                let marked = app.ui.marked.contains(&item.id);
                spans.push(Span::styled(
                    if marked { g.mark } else { " " },
                    theme.style(Role::Marked),
                ));
            }
            Col::Status => {
                let (mark, role) = status_mark(item.status);
                spans.push(Span::styled(fit(mark, w), theme.style(role)));
            }
            Col::Priority => spans.push(Span::styled(
                fit(&item.priority.to_string(), w),
                theme.style(priority_role(item.priority)),
            )),
            Col::Clock => spans.push(clock_cell(item, app, theme, w)),
            Col::Id => spans.push(Span::styled(fit(item.id.as_str(), w), theme.style(Role::Text))),
            Col::Title => {
                let lead = gap(Col::Title, widths);
                let w = w.saturating_sub(lead.len());
                let flags_w = cells.flags.width().min(w);
                spans.push(Span::raw(lead));
                spans.push(Span::styled(
                    fit(&cells.flags, flags_w),
                    theme.style(Role::Warning),
                ));
                spans.push(Span::styled(
                    fit(&item.title, w - flags_w),
                    theme.style(Role::Text),
                ));
            }
            Col::Why => spans.push(Span::styled(
                fit(
                    &format!(
                        "{}{}",
                        gap(Col::Why, widths),
                        why_text(&cells.why, w, app.ui.lang)
                    ),
                    w,
                ),
                theme.style(Role::Reason),
            )),
            Col::StatusWord => spans.push(Span::styled(
                fit(&format!(" {}", cells.status), w),
                theme.style(status_mark(item.status).1),
            )),
            Col::District => spans.push(Span::styled(
                fit(&format!(" {}", cells.district), w),
                theme.style(Role::Muted),
            )),
            Col::Department => spans.push(Span::styled(
                fit(&format!(" {}", cells.department), w),
                theme.style(Role::Text),
            )),
            Col::Claim => spans.push(Span::styled(
                fit(&format!(" {}", cells.claim), w),
                theme.style(Role::Info),
            )),
            Col::Viewers => {
                let v = if cells.viewers > 0 {
                    format!(" {}{}", g.viewing, cells.viewers)
                } else {
                    String::new()
                };
                spans.push(Span::styled(fit(&v, w), theme.style(Role::Info)));
            }
        }
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
    let gone = app
        .ui
        .cursors
        .get(&kind)
        .and_then(|c| Some((c.index, c.gone.as_ref()?)));
    // The placeholder takes its row; the rows after it shift down by one.
    let entries: Vec<Entry<'_>> = (offset..rows.len() + usize::from(gone.is_some()))
        .take(height.saturating_sub(1))
        .filter_map(|at| match gone {
            Some((i, left)) if at == i => Some(Entry::Gone(&left.why, selected == Some(i))),
            Some((i, _)) if at > i => item_entry(app, kind, rows.get(at - 1)?, false, g),
            _ => item_entry(app, kind, rows.get(at)?, selected == Some(at), g),
        })
        .collect();
    let cells: Vec<&Cells<'_>> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Item(c, _) => Some(c),
            Entry::Gone(..) => None,
        })
        .collect();
    let widths = widths(&cells, kind, width, app.ui.lang);
    let mut lines = vec![header_line(&widths, theme, g, app.ui.lang)];
    lines.extend(entries.iter().map(|e| match e {
        Entry::Item(c, on) => item_line(c, app, &widths, *on, theme, g),
        Entry::Gone(why, on) => gone_line(why, width, *on, theme, g, app.ui.lang),
    }));
    (rows.len(), lines)
}

/// A row of an item pane: an item, or where the selected one left.
enum Entry<'a> {
    Item(Cells<'a>, bool),
    Gone(&'a str, bool),
}

fn item_entry<'a>(
    app: &'a App,
    kind: PaneKind,
    id: &crate::model::ItemId,
    selected: bool,
    g: Glyphs,
) -> Option<Entry<'a>> {
    let item = app.remote.mirror.items.get(id)?;
    Some(Entry::Item(Cells::of(item, app, kind, g), selected))
}

/// Where the selected item was: what happened to it, and how to go on.
fn gone_line(why: &str, width: usize, focused: bool, theme: &Theme, g: Glyphs, lang: Lang) -> Line<'static> {
    let hint = if focused {
        format!(" · {}", t!(lang, "gone-moves-on"))
    } else {
        String::new()
    };
    let text = format!(" {} {why}{hint}", g.gone);
    let mut style = theme.style(Role::Gone);
    if focused {
        style = style.add_modifier(ratatui::style::Modifier::BOLD);
    }
    Line::from(Span::styled(fit(&text, width), style))
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
