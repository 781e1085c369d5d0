//! Keys to actions, and the actions that only move the console's own
//! state (navigation, filters, input line).

use super::command_line::{Command, parse_command};
use super::completion::complete;
use super::panes::PaneKind;
use super::{App, InputKind, InputLine, Level, Mode, OnYes, Pending};
use crate::console::action::Action;
use crate::console::keymap::{Context, Key, Lookup};
use crate::console::msg::Effect;
use crate::t;

/// Where keys are looked up now (also what the which-key hint lists).
pub fn context(app: &App) -> Context {
    match app.ui.mode {
        Mode::Normal if app.ui.focus == PaneKind::Map && app.ui.map.layout.is_some() => Context::Map,
        Mode::Normal => Context::List,
        Mode::Detail { .. } | Mode::Stats { .. } => Context::Detail,
        Mode::Help => Context::Help,
        Mode::Input(_) => Context::Input,
        Mode::Confirm(_) => Context::Confirm,
        Mode::Form => Context::Form,
        // Arrows, `/`, `enter` and `esc` as in a list.
        Mode::Knowledge => Context::List,
        Mode::Pick(_) => Context::Picker,
    }
}

pub fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    // A warning or an error stays until the operator does something next
    // (information fades by itself, see `update::on_tick`).
    if app
        .ui
        .status
        .as_ref()
        .is_some_and(|(level, _)| *level != Level::Info)
    {
        app.ui.status = None;
    }
    app.ui.pending_keys.push(key.clone());
    match app.ui.keymap.lookup(context(app), &app.ui.pending_keys) {
        Lookup::Matched(action) => {
            app.ui.pending_keys.clear();
            on_action(app, action)
        }
        Lookup::Pending => Vec::new(),
        Lookup::NotFound => {
            let was_sequence = app.ui.pending_keys.len() > 1;
            app.ui.pending_keys.clear();
            if matches!(app.ui.mode, Mode::Form)
                && let Some(c) = key.char()
            {
                super::desk::type_char(app, c);
                let mut effects = super::desk::want_suggestions(app);
                effects.extend(super::desk::want_history(app));
                return effects;
            }
            if let Some(c) = key.char()
                && super::pickers::type_char(app, c)
            {
                return Vec::new();
            }
            if let Mode::Input(line) = &mut app.ui.mode
                && let Some(c) = key.char()
            {
                line.text.push(c);
                line.candidates.clear();
                live_filter(app);
                return Vec::new();
            }
            // A broken sequence: try the last key on its own.
            if was_sequence {
                return on_key(app, key);
            }
            Vec::new()
        }
    }
}

