//! The `?` help as lines of data: what the screen shows, why an item is in
//! Escalations, what the stats columns mean, then every key and command.
//! The view draws these lines one to a screen row, and scrolling and `/`
//! search work on the same lines, so the help stops at its end and `n`
//! lands on the line the view lights up.

use super::command_line::all_commands;
use super::{App, InputKind, InputLine, Level, Mode};
use crate::console::action::Action;
use crate::console::app::panes::PaneKind;
use crate::console::keymap::{Context, Key};
use crate::console::views::columns::Col;
use crate::present::i18n::{Lang, tr};
use crate::present::labels;
use crate::t;

/// A glyph the screen uses; the view draws it as the terminal allows
/// (`≈` or `~`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    Mark,
    Storm,
    Dup,
    Designate,
    Viewing,
    Live,
    Down,
}

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Title(String),
    Text(String),
    /// A term and what it means: keys, a column, a stats heading.
    Term {
        term: String,
        text: String,
    },
    /// A glyph (then `suffix`, as in `×N`) and what it means.
    Glyph {
        glyph: Glyph,
        suffix: &'static str,
        text: String,
    },
    /// A `:` command: its usage and what it does.
    Command {
        usage: String,
        summary: String,
    },
    Blank,
}

impl HelpLine {
    /// The words a search looks in, lower-cased.
    pub fn search_text(&self) -> String {
        match self {
            HelpLine::Title(t) | HelpLine::Text(t) => t.to_lowercase(),
            HelpLine::Term { term, text } => format!("{term} {text}").to_lowercase(),
            HelpLine::Glyph { suffix, text, .. } => format!("{suffix} {text}").to_lowercase(),
            HelpLine::Command { usage, summary } => format!("{usage} {summary}").to_lowercase(),
            HelpLine::Blank => String::new(),
        }
    }

    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        !q.is_empty() && self.search_text().contains(&q)
    }
}

/// What the help remembers while it is open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelpState {
    /// The first line on screen.
    pub scroll: usize,
    /// The search, as typed after `/`; empty for none.
    pub query: String,
    /// The line of the match `n`/`N` went to last.
    pub at: Option<usize>,
    /// Where the help was opened, to go back to on `esc` or `?`.
    pub over: Option<Mode>,
    /// The scroll when the search line was opened, to come back to on `esc`.
    pub from: usize,
}

/// The catalog key of the stats section's title: `?` over the stats
/// view opens there.
pub const STATS_TITLE: &str = "help-stats-title";

/// The whole help, in order, in the console's language.
pub fn content(app: &App) -> Vec<HelpLine> {
    let lang = app.ui.lang;
    let mut lines = what_you_see(lang);
    lines.push(HelpLine::Blank);
    lines.extend(escalations(lang));
    lines.push(HelpLine::Blank);
    lines.extend(stats_columns(lang));
    lines.push(HelpLine::Blank);
    lines.extend(keys(app));
    lines.push(HelpLine::Title(tr(lang, "help-commands-title")));
    lines.extend(all_commands().into_iter().map(|c| HelpLine::Command {
        usage: format!(":{} {}", c.name, command_usage(lang, &c)),
        summary: command_summary(lang, c.name, c.summary),
    }));
    lines
}

/// A command's usage in `lang`: a verb's placeholders from the catalogs,
/// a console command's (and `:merge`'s) under `usage-` + its name. The
/// words typed (`today`, `pass`) stay as typed.
fn command_usage(lang: Lang, c: &super::command_line::CommandHelp) -> String {
    if lang == Lang::En {
        return c.usage.clone();
    }
    let key = format!("usage-{}", c.name);
    match (tr(lang, &key), crate::model::verbs::Verb::find(c.name)) {
        (text, _) if text != key => text,
        (_, Some(verb)) => crate::present::verbs::usage(lang, verb),
        _ => c.usage.clone(),
    }
}

