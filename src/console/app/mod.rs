//! The console's state. `update` (in `update.rs`) is the only thing that
//! changes it: synchronous, no I/O; what needs I/O comes back as `Effect`s.

mod act;
mod command_line;
mod completion;
mod derive;
pub mod desk;
mod gone;
pub mod help;
mod input;
pub mod intake;
mod keys;
mod knowledge;
pub mod legend;
mod line_error;
pub mod map;
mod marks;
pub mod panes;
pub mod picker;
pub mod pickers;
mod quit;
mod raw;
mod rows;
pub mod stats;
mod update;
mod workflows;

pub use command_line::{Command, all_commands, parse_command};
pub use completion::{Pools, complete};
pub use derive::Derived;
pub use input::{InputKind, InputLine};
pub use rows::{Row, Rows};
pub use update::update;

use super::keymap::{Key, Keymap};
use super::mirror::Mirror;
use crate::api::{ActionRequest, ItemDetail};
use crate::model::{ItemId, Operator, Role, Timestamp};
use crate::present::i18n::Lang;
use panes::{Filters, PaneKind};
use std::collections::{BTreeSet, HashMap};

/// The connection as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Live,
    /// Retrying; the next try is at `at`.
    Reconnecting {
        at: Timestamp,
        error: String,
    },
    /// Gave up (token refused).
    Offline {
        since: Timestamp,
        error: String,
    },
}

/// Something far-reaching, waiting for a yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub prompt: String,
    pub requests: Vec<(ItemId, ActionRequest, String)>,
    /// What yes does.
    pub on_yes: OnYes,
}

/// What a yes to a confirmation does.
#[derive(Debug, Clone, PartialEq)]
pub enum OnYes {
    /// Sends the requests.
    Send,
    /// Drops the intake form; nothing is sent.
    DropForm,
    /// Quits, though text is typed (a call half logged is kept as a
    /// draft); no goes back to `back`, the text as it was.
    Quit { back: Box<Mode> },
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Detail {
        id: ItemId,
        scroll: usize,
    },
    /// The `?` help; where it is scrolled and searched is `Ui::help`.
    Help,
    /// The KPI view; its data is in `App::stats`.
    Stats {
        scroll: usize,
    },
    Input(InputLine),
    Confirm(Pending),
    /// The intake form (`Ui::intake`) has the keyboard.
    Form,
    /// The knowledge base: search with `/`, pick an answer.
    Knowledge,
    /// A list to choose a verb's value from (a department, a card …):
    /// typing filters it, `enter` takes the selected one.
    Pick(picker::Picker),
}

/// Severity of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// Results of one bulk action, reported per item as they arrive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bulk {
    pub label: String,
    pub waiting: usize,
    pub done: Vec<ItemId>,
    pub failed: Vec<(ItemId, String)>,
}

/// Per-pane cursor: the selected row is an item id (or row index for the
/// directory and log), so new rows never move it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: Option<ItemId>,
    pub index: usize,
    pub offset: usize,
    /// The selected item left the pane by a change from the server: its
    /// row stays as a placeholder and nothing is selected until the
    /// operator moves, so no key acts on an item they never looked at.
    pub gone: Option<Gone>,
}

/// A selected row whose item left the pane, and why, as the placeholder
/// says it ("TKT-0075 closed (verified by 李明)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    pub id: ItemId,
    pub why: String,
}

/// One row of the directory pane.
pub struct DeptRow {
    pub code: String,
    pub name: String,
    pub open: usize,
}

/// Who is at the console and how it reaches the server.
pub struct Session {
    pub me: Operator,
    /// The URL of the server in use.
    pub server: String,
    /// What the header calls that server (its health's `replica`, else
    /// its `host:port`), once the stream is open on it.
    pub replica: Option<String>,
    pub conn: Conn,
}

/// Truth from the server: the live mirror, the directory, the open
/// detail and the stats view's answers.
#[derive(Default)]
pub struct Remote {
    pub mirror: Mirror,
    /// Departments from the server's directory, for completion and the
    /// directory pane.
    pub directory: Option<crate::api::Directory>,
    pub detail: Option<ItemDetail>,
    /// The raw document `:raw` fetched, shown in its item's detail.
    pub raw: Option<(ItemId, crate::client::RawDocument)>,
    /// The stats view's window and last answer.
    pub stats: stats::StatsPane,
    /// The last knowledge-base search: the query and what matched.
    pub knowledge: Option<(String, crate::api::SuggestResponse)>,
    /// Districts, streets and communities from the directory, with their
    /// pinyin, for the form's place completion.
    pub places: crate::model::suggest::PlaceIndex,
}

