//! The marks line above the footer, while anything is marked: item keys
//! act on these, so they are always in view, with the pane of each one
//! the focused pane does not show.

use super::Glyphs;
use crate::console::app::App;
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use crate::t;
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
    let lang = app.ui.lang;
    let lead = format!(" {} {} ", g.mark, t!(lang, "marks-lead", n = app.ui.marked.len()));
    let ids = ids.join(" ");
    let used = lead.width() + ids.width();
    // The ids come first; the explanation as far as it fits.
    let tail = [
        if away.is_empty() {
            format!("  · {} · {}", t!(lang, "marks-act"), t!(lang, "marks-unmark"))
        } else {
            format!(
                "  · {} · {}",
                t!(lang, "marks-away", n = away.len()),
                t!(lang, "marks-unmark")
            )
        },
        format!("  · {}", t!(lang, "marks-unmark")),
    ]
    .into_iter()
    .find(|t| used + t.width() <= usize::from(width))
    .unwrap_or_default();
    let room = usize::from(width).saturating_sub(lead.width() + tail.width());
    let spans = vec![
        Span::styled(lead, theme.style(Role::Marked)),
        Span::styled(fit(&ids, room), theme.style(Role::Text)),
        Span::styled(tail, theme.style(Role::Muted)),
    ];
    Paragraph::new(Line::from(spans))
}