/// A command's summary in `lang` (`cmd-` + its name in the catalogs);
/// one without words there reads as the table says it.
fn command_summary(lang: Lang, name: &str, fallback: &str) -> String {
    let key = format!("cmd-{name}");
    match tr(lang, &key) {
        text if text == key => fallback.to_owned(),
        text => text,
    }
}

/// Widest text of a term line, and of a text line: the help is read at 80
/// columns, and one help line is one screen row (so search and the end of
/// the help are the same at every width), so long texts are wrapped here.
const TERM_TEXT: usize = 60;
const TEXT: usize = 76;

/// A term whose text may run over: the rest on lines of their own.
fn terms(term: &str, text: &str) -> Vec<HelpLine> {
    wrap(text, TERM_TEXT)
        .into_iter()
        .enumerate()
        .map(|(i, t)| HelpLine::Term {
            term: if i == 0 { term.into() } else { String::new() },
            text: t,
        })
        .collect()
}

fn texts(text: &str) -> Vec<HelpLine> {
    wrap(text, TEXT).into_iter().map(HelpLine::Text).collect()
}

/// Splits at spaces into lines at most `width` wide (a longer word stays
/// whole on its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(last) if last.width() + 1 + word.width() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            // Chinese runs without spaces: break between characters.
            _ if word.width() > width && word.chars().any(is_wide) => {
                lines.extend(split_wide(word, width));
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c).is_some_and(|w| w > 1)
}

/// `word` in pieces at most `width` wide, cut between characters.
fn split_wide(word: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in word.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        used += w;
    }
    out
}

fn what_you_see(lang: Lang) -> Vec<HelpLine> {
    let glyph = |glyph, suffix, key: &str| HelpLine::Glyph {
        glyph,
        suffix,
        text: tr(lang, key),
    };
    let mut lines = vec![HelpLine::Title(tr(lang, "help-see-title"))];
    lines.extend(texts(&tr(lang, "help-see-rows")));
    for (col, key) in [
        (Col::Status, "help-col-s"),
        (Col::Priority, "help-col-p"),
        (Col::Clock, "help-col-clock"),
        (Col::Id, "help-col-id"),
        (Col::Why, "help-col-why"),
        (Col::Title, "help-col-title"),
        (Col::StatusWord, "help-col-status"),
        (Col::District, "help-col-district"),
        (Col::Department, "help-col-department"),
        (Col::Claim, "help-col-claim"),
    ] {
        lines.extend(terms(&col.label(lang), &tr(lang, key)));
    }
    let marks: Vec<String> = super::legend::status_legend()
        .iter()
        .zip(crate::model::Status::ALL)
        .map(|((mark, _), status)| format!("{mark} {}", labels::status(lang, status)))
        .collect();
    lines.extend(texts(&t!(lang, "help-status-marks", marks = marks.join(" · "))));
    lines.extend(texts(&tr(lang, "help-placeholder")));
    lines.extend([
        glyph(Glyph::Mark, "", "help-glyph-mark"),
        glyph(Glyph::Storm, "N", "help-glyph-storm"),
        glyph(Glyph::Dup, "", "help-glyph-dup"),
        glyph(Glyph::Designate, "", "help-glyph-designate"),
        glyph(Glyph::Viewing, "N", "help-glyph-viewing"),
        glyph(Glyph::Live, "", "help-glyph-live"),
        glyph(Glyph::Down, "", "help-glyph-down"),
    ]);
    for (name, text) in [
        ("help-header", "help-header-text"),
        ("help-footer", "help-footer-text"),
        ("help-bottom", "help-bottom-text"),
    ] {
        lines.extend(terms(&tr(lang, name), &tr(lang, text)));
    }
    lines.extend(texts(&tr(lang, "help-pane-titles")));
    lines.extend(texts(&tr(lang, "help-tab-panes")));
    for (pane, key) in [
        (PaneKind::Mine, "help-pane-mine"),
        (PaneKind::Directory, "help-pane-directory"),
        (PaneKind::Log, "help-pane-log"),
        (PaneKind::Map, "help-pane-map"),
    ] {
        lines.extend(terms(&pane.title(lang), &tr(lang, key)));
    }
    lines
}