/// What the operator is doing: mode, focus, selection, filters, input.
pub struct Ui {
    /// The language of every word on screen; views read it from here.
    pub lang: Lang,
    pub keymap: Keymap,
    /// Panes in the grid, row by row.
    pub layout: Vec<Vec<PaneKind>>,
    pub focus: PaneKind,
    pub zoomed: bool,
    pub cursors: HashMap<PaneKind, Cursor>,
    pub filters: Filters,
    pub marked: BTreeSet<ItemId>,
    pub mode: Mode,
    /// Keys pressed so far of a multi-key sequence.
    pub pending_keys: Vec<Key>,
    /// When the last key was pressed (by the app's clock): a ringing call
    /// does not take the keyboard from someone typing.
    pub last_key_at: Option<Timestamp>,
    pub status: Option<(Level, String)>,
    /// When the status line was last set: information fades after a while.
    pub status_at: Timestamp,
    pub bulk: Option<Bulk>,
    pub history: Vec<String>,
    /// Rows changed recently, until when they are marked.
    pub flash: HashMap<ItemId, Timestamp>,
    /// Rows visible per pane at the last draw (for paging).
    pub page: usize,
    /// When presence was last announced for the open detail.
    pub presence_at: Option<Timestamp>,
    /// Show alerts grouped under an open storm parent as rows of their own
    /// (hidden by default: the parent stands for them with `×N`).
    pub show_children: bool,
    /// The detail (id, scroll) an input line or confirmation was opened
    /// over: it stays on screen, commands act on its item, and closing the
    /// line goes back to it.
    pub return_to: Option<(ItemId, usize)>,
    /// The selected entry in the knowledge base.
    pub kb_selected: usize,
    /// The call being logged, beside the queues; it stays while the
    /// operator looks at something else, and survives a lost connection.
    pub intake: Option<intake::IntakeForm>,
    /// The help's scroll, search and what it was opened over.
    pub help: help::HelpState,
    /// The city map: view, cursor, heat.
    pub map: map::MapState,
    /// The pane that had the focus before the map, for going back.
    pub map_back: Option<PaneKind>,
}

pub struct App {
    pub session: Session,
    pub remote: Remote,
    pub ui: Ui,
    pub derived: Derived,
    pub now: Timestamp,
    /// Set by `update` for every message that can change the screen; the
    /// loop draws and clears it.
    pub dirty: bool,
    pub quit: bool,
}

impl App {
    pub fn new(
        me: Operator,
        server: String,
        keymap: Keymap,
        layout: Vec<Vec<PaneKind>>,
        now: Timestamp,
    ) -> Self {
        let focus = layout
            .first()
            .and_then(|r| r.first())
            .copied()
            .unwrap_or(PaneKind::Incidents);
        App {
            session: Session {
                me,
                server,
                replica: None,
                conn: Conn::Connecting,
            },
            remote: Remote::default(),
            ui: Ui {
                lang: Lang::default(),
                keymap,
                layout,
                focus,
                zoomed: false,
                cursors: HashMap::new(),
                filters: Filters::default(),
                marked: BTreeSet::new(),
                mode: Mode::Normal,
                pending_keys: Vec::new(),
                last_key_at: None,
                status: None,
                status_at: now,
                bulk: None,
                history: Vec::new(),
                flash: HashMap::new(),
                page: 10,
                presence_at: None,
                show_children: false,
                return_to: None,
                kb_selected: 0,
                intake: None,
                help: help::HelpState::default(),
                map: map::MapState::default(),
                map_back: None,
            },
            derived: Derived::default(),
            now,
            dirty: true,
            quit: false,
        }
    }

    pub fn default_layout() -> Vec<Vec<PaneKind>> {
        vec![
            vec![PaneKind::Incidents, PaneKind::Escalations],
            vec![PaneKind::Alerts, PaneKind::Tickets],
        ]
    }

    pub fn role(&self) -> Role {
        self.session.me.role
    }

    /// Panes in focus order: the layout's, then the rest.
    pub fn focus_order(&self) -> Vec<PaneKind> {
        let mut order: Vec<PaneKind> = self.ui.layout.iter().flatten().copied().collect();
        for p in PaneKind::ALL {
            if !order.contains(&p) {
                order.push(p);
            }
        }
        order
    }

    /// Is the focused pane drawn full screen?
    pub fn showing_zoomed(&self) -> bool {
        self.ui.zoomed || !self.ui.layout.iter().flatten().any(|p| *p == self.ui.focus)
    }

