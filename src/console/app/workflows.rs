//! Workflows that take more than one plain action: merging a suggested
//! duplicate, raising an incident from an alert or ticket, and offering to
//! resolve what hangs off an item the operator just closed.

use super::act::{find, prepare, request_each};
use super::picker::{PickOption, Picker, Then};
use super::{App, InputKind, InputLine, Level, Mode, OnYes, Pending};
use crate::console::msg::Effect;
use crate::model::{Action as ItemAction, CreateItem, Item, ItemId, Kind, Outcome, Status, may_create};
use crate::t;

/// Merges each target into its first suggested duplicate that is still
/// open: the newer report folds into the older one, whose caller list then
/// holds both callers (what a call-taker does with a repeat call).
pub fn merge_duplicate(app: &mut App) -> Vec<Effect> {
    let mut each = Vec::new();
    let mut none = Vec::new();
    for id in app.targets() {
        let into = find(app, &id).and_then(|item| {
            item.duplicates
                .iter()
                .find(|d| app.remote.mirror.items.contains_key(*d))
                .cloned()
        });
        match into {
            Some(into) => each.push((id, ItemAction::Merge { into })),
            None => none.push(id.to_string()),
        }
    }
    if each.is_empty() {
        let which = if none.is_empty() {
            app.nothing_selected()
        } else {
            t!(app.ui.lang, "no-open-duplicate", ids = none.join(", "))
        };
        app.say(Level::Warning, which);
        return Vec::new();
    }
    request_each(app, each)
}

/// What the status line says when a merge went through.
pub fn merged_text(lang: crate::present::i18n::Lang, item: &Item) -> Option<String> {
    let into = item
        .merged_into
        .as_ref()
        .filter(|_| item.status == Status::Merged)?;
    Some(t!(
        lang,
        "merged-into",
        id = item.id.as_str(),
        into = into.as_str()
    ))
}

/// Is `code` an incident category? The server's taxonomy says; without it
/// the code's letter does (C = 数字城管 incidents).
pub fn is_incident_category(app: &App, code: &str) -> bool {
    match app.remote.directory.as_ref().filter(|d| !d.categories.is_empty()) {
        Some(dir) => dir
            .categories
            .iter()
            .any(|c| c.code == code && c.kind == Kind::Incident),
        None => code.starts_with('C'),
    }
}

/// Incident category codes for completion and the `:raise` prompt.
pub fn incident_categories(app: &App) -> Vec<String> {
    let Some(dir) = &app.remote.directory else {
        return Vec::new();
    };
    dir.categories
        .iter()
        .filter(|c| c.kind == Kind::Incident)
        .map(|c| c.code.clone())
        .collect()
}

/// Raises an incident from the selected alert or ticket: same place and
/// priority, the source's category when it is an incident category.
pub fn raise(app: &mut App, category: Option<String>, title: String) -> Vec<Effect> {
    let Some(source) = app.current().and_then(|id| find(app, id)).cloned() else {
        let text = t!(app.ui.lang, "raise-select");
        app.say(Level::Warning, text);
        return Vec::new();
    };
    if let Some(why) = raise_refusal(app, &source) {
        app.say(Level::Warning, why);
        return Vec::new();
    }
    let category =
        category.or_else(|| is_incident_category(app, &source.category).then(|| source.category.clone()));
    let Some(category) = category else {
        // Ask for the category rather than guess one: a picker with the
        // categories' names, or without the taxonomy the line with codes.
        if let Some(picker) = category_picker(app, &source, title.clone()) {
            app.open(Mode::Pick(picker));
            return Vec::new();
        }
        let mut line = InputLine::new(InputKind::Command, "raise ");
        line.candidates = incident_categories(app);
        line.candidates.insert(
            0,
            t!(
                app.ui.lang,
                "raise-pick-category",
                category = source.category.as_str()
            ),
        );
        app.open(Mode::Input(line));
        return Vec::new();
    };
    let title = if title.trim().is_empty() {
        source.title.clone()
    } else {
        title
    };
    let request = CreateItem {
        kind: Kind::Incident,
        category,
        title,
        description: source.description.clone(),
        priority: Some(source.priority),
        tier: None,
        place: source.place.clone(),
        fingerprint: None,
        caller: None,
        raised_from: Some(source.id.clone()),
        call_id: None,
    };
    let text = t!(app.ui.lang, "raise-sending", id = source.id.as_str());
    app.say(Level::Info, text);
    vec![Effect::Create {
        request: Box::new(request),
        label: t!(app.ui.lang, "raise-label", id = source.id.as_str()),
    }]
}

