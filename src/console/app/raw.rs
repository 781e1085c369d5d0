//! `:raw`: the document a standard sent about an item, fetched on demand
//! and shown in the item's detail in place of the history (scrolled like
//! it). Only the answer lives in state; the fetch is an effect.

use super::{App, Level, Mode};
use crate::client::RawDocument;
use crate::console::msg::Effect;
use crate::model::ItemId;

/// The detail's item (or the selected row's, whose detail opens): fetch
/// its raw document, or hide the one shown.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.detail_id().or_else(|| app.current()).cloned() else {
        let text = crate::t!(app.ui.lang, "raw-needs-item");
        app.say(Level::Error, text);
        return Vec::new();
    };
    if app.remote.raw.as_ref().is_some_and(|(shown, _)| *shown == id) {
        app.remote.raw = None;
        return Vec::new();
    }
    app.remote.raw = None;
    let mut effects = Vec::new();
    if app.detail_id() != Some(&id) {
        app.ui.mode = Mode::Detail {
            id: id.clone(),
            scroll: 0,
        };
        app.remote.detail = None;
        effects.extend([Effect::FetchDetail(id.clone()), Effect::Presence(id.clone())]);
    }
    effects.push(Effect::FetchRaw(id));
    effects
}

/// The server's answer: shown if that item's detail is still open; a
/// refusal (no document, a masked role's 403) is said with the server's
/// reason.
pub fn on_answer(app: &mut App, id: ItemId, result: Result<Box<RawDocument>, String>) {
    match result {
        Ok(doc) if app.detail_id() == Some(&id) => {
            if let Mode::Detail { scroll, .. } = &mut app.ui.mode {
                *scroll = 0;
            }
            app.remote.raw = Some((id, *doc));
        }
        Ok(_) => {}
        Err(e) => {
            let text = crate::t!(app.ui.lang, "raw-failed", id = id.as_str(), error = e);
            app.say(Level::Error, text);
        }
    }
}