/// The filter applies as it is typed, and so does a search of the help.
fn live_filter(app: &mut App) {
    let Mode::Input(InputLine { kind, text, .. }) = &app.ui.mode else {
        return;
    };
    match kind {
        InputKind::Filter => app.ui.filters.text = text.clone(),
        InputKind::HelpSearch => {
            let text = text.clone();
            super::help::typed(app, &text);
        }
        _ => {}
    }
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if matches!(app.ui.mode, Mode::Knowledge)
        && let Some(effects) = super::knowledge::on_action(app, &action)
    {
        return effects;
    }
    if matches!(app.ui.mode, Mode::Help) && on_help_action(app, &action) {
        return Vec::new();
    }
    if let Some(effects) = super::pickers::on_action(app, &action) {
        return effects;
    }
    match action {
        Action::Quit if typed_text(app) => {
            let back = Box::new(std::mem::replace(&mut app.ui.mode, Mode::Normal));
            app.ui.mode = Mode::Confirm(Pending {
                prompt: t!(app.ui.lang, "quit-with-draft"),
                requests: Vec::new(),
                on_yes: OnYes::Quit { back },
            });
            Vec::new()
        }
        Action::Quit => super::quit::quit(app),
        Action::Help => {
            super::help::toggle(app);
            Vec::new()
        }
        // Only the help has matches to move between.
        Action::NextMatch | Action::PrevMatch => Vec::new(),
        Action::Cancel if matches!(app.ui.mode, Mode::Form) => super::desk::on_form_action(app, &action),
        Action::Cancel => {
            cancel(app);
            Vec::new()
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            navigate(app, action);
            Vec::new()
        }
        Action::NextPane | Action::PrevPane => {
            cycle_focus(app, action == Action::NextPane);
            Vec::new()
        }
        Action::Zoom => {
            app.ui.zoomed = !app.ui.zoomed;
            Vec::new()
        }
        Action::Open => open_current(app),
        Action::Filter => {
            app.open(Mode::Input(InputLine::new(
                InputKind::Filter,
                &app.ui.filters.text,
            )));
            Vec::new()
        }
        Action::ClearFilter => {
            app.ui.filters = Default::default();
            let text = t!(app.ui.lang, "filters-cleared");
            app.say(Level::Info, text);
            Vec::new()
        }
        Action::Command => {
            app.open(Mode::Input(InputLine::new(InputKind::Command, "")));
            Vec::new()
        }
        Action::ToggleMark => {
            toggle_mark(app);
            Vec::new()
        }
        Action::ClearMarks => {
            app.ui.marked.clear();
            Vec::new()
        }
        Action::FilterDistrict | Action::FilterCategory | Action::FilterPriority | Action::FilterStatus => {
            quick_filter(app, action);
            Vec::new()
        }
        Action::Submit => submit(app),
        Action::Complete => {
            complete_input(app);
            Vec::new()
        }
        Action::HistoryPrev | Action::HistoryNext => {
            browse_history(app, action == Action::HistoryPrev);
            Vec::new()
        }
        Action::DeleteBack if matches!(app.ui.mode, Mode::Form) => {
            super::desk::on_form_action(app, &action);
            super::desk::type_char_done(app);
            super::desk::want_suggestions(app)
        }
        Action::DeleteBack => {
            if let Mode::Input(line) = &mut app.ui.mode {
                line.text.pop();
                line.candidates.clear();
            }
            live_filter(app);
            Vec::new()
        }
        Action::Confirm => super::act::confirm(app),
        Action::ToggleChildren => {
            toggle_children(app);
            Vec::new()
        }
        Action::Stats => super::stats::toggle(app, None),
        Action::MergeDuplicate => super::workflows::merge_duplicate(app),
        Action::NoteEditor => super::act::note_editor(app),
        Action::Raise => {
            app.open(Mode::Input(InputLine::new(InputKind::Command, "raise ")));
            Vec::new()
        }
        // A picker when the verb wants a value a list can hold and the key
        // gives none; else as the key's words say.
        Action::Verb(key) => {
            super::pickers::open_for_verb(app, &key).unwrap_or_else(|| super::act::on_verb_key(app, &key))
        }
        Action::NewCall => super::desk::new_call(app),
        Action::Knowledge => super::knowledge::toggle(app),

        Action::AnswerFromKnowledge => super::desk::answer_from_knowledge(app),
        Action::AddToOpen => super::desk::add_to_open(app),
        Action::TakeSuggestion(n) => {
            super::desk::take_suggestion(app, usize::from(n));
            Vec::new()
        }
        Action::NextField | Action::PrevField | Action::SaveForm | Action::FormEnter | Action::LeaveForm => {
            super::desk::on_form_action(app, &action)
        }
        Action::ShowMap => {
            super::map::toggle(app);
            Vec::new()
        }
        Action::MapLeft
        | Action::MapRight
        | Action::MapUp
        | Action::MapDown
        | Action::MapZoomIn
        | Action::MapZoomOut
        | Action::MapFit
        | Action::MapNextMark
        | Action::MapPrevMark
        | Action::MapPickNext
        | Action::MapPickPrev
        | Action::MapHeat => {
            super::map::on_action(app, &action);
            Vec::new()
        }
    }
}

/// Is there typed text that quitting would take away: a call being
/// logged, or a `:` or filter line not yet run? (Asked once: a quit from
/// the question itself goes.)
fn typed_text(app: &App) -> bool {
    let form = app.ui.intake.as_ref().is_some_and(|f| f.is_filled());
    match &app.ui.mode {
        Mode::Confirm(_) => false,
        Mode::Input(line) => !line.text.trim().is_empty() || form,
        _ => form,
    }
}