/// Incident categories with their names, for raising an incident from an
/// alert or ticket whose own category is not one; `None` without the
/// server's taxonomy (the `:` line then lists the codes).
fn category_picker(app: &App, source: &Item, title: String) -> Option<Picker> {
    let dir = app.remote.directory.as_ref()?;
    let options: Vec<PickOption> = dir
        .categories
        .iter()
        .filter(|c| c.kind == Kind::Incident)
        .map(|c| PickOption::new(&c.name, &c.code, &c.group))
        .collect();
    if options.is_empty() {
        return None;
    }
    let heading = t!(
        app.ui.lang,
        "raise-heading",
        id = source.id.as_str(),
        category = source.category.as_str()
    );
    Some(Picker::new(heading, Then::Raise { title }, options))
}

fn raise_refusal(app: &App, source: &Item) -> Option<String> {
    if app.session.conn != super::Conn::Live {
        return Some(t!(app.ui.lang, "raise-offline"));
    }
    if !may_create(app.role()) {
        return Some(t!(
            app.ui.lang,
            "raise-not-allowed",
            role = crate::present::labels::role(app.ui.lang, app.role())
        ));
    }
    if source.kind == Kind::Incident {
        return Some(t!(app.ui.lang, "raise-from-incident", id = source.id.as_str()));
    }
    (!source.status.is_open()).then(|| {
        let status = crate::present::labels::status(app.ui.lang, source.status);
        t!(
            app.ui.lang,
            "raise-from-closed",
            id = source.id.as_str(),
            status = status
        )
    })
}

/// Items hanging off a just-closed item that the operator may want to
/// resolve with it: an incident's linked items and storm children, a storm
/// parent alert's children. Only open items the console knows of.
fn hanging_off(app: &App, item: &Item, label: &str) -> Vec<ItemId> {
    let closed_incident = item.kind == Kind::Incident && label == "verify";
    let cleared_storm = item.kind == Kind::Alert && item.outcome == Some(Outcome::Cleared);
    if item.status != Status::Closed || !(closed_incident || cleared_storm) {
        return Vec::new();
    }
    let links = item.links.iter().filter_map(|l| match l {
        crate::model::LinkTarget::Item(id) if closed_incident => Some(id),
        _ => None,
    });
    let mut ids: Vec<ItemId> = Vec::new();
    for id in links.chain(&item.children) {
        if app.remote.mirror.items.contains_key(id) && !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    ids
}

/// How a linked item is closed along with `closed`, if it can be from its
/// state: an alert clears, work under way resolves, a ticket not yet
/// dispatched is answered.
fn closing_action(item: &Item, closed: &ItemId) -> Option<ItemAction> {
    let text = format!("与 {closed} 一并处置");
    match (item.kind, item.status) {
        (Kind::Alert, _) => Some(ItemAction::Clear {}),
        (_, Status::InProgress) => Some(ItemAction::Resolve { summary: text }),
        (Kind::Ticket, Status::New | Status::Accepted) => Some(ItemAction::Answer {
            answer: text,
            entry: None,
        }),
        _ => None,
    }
}

/// After the operator closed `item` from the console: offers to resolve
/// the open items linked to it or grouped under it.
pub fn offer_linked(app: &mut App, item: &Item, label: &str) {
    let ids = hanging_off(app, item, label);
    if ids.is_empty() || !matches!(app.ui.mode, Mode::Normal | Mode::Detail { .. }) {
        return;
    }
    let mut requests = Vec::new();
    let mut plan = Vec::new();
    let mut skipped = Vec::new();
    for id in ids {
        let Some(linked) = app.remote.mirror.items.get(&id) else {
            continue;
        };
        let Some(action) = closing_action(linked, &item.id) else {
            skipped.push(format!(
                "{id} {}",
                crate::present::labels::status(app.ui.lang, linked.status)
            ));
            continue;
        };
        match prepare(app, &id, &action) {
            Ok((req, _)) => {
                let verb = crate::model::verbs::Verb::of(action.name()).command;
                plan.push(format!(
                    "{id} {}",
                    crate::present::labels::verb(app.ui.lang, verb)
                ));
                let label = format!("{} (linked to {})", action.name(), item.id);
                requests.push((id, req, label));
            }
            Err(why) => skipped.push(why),
        }
    }
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        t!(app.ui.lang, "linked-skipped", ids = skipped.join(", "))
    };
    if requests.is_empty() {
        let text = t!(
            app.ui.lang,
            "linked-left-open",
            id = item.id.as_str(),
            skipped = skipped
        );
        app.say(Level::Info, text);
        return;
    }
    let n = requests.len();
    let prompt = t!(
        app.ui.lang,
        "linked-resolve-too",
        id = item.id.as_str(),
        n = n,
        plan = plan.join(", "),
        skipped = skipped
    );
    app.open(Mode::Confirm(Pending {
        prompt,
        requests,
        on_yes: OnYes::Send,
    }));
}
