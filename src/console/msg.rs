//! What `update` consumes (`Msg`) and the I/O it asks for (`Effect`).

use super::keymap::Key;
use crate::api::{ActionRequest, ItemDetail, Me};
use crate::client::live::LiveUpdate;
use crate::model::{CreateItem, Item, ItemId, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(Key),
    /// Ctrl-C: leave at once.
    Interrupt,
    /// The terminal changed size: draw again.
    Resize,
    /// A second passed; clocks move.
    Tick(Timestamp),
    Live(LiveUpdate),
    /// The answer to one `Effect::Act`.
    Acted {
        id: ItemId,
        label: String,
        result: Result<Box<Item>, ActFailure>,
    },
    /// The answer to one `Effect::Create`: the new item, or why not.
    Created {
        label: String,
        result: Result<Box<Item>, ActFailure>,
    },
    Detail(Result<Box<ItemDetail>, String>),
    /// The answer to `Effect::FetchRaw`.
    Raw {
        id: ItemId,
        result: Result<Box<crate::client::RawDocument>, String>,
    },
    Refreshed(Box<Item>),
    Me(Result<Box<Me>, String>),
    Directory(Result<Box<crate::api::Directory>, String>),
    /// The answer to `Effect::FetchReports`.
    Reports(Result<Vec<crate::api::ClosedReport>, String>),
    /// The answer to `Effect::FetchStats` for this window.
    Stats {
        window: String,
        result: Result<Box<crate::api::Stats>, String>,
    },
    /// Knowledge entries matching a search.
    Knowledge {
        query: String,
        result: Result<Box<crate::api::SuggestResponse>, String>,
    },
    /// A caller's earlier items, for the phone number asked about.
    History {
        phone: String,
        result: Result<Box<crate::api::CallerHistory>, String>,
    },
    /// Suggestions for the description `text` as it was when asked.
    Suggested {
        text: String,
        result: Result<Box<crate::api::SuggestResponse>, String>,
    },
    /// `$EDITOR` closed; `None` when the note was left empty.
    NoteWritten {
        id: ItemId,
        version: u64,
        text: Option<String>,
    },
}

/// Why the server refused an action, as the console shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActFailure {
    pub code: Option<String>,
    pub message: String,
    /// For conflicts: the item as it is now.
    pub current: Option<Box<Item>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Act {
        id: ItemId,
        request: ActionRequest,
        label: String,
    },
    /// Report a new item (an incident raised from an alert or ticket).
    Create {
        request: Box<CreateItem>,
        label: String,
    },
    FetchDetail(ItemId),
    /// The document a standard sent about an item (`:raw`).
    FetchRaw(ItemId),
    FetchItem(ItemId),
    FetchDirectory,
    /// The closed reports of the heat window's last `hours`.
    FetchReports(u32),
    /// The KPIs for a window (`today`, `week`).
    FetchStats(String),
    /// Tell the server we are viewing this item.
    Presence(ItemId),
    EditNote {
        id: ItemId,
        version: u64,
    },
    /// Categories and knowledge entries for a description being typed.
    Suggest(String),
    /// A caller's history, by their normalised phone number.
    FetchHistory(String),
    /// Search the knowledge base.
    SearchKnowledge(String),
    /// Keep the call being logged for the next start (the console quits).
    KeepDraft(Box<crate::console::app::intake::IntakeForm>),
    Quit,
}
