//! Views: pure functions of the app state and the theme. Nothing here
//! changes state or does I/O, and only visible rows are built.

mod detail;
mod frame;
mod help;
mod pane;
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
            }
        } else {
            Glyphs {
                ascii,
                live: "●",
                down: "○",
                mark: "▸",
                viewing: "◉",
                sep: "·",
            }
        }
    }
}
