//! The whole screen: header, panes (or detail, or help), footer.

use super::{Glyphs, detail, help, intake, knowledge, map, marks, pane, picker, stats};
use crate::console::action::Action;
use crate::console::app::panes::PaneKind;
use crate::console::app::{App, Conn, InputKind, Level, Mode};
use crate::console::keymap::Context;
use crate::console::theme::{Role, Theme};
use crate::model::verbs::Verb;
use crate::model::{ActionName, Item, allowed_actions, permits};
use crate::present::i18n::tr;
use crate::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the app. `app.prepare()` must have run since the last change.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, glyphs: Glyphs) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        let msg = Paragraph::new(t!(app.ui.lang, "header-enlarge"));
        frame.render_widget(msg, area);
        return;
    }
    // While rows are marked, a line above the footer lists them.
    let marks_rows = u16::from(!app.ui.marked.is_empty());
    let [top, body, marked, hints, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(marks_rows),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if marks_rows > 0 {
        frame.render_widget(marks::line(app, theme, glyphs, marked.width), marked);
    }
    frame.render_widget(header(app, theme, glyphs, top.width), top);
    let body = match &app.ui.intake {
        // The form stands beside the queues, never over them: at 80
        // columns it takes half, on a wide terminal 64 columns.
        Some(form) if !matches!(app.ui.mode, Mode::Help | Mode::Stats { .. }) && !help_search(app) => {
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
        Mode::Help => help::render(frame, body, app, theme, glyphs),
        Mode::Input(line) if line.kind == InputKind::HelpSearch => {
            help::render(frame, body, app, theme, glyphs)
        }
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
        picker::render(frame, body, p, theme, glyphs, app.ui.lang);
    }
    which_key(frame, body, app, theme, glyphs);
    frame.render_widget(hint_line(app, theme, usize::from(hints.width)), hints);
    frame.render_widget(status_line(app, theme), bottom);
}

/// Is the help's search line open (the help stays on screen under it)?
fn help_search(app: &App) -> bool {
    matches!(&app.ui.mode, Mode::Input(l) if l.kind == InputKind::HelpSearch)
}

/// While a key sequence is half typed (`f`), a box at the bottom left of
/// the body lists every key that can follow, with what it does.
fn which_key(frame: &mut Frame<'_>, body: Rect, app: &App, theme: &Theme, g: Glyphs) {
    use unicode_width::UnicodeWidthStr;
    let pressed = &app.ui.pending_keys;
    if pressed.is_empty() {
        return;
    }
    let next = app.ui.keymap.continuations(app.key_context(), pressed);
    if next.is_empty() {
        return;
    }
    let key_w = next.iter().map(|(k, _)| k.as_str().width()).max().unwrap_or(1) + 2;
    let lines: Vec<Line<'static>> = next
        .iter()
        .map(|(k, b)| {
            Line::from(vec![
                Span::styled(crate::present::fit(k.as_str(), key_w), theme.style(Role::Key)),
                Span::styled(b.desc_in(app.ui.lang).to_owned(), theme.style(Role::Text)),
            ])
        })
        .collect();
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let width = u16::try_from(widest + 2).unwrap_or(u16::MAX).min(body.width);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(body.height);
    let area = Rect {
        x: body.x,
        y: body.y + body.height - height,
        width,
        height,
    };
    let keys: Vec<&str> = pressed.iter().map(|k| k.as_str()).collect();
    let title = Line::from(Span::styled(
        format!(" {} … ", keys.join(" ")),
        theme.style(Role::Title),
    ));
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(pane::block(title, true, theme, g)),
        area,
    );
}

