//! `update`: the only place the console's state changes. Messages in,
//! effects out; no I/O, no awaiting.

use super::{App, Bulk, Conn, Level, Mode};
use crate::client::live::{LinkState, LiveUpdate, OnServer};
use crate::console::msg::{ActFailure, Effect, Msg};
use crate::model::{Item, ItemId};
use crate::present::i18n::Lang;
use crate::t;
use time::Duration;

/// How long a changed row stays marked.
const FLASH: Duration = Duration::seconds(3);
/// How long information stays on the status line; warnings and errors
/// stay until the next key.
pub const INFO_FADES: Duration = Duration::seconds(5);
/// How often presence is repeated while a detail is open.
const PRESENCE_EVERY: Duration = Duration::seconds(10);

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    // Every message but a tick can change the screen; a tick says itself
    // whether it did (a clock on screen, a flash ending).
    if !matches!(msg, Msg::Tick(_)) {
        app.dirty = true;
    }
    match msg {
        Msg::Key(key) => {
            app.ui.last_key_at = Some(app.now);
            super::keys::on_key(app, key)
        }
        Msg::Interrupt => super::keys::on_action(app, crate::console::action::Action::Quit),
        Msg::Resize => Vec::new(),
        Msg::Tick(now) => on_tick(app, now),
        Msg::Live(update) => on_live(app, update),
        Msg::Acted { id, label, result } => {
            on_acted(app, id, &label, result);
            Vec::new()
        }
        Msg::Created { label, result } => on_created(app, &label, result),
        Msg::Suggested { text, result } => super::desk::on_suggested(app, text, result),
        Msg::History { phone, result } => super::desk::on_history(app, phone, result),
        Msg::Knowledge { query, result } => {
            super::knowledge::on_answer(app, query, result);
            Vec::new()
        }
        Msg::Stats { window, result } => {
            super::stats::on_answer(app, &window, result);
            Vec::new()
        }
        Msg::Detail(result) => {
            match result {
                Ok(d) => {
                    super::pickers::on_detail(app, &d);
                    if app.detail_id() == Some(&d.item.item.id) {
                        app.remote.detail = Some(*d);
                    }
                }
                Err(e) => {
                    let text = t!(app.ui.lang, "detail-failed", error = e.to_string());
                    app.say(Level::Error, text);
                }
            }
            Vec::new()
        }
        Msg::Raw { id, result } => {
            super::raw::on_answer(app, id, result);
            Vec::new()
        }
        Msg::Refreshed(item) => {
            app.remote.mirror.refresh(*item);
            Vec::new()
        }
        Msg::Me(Ok(me)) => {
            app.session.me = me.operator;
            Vec::new()
        }
        Msg::Directory(Ok(dir)) => {
            app.remote.places = super::desk::place_index(&dir);
            app.remote.directory = Some(*dir);
            Vec::new()
        }
        Msg::Reports(Ok(reports)) => {
            app.remote.mirror.seed_reports(reports);
            Vec::new()
        }
        Msg::Reports(Err(e)) => {
            let text = t!(app.ui.lang, "map-heat-failed", error = e);
            app.say(Level::Warning, text);
            Vec::new()
        }
        Msg::Directory(Err(e)) => {
            let text = t!(app.ui.lang, "directory-failed", error = e.to_string());
            app.say(Level::Warning, text);
            Vec::new()
        }
        Msg::Me(Err(e)) => {
            app.say(Level::Error, e);
            Vec::new()
        }
        Msg::NoteWritten { id, version, text } => match text {
            Some(text) => {
                let request = crate::api::ActionRequest::new(crate::model::Action::Note { text }, version);
                vec![Effect::Act {
                    id,
                    request,
                    label: "note".into(),
                }]
            }
            None => {
                let text = t!(app.ui.lang, "empty-note");
                app.say(Level::Info, text);
                Vec::new()
            }
        },
    }
}