    /// Departments with their open load, busiest first: live, from the
    /// mirror; names from the server's directory once it has arrived.
    pub fn directory_rows(&self) -> Vec<DeptRow> {
        let load = |code: &str| self.derived.dept_load.get(code).copied().unwrap_or(0);
        let mut rows: Vec<DeptRow> = match &self.remote.directory {
            Some(dir) => dir
                .departments
                .iter()
                .map(|d| DeptRow {
                    code: d.code.clone(),
                    name: match self.ui.lang {
                        Lang::En if !d.gloss.is_empty() => d.gloss.clone(),
                        _ => d.name.clone(),
                    },
                    open: load(&d.code),
                })
                .collect(),
            None => self
                .derived
                .dept_load
                .iter()
                .map(|(c, n)| DeptRow {
                    code: c.clone(),
                    name: c.clone(),
                    open: *n,
                })
                .collect(),
        };
        rows.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.code.cmp(&b.code)));
        rows
    }

    pub fn rows(&self, pane: PaneKind) -> Rows<'_> {
        Rows {
            order: &self.derived.order,
            at: self.derived.views.get(&pane).map_or(&[], Vec::as_slice),
        }
    }

    /// The item the keyboard points at: the detail's, else the focused row.
    pub fn current(&self) -> Option<&ItemId> {
        match &self.ui.mode {
            Mode::Detail { id, .. } => return Some(id),
            // No row is on screen: keys must not act on one unseen.
            Mode::Help | Mode::Stats { .. } => return None,
            _ => {}
        }
        self.ui
            .cursors
            .get(&self.ui.focus)
            .and_then(|c| c.selected.as_ref())
    }

    /// What an item action applies to: the marked rows, else the current one.
    pub fn targets(&self) -> Vec<ItemId> {
        if self.acting_on_marks() {
            return self.ui.marked.iter().cloned().collect();
        }
        self.current().cloned().into_iter().collect()
    }

    /// Opens an input line or confirmation, remembering the detail it was
    /// opened over (a confirmation after a command keeps the same one).
    pub fn open(&mut self, mode: Mode) {
        self.ui.return_to = match &self.ui.mode {
            Mode::Detail { id, scroll } => Some((id.clone(), *scroll)),
            Mode::Input(_) | Mode::Confirm(_) | Mode::Pick(_) => self.ui.return_to.take(),
            _ => None,
        };
        self.ui.mode = mode;
    }

    /// Closes the input line or confirmation: back to the detail it was
    /// opened over, else to the list.
    pub fn close(&mut self) {
        self.ui.mode = match self.ui.return_to.take() {
            Some((id, scroll)) => Mode::Detail { id, scroll },
            None => Mode::Normal,
        };
    }

    /// The item whose detail is on screen, under an input line too.
    pub fn detail_id(&self) -> Option<&ItemId> {
        match &self.ui.mode {
            Mode::Detail { id, .. } => Some(id),
            Mode::Input(_) | Mode::Confirm(_) | Mode::Pick(_) => self.ui.return_to.as_ref().map(|(id, _)| id),
            _ => None,
        }
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.ui.status = Some((level, text.into()));
        self.ui.status_at = self.now;
        self.dirty = true;
    }

    /// A person's name for an org code: the department's name (in
    /// English its gloss, where the city data has one), or for
    /// `community:210702-08-03` the street's and community's names.
    pub fn org_name(&self, code: &str) -> Option<String> {
        let dir = self.remote.directory.as_ref()?;
        if !code.starts_with(crate::model::COMMUNITY_PREFIX) {
            return dir
                .departments
                .iter()
                .find(|d| d.code == code)
                .map(|d| match self.ui.lang {
                    Lang::En if !d.gloss.is_empty() => d.gloss.clone(),
                    _ => d.name.clone(),
                });
        }
        let (district, street_no, community_no) = crate::model::community_parts(code)?;
        let district = dir.districts.iter().find(|d| d.code == district)?;
        let street = district.streets.iter().find(|s| s.number == street_no)?;
        let community = usize::from(community_no)
            .checked_sub(1)
            .and_then(|i| street.community_names.get(i))
            .filter(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("第{community_no}社区"));
        Some(format!("{}{}", street.name, community))
    }

    /// Department codes and names, for `:dispatch` completion.
    pub fn department_names(&self) -> Vec<String> {
        let Some(dir) = &self.remote.directory else {
            return Vec::new();
        };
        dir.departments
            .iter()
            .flat_map(|d| [d.code.clone(), d.name.clone()])
            .collect()
    }

    /// Where keys are looked up now.
    pub fn key_context(&self) -> crate::console::keymap::Context {
        keys::context(self)
    }

    /// Is a countdown on screen (so the 1 s tick must redraw)?
    pub fn clocks_visible(&self) -> bool {
        self.derived.clocks_running
    }
}
