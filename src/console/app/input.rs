//! The one-line input used by `/` filters and `:` commands.

/// What the line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Filter,
    Command,
    /// A search of the knowledge base.
    Knowledge,
    /// A search of the `?` help.
    HelpSearch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputLine {
    pub kind: InputKind,
    pub text: String,
    /// Position in the command history while browsing it.
    pub history_pos: Option<usize>,
    /// Candidates shown after an ambiguous Tab.
    pub candidates: Vec<String>,
}

impl InputLine {
    pub fn new(kind: InputKind, text: &str) -> Self {
        InputLine {
            kind,
            text: text.to_owned(),
            history_pos: None,
            candidates: Vec::new(),
        }
    }

    pub fn prompt(&self) -> char {
        match self.kind {
            InputKind::Filter => '/',
            InputKind::Command => ':',
            InputKind::Knowledge | InputKind::HelpSearch => '/',
        }
    }
}
