//! One specification per server verb: its wire name and `:` spelling, its
//! parameters and their kinds, the roles and states that allow it, and
//! whether the console asks before sending it.
//!
//! Everything else is derived from this table: the permission table
//! (`permissions.rs`), the state table (`lifecycle.rs`), the console's `:`
//! parser, completion, prefill, confirmation, help and footer hints. Adding
//! a verb is a row here (and its `Action` variant, whose fields are the
//! parameters' wire names), plus a keymap line.

mod table;
mod words;

pub use table::VERBS;
pub use words::{BadWord, WordsError, parse_words};

use super::action::ActionName;
use super::ids::Kind;
use super::role::Role;
use super::status::Status;

/// What a parameter holds, which says how it is typed, checked, completed
/// and shown in usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A department code or name (`water`, 供水公司); the server resolves it.
    Department,
    /// Another item's id (`TKT-0981`).
    Item,
    /// Another item's id or an emergency number.
    LinkTarget,
    /// 110, 119, 120 or 122.
    Emergency,
    Priority,
    Supervision,
    Satisfaction,
    /// `pass` or `fail`, sent as a boolean.
    PassFail,
    /// A word that is there or not (`attributable`), sent as a boolean.
    Flag,
    /// A stage limit in the policy's notation (`2wd`, `4h`).
    Limit,
    /// Free text to the end of the line.
    Text,
}

impl ParamKind {
    /// The closed set of words this kind takes, for completion and usage.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            ParamKind::Emergency => &EMERGENCY,
            ParamKind::Priority => &["P1", "P2", "P3", "P4"],
            ParamKind::Supervision => &["none", "normal", "yellow", "red"],
            ParamKind::Satisfaction => &["satisfied", "basic", "unsatisfied"],
            ParamKind::PassFail => &["pass", "fail"],
            _ => &[],
        }
    }
}

/// The emergency services' numbers, as typed and as sent.
pub const EMERGENCY: [&str; 4] = ["110", "119", "120", "122"];

/// One parameter of a verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The field's name on the wire (`department`, `reason`).
    pub name: &'static str,
    pub kind: ParamKind,
    pub required: bool,
    /// How usage and errors speak of it (`a reason`, `text`).
    pub label: &'static str,
}

/// The states a verb may act in, whoever asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    In(&'static [Status]),
    /// Any open state.
    Open,
    /// Any state at all, closed ones too.
    Always,
}

/// Whether the console asks before sending: for verbs that close an item or
/// fold it away. `{ids}` and `{into}` are filled in by the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Never,
    Always(&'static str),
    /// Only when the verb's pass/fail parameter says pass (a verification
    /// that closes the item).
    WhenPassed(&'static str),
    /// Only when it goes to more than one item at once (a bulk action
    /// whose reach is the whole city: escalation).
    WhenMany(&'static str),
}

/// The specification of one server verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    pub name: ActionName,
    /// How the `:` line spells it; the wire name is `name.as_str()`.
    pub command: &'static str,
    /// Other spellings the `:` line and keymaps accept.
    pub aliases: &'static [&'static str],
    /// One line for help.
    pub summary: &'static str,
    pub params: &'static [Param],
    pub roles: &'static [Role],
    pub when: When,
    /// The kinds of item it applies to; empty means every kind.
    pub kinds: &'static [Kind],
    pub confirm: Confirm,
}

impl Verb {
    /// The specification of `name`. Every `ActionName` has one row (a test
    /// proves it), so the fallback is never reached.
    pub fn of(name: ActionName) -> &'static Verb {
        VERBS.iter().find(|v| v.name == name).unwrap_or(&VERBS[0])
    }

    /// The verb a word names: its `:` spelling, wire name or an alias.
    pub fn find(word: &str) -> Option<&'static Verb> {
        VERBS
            .iter()
            .find(|v| v.command == word || v.name.as_str() == word || v.aliases.contains(&word))
    }

    pub fn permits(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn applies_to(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// Does an item of `kind` in `status` allow this verb, whoever asks?
    pub fn allows(&self, kind: Kind, status: Status) -> bool {
        let state = match self.when {
            When::In(list) => list.contains(&status),
            When::Open => status.is_open(),
            When::Always => true,
        };
        state && self.applies_to(kind)
    }

    /// `<department>`, `pass|fail [note]`: what follows the verb.
    pub fn usage(&self) -> String {
        let words: Vec<String> = self.params.iter().map(usage_of).collect();
        words.join(" ")
    }
}

fn usage_of(p: &Param) -> String {
    let shown = match p.kind {
        ParamKind::Flag => p.name.to_owned(),
        ParamKind::LinkTarget => format!("<{}>|{}", p.label, EMERGENCY.join("|")),
        k if !k.choices().is_empty() => k.choices().join("|"),
        _ => format!("<{}>", p.label),
    };
    match (p.required, p.kind) {
        (true, _) => shown,
        (false, ParamKind::Flag) => format!("[{shown}]"),
        (false, _) => format!("[{}]", shown.trim_start_matches('<').trim_end_matches('>')),
    }
}

#[cfg(test)]
mod tests;