fn clock_text(app: &App) -> String {
    let t = app.now;
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

fn header(app: &App, theme: &Theme, g: Glyphs, width: u16) -> Paragraph<'static> {
    let h = theme.style(Role::Header);
    let lang = app.ui.lang;
    let seq = app.remote.mirror.seq;
    let (conn, conn_style) = match &app.session.conn {
        Conn::Live => (
            format!("{} {}", g.live, t!(lang, "header-live", seq = seq)),
            theme.style(Role::Live),
        ),
        Conn::Connecting => (
            format!("{} {}", g.down, t!(lang, "header-connecting")),
            theme.style(Role::Warning),
        ),
        Conn::Reconnecting { at, .. } => {
            let secs = (*at - app.now).whole_seconds().max(0);
            (
                format!(
                    "{} {}",
                    g.down,
                    t!(lang, "header-reconnecting", secs = secs, seq = seq)
                ),
                theme.style(Role::Offline),
            )
        }
        Conn::Offline { since, .. } => {
            let t = since.time();
            let time = format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
            (
                format!("{} {}", g.down, t!(lang, "header-offline", time = time)),
                theme.style(Role::Offline),
            )
        }
    };
    let sep = format!(" {} ", g.sep);
    // Bold on the header's own colours: the title role's colour may be
    // the header's background (cyan on cyan in the dark theme).
    let mut spans = vec![Span::styled(
        " citydesk",
        h.add_modifier(ratatui::style::Modifier::BOLD),
    )];
    if width >= 100 {
        spans.push(Span::styled(format!("{sep}{}", t!(lang, "header-centre")), h));
    }
    spans.push(Span::styled(
        format!(
            "{sep}{} {}",
            app.session.me.name,
            crate::present::labels::role(lang, app.session.me.role)
        ),
        h,
    ));
    spans.push(Span::styled(sep.clone(), h));
    spans.push(Span::styled(conn, h.patch(conn_style)));
    if let Some(replica) = &app.session.replica {
        spans.push(Span::styled(
            format!(" {}", t!(lang, "header-replica", replica = replica)),
            h,
        ));
    }
    if !app.ui.filters.is_empty() {
        spans.push(Span::styled(
            format!(
                "{sep}{}",
                t!(lang, "header-filter", filter = app.ui.filters.describe())
            ),
            h,
        ));
    }
    if !app.ui.marked.is_empty() {
        spans.push(Span::styled(
            format!("{sep}{}", t!(lang, "header-marked", n = app.ui.marked.len())),
            h,
        ));
    }
    spans.push(Span::styled(format!("{sep}{} ", clock_text(app)), h));
    Paragraph::new(Line::from(spans)).style(h)
}

/// A pane of the grid: the map draws itself, the others are lists.
fn one_pane(frame: &mut Frame<'_>, area: Rect, app: &App, kind: PaneKind, theme: &Theme, g: Glyphs) {
    if kind == PaneKind::Map {
        map::render(frame, area, app, theme, g);
    } else {
        pane::render(frame, area, app, kind, theme, g);
    }
}

