//! `update`: the only place the console's state changes. Messages in,
//! effects out; no I/O, no awaiting.

use super::{App, Bulk, Conn, Level, Mode};
use crate::client::live::{LinkState, LiveUpdate};
use crate::console::msg::{ActFailure, Effect, Msg};
use crate::model::{Item, ItemId};
use time::Duration;

/// How long a changed row stays marked.
const FLASH: Duration = Duration::seconds(3);
/// How often presence is repeated while a detail is open.
const PRESENCE_EVERY: Duration = Duration::seconds(10);

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => super::keys::on_key(app, key),
        Msg::Interrupt => super::keys::on_action(app, crate::console::action::Action::Quit),
        Msg::Resize => {
            app.dirty = true;
            Vec::new()
        }
        Msg::Tick(now) => on_tick(app, now),
        Msg::Live(update) => on_live(app, update),
        Msg::Acted { id, label, result } => {
            on_acted(app, id, &label, result);
            Vec::new()
        }
        Msg::Created { label, result } => {
            on_created(app, &label, result);
            Vec::new()
        }
        Msg::Stats { window, result } => {
            super::stats::on_answer(app, &window, result);
            Vec::new()
        }
        Msg::Detail(result) => {
            match result {
                Ok(d) if app.detail_id() == Some(&d.item.item.id) => {
                    app.detail = Some(*d);
                }
                Ok(_) => {}
                Err(e) => app.say(Level::Error, format!("could not load the detail: {e}")),
            }
            app.dirty = true;
            Vec::new()
        }
        Msg::Refreshed(item) => {
            app.mirror.refresh(*item);
            app.stale_order = true;
            app.dirty = true;
            Vec::new()
        }
        Msg::Me(Ok(me)) => {
            app.me = me.operator;
            app.dirty = true;
            Vec::new()
        }
        Msg::Directory(Ok(dir)) => {
            app.directory = Some(*dir);
            app.dirty = true;
            Vec::new()
        }
        Msg::Directory(Err(e)) => {
            app.say(Level::Warning, format!("could not load the directory: {e}"));
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
                app.say(Level::Info, "empty note: nothing sent");
                Vec::new()
            }
        },
    }
}

fn on_tick(app: &mut App, now: time::OffsetDateTime) -> Vec<Effect> {
    let resort = (now - app.now).whole_seconds() >= 1 && now.second().is_multiple_of(5);
    app.now = now;
    let before = app.flash.len();
    app.flash.retain(|_, until| *until > now);
    if app.flash.len() != before || app.clocks_visible() || !matches!(app.conn, Conn::Live) {
        app.dirty = true;
    }
    // Clock colours move rows into Escalations; re-sorting every few
    // seconds is enough for that and keeps ticks cheap.
    if resort {
        app.stale_order = true;
    }
    let mut effects = Vec::new();
    if let Mode::Detail { id, .. } = &app.mode
        && app.presence_at.is_none_or(|t| now - t >= PRESENCE_EVERY)
    {
        app.presence_at = Some(now);
        effects.push(Effect::Presence(id.clone()));
    }
    effects.extend(super::stats::on_tick(app));
    effects
}

fn on_live(app: &mut App, update: LiveUpdate) -> Vec<Effect> {
    app.dirty = true;
    match update {
        LiveUpdate::Snapshot(snap) => {
            app.mirror.load(*snap);
            app.stale_order = true;
            Vec::new()
        }
        LiveUpdate::Event(event) => {
            if let Some(id) = app.mirror.apply(&event) {
                app.flash.insert(id, app.now + FLASH);
                app.stale_order = true;
            }
            let showing = app.detail_id() == Some(&event.item_id);
            if let Some(detail) = app.detail.as_mut().filter(|_| showing)
                && detail.history.last().is_none_or(|e| e.version < event.version)
            {
                detail.item.item.apply(&event);
                detail.history.push(*event);
            }
            std::mem::take(&mut app.mirror.stale)
                .into_iter()
                .map(Effect::FetchItem)
                .collect()
        }
        LiveUpdate::Presence(p) => {
            app.mirror.note_presence(p);
            Vec::new()
        }
        LiveUpdate::State(state) => {
            if state == LinkState::Live && matches!(app.conn, Conn::Reconnecting { .. }) {
                let seq = app.mirror.seq;
                app.say(Level::Info, format!("live again; resumed after seq {seq}"));
            }
            app.conn = match state {
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
            Vec::new()
        }
    }
}

/// Says who changed the item and what it is now, from a 409.
fn conflict_text(id: &ItemId, failure: &ActFailure) -> String {
    let now = failure
        .current
        .as_ref()
        .map(|c| format!(", now {}", c.status))
        .unwrap_or_default();
    format!(
        "{id}: {}{now}; row refreshed, your action was not applied",
        failure.message
    )
}

fn on_acted(app: &mut App, id: ItemId, label: &str, result: Result<Box<Item>, ActFailure>) {
    let outcome = match result {
        Ok(item) => {
            let merged = super::workflows::merged_text(&item);
            let single = app.bulk.as_ref().is_none_or(|b| b.waiting == 0);
            if single {
                super::workflows::offer_linked(app, &item, label);
            }
            app.mirror.refresh(*item);
            app.flash.insert(id.clone(), app.now + FLASH);
            match merged {
                Some(text) if single => {
                    app.stale_order = true;
                    app.say(Level::Info, text);
                    return;
                }
                _ => Ok(()),
            }
        }
        Err(failure) => {
            let text = if failure.code.as_deref() == Some("conflict") {
                conflict_text(&id, &failure)
            } else {
                format!("{id}: {}", failure.message)
            };
            if let Some(current) = failure.current {
                app.mirror.refresh(*current);
            }
            Err(text)
        }
    };
    app.stale_order = true;
    app.dirty = true;
    report(app, id, label, outcome);
}

/// A raised incident: into the mirror at once, and say what it is.
fn on_created(app: &mut App, label: &str, result: Result<Box<Item>, ActFailure>) {
    match result {
        Ok(item) => {
            let text = format!("{} {label} (linked both ways)", item.id);
            app.flash.insert(item.id.clone(), app.now + FLASH);
            app.mirror.refresh(*item);
            app.stale_order = true;
            app.say(Level::Info, text);
        }
        Err(failure) => app.say(Level::Error, format!("{label}: {}", failure.message)),
    }
}

/// One result: straight to the status line, or into the bulk tally.
fn report(app: &mut App, id: ItemId, label: &str, outcome: Result<(), String>) {
    let Some(bulk) = app.bulk.as_mut().filter(|b| b.waiting > 0) else {
        match outcome {
            Ok(()) => app.say(Level::Info, format!("{label} {id}: done")),
            Err(e) => app.say(Level::Error, e),
        }
        return;
    };
    bulk.waiting -= 1;
    match outcome {
        Ok(()) => bulk.done.push(id),
        Err(e) => bulk.failed.push((id, e)),
    }
    let text = bulk_text(bulk);
    let level = if bulk.failed.is_empty() {
        Level::Info
    } else {
        Level::Warning
    };
    app.say(level, text);
}

pub(super) fn bulk_text(b: &Bulk) -> String {
    let mut text = format!("{}: {} done", b.label, b.done.len());
    if b.waiting > 0 {
        text.push_str(&format!(", {} waiting", b.waiting));
    }
    for (id, why) in &b.failed {
        text.push_str(&format!(
            "; {id} failed: {}",
            why.trim_start_matches(&format!("{id}: "))
        ));
    }
    text
}
