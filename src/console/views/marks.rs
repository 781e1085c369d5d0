//! The marks line above the footer, while anything is marked: item keys
//! act on these, so they are always in view, with the pane of each one
//! the focused pane does not show.

use super::Glyphs;
use crate::console::app::App;
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn line(app: &App, theme: &Theme, g: Glyphs, width: u16) -> Paragraph<'static> {
    let away = app.marks_elsewhere();
    let ids: Vec<String> = app
        .ui
        .marked
        .iter()
        .map(|id| match away.iter().find(|(a, _)| a == id) {
            Some((_, pane)) => format!("{id} ({pane})"),
            None => id.to_string(),
        })
        .collect();
    let lead = format!(" {} {} marked: ", g.mark, app.ui.marked.len());
    let ids = ids.join(" ");
    let used = lead.chars().count() + ids.width();
    // The ids come first; the explanation as far as it fits.
    let tail = [
        if away.is_empty() {
            "  · item keys act on these · M unmarks".to_owned()
        } else {
            format!("  · {} not in this pane: keys ask first · M unmarks", away.len())
        },
        "  · M unmarks".to_owned(),
    ]
    .into_iter()
    .find(|t| used + t.width() <= usize::from(width))
    .unwrap_or_default();
    let room = usize::from(width).saturating_sub(lead.chars().count() + tail.width());
    let spans = vec![
        Span::styled(lead, theme.style(Role::Marked)),
        Span::styled(fit(&ids, room), theme.style(Role::Text)),
        Span::styled(tail, theme.style(Role::Muted)),
    ];
    Paragraph::new(Line::from(spans))
}
