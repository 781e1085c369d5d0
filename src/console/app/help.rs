//! The `?` help as lines of data: what the screen shows, why an item is in
//! Escalations, what the stats columns mean, then every key and command.
//! The view draws these lines one to a screen row, and scrolling and `/`
//! search work on the same lines, so the help stops at its end and `n`
//! lands on the line the view lights up.

use super::command_line::all_commands;
use super::{App, InputKind, InputLine, Level, Mode};
use crate::console::action::Action;
use crate::console::keymap::{Context, Key};

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
        text: &'static str,
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

/// The title of the stats section: `?` over the stats view opens there.
pub const STATS_TITLE: &str = "What the stats columns mean";
const ESCALATIONS_TITLE: &str = "Why is an item in Escalations";

/// The whole help, in order.
pub fn content(app: &App) -> Vec<HelpLine> {
    let mut lines = what_you_see();
    lines.push(HelpLine::Blank);
    lines.extend(escalations());
    lines.push(HelpLine::Blank);
    lines.extend(stats_columns());
    lines.push(HelpLine::Blank);
    lines.extend(keys(app));
    lines.push(HelpLine::Title(
        "Commands (type : then the verb; Tab completes)".into(),
    ));
    lines.extend(all_commands().into_iter().map(|c| HelpLine::Command {
        usage: format!(":{} {}", c.name, c.usage),
        summary: c.summary.to_owned(),
    }));
    lines
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
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn what_you_see() -> Vec<HelpLine> {
    let glyph = |glyph, suffix, text| HelpLine::Glyph { glyph, suffix, text };
    let mut lines = vec![HelpLine::Title("What you see".into())];
    lines.extend(texts(
        "Each row is one item, columns left to right (narrow panes drop those on the right):",
    ));
    for (name, text) in [
        ("S", "status mark, one letter in the status's colour (below)"),
        ("P", "priority, P1 most urgent to P4"),
        (
            "CLOCK",
            "time left in the stage; green in time, yellow near due, red late (+ is time past due); paused when parked",
        ),
        ("ID", "INC- incident, ALR- grid alert, TKT- hotline 12345 ticket"),
        (
            "WHY HERE",
            "in the supervisors' pane: why the item needs one (below), most pressing first; +N more when narrow",
        ),
        ("TITLE", "what happened, after the flags below"),
        ("STATUS", "the status in words, on wide panes with room to spare"),
        ("DISTRICT", "the district of the place"),
        (
            "DEPARTMENT",
            "the department (or community) it is dispatched to, by name",
        ),
        ("CLAIM", "@who has claimed it, until the claim runs out"),
    ] {
        lines.extend(terms(name, text));
    }
    let marks: Vec<String> = super::legend::status_legend()
        .iter()
        .map(|(mark, meaning)| format!("{mark} {}", short(meaning)))
        .collect();
    lines.extend(texts(&format!("Status marks: {}.", marks.join(" · "))));
    lines.extend(texts(
        "A placeholder ✕ stands where the selected item left its pane (closed, moved by someone else): nothing is selected until you move with j/k, so no key acts on a row you did not look at; enter shows what became of it.",
    ));
    lines.extend([
        glyph(
            Glyph::Mark,
            "",
            "marked for a bulk action (space marks, M unmarks)",
        ),
        glyph(
            Glyph::Storm,
            "N",
            "a storm: N grid alerts folded under it (f g shows them)",
        ),
        glyph(
            Glyph::Dup,
            "",
            "a suggested duplicate is still open (D merges into it)",
        ),
        glyph(Glyph::Designate, "", "a supervisor must designate the handler"),
        glyph(Glyph::Viewing, "N", "N other people have the item open now"),
        glyph(
            Glyph::Live,
            "",
            "live: events arrive as they happen (number: the last)",
        ),
        glyph(
            Glyph::Down,
            "",
            "not connected: panes say stale until the link is back",
        ),
    ]);
    for (name, text) in [
        (
            "header",
            "who you are, the connection and the server it is on, filters by name (status:new /text), how many rows are marked, the time",
        ),
        (
            "footer",
            "the keys for what is selected; dimmed: not allowed for it now",
        ),
        (
            "bottom line",
            "what just happened: information fades after 5 s, a warning or error stays until the next key",
        ),
    ] {
        lines.extend(terms(name, text));
    }
    lines.extend(texts(
        "Pane titles count rows and red clocks; a row that just changed flashes.",
    ));
    lines.extend(texts(
        "Panes reached only with tab (z shows the focused pane full screen):",
    ));
    lines.extend(terms("My work", "the items you have claimed"));
    lines.extend(terms(
        "Directory",
        "departments, busiest first; enter shows a department's items",
    ));
    lines.extend(terms(
        "Event log",
        "every change as it arrives; enter opens its item",
    ));
    lines.extend(terms(
        "City map",
        "W: districts with open/red counts, items where they are (◆ incident ▲ alert ● ticket, a number for several), coloured by clock; ] the most urgent mark, enter its item, H the heat of the last 6 hours",
    ));
    lines
}

/// A meaning up to its first colon or comma: "new", "accepted".
fn short(meaning: &str) -> &str {
    meaning.split([':', ',', '(']).next().unwrap_or(meaning).trim()
}

fn escalations() -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Title(ESCALATIONS_TITLE.into())];
    lines.extend(texts(
        "What needs a supervisor, from every queue: an item is there while any of these holds.",
    ));
    // As the WHY HERE column words them (long, then short).
    for (name, text) in [
        (
            "3 returns",
            "returned (退单) three times: a supervisor designates the handler",
        ),
        ("designate", "a supervisor must designate the handler"),
        (
            "extension",
            "a request for more time waits for an answer (A approves, x denies)",
        ),
        (
            "red/yellow card",
            "a supervision card (督办, S); supervised: a normal card",
        ),
        ("overdue", "its stage's clock is red: past due"),
        (
            "… tier, raised",
            "escalated above grid level (e raises it one tier, with a reason)",
        ),
    ] {
        lines.extend(terms(name, text));
    }
    lines.extend(texts(
        "The detail (enter) shows its tier, card and clock; its history says who raised it and why.",
    ));
    lines
}

