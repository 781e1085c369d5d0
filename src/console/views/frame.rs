//! The whole screen: header, panes (or detail, or help), footer.

use super::{Glyphs, detail, help, intake, knowledge, pane, picker, stats};
use crate::console::action::Action;
use crate::console::app::{App, Conn, InputKind, Level, Mode};
use crate::console::keymap::Context;
use crate::console::theme::{Role, Theme};
use crate::model::verbs::Verb;
use crate::model::{ActionName, Item, allowed_actions, permits};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the app. `app.prepare()` must have run since the last change.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, glyphs: Glyphs) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        let msg = Paragraph::new("citydesk: enlarge the terminal");
        frame.render_widget(msg, area);
        return;
    }
    let [top, body, hints, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(header(app, theme, glyphs, top.width), top);
    let body = match &app.ui.intake {
        // The form stands beside the queues, never over them: at 80
        // columns it takes half, on a wide terminal 64 columns.
        Some(form) if !matches!(app.ui.mode, Mode::Help { .. } | Mode::Stats { .. }) => {
            let width = (body.width / 2).clamp(40, 64).min(body.width);
            let [rest, side] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(body);
            intake::render(frame, side, app, form, theme, glyphs);
            rest
        }
        _ => body,
    };
    match &app.ui.mode {
        Mode::Detail { .. } => detail::render(frame, body, app, theme, glyphs),
        Mode::Help { scroll } => help::render(frame, body, app, theme, glyphs, *scroll),
        Mode::Stats { scroll } => stats::render(frame, body, app, theme, glyphs, *scroll),
        Mode::Knowledge => knowledge::render(frame, body, app, theme, glyphs),
        Mode::Input(line) if line.kind == InputKind::Knowledge => {
            knowledge::render(frame, body, app, theme, glyphs)
        }
        // An input line or question over a detail keeps the detail in view.
        _ if app.ui.return_to.is_some() => detail::render(frame, body, app, theme, glyphs),
        _ => panes(frame, body, app, theme, glyphs),
    }
    if let Mode::Pick(p) = &app.ui.mode {
        picker::render(frame, body, p, theme, glyphs);
    }
    frame.render_widget(hint_line(app, theme), hints);
    frame.render_widget(status_line(app, theme), bottom);
}

fn clock_text(app: &App) -> String {
    let t = app.now;
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

fn header(app: &App, theme: &Theme, g: Glyphs, width: u16) -> Paragraph<'static> {
    let h = theme.style(Role::Header);
    let (conn, conn_style) = match &app.session.conn {
        Conn::Live => (
            format!("{} live {}", g.live, app.remote.mirror.seq),
            theme.style(Role::Live),
        ),
        Conn::Connecting => (format!("{} connecting", g.down), theme.style(Role::Warning)),
        Conn::Reconnecting { at, .. } => {
            let secs = (*at - app.now).whole_seconds().max(0);
            (
                format!(
                    "{} reconnecting in {secs}s · seq {}",
                    g.down, app.remote.mirror.seq
                ),
                theme.style(Role::Offline),
            )
        }
        Conn::Offline { since, .. } => {
            let t = since.time();
            (
                format!(
                    "{} offline since {:02}:{:02}:{:02}",
                    g.down,
                    t.hour(),
                    t.minute(),
                    t.second()
                ),
                theme.style(Role::Offline),
            )
        }
    };
    let sep = format!(" {} ", g.sep);
    let mut spans = vec![Span::styled(" citydesk", h.patch(theme.style(Role::Title)))];
    if width >= 100 {
        spans.push(Span::styled(format!("{sep}锦州市城市运行指挥中心"), h));
    }
    spans.push(Span::styled(
        format!("{sep}{} {}", app.session.me.name, app.session.me.role),
        h,
    ));
    spans.push(Span::styled(sep.clone(), h));
    spans.push(Span::styled(conn, h.patch(conn_style)));
    if !app.ui.filters.is_empty() {
        spans.push(Span::styled(
            format!("{sep}filter {}", app.ui.filters.describe()),
            h,
        ));
    }
    if !app.ui.marked.is_empty() {
        spans.push(Span::styled(format!("{sep}{} marked", app.ui.marked.len()), h));
    }
    spans.push(Span::styled(format!("{sep}{} ", clock_text(app)), h));
    Paragraph::new(Line::from(spans)).style(h)
}

