//! Views: pure functions of the app state and the theme. Nothing here
//! changes state or does I/O, and only visible rows are built.

mod detail;
mod frame;
mod help;
mod pane;
pub mod text;

pub use frame::render;

use super::app::App;
use std::collections::BTreeMap;

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

/// One row of the directory pane.
pub struct DeptRow {
    pub code: String,
    pub name: String,
    pub open: usize,
}

/// Departments with the open items dispatched to them, busiest first:
/// counted from the mirror, so it is live.
pub fn directory_rows(app: &App) -> Vec<DeptRow> {
    let mut load: BTreeMap<&str, usize> = BTreeMap::new();
    for item in app.mirror.items.values() {
        if let Some(d) = &item.department {
            *load.entry(d.as_str()).or_default() += 1;
        }
    }
    let mut rows: Vec<DeptRow> = match &app.directory {
        Some(dir) => dir
            .departments
            .iter()
            .map(|d| DeptRow {
                code: d.code.clone(),
                name: d.name.clone(),
                open: load.get(d.code.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        None => load
            .iter()
            .map(|(c, n)| DeptRow {
                code: (*c).into(),
                name: (*c).into(),
                open: *n,
            })
            .collect(),
    };
    rows.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.code.cmp(&b.code)));
    rows
}
