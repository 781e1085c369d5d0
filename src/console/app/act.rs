//! Item actions from the console: checked against the role and state
//! locally (so forbidden ones are refused at once, with the reason), asked
//! for confirmation when far-reaching, then sent as effects.

use super::{App, Bulk, Conn, InputKind, InputLine, Level, Mode, OnYes, Pending};
use crate::api::ActionRequest;
use crate::console::action::VerbKey;
use crate::console::msg::Effect;
use crate::model::verbs::{Confirm, Verb, parse_words};
use crate::model::{Action as ItemAction, ActionName, Item, ItemId, allowed_actions, permits};
use crate::present::i18n::{Lang, tr};
use crate::present::labels;
use crate::t;

/// A key bound to a server verb (one that opens no picker, see
/// `pickers::open_for_verb`): sent at once when the key's words make a
/// whole action, otherwise the `:` line opens with them typed.
pub fn on_verb_key(app: &mut App, key: &VerbKey) -> Vec<Effect> {
    if app.targets().is_empty() {
        let text = app.nothing_selected();
        app.say(Level::Warning, text);
        return Vec::new();
    }
    if let Some(prefill) = key.prefill() {
        app.open(Mode::Input(InputLine::new(InputKind::Command, &prefill)));
        return Vec::new();
    }
    match parse_words(key.spec(), &key.words) {
        Ok(action) => request(app, action),
        Err(e) => {
            let text = crate::present::verbs::words_error(app.ui.lang, &e);
            app.say(Level::Error, text);
            Vec::new()
        }
    }
}

/// `N`: a longer note, written in `$EDITOR`.
pub fn note_editor(app: &mut App) -> Vec<Effect> {
    match app.current().and_then(|id| find(app, id)) {
        Some(item) => vec![Effect::EditNote {
            id: item.id.clone(),
            version: item.version,
        }],
        None => {
            let text = app.nothing_selected();
            app.say(Level::Warning, text);
            Vec::new()
        }
    }
}

/// The item as the console knows it: the mirror's, or the open detail's
/// (closed items leave the mirror but can still be reopened from detail).
pub(super) fn find<'a>(app: &'a App, id: &ItemId) -> Option<&'a Item> {
    app.remote.mirror.item(id).or_else(|| {
        app.remote
            .detail
            .as_ref()
            .map(|d| &d.item.item)
            .filter(|i| i.id == *id)
    })
}

/// The question to ask before `action`, when its verb closes or folds
/// away the item.
fn needs_confirmation(action: &ItemAction, ids: &[String], lang: Lang) -> Option<String> {
    let verb = Verb::of(action.name());
    let template = match (verb.confirm, action) {
        (Confirm::Always(t), _) => t,
        (Confirm::WhenPassed(t), ItemAction::Verify { passed: true, .. }) => t,
        (Confirm::WhenMany(t), _) if ids.len() > 1 => t,
        _ => return None,
    };
    let n = ids.len().to_string();
    let ids = ids.join(", ");
    let into = match action {
        ItemAction::Merge { into } => into.to_string(),
        _ => String::new(),
    };
    // The catalog's words where it has them (`confirm-` + the verb), else
    // the verb table's own.
    let key = format!("confirm-{}", verb.command);
    let template = match tr(lang, &key) {
        text if text == key => template.to_owned(),
        text => text,
    };
    Some(
        template
            .replace("{ids}", &ids)
            .replace("{into}", &into)
            .replace("{n}", &n),
    )
}

/// A verb in the reader's words.
fn verb_words(app: &App, name: ActionName) -> String {
    labels::verb(app.ui.lang, crate::model::verbs::Verb::of(name).command)
}

/// Why the console will not even send this, if it will not.
pub(super) fn refusal(app: &App, item: &Item, name: ActionName) -> Option<String> {
    let role = app.role();
    if !permits(role, name) {
        return Some(t!(
            app.ui.lang,
            "act-not-for-role",
            verb = verb_words(app, name),
            role = labels::role(app.ui.lang, role)
        ));
    }
    if !allowed_actions(item, role).contains(&name) {
        return Some(t!(
            app.ui.lang,
            "act-not-now",
            verb = verb_words(app, name),
            id = item.id.as_str(),
            status = labels::status(app.ui.lang, item.status)
        ));
    }
    None
}

/// Sends `action` to every target, after the local checks and, where it is
/// far-reaching, a confirmation.
pub fn request(app: &mut App, action: ItemAction) -> Vec<Effect> {
    let targets = app.targets();
    let each = targets.into_iter().map(|id| (id, action.clone())).collect();
    request_each(app, each)
}