fn panes(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    // Beside the intake form a narrow screen shows the focused pane alone:
    // a quarter of 80 columns shows no title.
    let narrow = app.ui.intake.is_some() && area.width < 80;
    if app.showing_zoomed() || narrow {
        pane::render(frame, area, app, app.ui.focus, theme, g);
        return;
    }
    let rows = Layout::vertical(app.ui.layout.iter().map(|_| Constraint::Fill(1))).split(area);
    for (row_area, row) in rows.iter().zip(&app.ui.layout) {
        let cols = Layout::horizontal(row.iter().map(|_| Constraint::Fill(1))).split(*row_area);
        for (cell, kind) in cols.iter().zip(row) {
            pane::render(frame, *cell, app, *kind, theme, g);
        }
    }
}

/// The verbs the footer offers for the selected item, with the keys'
/// words: allowed ones bright, unavailable muted. Labels are the verbs'
/// `:` spellings.
const HINTS: &[(ActionName, &str)] = &[
    (ActionName::Accept, ""),
    (ActionName::Dispatch, ""),
    (ActionName::Escalate, ""),
    (ActionName::Claim, ""),
    (ActionName::Sign, ""),
    (ActionName::Resolve, ""),
    (ActionName::Verify, "pass"),
];

/// Hints for the current item: allowed actions bright, unavailable muted.
fn hint_line(app: &App, theme: &Theme) -> Paragraph<'static> {
    let item = app.current().and_then(|id| app.remote.mirror.items.get(id));
    let allowed = item.map(|i| allowed_actions(i, app.role())).unwrap_or_default();
    let key = theme.style(Role::Key);
    let muted = theme.style(Role::Muted);
    let mut spans = Vec::new();
    let ctx = Context::List;
    if matches!(app.ui.mode, Mode::Stats { .. }) {
        return Paragraph::new(stats_hints(app, theme));
    }
    if matches!(app.ui.mode, Mode::Form) {
        return Paragraph::new(form_hints(app, theme));
    }
    if matches!(app.ui.mode, Mode::Pick(_)) {
        return Paragraph::new(picker::hints(app, theme));
    }
    if !matches!(app.ui.mode, Mode::Detail { .. })
        && let Some(k) = app.ui.keymap.key_for(ctx, &Action::Open)
    {
        spans.extend([Span::styled(k, key), Span::raw(" detail  ")]);
    }
    for (action, label) in item.map(|i| situational(i, app)).unwrap_or_default() {
        if let Some(k) = app.ui.keymap.key_for(ctx, &action) {
            spans.extend([Span::styled(k, key), Span::raw(format!(" {label}  "))]);
        }
    }
    for (name, words) in HINTS {
        let Some(k) = app.ui.keymap.key_for(ctx, &Action::verb(*name, words)) else {
            continue;
        };
        let label = Verb::of(*name).command;
        let ok = allowed.contains(name) && permits(app.role(), *name);
        let (ks, ls) = if ok {
            (key, theme.style(Role::Text))
        } else {
            (muted, muted)
        };
        spans.extend([Span::styled(k, ks), Span::styled(format!(" {label}  "), ls)]);
    }
    for (action, label) in [
        (Action::Filter, "filter"),
        (Action::Command, "command"),
        (Action::Help, "help"),
    ] {
        if let Some(k) = app.ui.keymap.key_for(ctx, &action) {
            spans.extend([Span::styled(k, key), Span::raw(format!(" {label}  "))]);
        }
    }
    Paragraph::new(Line::from(spans))
}

