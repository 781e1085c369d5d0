//! The picker: a popup over the screen with the filter line at its top,
//! then the choices with their names, codes and what helps to choose
//! (open load, what a priority means); the routing suggestion is marked and
//! its reason shown. Fits 80×24; wider screens get a wider popup, not a
//! full-screen list.

use super::Glyphs;
use super::pane::block;
use crate::console::app::picker::Choice;
use crate::console::app::picker::Picker;
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use crate::present::i18n::Lang;
use crate::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Widest the popup gets: a name, a code and a short reason fit.
const MAX_WIDTH: u16 = 76;
/// Lines above the list: the filter and the suggestion's reason.
const HEAD: usize = 2;
/// Marks the suggestion; plain ASCII, since ◆ already means "designate".
const SUGGESTED: &str = "*";

pub fn render(frame: &mut Frame<'_>, area: Rect, picker: &Picker, theme: &Theme, g: Glyphs, lang: Lang) {
    let shown: Vec<_> = picker.visible().collect();
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let wanted = u16::try_from(picker.len() + HEAD + 2).unwrap_or(u16::MAX);
    let height = wanted.min(area.height);
    if width < 20 || height < 5 {
        return;
    }
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let inner = usize::from(width - 2);
    let rows = usize::from(height - 2).saturating_sub(HEAD);
    let mut lines = vec![filter_line(picker, shown.len(), inner, theme, lang)];
    let why = picker
        .visible()
        .find_map(|o| o.suggested.clone())
        .map(|w| format!("{SUGGESTED} {}", t!(lang, "picker-suggested", why = w)));
    lines.push(Line::from(Span::styled(
        fit(&why.unwrap_or_default(), inner),
        theme.style(Role::Info),
    )));
    // The selection stays in view: the list scrolls under it.
    let selected = picker.selected_index();
    let offset = selected.saturating_sub(rows.saturating_sub(1));
    let code_w = shown.iter().map(|o| o.code.width()).max().unwrap_or(0).min(16);
    let label_w = shown.iter().map(|o| o.label.width()).max().unwrap_or(0).min(20);
    for (i, o) in shown.iter().enumerate().skip(offset).take(rows) {
        let here = i == selected;
        let cursor = if here { g.mark } else { " " };
        let star = if o.suggested.is_some() { SUGGESTED } else { " " };
        let (label, code) = match o.choice {
            Choice::TypeLine => (o.label.clone(), String::new()),
            // A priority is its own name: say it once.
            Choice::Word(_) if o.code == o.label => (fit(&o.label, label_w), fit("", code_w)),
            Choice::Word(_) => (fit(&o.label, label_w), fit(&o.code, code_w)),
        };
        let text = fit(&format!("{cursor}{star} {label}  {code}  {}", o.detail), inner);
        let role = if here { Role::Selection } else { Role::Text };
        lines.push(Line::from(Span::styled(text, theme.style(role))));
    }
    let title = Line::from(Span::styled(
        format!(" {} ", picker.title),
        theme.style(Role::Title),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block(title, true, theme, g)), popup);
}

/// `› rl█          2 of 28`: what was typed, and how many match.
fn filter_line(picker: &Picker, matching: usize, width: usize, theme: &Theme, lang: Lang) -> Line<'static> {
    let typed = format!("{}█", t!(lang, "picker-filter", text = picker.filter.as_str()));
    let count = t!(lang, "picker-count", n = matching, len = picker.len());
    let gap = width.saturating_sub(typed.width() + count.width()).max(1);
    Line::from(vec![
        Span::styled(typed, theme.style(Role::Text)),
        Span::styled(format!("{}{count}", " ".repeat(gap)), theme.style(Role::Muted)),
    ])
}
