//! The intake form beside the queues: one line per field (the description
//! as many as it needs), the focused field marked, each field's problem
//! under it, and the keys that matter on the last line.

use super::Glyphs;
use super::pane::block;
use crate::console::app::intake::{Field, FormState, IntakeForm};
use crate::console::app::{App, Mode};
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use crate::present::i18n::{Lang, tr};
use crate::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

/// Columns the label takes, with its padding.
const LABEL: usize = 14;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, form: &IntakeForm, theme: &Theme, g: Glyphs) {
    let focused = matches!(app.ui.mode, Mode::Form);
    let lang = app.ui.lang;
    let kind = crate::present::labels::kind(lang, form.kind);
    let state = match form.state {
        FormState::Editing => String::new(),
        FormState::Sending => format!(" · {}", t!(lang, "form-sending")),
        FormState::Queued => format!(" · {}", t!(lang, "form-queued")),
    };
    let title = Line::from(Span::styled(
        format!(" {}{state} ", t!(lang, "form-new", kind = kind)),
        theme.style(if form.state == FormState::Queued {
            Role::Warning
        } else {
            Role::Title
        }),
    ));
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines = Vec::new();
    let mut focus_at = 0;
    for field in Field::ALL {
        if field == form.focus {
            focus_at = lines.len();
        }
        lines.extend(field_lines(form, field, focused, width, theme, g, lang));
        if field == Field::Category {
            lines.extend(suggestion_lines(app, form, width, theme));
        }
        if field == Field::Phone {
            lines.extend(history_lines(form, width, theme, lang));
            lines.extend(twin_line(app, form, width, theme));
        }
        if field == Field::Place && form.focus == Field::Place {
            lines.extend(place_lines(app, form, width, theme));
        }
    }
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(fit(e, width), theme.style(Role::Error))));
    }
    let keys = [
        (crate::console::action::Action::SaveForm, "hint-save"),
        (crate::console::action::Action::NextField, "hint-next"),
        (crate::console::action::Action::Cancel, "hint-drop"),
    ];
    let mut spans = Vec::new();
    for (action, label) in keys {
        if let Some(k) = app
            .ui
            .keymap
            .key_for(crate::console::keymap::Context::Form, &action)
        {
            spans.push(Span::styled(k, theme.style(Role::Key)));
            spans.push(Span::styled(
                format!(" {}  ", tr(lang, label)),
                theme.style(Role::Muted),
            ));
        }
    }
    let body_rows = usize::from(area.height.saturating_sub(3));
    // Keep the focused field (and its problem) in view on a short terminal.
    let skip = focus_at.min(lines.len().saturating_sub(body_rows));
    let mut shown: Vec<Line<'static>> = lines.into_iter().skip(skip).collect();
    shown.truncate(body_rows);
    while shown.len() < body_rows {
        shown.push(Line::raw(""));
    }
    shown.push(Line::from(spans));
    let p = Paragraph::new(shown).block(block(title, focused, theme, g));
    frame.render_widget(p, area);
}

fn field_lines(
    form: &IntakeForm,
    field: Field,
    focused: bool,
    width: usize,
    theme: &Theme,
    g: Glyphs,
    lang: Lang,
) -> Vec<Line<'static>> {
    let here = focused && form.focus == field;
    let marker = if here { g.mark } else { " " };
    let label_style = theme.style(if here { Role::Key } else { Role::Muted });
    let value = form.value(field);
    let shown = match field {
        Field::Confidential if value == "yes" => t!(lang, "form-confidential-yes"),
        Field::Confidential => t!(lang, "form-confidential-no"),
        Field::Priority if value.is_empty() => t!(lang, "form-priority-default"),
        // The channel's wire name (`walk_in`) in words.
        Field::Channel => match tr(lang, &format!("channel-{value}")) {
            text if text.starts_with("channel-") => value.to_owned(),
            text => text,
        },
        _ => value.to_owned(),
    };
    let cursor = if here && !matches!(field, Field::Channel | Field::Confidential) {
        "█"
    } else {
        ""
    };
    let room = width.saturating_sub(LABEL);
    let mut out = Vec::new();
    let text = format!("{shown}{cursor}");
    let rows = wrap(&text, room.max(1));
    for (i, row) in rows.into_iter().enumerate() {
        let label = if i == 0 {
            format!(
                "{marker}{}",
                fit(&tr(lang, &format!("form-field-{}", field.label())), LABEL - 1)
            )
        } else {
            " ".repeat(LABEL)
        };
        out.push(Line::from(vec![
            Span::styled(label, label_style),
            Span::styled(fit(&row, room), theme.style(Role::Text)),
        ]));
    }
    // Problems wrap rather than cut: the operator must read all of it.
    for row in form
        .errors
        .get(&field)
        .map(|e| wrap(e, room.max(1)))
        .unwrap_or_default()
    {
        out.push(Line::from(vec![
            Span::raw(" ".repeat(LABEL)),
            Span::styled(fit(&row, room), theme.style(Role::Error)),
        ]));
    }
    out
}

/// `text` cut into rows of at most `width` columns, at line breaks too;
/// Chinese counts two columns a character.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let mut row = String::new();
        let mut used = 0;
        for c in line.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push(c);
            used += w;
        }
        rows.push(row);
    }
    rows
}