/// In the intake form: its own keys, then help.
fn form_hints(app: &App, theme: &Theme) -> Line<'static> {
    let key = theme.style(Role::Key);
    let mut spans = Vec::new();
    for (action, label) in [
        (Action::NextField, "next field"),
        (Action::PrevField, "previous"),
        (Action::SaveForm, "save"),
        (Action::Cancel, "drop"),
        (Action::LeaveForm, "queues"),
    ] {
        if let Some(k) = app.ui.keymap.key_for(Context::Form, &action) {
            spans.extend([Span::styled(k, key), Span::raw(format!(" {label}  "))]);
        }
    }
    spans.push(Span::styled(":new", key));
    spans.push(Span::raw(" one-line form"));
    Line::from(spans)
}

/// In the stats view: how to scroll, switch window and leave.
fn stats_hints(app: &App, theme: &Theme) -> Line<'static> {
    let key = theme.style(Role::Key);
    let mut spans = Vec::new();
    for (action, label) in [(Action::Down, "scroll departments"), (Action::Cancel, "back")] {
        if let Some(k) = app.ui.keymap.key_for(Context::Detail, &action) {
            spans.extend([Span::styled(k, key), Span::raw(format!(" {label}  "))]);
        }
    }
    spans.push(Span::styled(":stats today|week", key));
    Line::from(spans)
}

/// Keys worth showing only for this item: merging its suggested
/// duplicate, answering its extension request, calling its caller back.
fn situational(item: &Item, app: &App) -> Vec<(Action, &'static str)> {
    let allowed = allowed_actions(item, app.role());
    let mut hints = Vec::new();
    if item
        .duplicates
        .iter()
        .any(|d| app.remote.mirror.items.contains_key(d))
        && allowed.contains(&ActionName::Merge)
    {
        hints.push((Action::MergeDuplicate, "merge duplicate"));
    }
    if item.extension.is_some() && allowed.contains(&ActionName::ApproveExtension) {
        hints.push((
            Action::verb(ActionName::ApproveExtension, ""),
            "approve extension",
        ));
    }
    if allowed.contains(&ActionName::Callback) {
        hints.push((Action::verb(ActionName::Callback, ""), "callback"));
    }
    hints
}

fn status_line(app: &App, theme: &Theme) -> Paragraph<'static> {
    let line = match &app.ui.mode {
        Mode::Input(input) => {
            let mut spans = vec![Span::styled(
                format!("{}{}█", input.prompt(), input.text),
                theme.style(Role::Text),
            )];
            if input.kind == InputKind::Command && !input.candidates.is_empty() {
                spans.push(Span::styled(
                    format!("  {}", input.candidates.join(" ")),
                    theme.style(Role::Muted),
                ));
            }
            Line::from(spans)
        }
        Mode::Confirm(p) => Line::from(Span::styled(p.prompt.clone(), theme.style(Role::Warning))),
        _ if !app.ui.pending_keys.is_empty() => {
            let keys: Vec<&str> = app.ui.pending_keys.iter().map(|k| k.as_str()).collect();
            Line::from(Span::styled(
                format!("{} …", keys.join(" ")),
                theme.style(Role::Muted),
            ))
        }
        _ => match &app.ui.status {
            Some((level, text)) => {
                let role = match level {
                    Level::Info => Role::Info,
                    Level::Warning => Role::Warning,
                    Level::Error => Role::Error,
                };
                Line::from(Span::styled(text.clone(), theme.style(role)))
            }
            None => match &app.session.conn {
                Conn::Reconnecting { error, .. } | Conn::Offline { error, .. } => Line::from(Span::styled(
                    format!("connection: {error}"),
                    theme.style(Role::Offline),
                )),
                _ => Line::from(Span::styled(
                    format!("{} · seq {}", app.session.server, app.remote.mirror.seq),
                    Style::default(),
                )),
            },
        },
    };
    Paragraph::new(line)
}
