//! Views: pure functions of the app state and the theme. Nothing here
//! changes state or does I/O, and only visible rows are built.

mod actions;
pub mod columns;
mod detail;
mod frame;
mod help;
mod intake;
mod knowledge;
pub mod map;
mod marks;
mod pane;
mod picker;
mod relations;
pub mod stats;
pub mod text;

pub use frame::render;

/// Glyphs, with ASCII stand-ins for terminals without them.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub ascii: bool,
    pub live: &'static str,
    pub down: &'static str,
    pub mark: &'static str,
    pub viewing: &'static str,
    pub sep: &'static str,
    /// Marks a row with suggested duplicates.
    pub dup: &'static str,
    /// Marks a row that needs a supervisor to designate its handler.
    pub designate: &'static str,
    /// Counts a storm parent's grouped alerts (`×12`).
    pub storm: &'static str,
    /// Stands where a selected item left its pane.
    pub gone: &'static str,
}

impl Glyphs {
    pub fn new(ascii: bool) -> Self {
        if ascii {
            Glyphs {
                ascii,
                live: "*",
                down: "x",
                mark: "+",
                viewing: "@",
                sep: "|",
                dup: "~",
                designate: "!",
                storm: "x",
                gone: "-",
            }
        } else {
            Glyphs {
                ascii,
                live: "●",
                down: "○",
                mark: "▸",
                viewing: "◉",
                sep: "·",
                dup: "≈",
                designate: "◆",
                storm: "×",
                gone: "✕",
            }
        }
    }
}