/// Why a request cannot go, or it with the claim it overrides, if any.
pub(super) type Prepared = Result<(ActionRequest, Option<String>), String>;

/// The request for one item after the local checks: the role, the state
/// and someone else's claim (overridden only by those who may).
pub(super) fn prepare(app: &App, id: &ItemId, action: &ItemAction) -> Prepared {
    let name = action.name();
    let item = find(app, id).ok_or_else(|| t!(app.ui.lang, "not-loaded", id = id.as_str()))?;
    if let Some(why) = refusal(app, item, name) {
        return Err(why);
    }
    let mut req = ActionRequest::new(action.clone(), item.version);
    let other_claim = item
        .active_claim(app.now)
        .filter(|c| c.owner != app.session.me.login);
    let harmless = matches!(name, ActionName::Note | ActionName::Link);
    let Some(claim) = other_claim.filter(|_| !harmless) else {
        return Ok((req, None));
    };
    if !app.role().may_override() {
        return Err(t!(
            app.ui.lang,
            "act-claimed",
            id = id.as_str(),
            owner = claim.owner.as_str()
        ));
    }
    req.override_claim = true;
    let overridden = t!(
        app.ui.lang,
        "act-claimed-by",
        id = id.as_str(),
        owner = claim.owner.as_str()
    );
    Ok((req, Some(overridden)))
}

/// Sends each item its own action (one verb, maybe different parameters),
/// after the local checks and, where far-reaching, a confirmation.
pub fn request_each(app: &mut App, each: Vec<(ItemId, ItemAction)>) -> Vec<Effect> {
    if app.session.conn != Conn::Live {
        let text = t!(app.ui.lang, "act-offline");
        app.say(Level::Error, text);
        return Vec::new();
    }
    let Some(first) = each.first().map(|(_, a)| a.clone()) else {
        let text = app.nothing_selected();
        app.say(Level::Warning, text);
        return Vec::new();
    };
    let mut requests = Vec::new();
    let mut overrides = Vec::new();
    let mut refused = Vec::new();
    for (id, action) in &each {
        match prepare(app, id, action) {
            Ok((req, claim)) => {
                overrides.extend(claim);
                requests.push((id.clone(), req, action.name().to_string()));
            }
            Err(why) => refused.push(why),
        }
    }
    if !refused.is_empty() {
        app.say(Level::Warning, refused.join("; "));
    }
    if requests.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = requests.iter().map(|(id, ..)| id.to_string()).collect();
    let questions: Vec<String> = [
        app.marks_question(first.name().as_str()),
        needs_confirmation(&first, &ids, app.ui.lang),
        (!overrides.is_empty()).then(|| t!(app.ui.lang, "confirm-override", ids = overrides.join(", "))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let confirm_for = (!questions.is_empty()).then(|| questions.join(" "));
    match confirm_for {
        Some(question) => {
            let prompt = format!("{question} {}", t!(app.ui.lang, "confirm-yn"));
            app.open(Mode::Confirm(Pending {
                prompt,
                requests,
                on_yes: OnYes::Send,
            }));
            Vec::new()
        }
        None => send(app, requests),
    }
}

pub fn confirm(app: &mut App) -> Vec<Effect> {
    match std::mem::replace(&mut app.ui.mode, Mode::Normal) {
        Mode::Confirm(Pending {
            on_yes: OnYes::Quit { .. },
            ..
        }) => super::quit::quit(app),
        Mode::Confirm(p) if p.on_yes == OnYes::DropForm => {
            app.ui.intake = None;
            let text = t!(app.ui.lang, "call-dropped");
            app.say(Level::Info, text);
            Vec::new()
        }
        Mode::Confirm(p) => {
            app.close();
            send(app, p.requests)
        }
        other => {
            app.ui.mode = other;
            Vec::new()
        }
    }
}

pub(super) fn send(app: &mut App, requests: Vec<(ItemId, ActionRequest, String)>) -> Vec<Effect> {
    if requests.len() > 1 {
        let label = requests.first().map(|r| r.2.clone()).unwrap_or_default();
        app.ui.bulk = Some(Bulk {
            label,
            waiting: requests.len(),
            ..Bulk::default()
        });
        app.ui.marked.clear();
    } else {
        app.ui.bulk = None;
        // A single mark that was acted on is done with, as a bulk's are.
        if requests.iter().all(|(id, ..)| app.ui.marked.contains(id)) {
            app.ui.marked.clear();
        }
    }
    let n = requests.len();
    let effects: Vec<Effect> = requests
        .into_iter()
        .map(|(id, request, label)| Effect::Act { id, request, label })
        .collect();
    let text = t!(app.ui.lang, "sending-actions", n = n);
    app.say(Level::Info, text);
    effects
}