fn panes(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    // Beside the intake form a narrow screen shows the focused pane alone:
    // a quarter of 80 columns shows no title.
    let narrow = app.ui.intake.is_some() && area.width < 80;
    if app.showing_zoomed() || narrow {
        one_pane(frame, area, app, app.ui.focus, theme, g);
        return;
    }
    let rows = Layout::vertical(app.ui.layout.iter().map(|_| Constraint::Fill(1))).split(area);
    for (row_area, row) in rows.iter().zip(&app.ui.layout) {
        let cols = Layout::horizontal(row.iter().map(|_| Constraint::Fill(1))).split(*row_area);
        for (cell, kind) in cols.iter().zip(row) {
            one_pane(frame, *cell, app, *kind, theme, g);
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

/// One footer hint: a key and what it does; `on` is false for a verb the
/// item does not allow now (drawn muted).
struct Hint {
    key: String,
    label: String,
    on: bool,
}

impl Hint {
    fn new(key: String, label: impl Into<String>) -> Hint {
        Hint {
            key,
            label: label.into(),
            on: true,
        }
    }

    fn width(&self) -> usize {
        use unicode_width::UnicodeWidthStr;
        self.key.width() + 1 + self.label.width() + 2
    }
}

/// The footer: the hints of what has the keyboard, fitted to `width` so
/// the help key always shows (see `fit_hints`).
fn hint_line(app: &App, theme: &Theme, width: usize) -> Paragraph<'static> {
    let (hints, help_ctx) = match &app.ui.mode {
        Mode::Stats { .. } => (stats_hints(app), Some(Context::Detail)),
        Mode::Form => (form_hints(app), None),
        Mode::Help => (help_hints(app), Some(Context::Help)),
        Mode::Input(line) => (input_hints(app, line.kind), None),
        Mode::Confirm(_) => (confirm_hints(app), None),
        Mode::Pick(_) => (picker_hints(app), None),
        Mode::Detail { .. } => (item_hints(app), Some(Context::Detail)),
        Mode::Normal if app.key_context() == Context::Map => (map_hints(app), Some(Context::Map)),
        _ => (item_hints(app), Some(Context::List)),
    };
    let help = help_ctx
        .and_then(|ctx| app.ui.keymap.key_for(ctx, &Action::Help))
        .map(|k| Hint::new(k, t!(app.ui.lang, "hint-help")));
    Paragraph::new(fit_hints(hints, help, width, theme))
}

/// Drops hints until they fit with the help hint at the end: unavailable
/// (muted) ones first, then from the right, so the help key always shows.
fn fit_hints(mut hints: Vec<Hint>, help: Option<Hint>, width: usize, theme: &Theme) -> Line<'static> {
    let reserved = help.as_ref().map_or(0, Hint::width);
    let total = |h: &[Hint]| h.iter().map(Hint::width).sum::<usize>();
    while total(&hints) + reserved > width {
        match hints.iter().rposition(|h| !h.on) {
            Some(i) => hints.remove(i),
            None if !hints.is_empty() => hints.remove(hints.len() - 1),
            None => break,
        };
    }
    let key = theme.style(Role::Key);
    let muted = theme.style(Role::Muted);
    let text = theme.style(Role::Text);
    let spans = hints
        .into_iter()
        .chain(help)
        .flat_map(|h| {
            let (ks, ls) = if h.on { (key, text) } else { (muted, muted) };
            [
                Span::styled(h.key, ks),
                Span::styled(format!(" {}  ", h.label), ls),
            ]
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// In a list or the detail: open, what fits this item, the verbs (allowed
/// ones bright, unavailable muted), filter and command.
fn item_hints(app: &App) -> Vec<Hint> {
    let item = app.current().and_then(|id| app.remote.mirror.items.get(id));
    let allowed = item.map(|i| allowed_actions(i, app.role())).unwrap_or_default();
    // Only keys that work here: `/` filters a list, not the detail.
    let ctx = app.key_context();
    let mut hints = Vec::new();
    if let Some(k) = opens_something(app)
        .then(|| app.ui.keymap.key_for(ctx, &Action::Open))
        .flatten()
    {
        let label = if app.ui.focus == PaneKind::Directory {
            t!(app.ui.lang, "hint-its-items")
        } else {
            t!(app.ui.lang, "hint-detail")
        };
        hints.push(Hint::new(k, label));
    }
    for (action, label) in item.map(|i| situational(i, app)).unwrap_or_default() {
        if let Some(k) = app.ui.keymap.key_for(ctx, &action) {
            hints.push(Hint::new(k, tr(app.ui.lang, label)));
        }
    }
    for (name, words) in HINTS {
        let Some(k) = app.ui.keymap.key_for(ctx, &Action::verb(*name, words)) else {
            continue;
        };
        hints.push(Hint {
            key: k,
            label: crate::present::labels::verb(app.ui.lang, Verb::of(*name).command),
            on: allowed.contains(name) && permits(app.role(), *name),
        });
    }
    for (action, label) in [(Action::Filter, "hint-filter"), (Action::Command, "hint-command")] {
        if let Some(k) = app.ui.keymap.key_for(ctx, &action) {
            hints.push(Hint::new(k, tr(app.ui.lang, label)));
        }
    }
    hints
}

/// On the map: how to reach an item (the next mark, open it), zoom, heat,
/// and back.
fn map_hints(app: &App) -> Vec<Hint> {
    let mut hints = bound(app, Context::Map, &[(Action::MapNextMark, "hint-next-mark")]);
    if app.current().is_some() {
        hints.extend(bound(app, Context::List, &[(Action::Open, "hint-detail")]));
    }
    hints.extend(bound(
        app,
        Context::Map,
        &[
            (Action::MapZoomIn, "hint-zoom"),
            (Action::MapFit, "hint-fit"),
            (Action::MapHeat, "hint-heat"),
            (Action::ShowMap, "hint-queues"),
            (Action::Filter, "hint-filter"),
        ],
    ));
    hints
}

/// Does `enter` do something in the list now: an item's detail, a
/// department's items, an event's item?
fn opens_something(app: &App) -> bool {
    if !matches!(app.ui.mode, Mode::Normal) {
        return false;
    }
    match app.ui.focus {
        PaneKind::Directory => !app.directory_rows().is_empty(),
        PaneKind::Log => !app.remote.mirror.log.is_empty(),
        _ => app.current().is_some(),
    }
}

/// Hints from the keymap for `ctx`, in this order, where bound; labels
/// are catalog keys.
fn bound(app: &App, ctx: Context, wanted: &[(Action, &str)]) -> Vec<Hint> {
    wanted
        .iter()
        .filter_map(|(action, label)| {
            let k = app.ui.keymap.key_for(ctx, action)?;
            Some(Hint::new(k, tr(app.ui.lang, label)))
        })
        .collect()
}

/// In the help: search, matches, back.
fn help_hints(app: &App) -> Vec<Hint> {
    bound(
        app,
        Context::Help,
        &[
            (Action::Filter, "hint-search"),
            (Action::NextMatch, "hint-next-match"),
            (Action::PrevMatch, "hint-previous"),
            (Action::Down, "hint-scroll"),
            (Action::Cancel, "hint-back"),
        ],
    )
}

/// In the `/` and `:` line: the line's own keys, not the list's.
fn input_hints(app: &App, kind: InputKind) -> Vec<Hint> {
    let submit = match kind {
        InputKind::Command => "hint-run",
        InputKind::Filter => "hint-keep-filter",
        InputKind::Knowledge => "hint-search",
        InputKind::HelpSearch => "hint-keep-search",
    };
    let mut wanted = vec![(Action::Submit, submit)];
    if kind == InputKind::Command {
        wanted.extend([
            (Action::Complete, "hint-complete"),
            (Action::HistoryPrev, "hint-previous-command"),
        ]);
    }
    wanted.extend([
        (Action::DeleteBack, "hint-delete"),
        (Action::Cancel, "hint-cancel"),
    ]);
    bound(app, Context::Input, &wanted)
}

fn confirm_hints(app: &App) -> Vec<Hint> {
    bound(
        app,
        Context::Confirm,
        &[(Action::Confirm, "hint-yes"), (Action::Cancel, "hint-no")],
    )
}

/// In the intake form: its own keys, then the one-line form.
fn form_hints(app: &App) -> Vec<Hint> {
    let mut hints = bound(
        app,
        Context::Form,
        &[
            (Action::NextField, "hint-next-field"),
            (Action::PrevField, "hint-previous"),
            (Action::SaveForm, "hint-save"),
            (Action::Cancel, "hint-drop"),
            (Action::LeaveForm, "hint-queues"),
        ],
    );
    hints.push(Hint::new(":new".into(), t!(app.ui.lang, "hint-one-line-form")));
    hints
}

/// In the stats view: how to scroll, switch window and leave.
/// In a picker: choose, cancel, move; typing filters.
fn picker_hints(app: &App) -> Vec<Hint> {
    let mut hints = bound(
        app,
        Context::Picker,
        &[
            (Action::Submit, "hint-take"),
            (Action::Cancel, "hint-cancel"),
            (Action::Up, "hint-previous"),
            (Action::Down, "hint-next"),
        ],
    );
    hints.push(Hint::new(
        t!(app.ui.lang, "hint-type"),
        t!(app.ui.lang, "hint-type-filters"),
    ));
    hints
}

fn stats_hints(app: &App) -> Vec<Hint> {
    let mut hints = bound(
        app,
        Context::Detail,
        &[
            (Action::Down, "hint-scroll-departments"),
            (Action::Cancel, "hint-back"),
        ],
    );
    hints.push(Hint::new(
        ":stats today|week".into(),
        t!(app.ui.lang, "hint-switch-window"),
    ));
    hints
}

/// Keys worth showing only for this item (labels are catalog keys): merging its suggested
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
        hints.push((Action::MergeDuplicate, "hint-merge-duplicate"));
    }
    if item.extension.is_some() && allowed.contains(&ActionName::ApproveExtension) {
        hints.push((
            Action::verb(ActionName::ApproveExtension, ""),
            "hint-approve-extension",
        ));
    }
    if allowed.contains(&ActionName::Callback) {
        hints.push((Action::verb(ActionName::Callback, ""), "hint-callback"));
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
                t!(app.ui.lang, "hint-pending", keys = keys.join(" ")),
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
                    t!(app.ui.lang, "status-connection", error = error),
                    theme.style(Role::Offline),
                )),
                _ => Line::from(Span::styled(
                    t!(
                        app.ui.lang,
                        "status-idle",
                        server = app.session.server.as_str(),
                        seq = app.remote.mirror.seq
                    ),
                    Style::default(),
                )),
            },
        },
    };
    Paragraph::new(line)
}