/// The help's own keys: scrolling within its end, search, back to where
/// it was opened. `false` for the rest, which act as anywhere.
fn on_help_action(app: &mut App, action: &Action) -> bool {
    match action {
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            super::help::scroll(app, action)
        }
        Action::Filter => super::help::start_search(app),
        Action::NextMatch | Action::PrevMatch => super::help::next_match(app, *action == Action::NextMatch),
        Action::Cancel => super::help::close(app),
        _ => return false,
    }
    true
}

fn cancel(app: &mut App) {
    if let Mode::Input(line) = &app.ui.mode {
        match line.kind {
            InputKind::Knowledge => {
                app.ui.mode = Mode::Knowledge;
                return;
            }
            InputKind::HelpSearch => {
                super::help::cancel_search(app);
                return;
            }
            _ => {}
        }
    }
    if let Mode::Confirm(Pending {
        on_yes: OnYes::Quit { back },
        ..
    }) = &app.ui.mode
    {
        app.ui.mode = (**back).clone();
        return;
    }
    if let Mode::Confirm(p) = &app.ui.mode
        && p.on_yes == OnYes::DropForm
    {
        // No: back to the form, as it was.
        app.ui.mode = Mode::Form;
        return;
    }
    match &app.ui.mode {
        Mode::Normal => app.ui.status = None,
        Mode::Confirm(_) => {
            let text = t!(app.ui.lang, "cancelled-nothing-sent");
            app.say(Level::Info, text);
        }
        Mode::Detail { .. } => app.remote.detail = None,
        _ => {}
    }
    if matches!(app.ui.mode, Mode::Input(_) | Mode::Confirm(_) | Mode::Pick(_)) {
        app.close();
    } else {
        app.ui.mode = Mode::Normal;
    }
}

fn navigate(app: &mut App, action: Action) {
    if let Mode::Detail { scroll, .. } | Mode::Stats { scroll } = &mut app.ui.mode {
        *scroll = match action {
            Action::Up | Action::PageUp | Action::Top => scroll.saturating_sub(1),
            _ => *scroll + 1,
        };
        return;
    }
    // The map's cursor moves with its own keys; rows are not its own.
    if app.ui.focus == PaneKind::Map {
        return;
    }
    let len = row_count(app, app.ui.focus);
    let page = app.ui.page.max(1);
    let cursor = app.ui.cursors.entry(app.ui.focus).or_default();
    let last = len.saturating_sub(1);
    // Moving off a placeholder: down lands on the row that took its place.
    let from_gone = cursor.gone.take().is_some();
    cursor.index = match action {
        Action::Down if from_gone => cursor.index.min(last),
        Action::Up => cursor.index.saturating_sub(1),
        Action::Down => (cursor.index + 1).min(last),
        Action::PageUp => cursor.index.saturating_sub(page),
        Action::PageDown => (cursor.index + page).min(last),
        Action::Top => 0,
        _ => last,
    };
    let index = cursor.index;
    let selected = app.rows(app.ui.focus).get(index).cloned();
    if let Some(c) = app.ui.cursors.get_mut(&app.ui.focus) {
        c.selected = selected;
    }
}

/// Rows in a pane, whatever they are.
pub fn row_count(app: &App, pane: PaneKind) -> usize {
    match pane {
        PaneKind::Directory => app.directory_rows().len(),
        PaneKind::Log => app.remote.mirror.log.len(),
        _ => app.rows(pane).len(),
    }
}

fn cycle_focus(app: &mut App, forward: bool) {
    let order = app.focus_order();
    let at = order.iter().position(|p| *p == app.ui.focus).unwrap_or(0);
    let n = order.len();
    let next = if forward { (at + 1) % n } else { (at + n - 1) % n };
    app.ui.focus = order[next];
    let text = crate::t!(app.ui.lang, "focus-pane", pane = app.ui.focus.title(app.ui.lang));
    app.say(Level::Info, text);
}