fn escalations(lang: Lang) -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Title(tr(lang, "help-esc-title"))];
    lines.extend(texts(&tr(lang, "help-esc-intro")));
    // As the WHY HERE column words them (long, then short).
    for (name, text) in [
        ("help-esc-returns", "help-esc-returns-text"),
        ("help-esc-designate", "help-esc-designate-text"),
        ("help-esc-extension", "help-esc-extension-text"),
        ("help-esc-card", "help-esc-card-text"),
        ("help-esc-overdue", "help-esc-overdue-text"),
        ("help-esc-tier", "help-esc-tier-text"),
    ] {
        lines.extend(terms(&tr(lang, name), &tr(lang, text)));
    }
    lines.extend(texts(&tr(lang, "help-esc-detail")));
    lines
}

fn stats_columns(lang: Lang) -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Title(tr(lang, STATS_TITLE))];
    lines.extend(texts(&tr(lang, "help-stats-intro")));
    for c in super::stats::COLUMNS {
        let name = if c.short.is_empty() { c.long } else { c.short };
        let (name, text) = match lang {
            Lang::En if c.long == name => (name.to_owned(), c.meaning.to_owned()),
            Lang::En => (name.to_owned(), format!("{}: {}", c.long, c.meaning)),
            // The heading as the Chinese view shows it, with its full name.
            Lang::ZhCn => {
                let first = name.split_whitespace().next().unwrap_or(name);
                let key = format!("kpi-short-{first}");
                let short = match tr(lang, &key) {
                    text if text == key => c.chinese.to_owned(),
                    text => text,
                };
                (short, c.chinese.to_owned())
            }
        };
        lines.extend(terms(&name, &text));
    }
    lines.extend(texts(&tr(lang, "help-stats-formulas")));
    lines
}

fn keys(app: &App) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for (ctx, title) in [
        (Context::Global, "help-keys-global"),
        (Context::List, "help-keys-list"),
        (Context::Map, "help-keys-map"),
        (Context::Detail, "help-keys-detail"),
        (Context::Help, "help-keys-help"),
        (Context::Input, "help-keys-input"),
        (Context::Confirm, "help-keys-confirm"),
        (Context::Form, "help-keys-form"),
        (Context::Picker, "help-keys-picker"),
    ] {
        lines.push(HelpLine::Title(tr(app.ui.lang, title)));
        for b in app.ui.keymap.bindings(ctx) {
            let keys: Vec<&str> = b.keys.iter().map(Key::as_str).collect();
            lines.extend(terms(&keys.join(" "), b.desc_in(app.ui.lang)));
        }
    }
    lines
}

/// Rows the help shows at once: the body less its border. `page` is half
/// the body (see the terminal loop), so this is close; the view clamps to
/// the exact height.
fn visible(app: &App) -> usize {
    app.ui.page * 2 + 1
}

/// The last scroll `update` allows: the help's end, as near as it knows
/// the height (the view shows the true end from there on).
pub fn last_scroll(app: &App) -> usize {
    content(app).len().saturating_sub(visible(app))
}

/// `?`: shows the help over what is on screen (over the stats, at the stats
/// section), or closes it.
pub fn toggle(app: &mut App) {
    if matches!(app.ui.mode, Mode::Help) {
        close(app);
        return;
    }
    let over = std::mem::replace(&mut app.ui.mode, Mode::Help);
    let scroll = if matches!(over, Mode::Stats { .. }) {
        section(app, &tr(app.ui.lang, STATS_TITLE))
    } else {
        0
    };
    app.ui.help = HelpState {
        scroll: scroll.min(last_scroll(app)),
        over: Some(over),
        ..HelpState::default()
    };
}

/// The line a section starts on.
fn section(app: &App, title: &str) -> usize {
    content(app)
        .iter()
        .position(|l| matches!(l, HelpLine::Title(t) if t == title))
        .unwrap_or(0)
}

