//! The `?` overlay: the help's lines (`app::help::content`), one to a row,
//! from where it is scrolled, never past its end; lines matching the
//! search are lit, the one `n`/`N` went to most.

use super::Glyphs;
use super::pane::block;
use crate::console::app::App;
use crate::console::app::help::{Glyph, HelpLine, content, last_scroll};
use crate::console::theme::{Role, Theme};
use crate::present::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Terms (keys, columns) take this many columns, texts the rest.
const TERM: usize = 18;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs) {
    let width = area.width.saturating_sub(2) as usize;
    let height = area.height.saturating_sub(2) as usize;
    let all = content(app);
    let help = &app.ui.help;
    // Never a blank page after the end, and at the end as `update` knows
    // it (from an estimate of the height), the true end.
    let end = all.len().saturating_sub(height);
    let scroll = if help.scroll >= last_scroll(app) {
        end
    } else {
        help.scroll.min(end)
    };
    let usage_w = usage_width(&all, width);
    let lines: Vec<Line<'static>> = all
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, l)| {
            let line = draw(l, width, usage_w, theme, g);
            if help.at == Some(i) {
                line.style(theme.style(Role::Selection))
            } else if l.matches(&help.query) {
                line.style(theme.style(Role::Flash))
            } else {
                line
            }
        })
        .collect();
    let p = Paragraph::new(lines).block(block(
        title(app, all.len(), scroll, height, theme),
        true,
        theme,
        g,
    ));
    frame.render_widget(Clear, area);
    frame.render_widget(p, area);
}

/// Where the reader is, the search, and the way out.
fn title(app: &App, len: usize, scroll: usize, height: usize, theme: &Theme) -> Line<'static> {
    let lang = app.ui.lang;
    let end = (scroll + height).min(len);
    let search = match app.ui.help.query.trim() {
        "" => crate::t!(lang, "help-box-search"),
        q => {
            let hits = content(app).iter().filter(|l| l.matches(q)).count();
            crate::t!(lang, "help-box-hits", query = q, n = hits)
        }
    };
    let head = crate::t!(
        lang,
        "help-box",
        from = scroll + 1,
        to = end,
        len = len,
        search = search
    );
    Line::from(Span::styled(format!(" {head} "), theme.style(Role::Title)))
}

/// The usage column of the commands: as wide as the widest usage that
/// fits half the width.
fn usage_width(all: &[HelpLine], width: usize) -> usize {
    all.iter()
        .filter_map(|l| match l {
            HelpLine::Command { usage, .. } => Some(usage.width() + 4),
            _ => None,
        })
        .filter(|w| *w <= width / 2)
        .max()
        .unwrap_or(width / 2)
}

fn glyph(g: Glyphs, which: Glyph) -> &'static str {
    match which {
        Glyph::Mark => g.mark,
        Glyph::Storm => g.storm,
        Glyph::Dup => g.dup,
        Glyph::Designate => g.designate,
        Glyph::Viewing => g.viewing,
        Glyph::Live => g.live,
        Glyph::Down => g.down,
    }
}

fn draw(l: &HelpLine, width: usize, usage_w: usize, theme: &Theme, g: Glyphs) -> Line<'static> {
    let key = theme.style(Role::Key);
    let text = theme.style(Role::Text);
    let pair = |left: String, left_w: usize, style: Style, right: &str| {
        Line::from(vec![
            Span::styled(fit(&left, left_w.min(width)), style),
            Span::styled(fit(right, width.saturating_sub(left_w)), text),
        ])
    };
    match l {
        HelpLine::Title(t) => Line::from(Span::styled(fit(t, width), theme.style(Role::Title))),
        HelpLine::Text(t) => Line::from(Span::styled(fit(t, width), text)),
        HelpLine::Blank => Line::from(""),
        HelpLine::Term { term, text: t } => pair(format!("  {term}"), TERM, key, t),
        HelpLine::Glyph {
            glyph: which,
            suffix,
            text: t,
        } => pair(format!("  {}{suffix}", glyph(g, *which)), TERM, key, t),
        HelpLine::Command { usage, summary } => pair(format!("  {usage}"), usage_w, key, summary),
    }
}