/// `enter` in a list: the item's detail; in the Event log, the event's
/// item; in the Directory, the department's items in every queue.
fn open_current(app: &mut App) -> Vec<Effect> {
    let index = app.ui.cursors.get(&app.ui.focus).map_or(0, |c| c.index);
    let logged = match app.ui.focus {
        PaneKind::Directory => {
            show_department(app, index);
            return Vec::new();
        }
        PaneKind::Log => app.remote.mirror.log.get(index).map(|l| l.item_id.clone()),
        _ => None,
    };
    // On a placeholder, `enter` shows what became of the item that left.
    let id = logged.or_else(|| app.current().or(app.gone().map(|g| &g.id)).cloned());
    let Some(id) = id else {
        let text = app.nothing_selected();
        app.say(Level::Warning, text);
        return Vec::new();
    };
    app.remote.detail = None;
    app.ui.presence_at = Some(app.now);
    app.ui.mode = Mode::Detail {
        id: id.clone(),
        scroll: 0,
    };
    vec![Effect::FetchDetail(id.clone()), Effect::Presence(id)]
}

/// A dispatcher looking at a department wants its open items: the queues,
/// filtered to it, with the focus back on the first of them.
fn show_department(app: &mut App, index: usize) {
    let Some(dept) = app.directory_rows().into_iter().nth(index) else {
        let text = t!(app.ui.lang, "no-department-selected");
        app.say(Level::Warning, text);
        return;
    };
    app.ui.filters.department = Some(dept.code.clone());
    // The first pane on screen that has some of them (a heating company's
    // work is in the hotline queue, not among incidents).
    let (me, now) = (app.session.me.login.as_str(), app.now);
    let on_screen: Vec<PaneKind> = app.ui.layout.iter().flatten().copied().collect();
    let has = |pane: &PaneKind| {
        app.remote.mirror.items.values().any(|i| {
            i.department.as_deref() == Some(dept.code.as_str()) && super::panes::belongs(*pane, i, me, now)
        })
    };
    if let Some(pane) = on_screen.iter().find(|p| has(p)).or(on_screen.first()) {
        app.ui.focus = *pane;
    }
    let text = t!(
        app.ui.lang,
        "department-shown",
        name = dept.name.as_str(),
        code = dept.code.as_str(),
        n = dept.open
    );
    app.say(Level::Info, text);
}

fn toggle_mark(app: &mut App) {
    if let Some(id) = app.current().cloned() {
        if !app.ui.marked.remove(&id) {
            app.ui.marked.insert(id);
        }
        navigate(app, Action::Down);
        let n = app.ui.marked.len();
        let text = t!(app.ui.lang, "marked-n", n = n);
        app.say(Level::Info, text);
    }
}

fn quick_filter(app: &mut App, action: Action) {
    // On the map, `f d` keeps the district under the cursor, item or not.
    if action == Action::FilterDistrict
        && app.ui.focus == PaneKind::Map
        && let Some(name) = super::map::district_under_cursor(app)
    {
        app.ui.filters.district = Some(name);
        let shown = app.ui.filters.describe();
        let text = t!(app.ui.lang, "filter-shown", filter = shown);
        app.say(Level::Info, text);
        return;
    }
    let Some(item) = app
        .current()
        .and_then(|id| app.remote.mirror.items.get(id))
        .cloned()
    else {
        let text = t!(app.ui.lang, "filter-select-row");
        app.say(Level::Warning, text);
        return;
    };
    match action {
        Action::FilterDistrict => app.ui.filters.district = item.place.district.clone(),
        Action::FilterCategory => app.ui.filters.category = Some(item.category.clone()),
        Action::FilterPriority => app.ui.filters.priority = Some(item.priority),
        _ => app.ui.filters.status = Some(item.status),
    }
    let shown = app.ui.filters.describe();
    let text = t!(app.ui.lang, "filter-shown", filter = shown);
    app.say(Level::Info, text);
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Mode::Input(line) = std::mem::replace(&mut app.ui.mode, Mode::Normal) else {
        return Vec::new();
    };
    // Back to the detail first, so the command acts on its item.
    app.close();
    if line.kind == InputKind::Filter {
        app.ui.filters.text = line.text;
        return Vec::new();
    }
    if line.kind == InputKind::Knowledge {
        return super::knowledge::search(app, line.text);
    }
    if line.kind == InputKind::HelpSearch {
        super::help::submit(app, line.text);
        return Vec::new();
    }
    let text = line.text.trim().to_owned();
    if !text.is_empty() && app.ui.history.last() != Some(&text) {
        app.ui.history.push(text.clone());
    }
    match parse_command(&text) {
        Ok(cmd) => run_command(app, cmd),
        Err(e) => {
            let text = e.say(app.ui.lang);
            app.say(Level::Error, text);
            Vec::new()
        }
    }
}

