//! The knowledge base view: the last search's entries, the selected one
//! with its whole answer and source, and how to search and answer.

use super::Glyphs;
use super::pane::block;
use crate::console::app::App;
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use crate::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    let width = usize::from(area.width.saturating_sub(2));
    let lang = app.ui.lang;
    let answering = if app.ui.intake.is_some() {
        t!(lang, "kb-enter-answers")
    } else {
        t!(lang, "kb-i-opens")
    };
    let title = Line::from(Span::styled(
        format!(" {} ", t!(lang, "kb-title", answering = answering)),
        theme.style(Role::Title),
    ));
    let mut lines = Vec::new();
    match &app.remote.knowledge {
        None => lines.push(Line::from(Span::styled(
            t!(lang, "kb-start"),
            theme.style(Role::Muted),
        ))),
        Some((query, found)) if found.knowledge.is_empty() => lines.push(Line::from(Span::styled(
            t!(lang, "kb-nothing", query = query.as_str()),
            theme.style(Role::Muted),
        ))),
        Some((query, found)) => {
            lines.push(Line::from(Span::styled(
                fit(
                    &t!(
                        lang,
                        "kb-entries",
                        n = found.knowledge.len(),
                        query = query.as_str()
                    ),
                    width,
                ),
                theme.style(Role::Muted),
            )));
            for (i, k) in found.knowledge.iter().enumerate() {
                let here = i == app.ui.kb_selected;
                let mark = if here { g.mark } else { " " };
                let role = if here { Role::Selection } else { Role::Text };
                let example = if k.example {
                    format!(" ({})", t!(lang, "kb-example"))
                } else {
                    String::new()
                };
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
                            &format!(
                                "  {} · {}",
                                t!(lang, "kb-source", source = k.source.as_str()),
                                k.reasons
                                    .iter()
                                    .map(|r| crate::present::reasons::suggest_reason(lang, r))
                                    .collect::<Vec<_>>()
                                    .join(match lang {
                                        crate::present::i18n::Lang::En => ", ",
                                        _ => "、",
                                    })
                            ),
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
