//! The detail of one item: every field, who else is looking, what may be
//! done, and the full history as a timeline.

use super::Glyphs;
use super::pane::block;
use super::text::countdown;
use crate::console::app::App;
use crate::console::theme::{Role, Theme};
use crate::model::{Event, Item};
use crate::present::i18n::{Lang, tr};
use crate::present::{
    Departments, event_name, event_text, labels, one_line, origin_extra, origin_fields, pad,
};
use crate::t;
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
        let p = Paragraph::new(t!(app.ui.lang, "loading")).block(block(title, true, theme, g));
        frame.render_widget(p, area);
        return;
    };
    let mut lines = without_trailing_spaces(fields(item, app, theme, g));
    if let Some((_, doc)) = app.remote.raw.as_ref().filter(|(raw_id, _)| raw_id == id) {
        lines.extend(raw_lines(doc, *scroll, theme, app.ui.lang));
        let p = Paragraph::new(printable(lines))
            .wrap(Wrap { trim: false })
            .block(block(title, true, theme, g));
        frame.render_widget(p, area);
        return;
    }
    let lang = app.ui.lang;
    lines.push(Line::from(Span::styled(
        t!(lang, "detail-history"),
        theme.style(Role::Title),
    )));
    match &app.remote.detail {
        Some(d) => {
            // Long event names (extension_requested) get their own width
            // where there is room; on narrow screens they push the line.
            let type_w = if area.width >= 100 { 20 } else { 12 };
            lines.extend(
                d.history
                    .iter()
                    .skip(*scroll)
                    .map(|e| event_line(e, type_w, theme, lang)),
            )
        }
        None => lines.push(Line::from(Span::styled(
            t!(lang, "loading"),
            theme.style(Role::Muted),
        ))),
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
    let lang = app.ui.lang;
    let kv = |key: &str, value: String| kv(&tr(lang, key), value, theme);
    let mut lines = vec![Line::from(Span::styled(
        item.title.clone(),
        theme.style(Role::Title),
    ))];
    let mut l1 = kv("field-kind", labels::kind(lang, item.kind));
    l1.extend(kv("field-status", labels::status(lang, item.status)));
    l1.extend(kv("field-priority", item.priority.to_string()));
    l1.extend(kv("field-category", item.category.clone()));
    l1.extend(kv("field-tier", labels::tier(lang, item.tier)));
    let level = format!("level-{:?}", item.supervision).to_lowercase();
    l1.extend(kv("field-supervision", tr(lang, &level)));
    lines.push(Line::from(l1));
    let p = &item.place;
    let place: Vec<&str> = [&p.district, &p.street, &p.grid, &p.address]
        .iter()
        .filter_map(|s| s.as_deref())
        .collect();
    let mut l2 = kv(
        "field-place",
        if place.is_empty() {
            "-".into()
        } else {
            place.join(" ")
        },
    );
    // The name a person reads; in English with the code the `:` line
    // takes, in Chinese the name alone (the code is an English word).
    let department = match item.department.as_deref() {
        None => "-".to_owned(),
        Some(code) => match (app.org_name(code), lang) {
            (None, _) => code.to_owned(),
            (Some(name), Lang::En) => format!("{name} ({code})"),
            (Some(name), _) => name,
        },
    };
    l2.extend(kv("field-department", department));
    let claim = item.active_claim(app.now).map(|c| {
        let until = format!("{:02}:{:02}", c.until.hour(), c.until.minute());
        t!(lang, "detail-claim", owner = c.owner.as_str(), until = until)
    });
    l2.extend(kv("field-claim", claim.unwrap_or_else(|| "-".into())));
    lines.push(Line::from(l2));
    if let Some(clock) = &item.clock {
        let left = (clock.due_at - clock.paused_at.unwrap_or(app.now)).whole_seconds();
        let state = tr(lang, &format!("clock-{:?}", clock.state(app.now)).to_lowercase());
        // `剩余 00:12:00` / `超时 +00:03:10`: said in words here, where
        // there is room; the panes' narrow column keeps the digits.
        let time = countdown(left.abs());
        let left_text = if left < 0 {
            t!(lang, "clock-over", time = countdown(left).trim_start_matches('+'))
        } else {
            t!(lang, "clock-left", time = time)
        };
        let paused = if clock.paused_at.is_some() {
            format!(" ({})", t!(lang, "clock-paused"))
        } else {
            String::new()
        };
        let stage = labels::stage(lang, clock.stage.as_str());
        let text = t!(
            lang,
            "detail-clock",
            stage = stage,
            left = left_text,
            state = state,
            paused = paused
        );
        lines.push(Line::from(kv("field-clock", text)));
    }
    let c = item.counters;
    let mut l3 = kv("field-returns", c.returns.to_string());
    l3.extend(kv("field-rework", c.rework.to_string()));
    l3.extend(kv("field-reopens", c.reopens.to_string()));
    if item.occurrences > 0 {
        l3.extend(kv("field-occurrences", item.occurrences.to_string()));
    }
    lines.push(Line::from(l3));
    if let Some(origin) = &item.origin {
        // Source and ids on one line; the link, often long, on its own so
        // it wraps whole rather than pushing the ids off the line.
        let (links, ids): (Vec<_>, Vec<_>) = origin_fields(origin)
            .into_iter()
            .partition(|(label, _)| *label == "link");
        let ids: Vec<Span<'static>> = ids
            .into_iter()
            .flat_map(|(l, v)| kv(&format!("origin-{}", l.replace(' ', "-")), v))
            .collect();
        lines.push(Line::from(ids));
        lines.extend(
            links
                .into_iter()
                .map(|(l, v)| Line::from(kv(&format!("origin-{}", l.replace(' ', "-")), v))),
        );
        // What the standard said beyond the ids (annotations, CAP fields),
        // a few lines at most.
        lines.extend(
            origin_extra(origin)
                .into_iter()
                .map(|(k, v)| Line::from(self::kv(&k, v, theme))),
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
        lines.push(Line::from(kv("field-callers", callers.join("; "))));
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
            format!(
                "{} {}",
                g.viewing,
                t!(lang, "detail-viewing", names = viewers.join(", "))
            ),
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
fn raw_lines(
    doc: &crate::client::RawDocument,
    scroll: usize,
    theme: &Theme,
    lang: Lang,
) -> Vec<Line<'static>> {
    let head = t!(
        lang,
        "detail-raw",
        source = doc.source.to_string(),
        kind = doc.content_type.as_str()
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

fn event_line(e: &Event, type_w: usize, theme: &Theme, lang: Lang) -> Line<'static> {
    let t = e.at.time();
    Line::from(vec![
        Span::styled(
            format!("{:02}:{:02}:{:02} ", t.hour(), t.minute(), t.second()),
            theme.style(Role::Muted),
        ),
        Span::styled(format!("v{:<3} ", e.version), theme.style(Role::Muted)),
        Span::styled(
            format!("{} ", pad(&event_name(lang, e.body.type_name()), type_w)),
            theme.style(Role::Key),
        ),
        Span::styled(format!("{:<16} ", e.actor), theme.style(Role::Info)),
        // Codes as logged, not names: the history is the record.
        Span::styled(
            event_text(&e.body, &Departments::default(), lang),
            theme.style(Role::Text),
        ),
    ])
}