fn run_command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let filters = &mut app.ui.filters;
    match cmd {
        Command::Item(action) => return super::act::request(app, action),
        Command::Filter(t) => filters.text = t,
        Command::District(d) => filters.district = Some(d),
        Command::Category(c) => filters.category = Some(c),
        Command::Status(s) => filters.status = Some(s),
        Command::NoFilter => *filters = Default::default(),
        Command::Open(id) => {
            app.ui.mode = Mode::Detail {
                id: id.clone(),
                scroll: 0,
            };
            app.remote.detail = None;
            return vec![Effect::FetchDetail(id.clone()), Effect::Presence(id)];
        }
        Command::Quit => return on_action(app, Action::Quit),
        Command::Help if !matches!(app.ui.mode, Mode::Help) => super::help::toggle(app),
        Command::Help => {}
        Command::Zoom => app.ui.zoomed = !app.ui.zoomed,
        Command::MergeDuplicate => return super::workflows::merge_duplicate(app),
        Command::Raise { category, title } => return super::workflows::raise(app, category, title),
        Command::Stats(window) => return super::stats::toggle(app, window),
        Command::Children => toggle_children(app),
        Command::Map => super::map::toggle(app),
        Command::Raw => return super::raw::toggle(app),
        Command::New(form) => return super::desk::from_line(app, *form),
    }
    Vec::new()
}

/// Storm children as rows of their own, or folded under their parent.
fn toggle_children(app: &mut App) {
    app.ui.show_children = !app.ui.show_children;
    let shown = if app.ui.show_children {
        t!(app.ui.lang, "children-shown")
    } else {
        t!(app.ui.lang, "children-folded")
    };
    app.say(Level::Info, shown);
}

fn complete_input(app: &mut App) {
    let departments = app.department_names();
    let incident_categories = super::workflows::incident_categories(app);
    let mut items: Vec<String> = app.remote.mirror.items.keys().map(|i| i.to_string()).collect();
    items.sort();
    let mut districts: Vec<String> = app
        .remote
        .mirror
        .items
        .values()
        .filter_map(|i| i.place.district.clone())
        .collect();
    districts.sort();
    districts.dedup();
    if let Mode::Input(line) = &mut app.ui.mode
        && line.kind == InputKind::Command
    {
        let pools = super::Pools {
            departments,
            items,
            districts,
            incident_categories,
        };
        let (text, shown) = complete(&line.text, &pools);
        line.text = text;
        line.candidates = shown;
    }
}

fn browse_history(app: &mut App, back: bool) {
    let Mode::Input(line) = &mut app.ui.mode else {
        return;
    };
    if app.ui.history.is_empty() || line.kind != InputKind::Command {
        return;
    }
    let last = app.ui.history.len() - 1;
    let pos = match (line.history_pos, back) {
        (None, true) => Some(last),
        (None, false) => None,
        (Some(p), true) => Some(p.saturating_sub(1)),
        (Some(p), false) if p < last => Some(p + 1),
        (Some(_), false) => None,
    };
    line.history_pos = pos;
    line.text = pos.map(|p| app.ui.history[p].clone()).unwrap_or_default();
}
