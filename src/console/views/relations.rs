//! The part of the detail that says how an item stands to the rest of the
//! work: why it went where it went, what it may duplicate, its storm, its
//! links, and what waits on a supervisor (designation, an extension).

use super::Glyphs;
use crate::console::action::Action;
use crate::console::app::App;
use crate::console::keymap::Context;
use crate::console::theme::{Role, Theme};
use crate::model::ActionName;
use crate::model::{Event, EventBody, Item, ItemId, LinkTarget};
use crate::present::i18n::tr;
use crate::present::labels;
use crate::t;
use ratatui::text::{Line, Span};

fn kv(key: &str, value: String, role: Role, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key} "), theme.style(Role::Muted)),
        Span::styled(value, theme.style(role)),
    ])
}

/// `TKT-0981 供热不热 (accepted)` when the console holds the item, else
/// the id alone (closed items leave the live mirror).
fn named(app: &App, id: &ItemId) -> String {
    let lang = app.ui.lang;
    match app.remote.mirror.items.get(id) {
        Some(i) => format!("{id} {} ({})", i.title, labels::status(lang, i.status)),
        None => format!("{id} ({})", t!(lang, "rel-not-open")),
    }
}

fn key(app: &App, action: &Action) -> Option<String> {
    app.ui.keymap.key_for(Context::Detail, action)
}

pub fn lines(
    item: &Item,
    app: &App,
    history: Option<&[Event]>,
    theme: &Theme,
    g: Glyphs,
) -> Vec<Line<'static>> {
    let lang = app.ui.lang;
    let mut out = Vec::new();
    if let Some(line) = routed(item, app, history) {
        out.push(kv(&t!(lang, "rel-routed"), line, Role::Text, theme));
    }
    if !item.returned_by.is_empty() {
        out.push(kv(
            &t!(lang, "rel-returned-by"),
            item.returned_by.join(", "),
            Role::Text,
            theme,
        ));
    }
    if item.designate {
        out.push(kv(g.designate, t!(lang, "rel-designate"), Role::Warning, theme));
    }
    if let Some(ext) = &item.extension {
        let keys = [
            key(app, &Action::verb(ActionName::ApproveExtension, ""))
                .map(|k| t!(lang, "rel-approves", key = k)),
            key(app, &Action::verb(ActionName::DenyExtension, "")).map(|k| t!(lang, "rel-denies", key = k)),
        ];
        let keys: Vec<String> = keys.into_iter().flatten().collect();
        let asked = t!(
            lang,
            "rel-extension-asked",
            extra = ext.extra.to_string(),
            who = ext.requested_by.as_str(),
            reason = ext.reason.as_str()
        );
        let text = format!("{asked}   {}", keys.join(", "));
        out.push(kv(&t!(lang, "rel-extension"), text, Role::Warning, theme));
    }
    if let Some(s) = item.satisfaction {
        out.push(kv(
            &t!(lang, "rel-callback"),
            tr(lang, &format!("satisfaction-{}", s.as_str())),
            Role::Text,
            theme,
        ));
    }
    // A merged or closed item has nothing left to merge.
    if item.status.is_open() {
        out.extend(duplicates(item, app, theme, g));
    }
    out.extend(storm(item, app, theme, g));
    out.extend(links(item, app, history, theme));
    out
}

/// Why it is where it is: the rule of the latest dispatch, or who did it.
fn routed(item: &Item, app: &App, history: Option<&[Event]>) -> Option<String> {
    let last = history?.iter().rev().find_map(|e| match &e.body {
        EventBody::Dispatched { department, rule, .. } => Some((department, rule, &e.actor)),
        _ => None,
    });
    let (code, rule, actor) = last?;
    let lang = app.ui.lang;
    let department = app.org_name(code).unwrap_or_else(|| code.clone());
    let now = if item.department.as_ref() == Some(code) {
        String::new()
    } else {
        format!(" ({})", t!(lang, "rel-since-returned"))
    };
    let routed = match rule {
        Some(rule) => t!(lang, "rel-routed-rule", department = department, rule = rule),
        None => t!(lang, "rel-routed-by", department = department, actor = actor),
    };
    Some(format!("{routed}{now}"))
}

fn duplicates(item: &Item, app: &App, theme: &Theme, g: Glyphs) -> Vec<Line<'static>> {
    let Some(first) = item
        .duplicates
        .iter()
        .find(|d| app.remote.mirror.items.contains_key(*d))
    else {
        return item
            .duplicates
            .iter()
            .map(|d| {
                kv(
                    g.dup,
                    t!(app.ui.lang, "rel-duplicate-closed", id = d.as_str()),
                    Role::Muted,
                    theme,
                )
            })
            .collect();
    };
    let mut out: Vec<Line<'static>> = item
        .duplicates
        .iter()
        .map(|d| {
            kv(
                g.dup,
                t!(app.ui.lang, "rel-duplicate", item = named(app, d)),
                Role::Warning,
                theme,
            )
        })
        .collect();
    if let Some(k) = key(app, &Action::MergeDuplicate) {
        out.push(Line::from(vec![
            Span::styled(format!("  {k}"), theme.style(Role::Key)),
            Span::styled(
                format!(
                    " {}",
                    t!(
                        app.ui.lang,
                        "rel-merges",
                        id = item.id.as_str(),
                        into = first.as_str()
                    )
                ),
                theme.style(Role::Muted),
            ),
        ]));
    }
    out
}

fn storm(item: &Item, app: &App, theme: &Theme, g: Glyphs) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(parent) = &item.parent {
        out.push(kv(
            &t!(app.ui.lang, "rel-storm"),
            t!(app.ui.lang, "rel-grouped-under", item = named(app, parent)),
            Role::Text,
            theme,
        ));
    }
    if !item.children.is_empty() {
        let open = item
            .children
            .iter()
            .filter(|c| app.remote.mirror.items.contains_key(*c))
            .count();
        let grouped = t!(
            app.ui.lang,
            "rel-grouped-here",
            n = item.children.len(),
            open = open
        );
        let text = format!("{}{grouped}", g.storm);
        out.push(kv(&t!(app.ui.lang, "rel-storm"), text, Role::Text, theme));
    }
    out
}

/// Links both ways: the server links both sides, and the item it was
/// raised from is named as such.
fn links(item: &Item, app: &App, history: Option<&[Event]>, theme: &Theme) -> Vec<Line<'static>> {
    let raised_from = history.and_then(|h| {
        h.iter().find_map(|e| match &e.body {
            EventBody::Created(c) => c.raised_from.clone(),
            _ => None,
        })
    });
    let lang = app.ui.lang;
    let mut out = Vec::new();
    for l in &item.links {
        let text = match l {
            LinkTarget::Item(id) if raised_from.as_ref() == Some(id) => {
                t!(lang, "rel-raised-from", item = named(app, id))
            }
            LinkTarget::Item(id) => named(app, id),
            LinkTarget::Emergency(s) => t!(lang, "rel-emergency", service = labels::service(lang, *s)),
        };
        out.push(kv(&t!(lang, "rel-link"), text, Role::Text, theme));
    }
    if !item.merged_from.is_empty() {
        let merged: Vec<String> = item.merged_from.iter().map(|i| i.to_string()).collect();
        out.push(kv(
            &t!(lang, "rel-merged-here"),
            merged.join(", "),
            Role::Text,
            theme,
        ));
    }
    if let Some(into) = &item.merged_into {
        out.push(kv(
            &t!(lang, "rel-merged-into"),
            named(app, into),
            Role::Text,
            theme,
        ));
    }
    out
}
