//! What a key means: the vocabulary keymap files use (snake_case names).
//! An unknown name in a keymap is a load error with its file and line.

use serde::{Deserialize, Serialize};

/// A console action. Item verbs without parameters act at once; those with
/// parameters open the command line with the verb typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    Accept,
    Reject,
    Dispatch,
    Sign,
    Return,
    Resolve,
    VerifyPass,
    VerifyFail,
    Reopen,
    Escalate,
    Supervise,
    SetPriority,
    Park,
    Resume,
    Claim,
    Release,
    Merge,
    Link,
    Note,
    /// Write a longer note in `$EDITOR`.
    NoteEditor,
    Answer,
    Transfer,
    Clear,
    /// Merge the selected item into its first suggested duplicate: the
    /// caller is added to that item (合并, additional caller).
    MergeDuplicate,
    /// Raise an incident from the selected alert or ticket (same place).
    Raise,
    /// 延期申请: ask for more time on the running stage.
    RequestExtension,
    /// Grant the pending extension.
    ApproveExtension,
    /// Refuse the pending extension, with a reason.
    DenyExtension,
    /// 回访: record what the caller said about a resolved ticket.
    Callback,
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
}

impl Action {
    /// Every action, for help and tests.
    pub const ALL: &[Action] = &[
        Action::Quit,
        Action::Help,
        Action::Cancel,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::NextPane,
        Action::PrevPane,
        Action::Zoom,
        Action::Open,
        Action::Filter,
        Action::ClearFilter,
        Action::Command,
        Action::ToggleMark,
        Action::ClearMarks,
        Action::Accept,
        Action::Reject,
        Action::Dispatch,
        Action::Sign,
        Action::Return,
        Action::Resolve,
        Action::VerifyPass,
        Action::VerifyFail,
        Action::Reopen,
        Action::Escalate,
        Action::Supervise,
        Action::SetPriority,
        Action::Park,
        Action::Resume,
        Action::Claim,
        Action::Release,
        Action::Merge,
        Action::Link,
        Action::Note,
        Action::NoteEditor,
        Action::Answer,
        Action::Transfer,
        Action::Clear,
        Action::MergeDuplicate,
        Action::Raise,
        Action::RequestExtension,
        Action::ApproveExtension,
        Action::DenyExtension,
        Action::Callback,
        Action::Stats,
        Action::ToggleChildren,
        Action::FilterDistrict,
        Action::FilterCategory,
        Action::FilterPriority,
        Action::FilterStatus,
        Action::Submit,
        Action::Complete,
        Action::HistoryPrev,
        Action::HistoryNext,
        Action::DeleteBack,
        Action::Confirm,
    ];

    /// The `:` verb an item action types into the command line, when it
    /// needs parameters (`dispatch ` then a department).
    pub fn verb_prefill(self) -> Option<&'static str> {
        Some(match self {
            Action::Reject => "reject ",
            Action::Dispatch => "dispatch ",
            Action::Return => "return ",
            Action::Resolve => "resolve ",
            Action::VerifyFail => "verify fail ",
            Action::Reopen => "reopen ",
            Action::Supervise => "supervise ",
            Action::SetPriority => "priority ",
            Action::Park => "park ",
            Action::Merge => "merge ",
            Action::Link => "link ",
            Action::Note => "note ",
            Action::Answer => "answer ",
            Action::Transfer => "transfer ",
            Action::Raise => "raise ",
            Action::RequestExtension => "extend ",
            Action::DenyExtension => "deny-extension ",
            Action::Callback => "callback ",
            _ => return None,
        })
    }
}