fn on_tick(app: &mut App, now: time::OffsetDateTime) -> Vec<Effect> {
    // The order follows the clock by itself (see `App::prepare`).
    app.now = now;
    let before = app.ui.flash.len();
    app.ui.flash.retain(|_, until| *until > now);
    let faded = matches!(app.ui.status, Some((Level::Info, _))) && now - app.ui.status_at >= INFO_FADES;
    if faded {
        app.ui.status = None;
    }
    if faded
        || app.ui.flash.len() != before
        || app.clocks_visible()
        || !matches!(app.session.conn, Conn::Live)
    {
        app.dirty = true;
    }
    let mut effects = Vec::new();
    if let Mode::Detail { id, .. } = &app.ui.mode
        && app.ui.presence_at.is_none_or(|t| now - t >= PRESENCE_EVERY)
    {
        app.ui.presence_at = Some(now);
        effects.push(Effect::Presence(id.clone()));
    }
    effects.extend(super::stats::on_tick(app));
    effects
}

fn on_live(app: &mut App, update: LiveUpdate) -> Vec<Effect> {
    match update {
        LiveUpdate::Snapshot(snap) => {
            app.remote.mirror.load(*snap);
            Vec::new()
        }
        LiveUpdate::Event(event) => {
            let before = app.remote.mirror.item(&event.item_id).map(face);
            if let Some(id) = app.remote.mirror.apply(&event) {
                // Only a change the row shows lights it: a note, a link or
                // a clock that moved the row in the order does not.
                let after = app.remote.mirror.item(&id).map(face);
                if after.is_some() && before != after {
                    app.ui.flash.insert(id, app.now + FLASH);
                }
            }
            let showing = app.detail_id() == Some(&event.item_id);
            if let Some(detail) = app.remote.detail.as_mut().filter(|_| showing)
                && detail.history.last().is_none_or(|e| e.version < event.version)
            {
                detail.item.item.apply(&event);
                detail.history.push(*event);
            }
            std::mem::take(&mut app.remote.mirror.stale)
                .into_iter()
                .map(Effect::FetchItem)
                .collect()
        }
        LiveUpdate::Presence(p) => {
            app.remote.mirror.note_presence(p);
            Vec::new()
        }
        LiveUpdate::Call(call) => super::desk::on_call(app, call),
        LiveUpdate::Server(server) => {
            on_server(app, server);
            Vec::new()
        }
        LiveUpdate::State(state) => {
            if state == LinkState::Live && matches!(app.session.conn, Conn::Reconnecting { .. }) {
                let seq = app.remote.mirror.seq;
                let text = t!(app.ui.lang, "live-again", seq = seq);
                app.say(Level::Info, text);
            }
            let back = state == LinkState::Live && app.session.conn != Conn::Live;
            app.session.conn = match state {
                LinkState::Live => Conn::Live,
                LinkState::Retrying { delay, error, .. } => Conn::Reconnecting {
                    at: app.now + Duration::milliseconds(delay.as_millis().try_into().unwrap_or(i64::MAX)),
                    error,
                },
                LinkState::Unauthorized(error) => Conn::Offline {
                    since: app.now,
                    error,
                },
            };
            if back {
                return super::desk::on_live_again(app);
            }
            Vec::new()
        }
    }
}

/// The stream is on another server: the header names it, and a failover
/// stays on the status line (a warning does not fade), since a server
/// died and someone should know.
fn on_server(app: &mut App, server: OnServer) {
    app.session.replica = Some(server.replica.clone());
    app.session.server = server.url;
    app.dirty = true;
    if let Some(lost) = server.left {
        let seq = app.remote.mirror.seq;
        let text = t!(
            app.ui.lang,
            "failover",
            lost = lost,
            replica = server.replica,
            seq = seq
        );
        app.say(Level::Warning, text);
    }
}

/// What an item's row shows, apart from its clock (whose colour speaks
/// for itself): a change here is worth lighting the row for.
fn face(item: &Item) -> impl PartialEq + use<> {
    (
        item.status,
        item.priority,
        item.department.clone(),
        item.claim.as_ref().map(|c| c.owner.clone()),
        item.title.clone(),
        item.tier,
        item.supervision,
        (item.designate, item.extension.is_some()),
        (item.children.len(), item.duplicates.len()),
    )
}

/// Says who changed the item and what it is now, from a 409.
fn conflict_text(lang: Lang, id: &ItemId, failure: &ActFailure) -> String {
    let now = failure
        .current
        .as_ref()
        .map(|c| {
            let status = crate::present::labels::status(lang, c.status);
            t!(lang, "conflict-now", status = status)
        })
        .unwrap_or_default();
    t!(
        lang,
        "conflict-refreshed",
        id = id.as_str(),
        message = failure.message.as_str(),
        now = now
    )
}

