//! The detail of one item: every field, who else is looking, what may be
//! done, and the full history as a timeline.

use super::Glyphs;
use super::pane::block;
use super::text::countdown;
use crate::console::app::App;
use crate::console::theme::{Role, Theme};
use crate::model::{Event, Item};
use crate::present::{Departments, event_text, one_line, origin_extra, origin_fields};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    let (id, scroll) = match (&app.ui.mode, &app.ui.return_to) {
        (crate::console::app::Mode::Detail { id, scroll }, _) | (_, Some((id, scroll))) => (id, scroll),
        _ => return,
    };
    let item = app
        .remote
        .detail
        .as_ref()
        .map(|d| &d.item.item)
        .or_else(|| app.remote.mirror.item(id));
    let title = Line::from(Span::styled(format!(" {id} "), theme.style(Role::Title)));
    let Some(item) = item else {
        let p = Paragraph::new("loading…").block(block(title, true, theme, g));
        frame.render_widget(p, area);
        return;
    };
    let mut lines = without_trailing_spaces(fields(item, app, theme, g));
    if let Some((_, doc)) = app.remote.raw.as_ref().filter(|(raw_id, _)| raw_id == id) {
        lines.extend(raw_lines(doc, *scroll, theme));
        let p = Paragraph::new(printable(lines))
            .wrap(Wrap { trim: false })
            .block(block(title, true, theme, g));
        frame.render_widget(p, area);
        return;
    }
    lines.push(Line::from(Span::styled("History", theme.style(Role::Title))));
    match &app.remote.detail {
        Some(d) => {
            // Long event names (extension_requested) get their own width
            // where there is room; on narrow screens they push the line.
            let type_w = if area.width >= 100 { 20 } else { 12 };
            lines.extend(
                d.history
                    .iter()
                    .skip(*scroll)
                    .map(|e| event_line(e, type_w, theme)),
            )
        }
        None => lines.push(Line::from(Span::styled("loading…", theme.style(Role::Muted)))),
    }
    let p = Paragraph::new(printable(lines))
        .wrap(Wrap { trim: false })
        .block(block(title, true, theme, g));
    frame.render_widget(p, area);
}

fn kv(key: &str, value: String, theme: &Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{key} "), theme.style(Role::Muted)),
        Span::styled(format!("{value}   "), theme.style(Role::Text)),
    ]
}

