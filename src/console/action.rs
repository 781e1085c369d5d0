//! What a key means. Keymap files name console actions in snake_case
//! (`next_pane`, `zoom`) or a server verb with the words it supplies
//! (`accept`, `verify pass`, `priority P1`); a verb whose words are not
//! complete opens the `:` line with them typed, and a leading `:` always
//! does (`:verify fail` to type the note). An unknown name in a keymap is a
//! load error with its file and line.

use crate::model::ActionName;
use crate::model::verbs::{Verb, WordsError, parse_words};
use std::fmt;

/// A console action: the console's own verbs, or one that carries a server
/// verb.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the console.
    Quit,
    /// Show or hide the key help.
    Help,
    /// Close the overlay, detail or input; clear a pending key sequence.
    Cancel,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    /// Show the focused pane full screen, or back.
    Zoom,
    /// Open the selected item's detail.
    Open,
    /// Type a filter over every visible field.
    Filter,
    /// Clear the filter and quick filters.
    ClearFilter,
    /// Open the `:` command line.
    Command,
    /// Mark or unmark the selected row for a bulk action.
    ToggleMark,
    /// Unmark everything.
    ClearMarks,
    /// Write a longer note in `$EDITOR`.
    NoteEditor,
    /// Merge the selected item into its first suggested duplicate: the
    /// caller is added to that item (合并, additional caller).
    MergeDuplicate,
    /// Raise an incident from the selected alert or ticket (same place).
    Raise,
    /// Show or hide the statistics (KPI) view.
    Stats,
    /// Show or hide the alerts grouped under a storm parent.
    ToggleChildren,
    /// Quick filter by the selected row's district.
    FilterDistrict,
    /// Quick filter by the selected row's category.
    FilterCategory,
    /// Quick filter by the selected row's priority.
    FilterPriority,
    /// Quick filter by the selected row's status.
    FilterStatus,
    // Input line editing (command and filter contexts).
    Submit,
    Complete,
    HistoryPrev,
    HistoryNext,
    DeleteBack,
    /// Answer yes to a confirmation.
    Confirm,
    /// Open the intake form for a new ticket (a new call).
    NewCall,
    /// Show the knowledge base (直接答复 answers), or back.
    Knowledge,
    /// In the form: the next field, the previous one.
    NextField,
    PrevField,
    /// In the form: send it (or queue it while offline).
    SaveForm,
    /// In the form: a new line in the description, the next field elsewhere.
    FormEnter,
    /// Leave the form open beside the queues and work them (`i` comes back).
    LeaveForm,
    /// In the form: take the n-th suggestion (1–3): a place completion in
    /// the place field, a category elsewhere.
    TakeSuggestion(u8),
    /// In the form: the caller already has an open item of this category:
    /// log the call and add it there as an additional caller (合并).
    AddToOpen,
    /// In the form: answer the call from the best knowledge entry (直接答复):
    /// the ticket is logged and closed as answered, the entry recorded.
    AnswerFromKnowledge,
    /// In the help: the next and the previous line matching the search.
    NextMatch,
    PrevMatch,
    /// Show the city map, or go back to the queues.
    ShowMap,
    /// On the map: move the cursor one cell.
    MapLeft,
    MapRight,
    MapUp,
    MapDown,
    /// On the map: zoom in or out around the cursor, or fit the city.
    MapZoomIn,
    MapZoomOut,
    MapFit,
    /// On the map: put the cursor on the next (previous) mark, most urgent
    /// first: red clocks, then the most items.
    MapNextMark,
    MapPrevMark,
    /// On the map: the next (previous) item in the list beside it.
    MapPickNext,
    MapPickPrev,
    /// On the map: show reports of the last hours per area, or the items.
    MapHeat,
    /// A server verb on the selected or marked items.
    Verb(VerbKey),
}

/// A server verb bound to a key, with the words the key supplies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerbKey {
    pub verb: ActionName,
    /// Parameters the key supplies (`pass`, `P1`); may be empty.
    pub words: String,
    /// Open the `:` line even when the words are complete.
    pub ask: bool,
}

impl VerbKey {
    pub fn new(verb: ActionName, words: &str) -> VerbKey {
        VerbKey {
            verb,
            words: words.trim().to_owned(),
            ask: false,
        }
    }

    pub fn spec(&self) -> &'static Verb {
        Verb::of(self.verb)
    }

    /// The command line this key stands for (`verify pass`).
    pub fn line(&self) -> String {
        let command = self.spec().command;
        if self.words.is_empty() {
            command.to_owned()
        } else {
            format!("{command} {}", self.words)
        }
    }

    /// The text the `:` line opens with when the key asks for more, or
    /// `None` when the key acts at once.
    pub fn prefill(&self) -> Option<String> {
        let asks = self.ask
            || parse_words(self.spec(), &self.words)
                .as_ref()
                .is_err_and(WordsError::is_missing);
        asks.then(|| format!("{} ", self.line()))
    }
}