/// Back to what the help was opened over.
pub fn close(app: &mut App) {
    app.ui.mode = app.ui.help.over.take().unwrap_or(Mode::Normal);
}

pub fn scroll(app: &mut App, action: &Action) {
    let last = last_scroll(app);
    let page = visible(app).saturating_sub(1).max(1);
    let s = app.ui.help.scroll.min(last);
    app.ui.help.scroll = match action {
        Action::Up => s.saturating_sub(1),
        Action::PageUp => s.saturating_sub(page),
        Action::Top => 0,
        Action::Down => (s + 1).min(last),
        Action::PageDown => (s + page).min(last),
        _ => last,
    };
}

/// `/` in the help: the search line, starting from the last search.
pub fn start_search(app: &mut App) {
    app.ui.help.from = app.ui.help.scroll;
    let line = InputLine::new(InputKind::HelpSearch, &app.ui.help.query);
    app.ui.mode = Mode::Input(line);
}

/// As the search is typed: light up the matches and go to the first one
/// from where the search started.
pub fn typed(app: &mut App, text: &str) {
    app.ui.help.query = text.to_owned();
    app.ui.help.at = None;
    app.ui.help.scroll = app.ui.help.from;
    if !text.trim().is_empty() {
        go(app, true, false);
    }
}

/// `enter`: keep the search and go back to reading.
pub fn submit(app: &mut App, text: String) {
    typed(app, &text);
    app.ui.mode = Mode::Help;
    if !text.trim().is_empty() && app.ui.help.at.is_none() {
        let text = t!(app.ui.lang, "help-no-match", text = text.as_str());
        app.say(Level::Warning, text);
    }
}

/// `esc`: drop the search, back where it started.
pub fn cancel_search(app: &mut App) {
    app.ui.help.query.clear();
    app.ui.help.at = None;
    app.ui.help.scroll = app.ui.help.from;
    app.ui.mode = Mode::Help;
}

/// `n` / `N`: the next or previous matching line, wrapping around.
pub fn next_match(app: &mut App, forward: bool) {
    if app.ui.help.query.trim().is_empty() {
        let text = t!(app.ui.lang, "help-nothing-to-find");
        app.say(Level::Info, text);
        return;
    }
    go(app, forward, true);
    match app.ui.help.at {
        None => {
            let text = t!(app.ui.lang, "help-no-match", text = app.ui.help.query.as_str());
            app.say(Level::Warning, text);
        }
        Some(at) => {
            let lines = content(app);
            let hits: Vec<usize> = matching(&lines, &app.ui.help.query);
            let n = hits.iter().position(|h| *h == at).map_or(0, |i| i + 1);
            let text = t!(app.ui.lang, "help-match", n = n, of = hits.len());
            app.say(Level::Info, text);
        }
    }
}

fn matching(lines: &[HelpLine], query: &str) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.matches(query))
        .map(|(i, _)| i)
        .collect()
}

/// Moves to a match: from the current match (`step`) or from the top line
/// on screen, forward or back, wrapping; the match's line comes to the top
/// (or as near as the end allows).
fn go(app: &mut App, forward: bool, step: bool) {
    let lines = content(app);
    let hits = matching(&lines, &app.ui.help.query);
    let (Some(first), Some(last)) = (hits.first(), hits.last()) else {
        app.ui.help.at = None;
        return;
    };
    let from = match app.ui.help.at {
        Some(at) if step => at,
        _ => app.ui.help.scroll,
    };
    let found = if forward {
        let after = |h: &&usize| if step { **h > from } else { **h >= from };
        hits.iter().find(after).unwrap_or(first)
    } else {
        hits.iter().rev().find(|h| **h < from).unwrap_or(last)
    };
    app.ui.help.at = Some(*found);
    let end = lines.len().saturating_sub(visible(app));
    app.ui.help.scroll = (*found).min(end);
}
