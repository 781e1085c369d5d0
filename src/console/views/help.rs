//! The `?` overlay, generated from the keymap: what every key does here.

use super::Glyphs;
use super::pane::block;
use crate::console::app::{App, all_commands};
use crate::console::keymap::{Context, Key};
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, glyphs: Glyphs, scroll: usize) {
    let mut lines = Vec::new();
    for (ctx, title) in [
        (Context::Global, "Everywhere"),
        (Context::List, "In a list"),
        (Context::Detail, "In the detail"),
        (Context::Input, "In the / and : line"),
        (Context::Confirm, "When asked to confirm"),
        (
            Context::Form,
            "In the intake form (space cycles channel and confidential)",
        ),
        (
            Context::Picker,
            "In a picker (d, S, p, l, t; typing filters by name, code or pinyin)",
        ),
    ] {
        lines.push(Line::from(Span::styled(title, theme.style(Role::Title))));
        for b in app.ui.keymap.bindings(ctx) {
            let keys: Vec<&str> = b.keys.iter().map(Key::as_str).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", keys.join(" ")), theme.style(Role::Key)),
                Span::styled(b.desc.clone(), theme.style(Role::Text)),
            ]));
        }
    }
    lines.push(Line::from(Span::styled(
        "Commands (type : then the verb; Tab completes)",
        theme.style(Role::Title),
    )));
    lines.extend(commands(area.width.saturating_sub(2) as usize, theme));
    let title = Line::from(Span::styled(
        " Help — ? or esc to close ",
        theme.style(Role::Title),
    ));
    let p = Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>())
        .block(block(title, true, theme, glyphs));
    frame.render_widget(Clear, area);
    frame.render_widget(p, area);
}

/// Every `:` command with its usage and what it does, one a line; the
/// usage column is as wide as the widest usage that fits half the width.
fn commands(width: usize, theme: &Theme) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let all = all_commands();
    let usage: Vec<String> = all.iter().map(|c| format!("  :{} {}", c.name, c.usage)).collect();
    let column = usage
        .iter()
        .map(|u| u.width() + 2)
        .filter(|w| *w <= width / 2)
        .max()
        .unwrap_or(width / 2);
    all.iter()
        .zip(usage)
        .map(|(c, u)| {
            let rest = width.saturating_sub(column);
            Line::from(vec![
                Span::styled(fit(&u, column), theme.style(Role::Key)),
                Span::styled(fit(c.summary, rest), theme.style(Role::Text)),
            ])
        })
        .collect()
}
