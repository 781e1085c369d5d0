//! The knowledge base view: the last search's entries, the selected one
//! with its whole answer and source, and how to search and answer.

use super::Glyphs;
use super::pane::block;
use crate::console::app::App;
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    let width = usize::from(area.width.saturating_sub(2));
    let answering = if app.ui.intake.is_some() {
        "enter answers the call"
    } else {
        "i opens a call"
    };
    let title = Line::from(Span::styled(
        format!(" Knowledge base — / search · {answering} · esc back "),
        theme.style(Role::Title),
    ));
    let mut lines = Vec::new();
    match &app.remote.knowledge {
        None => lines.push(Line::from(Span::styled(
            "/ and a few words (供暖, 停水, 噪音 …) search the standard answers",
            theme.style(Role::Muted),
        ))),
        Some((query, found)) if found.knowledge.is_empty() => lines.push(Line::from(Span::styled(
            format!("nothing for {query}: try other words"),
            theme.style(Role::Muted),
        ))),
        Some((query, found)) => {
            lines.push(Line::from(Span::styled(
                fit(&format!("{} entries for {query}", found.knowledge.len()), width),
                theme.style(Role::Muted),
            )));
            for (i, k) in found.knowledge.iter().enumerate() {
                let here = i == app.ui.kb_selected;
                let mark = if here { g.mark } else { " " };
                let role = if here { Role::Selection } else { Role::Text };
                let example = if k.example { " (example)" } else { "" };
                lines.push(Line::from(Span::styled(
                    fit(&format!("{mark}{} {}{example}", k.id, k.question), width),
                    theme.style(role),
                )));
                if here {
                    lines.push(Line::from(Span::styled(
                        k.answer.clone(),
                        theme.style(Role::Text),
                    )));
                    lines.push(Line::from(Span::styled(
                        fit(
                            &format!("  source: {} · {}", k.source, k.reasons.join(", ")),
                            width,
                        ),
                        theme.style(Role::Muted),
                    )));
                }
            }
        }
    }
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block(title, true, theme, g));
    frame.render_widget(Clear, area);
    frame.render_widget(p, area);
}