/// The console's own actions by the names keymap files use.
pub const UI: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::Help),
    ("cancel", Action::Cancel),
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("next_pane", Action::NextPane),
    ("prev_pane", Action::PrevPane),
    ("zoom", Action::Zoom),
    ("open", Action::Open),
    ("filter", Action::Filter),
    ("clear_filter", Action::ClearFilter),
    ("command", Action::Command),
    ("toggle_mark", Action::ToggleMark),
    ("clear_marks", Action::ClearMarks),
    ("note_editor", Action::NoteEditor),
    ("merge_duplicate", Action::MergeDuplicate),
    ("raise", Action::Raise),
    ("stats", Action::Stats),
    ("toggle_children", Action::ToggleChildren),
    ("filter_district", Action::FilterDistrict),
    ("filter_category", Action::FilterCategory),
    ("filter_priority", Action::FilterPriority),
    ("filter_status", Action::FilterStatus),
    ("submit", Action::Submit),
    ("complete", Action::Complete),
    ("history_prev", Action::HistoryPrev),
    ("history_next", Action::HistoryNext),
    ("delete_back", Action::DeleteBack),
    ("confirm", Action::Confirm),
    ("new_call", Action::NewCall),
    ("knowledge", Action::Knowledge),
    ("next_field", Action::NextField),
    ("prev_field", Action::PrevField),
    ("save_form", Action::SaveForm),
    ("form_enter", Action::FormEnter),
    ("leave_form", Action::LeaveForm),
    ("answer_from_knowledge", Action::AnswerFromKnowledge),
    ("add_to_open", Action::AddToOpen),
    ("take_suggestion_1", Action::TakeSuggestion(1)),
    ("take_suggestion_2", Action::TakeSuggestion(2)),
    ("take_suggestion_3", Action::TakeSuggestion(3)),
    ("next_match", Action::NextMatch),
    ("prev_match", Action::PrevMatch),
    ("map", Action::ShowMap),
    ("map_left", Action::MapLeft),
    ("map_right", Action::MapRight),
    ("map_up", Action::MapUp),
    ("map_down", Action::MapDown),
    ("map_zoom_in", Action::MapZoomIn),
    ("map_zoom_out", Action::MapZoomOut),
    ("map_fit", Action::MapFit),
    ("map_next_mark", Action::MapNextMark),
    ("map_prev_mark", Action::MapPrevMark),
    ("map_pick_next", Action::MapPickNext),
    ("map_pick_prev", Action::MapPickPrev),
    ("map_heat", Action::MapHeat),
];

/// Names older keymaps used for a verb with its words.
const RENAMED: &[(&str, &str)] = &[("verify_pass", "verify pass"), ("verify_fail", ":verify fail")];

impl Action {
    /// Reads a keymap's `run` value.
    pub fn parse(run: &str) -> Result<Action, String> {
        let run = RENAMED
            .iter()
            .find(|(old, _)| *old == run.trim())
            .map_or(run.trim(), |(_, new)| new);
        if let Some((_, ui)) = UI.iter().find(|(name, _)| *name == run) {
            return Ok(ui.clone());
        }
        let (ask, line) = match run.strip_prefix(':') {
            Some(line) => (true, line.trim()),
            None => (false, run),
        };
        let (word, words) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let verb = Verb::find(word)
            .ok_or_else(|| format!("unknown action {run:?} (see `?` in the console for the list)"))?;
        match parse_words(verb, words) {
            Err(why) if !why.is_missing() => Err(format!("{run:?}: {why}")),
            _ => Ok(Action::Verb(VerbKey {
                verb: verb.name,
                words: words.trim().to_owned(),
                ask,
            })),
        }
    }

    /// A verb key, for hints: `Action::verb(ActionName::Verify, "pass")`.
    pub fn verb(verb: ActionName, words: &str) -> Action {
        Action::Verb(VerbKey::new(verb, words))
    }
}

impl fmt::Display for Action {
    /// The keymap's spelling of this action.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Verb(k) if k.ask => write!(f, ":{}", k.line()),
            Action::Verb(k) => f.write_str(&k.line()),
            ui => {
                let name = UI.iter().find(|(_, a)| a == ui).map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_names_read_as_console_actions_or_verbs() {
        assert_eq!(Action::parse("next_pane"), Ok(Action::NextPane));
        assert_eq!(Action::parse("accept"), Ok(Action::verb(ActionName::Accept, "")));
        assert_eq!(Action::parse("set_priority"), Action::parse("priority"));
        assert_eq!(
            Action::parse("verify_pass"),
            Ok(Action::verb(ActionName::Verify, "pass"))
        );
        let fail = Action::parse("verify_fail").expect("renamed");
        assert_eq!(fail.to_string(), ":verify fail");
        assert!(Action::parse("acept").is_err());
        assert!(Action::parse("supervise purple").is_err());
    }

    #[test]
    fn a_key_acts_at_once_only_when_its_words_complete_the_verb() {
        let prefill = |run: &str| match Action::parse(run) {
            Ok(Action::Verb(k)) => k.prefill(),
            other => panic!("{run}: {other:?}"),
        };
        assert_eq!(prefill("accept"), None);
        assert_eq!(prefill("escalate").as_deref(), Some("escalate "), "asks why");
        assert_eq!(prefill("verify pass"), None);
        assert_eq!(prefill("priority P1"), None);
        assert_eq!(prefill("dispatch").as_deref(), Some("dispatch "));
        assert_eq!(prefill("set_priority").as_deref(), Some("priority "));
        assert_eq!(prefill(":verify fail").as_deref(), Some("verify fail "));
        assert_eq!(prefill("request_extension").as_deref(), Some("extend "));
    }
}
