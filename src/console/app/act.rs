//! Item actions from the console: checked against the role and state
//! locally (so forbidden ones are refused at once, with the reason), asked
//! for confirmation when far-reaching, then sent as effects.

use super::{App, Bulk, Conn, InputKind, InputLine, Level, Mode, Pending};
use crate::api::ActionRequest;
use crate::console::action::Action;
use crate::console::msg::Effect;
use crate::model::{Action as ItemAction, ActionName, Item, ItemId, allowed_actions, permits};

/// A key bound to an item action.
pub fn on_item_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(prefill) = action.verb_prefill() {
        app.mode = Mode::Input(InputLine::new(InputKind::Command, prefill));
        return Vec::new();
    }
    let item_action = match action {
        Action::Accept => ItemAction::Accept {},
        Action::Sign => ItemAction::Sign {},
        Action::VerifyPass => ItemAction::Verify {
            passed: true,
            note: String::new(),
        },
        Action::Escalate => ItemAction::Escalate {
            reason: String::new(),
        },
        Action::Resume => ItemAction::Resume {},
        Action::Claim => ItemAction::Claim {},
        Action::Release => ItemAction::Release {},
        Action::Clear => ItemAction::Clear {},
        Action::NoteEditor => return note_editor(app),
        _ => return Vec::new(),
    };
    request(app, item_action)
}

fn note_editor(app: &mut App) -> Vec<Effect> {
    match app.current().and_then(|id| find(app, id)) {
        Some(item) => vec![Effect::EditNote {
            id: item.id.clone(),
            version: item.version,
        }],
        None => {
            app.say(Level::Warning, "no item selected");
            Vec::new()
        }
    }
}

/// The item as the console knows it: the mirror's, or the open detail's
/// (closed items leave the mirror but can still be reopened from detail).
fn find<'a>(app: &'a App, id: &ItemId) -> Option<&'a Item> {
    app.mirror
        .items
        .get(id)
        .or_else(|| app.detail.as_ref().map(|d| &d.item.item).filter(|i| i.id == *id))
}

/// Does this action close or fold away the item, or act through a claim?
fn needs_confirmation(action: &ItemAction) -> Option<&'static str> {
    match action {
        ItemAction::Reject { .. } => Some("reject"),
        ItemAction::Merge { .. } => Some("merge"),
        ItemAction::Verify { passed: true, .. } => Some("verify and close"),
        _ => None,
    }
}

/// Why the console will not even send this, if it will not.
fn refusal(app: &App, item: &Item, name: ActionName) -> Option<String> {
    let role = app.role();
    if !permits(role, name) {
        return Some(format!("{name}: not available to a {role}"));
    }
    if !allowed_actions(item, role).contains(&name) {
        return Some(format!(
            "{name}: not allowed while {} is {}",
            item.id, item.status
        ));
    }
    None
}

/// Sends `action` to every target, after the local checks and, where it is
/// far-reaching, a confirmation.
pub fn request(app: &mut App, action: ItemAction) -> Vec<Effect> {
    if app.conn != Conn::Live {
        app.say(
            Level::Error,
            "offline: the action was not sent (it will not be queued); wait for live",
        );
        return Vec::new();
    }
    let targets = app.targets();
    if targets.is_empty() {
        app.say(Level::Warning, "no item selected");
        return Vec::new();
    }
    let name = action.name();
    let mut requests = Vec::new();
    let mut overrides = Vec::new();
    let mut refused = Vec::new();
    for id in &targets {
        let Some(item) = find(app, id) else {
            refused.push(format!("{id}: not loaded"));
            continue;
        };
        if let Some(why) = refusal(app, item, name) {
            refused.push(why);
            continue;
        }
        let mut req = ActionRequest::new(action.clone(), item.version);
        let other_claim = item.active_claim(app.now).filter(|c| c.owner != app.me.login);
        let harmless = matches!(name, ActionName::Note | ActionName::Link);
        if let Some(claim) = other_claim.filter(|_| !harmless) {
            if !app.role().may_override() {
                refused.push(format!(
                    "{id}: claimed by {} (ask them, or a supervisor)",
                    claim.owner
                ));
                continue;
            }
            req.override_claim = true;
            overrides.push(format!("{id} (claimed by {})", claim.owner));
        }
        requests.push((id.clone(), req, name.to_string()));
    }
    if !refused.is_empty() {
        app.say(Level::Warning, refused.join("; "));
    }
    if requests.is_empty() {
        return Vec::new();
    }
    let confirm_for = needs_confirmation(&action).map(str::to_owned).or_else(|| {
        (!overrides.is_empty()).then(|| format!("override the claim on {}", overrides.join(", ")))
    });
    match confirm_for {
        Some(what) => {
            let ids: Vec<String> = requests.iter().map(|(id, ..)| id.to_string()).collect();
            let prompt = format!("{what} {}? y/n", ids.join(", "));
            app.mode = Mode::Confirm(Pending { prompt, requests });
            Vec::new()
        }
        None => send(app, requests),
    }
}

pub fn confirm(app: &mut App) -> Vec<Effect> {
    match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::Confirm(p) => send(app, p.requests),
        other => {
            app.mode = other;
            Vec::new()
        }
    }
}

fn send(app: &mut App, requests: Vec<(ItemId, ActionRequest, String)>) -> Vec<Effect> {
    if requests.len() > 1 {
        let label = requests.first().map(|r| r.2.clone()).unwrap_or_default();
        app.bulk = Some(Bulk {
            label,
            waiting: requests.len(),
            ..Bulk::default()
        });
        app.marked.clear();
    } else {
        app.bulk = None;
    }
    let n = requests.len();
    let effects: Vec<Effect> = requests
        .into_iter()
        .map(|(id, request, label)| Effect::Act { id, request, label })
        .collect();
    app.say(
        Level::Info,
        format!("sending {n} action{}…", if n == 1 { "" } else { "s" }),
    );
    effects
}