fn fields(item: &Item, app: &App, theme: &Theme, g: Glyphs) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        item.title.clone(),
        theme.style(Role::Title),
    ))];
    let mut l1 = kv("kind", item.kind.to_string(), theme);
    l1.extend(kv("status", item.status.to_string(), theme));
    l1.extend(kv("priority", item.priority.to_string(), theme));
    l1.extend(kv("category", item.category.clone(), theme));
    l1.extend(kv("tier", format!("{:?}", item.tier).to_lowercase(), theme));
    l1.extend(kv(
        "supervision",
        format!("{:?}", item.supervision).to_lowercase(),
        theme,
    ));
    lines.push(Line::from(l1));
    let p = &item.place;
    let place: Vec<&str> = [&p.district, &p.street, &p.grid, &p.address]
        .iter()
        .filter_map(|s| s.as_deref())
        .collect();
    let mut l2 = kv(
        "place",
        if place.is_empty() {
            "-".into()
        } else {
            place.join(" ")
        },
        theme,
    );
    // The name a person reads, with the code the `:` line takes.
    let department = match item.department.as_deref() {
        None => "-".to_owned(),
        Some(code) => app
            .org_name(code)
            .map_or_else(|| code.to_owned(), |name| format!("{name} ({code})")),
    };
    l2.extend(kv("department", department, theme));
    let claim = item
        .active_claim(app.now)
        .map(|c| format!("{} until {:02}:{:02}", c.owner, c.until.hour(), c.until.minute()));
    l2.extend(kv("claim", claim.unwrap_or_else(|| "-".into()), theme));
    lines.push(Line::from(l2));
    if let Some(clock) = &item.clock {
        let left = (clock.due_at - clock.paused_at.unwrap_or(app.now)).whole_seconds();
        let state = format!("{:?}", clock.state(app.now)).to_lowercase();
        let paused = if clock.paused_at.is_some() {
            " (paused)"
        } else {
            ""
        };
        let text = format!("{:?} stage, {} {state}{paused}", clock.stage, countdown(left)).to_lowercase();
        lines.push(Line::from(kv("clock", text, theme)));
    }
    let c = item.counters;
    let mut l3 = kv("returns", c.returns.to_string(), theme);
    l3.extend(kv("rework", c.rework.to_string(), theme));
    l3.extend(kv("reopens", c.reopens.to_string(), theme));
    if item.occurrences > 0 {
        l3.extend(kv("occurrences", item.occurrences.to_string(), theme));
    }
    lines.push(Line::from(l3));
    if let Some(origin) = &item.origin {
        // Source and ids on one line; the link, often long, on its own so
        // it wraps whole rather than pushing the ids off the line.
        let (links, ids): (Vec<_>, Vec<_>) = origin_fields(origin)
            .into_iter()
            .partition(|(label, _)| *label == "link");
        let ids: Vec<Span<'static>> = ids.into_iter().flat_map(|(l, v)| kv(l, v, theme)).collect();
        lines.push(Line::from(ids));
        lines.extend(links.into_iter().map(|(l, v)| Line::from(kv(l, v, theme))));
        // What the standard said beyond the ids (annotations, CAP fields),
        // a few lines at most.
        lines.extend(
            origin_extra(origin)
                .into_iter()
                .map(|(k, v)| Line::from(kv(&k, v, theme))),
        );
    }
    if !item.description.is_empty() {
        lines.push(Line::from(Span::styled(
            item.description.clone(),
            theme.style(Role::Text),
        )));
    }
    let callers: Vec<String> = item
        .callers
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c.name.as_deref().unwrap_or("?"),
                c.phone.as_deref().unwrap_or("")
            )
            .trim()
            .to_owned()
        })
        .collect();
    if !callers.is_empty() {
        lines.push(Line::from(kv("callers", callers.join("; "), theme)));
    }
    let history = app.remote.detail.as_ref().map(|d| d.history.as_slice());
    lines.extend(super::relations::lines(item, app, history, theme, g));
    let viewers: Vec<String> = app
        .remote
        .mirror
        .viewers(&item.id, app.now, &app.session.me.login)
        .iter()
        .map(|p| p.name.clone())
        .collect();
    if !viewers.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{} also viewing: {}", g.viewing, viewers.join(", ")),
            theme.style(Role::Info),
        )));
    }
    lines.push(super::actions::line(item, app, theme));
    lines
}

/// The spaces `kv` leaves after a line's last value would wrap, when the
/// line just fits, onto a blank line of their own (seen between the place
/// and the clock).
fn without_trailing_spaces(mut lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    for line in &mut lines {
        if let Some(last) = line.spans.last_mut() {
            last.content = last.content.trim_end().to_owned().into();
        }
    }
    lines
}

/// Every text of the detail as sent, on its line: what a caller or a
/// sensor wrote cannot move the cursor or reverse the line it is on.
fn printable(mut lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    for span in lines.iter_mut().flat_map(|l| l.spans.iter_mut()) {
        span.content = one_line(&span.content).into();
    }
    lines
}

/// The raw document in place of the history, from line `scroll`; each
/// line goes through `printable` like every text of the detail, so a
/// document's control characters cannot reach the terminal.
fn raw_lines(doc: &crate::client::RawDocument, scroll: usize, theme: &Theme) -> Vec<Line<'static>> {
    let head = format!(
        "Raw document ({}, {}) · :raw hides it",
        doc.source, doc.content_type
    );
    let mut lines = vec![Line::from(Span::styled(head, theme.style(Role::Title)))];
    lines.extend(
        doc.body
            .lines()
            .skip(scroll)
            .map(|l| Line::from(Span::styled(l.to_owned(), theme.style(Role::Text)))),
    );
    lines
}

fn event_line(e: &Event, type_w: usize, theme: &Theme) -> Line<'static> {
    let t = e.at.time();
    Line::from(vec![
        Span::styled(
            format!("{:02}:{:02}:{:02} ", t.hour(), t.minute(), t.second()),
            theme.style(Role::Muted),
        ),
        Span::styled(format!("v{:<3} ", e.version), theme.style(Role::Muted)),
        Span::styled(
            format!("{:<type_w$} ", e.body.type_name()),
            theme.style(Role::Key),
        ),
        Span::styled(format!("{:<16} ", e.actor), theme.style(Role::Info)),
        // Codes as logged, not names: the history is the record.
        Span::styled(
            event_text(&e.body, &Departments::default()),
            theme.style(Role::Text),
        ),
    ])
}