fn stats_columns() -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Title(STATS_TITLE.into())];
    lines.extend(texts(
        "K opens the stats. open and late count what is open now; rates and times are over the items reported in the window (today or week), parked items left out. - means nothing to count yet.",
    ));
    for c in super::stats::COLUMNS {
        let name = if c.short.is_empty() { c.long } else { c.short };
        let long = if c.long == name {
            String::new()
        } else {
            format!("{} ", c.long)
        };
        lines.extend(terms(name, &format!("{long}{}: {}", c.chinese, c.meaning)));
    }
    lines.extend(texts("The formulas are in docs/kpi.md."));
    lines
}

fn keys(app: &App) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for (ctx, title) in [
        (Context::Global, "Keys everywhere"),
        (Context::List, "In a list"),
        (
            Context::Map,
            "On the city map (the list's keys apply too: enter, /, f d, space)",
        ),
        (Context::Detail, "In the detail and the stats"),
        (Context::Help, "In this help"),
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
        lines.push(HelpLine::Title(title.into()));
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
        section(app, STATS_TITLE)
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
        app.say(Level::Warning, format!("no line of the help matches {text:?}"));
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
        app.say(Level::Info, "nothing to find: / searches the help");
        return;
    }
    go(app, forward, true);
    match app.ui.help.at {
        None => app.say(Level::Warning, format!("no line matches {:?}", app.ui.help.query)),
        Some(at) => {
            let lines = content(app);
            let hits: Vec<usize> = matching(&lines, &app.ui.help.query);
            let n = hits.iter().position(|h| *h == at).map_or(0, |i| i + 1);
            app.say(Level::Info, format!("match {n} of {}", hits.len()));
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