fn on_acted(app: &mut App, id: ItemId, label: &str, result: Result<Box<Item>, ActFailure>) {
    let outcome = match result {
        Ok(item) => {
            let merged = super::workflows::merged_text(app.ui.lang, &item);
            let single = app.ui.bulk.as_ref().is_none_or(|b| b.waiting == 0);
            if single {
                super::workflows::offer_linked(app, &item, label);
            }
            app.remote.mirror.refresh(*item);
            app.ui.flash.insert(id.clone(), app.now + FLASH);
            match merged {
                Some(text) if single => {
                    app.say(Level::Info, text);
                    return;
                }
                _ => Ok(()),
            }
        }
        Err(failure) => {
            let text = if failure.code.as_deref() == Some("conflict") {
                conflict_text(app.ui.lang, &id, &failure)
            } else {
                format!("{id}: {}", failure.message)
            };
            if let Some(current) = failure.current {
                app.remote.mirror.refresh(*current);
            }
            Err(text)
        }
    };
    report(app, id, label, outcome);
}

/// A new item: into the mirror at once, and say what it is (or, for the
/// intake form's, close the form or show the refusal at its field).
fn on_created(app: &mut App, label: &str, result: Result<Box<Item>, ActFailure>) -> Vec<Effect> {
    if label == super::desk::FORM_LABEL {
        let effects = match &result {
            Ok(item) => super::desk::on_logged(app, Ok(item)),
            Err(failure) => super::desk::on_logged(app, Err(&failure.message)),
        };
        if let Ok(item) = result {
            app.ui.flash.insert(item.id.clone(), app.now + FLASH);
            app.remote.mirror.refresh(*item);
        }
        return effects;
    }
    match result {
        Ok(item) => {
            let text = t!(
                app.ui.lang,
                "created-linked",
                id = item.id.as_str(),
                label = label
            );
            app.ui.flash.insert(item.id.clone(), app.now + FLASH);
            app.remote.mirror.refresh(*item);
            app.say(Level::Info, text);
        }
        Err(failure) => {
            let text = t!(
                app.ui.lang,
                "created-failed",
                label = label,
                message = failure.message
            );
            app.say(Level::Error, text);
        }
    }
    Vec::new()
}

/// An action's label as the reader says it: a verb's wire name (what
/// item actions carry) in `lang`'s word for it, any other label as made.
fn label_words(lang: Lang, label: &str) -> String {
    match crate::model::verbs::Verb::find(label) {
        Some(verb) => crate::present::labels::verb(lang, verb.command),
        None => label.to_owned(),
    }
}

/// One result: straight to the status line, or into the bulk tally.
fn report(app: &mut App, id: ItemId, label: &str, outcome: Result<(), String>) {
    let Some(bulk) = app.ui.bulk.as_mut().filter(|b| b.waiting > 0) else {
        match outcome {
            Ok(()) => {
                let label = label_words(app.ui.lang, label);
                let text = t!(app.ui.lang, "action-done", label = label, id = id.as_str());
                app.say(Level::Info, text);
            }
            Err(e) => app.say(Level::Error, e),
        }
        return;
    };
    bulk.waiting -= 1;
    match outcome {
        Ok(()) => bulk.done.push(id),
        Err(e) => bulk.failed.push((id, e)),
    }
    let text = bulk_text(bulk, app.ui.lang);
    let level = if bulk.failed.is_empty() {
        Level::Info
    } else {
        Level::Warning
    };
    app.say(level, text);
}

pub(super) fn bulk_text(b: &Bulk, lang: Lang) -> String {
    let label = label_words(lang, &b.label);
    let mut text = t!(lang, "bulk-done", label = label, n = b.done.len());
    if b.waiting > 0 {
        text.push_str(&t!(lang, "bulk-waiting", n = b.waiting));
    }
    for (id, why) in &b.failed {
        let why = why.trim_start_matches(&format!("{id}: "));
        text.push_str(&t!(lang, "bulk-failed", id = id.as_str(), why = why));
    }
    text
}