/// The suggested categories (with the key that takes each and why) and
/// the best knowledge entries, under the category field.
fn suggestion_lines(app: &App, form: &IntakeForm, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some((_, s)) = &form.suggested else {
        return Vec::new();
    };
    let room = width.saturating_sub(LABEL);
    let mut out = Vec::new();
    for (i, c) in s.categories.iter().take(3).enumerate() {
        let key = take_key(app, i);
        let reasons: Vec<String> = c
            .reasons
            .iter()
            .map(|r| crate::present::reasons::suggest_reason(app.ui.lang, r))
            .collect();
        let text = format!("{} {} · {}", c.code, c.name, reasons.join(list_sep(app.ui.lang)));
        out.push(Line::from(vec![
            Span::styled(fit(&format!("  {key}"), LABEL), theme.style(Role::Key)),
            Span::styled(fit(&text, room), theme.style(Role::Muted)),
        ]));
    }
    for k in s.knowledge.iter().take(2) {
        let text = format!("{} {}", k.id, k.question);
        out.push(Line::from(vec![
            Span::styled(
                fit(&format!("  {}", t!(app.ui.lang, "form-answer")), LABEL),
                theme.style(Role::Muted),
            ),
            Span::styled(fit(&text, room), theme.style(Role::Muted)),
        ]));
    }
    out
}

/// The caller's earlier items under the phone: how often they called, the
/// last callback's answer, and the newest few with their state — open ones
/// first in the list's order (newest first), so a repeat call is seen.
fn history_lines(form: &IntakeForm, width: usize, theme: &Theme, lang: Lang) -> Vec<Line<'static>> {
    let Some(h) = &form.history else {
        return Vec::new();
    };
    let room = width.saturating_sub(LABEL);
    let c = &h.counts;
    let mut summary = t!(lang, "form-calls", calls = c.calls_30d, open = c.open);
    if let Some(s) = h.last_satisfaction {
        let said = tr(lang, &format!("satisfaction-{}", s.as_str()));
        summary.push_str(&format!(
            " · {}",
            t!(lang, "form-last-callback", satisfaction = said)
        ));
    }
    if h.items.is_empty() {
        summary = t!(lang, "form-first-call");
    }
    let mut out = vec![Line::from(vec![
        Span::styled(
            fit(&format!("  {}", t!(lang, "form-history")), LABEL),
            theme.style(Role::Muted),
        ),
        Span::styled(fit(&summary, room), theme.style(Role::Text)),
    ])];
    for item in h.items.iter().take(3) {
        let role = if item.status.is_open() {
            Role::Warning
        } else {
            Role::Muted
        };
        // An open item says how its stage clock stands: due when, and red
        // once past it.
        let clock = match (&item.clock, item.clock_state) {
            (Some(c), Some(state)) if item.status.is_open() => {
                let due = crate::present::clock(c.due_at);
                let text = if state == crate::model::ClockState::Red {
                    t!(lang, "form-history-late", due = due)
                } else {
                    t!(lang, "form-history-due", due = due)
                };
                format!(" {text}")
            }
            _ => String::new(),
        };
        let text = format!(
            "{} {}{clock} {} {}",
            item.id,
            crate::present::labels::status(lang, item.status),
            item.category,
            item.title
        );
        out.push(Line::from(vec![
            Span::raw(" ".repeat(LABEL)),
            Span::styled(fit(&text, room), theme.style(role)),
        ]));
    }
    out
}

/// Completions of the place typed so far, each with the key that takes it.
fn place_lines(app: &App, form: &IntakeForm, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let room = width.saturating_sub(LABEL);
    form.place_hits
        .iter()
        .enumerate()
        .map(|(i, hit)| {
            let key = take_key(app, i);
            let mark = if hit.earlier {
                format!(" · {}", t!(app.ui.lang, "form-place-earlier"))
            } else {
                String::new()
            };
            Line::from(vec![
                Span::styled(fit(&format!("  {key}"), LABEL), theme.style(Role::Key)),
                Span::styled(
                    fit(&format!("{}{mark}", hit.path), room),
                    theme.style(Role::Muted),
                ),
            ])
        })
        .collect()
}

/// The offer to add this call to the caller's open item of the category.
fn twin_line(app: &App, form: &IntakeForm, width: usize, theme: &Theme) -> Option<Line<'static>> {
    let twin = crate::console::app::desk::open_twin(form)?;
    let key = app.ui.keymap.key_for(
        crate::console::keymap::Context::Form,
        &crate::console::action::Action::AddToOpen,
    )?;
    let room = width.saturating_sub(LABEL);
    let text = t!(
        app.ui.lang,
        "form-twin",
        id = twin.id.as_str(),
        status = crate::present::labels::status(app.ui.lang, twin.status)
    );
    Some(Line::from(vec![
        Span::styled(fit(&format!("  {key}"), LABEL), theme.style(Role::Key)),
        Span::styled(fit(&text, room), theme.style(Role::Warning)),
    ]))
}

/// The key that takes the `i`-th (from 0) suggestion, or nothing if unbound.
fn take_key(app: &App, i: usize) -> String {
    let action = crate::console::action::Action::TakeSuggestion(i as u8 + 1);
    app.ui
        .keymap
        .key_for(crate::console::keymap::Context::Form, &action)
        .unwrap_or_default()
}

/// Between the items of a list: `, ` in English, `、` in Chinese.
fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::ZhCn => "、",
    }
}
