//! One event as one aligned text line: time, seq, item, event, who, and a
//! short summary. The words come from [`crate::present`], as in the
//! console; what is `tail`'s own is the column layout, the item titles it
//! remembers, and colour, added last.

use crate::model::{Event, EventBody, ItemId};
use crate::present::i18n::Lang;
use crate::present::{Departments, clock, cut, event_name, event_text, fit, one_line, pad};
use std::collections::HashMap;

/// Widest summary, in terminal columns; free text (reasons, notes) is cut.
const SUMMARY_COLS: usize = 72;
/// Titles kept for items seen; beyond this the oldest knowledge is dropped
/// wholesale (a tail runs for days).
const MAX_TITLES: usize = 200_000;

/// What the lines need to know beyond one event: item titles (events
/// after `created` do not repeat them) and department names.
#[derive(Debug, Default)]
pub struct Names {
    titles: HashMap<ItemId, String>,
    departments: Departments,
    /// The language of the words (never of ids, seqs or titles).
    lang: Lang,
}

impl Names {
    pub fn new(departments: impl IntoIterator<Item = (String, String)>) -> Self {
        Names {
            titles: HashMap::new(),
            departments: Departments::new(departments),
            lang: Lang::En,
        }
    }

    /// The same names, for lines in `lang`.
    pub fn in_lang(self, lang: Lang) -> Self {
        Names { lang, ..self }
    }

    pub fn remember(&mut self, id: ItemId, title: String) {
        if self.titles.len() >= MAX_TITLES {
            self.titles.clear();
        }
        self.titles.insert(id, title);
    }

    /// Learns from an event (a new item's title).
    pub fn observe(&mut self, event: &Event) {
        if let EventBody::Created(c) = &event.body {
            self.remember(event.item_id.clone(), c.title.clone());
        }
    }
}

/// The summary: what happened, then the item's title, on one line. A
/// created event of an item a standard brought starts with the source's
/// mark (`[am] alert …`); it goes here rather than in the id column, which
/// stays padded and unmarked because scripts split on it.
pub fn summary(event: &Event, names: &Names) -> String {
    let mut what = event_text(&event.body, &names.departments, names.lang);
    if let EventBody::Created(c) = &event.body
        && let Some(origin) = &c.origin
    {
        what = format!("[{}] {what}", origin.source.mark());
    }
    let title = match &event.body {
        EventBody::Created(c) => Some(&c.title),
        _ => names.titles.get(&event.item_id),
    };
    let text = match (what.is_empty(), title) {
        (_, None) => what,
        (true, Some(t)) => t.clone(),
        (false, Some(t)) => format!("{what} · {t}"),
    };
    cut(&one_line(&text), SUMMARY_COLS)
}

/// The whole line; `colour` adds ANSI styles by event.
pub fn text_line(event: &Event, names: &Names, colour: bool) -> String {
    let actor = event.actor.strip_prefix("op:").unwrap_or(&event.actor);
    // English keeps the wire name (`priority_set`, one word for scripts);
    // Chinese names the event in words (still one word: no spaces).
    let name = match names.lang {
        Lang::En => event.body.type_name().to_owned(),
        lang => event_name(lang, event.body.type_name()),
    };
    // Ids and event names are padded by display width, never cut: scripts
    // split on them, and the columns after them line up in both languages.
    let cols = [
        clock(event.at),
        format!("{:>7}", event.seq),
        pad(event.item_id.as_str(), 9),
        pad(&name, 12),
        fit(&one_line(actor), 14),
    ];
    let summary = summary(event, names);
    if !colour {
        return format!("{}  {summary}", cols.join("  ")).trim_end().to_owned();
    }
    let style = super::style::of(event);
    format!(
        "{DIM}{}  {}{RESET}  {}  {style}{}{RESET}  {DIM}{}{RESET}  {summary}",
        cols[0], cols[1], cols[2], cols[3], cols[4]
    )
    .trim_end()
    .to_owned()
}

const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";
