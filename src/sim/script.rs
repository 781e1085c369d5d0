//! What the simulator plans to send: one script per report, with the
//! report itself and the steps its item will go through. Scripts are plain
//! data, made by the generator from a seed and sent by the runner, so the
//! plan can be compared and tested without a server.

use crate::model::{Action, ActionName, CreateItem};

/// One report and what happens to its item afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// Position in the generated sequence, from 0.
    pub ordinal: u64,
    /// When to send the report, in milliseconds after the simulation starts.
    pub at_ms: u64,
    pub create: CreateItem,
    /// Who reports it, for the report's wording and the summary.
    pub source: Source,
    pub steps: Vec<Step>,
}

/// Where a report comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// A 12345 caller, logged by a call-taker.
    Caller,
    /// Another caller about something already reported minutes ago.
    DuplicateCaller,
    /// A grid worker's report from the field.
    GridWorker,
    /// An IoT sensor (manhole cover, water level, gas).
    Sensor,
    /// The same sensor firing again.
    SensorRepeat,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Caller => "caller",
            Source::DuplicateCaller => "duplicate caller",
            Source::GridWorker => "grid worker",
            Source::Sensor => "sensor",
            Source::SensorRepeat => "sensor repeat",
        }
    }
}

/// One step of an item's life, some time after the previous one.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Milliseconds after the previous step (or the report).
    pub after_ms: u64,
    pub act: Act,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// An action on the script's own item.
    Do(Action),
    /// Merge the item into the item of an earlier script (a duplicate
    /// call): the server id is only known once that script has run.
    MergeInto(u64),
    /// Dispatch to the category's department, unless the server's routes
    /// already dispatched the item (自动派件) — then the dispatcher has
    /// nothing to do.
    Route(String),
}

impl Act {
    pub fn name(&self) -> ActionName {
        match self {
            Act::Do(action) => action.name(),
            Act::MergeInto(_) => ActionName::Merge,
            Act::Route(_) => ActionName::Dispatch,
        }
    }
}
