//! The knowledge base view (直接答复): search the standard answers with `/`,
//! move with the arrows, and `enter` answers the call being logged with the
//! selected entry (the ticket is logged and closed as answered).

use super::intake::FormState;
use super::{App, InputKind, InputLine, Level, Mode};
use crate::console::msg::Effect;
use crate::t;

/// `L`: shows the knowledge base, or goes back (to the form when one is open).
pub fn toggle(app: &mut App) -> Vec<Effect> {
    if matches!(app.ui.mode, Mode::Knowledge) {
        close(app);
        return Vec::new();
    }
    app.ui.mode = Mode::Knowledge;
    if app.remote.knowledge.is_none() {
        // Something to start from: what the open form's caller describes.
        let text = app
            .ui
            .intake
            .as_ref()
            .map(|f| f.value(super::intake::Field::Description).trim().to_owned())
            .filter(|t| !t.is_empty());
        if let Some(text) = text {
            return search(app, text);
        }
    }
    Vec::new()
}

/// The list keys as the knowledge base reads them; `None` for the rest.
pub fn on_action(app: &mut App, action: &crate::console::action::Action) -> Option<Vec<Effect>> {
    use crate::console::action::Action as A;
    match action {
        A::Up | A::PageUp | A::Top => step(app, false),
        A::Down | A::PageDown | A::Bottom => step(app, true),
        A::Filter => start_search(app),
        A::Open => return Some(answer_with_selected(app)),
        A::ClearFilter | A::Cancel => close(app),
        _ => return None,
    }
    Some(Vec::new())
}

/// Back to the form when a call is being logged, else to the queues.
pub fn close(app: &mut App) {
    app.ui.mode = if app.ui.intake.is_some() {
        Mode::Form
    } else {
        Mode::Normal
    };
}

/// `/` in the knowledge base: the search line.
pub fn start_search(app: &mut App) {
    let typed = app
        .remote
        .knowledge
        .as_ref()
        .map(|(q, _)| q.clone())
        .unwrap_or_default();
    app.ui.mode = Mode::Input(InputLine::new(InputKind::Knowledge, &typed));
}

pub fn search(app: &mut App, query: String) -> Vec<Effect> {
    app.ui.mode = Mode::Knowledge;
    if query.trim().is_empty() {
        return Vec::new();
    }
    app.ui.kb_selected = 0;
    let text = t!(app.ui.lang, "kb-searching", query = query.as_str());
    app.say(Level::Info, text);
    vec![Effect::SearchKnowledge(query)]
}

pub fn on_answer(app: &mut App, query: String, result: Result<Box<crate::api::SuggestResponse>, String>) {
    match result {
        Ok(found) => {
            let n = found.knowledge.len();
            app.remote.knowledge = Some((query.clone(), *found));
            app.ui.kb_selected = 0;
            let text = t!(app.ui.lang, "kb-entries", n = n, query = query.as_str());
            app.say(Level::Info, text);
        }
        Err(e) => {
            let text = t!(app.ui.lang, "kb-failed", error = e);
            app.say(Level::Error, text);
        }
    }
}

pub fn step(app: &mut App, down: bool) {
    let n = app
        .remote
        .knowledge
        .as_ref()
        .map_or(0, |(_, k)| k.knowledge.len());
    let at = app.ui.kb_selected;
    app.ui.kb_selected = if down {
        (at + 1).min(n.saturating_sub(1))
    } else {
        at.saturating_sub(1)
    };
}

/// `enter`: the open call is answered with the selected entry.
pub fn answer_with_selected(app: &mut App) -> Vec<Effect> {
    let entry = app
        .remote
        .knowledge
        .as_ref()
        .and_then(|(_, k)| k.knowledge.get(app.ui.kb_selected))
        .cloned();
    let Some(entry) = entry else {
        let text = t!(app.ui.lang, "kb-nothing-selected");
        app.say(Level::Info, text);
        return Vec::new();
    };
    let Some(form) = app.ui.intake.as_mut() else {
        let text = t!(app.ui.lang, "kb-no-call", id = entry.id.as_str());
        app.say(Level::Info, text);
        return Vec::new();
    };
    if form.state != FormState::Editing {
        let text = t!(app.ui.lang, "kb-call-on-its-way");
        app.say(Level::Info, text);
        return Vec::new();
    }
    form.answer_with = Some((entry.id.clone(), entry.answer.clone()));
    let first = form
        .suggested
        .as_ref()
        .and_then(|(_, s)| s.categories.first())
        .map(|c| c.code.clone());
    if form.value(super::intake::Field::Category).trim().is_empty()
        && let Some(code) = first
    {
        form.set(super::intake::Field::Category, code);
    }
    app.ui.mode = Mode::Form;
    super::desk::save_with_follow_up(app)
}
